//! An AWS CLI v2 command: `aws timestream-write write-records --database-name db --records
//! '[…]'`. Options map to the operation's members as botocore names them (`--resource-arn` →
//! `ResourceARN`); a value is JSON when it starts with `{` or `[`, the CLI's shorthand otherwise
//! (`shorthand.rs`); lists of scalars take several words (`--tag-keys a b`); `--cli-input-json`
//! gives the members that options do not. Global options (`--region`, `--profile`, `--debug`, …)
//! are skipped. Values read from a file (`file://`) cannot be converted: the note says so.

use super::convert::Attempt;
use super::shell::{words, Word};
use super::shorthand;
use super::Source;
use crate::code::literal::{insert, Dialect, Feature, Features, Reader, SyntaxError};
use crate::code::{split_words, xform_name, Json};
use crate::validate::model::{tree, NodeId, OpTree, Ty};
use crate::Operation;

/// Global options that take a value.
const GLOBAL_WITH_VALUE: &[&str] =
    &["region", "profile", "endpoint-url", "output", "query", "cli-read-timeout", "cli-connect-timeout", "color", "ca-bundle", "cli-binary-format"];
/// Global options without a value.
const GLOBAL_FLAGS: &[&str] = &["debug", "no-verify-ssl", "no-paginate", "no-cli-pager", "no-sign-request", "cli-auto-prompt", "no-cli-auto-prompt"];

/// The command at byte `start`, when its first word is `aws`; `None` for other text.
pub(super) fn convert(text: &str, start: usize) -> Option<Attempt> {
    let rest = text[start..].strip_prefix("$ ").unwrap_or(&text[start..]);
    if !(rest.starts_with("aws") && rest[3..].starts_with(|c: char| c.is_whitespace() || c == '\\')) && rest.trim() != "aws" {
        return None;
    }
    let mut a = Attempt { source: Source::AwsCli, spelled: String::new(), operation: None, features: Features::default(), result: Ok(Json::Null) };
    a.result = command(text, start, &mut a);
    Some(a)
}

fn command(text: &str, start: usize, a: &mut Attempt) -> Result<Json, SyntaxError> {
    let words = words(text, start)?;
    let mut i = usize::from(words.first().is_some_and(|w| w.text == "$")) + 1;
    let end = words.last().map_or(text.len(), |w| w.source(w.text.len().saturating_sub(1)) + 1);
    let at_end = || SyntaxError { at: end, message: "the command names no operation: expected `timestream-write <operation>`".into() };
    // Global options before the service.
    while let Some(w) = words.get(i).filter(|w| w.text.starts_with("--")) {
        i += if GLOBAL_WITH_VALUE.contains(&&w.text[2..]) { 2 } else { 1 };
    }
    let service = words.get(i).ok_or_else(at_end)?;
    if service.text != "timestream-write" {
        let why = if service.text == "timestream-query" {
            "a Timestream Query command: this emulates Timestream Write (`aws timestream-write …`)".to_string()
        } else {
            format!("`{}` is not the Timestream Write service (`aws timestream-write …`)", service.text)
        };
        return Err(SyntaxError { at: service.start(), message: why });
    }
    let op_word = words.get(i + 1).ok_or_else(at_end)?;
    let Some(op) = Operation::ALL.iter().copied().find(|op| split_words(op.name(), '-') == op_word.text) else {
        return Err(SyntaxError { at: op_word.start(), message: format!("`{}` is not an operation of timestream-write", op_word.text) });
    };
    (a.operation, a.spelled) = (Some(op), op_word.text.clone());
    options(&words[i + 2..], tree(op), &op_word.text, &mut a.features)
}

/// The options after the operation, as the request's members.
fn options(words: &[Word], t: &OpTree, op: &str, features: &mut Features) -> Result<Json, SyntaxError> {
    let mut input: Vec<(String, Json)> = Vec::new();
    let mut given: Vec<(String, Json)> = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let Some(option) = w.text.strip_prefix("--") else {
            return Err(SyntaxError { at: w.start(), message: format!("`{}` is not an option (options start with --)", w.text) });
        };
        // `--name=value` is one word; else the values are the words up to the next option.
        let (name, inline) = option.split_once('=').map_or((option, None), |(n, v)| (n, Some(v)));
        let mut values: Vec<Word> = Vec::new();
        if inline.is_some() {
            values.push(w.tail(3 + name.len()));
        }
        i += 1;
        while let Some(v) = words.get(i).filter(|v| !v.text.starts_with("--")) {
            values.push(v.clone());
            i += 1;
        }
        if GLOBAL_FLAGS.contains(&name) {
            continue;
        }
        if GLOBAL_WITH_VALUE.contains(&name) {
            continue;
        }
        match name {
            "cli-input-json" => {
                let v = one(&values, w, name)?;
                features.add(Feature::CliInputJson);
                match json(v, features)? {
                    Json::Object(members) => members.into_iter().for_each(|(k, v)| insert(&mut input, k, v)),
                    _ => return Err(SyntaxError { at: v.start(), message: "--cli-input-json takes a JSON object".into() }),
                }
            }
            "cli-input-yaml" => return Err(SyntaxError { at: w.start(), message: "--cli-input-yaml cannot be converted: use --cli-input-json".into() }),
            "generate-cli-skeleton" => {
                return Err(SyntaxError { at: w.start(), message: "--generate-cli-skeleton prints a template and sends no request".into() })
            }
            _ => {
                let (id, negated) = member_option(t, name).ok_or_else(|| {
                    let names: Vec<String> = t.root().children.iter().map(|&c| format!("--{}", xform_name(&t.nodes[c].name, '-'))).collect();
                    SyntaxError { at: w.start(), message: format!("{op} has no option --{name} (its options: {})", names.join(", ")) }
                })?;
                let member = t.nodes[id].name.clone();
                if given.iter().any(|(k, _)| *k == member) {
                    return Err(SyntaxError { at: w.start(), message: format!("--{name} is given twice") });
                }
                features.add(Feature::Options);
                let value = option_value(t, id, negated, &values, w, features)?;
                given.push((member, value));
            }
        }
    }
    given.into_iter().for_each(|(k, v)| insert(&mut input, k, v));
    Ok(Json::Object(input))
}

