//! A boto3 call: `client.write_records(DatabaseName='db', Records=[…])`, the members as keyword
//! arguments, `**{…}` or `**request` (a variable assigned a dict earlier in the text). What
//! comes before the call (imports, the client, assignments) and after it is not read.

use super::convert::Call;
use crate::code::literal::{insert, Feature, Reader, SyntaxError};
use crate::code::{split_words, Json};
use crate::Operation;

/// The first `.<operation in snake case>(` of the text.
pub(super) fn find(text: &str) -> Option<Call> {
    Operation::ALL
        .iter()
        .filter_map(|&op| {
            let name = split_words(op.name(), '_');
            let open = find_call(text, &name, |before| before == b'.')?;
            Some((op, name, open))
        })
        .min_by_key(|(_, _, open)| *open)
}

/// The byte of the `(` of the first call of `name` whose preceding byte passes `before` (and that
/// is not the tail of a longer name).
pub(super) fn find_call(text: &str, name: &str, before: impl Fn(u8) -> bool) -> Option<usize> {
    let b = text.as_bytes();
    for (at, _) in text.match_indices(name) {
        if at == 0 || !before(b[at - 1]) {
            continue;
        }
        let mut end = at + name.len();
        while b.get(end).is_some_and(|c| *c == b' ' || *c == b'\t') {
            end += 1;
        }
        if b.get(end) == Some(&b'(') {
            return Some(end);
        }
    }
    None
}

/// Keyword arguments up to the closing `)`.
pub(super) fn arguments(r: &mut Reader) -> Result<Json, SyntaxError> {
    let mut members: Vec<(String, Json)> = Vec::new();
    loop {
        r.skip_space();
        let at = r.pos;
        match r.peek() {
            Some(b')') => return Ok(Json::Object(members)),
            Some(b'*') if r.text[at..].starts_with("**") => {
                r.pos += 2;
                r.features.add(Feature::Spread);
                match r.value()? {
                    Json::Object(more) => more.into_iter().for_each(|(k, v)| insert(&mut members, k, v)),
                    _ => return r.error(at, "`**` takes a dict"),
                }
            }
            Some(b'*') => return r.error(at, "`*args` cannot be converted: boto3 takes the members as keyword arguments"),
            _ => {
                let name = r.ident();
                r.skip_space();
                let keyword = name.is_some() && r.peek() == Some(b'=') && r.text.as_bytes().get(r.pos + 1) != Some(&b'=');
                let Some(name) = name.filter(|_| keyword) else {
                    return r.error(at, "a positional argument: boto3 takes the members as keyword arguments (Name=value)");
                };
                r.pos += 1;
                r.features.add(Feature::KeywordArguments);
                let value = r.value()?;
                if members.iter().any(|(k, _)| k == name) {
                    return r.error(at, format!("the keyword argument {name} is given twice"));
                }
                members.push((name.to_string(), value));
            }
        }
        r.separator(b')', ")")?;
    }
}
