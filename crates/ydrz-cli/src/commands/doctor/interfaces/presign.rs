//! `ydrz doctor presign`: the preSign signature given to getTokenInfo ([`PRESIGN_SIGN`]).

use ydrz::protocol::field_names::JSSDK_FIELDS as J;
use ydrz::protocol::interfaces::{NUMBER_VERIFY, PRESIGN_SIGN};

use super::{built, owned, string_with, About, Case, Fields, Interface};
use crate::args::Args;
use crate::commands::common::Failure;
use crate::commands::doctor::variants::{url_decoded, StringVariant};

pub const INTERFACE: Interface = Interface {
    name: "presign",
    valued: &["public-key", "public-key-file", "private-key", "private-key-file", "presign", "sign", "code"],
    case,
};

const ABOUT: About = About {
    title: "number-verification preSign signature (getTokenInfo sign)",
    product: NUMBER_VERIFY.codes.product,
    recipe: &PRESIGN_SIGN,
    formula_note: const_concat!(
        " text verbatim (jssdk getSign: ",
        formula!(J.app_id, J.msg_id, J.timestamp, "uuid", J.version),
        ")"
    ),
    elsewhere: || {
        const_concat!(
            "pass the sign unchanged to YDRZ.getTokenInfo with the same ",
            J.app_id,
            ", and check that this public key is the one registered on dev.10086.cn (130018) and that the keys \
             come from RsaUtils-compatible tooling (1024-bit, PKCS#8 / X.509)",
        )
        .into()
    },
};

/// The preSign text as the integrator gave it.
struct Presign(String);

impl Fields for Presign {
    fn values(&self) -> Vec<(&'static str, Option<String>)> {
        PRESIGN_SIGN.pieces.iter().map(|p| (p.name, Some(self.0.clone()))).collect()
    }
}

const STRINGS: &[StringVariant<Presign>] = &[
    StringVariant { label: "as specified", build: |p| built(string_with(&PRESIGN_SIGN, p, &[])?, ABOUT.formula()) },
    StringVariant {
        label: "preSign URL-decoded before signing",
        build: |p| built(url_decoded(&p.0), "the URL-decoded preSign; sign the preSign exactly as the jssdk gave it"),
    },
    StringVariant {
        label: "preSign with its JSON quotes",
        build: |p| {
            built(Some(format!("\"{}\"", p.0)), "the preSign with surrounding quotes (a JSON string, not its value)")
        },
    },
    StringVariant {
        label: "preSign with surrounding whitespace trimmed",
        build: |p| {
            let trimmed = Some(p.0.trim()).filter(|t| *t != p.0).map(str::to_string);
            built(trimmed, "the trimmed preSign; sign it exactly as the jssdk gave it")
        },
    },
];

fn case(args: &Args) -> Result<Case, Failure> {
    Case::rsa(args, &ABOUT, STRINGS, &[], &Presign(owned(args, "presign")?), None)
}
