//! Short names for the functions a shipped wasm module imports from its wasm-bindgen glue.
//!
//! wasm-bindgen names each import after the JS it calls and a hash of its signature
//! (`__wbg_addEventListener_6b6c5e3f1a2b3c4d`): 217 names in the playground's module, 13.6 KB in
//! its import section and the same names again as the keys of the glue's import object. The hashes
//! are 16 hex digits that gzip cannot shrink. [`shorten`] renames each import to a short name
//! (`a`, `b`, … `ba`, …) in the module and in the glue, the only two places a name is written:
//! 6.2 KB of gzip less in all (docs/benchmarks.md, "Short import names").
//!
//! A name is renamed only if its module is one the glue provides (its import object names it) and
//! the name occurs exactly once in the glue as a whole word (the key of its function); any other
//! is left as it is, so nothing the glue reads by another spelling can break. The module is
//! validated after.

use std::collections::HashMap;
use std::path::Path;

use wasm_encoder::reencode::{self, Reencode};
use wasmparser::{Parser, Payload};

/// Renames the imports of each `X_bg.wasm` of `dir` and the keys of `X.js`; returns, per module,
/// (names renamed, names kept).
pub fn dir(dir: &Path) -> Result<Vec<(String, usize, usize)>, String> {
    let mut done = Vec::new();
    for wasm_path in crate::sh::files_with_extension(dir, &["wasm"])? {
        let name = wasm_path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some(stem) = name.strip_suffix("_bg.wasm") else { continue };
        let js_path = dir.join(format!("{stem}.js"));
        let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
        let js = String::from_utf8(read(&js_path)?).map_err(|_| format!("{} is not UTF-8", js_path.display()))?;
        let (wasm, js, renamed, kept) = shorten(&read(&wasm_path)?, &js).map_err(|e| format!("{name}: {e}"))?;
        let write = |p: &Path, b: &[u8]| std::fs::write(p, b).map_err(|e| format!("cannot write {}: {e}", p.display()));
        write(&wasm_path, &wasm)?;
        write(&js_path, js.as_bytes())?;
        done.push((name, renamed, kept));
    }
    Ok(done)
}

/// `wasm` and its glue `js` with short import names: (module, glue, names renamed, names kept).
pub fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String, usize, usize), String> {
    let mut names = HashMap::new();
    let mut kept = 0;
    for (module, name) in imports(wasm)? {
        // Only what the glue itself provides: its import object names the module.
        let provided = js.contains(&format!("\"{module}\""));
        let at = word_positions(js, &name);
        if provided && at.len() == 1 && !names.contains_key(&name) {
            let short = short_name(names.len());
            names.insert(name, (short, at[0]));
        } else {
            kept += 1;
        }
    }
    let out = crate::order::reencode(&mut Rename { names: &names }, wasm)?;
    // The glue, each name replaced where it stands (from the last, so positions hold).
    let mut edits: Vec<(usize, &str, &str)> = names.iter().map(|(old, (short, at))| (*at, old.as_str(), short.as_str())).collect();
    edits.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
    let mut glue = js.to_string();
    for (at, old, short) in edits {
        glue.replace_range(at..at + old.len(), short);
    }
    Ok((out, glue, names.len(), kept))
}

/// (module, name) of each of the module's function imports.
fn imports(wasm: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                    names.push((import.module.to_string(), import.name.to_string()));
                }
            }
        }
    }
    Ok(names)
}

/// Where `name` stands in `js` as a whole word (not inside a longer identifier).
fn word_positions(js: &str, name: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    js.match_indices(name).map(|(at, _)| at).filter(|&at| !word(js[..at].chars().next_back()) && !word(js[at + name.len()..].chars().next())).collect()
}

/// The `n`th short name: `a` … `z`, `ba` … `bz`, … (base 26 in letters, so no two are alike). The
/// glue writes them as object keys, where even a reserved word (`do`, `if`) is a valid name.
fn short_name(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

struct Rename<'a> {
    /// Old name → (short name, where it stands in the glue).
    names: &'a HashMap<String, (String, usize)>,
}

