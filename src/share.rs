//! Share links: the session document (src/persist.rs) compressed with the browser's own
//! `CompressionStream("deflate-raw")` (no compression code in the bundle), base64url, in the URL
//! fragment `#s=...`. The page's query (`?embed=1`, `?scenario=<id>`, `?op=<Operation>&body=<JSON>`)
//! is read here too, once.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

use crate::persist::{SESSION_KIND, SESSION_VERSION};

/// The fragment's prefix before the payload.
pub const FRAGMENT_PREFIX: &str = "#s=";

/// What the page's address asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageParams {
    /// `?embed=1`: editor, Run and the response only; no autosave.
    pub embed: bool,
    /// `?scenario=<id>`: a teaching scenario to open (the examples menu's hook; not used yet).
    pub scenario: Option<String>,
    /// The share payload of `#s=<payload>`, if any.
    pub shared: Option<String>,
    /// `?op=<Operation>`: the operation to open (docs-kit's "Open in playground" link).
    pub op: Option<String>,
    /// `?body=<urlencoded JSON>`: the request body to open with `op`.
    pub body: Option<String>,
}

impl PageParams {
    /// Parses `location.search` (`?a=b&c`) and `location.hash` (`#s=...`).
    pub fn parse(search: &str, hash: &str) -> Self {
        let mut params = PageParams { shared: hash.strip_prefix(FRAGMENT_PREFIX).map(str::to_string), ..Default::default() };
        for pair in search.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match name {
                "embed" => params.embed = !matches!(value, "0" | "false"),
                "scenario" if !value.is_empty() => params.scenario = Some(percent_decode(value)),
                "op" if !value.is_empty() => params.op = Some(percent_decode(value)),
                "body" => params.body = Some(percent_decode(value)),
                _ => {}
            }
        }
        params
    }

    /// The operation and body the address asks for: `op` (a known operation name) with `body`
    /// (pretty-printed when it is JSON), or `op`'s template when there is no body. An unknown `op`
    /// is an error naming it.
    pub fn request(&self, now_ms: i64) -> Option<Result<(timestream_engine::Operation, String), String>> {
        let name = self.op.as_deref()?;
        let Some(op) = timestream_engine::Operation::from_name(name) else {
            return Some(Err(format!("The link asks for the operation \"{name}\", which the Timestream Write API does not have.")));
        };
        let body = match &self.body {
            Some(b) => b.clone(),
            None => crate::templates::template(op, now_ms),
        };
        Some(Ok((op, body)))
    }

    pub fn from_location() -> Self {
        let location = gloo::utils::window().location();
        PageParams::parse(&location.search().unwrap_or_default(), &location.hash().unwrap_or_default())
    }
}

/// `%XX` and `+` of a query value; malformed escapes are kept as they are.
fn percent_decode(value: &str) -> String {
    let (mut out, b) = (Vec::with_capacity(value.len()), value.as_bytes());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(byte)) => (out.push(byte), i += 3),
            (b'+', _) => (out.push(b' '), i += 1),
            (c, _) => (out.push(c), i += 1),
        };
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn from_base64url(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).map_err(|e| format!("the link is not valid base64url ({e})"))
}

#[wasm_bindgen]
extern "C" {
    // Bound here: web-sys has these only behind `--cfg=web_sys_unstable_apis`.
    #[wasm_bindgen(js_name = CompressionStream)]
    type JsCompressionStream;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<JsCompressionStream, JsValue>;

    #[wasm_bindgen(js_name = DecompressionStream)]
    type JsDecompressionStream;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<JsDecompressionStream, JsValue>;

    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn clipboard_write_text(text: &str) -> Result<Promise, JsValue>;
}

/// `bytes` through a transform stream (a CompressionStream or DecompressionStream), read back.
async fn pipe(bytes: &[u8], transform: JsValue) -> Result<Vec<u8>, JsValue> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))?;
    let stream = blob.stream().pipe_through(transform.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&stream))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "unknown error".into())
}

/// The start of every session document: a link leaves it out (`#s=` says what follows).
fn header() -> String {
    format!("{{\"kind\":\"{SESSION_KIND}\",\"version\":{SESSION_VERSION}")
}

/// The document without its kind and version: `{}` for a default session.
pub fn strip_header(doc: &str) -> String {
    match doc.strip_prefix(&header()) {
        Some(rest) => format!("{{{}", rest.strip_prefix(',').unwrap_or(rest)),
        None => doc.to_string(),
    }
}

/// The document of a link's JSON: its kind and version put back.
pub fn add_header(json: &str) -> String {
    match json.trim_start().strip_prefix('{') {
        Some(rest) if rest.trim_start().starts_with('}') => format!("{}{rest}", header()),
        Some(rest) => format!("{},{rest}", header()),
        None => json.to_string(),
    }
}

