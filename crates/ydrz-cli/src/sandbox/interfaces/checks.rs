//! The checks every interface shares, and the result codes each interface gives them.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use ydrz::catalog;
use ydrz::codec::Encoding;
use ydrz::protocol::ids::{unix_millis_of_timestamp, BEIJING_UTC_OFFSET_MINUTES};
use ydrz::protocol::interfaces::{CodeSource, Interface};
use ydrz::protocol::recipe::{Basis as RecipeBasis, Recipe};

use super::Call;
use crate::commands::common::encoding_words;
use crate::sandbox::apps::App;
use crate::sandbox::tokens::{Grant, Product, Refusal};

/// How far a request timestamp may be from the sandbox's clock.
const TIMESTAMP_WINDOW_MS: i64 = 10 * 60 * 1000;
/// The documented form of every timestamp (docs/protocol.md#common-conventions).
const NOT_A_DATE: Basis = Basis::Documented("S0, PD, CS, JS: 17 digits yyyyMMddHHmmssSSS");

/// Whether the rule behind a refusal is documented by a source or is the sandbox's own (stricter) assumption.
#[derive(Clone, Copy, Debug)]
pub enum Basis {
    /// A source states the rule (named in docs/protocol.md).
    Documented(&'static str),
    /// The platform's behaviour is unknown; the sandbox refuses to be the lenient side.
    Assumption(&'static str),
}

/// A refused request: its result code, when the catalog's text says too little a description, and the basis
/// of the rule, which ends the answer's `desc`.
#[derive(Clone, Debug)]
pub struct Reject {
    pub code: &'static str,
    desc: Option<Cow<'static, str>>,
    basis: Option<Basis>,
}

impl Reject {
    pub const fn code(code: &'static str) -> Reject {
        Reject { code, desc: None, basis: None }
    }

    /// A refusal with a fixed description, for the code tables.
    pub const fn fixed(code: &'static str, desc: &'static str) -> Reject {
        Reject { code, desc: Some(Cow::Borrowed(desc)), basis: None }
    }

    pub fn described(code: &'static str, desc: impl Into<Cow<'static, str>>) -> Reject {
        Reject { code, desc: Some(desc.into()), basis: None }
    }

    /// The same code and basis with another description.
    pub fn with_desc(&self, desc: impl Into<Cow<'static, str>>) -> Reject {
        Reject { code: self.code, desc: Some(desc.into()), basis: self.basis }
    }

    /// A refusal by a rule with a known basis; `desc` replaces the catalog's text when given.
    pub const fn rule(code: &'static str, desc: Option<&'static str>, basis: Basis) -> Reject {
        let desc = match desc {
            Some(text) => Some(Cow::Borrowed(text)),
            None => None,
        };
        Reject { code, desc, basis: Some(basis) }
    }
}

/// An interface's catalog coordinates and the result codes of the shared checks.
pub struct Codes {
    pub interface: &'static Interface,
    /// A body that is not JSON or not sent as `application/json`.
    pub not_json: Reject,
    /// A JSON body of the wrong shape (a field of the wrong type).
    pub parse: Reject,
    pub missing: Reject,
    pub unknown_app: Reject,
    pub ip: Reject,
    /// A timestamp too far from the sandbox's clock (one that is no date at all gets the same code).
    pub timestamp: Reject,
    /// A sign that does not verify.
    pub sign: &'static str,
    /// Unknown, used or expired token.
    pub token: &'static str,
    /// Another app's token.
    pub token_other_app: &'static str,
    /// A token of another product.
    pub token_other_product: &'static str,
}

impl Codes {
    /// The catalog's text for `code` (this product and stage first), or the code itself.
    pub fn text(&self, code: &str) -> String {
        let CodeSource { product, stage } = self.interface.codes;
        catalog::best(code, product, stage).map_or_else(|| code.to_string(), |e| e.message_zh().to_string())
    }

    /// The description of a refusal, ending with the basis of its rule.
    pub fn describe(&self, reject: &Reject) -> String {
        let text = reject.desc.as_deref().map_or_else(|| self.text(reject.code), str::to_string);
        match reject.basis {
            None => text,
            Some(Basis::Documented(source)) => format!("{text} [documented: {source}]"),
            Some(Basis::Assumption(what)) => format!("{text} [sandbox assumption: {what}]"),
        }
    }

    /// The request's JSON object: `not_json` when the body is not JSON or not declared as JSON, `parse` when
    /// it is JSON but not an object.
    pub fn root<'v>(&self, call: &Call<'v>) -> Result<&'v Map<String, Value>, Reject> {
        if !call.request.header("content-type").is_some_and(is_json_media_type) {
            return Err(self.not_json.with_desc("Content-Type must be application/json"));
        }
        let json = call.json.ok_or_else(|| self.not_json.with_desc("the body is not JSON"))?;
        self.object(Some(json))
    }

