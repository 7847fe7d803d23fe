//! A plain static file server (no rewrites, no SPA fallback) that serves a folder under a sub-path and logs every request.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A running server; it stops when the test process ends, or on [`StaticServer::stop`].
pub struct StaticServer {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub origin: String,
    requests: Arc<Mutex<Vec<String>>>,
    stopped: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:PORT{mount}` (mount like `/lab/`).
    pub fn start(root: PathBuf, mount: &'static str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let origin = format!("http://{}", listener.local_addr().expect("bound address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let stopped = Arc::new(AtomicBool::new(false));
        let stop = stopped.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let (root, log) = (root.clone(), log.clone());
                std::thread::spawn(move || serve(stream, &root, mount, &log));
            }
            // The listener is dropped here: from now on connections are refused.
        });
        StaticServer {
            origin,
            requests,
            stopped,
        }
    }

    /// Takes the server off the network, as a lost connection would: it closes its port, so
    /// every later request is refused (a test of offline use).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which sees the flag and closes the listener.
        let address = self.origin.trim_start_matches("http://");
        let _ = TcpStream::connect(address);
        // The accept loop runs on its own thread: wait until the port refuses.
        for _ in 0..100 {
            if TcpStream::connect(address).is_err() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the static server at {address} did not stop");
    }

    /// Every request path received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("request log").clone()
    }
}

fn serve(stream: TcpStream, root: &Path, mount: &str, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers; the bodies of GET requests are empty.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().expect("request log").push(target.clone());
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, content_type, body) =
        match resolve(root, mount, path).and_then(|file| Some((std::fs::read(&file).ok()?, file))) {
            Some((body, file)) => ("200 OK", content_type(&file), body),
            None => ("404 Not Found", "text/plain", b"not found".to_vec()),
        };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body));
}

/// The file for a request path, if it is under the mount and inside the root.
fn resolve(root: &Path, mount: &str, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix(mount)?;
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let relative = Path::new(relative);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(root.join(relative)).filter(|p| p.is_file())
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
