//! The functions of a shipped wasm module put in an order that gzip compresses better: each next
//! function is the one that most resembles what gzip still sees (its 32 KiB window).
//!
//! gzip finds repeats only within the last 32 KiB it has read. wasm-opt leaves functions in an
//! order of its own (by how often each is called), so near-identical bodies (serde's readers of
//! similar structs, Yew's views, the drop glue of similar types) often sit too far apart to be
//! seen as repeats. xz, whose window is the whole file, packs the same module 22 % smaller than
//! gzip -9. Putting like next to like recovers part of that: about 23 KB of gzip on the
//! playground's module (docs/benchmarks.md, "Functions ordered for gzip").
//!
//! Only the order changes: every body is the same instructions, and every reference to a function
//! (calls, the table's elements, exports, `ref.func`) is renumbered to match
//! ([`wasm_encoder::reencode`]). The result is validated before it is written. Indices of
//! defined functions start after the imports, and wasm-opt puts the most called functions first
//! so that calls to them take one byte of index. The playground's module has 217 imports, so
//! every call already takes two and its raw size does not change; in the npm package's module
//! (4 imports) the new order makes the raw module 153 B smaller all the same, and keeping
//! wasm-opt's first 124 functions where they were cost 8.7 KB of the 10.6 KB of gzip gained.

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use wasm_encoder::reencode::{self, Reencode};
use wasmparser::{CodeSectionReader, FunctionBody, FunctionSectionReader, Parser, Payload};

/// Length of the byte strings compared between bodies (gzip's shortest useful match is 3 bytes,
/// a short instruction 1 to 3).
const SHINGLE: usize = 6;
/// gzip's window.
const WINDOW: usize = 32 * 1024;
/// A body's score is the weight of the byte strings it shares with the window over the weight of
/// all its strings to this power: a little below 1, so a long body that shares much is not passed
/// over for a short one that shares a larger fraction. A string's weight is one over the square
/// root of the number of bodies that hold it: a rare string in the window is a match gzip would
/// otherwise miss, a common one is in the window whatever comes next. (Measured on the
/// playground's module: power 0.6 and these weights compress best of the settings tried, 1.2 KB
/// better than counting every string alike.)
const LENGTH_POWER: f64 = 0.6;

/// Reorders the functions of the wasm file at `path` in place; returns its gzip size before and
/// after.
pub fn file(path: &Path) -> Result<(u64, u64), String> {
    let wasm = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let before = crate::sh::gzip_size(path).ok_or_else(|| format!("cannot gzip {}", path.display()))?;
    let ordered = reorder(&wasm).map_err(|e| format!("cannot order the functions of {}: {e}", path.display()))?;
    std::fs::write(path, &ordered).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let after = crate::sh::gzip_size(path).ok_or_else(|| format!("cannot gzip {}", path.display()))?;
    Ok((before, after))
}

/// `wasm` with its defined functions in [`similarity_order`].
pub fn reorder(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let (_, bodies) = function_bodies(wasm)?;
    permute(wasm, &similarity_order(&bodies))
}

/// The number of imported functions and the bytes of each defined function's body.
fn function_bodies(wasm: &[u8]) -> Result<(u32, Vec<&[u8]>), String> {
    let mut imports = 0;
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    if matches!(import.map_err(|e| e.to_string())?.ty, wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)) {
                        imports += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let r = body.range();
                bodies.push(&wasm[r.start as usize..r.end as usize]);
            }
            Payload::CustomSection(c) if c.name() == "name" => {
                return Err("it has a name section (order the functions of a stripped module)".into());
            }
            _ => {}
        }
    }
    Ok((imports, bodies))
}

