//! Links libydrz_jni.so with exports.map, so that it exports only the JNI entry points.

use std::env;

fn main() {
    let map = concat!(env!("CARGO_MANIFEST_DIR"), "/exports.map");
    println!("cargo:rerun-if-changed=exports.map");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={map}");
    }
}
