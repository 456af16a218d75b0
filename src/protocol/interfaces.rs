//! One descriptor per platform interface: everything the client, its configuration defaults, the sandbox,
//! `ydrz doctor` and the tests must agree on, so that each protocol choice is written once. Sources and
//! confidence of every value: `docs/protocol.md` (the section named in each descriptor's `doc`).

use std::time::Duration;

use crate::codec::Encoding;
use crate::protocol::field_names::{
    APP_LOGIN_FIELDS as C, APP_NUMBER_FIELDS as D, JSSDK_FIELDS as J, NUMBER_FIELDS as N, NUMBER_VERIFY_FIELDS as B,
    ONEKEY_LOGIN_FIELDS as A,
};
pub use crate::protocol::recipe::SignStyle;
use crate::protocol::recipe::{Algorithm, Basis, Piece, Recipe, Section, Setting, Value};
use crate::signature::SignAlgorithm;

/// A successful token validation (one-click login, mini-program and App).
pub const SUCCESS_CODE: &str = "103000";
/// The `Content-Type` every interface is sent with (docs/protocol.md#common-conventions).
pub const CONTENT_TYPE: &str = "application/json;charset=utf-8";
/// Number verification: "the number is the device's own" (App document; borrowed for the mini-program one).
const MATCH_CODE: &str = "000";
/// Number verification: "the number is not the device's own".
const NO_MATCH_CODE: &str = "001";

/// Which catalog product and stage explain an interface's result codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSource {
    pub product: &'static str,
    pub stage: &'static str,
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
    /// The configuration option holding the version the client sends (its default is in `settings`).
    pub version_option: &'static str,
    /// The versions the sources show for this interface (the sandbox accepts only these).
    pub versions: &'static [&'static str],
    /// How each value the client computes is made, the default sign first.
    pub recipes: &'static [&'static Recipe],
    /// Every option of the interface's configuration section that has a default, with it.
    pub settings: &'static [Setting],
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

// ---- recipes ------------------------------------------------------------------------------------------------

/// The appkey as S0's jssdk formula writes it.
pub const JSSDK_APPKEY: Piece = Piece::secret("appkey", "app_key");
/// The appkey as the number-verification formulas write it.
pub const APP_KEY: Piece = Piece::secret("appKey", "app_key");
/// The APPSecret ending the App MD5 string (the appkey for apps created before 2018-12-26).
pub const APP_SECRET: Piece = Piece::secret("APPSecret", "app_secret");

/// What number verification encrypts (or, keyType 0, hashes) into `phoneNum`.
const PHONE_PIECES: &[Piece] = &[Piece::PHONE, APP_KEY, Piece::timestamp(N.timestamp, "timestamp")];
/// The number-verification string to sign, (B) and (D) alike.
const NUMBER_PIECES: &[Piece] = &[
    Piece::text(N.app_id, "app_id"),
    Piece::text(N.msg_id, "msg_id"),
    Piece::text(N.phone_num, "phone_num"),
    Piece::timestamp(N.timestamp, "timestamp"),
    Piece::text(N.token, "token"),
    Piece::text(N.version, "version"),
];

/// The mini-program / H5 jssdk MD5 sign (msgId = traceId).
pub const JSSDK_SIGN: Recipe = Recipe {
    output: "jssdk sign",
    pieces: &[
        Piece::text(J.app_id, "app_id"),
        Piece::text(J.business_type, "business_type"),
        Piece::text(J.msg_id, "trace_id"),
        Piece::timestamp(J.timestamp, "timestamp"),
        Piece::text(J.trace_id, "trace_id"),
        Piece::text(J.version, "version"),
        JSSDK_APPKEY,
    ],
    algorithm: Algorithm::Md5,
    encoding: Encoding::HexUpper,
    source: "S0 §3.2, CS, CL",
    encoding_basis: Basis::Open("upper-case hex in CS; S0 does not say"),
};

/// The preSign signature: the jssdk's preSign text, verbatim.
pub const PRESIGN_SIGN: Recipe = Recipe {
    output: "preSign sign",
    pieces: &[Piece::text("preSign", "presign")],
    algorithm: Algorithm::Rsa(SignAlgorithm::Md5WithRsa),
    encoding: Encoding::Base64,
    source: "JS (the text); RU, CS, PD (the algorithm, inferred)",
    encoding_basis: Basis::Open("Base64, as RsaUtils.sign (RU) writes it"),
};

/// The name (A)'s formula gives the interfaceVersion header's value, which it signs.
pub const ONEKEY_SIGNED_VERSION: &str = "version";

