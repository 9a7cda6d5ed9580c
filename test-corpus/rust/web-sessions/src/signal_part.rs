// expect-none
//! Persists Signal-protocol session state for a libsignal-based client.

use libsignal_protocol::{ProtocolAddress, SessionRecord, SessionStore, SignalProtocolError};
use std::collections::HashMap;

#[derive(Default)]
pub struct InMemorySessions {
    sessions: HashMap<ProtocolAddress, SessionRecord>,
}

impl InMemorySessions {
    pub fn load(&self, address: &ProtocolAddress) -> Result<Option<SessionRecord>, SignalProtocolError> {
        // A Session record here is a Double Ratchet state, nothing more.
        Ok(self.sessions.get(address).cloned())
    }

    pub fn store(&mut self, address: &ProtocolAddress, record: &SessionRecord) {
        self.sessions.insert(address.clone(), record.clone());
    }
}

pub fn is_store<T: SessionStore>(_: &T) {}
