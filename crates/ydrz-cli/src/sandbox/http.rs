//! Just enough HTTP/1.1 for the sandbox, over one TCP connection.
//!
//! Contracts: a request head is at most [`MAX_HEAD`] bytes with at most [`MAX_HEADERS`] headers; a body is
//! given by `Content-Length` only (no chunked encoding) and is at most [`MAX_BODY`] bytes. Once the first byte
//! of a request has arrived, the whole request must arrive within [`REQUEST_DEADLINE`] (so a slow sender cannot
//! hold a connection forever); an idle keep-alive connection is closed after [`IDLE_TIMEOUT`]. Bytes after a
//! request (pipelining) are kept for the next one. `Expect: 100-continue` is answered before the body is read.
//! Every response carries `Content-Length`.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;
use ydrz::protocol::fields::url_decode;

/// Largest request head (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Largest request body.
pub const MAX_BODY: usize = 1024 * 1024;
/// Most headers in one request.
pub const MAX_HEADERS: usize = 64;
/// How long an idle keep-alive connection waits for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request may take to arrive completely once its first byte is in.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// How long one write may block (a client that stops reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Number of pieces a slowly sent body is cut into (fewer when the body is shorter).
const SLOW_PIECES: usize = 10;

/// One parsed request. Header names keep their spelling; lookups ignore ASCII case.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path of the request target, without the query string.
    pub path: String,
    /// The query string (after `?`), empty when there is none.
    pub query: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the client wants the connection kept open after the response.
    pub keep_alive: bool,
}

impl Request {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first query parameter named `name`, URL-decoded (`+` is a space); invalid UTF-8 is replaced.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let (_, value) = self.query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name)?;
        Some(String::from_utf8_lossy(&url_decode(value)).into_owned())
    }
}

