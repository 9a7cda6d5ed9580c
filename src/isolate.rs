//! Per-file isolation: a panic while analysing one file becomes that file's
//! error message instead of ending the scan (as ruff does with `lint_path`).
//!
//! The default panic hook would still print "thread panicked at ..." to
//! stderr for every caught panic, in the middle of the user's output. A hook
//! installed once, on first use, records the panic of a thread that is inside
//! [`catch`] (message and source location, for the error entry) and stays
//! silent; panics anywhere else go to the hook that was there before.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

thread_local! {
    /// Whether this thread is inside [`catch`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The last panic caught on this thread, as "message (at file:line:col)".
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

fn install_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                previous(info);
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let text = match info.location() {
                Some(l) => format!("{message} (at {}:{}:{})", l.file(), l.line(), l.column()),
                None => message,
            };
            CAUGHT.with(|c| *c.borrow_mut() = Some(text));
        }));
    });
}

/// Runs `f`; a panic inside it is returned as `Err(description)`, with
/// nothing printed. Nested calls are fine.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was_catching = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was_catching));
    result.map_err(|payload| {
        CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into())
        })
    })
}

/// Environment variable that arms [`test_panic`]; see there.
pub const TEST_PANIC_ENV: &str = "SESSION_IMPACT_TEST_PANIC";

/// Text that makes a file's analysis panic when [`TEST_PANIC_ENV`] is `1`.
pub const TEST_PANIC_MARKER: &str = "SESSION_IMPACT_TEST_PANIC";

/// A test hook, so that the isolation above can be tested end to end on the
/// real binary: when the environment variable `SESSION_IMPACT_TEST_PANIC` is
/// `1`, analysing a file whose text contains `SESSION_IMPACT_TEST_PANIC`
/// panics. Without the variable (read once per process) this is one load of
/// a cached flag.
pub fn test_panic(source: &str) {
    static ARMED: OnceLock<bool> = OnceLock::new();
    let armed = *ARMED.get_or_init(|| std::env::var_os(TEST_PANIC_ENV).is_some_and(|v| v == "1"));
    if armed && source.contains(TEST_PANIC_MARKER) {
        panic!("test panic requested by {TEST_PANIC_MARKER} in the file");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_location() {
        let err = catch(|| -> u32 { panic!("boom {}", 42) }).unwrap_err();
        assert!(err.starts_with("boom 42 (at src/isolate.rs:"), "{err}");
        assert_eq!(catch(|| 7), Ok(7));
    }

    #[test]
    fn nested_catches_restore_the_outer_state() {
        let outer = catch(|| {
            let inner = catch(|| -> () { panic!("inner") });
            assert!(inner.unwrap_err().starts_with("inner"));
            panic!("outer")
        });
        assert!(outer.unwrap_err().starts_with("outer"));
        assert!(!CATCHING.with(Cell::get));
    }
}
