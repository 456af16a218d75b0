//! Number verification (mini-program / H5): `POST /NumberAbility/h5/verifyVmMobileApi.htm`
//! (docs/protocol.md#b-mini-program-number-verification).

use std::sync::Arc;

use serde_json::json;

use crate::client::exchange::SignedBody;
use crate::client::outcome::Answer;
use crate::client::stats::Interface;
use crate::client::{Answered, Client, Config, Exchange, Signature, Sources, Verified};
use crate::error::Result;
use crate::protocol::field_names::NUMBER_VERIFY_FIELDS as F;
use crate::protocol::fields::{optional, required};
use crate::protocol::interfaces::{SignStyle, NUMBER_VERIFY};
use crate::protocol::strings::{number_verify_string, phone_plaintext};

impl Client {
    /// Checks whether `phone` (as the user typed it) is the number of the device the token came from:
    /// [`Client::number_verify_begin`] sent by the built-in transport.
    /// `matched` is true for a match code, false for a no-match code; any other code is `Status::Platform`.
    pub fn number_verify(
        &self,
        token: &str,
        user_information: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Verified> {
        let setup = self.setup();
        let exchange = self.number_verify_exchange(
            &setup.config,
            &Sources::SYSTEM,
            token,
            user_information,
            phone,
            expand_params,
        )?;
        Client::send(&setup, exchange)
    }

    /// The exchange of [`Client::number_verify`], with the timestamp and msgId of `sources`.
    pub fn number_verify_begin(
        &self,
        sources: &Sources,
        token: &str,
        user_information: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Verified>> {
        self.number_verify_exchange(&self.setup().config, sources, token, user_information, phone, expand_params)
    }

    /// [`Client::number_verify_begin`] under configuration `c`.
    fn number_verify_exchange(
        &self,
        c: &Arc<Config>,
        sources: &Sources,
        token: &str,
        user_information: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Verified>> {
        let n = &F.common;
        let token = required(n.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let user_information = required("user_information", user_information)?;
        let msg_id = sources.ids.new_id();
        let timestamp = Client::timestamp(c, sources);
        let version = c.number_verify.version.as_str();
        let (phone_num, sign) =
            Client::rsa_phone_num_and_sign(c, phone, &msg_id, &timestamp, token, version, c.number_verify.sign)?;
        let body = json!({
            n.header: {n.version: version, n.msg_id: msg_id, n.app_id: c.app_id, n.timestamp: timestamp},
            n.body: {
                n.expand_params: expand_params,
                n.phone_num: phone_num,
                n.token: token,
                n.sign: sign.text(),
                F.user_information: user_information,
            },
        });
        let config = Arc::clone(c);
        let read = Box::new(move |answer: Answer| {
            let codes = &config.number_verify;
            answer.verified(&codes.match_codes, &codes.no_match_codes, msg_id, NUMBER_VERIFY.codes).map(Answered::Done)
        });
        self.begin(
            c,
            Interface::NumberVerify,
            token,
            &[],
            SignedBody { body, pointer: format!("/{}/{}", n.body, n.sign), signature: sign },
            read,
        )
    }

    /// The RSA `phoneNum` (phone + appkey + timestamp encrypted with the platform key) and its signature over
    /// the number-verification string: number verification and App keyType 1 build them the same way.
    pub(super) fn rsa_phone_num_and_sign(
        c: &Config,
        phone: &str,
        msg_id: &str,
        timestamp: &str,
        token: &str,
        version: &str,
        style: SignStyle,
    ) -> Result<(String, Signature)> {
        let what = "number verification with an RSA phoneNum";
        let signer = c.require_signer(what)?;
        let platform_key = c.require_platform_key(what)?;
        let app_key = c.require_app_key(what)?;
        let phone_num = platform_key.encrypt_to_base64(&phone_plaintext(phone, app_key, timestamp)?)?;
        let text = number_verify_string(&c.app_id, msg_id, &phone_num, timestamp, token, version)?;
        let sign = signer.sign(text.as_bytes(), style)?;
        Ok((phone_num, sign))
    }
}
