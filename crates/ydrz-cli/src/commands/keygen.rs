//! `ydrz keygen`: a new customer RSA key pair in the Java `getEncoded()` forms the console expects.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use ydrz::keys::PrivateKey;

use super::common::{emit, failed, finish, options, print_json, Failure};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "keygen", help: HELP, run };

const HELP: &str = "\
Usage: ydrz keygen [--bits 1024] [--out-dir DIR] [--json]

Generates a customer RSA key pair (e = 65537) and prints, or writes to DIR, the two strings China Mobile's
tools (RsaUtils) use: the private key as Base64 PKCS#8 and the public key as Base64 X.509
SubjectPublicKeyInfo, both without line breaks (Java getEncoded()).

Register the PUBLIC key (public_spki.txt, starts with MIGfMA0G for 1024 bits) on dev.10086.cn; keep the
private key on your server only.

Options:
  --bits N        key size: 1024 (the platform's documented size, default) up to 4096
  --out-dir DIR   write DIR/private_pkcs8.txt (mode 0600) and DIR/public_spki.txt instead of printing the
                  private key; existing files are never overwritten
  --json          print {\"bits\", \"private_pkcs8\", \"public_spki\"} (or the written paths with --out-dir)

Example:
  ydrz keygen --out-dir ./keys
";

const PRIVATE_FILE: &str = "private_pkcs8.txt";
const PUBLIC_FILE: &str = "public_spki.txt";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let args = options(raw, &Spec { valued: &["bits", "out-dir"], flags: &["json"] })?;
    let bits = args.number("bits", 1024usize)?;
    let key = PrivateKey::generate(bits)?;
    let private = key.to_pkcs8_base64()?;
    let public = key.public_key().to_spki_base64()?;
    match args.value("out-dir") {
        Some(dir) => {
            let dir = Path::new(dir);
            fs::create_dir_all(dir).map_err(|e| failed(format!("cannot create {}: {e}", dir.display())))?;
            let private_path = dir.join(PRIVATE_FILE);
            let public_path = dir.join(PUBLIC_FILE);
            write_new(&private_path, &private, 0o600)?;
            write_new(&public_path, &public, 0o644)?;
            if args.flag("json") {
                print_json(&serde_json::json!({
                    "bits": bits,
                    "private_pkcs8_file": private_path.display().to_string(),
                    "public_spki_file": public_path.display().to_string(),
                    "public_spki": public,
                }));
            } else {
                emit(&format!(
                    "Wrote a {bits}-bit key pair:\n  {}  private key, PKCS#8 Base64 (mode 0600): keep it on your server\n  \
                     {}  public key, X.509 SPKI Base64: register this one on dev.10086.cn\n\nPublic key to register:\n{public}\n",
                    private_path.display(),
                    public_path.display()
                ));
            }
        }
        None => {
            if args.flag("json") {
                print_json(
                    &serde_json::json!({ "bits": bits, "private_pkcs8": private.as_str(), "public_spki": public }),
                );
            } else {
                emit(&format!("Private key ({bits}-bit, PKCS#8 Base64; keep it secret, on your server only):\n"));
                emit(&private);
                emit(&format!("\n\nPublic key (X.509 SPKI Base64; register THIS one on dev.10086.cn):\n{public}\n"));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` plus a newline to a file that must not exist yet, created with `mode` on Unix.
fn write_new(path: &Path, text: &str, mode: u32) -> Result<(), Failure> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(|e| failed(format!("cannot create {}: {e}", path.display())))?;
    writeln!(file, "{text}").map_err(|e| failed(format!("cannot write {}: {e}", path.display())))
}
