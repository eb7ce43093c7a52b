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
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// The files under `roots` worth reading, sorted.
pub fn files(roots: &[PathBuf]) -> Result<Vec<PathBuf>, WalkError> {
    let mut out = BTreeSet::new();
    for root in roots {
        let err = |message: String| WalkError {
            path: root.clone(),
            message,
        };
        if root.is_file() {
            out.insert(root.clone());
            continue;
        }
        if !root.is_dir() {
            return Err(err("no such file or directory".into()));
        }
        for path in keylint_dotenv::discover::env_files(root).map_err(|e| err(e.to_string()))? {
            out.insert(path);
        }
        for entry in ignore::WalkBuilder::new(root)
            .hidden(false)
            .filter_entry(|e| e.file_name() != ".git" && e.file_name() != "node_modules")
            .build()
        {
            let entry = entry.map_err(|e| err(e.to_string()))?;
            if entry.file_type().is_some_and(|t| t.is_file()) && wanted(entry.path()) {
                out.insert(entry.into_path());
            }
        }
    }
    Ok(out.into_iter().collect())
}

fn wanted(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    is_env_file_name(name)
        || matches!(
            ext,
            "yml" | "yaml" | "dart" | "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs"
        ) && !name.ends_with(".min.js")
            && !name.ends_with(".d.ts")
}

/// Reads every file of `paths` into `c`.
pub fn read_all(c: &mut Collection, paths: &[PathBuf]) {
    for path in paths {
        read_one(c, path);
    }
}

/// Reads one file with the collector its name (or content) calls for.
pub fn read_one(c: &mut Collection, path: &Path) {
    let display = display_path(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let env = is_env_file_name(name);
    if env && is_example_name(name) {
        return;
    }
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
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            c.errors.push(Note {
                path: display,
                line: None,
                message: e.to_string(),
            });
            return;
        }
    };
    c.files_read += 1;
    if env {
        let (text, _) = keylint_dotenv::parser::decode(&bytes);
        c.texts.insert(display.clone(), text.to_string());
        collect::dotenv::collect(c, &display, &text);
        return;
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        if matches!(ext, "yml" | "yaml") {
            collect::note(c, &display, None, "not valid UTF-8; not read");
        }
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ext {
        "dart" => collect::dart::collect(c, &display, text),
        "yml" | "yaml" => read_yaml(c, &display, path, name, text),
        _ => collect::javascript::collect(c, &display, text),
    }
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
    .any(|k| text.contains(k));
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
            if looks_relevant {
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
        } else if kubernetes::is_object(doc) {
            kubernetes::collect(c, display, text, doc);
        }
    }
}
