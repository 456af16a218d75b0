//! The interfaces the doctor knows: for each, its fields, the ways integrators get its string to sign wrong
//! (data: one [`StringVariant`] per mistake, the first one being the specified string), the formats the
//! platform could be sent, and what to check when the sign turns out to be right.

use ydrz::codec::{decode_base64, looks_like_hex};
use ydrz::keys::PrivateKey;
use ydrz::protocol::field_names::{
    APP_LOGIN_FIELDS as C, APP_NUMBER_FIELDS, JSSDK_FIELDS as J, NUMBER_FIELDS as N, NUMBER_VERIFY_FIELDS as B,
    ONEKEY_LOGIN_FIELDS as A,
};
use ydrz::protocol::interfaces::{APP_LOGIN, NUMBER_VERIFY, ONEKEY_LOGIN, PRESIGN_SIGN};
use ydrz::protocol::strings::{
    app_login_md5_string, app_login_rsa_string, jssdk_sign_string, number_verify_string, token_validate_string,
    AppLoginMd5Input, JssdkSignInput, JSSDK_DEFAULT_BUSINESS_TYPE, JSSDK_DEFAULT_VERSION,
};

use super::variants::{build_all, rsa_formats, url_decoded, Built, Format, StringVariant, Verifier, MD5_FORMATS};
use crate::args::{Args, UsageError};
use crate::commands::common::{private_key, required_public_key, Failure};

/// What one interface's diagnosis says whatever the inputs.
pub struct About {
    /// What is being checked, for the heading.
    pub title: &'static str,
    /// Catalog product used to explain `--code`.
    pub product: &'static str,
    /// The specified string, in the platform's notation.
    pub formula: &'static str,
    /// What to look at when the sign is right.
    pub elsewhere: &'static str,
}

/// Everything the doctor needs to diagnose one sign.
pub struct Case {
    pub about: &'static About,
    pub strings: Vec<(&'static str, Option<Built>)>,
    /// The candidate formats, the expected one first.
    pub formats: Vec<Format>,
    /// The candidate keys, the registered one first; a single keyless entry for MD5 interfaces.
    pub keys: Vec<Verifier>,
    /// Secrets inside the strings (appkey, APPSecret), masked whenever a string is printed.
    pub secrets: Vec<String>,
    /// The private key of the registered public key, when given: used to show the sign to send.
    pub signer: Option<PrivateKey>,
    /// Checks beside the sign: (passed, text).
    pub notes: Vec<(bool, String)>,
}

impl Case {
    /// An interface signed with RSA: its `strings` built from `fields`, `formats` from [`rsa_formats`], the keys
    /// from [`rsa_keys`] and their notes followed by `notes` on the other inputs.
    fn rsa<F>(
        args: &Args,
        about: &'static About,
        strings: &[StringVariant<F>],
        fields: &F,
        formats: [Format; 6],
        notes: impl IntoIterator<Item = (bool, String)>,
    ) -> Result<Case, Failure> {
        let RsaKeys { keys, signer, notes: key_notes } = rsa_keys(args)?;
        let notes = key_notes.into_iter().chain(notes).collect();
        let strings = build_all(strings, fields)?;
        Ok(Case { about, strings, formats: formats.to_vec(), keys, secrets: Vec::new(), signer, notes })
    }

    /// An MD5 interface, its `strings` built from `fields`, whose `secrets` (named `secret_label` in the table)
    /// are inside the strings.
    fn md5<F>(
        about: &'static About,
        strings: &[StringVariant<F>],
        fields: &F,
        secret_label: &'static str,
        secrets: Vec<String>,
    ) -> Result<Case, Failure> {
        let strings = build_all(strings, fields)?;
        let keys = vec![Verifier { label: secret_label, key: None }];
        Ok(Case { about, strings, formats: MD5_FORMATS.to_vec(), keys, secrets, signer: None, notes: Vec::new() })
    }
}

/// One `ydrz doctor` subcommand.
pub struct Interface {
    pub name: &'static str,
    /// Its options that take a value (the common `sign` and `code` included).
    pub valued: &'static [&'static str],
    pub case: fn(&Args) -> Result<Case, Failure>,
}

