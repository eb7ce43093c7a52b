//! Command-line arguments: every clap type, and the neutral [`Source`] the source flags name.
//! Imports nothing of this crate: settings are built from these, never the other way.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use keylint_core::Severity;
pub use keylint_pipeline::Source;
pub use keylint_report::format::Format;

/// Finds API keys before they reach git, and checks key configuration.
#[derive(Debug, Parser)]
// `about` is the doc comment above, not the crate description (which describes the library).
#[command(name = "keylint", version, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// When to use colours (`NO_COLOR` is honoured by `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Config file to use instead of the discovered keylint.toml / Cargo.toml metadata.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any config file: built-in defaults and flags only.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files, directories (honouring .gitignore) or stdin (`-`) for hardcoded credentials.
    Scan(ScanArgs),
    /// Lint .env files: syntax, style and values (secret length, placeholders, provider formats,
    /// `LIVEKIT_KEYS` …); `--fix` applies safe fixes.
    Env(EnvArgs),
    /// Check that each credential has the same value everywhere it is defined (.env, compose,
    /// livekit.yaml, `LIVEKIT_KEYS`, Kubernetes, Dart/TS constants, workflows).
    Keys(KeysArgs),
    /// List the rules: id, severity, keywords.
    Rules(RulesArgs),
    /// Explain a rule: why it matters, what it matches (masked examples), how to fix a leak.
    Explain {
        /// Rule id, as listed by `keylint rules`.
        rule_id: String,
    },
    /// Move hardcoded secrets of Dart, TS/JS and docker-compose files into `.env` and rewrite
    /// the source to read the variable (`--dry-run` shows the diff first).
    Fix(FixArgs),
    /// Manage baselines of accepted findings.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Work on JSON reports: `report merge` joins one per repository into one report.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Install, remove or inspect keylint's native git hooks (pre-commit, pre-push).
    #[command(subcommand)]
    Hooks(HooksCommand),
    /// Run a git hook's check: what the hook scripts and the pre-commit framework call.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Is this key live? Reads ONE value from stdin (never from the command line, which lands
    /// in shell history) and asks the providers whose key format it has. Exit 0 live, 1
    /// invalid, 2 unknown or no provider recognises it.
    Verify(VerifyValueArgs),
    /// Write a commented keylint.toml template.
    Init {
        /// Where to write it.
        #[arg(default_value = "keylint.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

/// `--format`'s parser for a command: the report formats it has, each with the help it shows
/// there (`--help` lists them; the doc comments of [`Format`] are for the report crate).
fn formats(table: &'static [(Format, &'static str)]) -> impl TypedValueParser<Value = Format> {
    let values = table
        .iter()
        .filter_map(|&(format, help)| Some(format.to_possible_value()?.help(help)));
    PossibleValuesParser::new(values).try_map(|name| Format::from_str(&name, false))
}

const HUMAN: &str = "Snippets with masked secrets and fixes, for people";
const JSON: &str = "One versioned JSON document (see docs/json-schema.md)";
const SARIF: &str = "SARIF 2.1.0, for GitHub code scanning and other dashboards";

/// `keylint scan`'s formats (and `--report`'s, which takes them all).
const SCAN_FORMATS: &[(Format, &str)] = &[
    (Format::Human, HUMAN),
    (
        Format::Concise,
        "One line per finding or problem (`path:line:col: severity rule-id: message`)",
    ),
    (Format::Json, JSON),
    (
        Format::Jsonl,
        "One finding a line, each like an entry of the JSON document's `findings`",
    ),
    (Format::Sarif, SARIF),
    (
        Format::Github,
        "GitHub Actions annotations, plus a summary in $GITHUB_STEP_SUMMARY when set",
    ),
    (
        Format::Junit,
        "JUnit XML: one failing test case per finding",
    ),
    (Format::GitleaksJson, "The gitleaks JSON report array"),
];

/// `keylint env`'s formats.
const ENV_FORMATS: &[(Format, &str)] = &[
    (
        Format::Human,
        "Snippets with masked values and fixes, for people",
    ),
    (
        Format::Concise,
        "One line per problem (`path:line:col: severity code: message`), for editors and grep",
    ),
    (Format::Json, JSON),
    (
        Format::Jsonl,
        "One problem a line, each like an entry of the JSON document's `diagnostics`",
    ),
    (Format::Sarif, SARIF),
    (Format::Github, "GitHub Actions annotations"),
    (
        Format::Junit,
        "JUnit XML: one failing test case per problem",
    ),
];

