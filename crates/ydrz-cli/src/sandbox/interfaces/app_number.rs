//! (D) App number verification: `POST /openapi/rs/tokenValidate` (docs/protocol.md#d-app-number-verification).
//!
//! Body `{"header":{version ("1.0"), msgId, timestamp, appId}, "body":{openType, requesterType, message,
//! expandParams, keyType, phoneNum, token, sign}}`. requesterType is required (0 App, 1 WAP; required is the
//! sandbox's assumption) and openType (0-3) is required when requesterType is 0. keyType is a string or a
//! number; 1 selects RSA and any other value, or none, is 0 (as the App document says). keyType 0: phoneNum is the
//! upper-case hex SHA-256 of phone + appKey + timestamp and the sign the upper-case hex HMAC-SHA256 (key
//! appKey) of appId + msgId + phoneNum + timestamp + token + version. keyType 1: phoneNum is RSA under the
//! platform public key, Base64 (004 when it does not decrypt to phone + appKey + timestamp), and the sign
//! MD5withRSA, Base64. Each verification counts against the app's daily limit for the token's phone (102315).
//! The answer is `000` 是本机号码 or `001` 非本机号码.

use serde_json::{json, Map, Value};
use ydrz::protocol::field_names::{ANSWER_FIELDS as ANSWER, APP_NUMBER_FIELDS as F};
use ydrz::protocol::ids::new_id;
use ydrz::protocol::interfaces::{APP_KEY, APP_NUMBER, APP_NUMBER_KEY0_PHONE_NUM, APP_NUMBER_KEY0_SIGN};
use ydrz::protocol::strings::phone_values;

use super::{header_body, Basis, Call, Codes, NumberRequest, Reject, Verdict};
use crate::sandbox::http::Response;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

const CODES: Codes = Codes {
    interface: &APP_NUMBER,
    not_json: Reject::rule("303", None, Basis::Documented("PD: POST JSON")),
    parse: Reject::code("303"),
    missing: Reject::code("102"),
    unknown_app: Reject::fixed("102", "appId 不存在"),
    ip: Reject::code("124"),
    timestamp: Reject::rule(
        "102",
        Some("timestamp 非法"),
        Basis::Assumption("timestamps more than 10 minutes from the clock are refused, with this code"),
    ),
    sign: "302",
    token: "606",
    token_other_app: "606",
    token_other_product: "606",
};
const BAD_VERSION: Reject =
    Reject::rule("102", None, Basis::Assumption("version 1.0 is documented, the code for others is not"));
const NO_OPEN_TYPE: Reject =
    Reject::rule("102", Some("openType 不能为空（requesterType 为 0）"), Basis::Documented("PD, openType"));
const BAD_OPEN_TYPE: Reject =
    Reject::rule("102", Some("openType 必须为 0、1、2 或 3"), Basis::Documented("PD, openType"));
const BAD_REQUESTER_TYPE: Reject = Reject::rule(
    "102",
    Some("requesterType 必须为 0 或 1"),
    Basis::Assumption("requesterType is required and must be 0 or 1"),
);
const UNDECRYPTABLE: Reject = Reject::code("004");
const DAILY_LIMIT: Reject = Reject::code("102315");

pub fn handle(call: &Call<'_>) -> Reply {
    let (code, desc, note) = Verdict::answer(verify(call), &CODES);
    let body =
        header_body(call.json, code, json!({ANSWER.result_desc: desc, ANSWER.message: "", ANSWER.task_id: new_id()}));
    Reply { response: Response::json(200, &body), note }
}

/// keyType 1 (RSA) or not: a string or a number; any value but 1, or none, is 0 (the App document's rule).
fn rsa_key_type(body: &Map<String, Value>) -> Result<bool, Reject> {
    match body.get(F.key_type) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::String(s)) => Ok(s == "1"),
        Some(Value::Number(n)) => Ok(n.as_u64() == Some(1)),
        Some(_) => Err(Reject::described(CODES.parse.code, "keyType must be a string or a number")),
    }
}

/// requesterType 0 (App) or 1 (WAP), and for an App request an openType of 0-3.
fn check_requester(body: &Map<String, Value>) -> Result<(), Reject> {
    match CODES.optional(body, F.requester_type)? {
        Some("1") => Ok(()),
        Some("0") => match CODES.optional(body, F.open_type)? {
            None => Err(NO_OPEN_TYPE),
            Some("0" | "1" | "2" | "3") => Ok(()),
            Some(_) => Err(BAD_OPEN_TYPE),
        },
        _ => Err(BAD_REQUESTER_TYPE),
    }
}

fn verify(call: &Call<'_>) -> Result<Verdict, Reject> {
    let request = NumberRequest::read(call, &CODES)?;
    let rsa = rsa_key_type(request.body)?;
    check_requester(request.body)?;
    CODES.check_version(request.version, BAD_VERSION)?;
    CODES.check_timestamp(F.common.timestamp, request.ts)?;
    let app = &request.app;
    if rsa {
        request.check_rsa_sign(&CODES)?;
    } else {
        let values = [request.values().as_slice(), &[(APP_KEY.name, app.app_key.as_str())]].concat();
        CODES.check_sign(&APP_NUMBER_KEY0_SIGN, APP_NUMBER_KEY0_SIGN.encoding, |encoding| {
            APP_NUMBER_KEY0_SIGN.digest(&values, encoding).ok().flatten().as_deref() == Some(request.sign)
        })?;
    }
    let grant = CODES.redeem(call, request.token, app, Product::AppNumber)?;
    let same = if rsa {
        request.typed_phone().ok_or(UNDECRYPTABLE)? == grant.phone
    } else {
        let values = phone_values(&grant.phone, &app.app_key, request.ts);
        let hashed = APP_NUMBER_KEY0_PHONE_NUM.digest(&values, APP_NUMBER_KEY0_PHONE_NUM.encoding);
        hashed.ok().flatten().as_deref() == Some(request.phone_num)
    };
    request.count(call, &grant.phone, DAILY_LIMIT)?;
    Ok(Verdict { token_phone: grant.phone, same })
}
