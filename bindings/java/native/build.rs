//! Links libydrz_jni.so with exports.map, so that it exports only the JNI entry points, and marks it NODELETE:
//! the core inside registers AWS-LC's per-thread key, whose destructor must stay mapped after the class loader
//! that loaded the library is collected (the JVM then unloads it) until every thread that used it has exited.

use std::env;

fn main() {
    let map = concat!(env!("CARGO_MANIFEST_DIR"), "/exports.map");
    println!("cargo:rerun-if-changed=exports.map");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={map}");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
}