pub const INTERFACES: &[Interface] = &[
    Interface {
        name: "token-validate",
        valued: &[
            "public-key",
            "public-key-file",
            "private-key",
            "private-key-file",
            "app-id",
            "trace-id",
            "timestamp",
            "token",
            "version",
            "msg-id",
            "user-information",
            "sign",
            "code",
        ],
        case: token_validate,
    },
    Interface {
        name: "jssdk",
        valued: &[
            "app-id",
            "app-key",
            "app-secret",
            "trace-id",
            "msg-id",
            "timestamp",
            "version",
            "business-type",
            "sign",
            "code",
        ],
        case: jssdk,
    },
    Interface {
        name: "number-verify",
        valued: &[
            "public-key",
            "public-key-file",
            "private-key",
            "private-key-file",
            "app-id",
            "msg-id",
            "trace-id",
            "phone-num",
            "phone",
            "timestamp",
            "token",
            "version",
            "user-information",
            "sign",
            "code",
        ],
        case: number_verify,
    },
    Interface {
        name: "presign",
        valued: &["public-key", "public-key-file", "private-key", "private-key-file", "presign", "sign", "code"],
        case: presign,
    },
    Interface {
        name: "app-login",
        valued: &[
            "app-id",
            "msg-id",
            "systemtime",
            "version",
            "strictcheck",
            "token",
            "app-secret",
            "app-key",
            "sign",
            "code",
        ],
        case: app_login_md5,
    },
    Interface {
        name: "app-login-rsa",
        valued: &[
            "public-key",
            "public-key-file",
            "private-key",
            "private-key-file",
            "app-id",
            "token",
            "sign",
            "code",
        ],
        case: app_login_rsa,
    },
];

fn built(text: String, over: impl Into<String>) -> ydrz::Result<Option<Built>> {
    Ok(Some(Built { text, over: over.into() }))
}

/// The label of the variant with [`other_version`] inside the string (the tokenValidate one says interfaceVersion).
const OTHER_VERSION: &str = "the other version (1.0 <-> 2.0) inside the string";

/// The label of the variant with the token URL-decoded, and what its string is over ([`token_url_decoded_over`]).
const TOKEN_URL_DECODED: &str = "token URL-decoded before signing";

fn token_url_decoded_over(formula: &str) -> String {
    format!("{formula} with the token URL-decoded; sign the token exactly as you send it")
}

/// The interfaceVersion / version an integrator confuses with `version` (the platform's two values).
fn other_version(version: &str) -> Option<&'static str> {
    match version {
        "2.0" => Some("1.0"),
        "1.0" => Some("2.0"),
        _ => None,
    }
}

fn owned(args: &Args, name: &str) -> Result<String, Failure> {
    Ok(args.required(name)?.to_string())
}

fn optional(args: &Args, name: &str) -> Option<String> {
    args.value(name).map(str::to_string)
}

/// The keys of an RSA interface, with notes on how they relate.
struct RsaKeys {
    keys: Vec<Verifier>,
    signer: Option<PrivateKey>,
    notes: Vec<(bool, String)>,
}

/// The registered public key (required), and the private key if given: when its public half is the registered
/// key it becomes the signer, otherwise its public half is a second candidate key. Notes say which.
fn rsa_keys(args: &Args) -> Result<RsaKeys, Failure> {
    let registered = required_public_key(args, "public-key")?;
    let mut keys = vec![Verifier { label: "the registered public key", key: Some(registered.clone()) }];
    let mut notes = vec![(true, format!("registered public key: {}-bit RSA", registered.bits()))];
    let Some(private) = private_key(args, "private-key")? else { return Ok(RsaKeys { keys, signer: None, notes }) };
    let half = private.public_key();
    if half == registered {
        notes.push((true, "--private-key's public half is the registered public key (the pair matches)".into()));
        return Ok(RsaKeys { keys, signer: Some(private), notes });
    }
    notes.push((
        false,
        format!(
            "--private-key's public half is NOT the registered public key: the platform verifies with the registered \
             key, so signs made with this private key fail (104013 / 130018). Register its public key instead, or \
             sign with the private key of the registered one. Its public key: {}",
            half.to_spki_base64()?
        ),
    ));
    keys.push(Verifier { label: "signed with --private-key (not the registered key)", key: Some(half) });
    Ok(RsaKeys { keys, signer: None, notes })
}

