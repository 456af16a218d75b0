//! (D) App number verification: `POST /openapi/rs/tokenValidate` (SPEC §5).
//!
//! Body `{"header":{version, msgId, timestamp, appId}, "body":{openType, requesterType, message, expandParams,
//! keyType, phoneNum, token, sign}}`; keyType is a string or a number. keyType 0 (or absent): phoneNum is the
//! upper-case hex SHA-256 of phone + appKey + timestamp and the sign the upper-case hex HMAC-SHA256 (key
//! appKey) of appId + msgId + phoneNum + timestamp + token + version. keyType 1: phoneNum is RSA under the
//! platform public key, Base64 (004 when it does not decrypt to phone + appKey + timestamp), and the sign
//! MD5withRSA, Base64. Each verification counts against the app's daily limit for the token's phone (102315).
//! The answer is `000` 是本机号码 or `001` 非本机号码.

use serde_json::{json, Map, Value};
use ydrz::protocol::ids::new_id;
use ydrz::protocol::strings::phone_plaintext;
use ydrz::signature::{hmac_sha256_hex, sha256_hex};

use super::{header_body, Call, Codes, NumberRequest, Reject, Verdict};
use crate::sandbox::http::Response;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

pub const PATH: &str = ydrz::protocol::interfaces::APP_NUMBER_TOKEN_VALIDATE_PATH;

const CODES: Codes = Codes {
    product: "app_number_verify",
    stage: "token_validate",
    parse: Reject::code("303"),
    missing: Reject::code("102"),
    unknown_app: Reject::fixed("102", "appId 不存在"),
    ip: Reject::code("124"),
    timestamp: Reject::fixed("102", "timestamp 非法"),
    sign: Reject::code("302"),
    token: "606",
    token_other_app: "606",
    token_other_product: "606",
};
const BAD_KEY_TYPE: Reject = Reject::fixed("102", "keyType 必须为 0 或 1");
const UNDECRYPTABLE: Reject = Reject::code("004");
const DAILY_LIMIT: Reject = Reject::code("102315");

pub fn handle(call: &Call<'_>) -> Reply {
    let (code, desc, note) = Verdict::answer(verify(call), &CODES);
    let body = header_body(call.json, code, json!({"resultDesc": desc, "message": "", "taskId": new_id()}));
    Reply { response: Response::json(200, &body), note }
}

/// keyType 1 (RSA) or not; a string or a number, absent or empty meaning 0.
fn rsa_key_type(body: &Map<String, Value>) -> Result<bool, Reject> {
    match body.get("keyType") {
        None | Some(Value::Null) => Ok(false),
        Some(Value::String(s)) if s.is_empty() || s == "0" => Ok(false),
        Some(Value::String(s)) if s == "1" => Ok(true),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(false),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(true),
        Some(Value::String(_) | Value::Number(_)) => Err(BAD_KEY_TYPE),
        Some(_) => Err(Reject::described(CODES.parse.code, "keyType must be a string or a number")),
    }
}

fn verify(call: &Call<'_>) -> Result<Verdict, Reject> {
    let request = NumberRequest::read(call, &CODES)?;
    let rsa = rsa_key_type(request.body)?;
    CODES.check_timestamp(request.ts)?;
    let app = &request.app;
    let signed = if rsa {
        request.rsa_signed()
    } else {
        request
            .string_to_sign()
            .is_some_and(|data| hmac_sha256_hex(app.app_key.as_bytes(), data.as_bytes(), true) == request.sign)
    };
    CODES.check_sign(signed)?;
    let grant = CODES.redeem(call, request.token, app, Product::AppNumber)?;
    let same = if rsa {
        request.typed_phone().ok_or(UNDECRYPTABLE)? == grant.phone
    } else {
        phone_plaintext(&grant.phone, &app.app_key, request.ts)
            .is_ok_and(|plain| sha256_hex(plain.as_bytes(), true) == request.phone_num)
    };
    request.count(call, &grant.phone, DAILY_LIMIT)?;
    Ok(Verdict { token_phone: grant.phone, same })
}
