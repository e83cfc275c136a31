//! A JavaScript SDK v3 command: `new WriteRecordsCommand({…})` (often inside
//! `await client.send(…)`), or the aggregated client's `client.writeRecords({…})`. The input is
//! an object literal or a variable assigned one earlier in the text (`const params = {…}`).

use super::boto3::find_call;
use super::convert::Call;
use crate::code::literal::{Reader, SyntaxError};
use crate::code::Json;
use crate::Operation;

/// The first command of the text: `new <Op>Command(` or `.<op>(`.
pub(super) fn find(text: &str) -> Option<Call> {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
    Operation::ALL
        .iter()
        .flat_map(|&op| {
            let command = format!("{}Command", op.name());
            // `new` and blanks before the command's name.
            let is_new = |at: usize| {
                let head = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
                head.ends_with("new") && !head.len().checked_sub(4).is_some_and(|i| ident(b[i]))
            };
            let found = find_calls(text, &command).find(|&(at, _)| is_new(at));
            let new_command = found.map(|(_, open)| (op, command, open));
            let mut camel = op.name().to_string();
            camel[..1].make_ascii_lowercase();
            let method = find_call(text, &camel, |c| c == b'.').map(|open| (op, camel, open));
            [new_command, method]
        })
        .flatten()
        .min_by_key(|(_, _, open)| *open)
}

/// (start of the name, its `(`) of each call of `name` that is not the tail of a longer name.
fn find_calls<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
    let b = text.as_bytes();
    text.match_indices(name).filter_map(move |(at, _)| {
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b'$') {
            return None;
        }
        let end = at + name.len() + text[at + name.len()..].len() - text[at + name.len()..].trim_start_matches([' ', '\t']).len();
        (b.get(end) == Some(&b'(')).then_some((at, end))
    })
}

/// The command's one argument, an object, up to the closing `)` (none is `{}`).
pub(super) fn input(r: &mut Reader) -> Result<Json, SyntaxError> {
    r.skip_space();
    if r.peek() == Some(b')') {
        return Ok(Json::Object(Vec::new()));
    }
    let at = r.pos;
    let value = r.value()?;
    if !matches!(value, Json::Object(_)) {
        return r.error(at, "the command's input must be an object ({ … })");
    }
    r.eat(b',');
    if !r.eat(b')') {
        return r.error(r.pos, format!("expected `)` after the command's input, found {}", r.found()));
    }
    Ok(value)
}
