//! Runs a [`Case`] against the integrator's sign and reports: the string to sign, notes, the table of variants,
//! the verdict, the sign to send when a matching private key was given, and the catalog's view of `--code`.

use serde_json::{json, Value};
use ydrz::catalog;

use super::interfaces::Case;
use super::variants::{check_all, compact, make, Candidate};
use crate::commands::common::{encoding_words, mask_secrets_in};

/// The outcome: whether any variant matched, and the report as text and as JSON.
pub struct Report {
    pub matched: bool,
    pub text: String,
    pub json: Value,
}

/// One printed row of the table.
struct Row {
    mark: &'static str,
    label: String,
    candidate_json: Value,
}

/// Checks `their_sign` (spaces and line breaks ignored, but reported) against every candidate of `case` and
/// builds the report. The best match is the one with the fewest differences from what the platform expects.
/// The table shows the expected candidate, every single difference, every match and, with `all`, everything.
pub fn diagnose(case: &Case, their_sign: &str, code: Option<&str>, all: bool) -> Report {
    let sign = compact(their_sign);
    let has_whitespace = their_sign.trim().chars().any(char::is_whitespace);
    let candidates = check_all(&case.strings, &case.formats, &case.keys, &sign);
    let best = candidates.iter().filter(|c| c.matched == Some(true)).min_by_key(|c| c.deviations(&case.formats));
    let rows: Vec<Row> = candidates
        .iter()
        .filter(|c| match c.matched {
            None => c.format == 0 && c.key == 0,
            Some(matched) => all || matched || c.deviations(&case.formats) <= 1,
        })
        .map(|c| row(case, c))
        .collect();
    let (verdict, problems) = match best {
        Some(c) => verdict(case, c, has_whitespace),
        None => (no_match_verdict(case), Vec::new()),
    };
    let expected = case.strings[0].1.as_ref();
    let masked = |text: &str| mask_secrets_in(text, &case.secrets.iter().map(String::as_str).collect::<Vec<_>>());
    let sign_to_send = expected.and_then(|built| make(&built.text, case.formats[0], case.signer.as_ref()));
    let codes: Vec<&catalog::Entry> = code.map(|c| code_entries(case, c)).unwrap_or_default();

    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    line(format!("Doctor: {}", case.about.title));
    line(format!("  string to sign   {}", case.formula));
    match expected {
        Some(built) => line(format!("                   {}", masked(&built.text))),
        None => line("                   (cannot be built from the options given)".into()),
    }
    line(format!("  expected         {}, verified with {}", case.formats[0].describe(), case.keys[0].label));
    line(format!("  your sign        {} ({} characters)", shorten(&sign), sign.chars().count()));
    if !case.notes.is_empty() {
        line(String::new());
        for (passed, note) in &case.notes {
            line(format!("  {} {note}", if *passed { "✔" } else { "✘" }));
        }
    }
    line(String::new());
    line("Variants checked against your sign (✔ matches, ✘ does not, – does not apply to these inputs):".into());
    for r in &rows {
        line(format!("  {}  {}", r.mark, r.label));
    }
    if !all {
        line("  (combinations of two or more differences are checked too, and shown only when they match; --all shows all)".into());
    }
    line(String::new());
    line(format!("Verdict: {verdict}"));
    for problem in &problems {
        line(format!("  - {problem}"));
    }
    if let Some(s) = &sign_to_send {
        line(String::new());
        line(format!("The sign the platform expects for these values: {s}"));
    }
    for e in &codes {
        line(String::new());
        line(format!("Code {} [{} / {}]: {} ({})", e.code(), e.product(), e.stage(), e.message_zh(), e.meaning_en()));
        if !e.hint().is_empty() {
            line(format!("  hint: {}", e.hint()));
        }
    }
    if let (Some(c), true) = (code, codes.is_empty()) {
        line(String::new());
        line(format!("Code {c} is not in the catalog (see ydrz explain --list)."));
    }

    let json = json!({
        "interface": case.about.title,
        "formula": case.formula,
        "string_to_sign": expected.map(|b| masked(&b.text)),
        "expected": { "format": case.formats[0].describe(), "key": case.keys[0].label },
        "your_sign": sign,
        "notes": case.notes.iter().map(|(passed, note)| json!({ "passed": passed, "note": note })).collect::<Vec<_>>(),
        "variants": rows.iter().map(|r| r.candidate_json.clone()).collect::<Vec<_>>(),
        "matched": best.is_some(),
        "correct": best.is_some_and(|c| c.deviations(&case.formats) == 0 && !has_whitespace),
        "verdict": verdict,
        "problems": problems,
        "sign_to_send": sign_to_send,
        "code": codes.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
    });
    Report { matched: best.is_some(), text, json }
}

