//! Planning and writing `keylint fix`: the secrets of Dart, TS/JS and docker-compose files move
//! into an env file and the sources are rewritten to read the variable.
//!
//! The plan comes from [`crate::rewrite`] (one edit per finding, or a refusal with a reason).
//! Nothing is lost if the run is interrupted: the env file (holding the values) is written
//! first, re-read and checked, then `.env.example`, then `.gitignore`, then the sources; every
//! write is a temporary file renamed over the old one. A value already in the env file is never
//! overwritten: the same name with another value is a refusal.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keylint_core::Finding;
use keylint_core::diagnostic::{Edit, apply_edits};
use keylint_dotenv::parser::EnvFile;
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::rewrite::{self, EnvVar, Plan, Rewrite, Target};

/// A source file and the edits planned for it.
struct SourceFile {
    /// Path shown to the user (relative to the scanned directory).
    shown: String,
    text: String,
    edits: Vec<Edit>,
}

/// A finding that will be (or was) moved.
struct Moved<'f> {
    finding: &'f Finding,
    file: PathBuf,
    names: Vec<String>,
    target: Target,
    /// Index of the env file (in [`FixPlan::envs`]) that receives the values.
    env: usize,
}

/// One file to write.
struct Change {
    path: PathBuf,
    shown: String,
    /// `None`: the file does not exist yet.
    old: Option<String>,
    new: String,
    /// Holds secret values: masked in diffs, created readable by its owner only.
    env_file: bool,
    /// For an env file: the variables it must read back as written before any source changes.
    verify: Vec<EnvVar>,
}

/// The env file that receives the secrets, as it is now.
struct EnvTarget {
    path: PathBuf,
    shown: String,
    text: Option<String>,
    /// Every value of every key (a key may be defined twice).
    values: BTreeMap<String, Vec<String>>,
    /// Variables this run adds, in order.
    adds: Vec<EnvVar>,
}

/// What `keylint fix` will do for the findings of a scan: the files to write (env file,
/// `.env.example`, `.gitignore`, sources, in that order), the findings moved, and those left
/// with the reason.
pub struct FixPlan<'f> {
    envs: Vec<EnvTarget>,
    moved: Vec<Moved<'f>>,
    refused: Vec<(&'f Finding, String)>,
    in_env: Vec<&'f Finding>,
    changes: Vec<Change>,
    secrets: Vec<String>,
    roots: Vec<PathBuf>,
}

impl<'f> FixPlan<'f> {
    /// Plans the move of `findings` (read under `roots`) into env files: `env_file` when the
    /// user named one, else the `.env` of the package that owns each source file (see
    /// [`owner_dir`]; a Flutter app's client values go to `.env.client` beside its
    /// `pubspec.yaml`, and its server-only secrets are refused: they must not ship in an app).
    /// Errors: the named env file cannot take secrets (tracked by git, not UTF-8, no directory …).
    pub fn new(
        roots: &[PathBuf],
        env_file: Option<&Path>,
        findings: &[&'f Finding],
    ) -> miette::Result<FixPlan<'f>> {
        let mut envs = Vec::new();
        if let Some(path) = env_file {
            envs.push(EnvTarget::load(path)?);
        }
        let Planned {
            files,
            moved,
            refused,
            in_env,
        } = plan_all(roots, findings, &mut envs, env_file.is_some())?;
        let changes = changes(&envs, &moved, files)?;
        let added: Vec<EnvVar> = envs.iter().flat_map(|e| e.adds.clone()).collect();
        let secrets = secrets_of(findings, &added);
        Ok(FixPlan {
            envs,
            moved,
            refused,
            in_env,
            changes,
            secrets,
            roots: roots.to_vec(),
        })
    }

