//! Opaque NextToken pagination shared by the List operations: every item exactly once, each
//! page within MaxResults, stable under inserts and deletes between pages (the token names the
//! last key returned, not an offset).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::ApiError;

/// Returns one page of `items` (already in key order) after the token's key.
pub fn page<T>(
    items: impl IntoIterator<Item = (String, T)>,
    kind: &str,
    token: Option<&str>,
    max_results: Option<i64>,
    default_page: usize,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let after = match token {
        None => None,
        Some(t) => Some(decode(kind, t).ok_or_else(|| ApiError::validation(format!("Invalid pagination token: {t}")))?),
    };
    let limit = max_results.map(|m| m.max(1) as usize).unwrap_or(default_page);
    let mut out = Vec::new();
    let mut last_key = None;
    let mut more = false;
    for (key, item) in items {
        if after.as_deref().is_some_and(|a| key.as_str() <= a) {
            continue;
        }
        if out.len() == limit {
            more = true;
            break;
        }
        out.push(item);
        last_key = Some(key);
    }
    let next = if more { last_key.map(|k| encode(kind, &k)) } else { None };
    Ok((out, next))
}

fn encode(kind: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("ts1|{kind}|{key}"))
}

fn decode(kind: &str, token: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let rest = text.strip_prefix("ts1|")?;
    let (k, key) = rest.split_once('|')?;
    (k == kind).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("k{i:03}"), i)).collect()
    }

    #[test]
    fn pages_cover_every_item_once() {
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let (items, next) = page(keys(23), "t", token.as_deref(), Some(5), 20).unwrap();
            assert!(items.len() <= 5);
            seen.extend(items);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(seen, (0..23).collect::<Vec<_>>());
    }

    #[test]
    fn exact_multiple_has_no_trailing_token() {
        let (items, next) = page(keys(5), "t", None, Some(5), 20).unwrap();
        assert_eq!(items.len(), 5);
        assert!(next.is_none());
    }

    #[test]
    fn bad_or_foreign_tokens_are_validation_errors() {
        assert!(page(keys(3), "t", Some("garbage!"), None, 20).is_err());
        let (_, next) = page(keys(3), "a", None, Some(1), 20).unwrap();
        let e = page(keys(3), "b", next.as_deref(), None, 20).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Validation);
    }
}
