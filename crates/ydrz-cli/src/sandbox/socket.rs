//! The two socket operations the sandbox needs beyond std, per OS: an abortive close (a TCP reset) and
//! telling transient accept errors from fatal ones.

use std::io;
use std::net::TcpStream;

/// Closes `stream` with a TCP reset (SO_LINGER on with a zero timeout) instead of an orderly FIN.
#[cfg(unix)]
pub fn reset(stream: TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: the descriptor is open (owned by `stream`, closed only when it drops below), and the option value
    // is a valid `linger` of the size passed.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    drop(stream);
}

/// Closes `stream` with a TCP reset (SO_LINGER on with a zero timeout) instead of an orderly FIN.
#[cfg(windows)]
pub fn reset(stream: TcpStream) {
    use std::os::windows::io::AsRawSocket;
    /// Winsock's `struct linger` (winsock2.h): two `u_short`.
    #[repr(C)]
    struct Linger {
        l_onoff: u16,
        l_linger: u16,
    }
    const SOL_SOCKET: i32 = 0xffff;
    const SO_LINGER: i32 = 0x0080;
    #[link(name = "ws2_32")]
    extern "system" {
        fn setsockopt(socket: usize, level: i32, name: i32, value: *const u8, length: i32) -> i32;
    }
    let linger = Linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: the socket is open (owned by `stream`, closed only when it drops below), and the option value is
    // a valid `linger` of the size passed.
    unsafe {
        setsockopt(
            stream.as_raw_socket() as usize,
            SOL_SOCKET,
            SO_LINGER,
            (&linger as *const Linger).cast(),
            std::mem::size_of::<Linger>() as i32,
        );
    }
    drop(stream);
}

/// Errors after which accepting again makes sense (out of descriptors or memory, aborted handshakes).
#[cfg(unix)]
pub fn is_transient(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM | libc::ECONNABORTED | libc::EPROTO)
    )
}

/// Errors after which accepting again makes sense (out of sockets or buffers, aborted or reset handshakes).
#[cfg(windows)]
pub fn is_transient(e: &io::Error) -> bool {
    const WSAEMFILE: i32 = 10024;
    const WSAECONNABORTED: i32 = 10053;
    const WSAECONNRESET: i32 = 10054;
    const WSAENOBUFS: i32 = 10055;
    matches!(e.raw_os_error(), Some(WSAEMFILE | WSAECONNABORTED | WSAECONNRESET | WSAENOBUFS))
}
