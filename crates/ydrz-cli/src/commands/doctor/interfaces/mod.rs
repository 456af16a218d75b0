//! The interfaces the doctor knows, one module each: their fields, the ways integrators get a string to sign
//! wrong, the formats the platform could be sent, and what to check when the sign turns out to be right. The
//! strings, formulas, formats and field orders all come from the recipe of the interface's descriptor
//! (`ydrz::protocol::interfaces`); a module adds only the mistakes, as data.

mod app_login;
mod jssdk;
mod number_verify;
mod presign;
mod token_validate;

use ydrz::keys::PrivateKey;
use ydrz::protocol::recipe::{compose, formula, Piece, Recipe};

use super::variants::{build_all, md5_formats, rsa_formats, url_decoded, Built, Format, StringVariant, Verifier};
use crate::args::Args;
use crate::commands::common::{private_key, required_public_key, Failure};

/// What one interface's diagnosis says whatever the inputs.
pub struct About {
    /// What is being checked, for the heading.
    pub title: &'static str,
    /// Catalog product used to explain `--code`.
    pub product: &'static str,
    /// The recipe of the sign.
    pub recipe: &'static Recipe,
    /// Appended to the recipe's formula ("(msgId = traceId)").
    pub formula_note: &'static str,
    /// What to look at when the sign is right.
    pub elsewhere: fn() -> String,
}

impl About {
    /// The specified string, in the platform's notation.
    pub fn formula(&self) -> String {
        format!("{}{}", self.recipe.formula(), self.formula_note)
    }
}

/// Everything the doctor needs to diagnose one sign.
pub struct Case {
    pub about: &'static About,
    /// [`About::formula`].
    pub formula: String,
    pub strings: Vec<(String, Option<Built>)>,
    /// The candidate formats, the expected one first.
    pub formats: Vec<Format>,
    /// The candidate keys, the registered one first; a single keyless entry for MD5 interfaces.
    pub keys: Vec<Verifier>,
    /// Secrets inside the strings (appkey, APPSecret), masked whenever a string is printed.
    pub secrets: Vec<String>,
    /// The private key of the registered public key, when given: used to show the sign to send.
    pub signer: Option<PrivateKey>,
    /// Checks beside the sign: (passed, text).
    pub notes: Vec<(bool, String)>,
}

