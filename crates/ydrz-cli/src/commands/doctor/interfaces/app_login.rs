//! `ydrz doctor app-login` and `app-login-rsa`: the App loginTokenValidate sign in MD5 mode
//! ([`APP_LOGIN_MD5_SIGN`]) and in RSA mode ([`APP_LOGIN_RSA_SIGN`]).

use ydrz::protocol::field_names::APP_LOGIN_FIELDS as C;
use ydrz::protocol::interfaces::{APP_LOGIN, APP_LOGIN_MD5_SIGN, APP_LOGIN_RSA_SIGN, APP_SECRET};

use super::{
    built, other_version, owned, string_with, token_url_decoded, About, Case, Fields, Interface, Order, OTHER_VERSION,
    TOKEN_URL_DECODED,
};
use crate::args::{Args, UsageError};
use crate::commands::common::{app_key, app_secret, Failure};
use crate::commands::doctor::variants::StringVariant;

pub const MD5_INTERFACE: Interface = Interface {
    name: "app-login",
    valued: &[
        "app-id",
        "msg-id",
        "systemtime",
        "version",
        "strictcheck",
        "token",
        "app-secret",
        "app-secret-file",
        "app-key",
        "app-key-file",
        "sign",
        "code",
    ],
    case: md5_case,
};

pub const RSA_INTERFACE: Interface = Interface {
    name: "app-login-rsa",
    valued: &["public-key", "public-key-file", "private-key", "private-key-file", "app-id", "token", "sign", "code"],
    case: rsa_case,
};

const MD5_ABOUT: About = About {
    title: "App loginTokenValidate sign, MD5 mode",
    product: APP_LOGIN.codes.product,
    recipe: &APP_LOGIN_MD5_SIGN,
    formula_note: "",
    elsewhere: || {
        const_concat!(
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
        )
        .into()
    },
};

const RSA_ABOUT: About = About {
    title: const_concat!("App loginTokenValidate sign, RSA mode (", C.encryption_algorithm, "=RSA)"),
    product: APP_LOGIN.codes.product,
    recipe: &APP_LOGIN_RSA_SIGN,
    formula_note: "",
    elsewhere: || {
        const_concat!(
            "send ",
            C.encryption_algorithm,
            "=\"RSA\", and check that this public key is registered as 验签公钥 (应用公钥1) for this ",
            C.app_id,
            " on dev.10086.cn",
        )
        .into()
    },
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

impl Fields for AppLoginMd5 {
    /// The string ends with the APPSecret: no string without --app-secret.
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (C.app_id, Some(self.app_id.clone())),
            (C.version, Some(self.version.clone())),
            (C.msg_id, Some(self.msg_id.clone())),
            (C.system_time, Some(self.system_time.clone())),
            (C.strict_check, Some(self.strict_check.clone())),
            (C.token, Some(self.token.clone())),
            (APP_SECRET.name, self.app_secret.clone()),
        ]
    }
}

const MD5_STRINGS: &[StringVariant<AppLoginMd5>] = &[
    StringVariant {
        label: "as specified",
        build: |f| built(string_with(&APP_LOGIN_MD5_SIGN, f, &[])?, MD5_ABOUT.formula()),
    },
    StringVariant {
        label: "the appkey (--app-key) instead of the APPSecret",
        build: |f| match &f.app_key {
            None => Ok(None),
            Some(key) => built(
                string_with(&APP_LOGIN_MD5_SIGN, f, &[(APP_SECRET.name, key)])?,
                format!(
                    "{} with the appkey in place of the APPSecret (only apps created before 2018-12-26 that never \
                     switched still sign with the appkey)",
                    MD5_ABOUT.formula()
                ),
            ),
        },
    },
    StringVariant {
        label: OTHER_VERSION,
        build: |f| match other_version(&f.version) {
            None => Ok(None),
            Some(v) => built(
                string_with(&APP_LOGIN_MD5_SIGN, f, &[(C.version, v)])?,
                format!("{} with {} \"{v}\", while the body says \"{}\"", MD5_ABOUT.formula(), C.version, f.version),
            ),
        },
    },
    StringVariant {
        label: const_concat!("the other ", C.strict_check, " (0 <-> 1) inside the string"),
        build: |f| {
            let other = if f.strict_check == "1" { "0" } else { "1" };
            built(
                string_with(&APP_LOGIN_MD5_SIGN, f, &[(C.strict_check, other)])?,
                format!(
                    "{} with {} \"{other}\", while the body says \"{}\"",
                    MD5_ABOUT.formula(),
                    C.strict_check,
                    f.strict_check
                ),
            )
        },
    },
    StringVariant { label: TOKEN_URL_DECODED, build: |f| token_url_decoded(&MD5_ABOUT, f, C.token, &f.token) },
];

struct AppLoginRsa {
    app_id: String,
    token: String,
}

impl Fields for AppLoginRsa {
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![(C.app_id, Some(self.app_id.clone())), (C.token, Some(self.token.clone()))]
    }
}

const RSA_STRINGS: &[StringVariant<AppLoginRsa>] = &[
    StringVariant {
        label: "as specified",
        build: |f| built(string_with(&APP_LOGIN_RSA_SIGN, f, &[])?, RSA_ABOUT.formula()),
    },
    StringVariant { label: TOKEN_URL_DECODED, build: |f| token_url_decoded(&RSA_ABOUT, f, C.token, &f.token) },
];

const RSA_ORDERS: &[Order] = &[Order::Swapped(C.app_id, C.token)];

fn md5_case(args: &Args) -> Result<Case, Failure> {
    let fields = AppLoginMd5 {
        app_id: owned(args, "app-id")?,
        version: args.value("version").unwrap_or(APP_LOGIN.default_version()).to_string(),
        msg_id: owned(args, "msg-id")?,
        system_time: owned(args, "systemtime")?,
        strict_check: args.value("strictcheck").unwrap_or(APP_LOGIN.section().text("strictcheck")).to_string(),
        token: owned(args, "token")?,
        app_secret: app_secret(args)?.map(|s| s.to_string()),
        app_key: app_key(args)?.map(|s| s.to_string()),
    };
    if fields.app_secret.is_none() && fields.app_key.is_none() {
        return Err(
            UsageError("the APPSecret (and/or the appkey for apps that sign with it) is required".into()).into()
        );
    }
    let secrets = [fields.app_secret.clone(), fields.app_key.clone()].into_iter().flatten().collect();
    Case::md5(&MD5_ABOUT, MD5_STRINGS, &[], &fields, "the APPSecret", secrets)
}

fn rsa_case(args: &Args) -> Result<Case, Failure> {
    let fields = AppLoginRsa { app_id: owned(args, "app-id")?, token: owned(args, "token")? };
    Case::rsa(args, &RSA_ABOUT, RSA_STRINGS, RSA_ORDERS, &fields, None)
}