impl Reencode for Rename<'_> {
    type Error = String;

    fn parse_imports(&mut self, section: &mut wasm_encoder::ImportSection, imports: wasmparser::Imports<'_>) -> Result<(), reencode::Error<String>> {
        let wasmparser::Imports::Single(_, import) = imports else {
            return reencode::utils::parse_imports(self, section, imports);
        };
        let name = self.names.get(import.name).map_or(import.name, |(short, _)| short.as_str());
        section.import(import.module, name, self.entity_type(import.ty)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection, Instruction, Module, TypeSection};

    /// Three imported functions (the last also named in a comment of the glue, so kept), one
    /// defined function calling each, exported.
    fn module() -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut imports = ImportSection::new();
        for name in ["__wbg_log_0123456789abcdef", "__wbg_now_fedcba9876543210", "__wbindgen_init_externref_table"] {
            imports.import("./app_bg.js", name, EntityType::Function(0));
        }
        m.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        m.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 3);
        m.section(&exports);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        for i in 0..3 {
            f.instruction(&Instruction::Call(i));
        }
        f.instruction(&Instruction::End);
        code.function(&f);
        m.section(&code);
        m.finish()
    }

    fn code(wasm: &[u8]) -> Vec<u8> {
        let range = Parser::new(0).parse_all(wasm).find_map(|p| match p.unwrap() {
            Payload::CodeSectionStart { unchecked_range, .. } => Some(unchecked_range.start as usize..unchecked_range.end as usize),
            _ => None,
        });
        wasm[range.unwrap()].to_vec()
    }

    const GLUE: &str = "const imports = { \"./app_bg.js\": { __wbg_log_0123456789abcdef: function(){ calls.push('log') }, \
        __wbg_now_fedcba9876543210: function(){ calls.push('now') }, \
        __wbindgen_init_externref_table: function(){} } }; // __wbindgen_init_externref_table sets up the table";

    #[test]
    fn imports_get_short_names_in_the_module_and_the_glue() {
        let (wasm, glue, renamed, kept) = shorten(&module(), GLUE).unwrap();
        assert_eq!((renamed, kept), (2, 1));
        let names: Vec<String> = imports(&wasm).unwrap().into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["a", "b", "__wbindgen_init_externref_table"]);
        assert_eq!(
            glue,
            "const imports = { \"./app_bg.js\": { a: function(){ calls.push('log') }, b: function(){ calls.push('now') }, \
             __wbindgen_init_externref_table: function(){} } }; // __wbindgen_init_externref_table sets up the table"
        );
        // The code is as it was, byte for byte.
        assert_eq!(code(&wasm), code(&module()));
        assert!(wasm.len() < module().len());
    }

    #[test]
    fn a_name_inside_a_longer_word_is_not_a_match() {
        assert_eq!(word_positions("x__wbg_a_1 __wbg_a_1: __wbg_a_12 $__wbg_a_1", "__wbg_a_1"), [11]);
        let (_, glue, renamed, kept) = shorten(&module(), "\"./app_bg.js\" __wbg_log_0123456789abcdefX: __wbg_now_fedcba9876543210:").unwrap();
        assert_eq!((renamed, kept), (1, 2));
        assert_eq!(glue, "\"./app_bg.js\" __wbg_log_0123456789abcdefX: a:");
    }

    #[test]
    fn imports_of_a_module_the_glue_does_not_provide_keep_their_names() {
        let (wasm, glue, renamed, kept) = shorten(&module(), "\"./other.js\" __wbg_log_0123456789abcdef: __wbg_now_fedcba9876543210:").unwrap();
        assert_eq!((renamed, kept), (0, 3));
        assert_eq!(glue, "\"./other.js\" __wbg_log_0123456789abcdef: __wbg_now_fedcba9876543210:");
        assert_eq!(wasm, module());
    }

    #[test]
    fn short_names_are_distinct() {
        let names: Vec<String> = (0..26 * 27).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[25].as_str(), names[26].as_str(), names[27].as_str()), ("a", "z", "ba", "bb"));
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }
}
