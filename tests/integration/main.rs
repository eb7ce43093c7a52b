//! End-to-end tests of the `keylint` binary: CLI behaviour pinned by snapshots (stdout, stderr,
//! exit code), config errors, and bad input. Credentials are synthetic and assembled at run time,
//! so this source holds none.

mod action;
mod bad_input;
mod bounds;
mod cli;
mod config;
mod credential_files;
mod decoded;
mod env;
mod fix;
mod formats;
mod git;
mod git_damage;
mod gitleaks;
mod history;
mod hooks;
mod hostile_repo;
mod keys;
mod masking;
mod merge;
mod no_secret_escapes;
mod noise;
mod paths;
mod seed_fix;
mod seed_keys;
mod seed_project;
mod seeds;
mod support;
mod unread;
mod verify;
mod writes;
