//! Groups the definitions that must be equal and reports what is not.

use std::collections::{BTreeMap, BTreeSet};

use keylint_core::Severity;
use keylint_scan::placeholder::is_placeholder;

use crate::collect::livekit::NO_KEY;
use crate::collect::parent;
use crate::model::{Collection, Definition, FileRefKind, Kind, Loc};
use crate::names;
use crate::report::{Problem, Report, Site};
use crate::value::{difference, is_near_copy};

/// Minimum length of a server secret (what LiveKit asks for).
pub const MIN_SECRET_LENGTH: usize = 32;

const LIVEKIT_HELP: &str = "the LiveKit server accepts a token only when it is signed with the secret it holds for the token's API key: make every copy equal, ideally by writing it once (an env file) and referencing it elsewhere (`${LIVEKIT_API_SECRET}` in compose, `key_file:` in livekit.yaml, `--dart-define` for Flutter)";

/// What a check may be told.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Server secrets shorter than this are reported (`short-secret`).
    pub min_secret_length: usize,
    /// The env files' own checks already report short secrets and `LIVEKIT_KEYS` syntax there
    /// (`keylint env`, `keylint scan`): leave those places out instead of reporting them twice.
    pub env_files_linted: bool,
    /// Whether sites carry their masked source line (`snippet`): off when the output does not
    /// show it.
    pub snippets: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            min_secret_length: MIN_SECRET_LENGTH,
            env_files_linted: false,
            snippets: true,
        }
    }
}

/// Checks a collection with the default options.
pub fn check(c: &Collection) -> Report {
    check_with(c, CheckOptions::default())
}

/// Checks a collection.
pub fn check_with(c: &Collection, options: CheckOptions) -> Report {
    let mut cx = Cx {
        c,
        options,
        problems: Vec::new(),
    };
    let defs: Vec<&Definition> = c.definitions.iter().collect();
    let (active, shadowed_groups) = layers(&defs);
    for (dir, var, members) in &shadowed_groups {
        cx.overridden_layers(dir, var, members);
    }
    let groups = Cx::group(&active);
    for (subject, members) in &groups {
        cx.mismatch(subject, members);
    }
    cx.livekit(&defs);
    cx.invalid();
    cx.missing();
    cx.compose_overrides();
    cx.copies(&defs);
    let mut problems = cx.problems;
    problems.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| {
                a.sites
                    .first()
                    .map(|s| (&s.path, s.line))
                    .cmp(&b.sites.first().map(|s| (&s.path, s.line)))
            })
            .then_with(|| a.subject.cmp(&b.subject))
    });
    problems.dedup();
    let mut notes = c.notes.clone();
    notes.sort();
    Report {
        problems,
        notes,
        errors: c.errors.clone(),
        files_read: c.files_read,
        definitions: c.definitions.len(),
        groups: groups.len(),
    }
}

/// Whether `d` comes from an env file (a variable, or a `LIVEKIT_KEYS` entry set there).
fn in_env_file(d: &Definition) -> bool {
    keylint_dotenv::keys::is_env_file_name(file_name(&d.loc.path))
}

/// The layer of an env file in the usual loading order (Next.js, Vite, dotenv-flow):
/// `.env` < `.env.MODE` < `.env.local` < `.env.MODE.local`; `None` for other names.
fn layer(file_name: &str) -> Option<(u8, Option<String>)> {
    if file_name == ".env" {
        return Some((0, None));
    }
    if file_name == ".env.local" {
        return Some((2, None));
    }
    let mode = names::env_mode(file_name)?;
    Some((
        if names::is_local_layer(file_name) {
            3
        } else {
            1
        },
        Some(mode),
    ))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

type Layered<'a> = Vec<(String, String, Vec<&'a Definition>)>;

/// Splits env-file definitions into the ones that apply (per directory and mode, the highest
/// layer) and the sets of layers of one variable with different values.
fn layers<'a>(defs: &[&'a Definition]) -> (Vec<&'a Definition>, Layered<'a>) {
    let mut by_var: BTreeMap<(String, String), Vec<&Definition>> = BTreeMap::new();
    let mut active = Vec::new();
    for d in defs {
        if d.kind == Kind::DotEnv
            && d.livekit_key.is_none()
            && layer(file_name(&d.loc.path)).is_some()
        {
            by_var
                .entry((parent(&d.loc.path).to_owned(), d.name.clone()))
                .or_default()
                .push(d);
        } else {
            active.push(*d);
        }
    }
    let mut shadowed = Vec::new();
    for ((dir, var), members) in by_var {
        let mut winners: BTreeMap<Option<String>, &Definition> = BTreeMap::new();
        for d in &members {
            let (rank, mode) = layer(file_name(&d.loc.path)).unwrap_or((0, None));
            let slot = winners.entry(mode).or_insert(d);
            if layer(file_name(&slot.loc.path)).map_or(0, |l| l.0) < rank {
                *slot = d;
            }
        }
        active.extend(winners.into_values());
        let distinct: BTreeSet<&[u8; 32]> = members.iter().map(|d| d.value.hash()).collect();
        if members.len() > 1 && distinct.len() > 1 {
            shadowed.push((dir, var, members));
        }
    }
    (active, shadowed)
}

struct Cx<'c> {
    c: &'c Collection,
    options: CheckOptions,
    problems: Vec<Problem>,
}

