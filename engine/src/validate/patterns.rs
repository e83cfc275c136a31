//! Hand-written full-string matchers for the patterns of the service model.
//!
//! The model's patterns are unanchored Smithy patterns; following the spec's recommendation
//! (operations.md §0, *derived*) they are applied as full-string matches. No regex engine: the
//! browser bundle stays small, and the four patterns of the model are simple character classes.
//! A test fails if the model holds a pattern without a matcher here.

/// A full-string matcher.
pub type Matcher = fn(&str) -> bool;

/// `[a-zA-Z0-9_.-]+` (ResourceCreateAPIName: database and table names on create).
pub const RESOURCE_NAME: &str = "[a-zA-Z0-9_.-]+";
/// `[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]` (S3BucketName).
pub const S3_BUCKET: &str = r"[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]";
/// `[a-zA-Z0-9|!\-_*'\(\)]([a-zA-Z0-9]|[!\-_*'\(\)\/.])+` (S3ObjectKey, S3ObjectKeyPrefix).
pub const S3_KEY: &str = r"[a-zA-Z0-9|!\-_*'\(\)]([a-zA-Z0-9]|[!\-_*'\(\)\/.])+";
/// `[A-Z0-9]+` (BatchLoadTaskId).
pub const TASK_ID: &str = "[A-Z0-9]+";

/// The matcher for a model pattern, keyed by the exact pattern string.
pub fn matcher(pattern: &str) -> Option<Matcher> {
    match pattern {
        RESOURCE_NAME => Some(resource_name),
        S3_BUCKET => Some(s3_bucket),
        S3_KEY => Some(s3_key),
        TASK_ID => Some(task_id),
        _ => None,
    }
}

/// Every pattern with a matcher.
#[cfg(test)]
pub const KNOWN: &[&str] = &[RESOURCE_NAME, S3_BUCKET, S3_KEY, TASK_ID];

pub fn resource_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

pub fn s3_bucket(s: &str) -> bool {
    let b = s.as_bytes();
    // All classes are ASCII, so bytes = characters here.
    if b.len() < 3 || b.len() > 63 {
        return false;
    }
    let edge = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    edge(b[0]) && edge(b[b.len() - 1]) && b[1..b.len() - 1].iter().all(|&c| edge(c) || c == b'.' || c == b'-')
}

pub fn s3_key(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 {
        return false;
    }
    let common = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'!' | b'-' | b'_' | b'*' | b'\'' | b'(' | b')');
    (common(b[0]) || b[0] == b'|') && b[1..].iter().all(|&c| common(c) || c == b'/' || c == b'.')
}

pub fn task_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
