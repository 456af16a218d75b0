//! App number verification: `POST /openapi/rs/tokenValidate`, keyType 0 (SHA-256 + HMAC) or 1 (RSA)
//! (docs/protocol.md#d-app-number-verification).

use serde_json::{json, Value};

use crate::client::exchange::SignedBody;
use crate::client::outcome::Answer;
use crate::client::stats::Interface;
use crate::client::{Answered, Client, Config, Exchange, Signature, Sources, Verified};
use crate::error::Result;
use crate::protocol::app_signs::app_number_key_type0;
use crate::protocol::field_names::APP_NUMBER_FIELDS as F;
use crate::protocol::fields::{optional, required};
use crate::protocol::interfaces::APP_NUMBER;

impl Client {
    /// Checks `phone` against a token from the App SDK's mobileAuth: [`Client::app_number_begin`] sent by the
    /// built-in transport. Codes 000 and 001 are match and no match; any other code is `Status::Platform`.
    pub fn app_number_verify(&self, token: &str, phone: &str, expand_params: Option<&str>) -> Result<Verified> {
        let setup = self.setup();
        Client::send(&setup, self.app_number_exchange(&setup.config, &Sources::SYSTEM, token, phone, expand_params)?)
    }

    /// The exchange of [`Client::app_number_verify`], with the timestamp and msgId of `sources`.
    pub fn app_number_begin(
        &self,
        sources: &Sources,
        token: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Verified>> {
        self.app_number_exchange(&self.setup().config, sources, token, phone, expand_params)
    }

    /// [`Client::app_number_begin`] under configuration `c`.
    fn app_number_exchange(
        &self,
        c: &Config,
        sources: &Sources,
        token: &str,
        phone: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Verified>> {
        let o = &c.app_number;
        let app_key = c.require_app_key("app_number_verify")?;
        let n = &F.common;
        let token = required(n.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let msg_id = sources.ids.new_id();
        let timestamp = Client::timestamp(c, sources);
        let (phone_num, sign) = if o.key_type == 0 {
            let signed = app_number_key_type0(&c.app_id, app_key, &msg_id, phone, &timestamp, token, &o.version)?;
            (signed.phone_num, Signature::Made(signed.sign))
        } else {
            Client::rsa_phone_num_and_sign(c, phone, &msg_id, &timestamp, token, &o.version, o.sign)?
        };
        let key_type = if o.key_type_as_number { Value::from(o.key_type) } else { Value::from(o.key_type.to_string()) };
        let body = json!({
            n.header: {n.version: o.version, n.msg_id: msg_id, n.timestamp: timestamp, n.app_id: c.app_id},
            n.body: {
                F.open_type: o.open_type,
                F.requester_type: o.requester_type,
                F.message: "",
                n.expand_params: expand_params,
                F.key_type: key_type,
                n.phone_num: phone_num,
                n.token: token,
                n.sign: sign.text(),
            },
        });
        let read = Box::new(move |answer: Answer| {
            answer
                .verified(
                    APP_NUMBER.match_code.as_slice(),
                    APP_NUMBER.no_match_code.as_slice(),
                    msg_id,
                    APP_NUMBER.codes,
                )
                .map(Answered::Done)
        });
        self.begin(
            c,
            Interface::AppNumber,
            token,
            &[],
            SignedBody { body, pointer: format!("/{}/{}", n.body, n.sign), signature: sign },
            read,
        )
    }
}
