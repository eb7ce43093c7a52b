//! Where keylint's bytes come from: a parallel filesystem walk that honours `.gitignore`,
//! skips binary, oversized and special files (and says so), stdin, and git ([`git`]): the staged
//! index, commit ranges and whole-history audits.
//!
//! Libraries never print: every skipped file or error is an [`Event`] handed to the caller.
//!
//! ```
//! use keylint_input::{walk, Event, WalkOptions};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "hello").unwrap();
//! let seen = std::sync::Mutex::new(Vec::new());
//! walk(&[dir.path().to_path_buf()], &WalkOptions::default(), |event| {
//!     if let Event::Blob(blob) = event { seen.lock().unwrap().push(blob.path) }
//! }).unwrap();
//! assert_eq!(seen.into_inner().unwrap(), ["a.txt"]);
//! ```
#![deny(missing_docs)]

mod blob;
pub mod git;
mod paths;
mod walk;

/// The pack reader's internals, for the `pack` cargo fuzz target (`fuzz/`) only: delta
/// application, the entry header, offset-delta and varint parsers, and opening and inflating a
/// pack. Built only with the `fuzzing` feature, which nothing but `fuzz/Cargo.toml` enables; it
/// is not part of keylint-input's API (the reader itself stays private to the crate).
#[cfg(feature = "fuzzing")]
pub mod fuzzing {
    pub use crate::git::pack_fuzzing::*;
}

pub use blob::{
    Blob, BlobOrigin, Bounded, CommitInfo, Encoding, LineSet, SkipReason, decode, is_binary,
    read_bounded,
};
pub use paths::{PathMap, SeenFiles, join as key_join, key_base, root_key};
pub use walk::{
    DEFAULT_MAX_FILE_SIZE, Event, ListOptions, SkipPath, WalkError, WalkOptions, exclude_set, list,
    slash_path, walk, walk_once,
};

/// Reads stdin as one blob named `name`, at most `max_size` bytes ([`read_bounded`]): a stream
/// that goes on past the limit is an [`Event::Error`] (not read, so the scan is incomplete),
/// never held in memory.
pub fn read_stdin(name: &str, max_size: u64) -> Event {
    walk::read_content(
        std::io::stdin().lock(),
        name.to_owned(),
        max_size,
        Some("standard input"),
    )
}
