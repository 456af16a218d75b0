//! Doctor texts that name protocol fields, assembled at compile time from `ydrz::protocol::field_names` so
//! that a renamed field changes them too.

/// Joins `&str` constants at compile time into one `&'static str`.
macro_rules! const_concat {
    ($($part:expr),+ $(,)?) => {{
        const PARTS: &[&str] = &[$($part),+];
        const BYTES: [u8; $crate::commands::doctor::names::total_len(PARTS)] =
            $crate::commands::doctor::names::joined(PARTS);
        match ::std::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("joined text is not UTF-8"),
        }
    }};
}

/// Field names joined with `+`, as the documents write a string to sign.
macro_rules! formula {
    ($first:expr $(, $rest:expr)* $(,)?) => {
        const_concat!($first $(, "+", $rest)*)
    };
}

/// The total length of `parts`.
pub const fn total_len(parts: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// `parts` one after the other; `N` must be their [`total_len`] (otherwise compilation fails).
pub const fn joined<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let bytes = parts[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            out[at] = bytes[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at == N, "N is not the total length");
    out
}

#[cfg(test)]
mod tests {
    const NAME: &str = "appId";

    #[test]
    fn joins_constants_and_writes_formulas() {
        const JOINED: &str = const_concat!("a ", NAME, " b");
        const FORMULA: &str = formula!(NAME, "token", "版本");
        const SINGLE: &str = formula!(NAME);
        assert_eq!(JOINED, "a appId b");
        assert_eq!(FORMULA, "appId+token+版本");
        assert_eq!(SINGLE, "appId");
    }
}