/// The `#s=...` fragment of a session document.
pub async fn encode(doc: &str) -> Result<String, String> {
    let cs = JsCompressionStream::new("deflate-raw").map_err(|e| format!("this browser cannot compress ({})", js_error(e)))?;
    let packed = pipe(strip_header(doc).as_bytes(), cs.into()).await.map_err(js_error)?;
    Ok(format!("{FRAGMENT_PREFIX}{}", base64url(&packed)))
}

/// The session document in a share payload (the part after `#s=`).
pub async fn decode(payload: &str) -> Result<String, String> {
    let packed = from_base64url(payload)?;
    let ds = JsDecompressionStream::new("deflate-raw").map_err(|e| format!("this browser cannot decompress ({})", js_error(e)))?;
    let bytes = pipe(&packed, ds.into()).await.map_err(|_| "the link's data is damaged (cut short or changed)".to_string())?;
    String::from_utf8(bytes).map(|json| add_header(&json)).map_err(|_| "the link's data is not text".into())
}

/// The page's address without its fragment, with `#s=...` added.
pub fn link(fragment: &str) -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{fragment}")
}

/// Drops the fragment from the address bar without reloading (a reload then uses autosave).
pub fn clear_fragment() {
    let window = gloo::utils::window();
    let href = window.location().href().unwrap_or_default();
    if let (Some(base), Ok(history)) = (href.split('#').next(), window.history()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(base));
    }
}

/// Drops the query parameters `names` from the address bar without reloading (so a reload opens
/// the autosaved session, not the link's request again).
pub fn clear_query(names: &[&str]) {
    let window = gloo::utils::window();
    let (location, Ok(history)) = (window.location(), window.history()) else { return };
    let (search, hash) = (location.search().unwrap_or_default(), location.hash().unwrap_or_default());
    let kept: Vec<&str> = search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && !names.contains(&p.split('=').next().unwrap_or(p))).collect();
    let query = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    let path = location.pathname().unwrap_or_default();
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}{hash}")));
}

/// Copies `text` with `navigator.clipboard`; false where there is none or it refused.
pub async fn copy(text: &str) -> bool {
    match clipboard_write_text(text) {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_without_padding() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = base64url(&bytes);
        assert!(!text.contains(['+', '/', '=']));
        assert_eq!(from_base64url(&text).unwrap(), bytes);
        assert!(from_base64url("not base64!").is_err());
    }

    #[test]
    fn links_leave_out_the_kind_and_version() {
        let full = format!("{}}}", header());
        assert_eq!(strip_header(&full), "{}");
        assert_eq!(add_header("{}"), full);
        let doc = format!("{},\"operation\":\"ListTables\"}}", header());
        assert_eq!(strip_header(&doc), "{\"operation\":\"ListTables\"}");
        assert_eq!(add_header(&strip_header(&doc)), doc);
        assert_eq!(add_header("[1]"), "[1]");
    }

    #[test]
    fn page_params_read_embed_and_the_fragment() {
        let p = PageParams::parse("?embed=1", "#s=abc");
        assert!(p.embed);
        assert_eq!(p.shared.as_deref(), Some("abc"));
        assert_eq!(PageParams::parse("", ""), PageParams::default());
        assert!(!PageParams::parse("?embed=0&x=1", "#other").embed);
        assert_eq!(PageParams::parse("?embed=0&x=1", "#other").shared, None);
        assert_eq!(PageParams::parse("?scenario=upsert%20basics&embed", "").scenario.as_deref(), Some("upsert basics"));
        assert!(PageParams::parse("?scenario=upsert%20basics&embed", "").embed);
        assert_eq!(PageParams::parse("?scenario=a%zz", "").scenario.as_deref(), Some("a%zz"));
    }

    #[test]
    fn page_params_read_an_operation_and_its_body() {
        // As docs-kit's embed.js writes it (URLSearchParams: spaces as +).
        let p = PageParams::parse("?op=CreateTable&body=%7B+%22DatabaseName%22%3A+%22a+b%22%2C%22TableName%22%3A%22t%22%7D", "");
        let (op, body) = p.request(0).unwrap().unwrap();
        assert_eq!(op, timestream_engine::Operation::CreateTable);
        assert_eq!(body, "{ \"DatabaseName\": \"a b\",\"TableName\":\"t\"}");
        // Not JSON: kept as it is too (the editor shows what is wrong with it).
        assert_eq!(PageParams::parse("?op=ListTables&body=%7Bnope", "").request(0).unwrap().unwrap().1, "{nope");
        assert!(PageParams::parse("?op=DropEverything", "").request(0).unwrap().unwrap_err().contains("DropEverything"));
        assert_eq!(PageParams::parse("?embed=1", "").request(0), None);
    }
}