/// A note when `--user-information` looks URL-decoded: it must be sent exactly as the jssdk returned it.
/// `field` is the interface's name for it.
fn user_information_note(args: &Args, field: &str) -> Option<(bool, String)> {
    let info = args.value("user-information")?;
    if info.contains('%') || !info.contains(['@', ' ', '/', ':']) {
        return Some((true, format!("{field} looks as the jssdk returned it (URL-encoded)")));
    }
    Some((
        false,
        format!(
            "{field} looks URL-decoded (it has '@', ' ', '/' or ':' and no %XX escapes): send it exactly as the \
             jssdk returned it, never URL-decoded (120020 / 103101)"
        ),
    ))
}

// ---- /h5/onekeylogin/tokenValidate -------------------------------------------------------------------------

/// The documents write the interfaceVersion header's value as `version` in the tokenValidate string.
const TV_VERSION: &str = "version";
const TV_FORMULA: &str = formula!(A.app_id, A.trace_id, A.timestamp, A.token, TV_VERSION);
const TV_ALPHABETICAL: &str = formula!(A.app_id, A.timestamp, A.token, A.trace_id, TV_VERSION);
const TV_SWAPPED: &str = formula!(A.app_id, A.timestamp, A.trace_id, A.token, TV_VERSION);
const TV_WITHOUT_VERSION: &str = formula!(A.app_id, A.trace_id, A.timestamp, A.token);

const TV: About = About {
    title: const_concat!("one-click login tokenValidate sign (", ONEKEY_LOGIN.path, " body.", A.sign, ")"),
    product: ONEKEY_LOGIN.codes.product,
    formula: TV_FORMULA,
    elsewhere: const_concat!(
        "send exactly these ",
        A.app_id,
        ", ",
        A.trace_id,
        ", ",
        A.timestamp,
        " and ",
        A.interface_version,
        " values as HTTP headers, check that this public key is the one registered for this ",
        A.app_id,
        " on dev.10086.cn, and use each token once, within 2 minutes",
    ),
};

struct TokenValidate {
    app_id: String,
    trace_id: String,
    timestamp: String,
    token: String,
    version: String,
    msg_id: Option<String>,
}

const TOKEN_VALIDATE_STRINGS: &[StringVariant<TokenValidate>] = &[
    StringVariant {
        label: "as specified",
        build: |f| {
            built(token_validate_string(&f.app_id, &f.trace_id, &f.timestamp, &f.token, &f.version)?, TV_FORMULA)
        },
    },
    StringVariant {
        label: const_concat!("the other ", A.interface_version, " (1.0 <-> 2.0) inside the string"),
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                token_validate_string(&f.app_id, &f.trace_id, &f.timestamp, &f.token, v)?,
                format!(
                    "{TV_FORMULA} with {TV_VERSION} \"{v}\" inside, while the {field} you declared is \"{}\"; the \
                     platform signs with the {field} header value",
                    f.version,
                    field = A.interface_version,
                ),
            ),
        },
    },
    StringVariant {
        label: TOKEN_URL_DECODED,
        build: |f| match url_decoded(&f.token) {
            None => Ok(None),
            Some(token) => built(
                token_validate_string(&f.app_id, &f.trace_id, &f.timestamp, &token, &f.version)?,
                token_url_decoded_over(TV_FORMULA),
            ),
        },
    },
    StringVariant {
        label: const_concat!("--msg-id (e.g. the jssdk ", A.trace_id, ") instead of the ", A.trace_id, " header"),
        build: |f| match f.msg_id.as_deref().filter(|m| *m != f.trace_id) {
            None => Ok(None),
            Some(id) => built(
                token_validate_string(&f.app_id, id, &f.timestamp, &f.token, &f.version)?,
                format!(
                    "{TV_FORMULA} with {field} \"{id}\" (your --msg-id), while the {field} header is \"{}\"",
                    f.trace_id,
                    field = A.trace_id,
                ),
            ),
        },
    },
    StringVariant {
        label: const_concat!("fields in alphabetical order: ", TV_ALPHABETICAL),
        build: |f| {
            built(
                format!("{}{}{}{}{}", f.app_id, f.timestamp, f.token, f.trace_id, f.version),
                format!("{TV_ALPHABETICAL} (alphabetical); the platform's order is {TV_FORMULA}"),
            )
        },
    },
    StringVariant {
        label: const_concat!(A.trace_id, " and ", A.timestamp, " swapped: ", TV_SWAPPED),
        build: |f| {
            built(
                format!("{}{}{}{}{}", f.app_id, f.timestamp, f.trace_id, f.token, f.version),
                format!("{TV_SWAPPED}; the platform's order is {TV_FORMULA}"),
            )
        },
    },
    StringVariant {
        label: const_concat!(TV_VERSION, " left out: ", TV_WITHOUT_VERSION),
        build: |f| {
            built(
                format!("{}{}{}{}", f.app_id, f.trace_id, f.timestamp, f.token),
                format!("{TV_WITHOUT_VERSION} without the version; the platform signs {TV_FORMULA}"),
            )
        },
    },
];

