//! Reading what an option names: a file, or standard input for `-`. Every read is capped (a path like
//! /dev/zero fails at once instead of filling memory), standard input can be read by one option only, and a
//! file holding a secret that other users may read draws a warning.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

/// Whether some option has already read standard input.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// What a file holds: a secret gets the permission check.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Contents {
    Public,
    Secret,
}

/// The text of `path` (`-`: standard input) for the option `option`, at most `limit` bytes; longer input is
/// an error as soon as byte `limit + 1` is read. A `Secret` file that its group or other users may read gets
/// a warning on stderr. Errors are messages that name the option and the path.
pub fn read_text(option: &str, path: &str, limit: usize, contents: Contents) -> Result<Zeroizing<String>, String> {
    let fail = |why: String| format!("cannot read {option} {path}: {why}");
    if path == "-" {
        if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
            return Err(fail("standard input was already read by another option".into()));
        }
        return read_capped(io::stdin().lock(), limit).map_err(fail);
    }
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let mode = file.metadata().map_err(|e| fail(e.to_string()))?.mode();
    if contents == Contents::Secret && mode & 0o077 != 0 && mode & 0o170000 == 0o100000 {
        eprintln!(
            "ydrz: warning: {option} {path} holds a secret but its mode is {:04o}: other users may read it \
             (chmod 600 {path})",
            mode & 0o7777
        );
    }
    read_capped(file, limit).map_err(fail)
}

fn read_capped(source: impl Read, limit: usize) -> Result<Zeroizing<String>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    source.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() > limit {
        return Err(format!("longer than {limit} bytes, the most the library accepts"));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_string())),
        Err(_) => Err("not UTF-8 text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_capped_at_the_limit() {
        assert_eq!(read_capped(&b"abcd"[..], 4).unwrap().as_str(), "abcd");
        assert!(read_capped(&b"abcde"[..], 4).unwrap_err().contains("longer than 4 bytes"));
        assert!(read_capped(io::repeat(0), 1024).is_err());
        assert!(read_capped(&[0xff][..], 4).unwrap_err().contains("UTF-8"));
    }
}
