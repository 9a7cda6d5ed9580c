use std::process::ExitCode;

use clap::Parser;
use session_impact::app::{self, EXIT_ERROR};
use session_impact::cli::Cli;

/// mimalloc serves allocations from per-thread pages: with every core
/// parsing, it is 10-15% faster than the system allocator on trees where
/// most files are parsed (`bench/run.sh`, dense step).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tree-sitter's C core allocates every syntax node through its own
/// allocator hooks: point them at mimalloc too.
fn use_mimalloc_in_tree_sitter() {
    let allocator = tree_sitter::Allocator {
        malloc: libmimalloc_sys::mi_malloc,
        calloc: libmimalloc_sys::mi_calloc,
        realloc: libmimalloc_sys::mi_realloc,
        free: libmimalloc_sys::mi_free,
    };
    // SAFETY: the four functions are one allocator family with malloc's
    // contract (null only when memory is exhausted, malloc's alignment);
    // this runs first in `main`, before any other thread exists and before
    // any tree-sitter object is created.
    unsafe { tree_sitter::set_allocator(Some(allocator)) };
}

fn main() -> ExitCode {
    use_mimalloc_in_tree_sitter();
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(report) => {
            // Sanitised: errors quote config and rule files, which may come
            // with the scanned repository.
            eprintln!("{:?}", session_impact::report::safe_diagnostic::Safe::new(report.as_ref()));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