fn token_validate(args: &Args) -> Result<Case, Failure> {
    let fields = TokenValidate {
        app_id: owned(args, "app-id")?,
        trace_id: owned(args, "trace-id")?,
        timestamp: owned(args, "timestamp")?,
        token: owned(args, "token")?,
        version: args.value("version").unwrap_or(ONEKEY_LOGIN.default_version).to_string(),
        msg_id: optional(args, "msg-id"),
    };
    let formats = rsa_formats(ONEKEY_LOGIN.sign);
    Case::rsa(args, &TV, TOKEN_VALIDATE_STRINGS, &fields, formats, user_information_note(args, A.user_information))
}

// ---- jssdk getTokenInfo sign (MD5) ---------------------------------------------------------------------------

const JSSDK_FORMULA: &str = const_concat!(
    formula!(J.app_id, J.business_type, J.msg_id, J.timestamp, J.trace_id, J.version, "appkey"),
    " (",
    J.msg_id,
    " = ",
    J.trace_id,
    ")"
);

const JSSDK: About = About {
    title: "jssdk getTokenInfo sign (MD5, one-click login)",
    product: ONEKEY_LOGIN.codes.product,
    formula: JSSDK_FORMULA,
    elsewhere: const_concat!(
        "pass exactly these ",
        J.app_id,
        ", ",
        J.trace_id,
        ", ",
        J.timestamp,
        " and ",
        J.version,
        " values to YDRZ.getTokenInfo, and check that the appkey is the one dev.10086.cn shows for this ",
        J.app_id,
    ),
};

struct Jssdk {
    app_id: String,
    business_type: String,
    trace_id: String,
    msg_id: Option<String>,
    timestamp: String,
    version: String,
    app_key: String,
    app_secret: Option<String>,
}

impl Jssdk {
    fn input(&self) -> JssdkSignInput<'_> {
        JssdkSignInput {
            app_id: &self.app_id,
            business_type: &self.business_type,
            trace_id: &self.trace_id,
            timestamp: &self.timestamp,
            version: &self.version,
        }
    }
}

fn jssdk_string(input: &JssdkSignInput<'_>, secret: &str) -> ydrz::Result<String> {
    Ok(jssdk_sign_string(input, secret)?.to_string())
}

