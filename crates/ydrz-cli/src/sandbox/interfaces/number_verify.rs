//! (B) Mini-program number verification: `POST /NumberAbility/h5/verifyVmMobileApi.htm`
//! (docs/protocol.md#b-mini-program-number-verification).
//!
//! Body `{"header":{version ("1.0"), msgId, appId, timestamp}, "body":{expandParams?, phoneNum, token, sign,
//! userInformation}}`. As S2's flow chart orders it, the number's daily count comes before the signature:
//! a live token's phone number is counted against the app's daily limit (per day in UTC+8; 121011 when over),
//! then the sign is checked: MD5withRSA, Base64, over appId + msgId + phoneNum + timestamp + token + version.
//! `phoneNum` must decrypt (platform private key, PKCS#1 v1.5 blocks) to exactly the typed phone + appKey +
//! header.timestamp. A token lives one minute; an expired, reused or other product's token and a missing or
//! altered `userInformation` are all 120020 (the seed's hint). The answer is `000` 是本机号码 when the typed
//! number is the token's, `001` 非本机号码 otherwise (the sandbox's assumption: the product's real codes are
//! unpublished), in the `{header, body}` envelope that errors use too.

use serde_json::json;

use ydrz::protocol::field_names::{ANSWER_FIELDS, NUMBER_VERIFY_FIELDS as F};
use ydrz::protocol::interfaces::NUMBER_VERIFY;

use super::{header_body, Basis, Call, Codes, NumberRequest, Reject, Verdict};
use crate::sandbox::http::Response;
use crate::sandbox::router::Reply;
use crate::sandbox::tokens::Product;

const CODES: Codes = Codes {
    interface: &NUMBER_VERIFY,
    not_json: Reject::rule("130032", None, Basis::Documented("S2 appendix, 130032")),
    parse: Reject::rule("130032", None, Basis::Documented("S2 appendix, 130032")),
    missing: Reject::code("130010"),
    unknown_app: Reject::code("110028"),
    ip: Reject::code("110004"),
    timestamp: Reject::rule(
        "130030",
        Some("timestamp 非法"),
        Basis::Assumption("timestamps more than 10 minutes from the clock are refused, with this code"),
    ),
    sign: "130018",
    token: "120020",
    token_other_app: "120020",
    token_other_product: "120020",
};
const USERINFO: Reject =
    Reject::rule("120020", Some("userinformation 缺失或编码出错"), Basis::Documented("S2 appendix, 120020"));
const BAD_VERSION: Reject =
    Reject::rule("130030", None, Basis::Assumption("version 1.0 is documented, the code for others is not"));
const UNDECRYPTABLE: Reject = Reject::code("130016");
const DAILY_LIMIT: Reject =
    Reject::rule("121011", None, Basis::Documented("S2 flow chart (count before the sign), 121011"));

pub fn handle(call: &Call<'_>) -> Reply {
    let (code, desc, note) = Verdict::answer(verify(call), &CODES);
    let body = header_body(call.json, code, json!({ANSWER_FIELDS.result_desc: desc}));
    Reply { response: Response::json(200, &body), note }
}

fn verify(call: &Call<'_>) -> Result<Verdict, Reject> {
    let request = NumberRequest::read(call, &CODES)?;
    let user_information = CODES.optional(request.body, F.user_information)?;
    CODES.optional(request.body, F.common.expand_params)?;
    CODES.check_version(request.version, BAD_VERSION)?;
    CODES.check_timestamp(F.common.timestamp, request.ts)?;
    if let Some(phone) = call.state.tokens.phone_of(request.token) {
        request.count(call, &phone, DAILY_LIMIT)?;
    }
    request.check_rsa_sign(&CODES)?;
    let grant = CODES.redeem(call, request.token, &request.app, Product::NumberVerify)?;
    if user_information.is_none() || grant.user_information.as_deref() != user_information {
        return Err(USERINFO);
    }
    let typed = request.typed_phone().ok_or(UNDECRYPTABLE)?;
    Ok(Verdict { same: typed == grant.phone, token_phone: grant.phone })
}
