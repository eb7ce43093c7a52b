//! keylint's git hooks, as a library: what `keylint hook pre-commit` and `keylint hook pre-push`
//! read ([`source`]), what they say when they block ([`message`]), and the native hooks that
//! `keylint hooks install|uninstall|status` manage in git's hooks directory ([`install`]).
//!
//! It never prints and never exits: the application prints what these functions return.
//!
//! ```
//! use keylint_hooks::{Stage, message};
//! let text = message::blocked_by_error(Stage::Push);
//! assert!(text.contains("push blocked"));
//! ```
#![deny(missing_docs)]

pub mod install;
pub mod message;
pub mod source;

/// Which hook is running: decides the wording of what comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `pre-commit`: the staged changes.
    Commit,
    /// `pre-push`: the commits being pushed.
    Push,
}

impl Stage {
    /// The git command the hook guards: `commit` or `push`.
    #[must_use]
    pub fn what(self) -> &'static str {
        match self {
            Stage::Commit => "commit",
            Stage::Push => "push",
        }
    }
}

/// `KEYLINT_SKIP` set to anything but empty or `0`: the documented escape hatch.
#[must_use]
pub fn skip_requested() -> bool {
    std::env::var_os("KEYLINT_SKIP").is_some_and(|v| !v.is_empty() && v != "0")
}