const JSSDK_STRINGS: &[StringVariant<Jssdk>] = &[
    StringVariant { label: "as specified", build: |f| built(jssdk_string(&f.input(), &f.app_key)?, JSSDK_FORMULA) },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                jssdk_string(&JssdkSignInput { version: v, ..f.input() }, &f.app_key)?,
                format!(
                    "{JSSDK_FORMULA} with {field} \"{v}\", while getTokenInfo is given {field} \"{}\"",
                    f.version,
                    field = J.version
                ),
            ),
        },
    },
    StringVariant {
        label: const_concat!(J.business_type, " 1 (the H5 number-verification value) instead of 8"),
        build: |f| match f.business_type.as_str() {
            "1" => Ok(None),
            _ => built(
                jssdk_string(&JssdkSignInput { business_type: "1", ..f.input() }, &f.app_key)?,
                format!("{JSSDK_FORMULA} with {} \"1\"; one-click login uses \"{}\"", J.business_type, f.business_type),
            ),
        },
    },
    StringVariant {
        label: const_concat!(J.msg_id, " (--msg-id) different from ", J.trace_id),
        build: |f| match f.msg_id.as_deref().filter(|m| *m != f.trace_id) {
            None => Ok(None),
            Some(msg_id) => built(
                format!(
                    "{}{}{msg_id}{}{}{}{}",
                    f.app_id, f.business_type, f.timestamp, f.trace_id, f.version, f.app_key
                ),
                format!(
                    "{JSSDK_FORMULA} but with {m} \"{msg_id}\" different from {t}; {m} must equal {t}",
                    m = J.msg_id,
                    t = J.trace_id
                ),
            ),
        },
    },
    StringVariant {
        label: "APPSecret (--app-secret) instead of the appkey",
        build: |f| match &f.app_secret {
            None => Ok(None),
            Some(secret) => built(
                jssdk_string(&f.input(), secret)?,
                format!("{JSSDK_FORMULA} with the APPSecret in place of the appkey"),
            ),
        },
    },
    StringVariant {
        label: "appkey left out",
        build: |f| {
            built(
                format!("{}{}{}{}{}{}", f.app_id, f.business_type, f.trace_id, f.timestamp, f.trace_id, f.version),
                format!("{JSSDK_FORMULA} without the appkey at the end"),
            )
        },
    },
];

fn jssdk(args: &Args) -> Result<Case, Failure> {
    let fields = Jssdk {
        app_id: owned(args, "app-id")?,
        business_type: args.value("business-type").unwrap_or(JSSDK_DEFAULT_BUSINESS_TYPE).to_string(),
        trace_id: owned(args, "trace-id")?,
        msg_id: optional(args, "msg-id"),
        timestamp: owned(args, "timestamp")?,
        version: args.value("version").unwrap_or(JSSDK_DEFAULT_VERSION).to_string(),
        app_key: owned(args, "app-key")?,
        app_secret: optional(args, "app-secret"),
    };
    let secrets = [Some(fields.app_key.clone()), fields.app_secret.clone()].into_iter().flatten().collect();
    Case::md5(&JSSDK, JSSDK_STRINGS, &fields, "the appkey", secrets)
}

// ---- number verification (verifyVmMobileApi, App keyType=1) -----------------------------------------------

const NV_FORMULA: &str = formula!(N.app_id, N.msg_id, N.phone_num, N.timestamp, N.token, N.version);
const NV_SWAPPED: &str = formula!(N.app_id, N.msg_id, N.timestamp, N.phone_num, N.token, N.version);

const NV: About = About {
    title: const_concat!(
        "number-verification sign (verifyVmMobileApi ",
        N.body,
        ".",
        N.sign,
        ", App tokenValidate ",
        APP_NUMBER_FIELDS.key_type,
        "=1)"
    ),
    product: NUMBER_VERIFY.codes.product,
    formula: NV_FORMULA,
    elsewhere: const_concat!(
        "send exactly these ",
        N.msg_id,
        ", ",
        N.timestamp,
        " and ",
        N.version,
        " values in the ",
        N.header,
        ", encrypt ",
        N.phone_num,
        " with the PLATFORM public key over phone+appKey+",
        N.timestamp,
        " (130016), and use each token once, within a minute (120020)",
    ),
};

struct NumberVerify {
    app_id: String,
    msg_id: String,
    trace_id: Option<String>,
    phone_num: String,
    phone: Option<String>,
    timestamp: String,
    token: String,
    version: String,
}

