//! (A) Mini-program one-click login: `POST /h5/onekeylogin/tokenValidate`
//! (docs/protocol.md#a-mini-program-one-click-login).
//!
//! `Content-Type: application/json` and a JSON body, else 103005 inner error (S0 FAQ 8). HTTP headers
//! `interfaceVersion` ("1.0" or "2.0"), `appId`, `traceId`, `timestamp`, `businessType` ("8");
//! JSON body `{token, sign, userInformation, expandParams?}`. The sign is SHA256withRSA over
//! appId + traceId + timestamp + token + interfaceVersion, written in the app's token-validate encoding
//! (upper-case hex unless configured otherwise). `userInformation` must be byte-identical to the one issued
//! with the token. Success carries the msisdn (AES-128-ECB under the first 16 bytes of the appkey, Base64) and
//! the masked number, inside `data` or at the top level (the app's `response_shape`). Response headers echo
//! `traceId` and `appId` and carry the server's `timestamp`.

use std::sync::Arc;

use serde_json::{json, Map, Value};
use ydrz::cipher::{encrypt_msisdn, AesKeyDerivation};
use ydrz::protocol::field_names::{ANSWER_FIELDS as ANSWER, ONEKEY_LOGIN_FIELDS as F};
use ydrz::protocol::fields::mask_phone;
use ydrz::protocol::ids::timestamp_now;
use ydrz::protocol::interfaces::{ONEKEY_LOGIN, ONEKEY_SIGN, SUCCESS_CODE};
use ydrz::protocol::strings::token_validate_values;

use super::{Basis, Call, Codes, Reject};
use crate::sandbox::apps::{App, Shape};
use crate::sandbox::http::Response;
use crate::sandbox::log::Note;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

const CODES: Codes = Codes {
    interface: &ONEKEY_LOGIN,
    not_json: Reject::rule("103005", None, Basis::Documented("S0 FAQ 8")),
    parse: Reject::rule("103001", None, Basis::Assumption("a field of the wrong JSON type is refused")),
    missing: Reject::code("103002"),
    unknown_app: Reject::code("104000"),
    ip: Reject::code("104017"),
    timestamp: Reject::rule(
        "103001",
        Some("timestamp 非法"),
        Basis::Assumption(
            "timestamps more than 10 minutes from the clock are refused, with 103001 fail: V114's tokenValidate \
             codes have none for a timestamp",
        ),
    ),
    sign: "104013",
    token: "104007",
    token_other_app: "104008",
    token_other_product: "104008",
};
const BUSINESS_TYPE: Reject = Reject::rule("104001", None, Basis::Documented("S0 §2.1 businessType=8"));
const BAD_VERSION: Reject =
    Reject::rule("103001", None, Basis::Assumption("the versions are documented, the code for others is not"));
const USERINFO: Reject = Reject::rule("104008", Some("userinfo 校验失败"), Basis::Documented("S0 FAQ 6"));

/// A verified request: what the answer is made of.
struct Verified {
    app: Arc<App>,
    phone: String,
    msisdn: String,
    expand_params: String,
}

pub fn handle(call: &Call<'_>) -> Reply {
    let outcome = verify(call);
    let service_time = timestamp_now();
    let (body, note) = match &outcome {
        Ok(ok) => (success_body(ok, &service_time), Note::code(SUCCESS_CODE).with_phone(Some(&ok.phone))),
        Err(reject) => {
            let body = json!({ANSWER.result_code: reject.code, ANSWER.desc: CODES.describe(reject), ANSWER.service_time: service_time});
            (body, Note::code(reject.code))
        }
    };
    let mut response = Response::json(200, &body);
    for name in [F.trace_id, F.app_id] {
        if let Some(value) = call.request.header(name) {
            response = response.with_header(name, value);
        }
    }
    Reply { response: response.with_header(F.timestamp, &service_time), note }
}

fn success_body(ok: &Verified, service_time: &str) -> Value {
    let mut data = Map::new();
    data.insert(ANSWER.msisdn.into(), ok.msisdn.clone().into());
    data.insert(ANSWER.security_phone.into(), mask_phone(&ok.phone).into());
    data.insert(F.expand_params.into(), ok.expand_params.clone().into());
    let mut body = Map::new();
    body.insert(ANSWER.result_code.into(), SUCCESS_CODE.into());
    body.insert(ANSWER.desc.into(), "success".into());
    body.insert(ANSWER.service_time.into(), service_time.into());
    match ok.app.options.response_shape {
        Shape::Nested => {
            body.insert(ANSWER.data.into(), Value::Object(data));
        }
        Shape::Flat => body.extend(data),
    }
    Value::Object(body)
}

fn verify(call: &Call<'_>) -> Result<Verified, Reject> {
    let body = CODES.root(call)?;
    let header =
        |name: &str| call.request.header(name).filter(|v| !v.is_empty()).ok_or_else(|| CODES.missing_field(name));
    let app = CODES.admit(call, header(F.app_id)?)?;
    let version = header(F.interface_version)?;
    let trace_id = header(F.trace_id)?;
    let ts = header(F.timestamp)?;
    let business_type = header(F.business_type)?;
    let token = CODES.required(body, F.token)?;
    let sign = CODES.required(body, F.sign)?;
    let user_information = CODES.required(body, F.user_information)?;
    let expand_params = CODES.optional(body, F.expand_params)?.unwrap_or_default().to_string();
    if business_type != ONEKEY_LOGIN.section().text("business_type") {
        return Err(BUSINESS_TYPE);
    }
    CODES.check_version(version, BAD_VERSION)?;
    CODES.check_timestamp(F.timestamp, ts)?;
    let values = token_validate_values(&app.app_id, trace_id, ts, token, version);
    CODES.check_sign(&ONEKEY_SIGN, app.options.token_validate_sign, |encoding| {
        ONEKEY_SIGN.verify_with(&app.keys.customer_public, &values, sign, encoding)
    })?;
    let grant = CODES.redeem(call, token, &app, Product::OnekeyLogin)?;
    if grant.user_information.as_deref() != Some(user_information) {
        return Err(USERINFO);
    }
    let msisdn = encrypt_msisdn(&app.app_key, &grant.phone, AesKeyDerivation::First16)
        .map_err(|e| Reject::described("103001", e.message().to_string()))?;
    Ok(Verified { app, phone: grant.phone, msisdn, expand_params })
}
