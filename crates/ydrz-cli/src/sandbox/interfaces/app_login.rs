//! (C) App one-click login: `POST /unisdk/rsapi/loginTokenValidate` (docs/protocol.md#c-app-one-click-login).
//!
//! Body `{version ("2.0"), msgid, systemtime, strictcheck, appid, token, sign, encryptionalgorithm?,
//! expandparams?}`. With `encryptionalgorithm` "RSA" the sign is SHA256withRSA over appid + token, written in
//! the app's RSA-sign encoding (upper-case hex unless configured otherwise), and the msisdn is RSA PKCS#1 v1.5
//! under the app's 应用公钥2 (`customer_encryption_public_key`, the signing key when not given), upper-case
//! hex. Otherwise the sign is the upper-case hex MD5 of appid + version + msgid + systemtime + strictcheck +
//! token + APPSecret and the msisdn is the plain number. A missing token is 103811, any other missing field,
//! a msgid longer than 36 characters or a strictcheck other than "0" and "1" 103414, another app's token
//! 103133, a token of a number-verification product 105018.

use serde_json::{json, Value};
use ydrz::codec::Encoding;
use ydrz::protocol::field_names::{ANSWER_FIELDS as ANSWER, APP_LOGIN_FIELDS as F};
use ydrz::protocol::ids::{new_id, timestamp_now};
use ydrz::protocol::interfaces::{APP_LOGIN, APP_LOGIN_MD5_SIGN, APP_LOGIN_RSA_SIGN, SUCCESS_CODE};
use ydrz::protocol::strings::{app_login_rsa_values, AppLoginMd5Input};

use super::{Basis, Call, Codes, Reject};
use crate::sandbox::http::Response;
use crate::sandbox::log::Note;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

const CODES: Codes = Codes {
    interface: &APP_LOGIN,
    not_json: Reject::rule("103412", None, Basis::Documented("PD: POST JSON")),
    parse: Reject::rule("103412", None, Basis::Assumption("a field of the wrong JSON type is refused")),
    missing: Reject::code("103414"),
    unknown_app: Reject::code("103119"),
    ip: Reject::code("103511"),
    timestamp: Reject::rule(
        "103414",
        Some("systemtime 非法"),
        Basis::Assumption("systemtime more than 10 minutes from the clock is refused, with this code"),
    ),
    sign: "103101",
    token: "104201",
    token_other_app: "103133",
    token_other_product: "105018",
};
const NO_TOKEN: Reject = Reject::code("103811");
const BAD_VERSION: Reject =
    Reject::rule("103414", None, Basis::Assumption("version 2.0 is documented, the code for others is not"));
/// The documented length of msgid.
const MSG_ID_MAX_CHARS: usize = 36;
const LONG_MSG_ID: Reject =
    Reject::rule("103414", Some("msgid 超过 36 个字符"), Basis::Documented("PD: msgid 1–36 characters"));
const BAD_STRICT_CHECK: Reject =
    Reject::rule("103414", Some("strictcheck 必须为 0 或 1"), Basis::Documented("PD: strictcheck 0 or 1"));

/// A verified request: the token's phone and the msisdn to answer.
struct Verified {
    phone: String,
    msisdn: String,
}

pub fn handle(call: &Call<'_>) -> Reply {
    let msg_id = call.json.and_then(|j| j.get(F.msg_id)).and_then(Value::as_str).unwrap_or_default();
    let mut body = json!({ANSWER.in_response_to: msg_id, F.system_time: timestamp_now(), ANSWER.task_id: new_id()});
    let note = match verify(call) {
        Ok(ok) => {
            body[ANSWER.result_code] = SUCCESS_CODE.into();
            body[ANSWER.msisdn] = ok.msisdn.into();
            Note::code(SUCCESS_CODE).with_phone(Some(&ok.phone))
        }
        Err(reject) => {
            body[ANSWER.result_code] = reject.code.into();
            body[ANSWER.desc] = CODES.describe(&reject).into();
            Note::code(reject.code)
        }
    };
    Reply { response: Response::json(200, &body), note }
}

fn verify(call: &Call<'_>) -> Result<Verified, Reject> {
    let request = CODES.root(call)?;
    let app = CODES.admit(call, CODES.required(request, F.app_id)?)?;
    let token = CODES.optional(request, F.token)?.ok_or(NO_TOKEN)?;
    let input = AppLoginMd5Input {
        app_id: &app.app_id,
        version: CODES.required(request, F.version)?,
        msg_id: CODES.required(request, F.msg_id)?,
        system_time: CODES.required(request, F.system_time)?,
        strict_check: CODES.required(request, F.strict_check)?,
        token,
    };
    let sign = CODES.required(request, F.sign)?;
    let rsa_mode = CODES.optional(request, F.encryption_algorithm)? == Some("RSA");
    CODES.optional(request, F.expand_params)?;
    CODES.check_version(input.version, BAD_VERSION)?;
    if input.msg_id.chars().count() > MSG_ID_MAX_CHARS {
        return Err(LONG_MSG_ID);
    }
    if !matches!(input.strict_check, "0" | "1") {
        return Err(BAD_STRICT_CHECK);
    }
    CODES.check_timestamp(F.system_time, input.system_time)?;
    if rsa_mode {
        let values = app_login_rsa_values(&app.app_id, token);
        CODES.check_sign(&APP_LOGIN_RSA_SIGN, app.options.app_login_rsa_sign, |encoding| {
            APP_LOGIN_RSA_SIGN.verify_with(&app.keys.customer_public, &values, sign, encoding)
        })?;
    } else {
        let values = input.values(&app.app_secret);
        CODES.check_sign(&APP_LOGIN_MD5_SIGN, APP_LOGIN_MD5_SIGN.encoding, |encoding| {
            APP_LOGIN_MD5_SIGN.digest(&values, encoding).ok().flatten().as_deref() == Some(sign)
        })?;
    }
    let grant = CODES.redeem(call, token, &app, Product::AppLogin)?;
    let msisdn = if rsa_mode {
        let encrypted = app.keys.customer_encryption_public().encrypt_chunked(grant.phone.as_bytes());
        Encoding::HexUpper.encode(&encrypted.map_err(|e| Reject::described("103211", e.message().to_string()))?)
    } else {
        grant.phone.clone()
    };
    Ok(Verified { phone: grant.phone, msisdn })
}