const NUMBER_VERIFY_STRINGS: &[StringVariant<NumberVerify>] = &[
    StringVariant {
        label: "as specified",
        build: |f| {
            built(
                number_verify_string(&f.app_id, &f.msg_id, &f.phone_num, &f.timestamp, &f.token, &f.version)?,
                NV_FORMULA,
            )
        },
    },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                number_verify_string(&f.app_id, &f.msg_id, &f.phone_num, &f.timestamp, &f.token, v)?,
                format!(
                    "{NV_FORMULA} with {} \"{v}\", while the {} {} is \"{}\"",
                    N.version, N.header, N.version, f.version
                ),
            ),
        },
    },
    StringVariant {
        label: TOKEN_URL_DECODED,
        build: |f| match url_decoded(&f.token) {
            None => Ok(None),
            Some(token) => built(
                number_verify_string(&f.app_id, &f.msg_id, &f.phone_num, &f.timestamp, &token, &f.version)?,
                token_url_decoded_over(NV_FORMULA),
            ),
        },
    },
    StringVariant {
        label: const_concat!("the plain phone number (--phone) instead of the encrypted ", N.phone_num),
        build: |f| match &f.phone {
            None => Ok(None),
            Some(phone) => built(
                number_verify_string(&f.app_id, &f.msg_id, phone, &f.timestamp, &f.token, &f.version)?,
                format!(
                    "{NV_FORMULA} with the plain phone number; the platform signs the {} ciphertext text",
                    N.phone_num
                ),
            ),
        },
    },
    StringVariant {
        label: const_concat!("--trace-id (e.g. the jssdk ", N.msg_id, ") instead of the ", N.msg_id, " ", N.header),
        build: |f| match f.trace_id.as_deref().filter(|t| *t != f.msg_id) {
            None => Ok(None),
            Some(id) => built(
                number_verify_string(&f.app_id, id, &f.phone_num, &f.timestamp, &f.token, &f.version)?,
                format!(
                    "{NV_FORMULA} with {field} \"{id}\" (your --trace-id), while the {field} {header} is \"{}\"",
                    f.msg_id,
                    field = N.msg_id,
                    header = N.header,
                ),
            ),
        },
    },
    StringVariant {
        label: const_concat!(N.phone_num, " and ", N.timestamp, " swapped: ", NV_SWAPPED),
        build: |f| {
            built(
                format!("{}{}{}{}{}{}", f.app_id, f.msg_id, f.timestamp, f.phone_num, f.token, f.version),
                format!("{NV_SWAPPED}; the platform's order is {NV_FORMULA}"),
            )
        },
    },
];

/// A note on the phoneNum text: RsaUtils.encryptedDataOnJava gives Base64 of whole RSA blocks.
fn phone_num_note(phone_num: &str) -> (bool, String) {
    const BLOCK: usize = 128;
    let field = N.phone_num;
    if looks_like_hex(phone_num) {
        return (false, format!("{field} is hex; the platform expects Base64 of the RSA ciphertext (130016 解码失败)"));
    }
    match decode_base64(phone_num) {
        Err(_) => (false, format!("{field} is not Base64; the platform expects Base64 of the RSA ciphertext (130016)")),
        Ok(raw) if raw.is_empty() || raw.len() % BLOCK != 0 => (
            false,
            format!(
                "{field} decodes to {} bytes, not whole RSA blocks (128 bytes for a 1024-bit platform key, 256 for \
                 2048): was it encrypted with the platform public key? (130016)",
                raw.len()
            ),
        ),
        Ok(raw) => (true, format!("{field} is Base64 of {} bytes (whole RSA blocks)", raw.len())),
    }
}

fn number_verify(args: &Args) -> Result<Case, Failure> {
    let fields = NumberVerify {
        app_id: owned(args, "app-id")?,
        msg_id: owned(args, "msg-id")?,
        trace_id: optional(args, "trace-id"),
        phone_num: owned(args, "phone-num")?,
        phone: optional(args, "phone"),
        timestamp: owned(args, "timestamp")?,
        token: owned(args, "token")?,
        version: args.value("version").unwrap_or(NUMBER_VERIFY.default_version).to_string(),
    };
    let notes =
        std::iter::once(phone_num_note(&fields.phone_num)).chain(user_information_note(args, B.user_information));
    let formats = rsa_formats(NUMBER_VERIFY.sign);
    Case::rsa(args, &NV, NUMBER_VERIFY_STRINGS, &fields, formats, notes)
}

// ---- preSign (mini-program number verification) ------------------------------------------------------------

const PRESIGN_FORMULA: &str = const_concat!(
    "the preSign text verbatim (jssdk getSign: ",
    formula!(J.app_id, J.msg_id, J.timestamp, "uuid", J.version),
    ")"
);

