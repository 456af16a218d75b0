//! `ydrz doctor jssdk`: the mini-program jssdk getTokenInfo MD5 sign ([`JSSDK_SIGN`]).

use ydrz::protocol::field_names::JSSDK_FIELDS as J;
use ydrz::protocol::interfaces::{JSSDK_APPKEY as APPKEY, JSSDK_SIGN, ONEKEY_LOGIN};
use ydrz::protocol::strings::{JSSDK_DEFAULT_BUSINESS_TYPE, JSSDK_DEFAULT_VERSION};

use super::{built, optional, other_version, owned, string_with, About, Case, Fields, Interface, Order, OTHER_VERSION};
use crate::args::Args;
use crate::commands::common::{app_secret, required_app_key, Failure};
use crate::commands::doctor::variants::StringVariant;

pub const INTERFACE: Interface = Interface {
    name: "jssdk",
    valued: &[
        "app-id",
        "app-key",
        "app-key-file",
        "app-secret",
        "app-secret-file",
        "trace-id",
        "msg-id",
        "timestamp",
        "version",
        "business-type",
        "sign",
        "code",
    ],
    case,
};

const ABOUT: About = About {
    title: "jssdk getTokenInfo sign (MD5, one-click login)",
    product: ONEKEY_LOGIN.codes.product,
    recipe: &JSSDK_SIGN,
    formula_note: const_concat!(" (", J.msg_id, " = ", J.trace_id, ")"),
    elsewhere: || {
        const_concat!(
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
        )
        .into()
    },
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

impl Fields for Jssdk {
    /// msgId is the traceId, as the platform requires.
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (J.app_id, Some(self.app_id.clone())),
            (J.business_type, Some(self.business_type.clone())),
            (J.msg_id, Some(self.trace_id.clone())),
            (J.timestamp, Some(self.timestamp.clone())),
            (J.trace_id, Some(self.trace_id.clone())),
            (J.version, Some(self.version.clone())),
            (APPKEY.name, Some(self.app_key.clone())),
        ]
    }
}

const STRINGS: &[StringVariant<Jssdk>] = &[
    StringVariant { label: "as specified", build: |f| built(string_with(&JSSDK_SIGN, f, &[])?, ABOUT.formula()) },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                string_with(&JSSDK_SIGN, f, &[(J.version, v)])?,
                format!(
                    "{} with {field} \"{v}\", while getTokenInfo is given {field} \"{}\"",
                    ABOUT.formula(),
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
                string_with(&JSSDK_SIGN, f, &[(J.business_type, "1")])?,
                format!(
                    "{} with {} \"1\"; one-click login uses \"{}\"",
                    ABOUT.formula(),
                    J.business_type,
                    f.business_type
                ),
            ),
        },
    },
    StringVariant {
        label: const_concat!(J.msg_id, " (--msg-id) different from ", J.trace_id),
        build: |f| match f.msg_id.as_deref().filter(|m| *m != f.trace_id) {
            None => Ok(None),
            Some(msg_id) => built(
                string_with(&JSSDK_SIGN, f, &[(J.msg_id, msg_id)])?,
                format!(
                    "{} but with {m} \"{msg_id}\" different from {t}; {m} must equal {t}",
                    ABOUT.formula(),
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
                string_with(&JSSDK_SIGN, f, &[(APPKEY.name, secret)])?,
                format!("{} with the APPSecret in place of the appkey", ABOUT.formula()),
            ),
        },
    },
];

const ORDERS: &[Order] = &[Order::LeftOut(APPKEY.name)];

fn case(args: &Args) -> Result<Case, Failure> {
    let fields = Jssdk {
        app_id: owned(args, "app-id")?,
        business_type: args.value("business-type").unwrap_or(JSSDK_DEFAULT_BUSINESS_TYPE).to_string(),
        trace_id: owned(args, "trace-id")?,
        msg_id: optional(args, "msg-id"),
        timestamp: owned(args, "timestamp")?,
        version: args.value("version").unwrap_or(JSSDK_DEFAULT_VERSION).to_string(),
        app_key: required_app_key(args)?.to_string(),
        app_secret: app_secret(args)?.map(|s| s.to_string()),
    };
    let secrets = [Some(fields.app_key.clone()), fields.app_secret.clone()].into_iter().flatten().collect();
    Case::md5(&ABOUT, STRINGS, ORDERS, &fields, "the appkey", secrets)
}
