//! What the two number-verification interfaces share: the `{header, body}` request and answer envelopes,
//! the encrypted typed number, the daily count and the 000 / 001 verdict.

use std::sync::Arc;

use serde_json::{json, Map, Value};
use ydrz::cipher::is_plain_phone;
use ydrz::protocol::field_names::{ANSWER_FIELDS, NUMBER_FIELDS as F};
use ydrz::protocol::ids::timestamp_now;
use ydrz::protocol::strings::number_verify_values;

use super::{Call, Codes, Reject};
use crate::sandbox::apps::App;
use crate::sandbox::log::Note;

/// What both number-verification interfaces read from `{"header":{version, msgId, timestamp, appId},
/// "body":{phoneNum, token, sign, ...}}`, once the app is admitted and these fields are present.
pub struct NumberRequest<'a> {
    pub app: Arc<App>,
    pub body: &'a Map<String, Value>,
    pub version: &'a str,
    pub msg_id: &'a str,
    pub ts: &'a str,
    pub phone_num: &'a str,
    pub token: &'a str,
    pub sign: &'a str,
}

impl<'a> NumberRequest<'a> {
    /// Parses the envelope, admits the app and reads the shared required fields (in the shared check order).
    pub fn read(call: &Call<'a>, codes: &Codes) -> Result<NumberRequest<'a>, Reject> {
        let root = codes.root(call)?;
        let header = codes.child(root, F.header)?;
        let body = codes.child(root, F.body)?;
        let app = codes.admit(call, codes.required(header, F.app_id)?)?;
        Ok(NumberRequest {
            app,
            body,
            version: codes.required(header, F.version)?,
            msg_id: codes.required(header, F.msg_id)?,
            ts: codes.required(header, F.timestamp)?,
            phone_num: codes.required(body, F.phone_num)?,
            token: codes.required(body, F.token)?,
            sign: codes.required(body, F.sign)?,
        })
    }

    /// The values of the sign's pieces (appId + msgId + phoneNum + timestamp + token + version).
    pub fn values(&self) -> [(&'static str, &str); 6] {
        number_verify_values(&self.app.app_id, self.msg_id, self.phone_num, self.ts, self.token, self.version)
    }

    /// The RSA sign of both interfaces: the interface's first recipe (keyType 1 for the App one).
    pub fn check_rsa_sign(&self, codes: &Codes) -> Result<(), Reject> {
        let (recipe, values) = (codes.interface.sign(), self.values());
        codes.check_sign(recipe, recipe.encoding, |encoding| {
            recipe.verify_with(&self.app.keys.customer_public, &values, self.sign, encoding)
        })
    }

    /// The typed phone number inside `phoneNum` (see [`decrypt_phone`]).
    pub fn typed_phone(&self) -> Option<String> {
        decrypt_phone(&self.app, self.phone_num, self.ts)
    }

    /// Counts a verification of `phone` for the app today; `daily_limit` when over the app's limit.
    pub fn count(&self, call: &Call<'_>, phone: &str, daily_limit: Reject) -> Result<(), Reject> {
        if call.state.daily.record(&self.app.app_id, phone, self.app.options.daily_limit) {
            Ok(())
        } else {
            Err(daily_limit)
        }
    }
}

/// A number verification that reached its verdict.
pub struct Verdict {
    pub token_phone: String,
    pub same: bool,
}

impl Verdict {
    /// The result code, description and log note of a number verification: `000` 是本机号码 when the typed
    /// number is the token's, `001` 非本机号码 when not, or the refusal.
    pub fn answer(outcome: Result<Verdict, Reject>, codes: &Codes) -> (&'static str, String, Note) {
        let interface = codes.interface;
        match outcome {
            Ok(verdict) => {
                let (code, desc) = if verdict.same {
                    (interface.match_code.unwrap_or_default(), "是本机号码")
                } else {
                    (interface.no_match_code.unwrap_or_default(), "非本机号码")
                };
                (code, desc.to_string(), Note::code(code).with_phone(Some(&verdict.token_phone)))
            }
            Err(reject) => (reject.code, codes.describe(&reject), Note::code(reject.code)),
        }
    }
}

/// The phone number in a number-verification `phoneNum`: RSA-encrypted `phone + appKey + timestamp` under
/// the app's platform key. `None` when it does not decrypt to exactly that.
fn decrypt_phone(app: &App, phone_num: &str, ts: &str) -> Option<String> {
    let plain = app.keys.platform_private.as_ref()?.decrypt_text(phone_num).ok()?;
    let phone = plain.strip_suffix(&format!("{}{ts}", app.app_key))?;
    is_plain_phone(phone).then(|| phone.to_string())
}

/// The `{header, body}` envelope of the number-verification interfaces, echoing the request's
/// `header.appId` and `header.msgId` when it had them.
pub fn header_body(request: Option<&Value>, code: &str, body: Value) -> Value {
    let echo = |name: &str| {
        request.and_then(|r| r.get(F.header)).and_then(|h| h.get(name)).and_then(Value::as_str).unwrap_or_default()
    };
    json!({
        F.header: {F.app_id: echo(F.app_id), F.msg_id: echo(F.msg_id), ANSWER_FIELDS.result_code: code, F.timestamp: timestamp_now()},
        F.body: body,
    })
}
