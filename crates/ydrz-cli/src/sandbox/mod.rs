//! `ydrz sandbox`: a local imitation of the platform's four token-verification interfaces, over real HTTP on
//! a local port, for integration tests, binding tests and examples. It issues tokens as the SDKs would
//! obtain them, checks requests the way the platform does (Content-Type, app, IP allowlist, fields, versions,
//! timestamp, signature, single-use token, business rules) with the platform's result codes, and can inject
//! transport faults. Where the platform's behaviour is unknown it is the stricter side, and says so
//! (docs/protocol.md#the-sandbox).
//! It lives only in the binary: the library has no server code.

mod apps;
mod control;
mod exposure;
mod faults;
mod http;
mod info;
mod interfaces;
mod limits;
mod log;
mod router;
mod server;
mod socket;
mod state;
mod stats;
mod tokens;

use std::convert::Infallible;
use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::args::{Args, Spec, UsageError};
use crate::commands::Command;

pub const COMMAND: Command = Command { name: "sandbox", help: HELP, run };

const HELP: &str = "\
ydrz sandbox — run a local imitation of the platform (移动认证) for tests and demos

Usage: ydrz sandbox [options]

Options:
  --host ADDR            address to listen on (default 127.0.0.1; see Exposure below)
  --port N               port to listen on; 0 lets the system choose (default 0)
  --info-file PATH       also write the info JSON (pretty) to PATH, atomically, mode 0600 (it holds keys)
  --apps FILE            extra apps, repeatable: a JSON array of app objects with the fields of the info
                         JSON's apps (customer_private_key optional; customer_encryption_public_key, the
                         App login 应用公钥2, defaults to customer_public_key; platform_private_key needed
                         for number verification; allowed_ips defaults to any address, daily_limit to
                         --daily-limit)
  --token-ttl-ms N       one token lifetime in milliseconds for every product (default: each product's own,
                         one-click login and App 120000, mini-program number verification 60000)
  --daily-limit N        default verifications per phone number per day (default 10)
  --max-connections N    connections served at once; more are answered 503 (default 4096). Each holds a
                         thread and at most one request (about 1.5 MiB at most), so memory stays bounded
  --exit-on-stdin-eof    exit when standard input closes (so the sandbox dies with the process that started it)
  -h, --help             show this help

On start, one line goes to stdout: the info JSON {base_url, control_url, apps, client_config, and
control_key when not on loopback}. The built-in
apps are \"demo\" (300012345678, allowed from 127.0.0.1 and ::1) and \"blocked\" (300012345679, allowed only
from 192.0.2.1), with the fake keys of data/demo_app.json. One log line per request goes to stderr.

