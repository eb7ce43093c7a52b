//! End-to-end tests of the `keylint` binary: CLI behaviour pinned by snapshots (stdout, stderr,
//! exit code), bad input, config errors.
