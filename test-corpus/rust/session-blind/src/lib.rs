//! Community-server blinding for a moderation tool: computes the blinded
//! IDs under which a server stores a user, through libsession's C API.

mod ffi {
    // expect: libsession/rust-ffi-link
    #[link(name = "session-crypto")]
    extern "C" {
        pub fn session_blind15_key_pair(ed25519_seckey: *const u8, server_pk: *const u8, blinded_pk_out: *mut u8, blinded_sk_out: *mut u8) -> bool;
        pub fn session_blind25_sign(ed25519_seckey: *const u8, server_pk: *const u8, msg: *const u8, msg_len: usize, blinded_sig_out: *mut u8) -> bool;
        pub fn session_id_matches_blinded_id(session_id: *const u8, blinded_id: *const u8, server_pk: *const u8) -> bool;
    }

    pub fn blind15_key_pair(seckey: &[u8; 64], server_pk: &[u8; 32]) -> Option<([u8; 32], [u8; 32])> {
        let (mut pk, mut sk) = ([0u8; 32], [0u8; 32]);
        // expect: libsession/rust-ffi-crypto
        let ok = unsafe { session_blind15_key_pair(seckey.as_ptr(), server_pk.as_ptr(), pk.as_mut_ptr(), sk.as_mut_ptr()) };
        ok.then_some((pk, sk))
    }

    pub fn blind25_sign(seckey: &[u8; 64], server_pk: &[u8; 32], msg: &[u8]) -> Option<[u8; 64]> {
        let mut sig = [0u8; 64];
        // expect: libsession/rust-ffi-crypto
        unsafe { session_blind25_sign(seckey.as_ptr(), server_pk.as_ptr(), msg.as_ptr(), msg.len(), sig.as_mut_ptr()) }
            .then_some(sig)
    }

    pub fn matches(session_id: &str, blinded_id: &str, server_pk: &[u8; 32]) -> bool {
        let (a, b) = (std::ffi::CString::new(session_id), std::ffi::CString::new(blinded_id));
        match (a, b) {
            // expect: libsession/rust-ffi-crypto
            (Ok(a), Ok(b)) => unsafe { session_id_matches_blinded_id(a.as_ptr().cast(), b.as_ptr().cast(), server_pk.as_ptr()) },
            _ => false,
        }
    }
}

/// Whether a report about `blinded_id` concerns the user `session_id`.
pub fn same_user(session_id: &str, blinded_id: &str, server_pubkey_hex: &str) -> bool {
    let Ok(bytes) = hex::decode(server_pubkey_hex) else { return false };
    let Ok(server_pk) = <[u8; 32]>::try_from(bytes.as_slice()) else { return false };
    ffi::matches(session_id, blinded_id, &server_pk)
}

pub use ffi::{blind15_key_pair, blind25_sign};