/// An order of `bodies` (indices into it) in which each next body is the one that shares the most
/// byte strings with the bodies in the last [`WINDOW`] bytes, for its length (weighed as
/// [`LENGTH_POWER`] says); when none shares any, the first body not yet placed. Deterministic.
pub fn similarity_order(bodies: &[&[u8]]) -> Vec<usize> {
    let n = bodies.len();
    // Each body's distinct byte strings, numbered, and the bodies that hold each.
    let mut ids: HashMap<&[u8], u32> = HashMap::new();
    let mut holders: Vec<Vec<u32>> = Vec::new();
    let strings: Vec<Vec<u32>> = bodies
        .iter()
        .enumerate()
        .map(|(f, body)| {
            let mut own: Vec<u32> = body
                .windows(SHINGLE)
                .map(|w| {
                    *ids.entry(w).or_insert_with(|| {
                        holders.push(Vec::new());
                        (holders.len() - 1) as u32
                    })
                })
                .collect();
            own.sort_unstable();
            own.dedup();
            for &s in &own {
                holders[s as usize].push(f as u32);
            }
            own
        })
        .collect();
    let weight: Vec<f64> = holders.iter().map(|h| 1.0 / (h.len() as f64).sqrt()).collect();
    let size: Vec<f64> = strings.iter().map(|own| own.iter().map(|&s| weight[s as usize]).sum::<f64>().powf(LENGTH_POWER)).collect();
    let mut in_window = vec![0u32; holders.len()];
    let mut shared = vec![0.0f64; n];
    let mut placed = vec![false; n];
    let mut window: VecDeque<usize> = VecDeque::new();
    let mut window_bytes = 0;
    let mut next_unplaced = 0;
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let mut best = None;
        let mut best_score = 0.0;
        for f in 0..n {
            if placed[f] || shared[f] <= 1e-9 {
                continue;
            }
            let score = shared[f] / size[f];
            if score > best_score {
                best_score = score;
                best = Some(f);
            }
        }
        // When none shares a string with the window: the first body left, in the given order.
        let f = best.unwrap_or_else(|| {
            while placed[next_unplaced] {
                next_unplaced += 1;
            }
            next_unplaced
        });
        placed[f] = true;
        order.push(f);
        for &s in &strings[f] {
            in_window[s as usize] += 1;
            if in_window[s as usize] == 1 {
                for &g in &holders[s as usize] {
                    shared[g as usize] += weight[s as usize];
                }
            }
        }
        window.push_back(f);
        window_bytes += bodies[f].len();
        while window_bytes > WINDOW && window.len() > 1 {
            let old = window.pop_front().expect("the window holds more than one body");
            window_bytes -= bodies[old].len();
            for &s in &strings[old] {
                in_window[s as usize] -= 1;
                if in_window[s as usize] == 0 {
                    for &g in &holders[s as usize] {
                        shared[g as usize] -= weight[s as usize];
                    }
                }
            }
        }
    }
    order
}

/// `wasm` with defined function `order[k]` (0 = the first defined function) moved to position
/// `k`, every reference renumbered, validated.
pub fn permute(wasm: &[u8], order: &[usize]) -> Result<Vec<u8>, String> {
    let (imports, bodies) = function_bodies(wasm)?;
    if order.len() != bodies.len() {
        return Err(format!("the order places {} functions, the module has {}", order.len(), bodies.len()));
    }
    let mut new_index = vec![u32::MAX; order.len()];
    for (k, &f) in order.iter().enumerate() {
        let slot = new_index.get_mut(f).ok_or_else(|| format!("function {f} is not in the module"))?;
        if *slot != u32::MAX {
            return Err(format!("function {f} is placed twice"));
        }
        *slot = k as u32;
    }
    reencode(&mut Permute { imports, new_index, order }, wasm)
}

/// `wasm` written again through `reencoder` (which changes what it overrides and copies the
/// rest), then validated: the one way xtask rewrites a shipped module (here and in
/// [`crate::imports`]).
pub fn reencode(reencoder: &mut impl Reencode<Error = String>, wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut module = wasm_encoder::Module::new();
    reencoder.parse_core_module(&mut module, Parser::new(0), wasm).map_err(|e| format!("{e:?}"))?;
    let out = module.finish();
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&out)
        .map_err(|e| format!("the rewritten module does not validate: {e}"))?;
    Ok(out)
}

struct Permute<'a> {
    imports: u32,
    /// Defined function → its new position.
    new_index: Vec<u32>,
    /// New position → defined function.
    order: &'a [usize],
}

