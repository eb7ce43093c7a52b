//! Which files to read: every file under the roots that `.gitignore` does not ignore, plus
//! every `.env*` file even when ignored (keylint-dotenv's discovery), each read by the
//! collector its name or content calls for.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use keylint_dotenv::keys::{is_env_file_name, is_example_name};

use crate::collect::{self, compose, kubernetes, livekit, workflow, yaml};
use crate::model::{Collection, Note};

/// Files larger than this are not read (config files are small; bundles are not config).
pub const MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// An error walking a root (a missing path, a loop …).
#[derive(Debug)]
pub struct WalkError {
    /// The root.
    pub path: PathBuf,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WalkError {}

/// A path as shown in reports: `/` separators, no leading `./`.
pub fn display_path(path: &Path) -> String {
    keylint_input::slash_path(path)
}

/// Which paths a walk leaves out: a predicate on a key path (`/` separators, see
/// [`keylint_input::PathMap`]; [`keyed`] asks it for a path below a root), asked for
/// directories (a skipped directory is not entered) and files alike.
pub type Skip = keylint_input::SkipPath;

/// The files under `roots` worth reading, sorted.
pub fn files(roots: &[PathBuf]) -> Result<Vec<PathBuf>, WalkError> {
    files_except(roots, &skip_nothing(), None)
}

/// [`files`], leaving out what `skip` says (config excludes, allowlisted paths), asked with key
/// paths (see [`keylint_input::PathMap`]; `config_dir`: the config file's directory, where they
/// start outside git), as every config glob is matched. File roots are always read: the user
/// named them.
pub fn files_except(
    roots: &[PathBuf],
    skip: &Skip,
    config_dir: Option<&Path>,
) -> Result<Vec<PathBuf>, WalkError> {
    let seen = keylint_input::SeenFiles::of_roots(roots);
    let mut out = walked_files_once(roots, skip, config_dir, &seen)?;
    for root in roots.iter().filter(|r| r.is_dir()) {
        let found = keylint_dotenv::discover::env_files(root).map_err(|e| WalkError {
            path: root.clone(),
            message: e.to_string(),
        })?;
        let skip = keyed(root, skip, config_dir)?;
        // The ones the walk listed are seen already.
        out.extend(
            found
                .into_iter()
                .filter(|p| !skip(&relative(root, p)) && seen.first_time(p)),
        );
    }
    Ok(out.into_iter().collect())
}

/// `skip` for the paths below `root` (relative to it): asked with their key paths, the root's
/// key path first. An error when the root's full path cannot be resolved: its paths have no
/// key path then, and guessing one could leave out the wrong files.
pub fn keyed(root: &Path, skip: &Skip, config_dir: Option<&Path>) -> Result<Skip, WalkError> {
    let key = keylint_input::root_key(root, config_dir).map_err(|e| WalkError {
        path: root.to_path_buf(),
        message: format!("cannot resolve its full path: {e}"),
    })?;
    if key.is_empty() {
        return Ok(skip.clone());
    }
    let skip = skip.clone();
    Ok(std::sync::Arc::new(move |relative: &str| {
        skip(&keylint_input::key_join(&key, relative))
    }))
}

/// The part of [`files_except`] that a plain walk finds: every wanted file `.gitignore` does
/// not ignore, and the file roots, sorted — but not the ignored `.env*` files, which
/// keylint-dotenv's discovery finds. For a caller that runs that discovery itself (`keylint
/// env`) and can then walk the tree once more instead of twice.
pub fn walked_files_except(
    roots: &[PathBuf],
    skip: &Skip,
    config_dir: Option<&Path>,
) -> Result<Vec<PathBuf>, WalkError> {
    let seen = keylint_input::SeenFiles::of_roots(roots);
    Ok(walked_files_once(roots, skip, config_dir, &seen)?
        .into_iter()
        .collect())
}

/// [`walked_files_except`], each file once (under the first root that holds it) when the roots
/// overlap: `seen` meets every file listed.
fn walked_files_once(
    roots: &[PathBuf],
    skip: &Skip,
    config_dir: Option<&Path>,
    seen: &keylint_input::SeenFiles,
) -> Result<BTreeSet<PathBuf>, WalkError> {
    let mut out = BTreeSet::new();
    for root in roots {
        let err = |message: String| WalkError {
            path: root.clone(),
            message,
        };
        if root.is_file() {
            if seen.first_time(root) {
                out.insert(root.clone());
            }
            continue;
        }
        if !root.is_dir() {
            // A FIFO, socket or device is not read (a FIFO would block): say what it is.
            return Err(err(std::fs::metadata(root).map_or_else(
                |_| "no such file or directory".into(),
                |meta| {
                    format!(
                        "not a regular file ({})",
                        keylint_core::file::kind_of(meta.file_type())
                    )
                },
            )));
        }
        let options = keylint_input::ListOptions {
            skip_dirs: &["node_modules"],
            skip: Some(keyed(root, skip, config_dir)?),
            ..keylint_input::ListOptions::default()
        };
        let listed = keylint_input::list(root, &options).map_err(|e| err(e.to_string()))?;
        out.extend(
            listed
                .into_iter()
                .filter(|path| seen.first_time(path) && wanted(path)),
        );
    }
    Ok(out)
}

/// A [`Skip`] that keeps everything.
pub fn skip_nothing() -> Skip {
    std::sync::Arc::new(|_: &str| false)
}

/// `path` relative to `root`, as [`Skip`] sees it.
pub fn relative(root: &Path, path: &Path) -> String {
    display_path(path.strip_prefix(root).unwrap_or(path))
}

/// Whether a file is of a kind the collectors read (by name: `.env*` files, YAML, Dart, TS/JS
/// but not minified bundles or type declarations). Cheap: callers that walk a tree for other
/// reasons (`keylint scan`) ask it before handing a file over.
pub fn wanted(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if is_env_file_name(name) {
        return true;
    }
    if matches!(ext, "yml" | "yaml") {
        return true;
    }
    matches!(ext, "dart" | "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs")
        && !name.ends_with(".min.js")
        && !name.ends_with(".d.ts")
        && !is_test_code(path, name)
}

/// Tests hold test values by design (`*.test.ts`, `*_test.dart`, `__tests__/`, `test/` …):
/// they are never meant to equal the real configuration.
fn is_test_code(path: &Path, name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    name.contains(".test.")
        || name.contains(".spec.")
        || stem.ends_with("_test")
        || path.components().any(|c| {
            matches!(
                c.as_os_str().to_str(),
                Some("test" | "tests" | "__tests__" | "__mocks__" | "e2e" | "spec")
            )
        })
}

/// Reads every file of `paths` into `c`, several files at a time.
pub fn read_all(c: &mut Collection, paths: &[PathBuf]) {
    for part in keylint_core::parallel::map_ordered(paths, |path| {
        let mut one = Collection::default();
        read_one(&mut one, path);
        one
    }) {
        c.merge(part);
    }
}

/// Reads one file from disk with the collector its name (or content) calls for.
pub fn read_one(c: &mut Collection, path: &Path) {
    read_as(c, &display_path(path), path);
}

/// [`read_one`], showing the file as `display` in reports.
pub fn read_as(c: &mut Collection, display: &str, path: &Path) {
    let display = display.to_owned();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_FILE_SIZE {
        collect::note(
            c,
            &display,
            None,
            format!("larger than {} MiB; not read", MAX_FILE_SIZE >> 20),
        );
        return;
    }
    // Never opens a FIFO (it would block): one is an error that names what it is.
    match keylint_core::file::read_regular(path) {
        Ok(bytes) => c.merge(collect_file(&display, path, &bytes)),
        Err(e) => c.errors.push(Note {
            path: display,
            line: None,
            message: e.to_string(),
        }),
    }
}

/// Collects what one file defines, from bytes already read: `display` is the path shown in
/// reports, `real` where the file is on disk (files it names, such as `env_file:` or
/// `key_file:`, are looked up next to it). Files that define nothing keep no text.
pub fn collect_file(display: &str, real: &Path, bytes: &[u8]) -> Collection {
    let mut c = Collection::default();
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = real.extension().and_then(|e| e.to_str()).unwrap_or("");
    if is_env_file_name(name) {
        if is_example_name(name) {
            // A template's values are placeholders; only the names it declares count.
            let (text, _) = keylint_dotenv::parser::decode(bytes);
            let dir = collect::parent(display).to_owned();
            c.declared.extend(
                collect::dotenv::variables(&text)
                    .into_iter()
                    .map(|(name, _)| (dir.clone(), name)),
            );
            return c;
        }
        c.files_read += 1;
        let (text, _) = keylint_dotenv::parser::decode(bytes);
        c.texts.insert(display.to_owned(), text.to_string());
        collect::dotenv::collect(&mut c, display, &text);
        c.prune();
        return c;
    }
    c.files_read += 1;
    let Ok(text) = std::str::from_utf8(bytes) else {
        if matches!(ext, "yml" | "yaml") {
            collect::note(&mut c, display, None, "not valid UTF-8; not read");
        }
        return c;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ext {
        "dart" => collect::dart::collect(&mut c, display, text),
        "yml" | "yaml" => read_yaml(&mut c, display, real, name, text),
        _ => collect::javascript::collect(&mut c, display, text),
    }
    c.prune();
    c
}

fn read_yaml(c: &mut Collection, display: &str, real: &Path, name: &str, text: &str) {
    // Only YAML that may hold what we look for is parsed.
    let lower = name.to_ascii_lowercase();
    let candidate = [
        "services:",
        "keys:",
        "key_file:",
        "kind: Secret",
        "kind: ConfigMap",
        "env:",
    ]
    .iter()
    .any(|k| text.contains(k))
        || lower.contains("livekit");
    if !candidate {
        return;
    }
    let docs = match yaml::load(text) {
        Ok(docs) => docs,
        Err(e) => {
            let looks_relevant = lower.contains("compose")
                || lower.contains("livekit")
                || workflow::is_workflow(display)
                || text.contains("kind: Secret");
            if lower.contains("compose") || lower.contains("livekit") {
                // Compose and the LiveKit server refuse the whole file: an error, not a note.
                c.invalid.push(livekit::invalid_yaml(display, text, &e));
                if let Some(range) = livekit::invalid_yaml_mask(text, &e) {
                    c.mask(display, range);
                }
                c.texts.insert(display.to_owned(), text.to_owned());
            } else if looks_relevant {
                collect::note(
                    c,
                    display,
                    Some(e.line),
                    format!(
                        "not valid YAML (line {}, column {}: {}); not read",
                        e.line, e.column, e.message
                    ),
                );
            }
            return;
        }
    };
    for doc in &docs {
        if workflow::is_workflow(display) {
            workflow::collect(c, display, text, doc);
        } else if compose::is_compose(doc) {
            compose::collect(c, display, real, text, doc);
        } else if livekit::is_config(name, doc) {
            livekit::collect(c, display, real, text, doc);
        } else if livekit::is_keyless_config(name, doc) {
            c.keyless_livekit
                .push(crate::text::Lines::new(text).loc(display, 0..0));
            c.texts.insert(display.to_owned(), text.to_owned());
        } else if kubernetes::is_object(doc) {
            kubernetes::collect(c, display, text, doc);
        }
    }
}
