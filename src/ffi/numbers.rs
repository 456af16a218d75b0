//! The C ABI's numbers for the core's enums: every status, encoding and signature algorithm with its `YDRZ_*`
//! constant (declared in this module's parent, where cbindgen writes them into the header). The core's enums
//! carry no numbers; this is the one place the two meet.

use crate::codec::Encoding;
use crate::error::{Error, Result, Status};
use crate::signature::SignAlgorithm;

use super::*;

/// The number of `status` (`YDRZ_OK`, `YDRZ_E_*`): part of ABI 1, never renumbered or reused.
pub(crate) const fn status_code(status: Status) -> i32 {
    match status {
        Status::Ok => YDRZ_OK,
        Status::NullArg => YDRZ_E_NULL_ARG,
        Status::InvalidArg => YDRZ_E_INVALID_ARG,
        Status::InvalidUtf8 => YDRZ_E_INVALID_UTF8,
        Status::Key => YDRZ_E_KEY,
        Status::Crypto => YDRZ_E_CRYPTO,
        Status::Signature => YDRZ_E_SIGNATURE,
        Status::Network => YDRZ_E_NETWORK,
        Status::Timeout => YDRZ_E_TIMEOUT,
        Status::Http => YDRZ_E_HTTP,
        Status::Protocol => YDRZ_E_PROTOCOL,
        Status::Platform => YDRZ_E_PLATFORM,
        Status::TokenReused => YDRZ_E_TOKEN_REUSED,
        Status::Panic => YDRZ_E_PANIC,
    }
}

/// The status with this number, if there is one.
pub(crate) fn status_from_code(code: i32) -> Option<Status> {
    Status::ALL.iter().copied().find(|s| status_code(*s) == code)
}

/// The encoding of a `YDRZ_ENCODING_*` argument.
pub(crate) fn encoding(code: i32) -> Result<Encoding> {
    match code {
        YDRZ_ENCODING_HEX_UPPER => Ok(Encoding::HexUpper),
        YDRZ_ENCODING_HEX_LOWER => Ok(Encoding::HexLower),
        YDRZ_ENCODING_BASE64 => Ok(Encoding::Base64),
        other => Err(Error::invalid_arg(format!(
            "unknown encoding {other}: use YDRZ_ENCODING_HEX_UPPER (1), YDRZ_ENCODING_HEX_LOWER (2) or \
             YDRZ_ENCODING_BASE64 (3)"
        ))),
    }
}

/// The algorithm of a `YDRZ_SIGN_*` argument.
pub(crate) fn sign_algorithm(code: i32) -> Result<SignAlgorithm> {
    match code {
        YDRZ_SIGN_SHA256_RSA => Ok(SignAlgorithm::Sha256WithRsa),
        YDRZ_SIGN_MD5_RSA => Ok(SignAlgorithm::Md5WithRsa),
        other => Err(Error::invalid_arg(format!(
            "unknown signature algorithm {other}: use YDRZ_SIGN_SHA256_RSA (1) or YDRZ_SIGN_MD5_RSA (2)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_number_and_name() {
        let mut codes: Vec<i32> = Status::ALL.iter().map(|s| status_code(*s)).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "Status::ALL is in numeric order: {codes:?}");
        codes.dedup();
        assert_eq!(codes.len(), Status::ALL.len());
        for status in Status::ALL {
            assert_eq!(status_from_code(status_code(status)), Some(status));
        }
        assert_eq!(status_from_code(99), None);
        assert_eq!((status_code(Status::Key), Status::Key.name()), (10, "YDRZ_E_KEY"));
    }

    #[test]
    fn encodings_and_algorithms_by_number() {
        assert_eq!(encoding(1).unwrap(), Encoding::HexUpper);
        assert_eq!(encoding(2).unwrap(), Encoding::HexLower);
        assert_eq!(encoding(3).unwrap(), Encoding::Base64);
        assert_eq!(sign_algorithm(1).unwrap(), SignAlgorithm::Sha256WithRsa);
        assert_eq!(sign_algorithm(2).unwrap(), SignAlgorithm::Md5WithRsa);
        for bad in [0, 4, -1] {
            assert!(encoding(bad).unwrap_err().message().contains("YDRZ_ENCODING_BASE64"));
        }
        assert!(sign_algorithm(3).unwrap_err().message().contains("YDRZ_SIGN_MD5_RSA"));
    }
}