const PRESIGN: About = About {
    title: "number-verification preSign signature (getTokenInfo sign)",
    product: NUMBER_VERIFY.codes.product,
    formula: PRESIGN_FORMULA,
    elsewhere: const_concat!(
        "pass the sign unchanged to YDRZ.getTokenInfo with the same ",
        J.app_id,
        ", and check that this public key is the one registered on dev.10086.cn (130018) and that the keys come \
         from RsaUtils-compatible tooling (1024-bit, PKCS#8 / X.509)",
    ),
};

const PRESIGN_STRINGS: &[StringVariant<String>] = &[
    StringVariant {
        label: "as specified",
        build: |p| built(ydrz::protocol::fields::required("presign", p)?.to_string(), PRESIGN_FORMULA),
    },
    StringVariant {
        label: "preSign URL-decoded before signing",
        build: |p| match url_decoded(p) {
            None => Ok(None),
            Some(decoded) => built(decoded, "the URL-decoded preSign; sign the preSign exactly as the jssdk gave it"),
        },
    },
    StringVariant {
        label: "preSign with its JSON quotes",
        build: |p| built(format!("\"{p}\""), "the preSign with surrounding quotes (a JSON string, not its value)"),
    },
    StringVariant {
        label: "preSign with surrounding whitespace trimmed",
        build: |p| match p.trim() {
            trimmed if trimmed == p => Ok(None),
            trimmed => built(trimmed.to_string(), "the trimmed preSign; sign it exactly as the jssdk gave it"),
        },
    },
];

fn presign(args: &Args) -> Result<Case, Failure> {
    let presign = owned(args, "presign")?;
    let formats = rsa_formats(PRESIGN_SIGN);
    Case::rsa(args, &PRESIGN, PRESIGN_STRINGS, &presign, formats, None)
}

// ---- App loginTokenValidate ---------------------------------------------------------------------------------

const APP_MD5_FORMULA: &str =
    formula!(C.app_id, C.version, C.msg_id, C.system_time, C.strict_check, C.token, "APPSecret");

const APP_MD5: About = About {
    title: "App loginTokenValidate sign, MD5 mode",
    product: APP_LOGIN.codes.product,
    formula: APP_MD5_FORMULA,
    elsewhere: const_concat!(
        "send exactly these ",
        C.app_id,
        ", ",
        C.version,
        ", ",
        C.msg_id,
        ", ",
        C.system_time,
        ", ",
        C.strict_check,
        " and ",
        C.token,
        " values, leave ",
        C.encryption_algorithm,
        " empty (MD5 mode), and use each token once, within 2 minutes",
    ),
};

const APP_RSA_FORMULA: &str = formula!(C.app_id, C.token);
const APP_RSA_REVERSED: &str = formula!(C.token, C.app_id);

const APP_RSA: About = About {
    title: const_concat!("App loginTokenValidate sign, RSA mode (", C.encryption_algorithm, "=RSA)"),
    product: APP_LOGIN.codes.product,
    formula: APP_RSA_FORMULA,
    elsewhere: const_concat!(
        "send ",
        C.encryption_algorithm,
        "=\"RSA\", and check that this public key is registered as 验签公钥 (应用公钥1) for this ",
        C.app_id,
        " on dev.10086.cn",
    ),
};

struct AppLoginMd5 {
    app_id: String,
    version: String,
    msg_id: String,
    system_time: String,
    strict_check: String,
    token: String,
    app_secret: Option<String>,
    app_key: Option<String>,
}

impl AppLoginMd5 {
    fn input(&self) -> AppLoginMd5Input<'_> {
        AppLoginMd5Input {
            app_id: &self.app_id,
            version: &self.version,
            msg_id: &self.msg_id,
            system_time: &self.system_time,
            strict_check: &self.strict_check,
            token: &self.token,
        }
    }
}

/// The MD5 string with `input`, ending with the APPSecret (`None` when no --app-secret was given).
fn app_md5_string(f: &AppLoginMd5, input: &AppLoginMd5Input<'_>, over: String) -> ydrz::Result<Option<Built>> {
    match &f.app_secret {
        None => Ok(None),
        Some(secret) => built(app_login_md5_string(input, secret)?.to_string(), over),
    }
}

