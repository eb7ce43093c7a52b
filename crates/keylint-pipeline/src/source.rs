//! What a scan reads ([`Source`]), a reader for sources of other kinds ([`CustomSource`]), and
//! what a source says besides its blobs ([`SourceFacts`]).

use std::path::{Path, PathBuf};

use keylint_input::git::{HistoryStats, StagedStats};
use keylint_input::{Event, WalkOptions};
use keylint_report::Warning;

/// What a scan reads, as the command line names it: neutral of any command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Files and directories on disk (`.gitignore` honoured).
    Paths(Vec<PathBuf>),
    /// Standard input (`-`), shown as `name`, with the other `paths` given beside it; `root` is
    /// where config and `.gitleaksignore` are looked for (the first path, or `.`).
    Stdin {
        /// The name stdin's content goes by (`--stdin-path`).
        name: String,
        /// The first path given when it is not `-`, else `.`.
        root: PathBuf,
        /// The paths given besides `-`.
        paths: Vec<PathBuf>,
    },
    /// The staged changes of the repository at `repo`.
    Staged {
        /// The repository (its work tree or a directory in it).
        repo: PathBuf,
    },
    /// The commits of a range (`--range A..B`, or `--since REV` for `REV..HEAD`).
    Range {
        /// The repository.
        repo: PathBuf,
        /// The range or the revision, as given.
        spec: String,
    },
    /// Every commit reachable from `branches` (every ref when empty).
    History {
        /// The repository.
        repo: PathBuf,
        /// `--branch` revisions.
        branches: Vec<String>,
    },
}

impl Source {
    /// Where the source is: the first path (`.` when none), or the repository.
    pub fn root(&self) -> &Path {
        match self {
            Source::Paths(paths) => paths.first().map_or(Path::new("."), PathBuf::as_path),
            Source::Stdin { root, .. } => root,
            Source::Staged { repo } | Source::Range { repo, .. } | Source::History { repo, .. } => {
                repo
            }
        }
    }

    /// Whether this is a tree on disk (not git, not stdin): what the key check can compare.
    pub fn is_tree(&self) -> bool {
        matches!(self, Source::Paths(_))
    }

    /// Whether this reads git objects (staged changes, a range, the history).
    pub fn is_git(&self) -> bool {
        matches!(
            self,
            Source::Staged { .. } | Source::Range { .. } | Source::History { .. }
        )
    }
}

/// Reads a source: hands every event to the visitor and returns what else it has to say.
pub type ReadSource<'a> =
    &'a (dyn Fn(&WalkOptions, &(dyn Fn(Event) + Sync)) -> miette::Result<SourceFacts> + Sync);

/// What a source says besides its blobs.
#[derive(Default)]
pub struct SourceFacts {
    /// Commits walked (git ranges and history audits).
    pub commits: Option<u64>,
    /// What limits the results without making them wrong.
    pub warnings: Vec<SourceWarning>,
    /// Files and bytes the source scanned itself, besides the blobs it handed over (a history
    /// audit's first pass over the packs).
    pub scanned_before: (u64, u64),
}

/// A warning, as the report carries it and as stderr shows it.
pub struct SourceWarning {
    /// For the summary (and so the machine formats).
    pub warning: Warning,
    /// For people: the same words, broken into lines where that reads better.
    pub shown: String,
}

impl SourceWarning {
    /// A warning about a damaged object keylint worked around, shown as it is.
    fn damage(message: String) -> Self {
        SourceWarning {
            shown: message.clone(),
            warning: Warning {
                code: Warning::DAMAGED_REPOSITORY,
                message,
            },
        }
    }

    /// Rules (`rules`) that reached the engine's cap on findings in `path`.
    pub(crate) fn capped(path: &str, rules: &[String]) -> Self {
        let message = format!(
            "{path}: {} matched more than {} times; only the first {} per rule are reported",
            rules.join(", "),
            keylint_scan::MAX_FINDINGS_PER_RULE,
            keylint_scan::MAX_FINDINGS_PER_RULE,
        );
        SourceWarning {
            shown: message.clone(),
            warning: Warning {
                code: Warning::FINDINGS_CAPPED,
                message,
            },
        }
    }

    /// A shallow clone's cut (`cut`: the commits where the history stops).
    fn shallow(cut: &[String]) -> Self {
        let cut: Vec<&str> = cut.iter().map(|c| &c[..c.len().min(12)]).collect();
        let (commits, them) = if cut.len() == 1 {
            ("commit", "it")
        } else {
            ("commits", "them")
        };
        let lines = [
            format!(
                "shallow clone: the history is truncated at {commits} {}; older commits were not audited,",
                cut.join(", ")
            ),
            format!(
                "and a secret reported in {them} may have been added earlier. Run `git fetch --unshallow` to audit"
            ),
            "all of it (GitHub Actions: `actions/checkout` with `fetch-depth: 0`).".to_owned(),
        ];
        SourceWarning {
            warning: Warning {
                code: Warning::SHALLOW_CLONE,
                message: lines.join(" "),
            },
            shown: lines.join("\n  "),
        }
    }
}

impl SourceFacts {
    /// A walk's facts: commits, damage worked around and, for a history audit (`audit`), a
    /// shallow clone's cut (a range reaching the cut is an error instead).
    pub fn from_history(stats: HistoryStats, audit: bool) -> Self {
        let shallow =
            (audit && !stats.shallow.is_empty()).then(|| SourceWarning::shallow(&stats.shallow));
        SourceFacts {
            commits: Some(stats.commits),
            warnings: shallow
                .into_iter()
                .chain(stats.warnings.into_iter().map(SourceWarning::damage))
                .collect(),
            scanned_before: (stats.blobs_cleared, stats.bytes_prescanned),
        }
    }

    /// A staged scan's facts: damage worked around.
    pub fn from_staged(stats: StagedStats) -> Self {
        SourceFacts {
            commits: None,
            warnings: stats
                .warnings
                .into_iter()
                .map(SourceWarning::damage)
                .collect(),
            scanned_before: (0, 0),
        }
    }
}

/// A source of blobs other than the ones a [`Source`] describes (the git hooks' staged files
/// and pushed commits).
#[derive(Clone, Copy)]
pub struct CustomSource<'a> {
    /// The reader.
    pub read: ReadSource<'a>,
    /// A commit's worth of files: read on its own thread while the engine is built (see
    /// [`scan`](crate::scan)), instead of after.
    pub small: bool,
}

/// The `.gitleaksignore` a scan of `root` uses when none is named: the one at the scan root
/// (the current directory when `root` is a file), else the one at the repository root, whose
/// entries name key paths (relative to that root) wherever the scan starts.
pub fn gitleaks_ignore_file(root: &Path) -> Option<PathBuf> {
    let root = if root.is_dir() { root } else { Path::new(".") };
    let repository = std::fs::canonicalize(root).map(|dir| keylint_input::key_base(&dir, None));
    [Ok(root.to_path_buf()), repository]
        .into_iter()
        .flatten()
        .map(|dir| dir.join(keylint_core::gitleaks::IGNORE_FILE))
        .find(|path| path.is_file())
}
