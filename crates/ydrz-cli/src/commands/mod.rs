//! The subcommands. Each has a name, a help text and a `run` function; `run` returns the exit code or a
//! usage error (which `main` prints with the help text and exit code 2). Operation failures are printed by the
//! command itself (`common::finish`) as `ydrz <name>: <message>` with exit code 1.

use std::process::ExitCode;

use crate::args::UsageError;

pub(crate) mod common;
mod decrypt_msisdn;
mod doctor;
mod encrypt_phone;
mod explain;
mod keygen;
mod sign;
mod validate;
mod verify;

pub struct Command {
    pub name: &'static str,
    pub help: &'static str,
    pub run: fn(&[String]) -> Result<ExitCode, UsageError>,
}

const COMMANDS: &[Command] = &[
    keygen::COMMAND,
    sign::COMMAND,
    encrypt_phone::COMMAND,
    decrypt_msisdn::COMMAND,
    explain::COMMAND,
    doctor::COMMAND,
    validate::COMMAND,
    verify::COMMAND,
    crate::sandbox::COMMAND,
];

pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}