const APP_MD5_STRINGS: &[StringVariant<AppLoginMd5>] = &[
    StringVariant { label: "as specified", build: |f| app_md5_string(f, &f.input(), APP_MD5_FORMULA.into()) },
    StringVariant {
        label: "the appkey (--app-key) instead of the APPSecret",
        build: |f| match &f.app_key {
            None => Ok(None),
            Some(key) => built(
                app_login_md5_string(&f.input(), key)?.to_string(),
                format!(
                    "{APP_MD5_FORMULA} with the appkey in place of the APPSecret (only apps created before \
                     2018-12-26 that never switched still sign with the appkey)"
                ),
            ),
        },
    },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => app_md5_string(
                f,
                &AppLoginMd5Input { version: v, ..f.input() },
                format!("{APP_MD5_FORMULA} with {} \"{v}\", while the body says \"{}\"", C.version, f.version),
            ),
        },
    },
    StringVariant {
        label: const_concat!("the other ", C.strict_check, " (0 <-> 1) inside the string"),
        build: |f| {
            let other = if f.strict_check == "1" { "0" } else { "1" };
            app_md5_string(
                f,
                &AppLoginMd5Input { strict_check: other, ..f.input() },
                format!(
                    "{APP_MD5_FORMULA} with {} \"{other}\", while the body says \"{}\"",
                    C.strict_check, f.strict_check
                ),
            )
        },
    },
    StringVariant {
        label: TOKEN_URL_DECODED,
        build: |f| match url_decoded(&f.token) {
            None => Ok(None),
            Some(token) => app_md5_string(
                f,
                &AppLoginMd5Input { token: &token, ..f.input() },
                token_url_decoded_over(APP_MD5_FORMULA),
            ),
        },
    },
];

struct AppLoginRsa {
    app_id: String,
    token: String,
}

const APP_RSA_STRINGS: &[StringVariant<AppLoginRsa>] = &[
    StringVariant {
        label: "as specified",
        build: |f| built(app_login_rsa_string(&f.app_id, &f.token)?, APP_RSA_FORMULA),
    },
    StringVariant {
        label: const_concat!(C.token, " before ", C.app_id, ": ", APP_RSA_REVERSED),
        build: |f| {
            built(
                format!("{}{}", f.token, f.app_id),
                format!("{APP_RSA_REVERSED}; the platform signs {APP_RSA_FORMULA}"),
            )
        },
    },
    StringVariant {
        label: TOKEN_URL_DECODED,
        build: |f| match url_decoded(&f.token) {
            None => Ok(None),
            Some(token) => built(app_login_rsa_string(&f.app_id, &token)?, token_url_decoded_over(APP_RSA_FORMULA)),
        },
    },
];

fn app_login_md5(args: &Args) -> Result<Case, Failure> {
    let fields = AppLoginMd5 {
        app_id: owned(args, "app-id")?,
        version: args.value("version").unwrap_or(APP_LOGIN.default_version).to_string(),
        msg_id: owned(args, "msg-id")?,
        system_time: owned(args, "systemtime")?,
        strict_check: args.value("strictcheck").unwrap_or("0").to_string(),
        token: owned(args, "token")?,
        app_secret: optional(args, "app-secret"),
        app_key: optional(args, "app-key"),
    };
    if fields.app_secret.is_none() && fields.app_key.is_none() {
        return Err(UsageError("--app-secret (and/or --app-key for apps that sign with it) is required".into()).into());
    }
    let secrets = [fields.app_secret.clone(), fields.app_key.clone()].into_iter().flatten().collect();
    Case::md5(&APP_MD5, APP_MD5_STRINGS, &fields, "the APPSecret", secrets)
}

fn app_login_rsa(args: &Args) -> Result<Case, Failure> {
    let fields = AppLoginRsa { app_id: owned(args, "app-id")?, token: owned(args, "token")? };
    let formats = rsa_formats(APP_LOGIN.sign);
    Case::rsa(args, &APP_RSA, APP_RSA_STRINGS, &fields, formats, None)
}
