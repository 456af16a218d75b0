//! One descriptor per platform interface: everything the client, its configuration defaults, the sandbox,
//! `ydrz doctor` and the tests must agree on, so that each protocol choice is written once. Sources and
//! confidence of every value: `docs/protocol.md` (the section named in each descriptor's `doc`).

use std::time::Duration;

use crate::codec::Encoding;
use crate::protocol::field_names::{
    APP_LOGIN_FIELDS as C, APP_NUMBER_FIELDS as D, NUMBER_VERIFY_FIELDS as B, ONEKEY_LOGIN_FIELDS as A,
};
use crate::signature::SignAlgorithm;

/// A successful token validation (one-click login, mini-program and App).
pub const SUCCESS_CODE: &str = "103000";
/// The `Content-Type` every interface is sent with (docs/protocol.md#common-conventions).
pub const CONTENT_TYPE: &str = "application/json;charset=utf-8";
/// Which catalog product and stage explain an interface's result codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSource {
    pub product: &'static str,
    pub stage: &'static str,
}

/// A signature algorithm with the text encoding of its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignStyle {
    pub algorithm: SignAlgorithm,
    pub encoding: Encoding,
}

/// What a platform interface is: where it lives, how a request is shaped and signed, and what its answers mean.
#[derive(Debug)]
pub struct Interface {
    /// Short name: the client configuration section and the sandbox's token product.
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// `docs/protocol.md` anchor of the interface's section.
    pub doc: &'static str,
    /// Path under the base URL.
    pub path: &'static str,
    /// Field names sent as HTTP headers (mini-program one-click login only). The field-name lists below are
    /// taken from the interface's constant in [`crate::protocol::field_names`], which names each field.
    pub http_headers: &'static [&'static str],
    /// Field names of the JSON `header` object (`{header, body}` interfaces), or of the flat body.
    pub header_fields: &'static [&'static str],
    /// Field names of the JSON `body` object (`{header, body}` interfaces).
    pub body_fields: &'static [&'static str],
    /// The version field's name.
    pub version_field: &'static str,
    /// The version the client sends by default.
    pub default_version: &'static str,
    /// The versions the sources show for this interface (the sandbox accepts only these).
    pub versions: &'static [&'static str],
    /// `businessType`, for the interfaces that carry one.
    pub business_type: Option<&'static str>,
    /// The request signature's default algorithm and encoding (for App login its RSA mode, for App number
    /// verification its keyType 1).
    pub sign: SignStyle,
    /// Catalog coordinates of the interface's result codes.
    pub codes: CodeSource,
    /// The result code of a successful validation (one-click login).
    pub success_code: Option<&'static str>,
    /// Number verification: the code meaning "the number is the device's own".
    pub match_code: Option<&'static str>,
    /// Number verification: the code meaning "the number is not the device's own".
    pub no_match_code: Option<&'static str>,
    /// How long a token of this product is valid after it is issued.
    pub token_lifetime: Duration,
}

/// (A) Mini-program / H5 one-click login `tokenValidate`.
pub const ONEKEY_LOGIN: Interface = Interface {
    name: "onekey",
    title: "mini-program one-click login tokenValidate",
    doc: "docs/protocol.md#a-mini-program-one-click-login",
    path: "/h5/onekeylogin/tokenValidate",
    http_headers: &[A.interface_version, A.app_id, A.trace_id, A.timestamp, A.business_type],
    header_fields: &[],
    body_fields: &[A.token, A.sign, A.user_information, A.expand_params],
    version_field: A.interface_version,
    default_version: "2.0",
    versions: &["1.0", "2.0"],
    business_type: Some("8"),
    sign: SignStyle { algorithm: SignAlgorithm::Sha256WithRsa, encoding: Encoding::HexUpper },
    codes: CodeSource { product: "mp_onekey_login", stage: "token_validate" },
    success_code: Some(SUCCESS_CODE),
    match_code: None,
    no_match_code: None,
    token_lifetime: Duration::from_secs(120),
};

/// (B) Mini-program / H5 number verification.
pub const NUMBER_VERIFY: Interface = Interface {
    name: "number_verify",
    title: "mini-program number verification",
    doc: "docs/protocol.md#b-mini-program-number-verification",
    path: "/NumberAbility/h5/verifyVmMobileApi.htm",
    http_headers: &[],
    header_fields: &[B.common.version, B.common.msg_id, B.common.app_id, B.common.timestamp],
    body_fields: &[B.common.expand_params, B.common.phone_num, B.common.token, B.common.sign, B.user_information],
    version_field: B.common.version,
    default_version: "1.0",
    versions: &["1.0"],
    business_type: None,
    sign: SignStyle { algorithm: SignAlgorithm::Md5WithRsa, encoding: Encoding::Base64 },
    codes: CodeSource { product: "mp_number_verify", stage: "troubleshooting" },
    success_code: None,
    match_code: Some("000"),
    no_match_code: Some("001"),
    token_lifetime: Duration::from_secs(60),
};