    /// The value as a JSON object, or a parse error.
    pub fn object<'v>(&self, value: Option<&'v Value>) -> Result<&'v Map<String, Value>, Reject> {
        value.and_then(Value::as_object).ok_or_else(|| self.parse.clone())
    }

    /// `value` is one of the interface's versions.
    pub fn check_version(&self, value: &str, reject: Reject) -> Result<(), Reject> {
        if self.interface.versions.contains(&value) {
            Ok(())
        } else {
            let versions = self.interface.versions.join(" or ");
            let desc = format!("{} must be {versions}", self.interface.version_field);
            Err(reject.with_desc(desc))
        }
    }

    /// A nested object field: missing or parse error.
    pub fn child<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<&'v Map<String, Value>, Reject> {
        match object.get(name) {
            None | Some(Value::Null) => Err(self.missing.clone()),
            Some(value) => self.object(Some(value)),
        }
    }

    /// A text field; absent, null or empty is `None`; another type is a parse error.
    pub fn optional<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<Option<&'v str>, Reject> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.is_empty())),
            Some(_) => Err(Reject::described(self.parse.code, format!("{name} must be a string"))),
        }
    }

    /// A non-empty text field.
    pub fn required<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<&'v str, Reject> {
        self.optional(object, name)?.ok_or_else(|| self.missing_field(name))
    }

    pub fn missing_field(&self, name: &str) -> Reject {
        Reject::described(self.missing.code, format!("{}: {name}", self.text(self.missing.code)))
    }

    /// The app, if it exists and the peer is on its allowlist.
    pub fn admit(&self, call: &Call<'_>, app_id: &str) -> Result<Arc<App>, Reject> {
        let app = call.state.apps.get(app_id).ok_or_else(|| self.unknown_app.clone())?;
        if app.options.allowed_ips.allows(call.peer) {
            Ok(app)
        } else {
            Err(self.ip.clone())
        }
    }

    /// The field `name` holds a 17-digit `yyyyMMddHHmmssSSS` date (documented) within ±10 minutes of the
    /// sandbox's clock (the sandbox's assumption, `timestamp`).
    pub fn check_timestamp(&self, name: &str, ts: &str) -> Result<(), Reject> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
        match unix_millis_of_timestamp(ts, BEIJING_UTC_OFFSET_MINUTES) {
            Some(millis) if (millis - now).abs() <= TIMESTAMP_WINDOW_MS => Ok(()),
            Some(_) => Err(self.timestamp.clone()),
            None => Err(Reject::rule(self.timestamp.code, None, NOT_A_DATE).with_desc(format!(
                "{name} is not a yyyyMMddHHmmssSSS date ({} characters; 17 digits of Beijing time are expected)",
                ts.chars().count()
            ))),
        }
    }

    /// The sign verifies in the `accepted` encoding (`verifies` tells, for an encoding, whether the sign is the
    /// recipe's output written in it). A refusal is "assumption" when the sign is right in another encoding the
    /// documents leave open, "documented" otherwise, with the recipe's sources.
    pub fn check_sign(
        &self,
        recipe: &Recipe,
        accepted: Encoding,
        verifies: impl Fn(Encoding) -> bool,
    ) -> Result<(), Reject> {
        if verifies(accepted) {
            return Ok(());
        }
        let text = self.text(self.sign);
        let written_in = [Encoding::HexUpper, Encoding::HexLower, Encoding::Base64]
            .into_iter()
            .find(|e| *e != accepted && verifies(*e));
        Err(match (written_in, recipe.encoding_basis) {
            (Some(other), basis) => {
                let basis = match basis {
                    RecipeBasis::Documented(source) => Basis::Documented(source),
                    RecipeBasis::Open(why) => Basis::Assumption(why),
                };
                Reject::rule(self.sign, None, basis).with_desc(format!(
                    "{text}: the {} is right but written in {}; the sandbox accepts only {}",
                    recipe.output,
                    encoding_words(other),
                    encoding_words(accepted)
                ))
            }
            (None, _) => Reject::rule(self.sign, None, Basis::Documented(recipe.source)).with_desc(format!(
                "{text}: the {} is not {} of {}",
                recipe.output,
                recipe.algorithm.name(),
                recipe.formula()
            )),
        })
    }

    /// Redeems the token (it is used up whatever the outcome) for this app and product.
    pub fn redeem(&self, call: &Call<'_>, token: &str, app: &App, product: Product) -> Result<Grant, Reject> {
        call.state.tokens.redeem(token, &app.app_id, product).map_err(|refusal| {
            let code = match refusal {
                Refusal::Unknown | Refusal::Expired => self.token,
                Refusal::OtherApp => self.token_other_app,
                Refusal::OtherProduct => self.token_other_product,
            };
            let desc = format!("{} ({})", self.text(code), refusal.describe());
            Reject::rule(code, None, Basis::Documented("docs/protocol.md#tokens")).with_desc(desc)
        })
    }
}

/// `application/json`, with or without parameters, in any case.
fn is_json_media_type(value: &str) -> bool {
    value.split(';').next().is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}
