//! The server side of the tests' hand-made HTTP servers (plain or TLS): reading the client's request and
//! writing a canned JSON answer.

use std::io::Read;

/// Reads one request, its head and `Content-Length` bytes of body, so that closing the socket afterwards sends
/// FIN, not RST, and returns it as text. If the stream ends first it returns what arrived until then
/// (`is_complete_request` tells); a read error (such as a failed TLS handshake) is returned as is.
pub fn read_request(stream: &mut impl Read) -> std::io::Result<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !is_complete_request(&data) {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Ok(String::from_utf8_lossy(&data).into_owned())
}

/// Whether `request` holds a whole head and at least the `Content-Length` bytes of body it announces.
pub fn is_complete_request(request: impl AsRef<[u8]>) -> bool {
    let data = request.as_ref();
    let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let length = String::from_utf8_lossy(&data[..end])
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap())
        })
        .unwrap_or(0);
    data.len() >= end + 4 + length
}

/// A `200 OK` answer with a JSON `body` and its `Content-Length`, announcing `Connection: close` if `close`.
pub fn json_answer(body: &[u8], close: bool) -> Vec<u8> {
    let connection = if close { "Connection: close\r\n" } else { "" };
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{connection}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}
