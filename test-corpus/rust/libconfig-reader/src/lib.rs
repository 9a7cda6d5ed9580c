// expect-none
//! Reads hyperrealm libconfig files. libconfig's C functions are also named
//! config_* (config_init, config_read_file, config_destroy), like
//! libsession's config wrappers: without a libsession link they must not be
//! reported.

use std::ffi::{c_char, c_int, CString};

#[repr(C)]
pub struct config_t {
    _opaque: [u8; 512],
}

#[link(name = "config")]
extern "C" {
    fn config_init(config: *mut config_t);
    fn config_read_file(config: *mut config_t, filename: *const c_char) -> c_int;
    fn config_lookup_string(config: *const config_t, path: *const c_char, value: *mut *const c_char) -> c_int;
    fn config_destroy(config: *mut config_t);
}

pub struct Config {
    inner: Box<config_t>,
}

impl Config {
    pub fn open(path: &str) -> Option<Config> {
        let mut inner = Box::new(config_t { _opaque: [0; 512] });
        let path = CString::new(path).ok()?;
        unsafe {
            config_init(&mut *inner);
            if config_read_file(&mut *inner, path.as_ptr()) == 0 {
                config_destroy(&mut *inner);
                return None;
            }
        }
        Some(Config { inner })
    }

    pub fn string(&self, key: &str) -> Option<String> {
        let key = CString::new(key).ok()?;
        let mut out: *const c_char = std::ptr::null();
        let found = unsafe { config_lookup_string(&*self.inner, key.as_ptr(), &mut out) };
        (found != 0 && !out.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(out) }.to_string_lossy().into_owned())
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        unsafe { config_destroy(&mut *self.inner) }
    }
}
