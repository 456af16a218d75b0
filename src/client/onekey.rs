//! One-click login (mini-program / H5): `POST /h5/onekeylogin/tokenValidate`
//! (docs/protocol.md#a-mini-program-one-click-login).

use serde_json::{json, Value};

use crate::cipher::decrypt_msisdn;
use crate::client::{Client, Validated};
use crate::error::Result;
use crate::protocol::field_names::{ANSWER_FIELDS, ONEKEY_LOGIN_FIELDS as F};
use crate::protocol::fields::{optional, required};
use crate::protocol::ids::new_id;
use crate::protocol::interfaces::{ONEKEY_LOGIN, ONEKEY_SIGN};
use crate::protocol::strings::token_validate_values;

impl Client {
    /// Validates a one-click-login token and returns the phone number.
    ///
    /// `user_information` is passed exactly as the jssdk returned it (never URL-decoded). The token is sent at
    /// most once by this client: a second call with it fails with `Status::TokenReused` without a request.
    pub fn onekey_validate(
        &self,
        token: &str,
        user_information: &str,
        expand_params: Option<&str>,
    ) -> Result<Validated> {
        let c = &self.config;
        let key = c.require_private_key("onekey_validate")?;
        let app_key = c.require_app_key("onekey_validate")?;
        let token = required(F.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let user_information = required("user_information", user_information)?;
        let trace_id = new_id();
        let timestamp = self.timestamp();
        let version = c.onekey.interface_version.as_str();
        let values = token_validate_values(&c.app_id, &trace_id, &timestamp, token, version);
        let sign = ONEKEY_SIGN.sign_with(key, &values, c.onekey.sign_encoding)?;
        let body = json!({
            F.token: token,
            F.sign: sign,
            F.user_information: user_information,
            F.expand_params: expand_params,
        })
        .to_string();
        let headers = [
            (F.interface_version, version),
            (F.app_id, c.app_id.as_str()),
            (F.trace_id, trace_id.as_str()),
            (F.timestamp, timestamp.as_str()),
            (F.business_type, c.onekey.business_type.as_str()),
        ];
        let answer = self.exchange(token, &c.url(&c.onekey.endpoint), &headers, &body)?;
        let phone = decrypt_msisdn(app_key, &answer.success_msisdn(ONEKEY_LOGIN.codes)?, c.onekey.msisdn_aes_key)?;
        let security_phone = answer.response().string(ANSWER_FIELDS.security_phone)?.unwrap_or_default();
        let details =
            answer.details(&[("securityPhone", Value::from(security_phone)), ("traceId", Value::from(trace_id))])?;
        Ok(Validated { phone, details })
    }
}