    /// The unified diff of every change, secrets masked, control characters escaped.
    pub fn diff(&self) -> String {
        render_diff(&self.changes, &self.secrets)
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The findings left as they are, with the reason.
    pub fn refused(&self) -> &[(&'f Finding, String)] {
        &self.refused
    }

    /// Writes the changes in order, each only if its file still holds what was planned
    /// against; stops at the first failure, saying what was written. The caller makes sure an
    /// interrupted write leaves no temporary copy behind (`keylint_core::file`).
    pub fn write(&self) -> miette::Result<()> {
        write_all(&self.changes)
    }

    /// What was (`verb`: "moved") or would be done, what was refused and why, what to do next.
    pub fn summary(&self, verb: &str) -> String {
        summary(
            verb,
            &self.envs,
            &self.moved,
            (&self.refused, &self.in_env),
            &self.roots,
        )
    }
}

/// What the planning of every finding gave.
struct Planned<'f> {
    files: BTreeMap<PathBuf, Result<SourceFile, String>>,
    moved: Vec<Moved<'f>>,
    refused: Vec<(&'f Finding, String)>,
    in_env: Vec<&'f Finding>,
}

/// Plans every finding: its rewrite, the env file and variable names, or why it is left.
/// `envs` holds the env files chosen so far (the one named by the user first, when `fixed`).
fn plan_all<'f>(
    roots: &[PathBuf],
    findings: &[&'f Finding],
    envs: &mut Vec<EnvTarget>,
    fixed: bool,
) -> miette::Result<Planned<'f>> {
    let mut p = Planned {
        files: BTreeMap::new(),
        moved: Vec::new(),
        refused: Vec::new(),
        in_env: Vec::new(),
    };
    for &finding in findings {
        let Some(path) = resolve(roots, &finding.location.path) else {
            p.refused
                .push((finding, "cannot find the file it was read from".into()));
            continue;
        };
        let file = p
            .files
            .entry(path.clone())
            .or_insert_with(|| read_source(&path));
        let file = match file {
            Ok(file) => file,
            Err(reason) => {
                p.refused.push((finding, reason.clone()));
                continue;
            }
        };
        let mut planned = match rewrite::plan(finding, &file.text) {
            Plan::InEnvFile => {
                p.in_env.push(finding);
                continue;
            }
            Plan::Refuse(reason) => {
                p.refused.push((finding, reason));
                continue;
            }
            Plan::Rewrite(planned) => planned,
        };
        if planned.target == Target::Dart && planned.server_only {
            p.refused.push((finding, SERVER_SECRET_IN_APP.into()));
            continue;
        }
        let range = &planned.edit.range;
        if let Some(other) = file
            .edits
            .iter()
            .find(|e| e.range.start < range.end && range.start < e.range.end)
        {
            // Two rules on the same secret: the first rewrite covers both.
            if other.range != *range {
                p.refused
                    .push((finding, "overlaps another rewrite in this file".into()));
            }
            continue;
        }
        let env = if fixed {
            0
        } else {
            env_for(envs, &path, planned.target, roots)?
        };
        let target = &mut envs[env];
        let mut resolved = target.resolve(&mut planned);
        if resolved.is_err() && planned.vars.len() == 1 {
            // The provider's name is taken by another value: the name the code gave it.
            if let Some(fallback) = planned.fallback.clone() {
                let from = planned.vars[0].name.clone();
                planned.rename(&from, &fallback);
                resolved = target
                    .resolve(&mut planned)
                    .map_err(|_| resolved.unwrap_err());
            }
        }
        match resolved {
            Ok(adds) => target.adds.extend(adds),
            Err(reason) => {
                p.refused.push((finding, reason));
                continue;
            }
        }
        file.edits.push(planned.edit);
        p.moved.push(Moved {
            finding,
            file: path,
            names: planned.vars.into_iter().map(|v| v.name).collect(),
            target: planned.target,
            env,
        });
    }
    // A finding inside a value another rewrite replaced (the key of `LIVEKIT_KEYS:
    // "key: secret"`) was moved with it: not a refusal.
    p.refused.retain(|(finding, _)| {
        let covered = resolve(roots, &finding.location.path)
            .and_then(|path| p.files.get(&path))
            .and_then(|file| file.as_ref().ok())
            .is_some_and(|file| {
                file.edits.iter().any(|e| {
                    e.range.start <= finding.location.byte_start
                        && finding.location.byte_end <= e.range.end
                })
            });
        !covered
    });
    Ok(p)
}

/// Why a server-only secret in a Flutter app is not moved.
const SERVER_SECRET_IN_APP: &str = "this key must not ship in the app: move the call to your \
     backend. keylint fix does not put it in the app's env file: `--dart-define` compiles it \
     into the app, where anyone can extract it. Have the backend hold it and mint short-lived \
     tokens for the app, then rotate this one";

/// Files whose directory is a package (or a service) with its own environment.
const PACKAGE_MARKERS: &[&str] = &[
    "package.json",
    "pubspec.yaml",
    "pyproject.toml",
    "Cargo.toml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    ".env",
];

/// The directory of the package that owns `file`: the nearest directory with a
/// [`PACKAGE_MARKERS`] file (a `pubspec.yaml` only, for `flutter`), never above `bound`;
/// `bound` when none has one.
pub fn owner_dir(file: &Path, bound: &Path, flutter: bool) -> PathBuf {
    let bound = canonical_dir(bound);
    for dir in file.ancestors().skip(1) {
        let markers: &[&str] = if flutter {
            &["pubspec.yaml"]
        } else {
            PACKAGE_MARKERS
        };
        if markers.iter().any(|m| dir_or_cwd(dir).join(m).is_file()) {
            return dir.to_path_buf();
        }
        if bound.is_some() && canonical_dir(dir) == bound {
            return dir.to_path_buf();
        }
    }
    file.parent().map_or_else(PathBuf::new, Path::to_path_buf)
}

/// `.` for the empty path (the parent of a bare file name).
fn dir_or_cwd(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(dir_or_cwd(dir)).ok()
}

/// The directory above which no env file is chosen for `file`: the root of its git work tree
/// (`keylint fix lib/` in a Flutter app still finds its `pubspec.yaml`), else the scan root it
/// was found under (or its directory, for a file named on the command line).
fn bound_for(roots: &[PathBuf], file: &Path) -> PathBuf {
    if let Some(top) = file
        .ancestors()
        .skip(1)
        .find(|d| dir_or_cwd(d).join(".git").exists())
    {
        return top.to_path_buf();
    }
    roots
        .iter()
        .find(|root| root.is_dir() && file.starts_with(root))
        .cloned()
        .or_else(|| file.parent().map(Path::to_path_buf))
        .unwrap_or_default()
}

/// The index in `envs` of the env file for a rewrite of `file` (loaded on first use): the
/// `.env` of its package, or `.env.client` of its Flutter app. Errors: that file cannot take
/// secrets (tracked by git …): nothing is written.
fn env_for(
    envs: &mut Vec<EnvTarget>,
    file: &Path,
    target: Target,
    roots: &[PathBuf],
) -> miette::Result<usize> {
    let bound = bound_for(roots, file);
    let flutter = target == Target::Dart;
    let mut dir = owner_dir(file, &bound, flutter);
    if flutter && !dir_or_cwd(&dir).join("pubspec.yaml").is_file() {
        dir = owner_dir(file, &bound, false);
    }
    let path = dir.join(if flutter { ".env.client" } else { ".env" });
    let canonical =
        |p: &Path| canonical_dir(dir_of(p)).map(|d| d.join(p.file_name().unwrap_or_default()));
    if let Some(i) = envs
        .iter()
        .position(|e| canonical(&e.path) == canonical(&path))
    {
        return Ok(i);
    }
    let env = EnvTarget::load(&path)?;
    envs.push(env);
    Ok(envs.len() - 1)
}

/// The file a finding's display path (relative to the current directory, or absolute) names,
/// as a path under the one of `roots` it is (or is below).
fn resolve(roots: &[PathBuf], shown: &str) -> Option<PathBuf> {
    let full = std::fs::canonicalize(shown).ok().filter(|p| p.is_file())?;
    roots.iter().find_map(|root| {
        if root.is_file() {
            return (std::fs::canonicalize(root).ok()? == full).then(|| root.clone());
        }
        let below = full.strip_prefix(std::fs::canonicalize(root).ok()?).ok()?;
        Some(root.join(below))
    })
}

fn read_source(path: &Path) -> Result<SourceFile, String> {
    let bytes =
        keylint_core::file::read_regular(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "the file is not UTF-8 text: it is never rewritten".to_owned())?;
    Ok(SourceFile {
        shown: keylint_report::shown_path(path),
        text,
        edits: Vec::new(),
    })
}

impl EnvTarget {
    fn load(path: &Path) -> miette::Result<EnvTarget> {
        let shown = keylint_report::shown_path(path);
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(miette::miette!(
                "the directory of the env file {shown} does not exist"
            ));
        }
        if keylint_input::git::state::path_state(path).is_some_and(|s| s.tracked) {
            return Err(miette::miette!(
                help = format!(
                    "stop tracking it first: `git rm --cached {shown}`, add it to .gitignore, \
                     and rotate the secrets it held"
                ),
                "{shown} is tracked by git: moving secrets into it would commit them"
            ));
        }
        // A link is written through: what git says of its target is what counts.
        if let Ok(target) = keylint_core::file::resolve(path) {
            if target != path
                && keylint_input::git::state::path_state(&target).is_some_and(|s| s.tracked)
            {
                let target = std::fs::read_link(path).map_or_else(
                    |_| keylint_report::shown_path(&target),
                    |link| keylint_report::shown_path(&link),
                );
                return Err(miette::miette!(
                    help = "point the link at an untracked file, or name one with --env-file",
                    "{shown} is a symbolic link to {target}, which git tracks: moving secrets \
                     into it would commit them; nothing written"
                ));
            }
        }
        let text = match keylint_core::file::read_regular(path) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                miette::miette!("{shown} is not UTF-8 text: keylint fix does not append to it")
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e)
                    .into_diagnostic()
                    .wrap_err_with(|| format!("cannot read {shown}"));
            }
        };
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if let Some(text) = &text {
            let file = EnvFile::parse(text);
            for entry in file.entries() {
                values
                    .entry(file.key(entry).to_owned())
                    .or_default()
                    .push(file.value(entry));
            }
        }
        Ok(EnvTarget {
            path: path.to_path_buf(),
            shown,
            text,
            values,
            adds: Vec::new(),
        })
    }

    /// Decides the name of each variable of `planned` and renames it there: the name a
    /// variable with the same value already has (in the env file, else earlier in this run),
    /// else its own. Returns the variables to add; `Err` when the name is taken by another
    /// value (a value is never overwritten).
    fn resolve(&self, planned: &mut Rewrite) -> Result<Vec<EnvVar>, String> {
        let pending = &self.adds;
        let mut adds = Vec::new();
        for var in planned.vars.clone() {
            let same_value = |values: &Vec<String>| values.iter().all(|v| *v == var.value);
            if self.values.get(&var.name).is_some_and(same_value) {
                continue;
            }
            // The code names the variable itself (a removed `defaultValue:`): no renaming.
            let renamable = planned.edit.replacement.contains(&var.name);
            let holders: Vec<&String> = self
                .values
                .iter()
                .filter(|(_, values)| same_value(values))
                .map(|(name, _)| name)
                .collect();
            if let ([holder], true) = (holders.as_slice(), renamable) {
                planned.rename(&var.name, holder);
                continue;
            }
            if let Some(other) = pending
                .iter()
                .chain(&adds)
                .find(|p| renamable && p.value == var.value)
            {
                let name = other.name.clone();
                planned.rename(&var.name, &name);
                continue;
            }
            if self
                .values
                .get(&var.name)
                .is_some_and(|values| values.iter().all(String::is_empty))
            {
                return Err(format!(
                    "{} defines `{}` with an empty value: remove that line (or fill it in) \
                     and run keylint fix again",
                    self.shown, var.name
                ));
            }
            if self.values.contains_key(&var.name) {
                return Err(format!(
                    "{} already defines `{}` with a different value, and keylint never \
                     overwrites one: reconcile the two by hand (and rotate the one in the source)",
                    self.shown, var.name
                ));
            }
            if pending.iter().chain(&adds).any(|p| p.name == var.name) {
                return Err(format!(
                    "another secret of this run moves to `{}` with a different value: rename \
                     one of the two variables by hand",
                    var.name
                ));
            }
            if env_value(&var.value).is_none() {
                return Err(
                    "the value holds quotes or line breaks that an env file cannot carry \
                     unambiguously; move it by hand"
                        .into(),
                );
            }
            adds.push(var);
        }
        Ok(adds)
    }
}

