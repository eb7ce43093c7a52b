//! What the collectors produce: definitions, references, `env_file:` links and notes, each with
//! a file position.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::Value;

/// Where a definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A `KEY=value` line of a `.env*` file.
    DotEnv,
    /// A service's `environment:` entry in a docker-compose file.
    Compose,
    /// An entry of `keys:` / `api_keys:` in a LiveKit server config (or its `key_file`).
    LiveKitConfig,
    /// An entry of a `LIVEKIT_KEYS` string (`key: secret, key2: secret2`).
    LiveKitKeys,
    /// `stringData` or base64 `data` of a Kubernetes Secret.
    KubernetesSecret,
    /// `data` of a Kubernetes ConfigMap.
    KubernetesConfigMap,
    /// A Dart constant (`static const String livekitApiKey = '…'`) or `fromEnvironment` default.
    Dart,
    /// A TS/JS constant, config object property, or `process.env.X || '…'` default.
    JavaScript,
    /// An `env:` entry of a GitHub Actions workflow.
    Workflow,
}

impl Kind {
    /// Kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DotEnv => "dotenv",
            Kind::Compose => "compose",
            Kind::LiveKitConfig => "livekit-config",
            Kind::LiveKitKeys => "livekit-keys",
            Kind::KubernetesSecret => "kubernetes-secret",
            Kind::KubernetesConfigMap => "kubernetes-configmap",
            Kind::Dart => "dart",
            Kind::JavaScript => "javascript",
            Kind::Workflow => "github-workflow",
        }
    }

    /// Whether the definition is in program code (Dart, TS/JS) rather than configuration: a
    /// constant of one file, not a variable every program reads.
    pub fn is_client(self) -> bool {
        matches!(self, Kind::Dart | Kind::JavaScript)
    }
}

/// Path segments of TS/JS code that runs on a server or in tests, not in a browser.
const SERVER_SEGMENTS: &[&str] = &[
    "server",
    "api",
    "backend",
    "functions",
    "lambda",
    "scripts",
    "bin",
    "cli",
    "migrations",
];

/// Path segments of TS/JS code that ships to browsers and apps.
const CLIENT_SEGMENTS: &[&str] = &[
    "client",
    "frontend",
    "web",
    "www",
    "public",
    "static",
    "components",
    "browser",
    "ui",
    "mobile",
    "extension",
    "app",
    "pages",
    "src",
];

/// Whether a TS/JS file ships to clients, as far as its path tells: `.jsx`/`.tsx`, or under a
/// client-looking directory (`web/`, `frontend/`, `src/`, `app/` …) and none that looks like a
/// server (`api/`, `server/`, `functions/` …). Node code elsewhere is a server's.
pub fn is_client_script(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut dirs: Vec<&str> = lower.split('/').collect();
    let name = dirs.pop().unwrap_or("");
    if dirs.iter().any(|d| SERVER_SEGMENTS.contains(d)) {
        return false;
    }
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e == "jsx" || e == "tsx")
        || dirs.iter().any(|d| CLIENT_SEGMENTS.contains(d))
}

/// A position in a file, with the byte range of the text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// Path as shown in reports (relative, `/` separators).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte range in the file's text (the value, or the reference).
    pub range: Range<usize>,
}

/// One place where a credential gets a value.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The name as written: `LIVEKIT_API_SECRET`, `livekitApiSecret`, or for LiveKit server
    /// entries the API key (`devkey`).
    pub name: String,
    /// The normalised variable name (`LIVEKIT_API_SECRET` for `liveKitApiSecret` and
    /// `NEXT_PUBLIC_LIVEKIT_API_SECRET`); for LiveKit server entries, `LIVEKIT_API_SECRET`.
    pub logical: String,
    /// The value (never printed: see [`Value`]).
    pub value: Value,
    /// Where.
    pub loc: Loc,
    /// What kind of file.
    pub kind: Kind,
    /// What one runtime sees together: the file, or `file#service` for a compose service,
    /// `file#name` for a Kubernetes object. Pairs a LiveKit API key with its secret.
    pub scope: String,
    /// For LiveKit server entries: the API key the secret belongs to.
    pub livekit_key: Option<String>,
    /// For a `LIVEKIT_KEYS` entry the server cannot read: why.
    pub syntax_problem: Option<String>,
    /// Set when the value was assembled from `${VAR}` references (it copies another definition).
    pub derived: bool,
}

impl Definition {
    /// Whether the value ships inside a client app: Dart (Flutter), TS/JS that
    /// [`is_client_script`], or a name with a bundler's public prefix (`NEXT_PUBLIC_` …).
    pub fn ships_to_clients(&self) -> bool {
        let by_file = match self.kind {
            Kind::Dart => true,
            Kind::JavaScript => is_client_script(&self.loc.path),
            _ => false,
        };
        by_file || crate::names::public_prefix(&crate::names::snake_upper(&self.name)).is_some()
    }
}

/// A `${VAR}` (or `$VAR`, or a bare `- VAR` in compose `environment:`) whose value comes from
/// elsewhere.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The variable.
    pub var: String,
    /// `${VAR:-default}` / `${VAR-default}`.
    pub default: Option<Value>,
    /// Where.
    pub loc: Loc,
    /// The directory whose `.env` compose reads for interpolation (relative display path).
    pub project_dir: String,
    /// The scope it belongs to (`file#service`).
    pub scope: String,
    /// Whether the project `.env` defines it (compose interpolation reads only that file and
    /// the shell).
    pub resolved: bool,
}

