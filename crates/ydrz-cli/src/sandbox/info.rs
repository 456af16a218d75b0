//! The info JSON printed at start: where the sandbox listens, its apps, and a ready-made client
//! configuration (`ydrz_client_new`) for the demo app.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde_json::{json, Value};

use super::apps::Registry;
use super::control;
use super::exposure::Exposure;

/// Builds the info JSON. The first app of the registry is the demo app of `client_config`; `control_key`
/// (present only off loopback) is what control requests must carry.
pub fn build(exposure: &Exposure, registry: &Registry) -> Value {
    let base_url = exposure.base_url.as_str();
    let apps = registry.to_json();
    let demo = &apps[0];
    let mut info = json!({
        "base_url": base_url,
        "control_url": format!("{base_url}{}", control::PREFIX),
        "apps": apps,
        "client_config": {
            "app_id": demo["app_id"],
            "app_key": demo["app_key"],
            "app_secret": demo["app_secret"],
            "private_key": demo["customer_private_key"],
            "platform_public_key": demo["platform_public_key"],
            "base_url": base_url,
        },
    });
    if let Some(key) = &exposure.control_key {
        info["control_key"] = key.as_str().into();
    }
    info
}

/// Writes the info JSON (pretty) to `path` atomically and privately: to a new file with a random name beside
/// it, created exclusively (a planted file or symlink of that name is an error, never followed) with mode
/// 0600, then renamed over `path` (which replaces a symlink at `path` rather than writing through it).
pub fn write_file(path: &str, info: &Value) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write --info-file {path}: {e}");
    let target = Path::new(path);
    let name = target.file_name().ok_or_else(|| format!("--info-file {path} names no file"))?;
    let temporary = target.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), ydrz::protocol::ids::new_id()));
    let text = serde_json::to_string_pretty(info).map_err(|e| format!("cannot render the info JSON: {e}"))? + "\n";
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary).map_err(fail)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            fail(e)
        })
}
