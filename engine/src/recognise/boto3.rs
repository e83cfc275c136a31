//! A boto3 call: `client.write_records(DatabaseName='db', Records=[…])`, the members as keyword
//! arguments, `**{…}` or `**request` (a variable assigned a dict earlier in the text). What
//! comes before the call (imports, the client, assignments) and after it is not read. This finds
//! the call; `Reader::keyword_arguments` (code/literal/call.rs) reads its arguments.

use super::convert::Call;
use crate::code::split_words;
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
