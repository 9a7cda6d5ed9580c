// expect-none
//! Older rustls code named its connection types ServerSession/ClientSession.

use std::sync::Arc;

use rustls::{ClientConfig, ClientSession, ServerConfig, ServerSession, Session};

pub fn client(config: Arc<ClientConfig>, name: webpki::DNSNameRef<'_>) -> ClientSession {
    ClientSession::new(&config, name)
}

pub fn server(config: Arc<ServerConfig>) -> ServerSession {
    ServerSession::new(&config)
}

pub fn wants_io(session: &dyn Session) -> bool {
    session.wants_read() || session.wants_write()
}
