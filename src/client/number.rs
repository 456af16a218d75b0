//! Number verification (mini-program / H5): `POST /NumberAbility/h5/verifyVmMobileApi.htm` (SPEC §3.4-3.5).

use serde_json::{json, Value};

use crate::client::outcome::{details, match_outcome, parse_reply, CodeSource};
use crate::client::{Client, Verified};
use crate::error::Result;
use crate::protocol::fields::required;
use crate::protocol::ids::new_id;
use crate::protocol::strings::{number_verify_string, phone_plaintext};

const CODES: CodeSource = CodeSource { product: "mp_number_verify", stage: "troubleshooting" };

impl Client {
    /// Checks whether `phone` (as the user typed it) is the number of the device the token came from.
    /// `matched` is true for a match code, false for a no-match code; any other code is `Status::Platform`.
    pub fn number_verify(
        &self,
        token: &str,
        user_information: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Verified> {
        let c = &self.config;
        let key = c.require_private_key("number_verify")?;
        let platform_key = c.require_platform_key("number_verify")?;
        let app_key = c.require_app_key("number_verify")?;
        let token = required("token", token)?;
        let user_information = required("user_information", user_information)?;
        let msg_id = new_id();
        let timestamp = self.timestamp();
        let version = c.number_verify.version.as_str();
        let phone_num = platform_key.encrypt_to_base64(&phone_plaintext(phone, app_key, &timestamp)?)?;
        let text = number_verify_string(&c.app_id, &msg_id, &phone_num, &timestamp, token, version)?;
        let style = c.number_verify.sign;
        let sign = key.sign_encoded(text.as_bytes(), style.algorithm, style.encoding)?;
        let body = json!({
            "header": {"version": version, "msgId": msg_id, "appId": c.app_id, "timestamp": timestamp},
            "body": {
                "expandParams": expand_params.unwrap_or(""),
                "phoneNum": phone_num,
                "token": token,
                "sign": sign,
                "userInformation": user_information,
            },
        })
        .to_string();
        let reply = self.send_with_token(token, &c.url(&c.number_verify.endpoint), &[], &body)?;
        let response = parse_reply(&reply)?;
        let code = response.result_code()?;
        let matched =
            match_outcome(&code, &c.number_verify.match_codes, &c.number_verify.no_match_codes, &response, CODES)?;
        let details =
            details(&code, &response, &reply, &[("msgId", Value::from(msg_id)), ("matched", Value::from(matched))])?;
        Ok(Verified { matched, details })
    }
}
