//! A sandbox process for one test: `ydrz sandbox --port 0 --exit-on-stdin-eof`, its info JSON, raw HTTP/1.1
//! over `std::net::TcpStream`, and the control endpoints. The process is killed when the `Sandbox` drops (and
//! exits by itself if the test process dies, because its stdin closes).
//!
//! Set `YDRZ_SANDBOX_LOG=1` to see the sandbox's request log on stderr.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

/// How long the sandbox may take to print its info line.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Read timeout of the test's HTTP connections.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// An HTTP response as read off the wire.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Writes one request with `Content-Length` (and `Connection: close` unless `keep_alive`).
pub fn write_request(
    stream: &mut TcpStream,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() {
        head.push_str("Content-Type: application/json;charset=utf-8\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// Reads one response: status line, headers, then exactly `Content-Length` bytes of body.
pub fn read_response(reader: &mut impl BufRead) -> std::io::Result<HttpResponse> {
    let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed before a status line"));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| invalid(format!("bad header line {line:?}")))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| invalid("response without Content-Length".into()))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(HttpResponse { status, headers, body })
}

/// A running sandbox.
pub struct Sandbox {
    child: Child,
    _stdin: ChildStdin,
    _stdout: BufReader<ChildStdout>,
    info: Value,
    addr: SocketAddr,
}

impl Sandbox {
    /// Starts a sandbox with the default options.
    pub fn start() -> Sandbox {
        Sandbox::start_with(&[])
    }

    /// Starts a sandbox with extra command-line options, and waits for its info line.
    pub fn start_with(extra_args: &[&str]) -> Sandbox {
        let stderr = if std::env::var_os("YDRZ_SANDBOX_LOG").is_some() { Stdio::inherit() } else { Stdio::null() };
        let mut child = Command::new(env!("CARGO_BIN_EXE_ydrz"))
            .args(["sandbox", "--port", "0", "--exit-on-stdin-eof"])
            .args(extra_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the ydrz binary starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let (sender, receiver) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut line = String::new();
            let read = stdout.read_line(&mut line);
            let _ = sender.send(read.map(|_| line));
            stdout
        });
        let line = match receiver.recv_timeout(START_TIMEOUT) {
            Ok(Ok(line)) if !line.is_empty() => line,
            other => {
                let _ = child.kill();
                panic!("the sandbox printed no info line: {other:?}");
            }
        };
        let stdout = reader.join().expect("the reader thread ends");
        let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("info line is not JSON ({e}): {line}"));
        let base_url = info["base_url"].as_str().expect("info has base_url");
        let addr = base_url.trim_start_matches("http://").parse().expect("base_url is http://IP:PORT");
        Sandbox { child, _stdin: stdin, _stdout: stdout, info, addr }
    }

    pub fn info(&self) -> &Value {
        &self.info
    }

    pub fn base_url(&self) -> &str {
        self.info["base_url"].as_str().unwrap_or_default()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app named `name` in the info JSON ("demo", "blocked", or one from --apps).
    pub fn app(&self, name: &str) -> &Value {
        self.info["apps"]
            .as_array()
            .and_then(|apps| apps.iter().find(|a| a["name"] == name))
            .unwrap_or_else(|| panic!("no app named {name} in {}", self.info))
    }

    /// A new connection to the sandbox.
    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("the sandbox accepts connections");
        stream.set_read_timeout(Some(IO_TIMEOUT)).expect("read timeout");
        stream
    }

    /// One request on a new connection (closed after the response).
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
        let mut stream = self.connect();
        write_request(&mut stream, method, path, headers, body, false).expect("request is written");
        read_response(&mut BufReader::new(stream)).unwrap_or_else(|e| panic!("{method} {path}: no response ({e})"))
    }

    /// POSTs a JSON value to a platform interface.
    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> HttpResponse {
        self.request("POST", path, headers, body.to_string().as_bytes())
    }

    /// Calls a control endpoint (`path` relative to /_sandbox) and returns its JSON, which must come with 200.
    pub fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let body = body.map(Value::to_string).unwrap_or_default();
        let response = self.request(method, &format!("/_sandbox{path}"), &[], body.as_bytes());
        assert_eq!(response.status, 200, "{method} /_sandbox{path}: {}", String::from_utf8_lossy(&response.body));
        response.json()
    }

    /// Issues a token as the SDK / jssdk would obtain it; returns `{token, userInformation, expires_in_ms}`.
    pub fn issue_token(&self, app_id: &str, product: &str, phone: &str) -> Value {
        self.control("POST", "/token", Some(&json!({"app_id": app_id, "product": product, "phone": phone})))
    }

    /// Queues a fault (`{"kind", "count"?, "delay_ms"?, "status"?}`).
    pub fn queue_fault(&self, fault: Value) {
        self.control("POST", "/faults", Some(&fault));
    }

    /// Changes an app's options (`{"app_id", "allowed_ips"?, "daily_limit"?, ...}`).
    pub fn update_app(&self, changes: Value) -> Value {
        self.control("POST", "/apps", Some(&changes))
    }

    /// (interface requests that named `token`, all interface requests).
    pub fn stats(&self, token: &str) -> (u64, u64) {
        let stats = self.control("GET", &format!("/stats?token={}", percent_encode(token)), None);
        (stats["requests"].as_u64().expect("requests"), stats["total_requests"].as_u64().expect("total_requests"))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes everything but unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
