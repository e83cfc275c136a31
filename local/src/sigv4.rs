//! The little of SigV4 the emulator needs: the region of the credential scope. Signatures are
//! not checked (any credentials work, as with every local AWS emulator).

/// Region of `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-central-1/timestream/aws4_request, ...`.
pub fn region_from_authorization(header: &str) -> Option<String> {
    let rest = header.trim().strip_prefix("AWS4-HMAC-SHA256")?;
    let credential = rest.split(',').map(str::trim).find_map(|part| part.strip_prefix("Credential="))?;
    // Access key ids never contain '/', so the scope is the last four fields.
    let fields: Vec<&str> = credential.trim().rsplitn(5, '/').collect();
    // rsplitn yields: terminator, service, region, date, key.
    match fields.as_slice() {
        [terminator, _service, region, _date, _key] if *terminator == "aws4_request" && is_region(region) => Some((*region).to_string()),
        _ => None,
    }
}

fn is_region(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_region_of_the_scope() {
        let h = "AWS4-HMAC-SHA256 Credential=test/20240101/eu-central-1/timestream/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
        assert_eq!(region_from_authorization(h).as_deref(), Some("eu-central-1"));
        let h = "AWS4-HMAC-SHA256 SignedHeaders=host,Credential=AKIA/20240101/us-west-2/timestream/aws4_request,Signature=abc";
        assert_eq!(region_from_authorization(h).as_deref(), Some("us-west-2"));
        assert_eq!(region_from_authorization("Basic dXNlcg=="), None);
        assert_eq!(region_from_authorization("AWS4-HMAC-SHA256 Credential=a/b"), None);
        assert_eq!(region_from_authorization("AWS4-HMAC-SHA256 Credential=a/20240101/EU WEST/timestream/aws4_request"), None);
        assert_eq!(region_from_authorization(""), None);
    }
}
