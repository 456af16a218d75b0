//! App number verification: `POST /openapi/rs/tokenValidate`, keyType 0 (SHA-256 + HMAC) or 1 (RSA) (SPEC §5).

use serde_json::{json, Value};

use crate::client::outcome::{details, match_outcome, parse_reply, CodeSource};
use crate::client::{Client, Verified};
use crate::error::Result;
use crate::protocol::app_signs::app_number_key_type0;
use crate::protocol::fields::required;
use crate::protocol::ids::new_id;
use crate::protocol::strings::{number_verify_string, phone_plaintext};

const CODES: CodeSource = CodeSource { product: "app_number_verify", stage: "token_validate" };
const MATCH: &str = "000";
const NO_MATCH: &str = "001";

impl Client {
    /// Checks `phone` against a token from the App SDK's mobileAuth. Codes 000 and 001 are match and no
    /// match; any other code is `Status::Platform`.
    pub fn app_number_verify(&self, token: &str, phone: &str, expand_params: Option<&str>) -> Result<Verified> {
        let c = &self.config;
        let o = &c.app_number;
        let app_key = c.require_app_key("app_number_verify")?;
        let token = required("token", token)?;
        let msg_id = new_id();
        let timestamp = self.timestamp();
        let (phone_num, sign) = if o.key_type == 0 {
            let signed = app_number_key_type0(&c.app_id, app_key, &msg_id, phone, &timestamp, token, &o.version)?;
            (signed.phone_num, signed.sign)
        } else {
            let plain = phone_plaintext(phone, app_key, &timestamp)?;
            let key = c.require_private_key("app_number_verify with key_type 1")?;
            let platform_key = c.require_platform_key("app_number_verify with key_type 1")?;
            let phone_num = platform_key.encrypt_to_base64(&plain)?;
            let text = number_verify_string(&c.app_id, &msg_id, &phone_num, &timestamp, token, &o.version)?;
            let sign = key.sign_encoded(text.as_bytes(), o.sign.algorithm, o.sign.encoding)?;
            (phone_num, sign)
        };
        let key_type = if o.key_type_as_number { Value::from(o.key_type) } else { Value::from(o.key_type.to_string()) };
        let body = json!({
            "header": {"version": o.version, "msgId": msg_id, "timestamp": timestamp, "appId": c.app_id},
            "body": {
                "openType": o.open_type,
                "requesterType": o.requester_type,
                "message": "",
                "expandParams": expand_params.unwrap_or(""),
                "keyType": key_type,
                "phoneNum": phone_num,
                "token": token,
                "sign": sign,
            },
        })
        .to_string();
        let reply = self.send_with_token(token, &c.url(&o.endpoint), &[], &body)?;
        let response = parse_reply(&reply)?;
        let code = response.result_code()?;
        let matched = match_outcome(&code, &[MATCH.to_string()], &[NO_MATCH.to_string()], &response, CODES)?;
        let details =
            details(&code, &response, &reply, &[("msgId", Value::from(msg_id)), ("matched", Value::from(matched))])?;
        Ok(Verified { matched, details })
    }
}