fn row(case: &Case, c: &Candidate) -> Row {
    let label = label(case, c);
    let (mark, result) = match c.matched {
        None => ("–", "n/a"),
        Some(true) => ("✔", "match"),
        Some(false) => ("✘", "no match"),
    };
    let format = case.formats[c.format];
    let candidate_json = json!({
        "label": label,
        "result": result,
        "string": case.strings[c.string].0,
        "algorithm": format.scheme.name(),
        "encoding": format.encoding.name(),
        "key": case.keys[c.key].label,
    });
    Row { mark, label, candidate_json }
}

/// "as specified: ..." for the expected candidate, else its differences joined with " + ".
fn label(case: &Case, c: &Candidate) -> String {
    let (expected, format) = (case.formats[0], case.formats[c.format]);
    let mut parts = Vec::new();
    if c.string != 0 {
        parts.push(case.strings[c.string].0.to_string());
    }
    if format.scheme != expected.scheme {
        parts.push(format!("{} instead of {}", format.scheme.name(), expected.scheme.name()));
    }
    if format.encoding != expected.encoding {
        parts.push(format!("{} instead of {}", encoding_words(format.encoding), encoding_words(expected.encoding)));
    }
    if c.key != 0 {
        parts.push(case.keys[c.key].label.to_string());
    }
    if parts.is_empty() {
        format!("as specified: {} over {}", expected.describe(), case.formula)
    } else {
        parts.join(" + ")
    }
}

/// The verdict for the best matching candidate, and what differs from what the platform expects (empty when
/// the sign is correct).
fn verdict(case: &Case, c: &Candidate, has_whitespace: bool) -> (String, Vec<String>) {
    let (expected, format) = (case.formats[0], case.formats[c.format]);
    let over = case.strings[c.string].1.as_ref().map_or(case.formula.as_str(), |b| b.over.as_str());
    let mut problems = Vec::new();
    if format.scheme != expected.scheme {
        problems.push(format!("it is {}; the platform expects {}", format.scheme.name(), expected.scheme.name()));
    }
    if format.encoding != expected.encoding {
        problems.push(format!(
            "it is written as {}; the platform expects {}",
            encoding_words(format.encoding),
            encoding_words(expected.encoding)
        ));
    }
    if c.string != 0 {
        problems.push(format!(
            "the string differs: the platform signs {}, with exactly the values it receives",
            case.formula
        ));
    }
    if c.key != 0 {
        problems.push(format!(
            "it was made with your --private-key, whose public half is not the registered public key ({})",
            case.keys[0].label
        ));
    }
    if has_whitespace {
        problems.push("it contains spaces or line breaks (old Base64 encoders add them); send it on one line".into());
    }
    let what = format!("your sign is {}, {}, over {over}", format.scheme.name(), encoding_words(format.encoding));
    if problems.is_empty() {
        let correct = format!(
            "{what}, made with {}: it is correct. The problem is elsewhere: {}.",
            case.keys[c.key].label,
            (case.about.elsewhere)()
        );
        return (correct, problems);
    }
    (format!("{what}. What differs from what the platform expects:"), problems)
}

fn no_match_verdict(case: &Case) -> String {
    let with = match case.keys.as_slice() {
        [only] if only.key.is_some() => format!(
            "with {}. It was made over another string, or with a private key that does not pair with it (pass \
             --private-key to check the pair)",
            only.label
        ),
        [only] => format!("with {}. It was made over another string, or with another secret", only.label),
        _ => "with either key: neither the registered public key nor --private-key's public half verifies it. It was \
              made over another string, or with yet another key"
            .to_string(),
    };
    format!(
        "your sign matches none of these variants {with}. Log the exact string your code signs and compare it with \
         the string to sign above."
    )
}

/// The catalog's entries for `code` in this interface's product, or in any product when it has none there;
/// an entry that says the same as an earlier one (another stage's copy) is shown once.
fn code_entries(case: &Case, code: &str) -> Vec<&'static catalog::Entry> {
    let own: Vec<_> = catalog::lookup(code, Some(case.about.product), None).collect();
    let all = if own.is_empty() { catalog::lookup(code, None, None).collect() } else { own };
    let mut shown: Vec<&'static catalog::Entry> = Vec::new();
    for e in all {
        if !shown.iter().any(|s| s.says_the_same(e)) {
            shown.push(e);
        }
    }
    shown
}

/// The first 16 characters and an ellipsis, for long signs.
fn shorten(sign: &str) -> String {
    if sign.chars().count() <= 40 {
        return sign.to_string();
    }
    format!("{}…", sign.chars().take(16).collect::<String>())
}