Platform interfaces (POST, JSON; every refusal is HTTP 200 with the platform's result code):
  /h5/onekeylogin/tokenValidate             mini-program one-click login
  /NumberAbility/h5/verifyVmMobileApi.htm   mini-program number verification
  /unisdk/rsapi/loginTokenValidate          App one-click login (MD5 or RSA mode)
  /openapi/rs/tokenValidate                 App number verification (keyType 1, else 0)

Rules the sources document (docs/protocol.md gives each source):
  - Content-Type application/json and a JSON body; otherwise one-click login answers 103005 inner error,
    number verification 130032, App login 103412, App number verification 303
  - a token is single-use; lifetimes 2 minutes (one-click login, App) and 1 minute (mini-program number
    verification, whose expired, reused or userInformation failures are all 120020)
  - userInformation byte-identical to the jssdk's; App login with another app's token is 103133
  - number verification counts the number's daily checks before the signature (121011 first)
  - App number verification: openType required when requesterType is 0; keyType other than 1 is 0;
    keyType is accepted both as a JSON string (the document's type) and as a number (an independent C#
    integration sends one)
  - App login: msgid of 1-36 characters and strictcheck \"0\" or \"1\", otherwise 103414
  - timestamps and systemtime are 17-digit yyyyMMddHHmmssSSS dates (a value that is no such date is refused
    with its own message)
  - the strings to sign and their algorithms (a sign that is wrong other than in an open encoding is
    labelled [documented: the recipe's sources])
  - versions: one-click interfaceVersion 1.0 or 2.0, number verification 1.0, App login 2.0, App number 1.0
  - App login RSA mode encrypts the msisdn with 应用公钥2 (customer_encryption_public_key, which may
    differ from the signing key customer_public_key)
Rules that are the sandbox's own assumption (the platform's behaviour is unknown; the sandbox is stricter):
  - signs must be in exactly one encoding and case where the documents leave it open (upper-case hex for
    one-click login and App login RSA mode, Base64 for mini-program MD5withRSA); the app options change the
    first two
  - timestamps must be within 10 minutes of the sandbox's clock (UTC+8); one-click login answers 103001
  - a request with a bad signature does not use the token up; one that passes the signature check does,
    whatever the outcome
  - number verification counts the token's number, and a count is used up even by a request that fails later
  - requesterType is required (0 or 1) and openType must be 0-3
A refusal by one of these rules ends its desc with [documented: source] or [sandbox assumption: what].

Exposure: on a loopback --host (the default) the control endpoints are unauthenticated: any local process
can read every app's private keys from /_sandbox/info, mint tokens and open allowlists. On any other
address the sandbox warns on stderr, every control request needs \"Authorization: Bearer <control_key>\"
(control_key from the info line), and base_url names 127.0.0.1 or ::1 for 0.0.0.0 or ::. The info JSON
(and --info-file, written 0600) holds the private keys: keep it private.

Control endpoints (JSON):
  POST /_sandbox/token   {app_id, phone, product: onekey|number_verify|app_login|app_number, ttl_ms?}
                         -> {token, userInformation, expires_in_ms}
  POST /_sandbox/faults  {kind: delay|http_status|malformed_json|reset|slow_body, count?, delay_ms?, status?}
                         -> {queued}; faults apply to the next interface requests, in order
  GET  /_sandbox/stats?token=T   -> {requests, total_requests}
  POST /_sandbox/apps    {app_id, allowed_ips?, daily_limit?, response_shape?: nested|flat,
                          token_validate_sign_encoding?, app_login_rsa_sign_encoding?} -> the app
  POST /_sandbox/reset   clear queued faults, daily counters and request counts
  GET  /_sandbox/info    the info JSON
  GET  /_sandbox/demo?backend=URL   a page playing the mini-program's part against a backend of
                         examples/backends (start it with ALLOWED_ORIGIN=<this sandbox's URL>)
";

const SPEC: Spec<'static> = Spec {
    valued: &["host", "port", "info-file", "apps", "token-ttl-ms", "daily-limit", "max-connections"],
    flags: &["exit-on-stdin-eof"],
};

/// The command line, parsed.
struct Options {
    host: String,
    port: u16,
    info_file: Option<String>,
    apps_files: Vec<String>,
    token_ttl: Option<Duration>,
    daily_limit: u32,
    max_connections: usize,
    exit_on_stdin_eof: bool,
}

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    let args = Args::parse(raw, &SPEC)?;
    if let Some(extra) = args.positional().first() {
        return Err(UsageError(format!("unexpected argument \"{extra}\"")));
    }
    let token_ttl = args.value("token-ttl-ms").map(|_| args.number("token-ttl-ms", 0u64)).transpose()?;
    let token_ttl = token_ttl.map(Duration::from_millis);
    if token_ttl.is_some_and(|ttl| ttl > tokens::MAX_TTL) {
        return Err(UsageError(format!("--token-ttl-ms may be at most {}", tokens::MAX_TTL.as_millis())));
    }
    let max_connections = args.number("max-connections", server::DEFAULT_MAX_CONNECTIONS)?;
    if max_connections == 0 {
        return Err(UsageError("--max-connections must be at least 1".to_string()));
    }
    let options = Options {
        host: args.value("host").unwrap_or("127.0.0.1").to_string(),
        port: args.number("port", 0u16)?,
        info_file: args.value("info-file").map(str::to_string),
        apps_files: args.values("apps").to_vec(),
        token_ttl,
        daily_limit: args.number("daily-limit", 10u32)?,
        max_connections,
        exit_on_stdin_eof: args.flag("exit-on-stdin-eof"),
    };
    let Err(message) = start(&options);
    eprintln!("ydrz sandbox: {message}");
    Ok(ExitCode::from(crate::EXIT_FAILURE))
}

/// Starts the sandbox and serves until the listener fails; returns why it could not start or stopped.
fn start(options: &Options) -> Result<Infallible, String> {
    let mut apps = apps::builtin(options.daily_limit)?;
    for path in &options.apps_files {
        apps.extend(apps::load_file(path, options.daily_limit)?);
    }
    let registry = apps::Registry::new(apps)?;
    let listener = TcpListener::bind((options.host.as_str(), options.port))
        .map_err(|e| format!("cannot listen on {} port {}: {e}", options.host, options.port))?;
    server::prepare(&listener, options.max_connections).map_err(|e| format!("cannot set the accept queue: {e}"))?;
    let address = listener.local_addr().map_err(|e| format!("cannot read the listening address: {e}"))?;
    let exposure = exposure::Exposure::of(address);
    if let Some(warning) = exposure.warning(address) {
        eprintln!("ydrz sandbox: {warning}");
    }
    let info = info::build(&exposure, &registry);
    if let Some(path) = &options.info_file {
        info::write_file(path, &info)?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{info}").and_then(|()| stdout.flush()).map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(stdout);
    eprintln!("ydrz sandbox: listening on http://{address} ({} apps)", info["apps"].as_array().map_or(0, Vec::len));
    if options.exit_on_stdin_eof {
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            std::process::exit(0);
        });
    }
    let state = Arc::new(state::State {
        apps: registry,
        tokens: tokens::TokenStore::new(options.token_ttl),
        stats: stats::Stats::default(),
        faults: faults::FaultQueue::default(),
        daily: limits::DailyCounter::default(),
        info,
        exposure,
    });
    Err(format!("stopped accepting connections: {}", server::serve(listener, state, options.max_connections)))
}
