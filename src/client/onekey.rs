//! One-click login (mini-program / H5): `POST /h5/onekeylogin/tokenValidate`
//! (docs/protocol.md#a-mini-program-one-click-login).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::cipher::decrypt_msisdn;
use crate::client::config::Config;
use crate::client::exchange::SignedBody;
use crate::client::outcome::Answer;
use crate::client::stats::Interface;
use crate::client::{Answered, Client, Exchange, Sources, Validated};
use crate::error::Result;
use crate::protocol::field_names::{ANSWER_FIELDS, ONEKEY_LOGIN_FIELDS as F};
use crate::protocol::fields::{optional, required};
use crate::protocol::interfaces::{SignStyle, ONEKEY_LOGIN, ONEKEY_SIGN};
use crate::protocol::strings::token_validate_values;

const WHAT: &str = "onekey_validate";

impl Client {
    /// Validates a one-click-login token and returns the phone number: [`Client::onekey_begin`] sent by the
    /// built-in transport.
    ///
    /// `user_information` is passed exactly as the jssdk returned it (never URL-decoded). The token is sent at
    /// most once by this client: a second call with it fails with `Status::TokenReused` without a request.
    pub fn onekey_validate(
        &self,
        token: &str,
        user_information: &str,
        expand_params: Option<&str>,
    ) -> Result<Validated> {
        let setup = self.setup();
        Client::send(
            &setup,
            self.onekey_exchange(&setup.config, &Sources::SYSTEM, token, user_information, expand_params)?,
        )
    }

    /// The exchange of [`Client::onekey_validate`]: checks the inputs, reserves the token and builds the request
    /// with the timestamp and traceId of `sources`.
    pub fn onekey_begin(
        &self,
        sources: &Sources,
        token: &str,
        user_information: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Validated>> {
        self.onekey_exchange(&self.setup().config, sources, token, user_information, expand_params)
    }

    /// [`Client::onekey_begin`] under configuration `c`.
    fn onekey_exchange(
        &self,
        c: &Arc<Config>,
        sources: &Sources,
        token: &str,
        user_information: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Validated>> {
        let signer = c.require_signer(WHAT)?;
        c.require_app_key(WHAT)?;
        let token = required(F.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let user_information = required("user_information", user_information)?;
        let trace_id = sources.ids.new_id();
        let timestamp = Client::timestamp(c, sources);
        let version = c.onekey.interface_version.as_str();
        let values = token_validate_values(&c.app_id, &trace_id, &timestamp, token, version);
        let style = SignStyle { algorithm: ONEKEY_SIGN.rsa_algorithm()?, encoding: c.onekey.sign_encoding };
        let sign = signer.sign(ONEKEY_SIGN.compose(&values)?.as_bytes(), style)?;
        let body = json!({
            F.token: token,
            F.sign: sign.text(),
            F.user_information: user_information,
            F.expand_params: expand_params,
        });
        let headers = [
            (F.interface_version, version),
            (F.app_id, c.app_id.as_str()),
            (F.trace_id, trace_id.as_str()),
            (F.timestamp, timestamp.as_str()),
            (F.business_type, c.onekey.business_type.as_str()),
        ];
        let (config, trace) = (Arc::clone(c), trace_id.clone());
        let read = Box::new(move |answer: Answer| {
            let app_key = config.require_app_key(WHAT)?;
            let phone =
                decrypt_msisdn(app_key, &answer.success_msisdn(ONEKEY_LOGIN.codes)?, config.onekey.msisdn_aes_key)?;
            let security_phone = answer.response().string(ANSWER_FIELDS.security_phone)?.unwrap_or_default();
            let details =
                answer.details(&[("securityPhone", Value::from(security_phone)), ("traceId", Value::from(trace))])?;
            Ok(Answered::Done(Validated { phone, details }))
        });
        self.begin(
            c,
            Interface::Onekey,
            token,
            &headers,
            SignedBody { body, pointer: format!("/{}", F.sign), signature: sign },
            read,
        )
    }
}