/// A response to write. `Content-Length` and `Connection` are added when it is sent.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body of the given content type.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, headers: vec![("Content-Type".into(), content_type.into())], body }
    }

    /// A JSON response (compact, UTF-8).
    pub fn json(status: u16, value: &Value) -> Response {
        Response::new(status, "application/json;charset=UTF-8", value.to_string().into_bytes())
    }

    /// A short HTML error page, as a proxy or gateway in front of the platform would send.
    pub fn html(status: u16) -> Response {
        let title = format!("{status} {}", reason(status));
        let body = format!("<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n");
        Response::new(status, "text/html", body.into_bytes())
    }

    /// Adds a header. Control characters are removed from the value, so echoed input cannot split the head.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.chars().filter(|c| !c.is_control()).collect()));
        self
    }

    fn head(&self, keep_alive: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        head.push_str(if keep_alive { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
        head.into_bytes()
    }
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Why no request was read.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed or went quiet between requests, or the socket failed: close without answering.
    Closed,
    /// The request is unacceptable: send this answer, then close.
    Rejected(Response),
}

fn reject(status: u16, message: &str) -> ReadError {
    ReadError::Rejected(Response::json(status, &serde_json::json!({ "error": message })))
}

/// What the head of a request said, owned (the parser borrows the buffer).
struct Head {
    len: usize,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    http10: bool,
}

/// A server-side connection: the socket and the bytes read but not consumed yet.
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    pub fn new(stream: TcpStream) -> io::Result<Connection> {
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Connection { stream, buffer: Vec::new() })
    }

    /// Reads the next request (see the module contracts).
    pub fn read_request(&mut self) -> Result<Request, ReadError> {
        let mut deadline = (!self.buffer.is_empty()).then(|| Instant::now() + REQUEST_DEADLINE);
        let head = loop {
            if let Some(head) = self.parse_head()? {
                break head;
            }
            self.read_more(&mut deadline)?;
        };
        let length = content_length(&head.headers)?;
        let total = head.len + length;
        let expects_continue = head
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("expect") && v.eq_ignore_ascii_case("100-continue"));
        if expects_continue && self.buffer.len() < total {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").map_err(|_| ReadError::Closed)?;
        }
        while self.buffer.len() < total {
            self.read_more(&mut deadline)?;
        }
        let body = self.buffer[head.len..total].to_vec();
        self.buffer.drain(..total);
        let connection = head
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("connection"))
            .map(|(_, v)| v.to_ascii_lowercase());
        let has_token = |t: &str| connection.as_deref().is_some_and(|v| v.split(',').any(|p| p.trim() == t));
        let keep_alive = if head.http10 { has_token("keep-alive") } else { !has_token("close") };
        let (path, query) = match head.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (head.target, String::new()),
        };
        Ok(Request { method: head.method, path, query, headers: head.headers, body, keep_alive })
    }

    fn parse_head(&self) -> Result<Option<Head>, ReadError> {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&self.buffer) {
            Ok(httparse::Status::Complete(len)) => Ok(Some(Head {
                len,
                method: parsed.method.unwrap_or_default().to_string(),
                target: parsed.path.unwrap_or_default().to_string(),
                headers: parsed
                    .headers
                    .iter()
                    .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned()))
                    .collect(),
                http10: parsed.version == Some(0),
            })),
            Ok(httparse::Status::Partial) if self.buffer.len() > MAX_HEAD => {
                Err(reject(431, &format!("request head is larger than {MAX_HEAD} bytes")))
            }
            Ok(httparse::Status::Partial) => Ok(None),
            Err(httparse::Error::TooManyHeaders) => Err(reject(431, &format!("more than {MAX_HEADERS} headers"))),
            Err(e) => Err(reject(400, &format!("malformed request head: {e}"))),
        }
    }

    /// Reads what is available into the buffer, waiting at most until the deadline (set by the first byte).
    fn read_more(&mut self, deadline: &mut Option<Instant>) -> Result<(), ReadError> {
        let timeout = match *deadline {
            None => IDLE_TIMEOUT,
            Some(d) => d.checked_duration_since(Instant::now()).filter(|t| !t.is_zero()).ok_or_else(too_slow)?,
        };
        self.stream.set_read_timeout(Some(timeout)).map_err(|_| ReadError::Closed)?;
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) => Err(ReadError::Closed),
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                deadline.get_or_insert_with(|| Instant::now() + REQUEST_DEADLINE);
                Ok(())
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                if deadline.is_some() {
                    Err(too_slow())
                } else {
                    Err(ReadError::Closed)
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(_) => Err(ReadError::Closed),
        }
    }

    /// Writes a whole response.
    pub fn send(&mut self, response: &Response, keep_alive: bool) -> io::Result<()> {
        self.stream.write_all(&response.head(keep_alive))?;
        self.stream.write_all(&response.body)?;
        self.stream.flush()
    }

    /// Writes the head at once, then the body in pieces spread evenly over `over` (the last piece no earlier
    /// than `over` after the head), as a slow or congested link would deliver it.
    pub fn send_slowly(&mut self, response: &Response, keep_alive: bool, over: Duration) -> io::Result<()> {
        self.stream.write_all(&response.head(keep_alive))?;
        self.stream.flush()?;
        let start = Instant::now();
        let pieces = SLOW_PIECES.min(response.body.len()).max(1);
        let size = response.body.len().div_ceil(pieces).max(1);
        for (i, piece) in response.body.chunks(size).enumerate() {
            let due = start + over.mul_f64((i + 1) as f64 / pieces as f64);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            self.stream.write_all(piece)?;
            self.stream.flush()?;
        }
        Ok(())
    }

    /// Closes the connection with a TCP reset (SO_LINGER with a zero timeout) instead of an orderly FIN.
    pub fn reset(self) {
        super::socket::reset(self.stream);
    }
}

fn too_slow() -> ReadError {
    reject(408, &format!("the request did not arrive within {} s", REQUEST_DEADLINE.as_secs()))
}

/// The body length: 0 without `Content-Length`; chunked bodies and conflicting or oversized lengths rejected.
fn content_length(headers: &[(String, String)]) -> Result<usize, ReadError> {
    if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding")) {
        return Err(reject(501, "Transfer-Encoding is not supported; send a Content-Length body"));
    }
    let mut length = None;
    for (_, value) in headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length")) {
        let parsed: usize = value.trim().parse().map_err(|_| reject(400, "Content-Length is not a number"))?;
        if length.is_some_and(|l| l != parsed) {
            return Err(reject(400, "conflicting Content-Length headers"));
        }
        length = Some(parsed);
    }
    match length.unwrap_or(0) {
        n if n > MAX_BODY => Err(reject(413, &format!("request body is larger than {MAX_BODY} bytes"))),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_rules() {
        let h = |pairs: &[(&str, &str)]| pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(content_length(&h(&[])).ok(), Some(0));
        assert_eq!(content_length(&h(&[("content-length", "12")])).ok(), Some(12));
        assert!(content_length(&h(&[("Content-Length", "1"), ("content-length", "2")])).is_err());
        assert!(content_length(&h(&[("Content-Length", "x")])).is_err());
        assert!(content_length(&h(&[("Content-Length", &(MAX_BODY + 1).to_string())])).is_err());
        assert!(content_length(&h(&[("Transfer-Encoding", "chunked")])).is_err());
    }
}