/// (C) App one-click login `loginTokenValidate`.
pub const APP_LOGIN: Interface = Interface {
    name: "app_login",
    title: "App one-click login loginTokenValidate",
    doc: "docs/protocol.md#c-app-one-click-login",
    path: "/unisdk/rsapi/loginTokenValidate",
    http_headers: &[],
    header_fields: &[
        C.version,
        C.msg_id,
        C.system_time,
        C.strict_check,
        C.app_id,
        C.token,
        C.sign,
        C.encryption_algorithm,
        C.expand_params,
    ],
    body_fields: &[],
    version_field: C.version,
    default_version: "2.0",
    versions: &["2.0"],
    business_type: None,
    sign: SignStyle { algorithm: SignAlgorithm::Sha256WithRsa, encoding: Encoding::HexLower },
    codes: CodeSource { product: "app_onekey_login", stage: "token_validate" },
    success_code: Some(SUCCESS_CODE),
    match_code: None,
    no_match_code: None,
    token_lifetime: Duration::from_secs(120),
};

/// (D) App number verification `tokenValidate`.
pub const APP_NUMBER: Interface = Interface {
    name: "app_number",
    title: "App number verification tokenValidate",
    doc: "docs/protocol.md#d-app-number-verification",
    path: "/openapi/rs/tokenValidate",
    http_headers: &[],
    header_fields: &[D.common.version, D.common.msg_id, D.common.timestamp, D.common.app_id],
    body_fields: &[
        D.open_type,
        D.requester_type,
        D.message,
        D.common.expand_params,
        D.key_type,
        D.common.phone_num,
        D.common.token,
        D.common.sign,
    ],
    version_field: D.common.version,
    default_version: "1.0",
    versions: &["1.0"],
    business_type: None,
    sign: SignStyle { algorithm: SignAlgorithm::Md5WithRsa, encoding: Encoding::Base64 },
    codes: CodeSource { product: "app_number_verify", stage: "token_validate" },
    success_code: None,
    match_code: Some("000"),
    no_match_code: Some("001"),
    token_lifetime: Duration::from_secs(120),
};

/// The longest lifetime of any product's token.
pub const LONGEST_TOKEN_LIFETIME: Duration = ONEKEY_LOGIN.token_lifetime;

/// The four interfaces, in the documentation's order (A) to (D).
pub const ALL: [&Interface; 4] = [&ONEKEY_LOGIN, &NUMBER_VERIFY, &APP_LOGIN, &APP_NUMBER];

/// The preSign signature's default style (docs/protocol.md#presign).
pub const PRESIGN_SIGN: SignStyle = SignStyle { algorithm: SignAlgorithm::Md5WithRsa, encoding: Encoding::Base64 };

impl Interface {
    /// The interface whose path is `path`.
    pub fn by_path(path: &str) -> Option<&'static Interface> {
        ALL.into_iter().find(|i| i.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names_are_distinct_and_found() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(a.path.starts_with('/'), "{}", a.path);
            assert!(a.versions.contains(&a.default_version), "{}", a.name);
            assert_eq!(Interface::by_path(a.path).map(|x| x.name), Some(a.name));
            for b in &ALL[i + 1..] {
                assert_ne!((a.path, a.name), (b.path, b.name));
            }
            let has_verdict = a.match_code.is_some() && a.no_match_code.is_some();
            assert!(a.success_code.is_some() != has_verdict, "{}: success code or match codes, not both", a.name);
        }
        assert_eq!(Interface::by_path("/nowhere").map(|i| i.name), None);
    }

    #[test]
    fn each_interface_names_its_fields_distinctly_and_declares_its_version_field() {
        for i in ALL {
            let names: Vec<&str> = [i.http_headers, i.header_fields, i.body_fields].concat();
            let mut distinct = names.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), names.len(), "{}: a field name is used twice: {names:?}", i.name);
            assert!(names.contains(&i.version_field), "{}", i.name);
            assert!(names.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic())), "{names:?}");
        }
    }

    #[test]
    fn token_lifetimes_follow_each_product() {
        assert_eq!(ONEKEY_LOGIN.token_lifetime, Duration::from_secs(120));
        assert_eq!(NUMBER_VERIFY.token_lifetime, Duration::from_secs(60));
        assert_eq!(ALL.iter().map(|i| i.token_lifetime).max(), Some(LONGEST_TOKEN_LIFETIME));
    }
}
