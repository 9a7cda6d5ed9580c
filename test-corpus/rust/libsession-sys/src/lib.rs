//! Raw declarations for the parts of libsession-util's C API this crate
//! needs, plus thin safe wrappers.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int, CStr, CString};
use std::ptr;

#[repr(C)]
pub struct config_object {
    _private: [u8; 0],
}

#[repr(C)]
pub struct config_push_data {
    pub seqno: i64,
    pub config: *mut u8,
    pub config_len: usize,
}

// expect: libsession/rust-ffi-link
#[link(name = "session-config", kind = "static")]
extern "C" {
    // Declarations that name libsession's types are uses too.
    // expect: libsession/rust-ffi-config
    fn user_profile_init(conf: *mut *mut config_object, ed25519_secretkey: *const u8, dump: *const u8, dumplen: usize, error: *mut c_char) -> c_int;
    // expect: libsession/rust-ffi-config
    fn user_profile_get_name(conf: *const config_object) -> *const c_char;
    // expect: libsession/rust-ffi-config
    fn user_profile_set_name(conf: *mut config_object, name: *const c_char) -> c_int;
    // expect: libsession/rust-ffi-config
    fn config_needs_push(conf: *const config_object) -> bool;
    // expect: libsession/rust-ffi-config
    fn config_push(conf: *mut config_object) -> *mut config_push_data;
    // expect: libsession/rust-ffi-config
    fn config_free(conf: *mut config_object);
}

// expect: libsession/rust-ffi-link
#[link(name = "session-onionreq", kind = "static")]
extern "C" {
    fn network_get_swarm(network: *mut libc::c_void, swarm_pubkey_hex: *const c_char, callback: extern "C" fn(*const u8, usize, *mut libc::c_void), ctx: *mut libc::c_void);
}

/// The user's profile config (name, avatar, settings).
pub struct UserProfile {
    // expect: libsession/rust-ffi-config
    raw: *mut config_object,
}

#[derive(Debug)]
pub struct Error(pub String);

impl UserProfile {
    pub fn new(ed25519_secret_key: &[u8; 64]) -> Result<Self, Error> {
        let mut raw = ptr::null_mut();
        let mut err = [0 as c_char; 256];
        // Session's config wrappers take the 64-byte libsodium secret key.
        // expect: libsession/rust-ffi-config
        let rc = unsafe { user_profile_init(&mut raw, ed25519_secret_key.as_ptr(), ptr::null(), 0, err.as_mut_ptr()) };
        if rc != 0 {
            let msg = unsafe { CStr::from_ptr(err.as_ptr()) }.to_string_lossy().into_owned();
            return Err(Error(msg));
        }
        Ok(UserProfile { raw })
    }

    pub fn name(&self) -> Option<String> {
        // expect: libsession/rust-ffi-config
        let p = unsafe { user_profile_get_name(self.raw) };
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    pub fn set_name(&mut self, name: &str) -> Result<(), Error> {
        let c = CString::new(name).map_err(|e| Error(e.to_string()))?;
        // expect: libsession/rust-ffi-config
        match unsafe { user_profile_set_name(self.raw, c.as_ptr()) } {
            0 => Ok(()),
            rc => Err(Error(format!("user_profile_set_name failed: {rc}"))),
        }
    }

    /// The encrypted config message to store in the swarm, if anything changed.
    pub fn pending_push(&mut self) -> Option<Vec<u8>> {
        // expect: libsession/rust-ffi-config
        if !unsafe { config_needs_push(self.raw) } {
            return None;
        }
        // expect: libsession/rust-ffi-config
        let data = unsafe { config_push(self.raw) };
        if data.is_null() {
            return None;
        }
        let bytes = unsafe { std::slice::from_raw_parts((*data).config, (*data).config_len) }.to_vec();
        unsafe { libc::free(data.cast()) };
        Some(bytes)
    }
}

impl Drop for UserProfile {
    fn drop(&mut self) {
        // expect: libsession/rust-ffi-config
        unsafe { config_free(self.raw) }
    }
}

extern "C" fn on_swarm(data: *const u8, len: usize, ctx: *mut libc::c_void) {
    let out = unsafe { &mut *(ctx as *mut Vec<u8>) };
    out.extend_from_slice(unsafe { std::slice::from_raw_parts(data, len) });
}

pub fn fetch_swarm(network: *mut libc::c_void, pubkey_hex: &str) -> Vec<u8> {
    let key = CString::new(pubkey_hex).unwrap_or_default();
    let mut out: Vec<u8> = Vec::new();
    // expect: libsession/rust-ffi-network
    unsafe { network_get_swarm(network, key.as_ptr(), on_swarm, (&mut out as *mut Vec<u8>).cast()) };
    out
}
