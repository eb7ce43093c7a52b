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
mod walk;

pub use blob::{
    Blob, BlobOrigin, Bounded, CommitInfo, Encoding, LineSet, SkipReason, decode, is_binary,
    read_bounded,
};
pub use walk::{DEFAULT_MAX_FILE_SIZE, Event, WalkError, WalkOptions, exclude_set, walk};

/// Reads everything from stdin as one blob named `name`.
pub fn read_stdin(name: &str) -> std::io::Result<Blob> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let (bytes, encoding) = decode(bytes);
    Ok(Blob {
        path: name.to_owned(),
        bytes,
        encoding,
        origin: None,
    })
}
