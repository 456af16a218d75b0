//! The info JSON printed at start: where the sandbox listens, its apps, and a ready-made client
//! configuration (`ydrz_client_new`) for the demo app.

use serde_json::{json, Value};

use super::apps::Registry;
use super::control;

/// Builds the info JSON. The first app of the registry is the demo app of `client_config`.
pub fn build(base_url: &str, registry: &Registry) -> Value {
    let apps = registry.to_json();
    let demo = &apps[0];
    json!({
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
    })
}

/// Writes the info JSON (pretty) to `path` atomically: to a temporary file beside it, then renamed over it.
pub fn write_file(path: &str, info: &Value) -> Result<(), String> {
    let temporary = format!("{path}.{}.tmp", std::process::id());
    let text = serde_json::to_string_pretty(info).map_err(|e| format!("cannot render the info JSON: {e}"))? + "\n";
    std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, path)).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write --info-file {path}: {e}")
    })
}
