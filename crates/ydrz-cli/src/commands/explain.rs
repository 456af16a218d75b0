//! `ydrz explain`: what a platform result code means, from the library's catalog.

use std::process::ExitCode;

use ydrz::catalog::{self, Entry};

use super::common::{emit, failed, finish, print_json, Failure};
use super::Command;
use crate::args::{Args, Spec, UsageError};

pub const COMMAND: Command = Command { name: "explain", help: HELP, run };

const HELP: &str = "\
Usage: ydrz explain CODE [--product P] [--stage S] [--json]
       ydrz explain --list [--product P] [--stage S] [--json]

Prints every catalog entry for CODE: the platform's Chinese message, an English meaning, what to check, and the
product and stage it belongs to. The same code can mean different things in different products (105003,
110028, 104001 ...); --product and --stage narrow the answer. An unknown code exits with status 1.
--list prints the codes of the catalog (narrowed the same way).

Products: mp_onekey_login, mp_number_verify, app_onekey_login, app_number_verify, app_sdk.

Examples:
  ydrz explain 104013
  ydrz explain 105003 --product mp_onekey_login --stage ctcc_getnum
  ydrz explain --list --product mp_number_verify
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let args = Args::parse(raw, &Spec { valued: &["product", "stage"], flags: &["json", "list"] })?;
    let (product, stage) = (args.value("product"), args.value("stage"));
    let json = args.flag("json");
    if args.flag("list") {
        if let Some(extra) = args.positional().first() {
            return Err(UsageError(format!("--list takes no code (got \"{extra}\")")).into());
        }
        // An empty code matches nothing, so this only checks the product and stage names.
        catalog::describe("", product, stage).map_err(|e| UsageError(e.message().to_string()))?;
        let entries: Vec<&Entry> = catalog::entries()
            .iter()
            .filter(|e| product.is_none_or(|p| e.product() == p) && stage.is_none_or(|s| e.stage() == s))
            .collect();
        print_entries(&entries, json, true);
        return Ok(ExitCode::SUCCESS);
    }
    let code = match args.positional() {
        [code] => code.trim(),
        [] => return Err(UsageError("which code? e.g. ydrz explain 104013".into()).into()),
        [_, extra, ..] => return Err(UsageError(format!("one code at a time (unexpected \"{extra}\")")).into()),
    };
    let entries = catalog::describe(code, product, stage).map_err(|e| UsageError(e.message().to_string()))?;
    if entries.is_empty() {
        let narrowed = match (product, stage) {
            (None, None) => String::new(),
            _ => format!(" for {}/{}", product.unwrap_or("*"), stage.unwrap_or("*")),
        };
        let elsewhere = if narrowed.is_empty() || catalog::first(code, None, None).is_none() {
            String::new()
        } else {
            " (it is known elsewhere: drop --product/--stage to see where)".to_string()
        };
        return Err(failed(format!("code \"{code}\" is not in the catalog{narrowed}{elsewhere}")));
    }
    print_entries(&entries, json, false);
    Ok(ExitCode::SUCCESS)
}

/// Prints entries as a JSON array, one line each (`brief`), or as blocks with the hint.
fn print_entries(entries: &[&Entry], json: bool, brief: bool) {
    if json {
        print_json(&entries.iter().map(|e| e.to_json()).collect::<Vec<_>>().into());
        return;
    }
    let mut text = String::new();
    for (n, e) in entries.iter().enumerate() {
        if brief {
            text.push_str(&format!("{:<8} {}/{}  {}\n", e.code(), e.product(), e.stage(), e.message_zh()));
            continue;
        }
        if n > 0 {
            text.push('\n');
        }
        text.push_str(&format!(
            "{} [{} / {}]\n  {}\n  {}\n",
            e.code(),
            e.product(),
            e.stage(),
            e.message_zh(),
            e.meaning_en()
        ));
        if !e.hint().is_empty() {
            text.push_str(&format!("  hint: {}\n", e.hint()));
        }
    }
    emit(&text);
}
