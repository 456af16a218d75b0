//! `ydrz doctor token-validate`: the `/h5/onekeylogin/tokenValidate` sign ([`ONEKEY_SIGN`]).

use ydrz::protocol::field_names::ONEKEY_LOGIN_FIELDS as A;
use ydrz::protocol::interfaces::{ONEKEY_LOGIN, ONEKEY_SIGN, ONEKEY_SIGNED_VERSION as VERSION};

use super::{
    built, optional, other_version, owned, string_with, token_url_decoded, user_information_note, About, Case, Fields,
    Interface, Order, TOKEN_URL_DECODED,
};
use crate::args::Args;
use crate::commands::common::Failure;
use crate::commands::doctor::variants::StringVariant;

pub const INTERFACE: Interface = Interface {
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
    case,
};

const ABOUT: About = About {
    title: const_concat!("one-click login tokenValidate sign (", ONEKEY_LOGIN.path, " body.", A.sign, ")"),
    product: ONEKEY_LOGIN.codes.product,
    recipe: &ONEKEY_SIGN,
    formula_note: "",
    elsewhere: || {
        const_concat!(
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
        )
        .into()
    },
};

struct TokenValidate {
    app_id: String,
    trace_id: String,
    timestamp: String,
    token: String,
    version: String,
    msg_id: Option<String>,
}

impl Fields for TokenValidate {
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (A.app_id, Some(self.app_id.clone())),
            (A.trace_id, Some(self.trace_id.clone())),
            (A.timestamp, Some(self.timestamp.clone())),
            (A.token, Some(self.token.clone())),
            (VERSION, Some(self.version.clone())),
        ]
    }
}

const STRINGS: &[StringVariant<TokenValidate>] = &[
    StringVariant { label: "as specified", build: |f| built(string_with(&ONEKEY_SIGN, f, &[])?, ABOUT.formula()) },
    StringVariant {
        label: const_concat!("the other ", A.interface_version, " (1.0 <-> 2.0) inside the string"),
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                string_with(&ONEKEY_SIGN, f, &[(VERSION, v)])?,
                format!(
                    "{} with {VERSION} \"{v}\" inside, while the {field} you declared is \"{}\"; the platform signs \
                     with the {field} header value",
                    ABOUT.formula(),
                    f.version,
                    field = A.interface_version,
                ),
            ),
        },
    },
    StringVariant { label: TOKEN_URL_DECODED, build: |f| token_url_decoded(&ABOUT, f, A.token, &f.token) },
    StringVariant {
        label: const_concat!("--msg-id (e.g. the jssdk ", A.trace_id, ") instead of the ", A.trace_id, " header"),
        build: |f| match f.msg_id.as_deref().filter(|m| *m != f.trace_id) {
            None => Ok(None),
            Some(id) => built(
                string_with(&ONEKEY_SIGN, f, &[(A.trace_id, id)])?,
                format!(
                    "{} with {field} \"{id}\" (your --msg-id), while the {field} header is \"{}\"",
                    ABOUT.formula(),
                    f.trace_id,
                    field = A.trace_id,
                ),
            ),
        },
    },
];

const ORDERS: &[Order] = &[Order::Alphabetical, Order::Swapped(A.trace_id, A.timestamp), Order::LeftOut(VERSION)];

fn case(args: &Args) -> Result<Case, Failure> {
    let fields = TokenValidate {
        app_id: owned(args, "app-id")?,
        trace_id: owned(args, "trace-id")?,
        timestamp: owned(args, "timestamp")?,
        token: owned(args, "token")?,
        version: args.value("version").unwrap_or(ONEKEY_LOGIN.default_version()).to_string(),
        msg_id: optional(args, "msg-id"),
    };
    Case::rsa(args, &ABOUT, STRINGS, ORDERS, &fields, user_information_note(args, A.user_information))
}