/// How `value` is written in an env file so that every loader reads it back unchanged: bare
/// when it is made of characters no loader treats specially, single-quoted otherwise; `None`
/// when neither is safe.
fn env_value(value: &str) -> Option<String> {
    let bare = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./+=:@,~%".contains(c));
    if bare {
        Some(value.to_owned())
    } else if !value.contains(['\'', '\n', '\r'])
        && !value.starts_with(' ')
        && !value.ends_with(' ')
    {
        Some(format!("'{value}'"))
    } else {
        None
    }
}

/// The line ending used by most lines of `text` (`\n` when none).
fn dominant_eol(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    if crlf > lf { "\r\n" } else { "\n" }
}

/// `text` with `lines` appended, in the file's line endings, after a final newline if missing.
fn append_lines(text: &str, lines: &[String]) -> String {
    let eol = dominant_eol(text);
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    for line in lines {
        out.push_str(line);
        out.push_str(eol);
    }
    out
}

/// The env file with this run's variables appended, `None` when it adds none.
fn env_change(env: &EnvTarget) -> miette::Result<Option<Change>> {
    if env.adds.is_empty() {
        return Ok(None);
    }
    let old = env.text.clone().unwrap_or_default();
    let lines: Vec<String> = env
        .adds
        .iter()
        .filter_map(|v| Some(format!("{}={}", v.name, env_value(&v.value)?)))
        .collect();
    let new = append_lines(&old, &lines);
    verify_env(&new, &env.adds).map_err(|name| {
        miette::miette!("internal error: `{name}` would not read back unchanged; nothing written")
    })?;
    Ok(Some(Change {
        path: env.path.clone(),
        shown: env.shown.clone(),
        old: env.text.clone(),
        new,
        env_file: true,
        verify: env.adds.clone(),
    }))
}