/// (A) The tokenValidate sign; the version is the interfaceVersion header's value.
pub const ONEKEY_SIGN: Recipe = Recipe {
    output: "sign",
    pieces: &[
        Piece::text(A.app_id, "app_id"),
        Piece::text(A.trace_id, "trace_id"),
        Piece::timestamp(A.timestamp, "timestamp"),
        Piece::text(A.token, "token"),
        Piece::text(ONEKEY_SIGNED_VERSION, "version"),
    ],
    algorithm: Algorithm::Rsa(SignAlgorithm::Sha256WithRsa),
    encoding: Encoding::HexUpper,
    source: "CS, CL (the string); S0 FAQ 3, CS, CL (the algorithm)",
    encoding_basis: Basis::Open(
        "upper-case hex in CS and V114's curl sample; whether lower case is accepted is unknown",
    ),
};

/// (B) The number-verification sign.
pub const NUMBER_VERIFY_SIGN: Recipe = Recipe {
    output: "sign",
    pieces: NUMBER_PIECES,
    algorithm: Algorithm::Rsa(SignAlgorithm::Md5WithRsa),
    encoding: Encoding::Base64,
    source: "CS, PD keyType 1",
    encoding_basis: Basis::Open("Base64 in CS and RsaUtils.sign (RU)"),
};

/// (B), and (D) keyType 1: `phoneNum` encrypted under the platform public key.
pub const PHONE_NUM: Recipe = Recipe {
    output: "phoneNum",
    pieces: PHONE_PIECES,
    algorithm: Algorithm::RsaEncrypt,
    encoding: Encoding::Base64,
    source: "CS, PD keyType 1",
    encoding_basis: Basis::Open("Base64 in CS and RsaUtils.encryptedDataOnJava (RU)"),
};

/// (C) MD5 mode.
pub const APP_LOGIN_MD5_SIGN: Recipe = Recipe {
    output: "sign, MD5 mode",
    pieces: &[
        Piece::text(C.app_id, "app_id"),
        Piece::text(C.version, "version"),
        Piece::text(C.msg_id, "msg_id"),
        Piece::timestamp(C.system_time, C.system_time),
        Piece::text(C.strict_check, C.strict_check),
        Piece::text(C.token, "token"),
        APP_SECRET,
    ],
    algorithm: Algorithm::Md5,
    encoding: Encoding::HexUpper,
    source: "PD, UG, CS",
    encoding_basis: Basis::Documented("PD: 32 upper-case hex characters"),
};

/// (C) RSA mode (`encryptionalgorithm` "RSA"), signed with the private key of 应用公钥1.
pub const APP_LOGIN_RSA_SIGN: Recipe = Recipe {
    output: "sign, RSA mode",
    pieces: &[Piece::text(C.app_id, "app_id"), Piece::text(C.token, "token")],
    algorithm: Algorithm::Rsa(SignAlgorithm::Sha256WithRsa),
    encoding: Encoding::HexUpper,
    source: "PD, GO",
    encoding_basis: Basis::Open(
        "hex (PD, GO); the case is not given: upper case inferred from GO's later commits, the MD5 mode's \
         documented upper case and the mini-program sign",
    ),
};

/// (D) keyType 1.
pub const APP_NUMBER_KEY1_SIGN: Recipe = Recipe {
    output: "sign, keyType 1",
    pieces: NUMBER_PIECES,
    algorithm: Algorithm::Rsa(SignAlgorithm::Md5WithRsa),
    encoding: Encoding::Base64,
    source: "PD, CS",
    encoding_basis: Basis::Documented("PD, CS: Base64"),
};

/// (D) keyType 0: the typed number hashed into `phoneNum`.
pub const APP_NUMBER_KEY0_PHONE_NUM: Recipe = Recipe {
    output: "phoneNum, keyType 0",
    pieces: PHONE_PIECES,
    algorithm: Algorithm::Sha256,
    encoding: Encoding::HexUpper,
    source: "PD, SDK",
    encoding_basis: Basis::Documented("PD: 64 upper-case hex characters"),
};

/// (D) keyType 0: the sign, an HMAC keyed with the appkey.
pub const APP_NUMBER_KEY0_SIGN: Recipe = Recipe {
    output: "sign, keyType 0",
    pieces: NUMBER_PIECES,
    algorithm: Algorithm::HmacSha256(APP_KEY),
    encoding: Encoding::HexUpper,
    source: "PD, SDK",
    encoding_basis: Basis::Documented("PD: 64 upper-case hex characters"),
};

// ---- descriptors --------------------------------------------------------------------------------------------

/// The `jssdk` section: the parameters of `YDRZ.getTokenInfo` (docs/protocol.md#jssdk-sign).
pub const JSSDK: Section = Section {
    name: "jssdk",
    recipes: &[&JSSDK_SIGN],
    settings: &[
        Setting::text("version", "2.0"),
        Setting::text("business_type", "8"),
        Setting::text("sign_encoding", JSSDK_SIGN.encoding.name()),
    ],
};