impl Reencode for Permute<'_> {
    type Error = String;

    fn function_index(&mut self, func: u32) -> Result<u32, reencode::Error<String>> {
        if func < self.imports {
            return Ok(func);
        }
        let own = self.new_index.get((func - self.imports) as usize);
        own.map(|k| k + self.imports).ok_or_else(|| reencode::Error::UserError(format!("no function {func}")))
    }

    fn parse_function_section(
        &mut self,
        functions: &mut wasm_encoder::FunctionSection,
        section: FunctionSectionReader<'_>,
    ) -> Result<(), reencode::Error<String>> {
        let types = section.into_iter().collect::<Result<Vec<u32>, _>>()?;
        for &f in self.order {
            let ty = *types.get(f).ok_or_else(|| reencode::Error::UserError(format!("no type for function {f}")))?;
            functions.function(self.type_index(ty)?);
        }
        Ok(())
    }

    fn parse_code_section(&mut self, code: &mut wasm_encoder::CodeSection, section: CodeSectionReader<'_>) -> Result<(), reencode::Error<String>> {
        let bodies = section.into_iter().collect::<Result<Vec<FunctionBody<'_>>, _>>()?;
        for &f in self.order {
            let body = bodies.get(f).ok_or_else(|| reencode::Error::UserError(format!("no body for function {f}")))?;
            self.parse_function_body(code, body.clone())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{CodeSection, ExportKind, ExportSection, Function, FunctionSection, ImportSection, Instruction, Module, TypeSection};

    /// A module with an imported function and four defined ones, each calling the next and the
    /// import, the last exported: enough to see every reference renumbered.
    fn module() -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        types.ty().function([wasm_encoder::ValType::I32], [wasm_encoder::ValType::I32]);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import("env", "f", wasm_encoder::EntityType::Function(0));
        m.section(&imports);
        let mut funcs = FunctionSection::new();
        for k in 0..4 {
            funcs.function(k % 2);
        }
        m.section(&funcs);
        let mut exports = ExportSection::new();
        exports.export("last", ExportKind::Func, 4);
        exports.export("first", ExportKind::Func, 1);
        m.section(&exports);
        let mut code = CodeSection::new();
        for k in 0..4u32 {
            let mut f = Function::new([]);
            f.instruction(&Instruction::I32Const(k as i32 * 1000));
            f.instruction(&Instruction::Drop);
            f.instruction(&Instruction::Call(0));
            if k < 3 && (k + 1) % 2 == 1 {
                f.instruction(&Instruction::Call(k + 2));
            }
            if k < 3 && (k + 1) % 2 == 0 {
                f.instruction(&Instruction::Drop);
                f.instruction(&Instruction::Call(k + 2));
            }
            f.instruction(&Instruction::End);
            code.function(&f);
        }
        m.section(&code);
        m.finish()
    }

    /// For each export, the constants of the bodies it reaches by following calls to defined
    /// functions: each body's constants are its own, so this names the bodies by content.
    fn traces(wasm: &[u8]) -> Vec<(String, Vec<i32>)> {
        let (imports, bodies) = function_bodies(wasm).unwrap();
        let mut out = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            let Payload::ExportSection(exports) = payload.unwrap() else { continue };
            for e in exports {
                let e = e.unwrap();
                let (mut at, mut trace) = (Some(e.index), Vec::new());
                while let Some(f) = at.filter(|&f| f >= imports && trace.len() < 20) {
                    at = None;
                    let body = FunctionBody::new(wasmparser::BinaryReader::new(bodies[(f - imports) as usize], 0));
                    let mut ops = body.get_operators_reader().unwrap();
                    while !ops.eof() {
                        match ops.read().unwrap() {
                            wasmparser::Operator::Call { function_index } if function_index >= imports => at = Some(function_index),
                            wasmparser::Operator::I32Const { value } => trace.push(value),
                            _ => {}
                        }
                    }
                }
                out.push((e.name.to_string(), trace));
            }
        }
        out
    }

    #[test]
    fn a_permutation_keeps_every_reference_and_its_inverse_gives_the_module_back() {
        let wasm = module();
        let order = [2, 0, 3, 1];
        let moved = permute(&wasm, &order).unwrap();
        assert_ne!(moved, wasm);
        let want = traces(&wasm);
        assert_eq!(want[0], ("last".to_string(), vec![3000]));
        assert_eq!(want[1], ("first".to_string(), vec![0, 1000, 2000, 3000]));
        assert_eq!(traces(&moved), want, "each export reaches the same bodies in the same order");
        let mut inverse = [0; 4];
        for (k, &f) in order.iter().enumerate() {
            inverse[f] = k;
        }
        assert_eq!(permute(&moved, &inverse).unwrap(), wasm);
        assert_eq!(permute(&wasm, &[0, 1, 2, 3]).unwrap(), wasm, "re-encoding in the same order changes nothing");
    }

    #[test]
    fn an_order_that_is_no_permutation_is_refused() {
        let wasm = module();
        assert!(permute(&wasm, &[0, 0, 1, 2]).unwrap_err().contains("placed twice"));
        assert!(permute(&wasm, &[0, 1, 2]).unwrap_err().contains("places 3 functions, the module has 4"));
        assert!(permute(&wasm, &[0, 1, 2, 9]).unwrap_err().contains("not in the module"));
    }

    #[test]
    fn like_bodies_are_placed_together() {
        let a: Vec<u8> = (0..200u8).collect();
        let b: Vec<u8> = (0..200u8).map(|x| x.wrapping_mul(7).wrapping_add(3)).collect();
        let a2: Vec<u8> = a.iter().map(|&x| if x == 100 { 0 } else { x }).collect();
        let b2: Vec<u8> = b.iter().map(|&x| if x == 5 { 1 } else { x }).collect();
        let bodies: Vec<&[u8]> = vec![&a, &b, &a2, &b2];
        let order = similarity_order(&bodies);
        let at = |f: usize| order.iter().position(|&x| x == f).unwrap();
        assert_eq!(at(0).abs_diff(at(2)), 1, "{order:?}");
        assert_eq!(at(1).abs_diff(at(3)), 1, "{order:?}");
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 2, 3]);
    }

    #[test]
    fn a_module_with_names_is_refused() {
        let mut wasm = module();
        let mut names = wasm_encoder::NameSection::new();
        names.module("m");
        let mut m = Module::new();
        m.section(&names);
        wasm.extend_from_slice(&m.finish()[8..]);
        assert!(reorder(&wasm).unwrap_err().contains("name section"));
    }
}