/// The names an env file defines, in order.
fn env_names(text: &str) -> Vec<String> {
    let file = EnvFile::parse(text);
    file.entries().map(|e| file.key(e).to_owned()).collect()
}

/// Every file to write, in the order they must be written: env files, examples, .gitignore
/// files, sources.
fn changes(
    envs: &[EnvTarget],
    moved: &[Moved<'_>],
    files: BTreeMap<PathBuf, Result<SourceFile, String>>,
) -> miette::Result<Vec<Change>> {
    let mut out = Vec::new();
    let mut examples = Vec::new();
    // One change per .gitignore, whichever env files sit beside it.
    let mut ignores: BTreeMap<PathBuf, (Option<String>, Vec<String>)> = BTreeMap::new();
    for (i, env) in envs.iter().enumerate() {
        let here: Vec<&Moved<'_>> = moved.iter().filter(|m| m.env == i).collect();
        if here.is_empty() {
            continue;
        }
        let env_dir = env.path.parent().unwrap_or(Path::new("")).to_path_buf();
        out.extend(env_change(env)?);

        // The example: every moved name, with an empty value.
        let env_name = env
            .path
            .file_name()
            .map_or_else(|| ".env".into(), |n| n.to_string_lossy().into_owned());
        let example = if env_name == ".env" {
            keylint_dotenv::discover::counterpart(&env.path)
                .unwrap_or_else(|| env_dir.join(".env.example"))
        } else {
            env_dir.join(format!("{env_name}.example"))
        };
        let example_old = read_text(&example);
        let defined: BTreeSet<String> = example_old
            .as_deref()
            .map_or_else(BTreeSet::new, |t| env_names(t).into_iter().collect());
        // A new example also declares what the env file already held: one listing only the
        // moved names would drift from the env file at once (example-drift on every other).
        let existing = match (&example_old, &env.text) {
            (None, Some(text)) => env_names(text),
            _ => Vec::new(),
        };
        let mut names: Vec<&str> = Vec::new();
        for n in existing
            .iter()
            .chain(here.iter().flat_map(|m| m.names.iter()))
        {
            if !defined.contains(n) && !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        if !names.is_empty() {
            let lines: Vec<String> = names.iter().map(|n| format!("{n}=")).collect();
            examples.push(Change {
                shown: keylint_report::shown_path(&example),
                new: append_lines(example_old.as_deref().unwrap_or(""), &lines),
                path: example.clone(),
                old: example_old,
                env_file: false,
                verify: Vec::new(),
            });
        }

        // .gitignore: the env file ignored, the example not.
        let gitignore = env_dir.join(".gitignore");
        let entry = ignores
            .entry(gitignore.clone())
            .or_insert_with(|| (read_text(&gitignore), Vec::new()));
        if !is_ignored(&env.path, entry.0.as_deref()) {
            entry.1.push(env_name);
        }
        if !names.is_empty()
            && keylint_input::git::state::path_state(&example).is_some_and(|s| s.ignored)
        {
            let name = example
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            entry.1.push(format!("!{name}"));
        }
    }
    out.extend(examples);
    for (gitignore, (old, lines)) in ignores {
        if !lines.is_empty() {
            out.push(Change {
                shown: keylint_report::shown_path(&gitignore),
                new: append_lines(old.as_deref().unwrap_or(""), &lines),
                path: gitignore,
                old,
                env_file: false,
                verify: Vec::new(),
            });
        }
    }

    for (path, file) in files {
        let Ok(mut file) = file else { continue };
        if file.edits.is_empty() {
            continue;
        }
        file.edits.sort_by_key(|e| (e.range.start, e.range.end));
        let new = apply_edits(&file.text, &file.edits);
        out.push(Change {
            path,
            shown: file.shown,
            old: Some(file.text),
            new,
            env_file: false,
            verify: Vec::new(),
        });
    }
    Ok(out)
}

/// `Err(name)` of the first variable `text` does not define as its value.
fn verify_env(text: &str, vars: &[EnvVar]) -> Result<(), String> {
    let file = EnvFile::parse(text);
    for var in vars {
        let found = file
            .entries()
            .filter(|e| file.key(*e) == var.name)
            .map(|e| file.value(e))
            .last();
        if found.as_deref() != Some(var.value.as_str()) {
            return Err(var.name.clone());
        }
    }
    Ok(())
}

/// Whether git ignores `path` (git's own rules, read with libgit2); outside a git work
/// tree, whether the `.gitignore` next to it has a line naming it.
fn is_ignored(path: &Path, gitignore: Option<&str>) -> bool {
    if let Some(state) = keylint_input::git::state::path_state(path) {
        return state.ignored;
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    gitignore.is_some_and(|text| {
        text.lines().map(str::trim).any(|l| {
            l == name
                || l.strip_prefix('/') == Some(&name)
                || l.strip_prefix("**/") == Some(&name)
                || (name.starts_with(".env") && matches!(l, ".env*" | "/.env*" | "*.env"))
        })
    })
}

/// Every secret that may appear in a diff: the findings' and the values moved.
fn secrets_of(findings: &[&Finding], vars: &[EnvVar]) -> Vec<String> {
    let mut secrets: Vec<String> = findings
        .iter()
        .map(|f| f.secret.clone())
        .chain(vars.iter().map(|v| v.value.clone()))
        .filter(|s| !s.is_empty())
        .collect();
    // Longest first, so a secret that contains another is masked whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// `text` with the secrets, and every value on the lines that hold one, masked.
fn hide(text: &str, secrets: &[String]) -> String {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    keylint_core::mask::mask_secret_lines(text, &secrets)
}

/// The unified diff of every change, secrets masked (the env file's other values too), control
/// characters escaped.
fn render_diff(changes: &[Change], secrets: &[String]) -> String {
    let mut out = String::new();
    for change in changes {
        let old = hide(change.old.as_deref().unwrap_or(""), secrets);
        let new = hide(&change.new, secrets);
        if change.env_file {
            out.push_str(&keylint_dotenv::unified_diff(&change.shown, &old, &new));
        } else {
            out.push_str(&keylint_dotenv::text_diff(&change.shown, &old, &new));
        }
    }
    // File names and lines of a scanned repository never send escape sequences to the terminal.
    keylint_core::display::escape(&out).into_owned()
}

/// The text of a regular file, `None` when it does not exist or cannot be read as one.
fn read_text(path: &Path) -> Option<String> {
    keylint_core::file::read_regular(path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Refuses, before anything is written, when a file no longer holds what the changes were
/// planned against (an edit saved while the prompt waited: writing would lose it), or when one
/// cannot be rewritten as itself (hard links, read-only, not a regular file).
fn check_unchanged(changes: &[Change]) -> miette::Result<()> {
    let edited: Vec<&str> = changes
        .iter()
        .filter(|change| {
            let now = keylint_core::file::read_regular(&change.path);
            match (&change.old, now) {
                (Some(old), Ok(now)) => now != old.as_bytes(),
                (None, Err(e)) => e.kind() != std::io::ErrorKind::NotFound,
                (Some(_), Err(_)) | (None, Ok(_)) => true,
            }
        })
        .map(|change| change.shown.as_str())
        .collect();
    if !edited.is_empty() {
        return Err(miette::miette!(
            help = "run keylint fix again: it plans against the files as they are now",
            "{} changed since read: nothing written",
            edited.join(", ")
        ));
    }
    for change in changes.iter().filter(|c| c.old.is_some()) {
        keylint_core::file::check_replaceable(&change.path)
            .into_diagnostic()
            .wrap_err("nothing written")?;
    }
    Ok(())
}

/// Writes the changes in order, each only if its file still holds what was planned against;
/// stops at the first failure, saying what was written.
fn write_all(changes: &[Change]) -> miette::Result<()> {
    check_unchanged(changes)?;
    let mut written: Vec<&str> = Vec::new();
    for change in changes {
        let result = match &change.old {
            Some(old) => {
                keylint_core::file::replace(&change.path, old.as_bytes(), change.new.as_bytes())
            }
            None => {
                keylint_core::file::create(&change.path, change.new.as_bytes(), change.env_file)
            }
        };
        let done = if written.is_empty() {
            "nothing was written".to_owned()
        } else {
            format!("already written: {}", written.join(", "))
        };
        result
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {} ({done})", change.shown))?;
        if change.env_file {
            // The values must be on disk before any source stops holding them.
            let back = read_text(&change.path).unwrap_or_default();
            verify_env(&back, &change.verify).map_err(|name| {
                miette::miette!(
                    "{} does not read back `{name}` as written; the sources were left as they are",
                    change.shown
                )
            })?;
        }
        written.push(&change.shown);
    }
    Ok(())
}

/// What was (or would be) done, what was refused and why, and what to do next.
fn summary(
    verb: &str,
    envs: &[EnvTarget],
    moved: &[Moved<'_>],
    (refused, in_env): (&[(&Finding, String)], &[&Finding]),
    roots: &[PathBuf],
) -> String {
    let shown = |f: &Finding| {
        resolve(roots, &f.location.path).map_or_else(
            || f.location.path.clone(),
            |p| keylint_report::shown_path(&p),
        )
    };
    let mut out = String::new();
    if moved.is_empty() && refused.is_empty() {
        out.push_str("keylint fix: nothing to fix\n");
    }
    let used: BTreeSet<usize> = moved.iter().map(|m| m.env).collect();
    if let [only] = used.iter().copied().collect::<Vec<_>>().as_slice() {
        let _ = writeln!(
            out,
            "keylint fix: {verb} {} secret{} into {}:",
            moved.len(),
            keylint_report::plural_s(moved.len()),
            envs[*only].shown
        );
        moved_lines(&mut out, &moved.iter().collect::<Vec<_>>(), "  ");
    } else if !moved.is_empty() {
        let _ = writeln!(
            out,
            "keylint fix: {verb} {} secret{} into {} env files, each the one of the package \
             that reads it:",
            moved.len(),
            keylint_report::plural_s(moved.len()),
            used.len()
        );
        for i in used {
            let here: Vec<&Moved<'_>> = moved.iter().filter(|m| m.env == i).collect();
            let mut names: Vec<&str> = Vec::new();
            for n in here.iter().flat_map(|m| &m.names) {
                if !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
            let _ = writeln!(out, "  {} ← {}:", envs[i].shown, names.join(", "));
            moved_lines(&mut out, &here, "    ");
        }
    }
    if !refused.is_empty() {
        let _ = writeln!(
            out,
            "left as {} ({} finding{} not fixed):",
            if refused.len() == 1 {
                "it is"
            } else {
                "they are"
            },
            refused.len(),
            keylint_report::plural_s(refused.len())
        );
        for (f, reason) in refused {
            let _ = writeln!(
                out,
                "  {}:{}  {}: {reason}",
                shown(f),
                f.location.line,
                f.rule_name
            );
        }
    }
    if !in_env.is_empty() {
        let files: BTreeSet<String> = in_env.iter().map(|f| shown(f)).collect();
        let _ = writeln!(
            out,
            "already in an env file (nothing to move; keep it out of git, `keylint env` checks): {}",
            files.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    if !moved.is_empty() {
        out.push_str("next:\n");
        out.push_str(&next_steps(envs, moved));
        out.push_str(&rotation(moved));
    }
    // File names come from the scanned tree: never a raw escape sequence on the terminal.
    keylint_core::display::escape(&out).into_owned()
}

/// One line per moved finding: where it was, what it was, the variables it became.
fn moved_lines(out: &mut String, moved: &[&Moved<'_>], indent: &str) {
    for m in moved {
        let _ = writeln!(
            out,
            "{indent}{}:{}  {} → {}",
            keylint_report::shown_path(&m.file),
            m.finding.location.line,
            m.finding.rule_name,
            m.names.join(", ")
        );
    }
}

/// How the variables reach each kind of program, per env file.
fn next_steps(envs: &[EnvTarget], moved: &[Moved<'_>]) -> String {
    let mut out = String::new();
    let pairs: BTreeSet<(Target, usize)> = moved.iter().map(|m| (m.target, m.env)).collect();
    let several = pairs.iter().map(|(_, e)| e).collect::<BTreeSet<_>>().len() > 1;
    for (target, i) in pairs {
        let env = &envs[i];
        let files: Vec<&PathBuf> = moved
            .iter()
            .filter(|m| m.target == target && m.env == i)
            .map(|m| &m.file)
            .collect();
        let (env_file, elsewhere) = match target {
            Target::Dart => (dart_env_path(files[0], &env.path), false),
            Target::Compose => (
                relative_to(dir_of(files[0]), &env.path).unwrap_or_else(|| env.shown.clone()),
                files.iter().any(|f| !is_project_env(f, &env.path)),
            ),
            // Node resolves `--env-file` from where it starts: the package's directory.
            Target::JavaScript if several => (
                env.path
                    .file_name()
                    .map_or_else(|| env.shown.clone(), |n| n.to_string_lossy().into_owned()),
                false,
            ),
            Target::JavaScript => (env.shown.clone(), false),
        };
        let how = rewrite::how_to_load(target, &env_file, elsewhere);
        if several {
            let _ = writeln!(out, "  - {}: {how}", env.shown);
        } else {
            let _ = writeln!(out, "  - {how}");
        }
    }
    out
}

/// Rotation reminders, per rewritten file: whether git history holds it, and each rule's
/// guidance.
fn rotation(moved: &[Moved<'_>]) -> String {
    let mut out = String::new();
    let files: BTreeSet<&PathBuf> = moved.iter().map(|m| &m.file).collect();
    for file in files {
        let here: Vec<&Moved<'_>> = moved.iter().filter(|m| &m.file == file).collect();
        let shown = keylint_report::shown_path(file);
        let _ = match history(file) {
            History::Committed(commit) => writeln!(
                out,
                "  - rotate now: {shown} is in git history (last commit {commit}), so are its \
                 secrets; rewriting the file does not un-leak them"
            ),
            History::Never => writeln!(
                out,
                "  - {shown} was never committed: rotate its secrets only if they were shared \
                 some other way"
            ),
            History::Unknown => writeln!(
                out,
                "  - rotate {shown}'s secrets if the file was ever committed or shared"
            ),
        };
        let mut rules: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for m in &here {
            rules.insert(&m.finding.rule_name, m.finding.rotate.as_deref());
        }
        for (rule, rotate) in rules {
            let _ = writeln!(
                out,
                "      {rule}: {}",
                rotate.unwrap_or("revoke it with its provider and issue a new one")
            );
        }
    }
    out
}

/// What git knows of a file.
enum History {
    /// The last commit that touched it.
    Committed(String),
    /// In a work tree, never committed.
    Never,
    /// Not in a git work tree (or git is missing).
    Unknown,
}

/// Whether `file` is in git history.
fn history(file: &Path) -> History {
    last_commit(file).unwrap_or(History::Unknown)
}

fn last_commit(file: &Path) -> Option<History> {
    use keylint_input::git::state::LastCommit;
    Some(match keylint_input::git::state::last_commit(file)? {
        LastCommit::Committed(id) => History::Committed(id),
        LastCommit::Never => History::Never,
    })
}

/// Whether docker compose started next to `compose_file` reads `env` for `${X}` (its project
/// directory's `.env`).
fn is_project_env(compose_file: &Path, env: &Path) -> bool {
    let dir = |p: &Path| {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::canonicalize(parent).ok()
    };
    env.file_name().is_some_and(|n| n == ".env") && dir(compose_file) == dir(env)
}

/// The env file as `flutter run` sees it from the Flutter project (the nearest directory with a
/// `pubspec.yaml` above `dart_file`), else as the user gave it.
fn dart_env_path(dart_file: &Path, env: &Path) -> String {
    std::fs::canonicalize(dart_file)
        .ok()
        .and_then(|file| {
            let project = file
                .ancestors()
                .skip(1)
                .find(|d| d.join("pubspec.yaml").is_file())?
                .to_path_buf();
            relative_to(&project, env)
        })
        .unwrap_or_else(|| keylint_report::shown_path(env))
}

/// The directory of `path` (`.` for a bare file name).
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `target` as a path relative to the directory `from` (`../server/.env`).
fn relative_to(from: &Path, target: &Path) -> Option<String> {
    let from = std::fs::canonicalize(from).ok()?;
    let target_dir = std::fs::canonicalize(dir_of(target)).ok()?;
    let common = from
        .components()
        .zip(target_dir.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut path = PathBuf::new();
    for _ in from.components().skip(common) {
        path.push("..");
    }
    for part in target_dir.components().skip(common) {
        path.push(part);
    }
    path.push(target.file_name()?);
    Some(keylint_report::shown_path(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_read_back_unchanged() {
        for value in [
            "sk-proj-abc_DEF.123",
            "a b",
            "x#y",
            "p@ss:w/rd=+",
            "with\"quote",
        ] {
            let line = format!("K={}\n", env_value(value).unwrap());
            let vars = [EnvVar {
                name: "K".into(),
                value: value.into(),
            }];
            assert_eq!(verify_env(&line, &vars), Ok(()), "{line}");
        }
        assert_eq!(env_value("it's"), None);
        assert_eq!(env_value("a\nb"), None);
    }

    #[test]
    fn appends_keep_line_endings() {
        assert_eq!(
            append_lines("A=1\r\nB=2", &["C=".into()]),
            "A=1\r\nB=2\r\nC=\r\n"
        );
        assert_eq!(append_lines("", &["C=".into()]), "C=\n");
        assert_eq!(append_lines("x\n", &["y".into()]), "x\ny\n");
    }
}
