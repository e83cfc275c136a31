//! TagResource, UntagResource, ListTagsForResource. Character and length rules of tags are in
//! the model table; here: the ARN lookup and the per-resource limit.

use crate::types::*;
use crate::{ApiError, Engine};

/// Tagging restrictions: at most 50 tags per resource.
pub const MAX_TAGS: usize = 50;

/// `existing` with `new` applied (a key already present takes the new value), within the limit.
pub fn merged(existing: &[Tag], new: Vec<Tag>) -> Result<Vec<Tag>, ApiError> {
    let mut out = existing.to_vec();
    for tag in new {
        match out.iter_mut().find(|t| t.key == tag.key) {
            Some(t) => t.value = tag.value,
            None => out.push(tag),
        }
    }
    if out.len() > MAX_TAGS {
        return Err(ApiError::quota(format!(
            "The number of tags on the resource would be {}, which exceeds the limit of {MAX_TAGS} tags per resource.",
            out.len()
        )));
    }
    Ok(out)
}

/// Database and table names named by a Timestream ARN, if it is one.
fn parse_arn(arn: &str) -> Option<(&str, Option<&str>)> {
    let mut parts = arn.splitn(6, ':');
    let (a, p, s, _region, _account, resource) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if a != "arn" || !p.starts_with("aws") || s != "timestream" {
        return None;
    }
    let rest = resource.strip_prefix("database/")?;
    match rest.split_once("/table/") {
        Some((db, table)) if !db.is_empty() && !table.is_empty() => Some((db, Some(table))),
        None if !rest.is_empty() && !rest.contains('/') => Some((rest, None)),
        _ => None,
    }
}

fn not_found(arn: &str) -> ApiError {
    ApiError::not_found(format!("The resource {arn} does not exist."))
}

fn tags_of<'a>(engine: &'a mut Engine, arn: &str) -> Result<&'a mut Vec<Tag>, ApiError> {
    let (db, table) = parse_arn(arn).ok_or_else(|| {
        ApiError::validation(format!("Invalid resource ARN {arn}: expected arn:aws:timestream:<region>:<account>:database/<database>[/table/<table>]."))
    })?;
    let database = engine.state.databases.get_mut(db).ok_or_else(|| not_found(arn))?;
    match table {
        None if database.arn == arn => Ok(&mut database.tags),
        Some(t) => match database.tables.get_mut(t) {
            Some(table) if table.arn == arn => Ok(&mut table.tags),
            _ => Err(not_found(arn)),
        },
        _ => Err(not_found(arn)),
    }
}

pub fn tag(engine: &mut Engine, req: TagResourceRequest) -> Result<(), ApiError> {
    let tags = tags_of(engine, &req.resource_arn)?;
    *tags = merged(tags, req.tags)?;
    Ok(())
}

pub fn untag(engine: &mut Engine, req: UntagResourceRequest) -> Result<(), ApiError> {
    let tags = tags_of(engine, &req.resource_arn)?;
    tags.retain(|t| !req.tag_keys.contains(&t.key));
    Ok(())
}

pub fn list(engine: &mut Engine, req: ResourceArnRequest) -> Result<ListTagsResponse, ApiError> {
    Ok(ListTagsResponse { tags: tags_of(engine, &req.resource_arn)?.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_database_and_table_arns() {
        assert_eq!(parse_arn("arn:aws:timestream:us-east-1:1:database/db"), Some(("db", None)));
        assert_eq!(parse_arn("arn:aws:timestream:us-east-1:1:database/db/table/t"), Some(("db", Some("t"))));
        assert_eq!(parse_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(parse_arn("arn:aws:timestream:us-east-1:1:database/"), None);
        assert_eq!(parse_arn("nonsense"), None);
    }

    #[test]
    fn merge_overwrites_and_limits() {
        let t = |k: &str, v: &str| Tag { key: k.into(), value: v.into() };
        let m = merged(&[t("a", "1")], vec![t("a", "2"), t("b", "3")]).unwrap();
        assert_eq!(m, vec![t("a", "2"), t("b", "3")]);
        let many: Vec<Tag> = (0..51).map(|i| t(&i.to_string(), "v")).collect();
        assert_eq!(merged(&[], many).unwrap_err().kind, crate::ErrorKind::ServiceQuotaExceeded);
    }
}
