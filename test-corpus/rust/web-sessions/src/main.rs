// expect-none
//! HTTP sessions, TLS sessions and Signal-protocol sessions: none of these is
//! the Session messenger, whatever the type is called.

use axum::{routing::get, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

mod actix_part;
mod signal_part;
mod tls_part;

const COUNTER_KEY: &str = "counter";

#[derive(Default, Deserialize, Serialize)]
struct Counter(usize);

/// Session-scoped visit counter (cookie session, not a messenger).
async fn handler(session: Session) -> String {
    let counter: Counter = session.get(COUNTER_KEY).await.unwrap_or_default().unwrap_or_default();
    session.insert(COUNTER_KEY, counter.0 + 1).await.ok();
    format!("Current count: {}", counter.0)
}

#[tokio::main]
async fn main() {
    let session_store = MemoryStore::default();
    let session_layer = SessionManagerLayer::new(session_store).with_secure(false);
    let app = Router::new().route("/", get(handler)).layer(session_layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