impl Cx<'_> {
    fn site(
        &self,
        loc: &Loc,
        kind: &'static str,
        name: &str,
        masked: Option<String>,
        label: String,
    ) -> Site {
        let (snippet, snippet_span) = match self.c.texts.get(&loc.path) {
            Some(text) if self.options.snippets => {
                let masks = self.c.masks.get(&loc.path).map_or(&[][..], Vec::as_slice);
                crate::text::masked_line(text, masks, &loc.range)
            }
            _ => (String::new(), 0..0),
        };
        Site {
            path: loc.path.clone(),
            line: loc.line,
            column: loc.column,
            kind,
            name: name.to_owned(),
            masked,
            label,
            snippet,
            snippet_span,
        }
    }

    fn def_site(&self, d: &Definition, label: String) -> Site {
        self.site(
            &d.loc,
            d.kind.as_str(),
            &d.name,
            Some(d.value.masked()),
            label,
        )
    }

    /// Groups the definitions that must be equal: one variable (per mode, generic names per
    /// directory), and each LiveKit API key's secret across server and clients.
    fn group<'d>(active: &[&'d Definition]) -> BTreeMap<String, Vec<&'d Definition>> {
        let mut groups: BTreeMap<String, Vec<&Definition>> = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<&Definition>> = BTreeMap::new();
        let server_keys: BTreeSet<&str> = active
            .iter()
            .filter_map(|d| d.livekit_key.as_deref())
            .collect();
        // LiveKit API key of each scope that names one.
        let mut scope_key: BTreeMap<&str, &str> = BTreeMap::new();
        for d in active {
            if d.livekit_key.is_none() && names::group_key(&d.logical) == "LIVEKITAPIKEY" {
                scope_key.insert(&d.scope, d.value.text());
            }
        }
        for d in active {
            let mode = if d.kind == Kind::DotEnv {
                layer(file_name(&d.loc.path)).and_then(|l| l.1)
            } else {
                None
            };
            let mode_tag = mode.map(|m| format!(" ({m})")).unwrap_or_default();
            if let Some(key) = &d.livekit_key {
                groups
                    .entry(format!("LiveKit key `{key}`{mode_tag}"))
                    .or_default()
                    .push(d);
                continue;
            }
            let gk = names::group_key(&d.logical);
            if gk == "LIVEKITAPISECRET" {
                let key = scope_key.get(d.scope.as_str()).copied().or_else(|| {
                    (server_keys.len() == 1).then(|| *server_keys.iter().next().unwrap_or(&""))
                });
                if let Some(key) = key.filter(|k| server_keys.contains(k)) {
                    groups
                        .entry(format!("LiveKit key `{key}`{mode_tag}"))
                        .or_default()
                        .push(d);
                    continue;
                }
            }
            // Grouped by the canonical name (`openAiApiKey` meets `OPENAI_API_KEY`), shown
            // by the spelling of the first env file that sets it.
            let mut key = format!("{gk}{mode_tag}");
            if names::is_generic(&d.logical) {
                key = format!("{key} in {}/", parent(&d.loc.path));
            }
            by_name.entry(key).or_default().push(d);
        }
        for (key, members) in by_name {
            let Some(first) = members
                .iter()
                .find(|d| in_env_file(d))
                .or_else(|| members.first())
            else {
                continue;
            };
            let gk = names::group_key(&first.logical);
            let subject = format!("{}{}", first.logical, key.get(gk.len()..).unwrap_or(""));
            groups.entry(subject).or_default().extend(members);
        }
        groups.retain(|_, m| m.len() > 1);
        groups
    }

    /// Reports a group whose members hold different values. Env files of several directories
    /// are separate services or apps of a monorepo, each with its own credentials (two
    /// services with their own `OPENAI_API_KEY` is normal): each directory must agree with
    /// itself, and what is read elsewhere (code, compose, Kubernetes) must equal one of them.
    /// Unless something shared ties the directories: a LiveKit server outside env files (it
    /// holds one secret per key), or a compose service that reads the env files of several.
    ///
    /// Program code reads the env file of its own directory tree (`node --env-file=.env` run
    /// in `backend/`, `.env.client` beside `pubspec.yaml`): a constant in code outside every
    /// env file's directory belongs to another package, with its own credential, and is
    /// compared only when its value is a damaged copy of an env file's (cut short, a character
    /// off); LiveKit credentials always are (one server holds one secret per key).
    fn mismatch(&mut self, subject: &str, members: &[&Definition]) {
        let (env, other): (Vec<&Definition>, Vec<&Definition>) =
            members.iter().partition(|d| in_env_file(d));
        let mut by_dir: BTreeMap<&str, Vec<&Definition>> = BTreeMap::new();
        for d in &env {
            by_dir.entry(parent(&d.loc.path)).or_default().push(d);
        }
        // A LiveKit server outside env files (livekit.yaml, compose `LIVEKIT_KEYS`) holds
        // one secret per key: every service signing with that key must use it.
        let server = other
            .iter()
            .any(|d| matches!(d.kind, Kind::LiveKitConfig | Kind::LiveKitKeys));
        let livekit = server
            || subject.starts_with("LiveKit key")
            || members
                .iter()
                .any(|d| names::group_key(&d.logical).starts_with("LIVEKIT"));
        let under_an_env_dir = |d: &Definition| {
            by_dir
                .keys()
                .any(|dir| dir.is_empty() || d.loc.path.starts_with(&format!("{dir}/")))
        };
        let other: Vec<&Definition> = other
            .into_iter()
            .filter(|d| {
                livekit
                    || env.is_empty()
                    || !d.kind.is_client()
                    || under_an_env_dir(d)
                    || env.iter().any(|e| is_near_copy(&e.value, &d.value))
            })
            .collect();
        let kept: Vec<&Definition> = env.iter().chain(&other).copied().collect();
        if by_dir.len() < 2 || server || self.tied(&env) {
            self.mismatch_among(subject, &kept);
            return;
        }
        for same_dir in by_dir.values().filter(|m| m.len() > 1) {
            self.mismatch_among(subject, same_dir);
        }
        let strays: Vec<&Definition> = other
            .iter()
            .copied()
            .filter(|d| !env.iter().any(|e| e.value == d.value))
            .collect();
        let Some(first) = strays.first() else {
            return;
        };
        // Compared with the service closest to it (longest common directory prefix).
        let shared = |dir: &str| {
            first
                .loc
                .path
                .split('/')
                .zip(dir.split('/'))
                .take_while(|(a, b)| a == b)
                .count()
        };
        let closest = by_dir
            .iter()
            .max_by_key(|(dir, _)| (shared(dir), std::cmp::Reverse(*dir)))
            .map(|(_, m)| m.clone())
            .unwrap_or_default();
        let mut compared = strays;
        compared.extend(closest);
        self.mismatch_among(subject, &compared);
    }

    /// Whether one compose service reads the env files of several of `env`'s directories.
    fn tied(&self, env: &[&Definition]) -> bool {
        let mut dirs_by_scope: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for f in self
            .c
            .file_refs
            .iter()
            .filter(|f| f.kind == FileRefKind::EnvFile)
        {
            if env.iter().any(|d| d.loc.path == f.target) {
                dirs_by_scope
                    .entry(&f.scope)
                    .or_default()
                    .insert(parent(&f.target));
            }
        }
        dirs_by_scope.values().any(|dirs| dirs.len() > 1)
    }

    fn mismatch_among(&mut self, subject: &str, members: &[&Definition]) {
        let mut members = members.to_vec();
        members.sort_by(|a, b| {
            (&a.loc.path, a.loc.line, a.loc.column).cmp(&(&b.loc.path, b.loc.line, b.loc.column))
        });
        let distinct: Vec<&[u8; 32]> = {
            let mut seen = Vec::new();
            for d in &members {
                if !seen.contains(&d.value.hash()) {
                    seen.push(d.value.hash());
                }
            }
            seen
        };
        if distinct.len() < 2 {
            return;
        }
        // Constants of the same name in program files are independent (`STORAGE_KEY` of two
        // modules); code must match configuration, or the server's LiveKit keys.
        if !subject.starts_with("LiveKit key") && members.iter().all(|d| d.kind.is_client()) {
            return;
        }
        // The reference: the server's value, else the most common one, else the first.
        let reference = members
            .iter()
            .find(|d| d.kind == Kind::LiveKitConfig)
            .or_else(|| {
                members
                    .iter()
                    .find(|d| d.kind == Kind::LiveKitKeys && d.syntax_problem.is_none())
            })
            .or_else(|| {
                members.iter().max_by_key(|d| {
                    (
                        members.iter().filter(|o| o.value == d.value).count(),
                        std::cmp::Reverse((&d.loc.path, d.loc.line)),
                    )
                })
            })
            .copied()
            .unwrap_or(members[0]);
        let mut letters: Vec<&[u8; 32]> = vec![reference.value.hash()];
        for d in &members {
            if !letters.contains(&d.value.hash()) {
                letters.push(d.value.hash());
            }
        }
        let letter = |d: &Definition| {
            let i = letters
                .iter()
                .position(|h| *h == d.value.hash())
                .unwrap_or(0);
            char::from(b'A' + (i.min(25) as u8))
        };
        let mut sites = vec![self.def_site(
            reference,
            format!("value A ({} characters)", reference.value.len()),
        )];
        let mut ordered: Vec<&Definition> = members
            .iter()
            .copied()
            .filter(|d| !std::ptr::eq(*d, reference))
            .collect();
        ordered.sort_by_key(|d| letter(d));
        for d in ordered {
            let l = letter(d);
            let mut label = if l == 'A' {
                "value A".to_owned()
            } else {
                format!("value {l}: {}", difference(&reference.value, &d.value))
            };
            if d.derived {
                label.push_str(" (assembled from `${…}`)");
            }
            sites.push(self.def_site(d, label));
        }
        let livekit = subject.starts_with("LiveKit key");
        let message = if livekit {
            format!(
                "the secret of {subject} differs between {} places ({} values): clients signing with a different secret are refused (`invalid token` / 401)",
                members.len(),
                distinct.len()
            )
        } else {
            format!(
                "`{subject}` has {} different values in {} places",
                distinct.len(),
                members.len()
            )
        };
        self.problems.push(Problem {
            code: "mismatch",
            severity: Severity::High,
            subject: subject.to_owned(),
            message,
            help: Some(if livekit {
                LIVEKIT_HELP.to_owned()
            } else {
                "every program reading this credential must get the same value: copy the reference value (A) everywhere, or better, define it once and reference it".to_owned()
            }),
            sites,
        });
    }

    /// LiveKit-specific problems: unreadable `LIVEKIT_KEYS` entries, client API keys the server
    /// does not know, short secrets.
    fn livekit(&mut self, defs: &[&Definition]) {
        let linted_elsewhere = |d: &Definition| self.options.env_files_linted && in_env_file(d);
        for d in defs
            .iter()
            .filter(|d| d.syntax_problem.is_some() && !linted_elsewhere(d))
        {
            let label = "the server cannot read this entry".to_owned();
            self.problems.push(Problem {
                code: "livekit-keys-syntax",
                severity: Severity::High,
                subject: format!("LiveKit key `{}`", d.name),
                message: d.syntax_problem.clone().unwrap_or_default(),
                help: Some(format!("write `{}: <secret>` (a space after the colon, `LIVEKIT_KEYS: \"key: secret\"` in compose)", d.name)),
                sites: vec![self.def_site(d, label)],
            });
        }
        let server: Vec<&&Definition> = defs
            .iter()
            .filter(|d| d.livekit_key.is_some() && d.syntax_problem.is_none())
            .collect();
        let known: BTreeSet<&str> = server
            .iter()
            .filter_map(|d| d.livekit_key.as_deref())
            .collect();
        if !known.is_empty() {
            for d in defs.iter().filter(|d| {
                d.livekit_key.is_none() && names::group_key(&d.logical) == "LIVEKITAPIKEY"
            }) {
                if known.contains(d.value.text())
                    || is_placeholder(d.value.text()) && d.value.is_empty()
                {
                    continue;
                }
                let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                let mut sites = vec![self.site(
                    &d.loc,
                    d.kind.as_str(),
                    &d.name,
                    Some(d.value.masked()),
                    "API key used by this client".into(),
                )];
                for s in &server {
                    sites.push(self.site(
                        &s.loc,
                        s.kind.as_str(),
                        &s.name,
                        Some(s.value.masked()),
                        format!("server key `{}`", s.name),
                    ));
                }
                self.problems.push(Problem {
                    code: "unknown-livekit-key",
                    severity: Severity::High,
                    subject: d.logical.clone(),
                    message: format!(
                        "`{}` names an API key the LiveKit server does not have (it has {}): every token it signs is refused",
                        d.name,
                        list.join(", ")
                    ),
                    help: Some("use one of the server's API keys (and its secret), or add this key to the server's `keys:`".into()),
                    sites,
                });
            }
        }
        // Short server secrets, once per value.
        let mut by_value: BTreeMap<&[u8; 32], Vec<&Definition>> = BTreeMap::new();
        for d in defs {
            let server_secret = d.livekit_key.is_some()
                || (names::is_server_secret(&d.logical) && !d.kind.is_client());
            let n = d.value.len();
            if server_secret
                && n > 0
                && n < self.options.min_secret_length
                && !linted_elsewhere(d)
                && !is_placeholder(d.value.text())
            {
                by_value.entry(d.value.hash()).or_default().push(d);
            }
        }
        for members in by_value.values() {
            let n = members[0].value.len();
            let sites = members
                .iter()
                .map(|d| self.def_site(d, format!("{n} characters")))
                .collect();
            let subject = members[0].livekit_key.as_ref().map_or_else(
                || members[0].logical.clone(),
                |k| format!("LiveKit key `{k}`"),
            );
            self.problems.push(Problem {
                code: "short-secret",
                severity: Severity::Medium,
                subject,
                message: format!("a server secret of {n} characters (at least {} expected), in {} place{}", self.options.min_secret_length, members.len(), if members.len() == 1 { "" } else { "s" }),
                help: Some("short secrets that sign tokens can be brute-forced offline from one token; LiveKit warns `secret is too short, should be at least 32 characters for security`. Generate one with `openssl rand -base64 32` and update every place listed".into()),
                sites,
            });
        }
    }

    /// Files their programs refuse, and LiveKit servers configured without a key.
    fn invalid(&mut self) {
        let c = self.c;
        for i in &c.invalid {
            self.problems.push(Problem {
                code: "config-syntax",
                severity: Severity::High,
                subject: i.loc.path.clone(),
                message: i.message.clone(),
                help: Some(i.help.clone()),
                sites: vec![self.site(&i.loc, "syntax", "", None, "here".into())],
            });
        }
        // Keys can come from elsewhere: `LIVEKIT_KEYS`, or flags on the server's command line.
        let keys_elsewhere = c.definitions.iter().any(|d| d.kind == Kind::LiveKitKeys)
            || c.references.iter().any(|r| r.var == "LIVEKIT_KEYS")
            || c.service_environment
                .values()
                .any(|vars| vars.contains_key("LIVEKIT_KEYS"))
            || c.texts.values().any(|t| {
                ["--dev", "--keys", "--key-file", "LIVEKIT_KEYS"]
                    .iter()
                    .any(|flag| t.contains(flag))
            });
        if keys_elsewhere {
            return;
        }
        for loc in &c.keyless_livekit {
            self.problems.push(Problem {
                code: "no-livekit-key",
                severity: Severity::High,
                subject: loc.path.clone(),
                message: format!("this LiveKit server config has neither `keys:` nor `key_file:`, and nothing sets `LIVEKIT_KEYS`: the server stops with `{NO_KEY}`"),
                help: Some("add `key_file: <file of key: secret lines>` (kept out of git), or set `LIVEKIT_KEYS: \"<key>: <secret>\"` in the server's environment".into()),
                sites: vec![self.site(loc, "livekit-config", "", None, "server config".into())],
            });
        }
    }

    /// References nothing defines, and files named but absent.
    fn missing(&mut self) {
        self.missing_references();
        self.missing_files();
    }

    /// Compose references to a variable that nothing declares (no env file compose reads, no
    /// template, not the shell).
    fn missing_references(&mut self) {
        let c = self.c;
        let mut by_var: BTreeMap<(&str, &str), Vec<&crate::model::Reference>> = BTreeMap::new();
        for r in &c.references {
            if r.resolved || r.default.is_some() {
                continue;
            }
            by_var
                .entry((parent(&r.loc.path), &r.var))
                .or_default()
                .push(r);
        }
        for ((dir, var), refs) in by_var {
            // A bare `- VAR` (pass-through) is fine when the service's env_file defines it.
            let service_files: BTreeSet<&str> = c
                .file_refs
                .iter()
                .filter(|f| refs.iter().any(|r| r.scope == f.scope))
                .map(|f| f.target.as_str())
                .collect();
            let interpolated: Vec<_> = refs
                .iter()
                .filter(|r| {
                    c.texts.get(&r.loc.path).is_some_and(|t| {
                        t.get(r.loc.range.clone())
                            .is_some_and(|s| s.starts_with('$'))
                    })
                })
                .collect();
            let elsewhere: Vec<&Definition> = c
                .definitions
                .iter()
                .filter(|d| d.name == var && d.kind == Kind::DotEnv)
                .collect();
            if interpolated.is_empty()
                && elsewhere
                    .iter()
                    .any(|d| service_files.contains(d.loc.path.as_str()))
            {
                continue;
            }
            // Declared by a template next to the compose file, or set in this shell: a fresh
            // checkout or CI provides it from there (compose reads the shell's variables).
            if c.declared.contains(&(dir.to_owned(), var.to_owned()))
                || std::env::var_os(var).is_some()
            {
                continue;
            }
            let project_env = if dir.is_empty() {
                ".env".to_owned()
            } else {
                format!("{dir}/.env")
            };
            let mut sites: Vec<Site> = refs
                .iter()
                .map(|r| {
                    self.site(
                        &r.loc,
                        "reference",
                        var,
                        None,
                        "referenced here, defined nowhere compose reads".into(),
                    )
                })
                .collect();
            for d in &elsewhere {
                sites.push(self.def_site(d, format!("defined here, but compose reads `${{…}}` values only from {project_env} and the shell")));
            }
            let template = if dir.is_empty() {
                ".env.example".to_owned()
            } else {
                format!("{dir}/.env.example")
            };
            self.problems.push(Problem {
                code: "missing",
                severity: Severity::Medium,
                subject: var.to_owned(),
                message: format!("`{var}` is referenced by {} but declared nowhere: not in {project_env}, {template} nor the environment; without a value compose substitutes an empty string (`The \"{var}\" variable is not set. Defaulting to a blank string.`)", refs[0].loc.path),
                help: Some(format!("define `{var}` in {project_env} (compose reads `${{…}}` from that file and the shell; `env_file:` only feeds the container), declare it in {template} when CI or the shell provides it, or write `${{{var}:?{var} must be set}}` to stop with a clear error")),
                sites,
            });
        }
    }

    /// `env_file:` and `key_file:` entries that name a file that does not exist.
    fn missing_files(&mut self) {
        let c = self.c;
        for f in &c.file_refs {
            if f.exists || !f.required {
                continue;
            }
            let service = f.scope.rsplit('#').next().unwrap_or("");
            // A template beside it declares its variables: the state of every fresh checkout
            // (the env file is gitignored), not a mistake; said at low so CI passes.
            let templated = f.kind == FileRefKind::EnvFile
                && c.declared.iter().any(|(dir, _)| dir == parent(&f.target));
            let (kind, message, help) = match f.kind {
                FileRefKind::EnvFile if templated => (
                    "env-file",
                    format!(
                        "`env_file: {}` of service `{service}` does not exist yet: create it from the template beside it before `docker compose up`, which stops with `env file … not found` without it",
                        f.target
                    ),
                    "copy the template (`cp .env.example .env` in that directory) and fill in the values, or mark it `required: false`",
                ),
                FileRefKind::EnvFile => (
                    "env-file",
                    format!(
                        "`env_file: {}` of service `{service}` does not exist: `docker compose up` stops with `env file … not found`",
                        f.target
                    ),
                    "create it (from its `.env.example`), fix the path, or mark it `required: false`",
                ),
                FileRefKind::KeyFile => (
                    "key-file",
                    format!(
                        "`key_file: {}` does not exist: the LiveKit server finds no key and stops with `{NO_KEY}`",
                        f.target
                    ),
                    "create the key file (`key: secret` lines) or list the keys under `keys:`",
                ),
            };
            self.problems.push(Problem {
                code: "missing",
                severity: if templated {
                    Severity::Low
                } else {
                    Severity::High
                },
                subject: f.target.clone(),
                message,
                help: Some(help.into()),
                sites: vec![self.site(&f.loc, kind, &f.target, None, "named here".into())],
            });
        }
    }

    /// Which definition a compose service sees when its `environment:` and its `env_file:`s
    /// both set a variable (environment wins; later env files win over earlier ones).
    fn compose_overrides(&mut self) {
        let c = self.c;
        let mut scopes: BTreeMap<&str, Vec<&crate::model::FileRef>> = BTreeMap::new();
        for f in c
            .file_refs
            .iter()
            .filter(|f| f.kind == FileRefKind::EnvFile)
        {
            scopes.entry(&f.scope).or_default().push(f);
        }
        for (scope, mut files) in scopes {
            files.sort_by_key(|f| f.order);
            let service = scope.rsplit('#').next().unwrap_or(scope);
            let mut vars: BTreeMap<&str, Vec<&Definition>> = BTreeMap::new();
            for f in &files {
                for d in c.definitions.iter().filter(|d| {
                    d.loc.path == f.target && d.kind == Kind::DotEnv && d.livekit_key.is_none()
                }) {
                    vars.entry(&d.name).or_default().push(d);
                }
            }
            let env = c.service_environment.get(scope);
            for (var, from_files) in vars {
                let literal = c
                    .definitions
                    .iter()
                    .find(|d| d.scope == scope && d.name == var && d.livekit_key.is_none());
                let winner_env = env.and_then(|e| e.get(var));
                let mut values: Vec<&Definition> = from_files.clone();
                values.extend(literal);
                let distinct: BTreeSet<&[u8; 32]> = values.iter().map(|d| d.value.hash()).collect();
                let env_differs = winner_env.is_some() && (literal.is_none() || distinct.len() > 1);
                if distinct.len() < 2 && !env_differs {
                    continue;
                }
                if winner_env.is_some() && literal.is_none() {
                    // `environment: VAR: ${VAR}`: the value comes from interpolation; `missing`
                    // reports it when nothing defines it.
                    continue;
                }
                let mut sites = Vec::new();
                if let (Some(loc), Some(d)) = (winner_env, literal) {
                    let _ = loc;
                    sites.push(self.def_site(d, "wins: `environment:` beats `env_file:`".into()));
                }
                let last = from_files.len() - 1;
                for (i, d) in from_files.iter().enumerate().rev() {
                    let label = if sites.is_empty() && i == last {
                        "wins: the last env file that sets it".to_owned()
                    } else {
                        "overridden at runtime".to_owned()
                    };
                    sites.push(self.def_site(d, label));
                }
                self.problems.push(Problem {
                    code: "overridden",
                    severity: Severity::Low,
                    subject: var.to_owned(),
                    message: format!("service `{service}` gets `{var}` from {} places with different values; only the first listed applies", sites.len()),
                    help: Some("remove the definitions that never apply, so nobody edits the wrong one".into()),
                    sites,
                });
            }
        }
    }

    /// Env layers of one directory that set one variable to different values.
    fn overridden_layers(&mut self, dir: &str, var: &str, members: &[&Definition]) {
        let mut modes: BTreeSet<Option<String>> = members
            .iter()
            .filter_map(|d| layer(file_name(&d.loc.path)))
            .map(|l| l.1)
            .collect();
        modes.insert(None);
        let mut lines = Vec::new();
        let mut winners = BTreeSet::new();
        for mode in &modes {
            let applicable: Vec<&&Definition> = members
                .iter()
                .filter(|d| {
                    let (rank, m) = layer(file_name(&d.loc.path)).unwrap_or((0, None));
                    m.is_none() && !(rank == 2 && mode.as_deref() == Some("test")) || m == *mode
                })
                .collect();
            let distinct: BTreeSet<&[u8; 32]> = applicable.iter().map(|d| d.value.hash()).collect();
            if distinct.len() < 2 {
                continue;
            }
            let Some(w) = applicable
                .iter()
                .max_by_key(|d| layer(file_name(&d.loc.path)).map_or(0, |l| l.0))
            else {
                continue;
            };
            winners.insert((&w.loc.path, w.loc.line));
            lines.push(format!(
                "{}: {}:{}",
                mode.as_deref().unwrap_or("without a mode"),
                w.loc.path,
                w.loc.line
            ));
        }
        if lines.is_empty() {
            return;
        }
        let mut sorted = members.to_vec();
        sorted.sort_by_key(|d| layer(file_name(&d.loc.path)).map_or(0, |l| l.0));
        let sites = sorted
            .iter()
            .rev()
            .map(|d| {
                let label = if winners.contains(&(&d.loc.path, d.loc.line)) {
                    "wins"
                } else {
                    "overridden"
                };
                self.def_site(d, label.into())
            })
            .collect();
        let where_ = if dir.is_empty() {
            "./".to_owned()
        } else {
            format!("{dir}/")
        };
        self.problems.push(Problem {
            code: "overridden",
            severity: Severity::Low,
            subject: var.to_owned(),
            message: format!("`{var}` is set to different values by {} env files in {where_}; at runtime (Next.js / Vite / dotenv-flow order) {}", members.len(), lines.join(", ")),
            help: Some("`.env.local` beats `.env.production` even in a production build: keep each value in the one file that should set it".into()),
            sites,
        });
    }

    /// Server secrets in client code, and one secret written in many files.
    fn copies(&mut self, defs: &[&Definition]) {
        let is_client = |d: &Definition| d.ships_to_clients();
        let server: Vec<&&Definition> = defs
            .iter()
            .filter(|d| {
                !is_client(d) && (d.livekit_key.is_some() || names::is_server_secret(&d.logical))
            })
            .collect();
        for d in defs.iter().filter(|d| {
            is_client(d)
                && names::is_server_secret(&d.logical)
                && !d.value.is_empty()
                && !is_placeholder(d.value.text())
        }) {
            let mut sites = vec![self.def_site(d, "ships inside the app".into())];
            for s in server.iter().filter(|s| s.value == d.value) {
                sites.push(self.def_site(s, "the same secret on the server".into()));
            }
            self.problems.push(Problem {
                code: "client-copy",
                severity: Severity::High,
                subject: d.logical.clone(),
                message: format!("`{}` puts a server secret into client code: anyone who has the app can read it and sign their own tokens", d.name),
                help: Some("keep secrets on the server: the client asks your backend for a token (LiveKit: an access token minted server-side) instead of holding the secret; then rotate this one".into()),
                sites,
            });
        }
        let mut by_value: BTreeMap<&[u8; 32], Vec<&Definition>> = BTreeMap::new();
        for d in defs {
            let secret = d.livekit_key.is_some()
                || (names::is_credential(&d.logical)
                    && names::group_key(&d.logical) != "LIVEKITAPIKEY");
            if secret && !d.derived && d.value.len() >= 8 && !is_placeholder(d.value.text()) {
                by_value.entry(d.value.hash()).or_default().push(d);
            }
        }
        for members in by_value.values() {
            let files: BTreeSet<&str> = members.iter().map(|d| d.loc.path.as_str()).collect();
            if files.len() < 3 || members.iter().all(|d| d.kind.is_client()) {
                continue;
            }
            let subject = members[0].livekit_key.as_ref().map_or_else(
                || members[0].logical.clone(),
                |k| format!("LiveKit key `{k}`"),
            );
            let sites = members
                .iter()
                .map(|d| self.def_site(d, "copy".into()))
                .collect();
            self.problems.push(Problem {
                code: "duplicated-secret",
                severity: Severity::Low,
                subject,
                message: format!("one secret is written in {} files: rotating it means editing every one, and a forgotten copy breaks that part", files.len()),
                help: Some("write it once and reference it: `${VAR}` in compose, `key_file:` in livekit.yaml, `env_file:` for services".into()),
                sites,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic 34-character secret, assembled at run time.
    fn secret(tail: &str) -> String {
        ["Zq8Lx3Rf", "T0aPw9Vn", "2KcYb7Hj", "5Ms1Ud4G", tail].concat()
    }

    fn run(files: &[(&str, &str)]) -> Report {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let c = crate::collect_paths(&[dir.path().to_path_buf()]).unwrap();
        check(&c)
    }

    fn codes(r: &Report) -> Vec<&str> {
        r.problems.iter().map(|p| p.code).collect()
    }

    #[test]
    fn without_snippets_only_the_snippets_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (secret("n1"), secret("n2"));
        std::fs::write(dir.path().join(".env"), format!("LIVEKIT_API_SECRET={a}\n")).unwrap();
        let compose =
            format!("services:\n  lk:\n    environment:\n      LIVEKIT_API_SECRET: {b}\n");
        std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
        let c = crate::collect_paths(&[dir.path().to_path_buf()]).unwrap();
        let with = check(&c);
        let options = CheckOptions {
            snippets: false,
            ..CheckOptions::default()
        };
        let without = check_with(&c, options);
        assert!(codes(&with).contains(&"mismatch"), "{:?}", codes(&with));
        assert_eq!(codes(&with), codes(&without));
        for (p, q) in with.problems.iter().zip(&without.problems) {
            assert_eq!(p.message, q.message);
            assert_eq!(p.sites.len(), q.sites.len());
            for (s, t) in p.sites.iter().zip(&q.sites) {
                assert!(!s.snippet.is_empty() && t.snippet.is_empty());
                assert_eq!((&s.path, s.line, &s.masked), (&t.path, t.line, &t.masked));
            }
        }
    }

    #[test]
    fn malformed_compose_is_an_error_not_a_panic() {
        let r = run(&[
            (
                "docker-compose.yml",
                "services:\n  api:\n    environment: [a, b\n",
            ),
            (".env", "LIVEKIT_API_SECRET=x\n"),
        ]);
        assert_eq!(codes(&r), ["config-syntax", "short-secret"]);
        assert!(
            r.problems[0].message.starts_with("not valid YAML (line")
                && r.problems[0]
                    .message
                    .ends_with("docker compose refuses to start"),
            "{:?}",
            r.problems[0]
        );
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn missing_env_file_and_unknown_livekit_key() {
        let s = secret("e6");
        let r = run(&[
            (
                "docker-compose.yml",
                "services:\n  api:\n    env_file: ./backend/.env\n",
            ),
            (
                "livekit.yaml",
                &format!("port: 7880\nkeys:\n  devkey: {s}\n"),
            ),
            (
                ".env",
                &format!("LIVEKIT_API_KEY=otherkey\nLIVEKIT_API_SECRET={s}\n"),
            ),
        ]);
        assert_eq!(codes(&r), ["missing", "unknown-livekit-key"]);
        assert!(r.problems[0].message.contains("backend/.env"));
        assert!(r.problems[1].message.contains("`devkey`"));
    }

    #[test]
    fn env_files_of_separate_directories_are_separate_services() {
        let (a, b) = (secret("s1"), secret("s2"));
        // Two services of a monorepo with their own keys: nothing to compare.
        let r = run(&[
            ("services/chat/.env", &format!("OPENAI_API_KEY={a}\n")),
            ("services/search/.env", &format!("OPENAI_API_KEY={b}\n")),
        ]);
        assert!(!codes(&r).contains(&"mismatch"), "{:?}", codes(&r));
        // One directory must agree with itself: its LIVEKIT_KEYS secret and LIVEKIT_API_SECRET.
        let r = run(&[
            (
                "backend/.env",
                &format!(
                    "LIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET={a}\nLIVEKIT_KEYS=\"devkey: {b}\"\n"
                ),
            ),
            ("other/.env", &format!("LIVEKIT_KEYS=\"devkey: {a}\"\n")),
        ]);
        let mismatch = r.problems.iter().find(|p| p.code == "mismatch").unwrap();
        assert!(
            mismatch
                .sites
                .iter()
                .all(|s| s.path.ends_with("/backend/.env")),
            "{:?}",
            mismatch.sites
        );
    }

    #[test]
    fn compose_environment_wins_over_env_file() {
        let (a, b) = (secret("e6"), secret("e7"));
        let r = run(&[
            (
                "docker-compose.yml",
                &format!(
                    "services:\n  api:\n    env_file: [backend/.env]\n    environment:\n      JWT_SECRET: {b}\n"
                ),
            ),
            ("backend/.env", &format!("JWT_SECRET={a}\n")),
        ]);
        let over = r.problems.iter().find(|p| p.code == "overridden").unwrap();
        assert!(over.sites[0].path.ends_with("docker-compose.yml"));
        assert!(over.sites[0].label.starts_with("wins"));
        assert_eq!(over.sites[1].label, "overridden at runtime");
        assert!(codes(&r).contains(&"mismatch"));
    }

    #[test]
    fn kubernetes_and_workflow_values_join_their_groups() {
        use base64::Engine as _;
        let s = secret("e6");
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret("e7"));
        let r = run(&[
            (".env", &format!("LIVEKIT_API_SECRET={s}\n")),
            (
                "k8s/secret.yaml",
                &format!(
                    "kind: Secret\nmetadata:\n  name: lk\ndata:\n  LIVEKIT_API_SECRET: {b64}\n"
                ),
            ),
            (
                ".github/workflows/ci.yml",
                &format!("on: push\nenv:\n  LIVEKIT_API_SECRET: {s}\n"),
            ),
        ]);
        let m = r.problems.iter().find(|p| p.code == "mismatch");
        let m = m.unwrap_or_else(|| panic!("{:?} {:?}", codes(&r), r.notes));
        assert_eq!(m.sites.len(), 3);
        assert_eq!(m.sites[0].label, "value A (34 characters)");
        let b = m
            .sites
            .iter()
            .find(|s| s.path.ends_with("k8s/secret.yaml"))
            .unwrap();
        assert!(b.label.contains("character 34"), "{}", b.label);
        assert!(
            !b.snippet.contains(&b64[4..20]),
            "base64 shown: {}",
            b.snippet
        );
    }

    #[test]
    fn code_constants_of_one_name_are_independent_but_must_match_configuration() {
        let (a, b) = (secret("e6"), secret("e7"));
        let r = run(&[
            ("src/todos.js", "export const STORAGE_KEY = 'todos-v1';\n"),
            ("src/cart.js", "export const STORAGE_KEY = 'cart';\n"),
            (
                "src/keys.js",
                "const META_KEY = 'Meta';\nconst CLIENT_SECRET = 'client_secret';\nconst E = { INVALID_API_KEY: 'auth/invalid-api-key' };\n",
            ),
            ("src/keys2.js", "const META_KEY = 'Cmd';\n"),
            ("src/keys.test.js", &format!("const JWT_SECRET = '{b}';\n")),
            (".env", &format!("JWT_SECRET={a}\n")),
            ("server/auth.js", &format!("const JWT_SECRET = '{b}';\n")),
        ]);
        assert_eq!(codes(&r), ["mismatch"], "{:#?}", r.problems);
        let paths: Vec<&str> = r.problems[0]
            .sites
            .iter()
            .map(|s| s.path.as_str())
            .collect();
        assert!(
            paths.iter().any(|p| p.ends_with("server/auth.js")),
            "{paths:?}"
        );
        assert!(paths.iter().all(|p| !p.ends_with(".test.js")), "{paths:?}");
    }

    #[test]
    fn only_client_code_holds_client_copies() {
        let s = secret("e6");
        let r = run(&[
            (
                "api/token.ts",
                &format!("const LIVEKIT_API_SECRET = '{s}';\n"),
            ),
            (
                "web/src/livekit.ts",
                &format!("const LIVEKIT_API_SECRET = '{s}';\n"),
            ),
        ]);
        let copies: Vec<&str> = r
            .problems
            .iter()
            .filter(|p| p.code == "client-copy")
            .map(|p| p.sites[0].path.as_str())
            .collect();
        assert_eq!(copies.len(), 1, "{:#?}", r.problems);
        assert!(copies[0].ends_with("web/src/livekit.ts"));
        assert!(crate::model::is_client_script("app/components/Call.tsx"));
        assert!(!crate::model::is_client_script("app/api/token/route.ts"));
        assert!(!crate::model::is_client_script("scripts/seed.js"));
    }

    #[test]
    fn placeholders_in_templates_are_not_read() {
        let r = run(&[
            (".env.example", "LIVEKIT_API_SECRET=your_secret_here\n"),
            (".env", &format!("LIVEKIT_API_SECRET={}\n", secret("e6"))),
        ]);
        assert!(r.problems.is_empty(), "{:?}", codes(&r));
        assert_eq!(r.files_read, 1);
    }
}
