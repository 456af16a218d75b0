//! The part of the ABI manifest `include/ydrz.abi.json` (written by build.rs with the header) the tools use.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// The C ABI as the manifest states it.
#[derive(Debug)]
pub struct Manifest {
    /// The name of every exported function: what libydrz.so and libydrz.a export, and nothing else.
    pub functions: BTreeSet<String>,
    /// `YDRZ_ABI_VERSION`, the number in the SONAME `libydrz.so.<abi>`.
    pub abi_version: u64,
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let json: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let functions: BTreeSet<String> = json["functions"]
            .as_array()
            .ok_or("no \"functions\" array")?
            .iter()
            .map(|f| f["name"].as_str().map(str::to_owned).ok_or("a function without a \"name\""))
            .collect::<Result<_, _>>()?;
        if functions.is_empty() {
            return Err("the manifest lists no function".to_owned());
        }
        let abi_version = json["constants"]
            .as_array()
            .ok_or("no \"constants\" array")?
            .iter()
            .find(|c| c["name"] == "YDRZ_ABI_VERSION")
            .and_then(|c| c["value"].as_u64())
            .ok_or("no YDRZ_ABI_VERSION constant")?;
        Ok(Self { functions, abi_version })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_functions_and_the_abi_version_are_read() {
        let m = Manifest::parse(
            r#"{"functions": [{"name": "ydrz_version"}, {"name": "ydrz_abi_version"}],
                "constants": [{"name": "YDRZ_SIGN_MD5_RSA", "value": 2}, {"name": "YDRZ_ABI_VERSION", "value": 1}]}"#,
        )
        .unwrap();
        assert_eq!(m.functions, ["ydrz_abi_version", "ydrz_version"].map(String::from).into());
        assert_eq!(m.abi_version, 1);
    }

    #[test]
    fn a_manifest_without_functions_or_abi_version_is_refused() {
        assert!(Manifest::parse(r#"{"functions": [], "constants": []}"#).is_err());
        assert!(Manifest::parse(r#"{"functions": [{"name": "ydrz_version"}], "constants": []}"#).is_err());
        assert!(Manifest::parse("not json").is_err());
    }

    #[test]
    fn the_repositorys_manifest_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/ydrz.abi.json");
        let m = Manifest::read(&path).unwrap();
        assert!(m.functions.contains("ydrz_client_new") && m.functions.iter().all(|f| f.starts_with("ydrz_")));
    }
}
