//! The paste converters: `recognise` on any text, with any operation selected, never panics; a
//! problem it reports points into the text; and a JSON object (distinct member names) generated
//! as code in each language of "Copy as code" pastes back as the same request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_engine::code::{generate, Json, Language};
use timestream_engine::recognise::recognise;
use timestream_engine::Operation;

fn distinct_members(j: &Json) -> bool {
    match j {
        Json::Object(m) => m.iter().enumerate().all(|(i, (k, v))| !m[..i].iter().any(|(k2, _)| k2 == k) && distinct_members(v)),
        Json::Array(items) => items.iter().all(distinct_members),
        _ => true,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let current = Operation::ALL[pick as usize % Operation::ALL.len()];
    if let Some(r) = recognise(text, current) {
        if let Some(p) = r.note.and_then(|n| n.problem) {
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(p.line >= 1 && p.line <= lines.len() && p.column <= lines[p.line - 1].chars().count() + 1, "{p:?}");
        }
    }
    // Copy as code, then paste.
    if let Ok(json @ Json::Object(_)) = Json::parse(text) {
        if !distinct_members(&json) {
            return;
        }
        let request = json.pretty();
        let lang = Language::ALL[(pick / 32) as usize % 3];
        let code = generate(lang, current, &request).expect("an object generates");
        let back = recognise(&code, current).unwrap_or_else(|| panic!("not recognised:\n{code}"));
        assert_eq!(back.operation, current, "{code}");
        assert_eq!(back.body, request, "{lang:?}:\n{code}");
    }
});
