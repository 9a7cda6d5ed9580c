//! Builds the vendored libsession-util submodule and links its static
//! libraries.

use std::env;
use std::path::PathBuf;

fn main() {
    // expect: libsession/rust-ffi-link
    let dst = cmake::Config::new("external/libsession-util")
        .define("BUILD_STATIC_DEPS", "ON")
        .define("ENABLE_ONIONREQ", "ON")
        .build_target("session-config")
        .build();
    let lib_dir = PathBuf::from(&dst).join("build/src");
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    // expect: libsession/rust-ffi-link
    println!("cargo:rustc-link-lib=static=session-config");
    // expect: libsession/rust-ffi-link
    println!("cargo:rustc-link-lib=static=session-crypto");
    // expect: libsession/rust-ffi-link
    println!("cargo:rustc-link-lib=static=session-util");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-link-lib=c++");
    } else {
        println!("cargo:rustc-link-lib=stdc++");
    }
    println!("cargo:rerun-if-changed=external/libsession-util/include");
}