/// The member an option names, and whether it is the `--no-` form of a boolean.
fn member_option(t: &OpTree, name: &str) -> Option<(NodeId, bool)> {
    let find = |n: &str| t.root().children.iter().copied().find(|&c| xform_name(&t.nodes[c].name, '-') == n);
    if let Some(id) = find(name) {
        return Some((id, false));
    }
    let id = find(name.strip_prefix("no-")?)?;
    (t.nodes[id].ty == Ty::Boolean).then_some((id, true))
}

fn one<'w>(values: &'w [Word], option: &Word, name: &str) -> Result<&'w Word, SyntaxError> {
    match values {
        [v] => not_a_file(v).map(|_| v),
        [] => Err(SyntaxError { at: option.start(), message: format!("--{name} needs a value") }),
        [_, extra, ..] => Err(SyntaxError { at: extra.start(), message: format!("--{name} takes one value (quote a value that has spaces)") }),
    }
}

fn not_a_file(v: &Word) -> Result<(), SyntaxError> {
    match ["file://", "fileb://"].iter().find(|p| v.text.starts_with(**p)) {
        Some(p) => Err(SyntaxError {
            at: v.start(),
            message: format!("the CLI reads this value from the file {}: paste the file's content instead ({p} cannot be read here)", &v.text[p.len()..]),
        }),
        None => Ok(()),
    }
}

/// JSON in a word (the CLI's own parser is strict JSON).
fn json(v: &Word, features: &mut Features) -> Result<Json, SyntaxError> {
    let mut r = Reader::new(&v.text, 0, Dialect::JSON);
    let value = r.value().and_then(|value| {
        r.skip_space();
        if r.pos < v.text.len() {
            return r.error(r.pos, format!("expected the end of the JSON value, found {}", r.found()));
        }
        Ok(value)
    });
    features.union(r.features);
    value.map_err(|e| SyntaxError { at: v.source(e.at), message: e.message })
}

fn option_value(t: &OpTree, id: NodeId, negated: bool, values: &[Word], option: &Word, features: &mut Features) -> Result<Json, SyntaxError> {
    let node = &t.nodes[id];
    let name = &option.text[2..];
    let looks_json = |w: &Word| w.text.trim_start().starts_with(['{', '[']);
    let shorthand = |w: &Word, features: &mut Features, id: NodeId| {
        features.add(Feature::Shorthand);
        shorthand::parse(&w.text, t, id).map_err(|e| SyntaxError { at: w.source(e.at), message: e.message })
    };
    match node.ty {
        Ty::Boolean if values.is_empty() => Ok(Json::Bool(!negated)),
        Ty::Boolean => Err(SyntaxError { at: values[0].start(), message: format!("--{name} takes no value (--{name} or --no-{name})") }),
        Ty::String | Ty::Integer | Ty::Long => {
            let v = one(values, option, name)?;
            shorthand::scalar(&v.text, t, id).map_err(|message| SyntaxError { at: v.start(), message })
        }
        Ty::Structure => {
            let v = one(values, option, name)?;
            if looks_json(v) {
                json(v, features)
            } else {
                shorthand(v, features, id)
            }
        }
        Ty::List => {
            let Some(item) = node.item else { return Ok(Json::Array(Vec::new())) };
            if let [v] = values {
                not_a_file(v)?;
                if v.text.trim_start().starts_with('[') {
                    return json(v, features);
                }
            }
            if values.is_empty() {
                return Err(SyntaxError { at: option.start(), message: format!("--{name} needs a value") });
            }
            let mut items = Vec::new();
            for v in values {
                not_a_file(v)?;
                match (&t.nodes[item].ty, looks_json(v)) {
                    (Ty::Structure | Ty::List, true) => items.push(json(v, features)?),
                    (Ty::Structure | Ty::List, false) => items.push(shorthand(v, features, item)?),
                    // `a,b` is two items, as the CLI splits it.
                    _ => match shorthand(v, features, id)? {
                        Json::Array(more) => items.extend(more),
                        other => items.push(other),
                    },
                }
            }
            Ok(Json::Array(items))
        }
    }
}