/// `keylint keys`' formats.
const KEYS_FORMATS: &[(Format, &str)] = &[
    (
        Format::Human,
        "Snippets with masked values and every location, for people",
    ),
    (
        Format::Json,
        "One versioned JSON document (see docs/keys.md)",
    ),
    (
        Format::Sarif,
        "SARIF 2.1.0, one result per problem with its other places as related locations",
    ),
];

/// `keylint rules`' formats.
const RULES_FORMATS: &[(Format, &str)] = &[(Format::Human, HUMAN), (Format::Json, JSON)];

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Merge JSON reports of `keylint scan -f json` into one; exit codes as `scan`.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
#[command(mut_arg("format", |a| a.value_parser(formats(&[(Format::Json, JSON), (Format::Sarif, SARIF), (Format::Human, HUMAN)])).default_value("json")), mut_arg("fail_on", |a| a.help("Lowest severity that fails the run (exit code 1) [default: high]")))]
pub struct MergeArgs {
    /// JSON reports (`-`: stdin), labelled by file name, else by directory name when two share it.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<String>,
    /// Label REPORT's findings NAME (its repository) instead; repeatable.
    #[arg(long, short = 'l', value_name = "NAME=REPORT")]
    pub label: Vec<String>,
    #[command(flatten)]
    pub out: Output,
    #[command(flatten)]
    pub exit: Exit,
}

/// `--report FORMAT=FILE`: one more report written to a file.
#[derive(Debug, Clone)]
pub struct ReportSpec {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_report(s: &str) -> Result<ReportSpec, String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=FILE (e.g. sarif=keylint.sarif), got `{s}`"))?;
    if path.is_empty() {
        return Err(format!(
            "no file given for `{format}` (expected FORMAT=FILE)"
        ));
    }
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format `{format}` (one of: {})", names.join(", "))
    })?;
    Ok(ReportSpec {
        format,
        path: PathBuf::from(path),
    })
}

#[derive(Debug, Args)]
#[command(mut_arg("format", |a| a.value_parser(formats(SCAN_FORMATS))))]
pub struct ScanArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub out: Output,
    /// Also write a report in FORMAT to FILE (repeatable), e.g. `--report sarif=keylint.sarif`.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub report: Vec<ReportSpec>,
    /// Print secrets in full instead of masked (`sk-p…Q4xA`). Never use in CI logs.
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub exit: Exit,
    /// Do not check key consistency across the tree's files (`keylint keys`), which a scan of
    /// directories does by default (`[keys] in-scan`).
    #[arg(long)]
    pub no_keys: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// `--fail-on` and `--exit-zero`: `scan` and `report merge`.
#[derive(Debug, Args, Clone, Default)]
pub struct Exit {
    /// Lowest severity that fails the run (exit code 1) [default: high, or the config's].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Report findings but exit 0 (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
}

/// Live verification flags (README "Verify"): nothing is sent anywhere without them or
/// `[verify] enabled`.
#[derive(Debug, Args, Clone, Default)]
pub struct VerifyArgs {
    /// Ask each key's provider (its own HTTPS endpoint, read-only) whether the key is live.
    #[arg(long)]
    pub verify: bool,
    /// With verification: report only the keys a provider accepted.
    #[arg(long)]
    pub only_verified: bool,
    /// With verification: fail (exit 1) only for keys a provider accepted.
    #[arg(long)]
    pub fail_on_verified: bool,
    /// With verification: also ask servers named in the scanned text (beside a key pair) that
    /// resolve to loopback, private or link-local addresses, over plain http too.
    #[arg(long)]
    pub verify_allow_private: bool,
    /// Seconds to wait for each provider [default: 10, or `[verify] timeout`].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=120))]
    pub verify_timeout: Option<u64>,
}

