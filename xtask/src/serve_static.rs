//! A small static file server (`cargo xtask serve`): folders mounted at URL prefixes (the
//! playground's dist/ at `/`, the docs kit at `/embed/` and the example docs site at
//! `/docs-site/`), GET and HEAD, one thread per connection, the same strict CSP as the end-to-end
//! tests, paths kept inside their folder.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `root` (directories: their index.html); None for a path
/// that leaves the folder.
fn file_for(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

/// The file a request path names among the mounts `(prefix, folder)`: the longest prefix that
/// matches (`/` matches everything), then `file_for` inside that folder.
fn mounted_file(mounts: &[(String, PathBuf)], url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    mounts
        .iter()
        .filter(|(prefix, _)| path.starts_with(prefix.as_str()) || path == prefix.trim_end_matches('/'))
        .max_by_key(|(prefix, _)| prefix.len())
        .and_then(|(prefix, root)| file_for(root, path.strip_prefix(prefix.trim_end_matches('/')).unwrap_or("/")))
}

fn answer(mounts: &[(String, PathBuf)], mut stream: TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let found = mounted_file(mounts, path).and_then(|f| std::fs::read(&f).ok().map(|body| (f, body)));
    match (method, found) {
        ("GET" | "HEAD", Some((file, body))) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            if method == "GET" {
                stream.write_all(&body)?;
            }
        }
        ("GET" | "HEAD", None) => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found")?,
        _ => stream.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?,
    }
    stream.flush()
}

/// Serves each folder at its URL prefix (`/`, `/embed/`, ...) on `addr` until the process is
/// interrupted.
pub fn run(mounts: &[(&str, PathBuf)], addr: &str) -> Result<(), String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    for (prefix, root) in mounts {
        println!("serving {} at http://{addr}{prefix}", root.display());
    }
    println!("(Ctrl+C to stop)");
    let mounts: std::sync::Arc<Vec<(String, PathBuf)>> = std::sync::Arc::new(mounts.iter().map(|(p, r)| (p.to_string(), r.clone())).collect());
    for stream in listener.incoming().flatten() {
        let mounts = mounts.clone();
        std::thread::spawn(move || {
            let _ = answer(&mounts, stream);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{file_for, mounted_file};
    use std::path::{Path, PathBuf};

    #[test]
    fn paths_stay_inside_the_folder() {
        let root = Path::new("/srv/dist");
        assert_eq!(file_for(root, "/full/x.js?v=1"), Some(root.join("full/x.js")));
        assert_eq!(file_for(root, "/../etc/passwd"), None);
        assert_eq!(file_for(root, "/a/../../b"), None);
    }

    #[test]
    fn the_longest_mount_serves_a_path() {
        let mounts: Vec<(String, PathBuf)> =
            vec![("/".into(), "/srv/dist".into()), ("/embed/".into(), "/srv/pkg/web".into()), ("/docs-site/".into(), "/srv/docs-site".into())];
        assert_eq!(mounted_file(&mounts, "/index.html"), Some(PathBuf::from("/srv/dist/index.html")));
        assert_eq!(mounted_file(&mounts, "/embed/embed.js?v=2"), Some(PathBuf::from("/srv/pkg/web/embed.js")));
        assert_eq!(mounted_file(&mounts, "/docs-site/window.html"), Some(PathBuf::from("/srv/docs-site/window.html")));
        assert_eq!(mounted_file(&mounts, "/embedded.js"), Some(PathBuf::from("/srv/dist/embedded.js")));
        assert_eq!(mounted_file(&mounts, "/embed/../../etc/passwd"), None);
    }
}