/// The `presign` section (docs/protocol.md#presign).
pub const PRESIGN: Section = Section {
    name: "presign",
    recipes: &[&PRESIGN_SIGN],
    settings: &[
        Setting::text("sign_algorithm", PRESIGN_SIGN.rsa_name()),
        Setting::text("sign_encoding", PRESIGN_SIGN.encoding.name()),
    ],
};

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
    version_option: "interface_version",
    versions: &["1.0", "2.0"],
    recipes: &[&ONEKEY_SIGN],
    settings: &[
        Setting::text("interface_version", "2.0"),
        Setting::text("business_type", "8"),
        Setting::text("sign_encoding", ONEKEY_SIGN.encoding.name()),
        Setting::text("msisdn_aes_key", "first16"),
    ],
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
    version_option: "version",
    versions: &["1.0"],
    recipes: &[&NUMBER_VERIFY_SIGN, &PHONE_NUM],
    settings: &[
        Setting::text("version", "1.0"),
        Setting::text("sign_algorithm", NUMBER_VERIFY_SIGN.rsa_name()),
        Setting::text("sign_encoding", NUMBER_VERIFY_SIGN.encoding.name()),
        Setting { key: "match_codes", default: Value::Texts(&[MATCH_CODE]) },
        Setting { key: "no_match_codes", default: Value::Texts(&[NO_MATCH_CODE]) },
    ],
    codes: CodeSource { product: "mp_number_verify", stage: "troubleshooting" },
    success_code: None,
    match_code: Some(MATCH_CODE),
    no_match_code: Some(NO_MATCH_CODE),
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
    version_option: "version",
    versions: &["2.0"],
    recipes: &[&APP_LOGIN_MD5_SIGN, &APP_LOGIN_RSA_SIGN],
    settings: &[
        Setting::text("mode", "md5"),
        Setting::text("version", "2.0"),
        Setting::text("strictcheck", "0"),
        Setting::text("md5_secret", "app_secret"),
        Setting::text("md5_encoding", APP_LOGIN_MD5_SIGN.encoding.name()),
        Setting::text("rsa_sign_encoding", APP_LOGIN_RSA_SIGN.encoding.name()),
    ],
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
    version_option: "version",
    versions: &["1.0"],
    recipes: &[&APP_NUMBER_KEY1_SIGN, &PHONE_NUM, &APP_NUMBER_KEY0_SIGN, &APP_NUMBER_KEY0_PHONE_NUM],
    settings: &[
        Setting::text("version", "1.0"),
        Setting::text("key_type", "1"),
        Setting { key: "key_type_as_number", default: Value::Flag(false) },
        Setting::text("open_type", "1"),
        Setting::text("requester_type", "0"),
        Setting::text("sign_algorithm", APP_NUMBER_KEY1_SIGN.rsa_name()),
        Setting::text("sign_encoding", APP_NUMBER_KEY1_SIGN.encoding.name()),
    ],
    codes: CodeSource { product: "app_number_verify", stage: "token_validate" },
    success_code: None,
    match_code: Some(MATCH_CODE),
    no_match_code: Some(NO_MATCH_CODE),
    token_lifetime: Duration::from_secs(120),
};

/// The longest lifetime of any product's token.
pub const LONGEST_TOKEN_LIFETIME: Duration = ONEKEY_LOGIN.token_lifetime;

/// The four interfaces, in the documentation's order (A) to (D).
pub const ALL: [&Interface; 4] = [&ONEKEY_LOGIN, &NUMBER_VERIFY, &APP_LOGIN, &APP_NUMBER];

/// Every configuration section with defaults, in the configuration's order.
pub const SECTIONS: [Section; 6] =
    [JSSDK, PRESIGN, ONEKEY_LOGIN.section(), NUMBER_VERIFY.section(), APP_LOGIN.section(), APP_NUMBER.section()];

impl Interface {
    /// The interface whose path is `path`.
    pub fn by_path(path: &str) -> Option<&'static Interface> {
        ALL.into_iter().find(|i| i.path == path)
    }

    /// The interface's configuration section.
    pub const fn section(&self) -> Section {
        Section { name: self.name, recipes: self.recipes, settings: self.settings }
    }

    /// The default sign: the first recipe.
    pub fn sign(&self) -> &'static Recipe {
        self.recipes[0]
    }

    /// The version the client sends by default.
    pub const fn default_version(&self) -> &'static str {
        self.section().text(self.version_option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names_are_distinct_and_found() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(a.path.starts_with('/'), "{}", a.path);
            assert!(a.versions.contains(&a.default_version()), "{}", a.name);
            assert!(!a.recipes.is_empty(), "{}", a.name);
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