/// `keylint verify`.
#[derive(Debug, Args)]
pub struct VerifyValueArgs {
    /// List the providers and the rules they verify, and exit.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// What to read and which rules run: shared by `scan` and `baseline create`.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Files or directories to scan (the repository for git modes); `-` reads stdin.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Scan the staged changes (the index about to be committed), only the lines they add.
    #[arg(long, conflicts_with_all = ["since", "range", "history"])]
    pub staged: bool,
    /// Scan every commit after REV up to HEAD (e.g. `origin/main` for a pull request).
    #[arg(long, value_name = "REV", conflicts_with_all = ["range", "history"])]
    pub since: Option<String>,
    /// Scan every commit of a range, e.g. `main..feature`.
    #[arg(long, value_name = "A..B", conflicts_with = "history")]
    pub range: Option<String>,
    /// Audit the whole history: every commit reachable from any ref, each unique blob once.
    #[arg(long)]
    pub history: bool,
    /// With --history: start from these branches or revisions instead of every ref; repeatable.
    #[arg(long, value_name = "REV", requires = "history")]
    pub branch: Vec<String>,
    /// Accept the findings recorded in FILE (keylint baseline or gitleaks JSON report).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Skip files larger than this (e.g. 10MiB) [default: 10MiB, or the config's].
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<keylint_core::config::ByteSize>,
    #[command(flatten)]
    pub exclude: Exclude,
    /// Rule id not to run; repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,
    /// Run only these rule ids; repeatable.
    #[arg(long, value_name = "RULE")]
    pub only: Vec<String>,
    /// Turn off the generic detector (secret-looking values assigned to secret-looking names).
    #[arg(long)]
    pub no_generic: bool,
    /// Also scan files ignored by .gitignore / .ignore.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, short = 'j', value_name = "N", value_parser = thread_count())]
    pub threads: Option<usize>,
    /// Name to give stdin content (selects the file syntax), e.g. `lib/app_config.dart`.
    #[arg(long, value_name = "PATH", default_value = "-")]
    pub stdin_path: String,
    /// Load the rules and allowlists of a gitleaks config (replaces `[extend] gitleaks`).
    #[arg(long, value_name = "FILE")]
    pub gitleaks_config: Option<PathBuf>,
    /// Accept the findings listed in a gitleaks ignore file [default: `.gitleaksignore` at the
    /// scan root, else at the repository root, when present].
    #[arg(long, value_name = "FILE")]
    pub gitleaks_ignore: Option<PathBuf>,
}

impl SourceArgs {
    /// What the flags say to read, whatever the command.
    pub fn to_source(&self) -> Source {
        let repo = || {
            self.paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."))
        };
        if self.staged {
            Source::Staged { repo: repo() }
        } else if let Some(spec) = self.range.as_ref().or(self.since.as_ref()) {
            Source::Range {
                repo: repo(),
                spec: spec.clone(),
            }
        } else if self.history {
            Source::History {
                repo: repo(),
                branches: self.branch.clone(),
            }
        } else if self.paths.iter().any(|p| p.as_os_str() == "-") {
            Source::Stdin {
                name: self.stdin_path.clone(),
                root: self
                    .paths
                    .first()
                    .filter(|p| p.as_os_str() != "-")
                    .map_or_else(|| PathBuf::from("."), Clone::clone),
                paths: self
                    .paths
                    .iter()
                    .filter(|p| p.as_os_str() != "-")
                    .cloned()
                    .collect(),
            }
        } else {
            Source::Paths(self.paths.clone())
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Record the current findings so later scans accept them (new secrets are still reported).
    Create {
        /// Baseline file to write.
        #[arg(
            long,
            short = 'o',
            value_name = "FILE",
            default_value = "keylint.baseline.json"
        )]
        output: PathBuf,
        #[command(flatten)]
        source: SourceArgs,
    },
}

