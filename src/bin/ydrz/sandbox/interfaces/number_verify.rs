//! (B) Mini-program number verification: `POST /NumberAbility/h5/verifyVmMobileApi.htm` (SPEC §3.4–3.6).
//!
//! Body `{"header":{version, msgId, appId, timestamp}, "body":{expandParams?, phoneNum, token, sign,
//! userInformation}}`. The sign is MD5withRSA, Base64, over appId + msgId + phoneNum + timestamp + token +
//! version. `phoneNum` must decrypt (platform private key, PKCS#1 v1.5 blocks) to exactly the typed phone +
//! appKey + header.timestamp. After the token and `userInformation` checks, each verification counts against
//! the app's daily limit for the token's phone number (per day in UTC+8). The answer is `000` 是本机号码 when
//! the typed number is the token's, `001` 非本机号码 otherwise, in the `{header, body}` envelope that errors
//! use too.

use serde_json::json;

use super::{header_body, Call, Codes, NumberRequest, Reject, Verdict};
use crate::sandbox::http::Response;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

pub const PATH: &str = ydrz::protocol::interfaces::NUMBER_VERIFY_PATH;

const CODES: Codes = Codes {
    product: "mp_number_verify",
    stage: "troubleshooting",
    parse: Reject::code("130032"),
    missing: Reject::code("130010"),
    unknown_app: Reject::code("110028"),
    ip: Reject::code("110004"),
    timestamp: Reject::fixed("130030", "timestamp 非法"),
    sign: Reject::code("130018"),
    token: "120020",
    token_other_app: "120020",
    token_other_product: "120020",
};
const USERINFO: Reject = Reject::fixed("120020", "userinformation 校验失败");
const UNDECRYPTABLE: Reject = Reject::code("130016");
const DAILY_LIMIT: Reject = Reject::code("121011");

pub fn handle(call: &Call<'_>) -> Reply {
    let (code, desc, note) = Verdict::answer(verify(call), &CODES);
    let body = header_body(call.json, code, json!({"resultDesc": desc}));
    Reply { response: Response::json(200, &body), note }
}

fn verify(call: &Call<'_>) -> Result<Verdict, Reject> {
    let request = NumberRequest::read(call, &CODES)?;
    let user_information = CODES.required(request.body, "userInformation")?;
    CODES.optional(request.body, "expandParams")?;
    CODES.check_timestamp(request.ts)?;
    CODES.check_sign(request.rsa_signed())?;
    let grant = CODES.redeem(call, request.token, &request.app, Product::NumberVerify)?;
    if grant.user_information.as_deref() != Some(user_information) {
        return Err(USERINFO);
    }
    let typed = request.typed_phone().ok_or(UNDECRYPTABLE)?;
    request.count(call, &grant.phone, DAILY_LIMIT)?;
    Ok(Verdict { same: typed == grant.phone, token_phone: grant.phone })
}