/// What a [`FileRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRefKind {
    /// A compose service's `env_file:` entry.
    EnvFile,
    /// A LiveKit config's `key_file:`.
    KeyFile,
}

/// A file named by another: a compose service's `env_file:`, a LiveKit `key_file:`.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// Which.
    pub kind: FileRefKind,
    /// The file, as a display path (relative to the walk root, normalised).
    pub target: String,
    /// Whether the tool fails when it is missing (`required: false` turns that off).
    pub required: bool,
    /// Whether it exists.
    pub exists: bool,
    /// The service or config.
    pub scope: String,
    /// Where the entry is written.
    pub loc: Loc,
    /// Position in the service's `env_file:` list (later files win).
    pub order: usize,
}

/// A file that could not be used, and why (malformed YAML, base64 that does not decode …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The file.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What happened.
    pub message: String,
}

/// Everything collected from a tree.
#[derive(Debug, Default)]
pub struct Collection {
    /// Credential definitions.
    pub definitions: Vec<Definition>,
    /// References to variables defined elsewhere.
    pub references: Vec<Reference>,
    /// `env_file:` and `key_file:` links.
    pub file_refs: Vec<FileRef>,
    /// Compose services' `environment:` entries that override their `env_file:` values, by
    /// scope then variable (literal values and references alike).
    pub service_environment: BTreeMap<String, BTreeMap<String, Loc>>,
    /// Files skipped or partly read, and why.
    pub notes: Vec<Note>,
    /// Files that could not be read at all (I/O errors): the run cannot say it is clean.
    pub errors: Vec<Note>,
    /// Text of every file that holds a definition or reference, for snippets.
    pub texts: BTreeMap<String, String>,
    /// Byte ranges to mask in snippets, per file (every value collected, whatever its name).
    pub masks: BTreeMap<String, Vec<Range<usize>>>,
    /// Number of files read.
    pub files_read: usize,
    /// Variables declared by env templates (`.env.example`, `.env.sample`, `.env.template` …),
    /// as (directory, name): their values are placeholders, but what they name is expected
    /// to come from the environment.
    pub declared: std::collections::BTreeSet<(String, String)>,
    /// Configuration the program that reads it refuses (invalid YAML in a compose file, a
    /// mapping in an `environment:` list): the service does not start.
    pub invalid: Vec<Invalid>,
    /// LiveKit server configs with neither `keys:` nor `key_file:`.
    pub keyless_livekit: Vec<Loc>,
}

/// A configuration file (or part of one) its program refuses to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where.
    pub loc: Loc,
    /// What is wrong and what the program does about it.
    pub message: String,
    /// How to write it.
    pub help: String,
}

impl Collection {
    /// Records a byte range of `path` that must never be shown.
    pub fn mask(&mut self, path: &str, range: Range<usize>) {
        // One entry per file, many ranges: look up before allocating the key.
        match self.masks.get_mut(path) {
            Some(ranges) => ranges.push(range),
            None => {
                self.masks.insert(path.to_owned(), vec![range]);
            }
        }
    }

    /// Adds a definition (and masks its value in snippets).
    pub fn define(&mut self, d: Definition) {
        self.mask(&d.loc.path, d.loc.range.clone());
        self.definitions.push(d);
    }

    /// Adds everything `other` collected (files collected apart, e.g. in parallel).
    pub fn merge(&mut self, other: Collection) {
        self.definitions.extend(other.definitions);
        self.references.extend(other.references);
        self.file_refs.extend(other.file_refs);
        for (scope, vars) in other.service_environment {
            self.service_environment
                .entry(scope)
                .or_default()
                .extend(vars);
        }
        self.notes.extend(other.notes);
        self.errors.extend(other.errors);
        self.texts.extend(other.texts);
        for (path, ranges) in other.masks {
            self.masks.entry(path).or_default().extend(ranges);
        }
        self.files_read += other.files_read;
        self.declared.extend(other.declared);
        self.invalid.extend(other.invalid);
        self.keyless_livekit.extend(other.keyless_livekit);
    }

    /// Drops the text and masks of files that nothing points at (no definition, reference or
    /// file link): snippets are only cut from those, and a big tree of source files that merely
    /// hold strings should not stay in memory.
    pub fn prune(&mut self) {
        let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        used.extend(self.definitions.iter().map(|d| d.loc.path.as_str()));
        used.extend(self.references.iter().map(|r| r.loc.path.as_str()));
        used.extend(self.file_refs.iter().map(|f| f.loc.path.as_str()));
        used.extend(self.invalid.iter().map(|i| i.loc.path.as_str()));
        used.extend(self.keyless_livekit.iter().map(|l| l.path.as_str()));
        used.extend(
            self.service_environment
                .values()
                .flat_map(|vars| vars.values().map(|l| l.path.as_str())),
        );
        let used: std::collections::BTreeSet<String> =
            used.into_iter().map(str::to_owned).collect();
        self.texts.retain(|path, _| used.contains(path));
        self.masks.retain(|path, _| used.contains(path));
    }
}