/// An interface's fields as the values of its recipe's pieces.
pub trait Fields {
    /// `(piece name, value)` for every piece the recipe can take; `None` for a value not given.
    fn values(&self) -> Vec<(&'static str, Option<String>)>;
}

/// The string of `recipe` over `fields`' values, with `changes` in place of some; `Ok(None)` when a value it
/// needs was not given.
pub fn string_with<F: Fields>(
    recipe: &Recipe,
    fields: &F,
    changes: &[(&'static str, &str)],
) -> ydrz::Result<Option<String>> {
    ordered(recipe.pieces, fields, changes)
}

/// The string of `pieces` (in this order) over `fields`' values with `changes`; `Ok(None)` when a value is absent.
fn ordered<F: Fields>(pieces: &[Piece], fields: &F, changes: &[(&'static str, &str)]) -> ydrz::Result<Option<String>> {
    let given = fields.values();
    let mut values: Vec<(&str, &str)> = Vec::new();
    for piece in pieces {
        let changed = changes.iter().find(|(name, _)| *name == piece.name).map(|(_, v)| *v);
        let value = changed.or_else(|| given.iter().find(|(n, _)| *n == piece.name).and_then(|(_, v)| v.as_deref()));
        match value {
            Some(v) => values.push((piece.name, v)),
            None => return Ok(None),
        }
    }
    Ok(Some(compose(pieces, &values)?.to_string()))
}

/// A string variant: `Ok(None)` stays "does not apply", a string gets its `over` text.
pub fn built(text: Option<String>, over: impl Into<String>) -> ydrz::Result<Option<Built>> {
    Ok(text.map(|text| Built { text, over: over.into() }))
}

/// A mistake in the order of a recipe's pieces.
#[derive(Clone, Copy)]
pub enum Order {
    /// The pieces sorted alphabetically (by name, ignoring case).
    Alphabetical,
    /// Two pieces, by name, swapped.
    Swapped(&'static str, &'static str),
    /// One piece, by name, left out.
    LeftOut(&'static str),
}

impl Order {
    /// The pieces of `recipe` in this wrong order; `None` when it names a piece the recipe lacks or changes
    /// nothing.
    fn pieces(self, recipe: &Recipe) -> Option<Vec<Piece>> {
        let mut pieces = recipe.pieces.to_vec();
        let position = |name: &str| pieces.iter().position(|p| p.name == name);
        match self {
            Order::Alphabetical => pieces.sort_by_key(|p| p.name.to_ascii_lowercase()),
            Order::Swapped(a, b) => {
                let (i, j) = (position(a)?, position(b)?);
                pieces.swap(i, j);
            }
            Order::LeftOut(name) => {
                pieces.remove(position(name)?);
            }
        }
        (pieces != recipe.pieces).then_some(pieces)
    }

    /// The variant of `recipe` over `fields` in this order, labelled and explained.
    fn variant<F: Fields>(self, recipe: &Recipe, fields: &F) -> ydrz::Result<Option<(String, Option<Built>)>> {
        let Some(pieces) = self.pieces(recipe) else { return Ok(None) };
        let (wrong, right) = (formula(&pieces), recipe.formula());
        let (label, over) = match self {
            Order::Alphabetical => (
                format!("fields in alphabetical order: {wrong}"),
                format!("{wrong} (alphabetical); the platform's order is {right}"),
            ),
            Order::Swapped(a, b) => {
                (format!("{a} and {b} swapped: {wrong}"), format!("{wrong}; the platform's order is {right}"))
            }
            Order::LeftOut(name) => {
                (format!("{name} left out: {wrong}"), format!("{wrong} without {name}; the platform signs {right}"))
            }
        };
        Ok(Some((label, built(ordered(&pieces, fields, &[])?, over)?)))
    }
}

impl Case {
    /// The string variants of `about`'s recipe over `fields`: `strings` (the specified one first), then the
    /// `orders` mistakes.
    fn strings<F: Fields>(
        about: &About,
        strings: &[StringVariant<F>],
        orders: &[Order],
        fields: &F,
    ) -> ydrz::Result<Vec<(String, Option<Built>)>> {
        let mut out: Vec<(String, Option<Built>)> =
            build_all(strings, fields)?.into_iter().map(|(label, b)| (label.to_string(), b)).collect();
        for order in orders {
            out.extend(order.variant(about.recipe, fields)?);
        }
        Ok(out)
    }

    /// An interface signed with RSA: its strings built from `fields`, the formats from the recipe, the keys
    /// from [`rsa_keys`] and their notes followed by `notes` on the other inputs.
    fn rsa<F: Fields>(
        args: &Args,
        about: &'static About,
        strings: &[StringVariant<F>],
        orders: &[Order],
        fields: &F,
        notes: impl IntoIterator<Item = (bool, String)>,
    ) -> Result<Case, Failure> {
        let RsaKeys { keys, signer, notes: key_notes } = rsa_keys(args)?;
        let notes = key_notes.into_iter().chain(notes).collect();
        let strings = Case::strings(about, strings, orders, fields)?;
        let style = about.recipe.rsa_style().ok_or_else(|| ydrz::Error::invalid_arg("not an RSA recipe"))?;
        let formats = rsa_formats(style).to_vec();
        Ok(Case { about, formula: about.formula(), strings, formats, keys, secrets: Vec::new(), signer, notes })
    }

    /// An MD5 interface, its strings built from `fields`, whose `secrets` (named `secret_label` in the table)
    /// are inside the strings.
    fn md5<F: Fields>(
        about: &'static About,
        strings: &[StringVariant<F>],
        orders: &[Order],
        fields: &F,
        secret_label: &'static str,
        secrets: Vec<String>,
    ) -> Result<Case, Failure> {
        let strings = Case::strings(about, strings, orders, fields)?;
        let keys = vec![Verifier { label: secret_label, key: None }];
        let formats = md5_formats(about.recipe.encoding).to_vec();
        Ok(Case { about, formula: about.formula(), strings, formats, keys, secrets, signer: None, notes: Vec::new() })
    }
}

/// One `ydrz doctor` subcommand.
pub struct Interface {
    pub name: &'static str,
    /// Its options that take a value (the common `sign` and `code` included).
    pub valued: &'static [&'static str],
    pub case: fn(&Args) -> Result<Case, Failure>,
}

pub const INTERFACES: &[Interface] = &[
    token_validate::INTERFACE,
    jssdk::INTERFACE,
    number_verify::INTERFACE,
    presign::INTERFACE,
    app_login::MD5_INTERFACE,
    app_login::RSA_INTERFACE,
];

/// The label of the variant with [`other_version`] inside the string (the tokenValidate one says interfaceVersion).
const OTHER_VERSION: &str = "the other version (1.0 <-> 2.0) inside the string";

/// The label of the variant with the token URL-decoded, and what its string is over ([`token_url_decoded_over`]).
const TOKEN_URL_DECODED: &str = "token URL-decoded before signing";

fn token_url_decoded_over(formula: &str) -> String {
    format!("{formula} with the token URL-decoded; sign the token exactly as you send it")
}

/// The variant with the token (the piece `token`) URL-decoded, when that changes it.
fn token_url_decoded<F: Fields>(
    about: &About,
    fields: &F,
    token_piece: &'static str,
    token: &str,
) -> ydrz::Result<Option<Built>> {
    match url_decoded(token) {
        None => Ok(None),
        Some(decoded) => built(
            string_with(about.recipe, fields, &[(token_piece, &decoded)])?,
            token_url_decoded_over(&about.formula()),
        ),
    }
}

/// The interfaceVersion / version an integrator confuses with `version` (the platform's two values).
fn other_version(version: &str) -> Option<&'static str> {
    match version {
        "2.0" => Some("1.0"),
        "1.0" => Some("2.0"),
        _ => None,
    }
}

fn owned(args: &Args, name: &str) -> Result<String, Failure> {
    Ok(args.required(name)?.to_string())
}

fn optional(args: &Args, name: &str) -> Option<String> {
    args.value(name).map(str::to_string)
}

/// The keys of an RSA interface, with notes on how they relate.
struct RsaKeys {
    keys: Vec<Verifier>,
    signer: Option<PrivateKey>,
    notes: Vec<(bool, String)>,
}

/// The registered public key (required), and the private key if given: when its public half is the registered
/// key it becomes the signer, otherwise its public half is a second candidate key. Notes say which.
fn rsa_keys(args: &Args) -> Result<RsaKeys, Failure> {
    let registered = required_public_key(args, "public-key")?;
    let mut keys = vec![Verifier { label: "the registered public key", key: Some(registered.clone()) }];
    let mut notes = vec![(true, format!("registered public key: {}-bit RSA", registered.bits()))];
    let Some(private) = private_key(args, "private-key")? else { return Ok(RsaKeys { keys, signer: None, notes }) };
    let half = private.public_key();
    if half == registered {
        notes.push((true, "--private-key's public half is the registered public key (the pair matches)".into()));
        return Ok(RsaKeys { keys, signer: Some(private), notes });
    }
    notes.push((
        false,
        format!(
            "--private-key's public half is NOT the registered public key: the platform verifies with the registered \
             key, so signs made with this private key fail (104013 / 130018). Register its public key instead, or \
             sign with the private key of the registered one. Its public key: {}",
            half.to_spki_base64()?
        ),
    ));
    keys.push(Verifier { label: "signed with --private-key (not the registered key)", key: Some(half) });
    Ok(RsaKeys { keys, signer: None, notes })
}

/// A note when `--user-information` looks URL-decoded: it must be sent exactly as the jssdk returned it.
/// `field` is the interface's name for it.
fn user_information_note(args: &Args, field: &str) -> Option<(bool, String)> {
    let info = args.value("user-information")?;
    if info.contains('%') || !info.contains(['@', ' ', '/', ':']) {
        return Some((true, format!("{field} looks as the jssdk returned it (URL-encoded)")));
    }
    Some((
        false,
        format!(
            "{field} looks URL-decoded (it has '@', ' ', '/' or ':' and no %XX escapes): send it exactly as the \
             jssdk returned it, never URL-decoded (120020 / 103101)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ydrz::protocol::interfaces::ONEKEY_SIGN;

    struct Values(Vec<(&'static str, Option<String>)>);

    impl Fields for Values {
        fn values(&self) -> Vec<(&'static str, Option<String>)> {
            self.0.clone()
        }
    }

    #[test]
    fn order_mistakes_follow_the_recipe() {
        let names: Vec<&str> = ONEKEY_SIGN.pieces.iter().map(|p| p.name).collect();
        let fields = Values(names.iter().map(|n| (*n, Some(format!("<{n}>")))).collect());
        let fields = Values(
            fields
                .0
                .into_iter()
                .map(|(n, v)| (n, if n == "timestamp" { Some("20240131235959123".into()) } else { v }))
                .collect(),
        );
        let (label, built) = Order::Swapped(names[1], names[2]).variant(&ONEKEY_SIGN, &fields).unwrap().unwrap();
        assert_eq!(
            label,
            format!(
                "{} and {} swapped: {}+{}+{}+{}+{}",
                names[1], names[2], names[0], names[2], names[1], names[3], names[4]
            )
        );
        assert!(built.unwrap().text.starts_with(&format!("<{}>20240131235959123<{}>", names[0], names[1])));
        let (label, _) = Order::LeftOut(names[4]).variant(&ONEKEY_SIGN, &fields).unwrap().unwrap();
        assert!(label.ends_with(&names[..4].join("+")), "{label}");
        assert!(Order::Swapped("nothing", names[0]).variant(&ONEKEY_SIGN, &fields).unwrap().is_none());
    }
}
