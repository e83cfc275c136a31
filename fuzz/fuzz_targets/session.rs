//! The page's own readers of what a visitor brings (src/persist.rs, src/share.rs): a session
//! document (autosave, an imported file, a share link once the browser has inflated it), the
//! address's query and fragment, the base64url of a link. Any text is refused with a reason or
//! read; what is read writes back to a document that reads to the same session, directly and as
//! a link writes it (kind and version left out, then put back). The inflating itself is the
//! browser's `DecompressionStream`; the engine snapshot a session carries is the `snapshot`
//! target's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_fuzz::NOW_MS;
use timestream_playground::persist::Session;
use timestream_playground::share::{add_header, base64url, from_base64url, strip_header, PageParams};

/// A document is read or refused with a reason; a read one round-trips.
fn check_document(text: &str) {
    match Session::parse(text, NOW_MS) {
        Err(reason) => assert!(!reason.is_empty(), "a refusal without a reason: {text:?}"),
        Ok(session) => {
            let written = session.to_json(NOW_MS);
            assert_eq!(Session::parse(&written, NOW_MS).as_ref(), Ok(&session), "written {written:?} from {text:?}");
            let linked = add_header(&strip_header(&written));
            assert_eq!(Session::parse(&linked, NOW_MS).as_ref(), Ok(&session), "as a link {linked:?} from {text:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    check_document(text);
    // What a link's inflated payload becomes: its kind and version put back.
    check_document(&add_header(text));
    if let Ok(bytes) = from_base64url(text) {
        assert_eq!(from_base64url(&base64url(&bytes)).as_ref(), Ok(&bytes), "base64url of {text:?}");
    }
    let (search, hash) = text.split_once('#').map_or((text, String::new()), |(s, h)| (s, format!("#{h}")));
    let params = PageParams::parse(search, &hash);
    assert_eq!(params.shared.is_some(), hash.starts_with("#s="));
    match params.request(NOW_MS) {
        None => assert!(params.op.is_none()),
        Some(Ok((op, body))) => assert!(params.body.as_ref().is_none_or(|b| *b == body) && Some(op.name()) == params.op.as_deref()),
        Some(Err(reason)) => assert!(reason.contains(params.op.as_deref().unwrap_or("\u{0}")), "{reason}"),
    }
});
