//! Requests as code, both ways: [`gen`] writes a request as boto3 (Python), AWS CLI v2 or AWS SDK
//! for JavaScript v3 code ("Copy as code" in the playground), and [`literal`] reads the literals
//! of those languages back (the paste recogniser, `crate::recognise`, uses it). Both work on
//! [`Json`], JSON whose objects keep their members in document order, so a request keeps the
//! order the user wrote it in. Behind the cargo feature `code` (on by default, and on in the
//! playground; about 25 KB of gzip in the browser).

pub mod gen;
pub mod json;
pub mod literal;

pub use gen::{generate, Language};
pub use json::Json;

/// `CreateBatchLoadTask` → `create_batch_load_task` (`sep` '_'), `create-batch-load-task` ('-'):
/// an operation name as boto3 and the AWS CLI spell it.
pub fn split_words(name: &str, sep: char) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(sep);
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// botocore's `xform_name`: a member name as the AWS CLI spells its option (`ResourceARN` →
/// `resource-arn`, `KmsKeyId` → `kms-key-id`, `TagKeys` → `tag-keys`). A word boundary is an
/// upper-case letter followed by a lower-case one, or an upper-case letter after a lower-case
/// letter or digit; runs of capitals stay one word.
pub fn xform_name(name: &str, sep: char) -> String {
    let b = name.as_bytes();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in b.iter().enumerate() {
        let upper = c.is_ascii_uppercase();
        let starts_word = i > 0 && upper && ((b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit()) || b.get(i + 1).is_some_and(u8::is_ascii_lowercase));
        if starts_word && !out.ends_with(sep) {
            out.push(sep);
        }
        out.push(c.to_ascii_lowercase() as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_become_snake_and_kebab_case() {
        assert_eq!(split_words("CreateBatchLoadTask", '_'), "create_batch_load_task");
        assert_eq!(split_words("ListTagsForResource", '-'), "list-tags-for-resource");
        assert_eq!(split_words("WriteRecords", '_'), "write_records");
    }

    #[test]
    fn member_names_become_cli_options_as_botocore_spells_them() {
        assert_eq!(xform_name("ResourceARN", '-'), "resource-arn");
        assert_eq!(xform_name("KmsKeyId", '-'), "kms-key-id");
        assert_eq!(xform_name("MemoryStoreRetentionPeriodInHours", '-'), "memory-store-retention-period-in-hours");
        assert_eq!(xform_name("S3Configuration", '-'), "s3-configuration");
        assert_eq!(xform_name("ARNValue", '-'), "arn-value");
    }
}