#[derive(Debug, Args)]
#[command(
    mut_arg("format", |a| a.value_parser(formats(ENV_FORMATS))),
    mut_arg("fail_on", |a| a.help("Lowest severity that fails the run (exit code 1) [default: low, or `[env] fail-on`]")),
    mut_arg("baseline", |a| a.help(PROBLEMS_BASELINE)),
)]
pub struct EnvArgs {
    /// Env files or directories [default: every `.env*` file under `.`, ignored ones included].
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub out: Output,
    /// Run only this check (code or dotenv-linter name); repeatable.
    #[arg(long, value_name = "CODE")]
    pub check: Vec<String>,
    /// Do not run this check; repeatable.
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
    /// Apply safe fixes in place (atomic writes; permissions and line endings kept).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (renaming keys, commenting out duplicates).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are some).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    #[command(flatten)]
    pub gate: Gate,
    /// Report problems but exit 0 (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// List the checks and exit.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories to fix.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Print the changes as unified diffs (secrets masked) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply the changes without asking (required when there is no terminal).
    #[arg(long, short = 'y', conflicts_with = "dry_run")]
    pub yes: bool,
    /// Fix only the findings of this rule id; repeatable.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// The env file that receives every secret [default: the `.env` of the package that owns
    /// each file; `.env.client` beside a Flutter app's pubspec.yaml].
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum HooksCommand {
    /// Install the pre-commit hook (and the pre-push hook with --pre-push) where git looks for
    /// hooks (`core.hooksPath`, worktrees); an existing foreign hook is kept as `<name>.legacy`
    /// and run first.
    Install {
        /// Also install the pre-push hook (scans the commits being pushed).
        #[arg(long)]
        pre_push: bool,
        /// Replace an existing `<name>.legacy` (a foreign hook is moved there otherwise).
        #[arg(long)]
        force: bool,
    },
    /// Remove keylint's hooks and put back the hooks they replaced.
    Uninstall,
    /// Show where the hooks live and which are installed.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Check what is about to be committed (the index, never the working tree). With FILES,
    /// only the staged version of those files (as the pre-commit framework passes them).
    PreCommit {
        /// Files to check, relative to the current directory [default: every staged file].
        files: Vec<PathBuf>,
        #[command(flatten)]
        tune: HookTuning,
    },
    /// Check the commits being pushed: git's pre-push input on stdin, or the pre-commit
    /// framework's `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`.
    PrePush {
        /// Remote name, as git passes it.
        remote: Option<String>,
        /// Remote URL, as git passes it.
        url: Option<String>,
        #[command(flatten)]
        tune: HookTuning,
    },
}

/// What a hook user may tune (the pre-commit framework's `args:`).
#[derive(Debug, Args, Clone)]
#[command(
    mut_arg("fail_on", |a| a.help("Lowest severity that blocks [default: high, or the config's]")),
    mut_arg("exclude", |a| a.help("Glob of paths not to check; repeatable")),
)]
pub struct HookTuning {
    #[command(flatten)]
    pub gate: Gate,
    #[command(flatten)]
    pub exclude: Exclude,
    /// Rule id not to run; repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,
    /// Turn off the generic detector.
    #[arg(long)]
    pub no_generic: bool,
    /// Skip files larger than this [default: 10MiB, or the config's].
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<keylint_core::config::ByteSize>,
}

#[derive(Debug, Args)]
#[command(
    mut_arg("format", |a| a.value_parser(formats(KEYS_FORMATS))),
    mut_arg("fail_on", |a| a.help("Lowest severity that fails the run (exit code 1) [default: medium, or `[keys] fail-on`]")),
    mut_arg("exclude", |a| a.help("Glob (relative to the checked directory) of paths not to read; repeatable")),
    mut_arg("baseline", |a| a.help(PROBLEMS_BASELINE)),
)]
pub struct KeysArgs {
    /// Files or directories to check [default: `.`]; `.env*` files are read even when ignored.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub out: Output,
    #[command(flatten)]
    pub gate: Gate,
    /// Do not report this problem code (`mismatch`, `duplicated-secret` …); repeatable.
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub exclude: Exclude,
    /// Report problems but exit 0 (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
}

/// What decides a run's outcome: the failing severity and the accepted findings (`env`, `keys`
/// and the hooks; each command words the help of its own defaults).
#[derive(Debug, Args, Clone, Default)]
pub struct Gate {
    /// Lowest severity that fails the run (exit code 1) [default: high, or the config's].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Accept the findings recorded in FILE (keylint baseline or gitleaks JSON report).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// `--format` and `--output`: `scan`, `env` and `keys` (each lists the formats it has with
/// `mut_arg`).
#[derive(Debug, Args, Clone)]
pub struct Output {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--exclude`: `scan`, `baseline create`, `keys` and the hooks.
#[derive(Debug, Args, Clone, Default)]
pub struct Exclude {
    /// Glob (relative to the scanned directory) of paths not to read; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

/// `--baseline`'s help on the commands that report problems (`env`, `keys`).
const PROBLEMS_BASELINE: &str = "Accept the problems recorded in FILE (`keylint baseline create`)";

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', default_value = "human", value_parser = formats(RULES_FORMATS))]
    pub format: Format,
}

/// Most worker threads `-j` accepts: far more than any machine keylint runs on has cores, and
/// few enough that spawning them (each git reader opens the repository) stays instant.
pub const MAX_THREADS: u64 = 256;

/// `-j`'s parser: 1 to [`MAX_THREADS`].
fn thread_count() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_THREADS)
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
        .map_err(|e: keylint_core::UnknownSeverity| e.to_string())
}
