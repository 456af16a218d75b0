//! Masking of secrets in text the library did not write (a platform description, the start of a broken
//! body) before it is quoted in an error message: such text may carry a phone number or a token.

use crate::protocol::fields::redact_token;

/// Shortest run of token characters (`A-Z a-z 0-9 + / = _ -`) holding a digit that is taken for a token, key
/// or ciphertext and shortened with [`redact_token`].
const MIN_TOKEN_RUN: usize = 16;
/// Shortest digit run that is taken for a phone number (or part of one) and masked.
const MIN_PHONE_RUN: usize = 7;

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-')
}

/// `text` with every token-like run shortened to its first 6 characters and its length, and every run of 7
/// or more digits masked: 11 or more digits keep the first 3 and the last 4 (`139****5678`, as the platform's
/// securityPhone), shorter runs are masked whole. Result codes (6 digits) and words are kept.
pub fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_token_char) {
        out.push_str(&rest[..start]);
        let run_and_after = &rest[start..];
        let end = run_and_after.find(|c| !is_token_char(c)).unwrap_or(run_and_after.len());
        let run = &run_and_after[..end];
        if run.len() >= MIN_TOKEN_RUN && run.bytes().any(|b| b.is_ascii_digit()) {
            out.push_str(&redact_token(run));
        } else {
            mask_digit_runs(run, &mut out);
        }
        rest = &run_and_after[end..];
    }
    out.push_str(rest);
    out
}

/// Appends `run` (ASCII) with its phone-like digit runs masked.
fn mask_digit_runs(run: &str, out: &mut String) {
    let bytes = run.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            out.push(char::from(bytes[i]));
            i += 1;
            continue;
        }
        let group = &run[i..i + digits];
        if digits < MIN_PHONE_RUN {
            out.push_str(group);
        } else if digits < 11 {
            out.push_str(&"*".repeat(digits));
        } else {
            out.push_str(&group[..3]);
            out.push_str(&"*".repeat(digits - 7));
            out.push_str(&group[digits - 4..]);
        }
        i += digits;
    }
}

#[cfg(test)]
mod tests {
    use super::mask_secrets;

    #[test]
    fn phones_and_tokens_are_masked_codes_and_words_are_kept() {
        assert_eq!(
            mask_secrets(r#"{"resultCode":"103000","msisdn":"13912345678""#),
            r#"{"resultCode":"103000","msisdn":"139****5678""#
        );
        assert_eq!(mask_secrets("tel 8613912345678."), "tel 861******5678.");
        assert_eq!(mask_secrets("id 1234567 ok"), "id ******* ok");
        let masked = mask_secrets("token STsid0000001517196594066Ab9Kx2Lq refused");
        assert_eq!(masked, "token STsid0…(32 chars) refused");
        assert_eq!(mask_secrets("签名错误 sign error 104013"), "签名错误 sign error 104013");
        assert_eq!(mask_secrets("internationalization"), "internationalization");
        assert_eq!(mask_secrets(""), "");
        assert_eq!(mask_secrets("x13912345678y&a=13912345678"), "x139****5678y&a=139****5678");
        assert_eq!(mask_secrets("msisdn RP+ama7A6MB2X/o7iETGrQ=="), "msisdn RP+ama…(24 chars)");
    }
}
