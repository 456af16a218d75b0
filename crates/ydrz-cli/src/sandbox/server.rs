//! The accept loop: one thread per connection, at most `max_connections` at once (more are answered 503 and
//! closed), each serving requests one after the other while the client keeps the connection alive.
//!
//! Memory is bounded by the connection limit: each connection holds one thread with a [`STACK_SIZE`] stack and
//! at most one request (`http::MAX_HEAD` + `http::MAX_BODY`) at a time.

use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::http::{Connection, ReadError, Response};
use super::log::{self, Note};
use super::router::{self, Action};
use super::state::State;

/// Most connections served at once, unless `--max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// Stack of a connection thread: requests are parsed and checked without deep recursion (JSON nesting is
/// limited by `http` and serde_json), so a quarter of std's default is plenty and keeps thousands of threads cheap.
pub const STACK_SIZE: usize = 512 * 1024;

/// Counts a connection as active until dropped.
struct Active(Arc<AtomicUsize>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lets the listener queue as many pending connections as it may serve (std listens with a backlog of 128; the
/// kernel caps the value at net.core.somaxconn), and the process open as many sockets.
pub fn prepare(listener: &TcpListener, max_connections: usize) -> std::io::Result<()> {
    let backlog = libc::c_int::try_from(max_connections.max(128)).unwrap_or(libc::c_int::MAX);
    // SAFETY: listen() on the listener's own open socket; it only changes the length of the accept queue.
    if unsafe { libc::listen(listener.as_raw_fd(), backlog) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    raise_open_file_limit(max_connections as u64 + 64);
    Ok(())
}

/// Raises the soft limit of open files towards `wanted` (never above the hard limit); best effort.
fn raise_open_file_limit(wanted: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local rlimit.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Serves connections until the listener fails (it does not return otherwise).
pub fn serve(listener: TcpListener, state: Arc<State>, max_connections: usize) -> std::io::Error {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if super::socket::is_transient(&e) => {
                eprintln!("ydrz sandbox: accept failed ({e}); retrying");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => return e,
        };
        if active.fetch_add(1, Ordering::SeqCst) >= max_connections {
            active.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let guard = Active(Arc::clone(&active));
        let state = Arc::clone(&state);
        let spawned = std::thread::Builder::new().name("sandbox-conn".into()).stack_size(STACK_SIZE).spawn(move || {
            let _guard = guard;
            serve_connection(stream, &state);
        });
        if let Err(e) = spawned {
            eprintln!("ydrz sandbox: cannot start a connection thread: {e}");
        }
    }
}

/// Answers 503 to a connection over the limit, without reading its request. The answer is small enough for
/// the socket buffer, so this does not block the accept loop.
fn refuse(stream: TcpStream) {
    if let Ok(mut connection) = Connection::new(stream) {
        let _ = connection.send(&Response::json(503, &serde_json::json!({"error": "too many connections"})), false);
    }
}

fn serve_connection(stream: TcpStream, state: &State) {
    let Ok(peer) = stream.peer_addr().map(|a| a.ip().to_canonical()) else {
        return;
    };
    let Ok(mut connection) = Connection::new(stream) else {
        return;
    };
    loop {
        let request = match connection.read_request() {
            Ok(request) => request,
            Err(ReadError::Closed) => return,
            Err(ReadError::Rejected(response)) => {
                log::request(peer, "-", "(unreadable request)", Some(response.status), &Note::default());
                let _ = connection.send(&response, false);
                return;
            }
        };
        let keep_alive = request.keep_alive;
        let sent = match router::route(state, peer, &request) {
            Action::Respond(response) => connection.send(&response, keep_alive),
            Action::SlowBody(response, over) => connection.send_slowly(&response, keep_alive, over),
            Action::Reset => return connection.reset(),
        };
        if sent.is_err() || !keep_alive {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_connections_get_a_complete_503() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        refuse(listener.accept().unwrap().0);
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut &client, &mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
        assert!(answer.ends_with(r#"{"error":"too many connections"}"#), "{answer}");
    }
}
