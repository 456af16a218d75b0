//! `ydrz doctor number-verify`: the number-verification sign ([`NUMBER_VERIFY_SIGN`], the same pieces as the App
//! interface's keyType 1) and its `phoneNum` ([`PHONE_NUM`]).

use ydrz::codec::{decode_base64, looks_like_hex};
use ydrz::protocol::field_names::{APP_NUMBER_FIELDS, NUMBER_FIELDS as N, NUMBER_VERIFY_FIELDS as B};
use ydrz::protocol::interfaces::{NUMBER_VERIFY, NUMBER_VERIFY_SIGN, PHONE_NUM};

use super::{
    built, optional, other_version, owned, string_with, token_url_decoded, user_information_note, About, Case, Fields,
    Interface, Order, OTHER_VERSION, TOKEN_URL_DECODED,
};
use crate::args::Args;
use crate::commands::common::Failure;
use crate::commands::doctor::variants::StringVariant;

pub const INTERFACE: Interface = Interface {
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
    case,
};

const ABOUT: About = About {
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
    recipe: &NUMBER_VERIFY_SIGN,
    formula_note: "",
    elsewhere: || {
        format!(
            "send exactly these {}, {} and {} values in the {}, encrypt {} with the PLATFORM public key over {} \
             (130016), and use each token once, within a minute (120020)",
            N.msg_id,
            N.timestamp,
            N.version,
            N.header,
            N.phone_num,
            PHONE_NUM.formula()
        )
    },
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

impl Fields for NumberVerify {
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (N.app_id, Some(self.app_id.clone())),
            (N.msg_id, Some(self.msg_id.clone())),
            (N.phone_num, Some(self.phone_num.clone())),
            (N.timestamp, Some(self.timestamp.clone())),
            (N.token, Some(self.token.clone())),
            (N.version, Some(self.version.clone())),
        ]
    }
}

const STRINGS: &[StringVariant<NumberVerify>] = &[
    StringVariant {
        label: "as specified",
        build: |f| built(string_with(&NUMBER_VERIFY_SIGN, f, &[])?, ABOUT.formula()),
    },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                string_with(&NUMBER_VERIFY_SIGN, f, &[(N.version, v)])?,
                format!(
                    "{} with {} \"{v}\", while the {} {} is \"{}\"",
                    ABOUT.formula(),
                    N.version,
                    N.header,
                    N.version,
                    f.version
                ),
            ),
        },
    },
    StringVariant { label: TOKEN_URL_DECODED, build: |f| token_url_decoded(&ABOUT, f, N.token, &f.token) },
    StringVariant {
        label: const_concat!("the plain phone number (--phone) instead of the encrypted ", N.phone_num),
        build: |f| match &f.phone {
            None => Ok(None),
            Some(phone) => built(
                string_with(&NUMBER_VERIFY_SIGN, f, &[(N.phone_num, phone)])?,
                format!(
                    "{} with the plain phone number; the platform signs the {} ciphertext text",
                    ABOUT.formula(),
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
                string_with(&NUMBER_VERIFY_SIGN, f, &[(N.msg_id, id)])?,
                format!(
                    "{} with {field} \"{id}\" (your --trace-id), while the {field} {header} is \"{}\"",
                    ABOUT.formula(),
                    f.msg_id,
                    field = N.msg_id,
                    header = N.header,
                ),
            ),
        },
    },
];

const ORDERS: &[Order] = &[Order::Swapped(N.phone_num, N.timestamp)];

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

fn case(args: &Args) -> Result<Case, Failure> {
    let fields = NumberVerify {
        app_id: owned(args, "app-id")?,
        msg_id: owned(args, "msg-id")?,
        trace_id: optional(args, "trace-id"),
        phone_num: owned(args, "phone-num")?,
        phone: optional(args, "phone"),
        timestamp: owned(args, "timestamp")?,
        token: owned(args, "token")?,
        version: args.value("version").unwrap_or(NUMBER_VERIFY.default_version()).to_string(),
    };
    let notes =
        std::iter::once(phone_num_note(&fields.phone_num)).chain(user_information_note(args, B.user_information));
    Case::rsa(args, &ABOUT, STRINGS, ORDERS, &fields, notes)
}
