use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind, dfa};
use globset::{Glob, GlobSet, GlobSetBuilder};
use keylint_core::allow::AllowMarker;
use keylint_core::config::{Condition, RegexTarget};
use keylint_core::rule::{CredentialKind, RuleSpec, SecretGroup};
use keylint_core::{Finding, Fingerprint, Language, Location, Severity};
use regex::bytes::Regex;

use crate::context::{self, Evidence};
use crate::lines::LineIndex;
use crate::place::Place;
use crate::window::{self, Windows};
use crate::{checksum, devcred, generic, placeholder, randomness};

/// Longest snippet kept around a secret on a very long line (minified code), in bytes each side.
const SNIPPET_CONTEXT: usize = 80;

/// Most findings one rule reports in one file. Past it the file is a dump or a generated
/// fixture, not a config: more findings would only cost time and memory (a custom rule that
/// matches every character would otherwise make one finding per byte). [`Scanned::capped`]
/// names the rules that reached it.
pub const MAX_FINDINGS_PER_RULE: usize = 1000;

/// What [`Engine::scan_blob`] found in one blob.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The findings, sorted by position.
    pub findings: Vec<Finding>,
    /// Ids of the rules that matched more than [`MAX_FINDINGS_PER_RULE`] times: only their
    /// first [`MAX_FINDINGS_PER_RULE`] matches are in `findings`.
    pub capped: Vec<String>,
}

/// Why an engine could not be built from a set of rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// A rule's pattern does not compile, or has no secret group.
    #[error("rule `{rule_id}`: {message}")]
    Pattern {
        /// The rule.
        rule_id: String,
        /// What is wrong.
        message: String,
    },
    /// A path glob does not parse.
    #[error("invalid glob `{glob}`: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// What is wrong.
        message: String,
    },
}

/// What the user accepts: findings in these paths, secrets matching these regexes or containing
/// these words, findings of these commits are dropped.
///
/// Each criterion that is set is one test; with [`Condition::Or`] one passing test drops the
/// finding, with [`Condition::And`] all of them must pass. Limited to `rules` when not empty.
#[derive(Debug, Default)]
pub struct Allowlist {
    /// Path globs.
    pub paths: Option<GlobSet>,
    /// Regexes searched in the path (gitleaks' `paths`); a path test like `paths`.
    pub path_regexes: Vec<regex::Regex>,
    /// Regexes on the [`RegexTarget`].
    pub regexes: Vec<regex::Regex>,
    /// What `regexes` are matched against.
    pub regex_target: RegexTarget,
    /// Lowercase words; a secret containing one is dropped.
    pub stopwords: Vec<String>,
    /// Full commit ids (lowercase); findings read from these commits are dropped.
    pub commits: Vec<String>,
    /// How the tests combine.
    pub condition: Condition,
    /// Rule ids this allowlist applies to (empty: every rule).
    pub rules: Vec<String>,
}

/// A finding about to be reported, as allowlists see it.
struct Candidate<'a> {
    rule_id: &'a str,
    secret: &'a str,
    /// The whole regex match, in `blob.content`.
    matched: Range<usize>,
}

/// The content being scanned and where it comes from.
#[derive(Clone, Copy)]
struct Source<'a> {
    path: &'a str,
    content: &'a [u8],
    commit: Option<&'a str>,
}

impl Allowlist {
    fn path_test(&self, path: &str) -> Option<bool> {
        (self.paths.is_some() || !self.path_regexes.is_empty()).then(|| {
            self.paths.as_ref().is_some_and(|set| set.is_match(path))
                || self.path_regexes.iter().any(|re| re.is_match(path))
        })
    }

    fn commit_test(&self, commit: Option<&str>) -> Option<bool> {
        (!self.commits.is_empty())
            .then(|| commit.is_some_and(|c| self.commits.iter().any(|a| a.eq_ignore_ascii_case(c))))
    }

    fn regex_test(&self, source: Source<'_>, c: &Candidate<'_>) -> Option<bool> {
        if self.regexes.is_empty() {
            return None;
        }
        let text: Cow<'_, str> = match self.regex_target {
            RegexTarget::Secret => Cow::Borrowed(c.secret),
            RegexTarget::Match => String::from_utf8_lossy(&source.content[c.matched.clone()]),
            RegexTarget::Line => {
                String::from_utf8_lossy(&source.content[lines_around(source.content, &c.matched)])
            }
        };
        Some(self.regexes.iter().any(|re| re.is_match(&text)))
    }

    fn stopword_test(&self, secret: &str) -> Option<bool> {
        (!self.stopwords.is_empty()).then(|| contains_any_word(secret, &self.stopwords))
    }

    fn applies_to(&self, rule_id: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule_id)
    }

    /// Whether this allowlist drops `c`.
    fn allows(&self, source: Source<'_>, c: &Candidate<'_>) -> bool {
        if !self.applies_to(c.rule_id) {
            return false;
        }
        let tests: [&dyn Fn() -> Option<bool>; 4] = [
            &|| self.path_test(source.path),
            &|| self.commit_test(source.commit),
            &|| self.stopword_test(c.secret),
            &|| self.regex_test(source, c),
        ];
        match self.condition {
            Condition::Or => tests.iter().any(|t| t() == Some(true)),
            Condition::And => {
                let mut any = false;
                for t in tests {
                    match t() {
                        Some(false) => return false,
                        Some(true) => any = true,
                        None => {}
                    }
                }
                any
            }
        }
    }

    /// Whether this allowlist drops every finding of a file (its path or commit is allowed
    /// for every rule), so the file need not be scanned.
    fn allows_whole_file(&self, path: &str, commit: Option<&str>) -> bool {
        self.rules.is_empty()
            && self.condition == Condition::Or
            && (self.path_test(path) == Some(true) || self.commit_test(commit) == Some(true))
    }
}

/// The whole lines holding `range` (gitleaks' `Line`), without the final line break.
fn lines_around(content: &[u8], range: &Range<usize>) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &content[..range.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &content[range.end..]).map_or(content.len(), |i| range.end + i);
    start..end
}

/// Engine settings beyond the rules.
#[derive(Debug)]
pub struct EngineOptions {
    /// Whether the generic detector runs.
    pub generic: bool,
    /// Accepted findings: a finding any of them allows is dropped.
    pub allowlists: Vec<Allowlist>,
    /// Severity by rule id, replacing the rule's own.
    pub severity_overrides: HashMap<String, Severity>,
    /// Rule ids (built-in, custom or generic) that do not run.
    pub disabled: Vec<String>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            generic: true,
            allowlists: Vec::new(),
            severity_overrides: HashMap::new(),
            disabled: Vec::new(),
        }
    }
}

/// Whether a rule is a regex or the generic detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// A regex rule from the catalog or the config.
    Pattern,
    /// The syntax-aware generic detector.
    Generic,
}

/// What `keylint rules` and `keylint explain` show of a rule.
#[derive(Debug, Clone)]
pub struct RuleDoc<'a> {
    /// Rule id.
    pub id: &'a str,
    /// Human name.
    pub name: &'a str,
    /// Why it matters.
    pub description: &'a str,
    /// Effective severity.
    pub severity: Severity,
    /// Prefilter keywords.
    pub keywords: Vec<&'a str>,
    /// Rotation guidance.
    pub rotate: Option<&'a str>,
    /// The pattern (regex rules).
    pub pattern: Option<&'a str>,
    /// Examples that must match.
    pub examples: Vec<String>,
    /// Path globs the rule is limited to (empty: every path).
    pub paths: Vec<&'a str>,
    /// Kind of rule.
    pub kind: RuleKind,
}

impl RuleDoc<'_> {
    /// The file name and text under which `example` of this rule is scanned: generic examples
    /// may name their file (`path.ext: line`, Dart otherwise); rules limited to some paths use
    /// their first glob made concrete.
    pub fn example_input<'e>(&self, example: &'e str) -> (String, &'e str) {
        if self.kind == RuleKind::Generic {
            let (path, line) = example
                .split_once(": ")
                .filter(|(p, _)| p.contains('.') && !p.contains(' '))
                .unwrap_or(("lib/app_config.dart", example));
            return (path.to_owned(), line);
        }
        let path = self.paths.first().map_or_else(
            || "src/config.txt".to_owned(),
            |glob| {
                glob.trim_start_matches("**/")
                    .replace("**", "x")
                    .replace('*', "x")
            },
        );
        (path, example)
    }
}

struct CompiledRule {
    spec: RuleSpec,
    severity: Severity,
    regex: OnceLock<(Regex, SecretGroup)>,
    /// The longest match when every match holds a keyword (see [`crate::window`]), read from
    /// the pattern on first use.
    reach: OnceLock<Option<window::Reach>>,
    /// The keyword automaton's patterns for this rule's keywords.
    keyword_ids: Vec<usize>,
    /// Where the rule applies; built on first use for built-in rules (see [`CompiledRule::new`]).
    limits: OnceLock<PathLimits>,
    stopwords: Vec<String>,
}

/// A rule's path filters, compiled.
struct PathLimits {
    paths: Option<GlobSet>,
    path_regex: Option<regex::Regex>,
    exclude_paths: Option<GlobSet>,
}

impl PathLimits {
    fn of(spec: &RuleSpec) -> Result<PathLimits, EngineError> {
        let path_regex = match &spec.path_regex {
            None => None,
            Some(re) => Some(
                regex::RegexBuilder::new(re)
                    .size_limit(keylint_rules::REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| EngineError::Pattern {
                        rule_id: spec.id.clone(),
                        message: format!("path-regex does not compile: {e}"),
                    })?,
            ),
        };
        Ok(PathLimits {
            paths: globset(&spec.paths)?,
            path_regex,
            exclude_paths: globset(&spec.exclude_paths)?,
        })
    }
}

impl CompiledRule {
    /// Compiles what a rule needs up front: its globs and path regex, unless they are a
    /// built-in rule's, and its pattern, unless it is a built-in pattern.
    fn new(spec: RuleSpec, severity: Severity) -> Result<CompiledRule, EngineError> {
        // Compiling a regex costs 0.1–10 ms (Unicode classes, bounded repeats), and a run
        // usually triggers a fraction of the catalog: built-in patterns and path filters,
        // validated by the catalog's tests, are compiled on first use only (the globs of the
        // 34 path-limited built-in rules were a sixth of a hook's start-up); other ones are
        // compiled here, to report errors up front, and the result is kept.
        let regex = OnceLock::new();
        let limits = OnceLock::new();
        if !has_builtin_path_limits(&spec) {
            let _ = limits.set(PathLimits::of(&spec)?);
        }
        let error = |message: String| EngineError::Pattern {
            rule_id: spec.id.clone(),
            message,
        };
        if spec.pattern.is_none() {
            if spec.paths.is_empty() && spec.path_regex.is_none() {
                return Err(error(
                    "a rule needs a pattern (or paths / path-regex for a path-only rule)".into(),
                ));
            }
        } else if !is_builtin_pattern(&spec) {
            let _ = regex.set(compile(&spec).map_err(error)?);
        }
        Ok(CompiledRule {
            limits,
            stopwords: spec
                .stopwords
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            severity,
            regex,
            reach: OnceLock::new(),
            keyword_ids: Vec::new(),
            spec,
        })
    }
    /// The compiled regex and its secret group, compiled on first use. Patterns were checked
    /// when the engine was built, and path-only rules never get here, so this cannot fail.
    fn regex(&self) -> &(Regex, SecretGroup) {
        self.regex.get_or_init(|| {
            #[cfg(feature = "rule-stats")]
            let start = std::time::Instant::now();
            let compiled = compile(&self.spec).expect("pattern validated in Engine::new");
            #[cfg(feature = "rule-stats")]
            crate::stats::compiled(&self.spec.id, start.elapsed());
            compiled
        })
    }

    /// The longest match of the pattern, when every match holds one of the rule's keywords
    /// (so it can be searched for around keyword hits only).
    fn reach(&self) -> Option<window::Reach> {
        *self.reach.get_or_init(|| {
            self.spec
                .pattern
                .as_ref()
                .and_then(|p| window::reach(p.get_ref(), &self.spec.keywords))
        })
    }

    /// Applies a rule's filters to a secret; returns the severity to report at, or `None` to drop.
    fn judge(&self, secret: &str) -> Option<Severity> {
        let rule = self;
        let spec = &rule.spec;
        if spec
            .min_entropy
            .is_some_and(|min| randomness::shannon_entropy(secret) < min)
            || !spec.require.iter().all(|class| class.is_in(secret))
            || spec
                .max_word_share
                .is_some_and(|max| generic::words::word_share(secret) >= max)
            || (spec.placeholder_filter && placeholder::is_placeholder(secret))
            || contains_any_word(secret, &rule.stopwords)
        {
            return None;
        }
        match spec.checksum {
            // A wrong checksum means a look-alike (test fixture, fake): keep it visible, but low.
            Some(kind) if !checksum::verify(kind, secret) => Some(Severity::Low.min(rule.severity)),
            _ => Some(rule.severity),
        }
    }

    /// How distinctive a match of this rule is: the rule's kind (`kind` in its file, or the
    /// one its checksum, keywords and name make unambiguous).
    fn evidence(&self) -> Evidence {
        match self.spec.credential_kind() {
            CredentialKind::Format => Evidence::Format,
            CredentialKind::Named => Evidence::Named,
            CredentialKind::Slot => Evidence::Slot,
        }
    }

    fn applies_to(&self, path: &str) -> bool {
        let limits = self.limits.get_or_init(|| {
            // A built-in rule's filters were validated by the catalog's tests; were one not to
            // build, the rule would apply nowhere rather than everywhere.
            PathLimits::of(&self.spec).unwrap_or_else(|_| PathLimits {
                paths: Some(GlobSet::empty()),
                path_regex: None,
                exclude_paths: None,
            })
        });
        limits.paths.as_ref().is_none_or(|set| set.is_match(path))
            && limits
                .path_regex
                .as_ref()
                .is_none_or(|re| re.is_match(path))
            && !limits
                .exclude_paths
                .as_ref()
                .is_some_and(|set| set.is_match(path))
    }
}

/// Who a keyword of the prefilter belongs to.
#[derive(Debug, Default, Clone)]
struct KeywordOwners {
    rules: Vec<usize>,
    /// Rules that want this keyword in its exact case, with that spelling.
    exact_rules: Vec<(usize, Box<[u8]>)>,
    generic: bool,
}

/// Who uses a keyword: a rule (with the exact spelling when it is case-sensitive) or the generic
/// detector.
enum KeywordUse {
    Rule(usize, Option<Box<[u8]>>),
    Generic,
}

/// Bytes an engine scans with the keyword NFA before it builds the keyword DFA.
///
/// For the whole catalog's keywords the DFA costs about as many instructions to build as the
/// NFA spends more than the DFA on 2 MB of content (callgrind, see `docs/performance.md`).
/// Switching after a tenth of that keeps a tree scan within a few percent of DFA-only, and a
/// hook or a one-file scan never pays for the DFA.
const KEYWORD_DFA_AFTER: u64 = 256 << 10;

/// Bytes of a keyword the keyword automaton holds; the rest is compared at each hit.
///
/// The automaton's size (and the DFA's construction, which a tree scan pays) grows with the
/// keywords' distinct prefixes: 8,726 trie states for the whole catalog's 1,570 keywords, 5,914
/// when cut to 8 bytes. Keywords sharing their first 8 bytes share one automaton pattern.
const KEYWORD_PREFIX: usize = 8;

/// The keyword prefilter: one Aho-Corasick pass over all keywords of all rules. A contiguous NFA
/// (cheap to build) serves the first [`KEYWORD_DFA_AFTER`] bytes; past them a DFA (about twice
/// as fast a search, several times the construction) is built once and serves the rest. Both
/// are built from the same trie (kept for the DFA), so they report the same matches.
///
/// The automata hold each keyword's first [`KEYWORD_PREFIX`] bytes; a hit of a prefix is a hit
/// of each keyword with that prefix whose remaining bytes follow (ASCII case-insensitively, as
/// the automaton compares), so every occurrence of every keyword is reported once, as an
/// automaton of the whole keywords would.
///
/// The search is [`each_hit`]'s loop over the automaton, not `find_overlapping_iter`: the same
/// matches without the iterator's per-byte bookkeeping (the keyword pass was the largest cost
/// of a tree scan).
struct Keywords {
    trie: noncontiguous::NFA,
    nfa: contiguous::NFA,
    dfa: OnceLock<dfa::DFA>,
    /// By automaton pattern: the keywords (index, lowercase text) starting with it.
    completions: Vec<Vec<(usize, Box<[u8]>)>>,
    scanned: AtomicU64,
}

impl Keywords {
    /// The prefilter of `keywords` (lowercase); hits name keywords by their index there.
    fn new(keywords: &[String]) -> Keywords {
        let mut prefixes: Vec<&[u8]> = Vec::new();
        let mut completions: Vec<Vec<(usize, Box<[u8]>)>> = Vec::new();
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        for (i, keyword) in keywords.iter().enumerate() {
            let bytes = keyword.as_bytes();
            let prefix = &bytes[..bytes.len().min(KEYWORD_PREFIX)];
            let slot = *index.entry(prefix).or_insert_with(|| {
                prefixes.push(prefix);
                completions.push(Vec::new());
                prefixes.len() - 1
            });
            completions[slot].push((i, bytes.into()));
        }
        // ASCII case-insensitive, every occurrence of every prefix (`Standard`, searched
        // overlapping), no prefilter: with hundreds of keywords there would be none anyway, and
        // without one the start state is not a special state the loop must stop at.
        let trie = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&prefixes)
            .expect("keyword automaton within limits");
        let nfa = contiguous::Builder::new()
            .build_from_noncontiguous(&trie)
            .expect("keyword automaton within limits");
        Keywords {
            trie,
            nfa,
            dfa: OnceLock::new(),
            completions,
            scanned: AtomicU64::new(0),
        }
    }

    /// Calls `hit` with the keyword index and range of every keyword occurrence in `content`,
    /// overlapping ones included (in no particular order).
    fn each_hit(&self, content: &[u8], mut hit: impl FnMut(usize, Range<usize>)) {
        let mut complete = |prefix: usize, start: usize| {
            for (keyword, text) in &self.completions[prefix] {
                let end = start + text.len();
                if content
                    .get(start..end)
                    .is_some_and(|found| found.eq_ignore_ascii_case(text))
                {
                    hit(*keyword, start..end);
                }
            }
        };
        if let Some(dfa) = self.dfa.get() {
            return each_hit(dfa, content, &mut complete);
        }
        let len = u64::try_from(content.len()).unwrap_or(u64::MAX);
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before.saturating_add(len) > KEYWORD_DFA_AFTER {
            let dfa = self.dfa.get_or_init(|| {
                dfa::Builder::new()
                    .build_from_noncontiguous(&self.trie)
                    .expect("keyword automaton within limits")
            });
            each_hit(dfa, content, &mut complete);
        } else {
            each_hit(&self.nfa, content, &mut complete);
        }
    }
}

/// Every occurrence of every pattern of `aut` (built with [`MatchKind::Standard`] and an
/// unanchored start) in `content`, as `hit(pattern, start)`: the matches of a state are those
/// ending at the byte that led to it, as the automaton's overlapping search reports them.
#[inline]
fn each_hit<A: Automaton>(aut: &A, content: &[u8], hit: &mut impl FnMut(usize, usize)) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    let mut report = |sid, end: usize| {
        for i in 0..aut.match_len(sid) {
            let pattern = aut.match_pattern(sid, i);
            hit(pattern.as_usize(), end - aut.pattern_len(pattern));
        }
    };
    if aut.is_match(sid) {
        report(sid, 0);
    }
    for (at, &byte) in content.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                report(sid, at + 1);
            }
        }
    }
}

/// The compiled scanner. Build once, share across threads (`Engine: Sync`), call [`Engine::scan`]
/// per blob.
pub struct Engine {
    rules: Vec<CompiledRule>,
    keywords: Keywords,
    owners: Vec<KeywordOwners>,
    keywordless: Vec<usize>,
    /// Path-only rules (no pattern): they flag the files they apply to.
    path_rules: Vec<usize>,
    generic: Vec<Option<Severity>>,
    allowlists: Vec<Allowlist>,
    /// What the allowlists dropped so far (see [`Engine::allowed_so_far`]).
    allowed: AllowedCounters,
    /// Every rule's path filters at once, built by the first [`Engine::path_key`].
    path_filters: OnceLock<PathFilters>,
}

#[cfg(feature = "rule-stats")]
impl Drop for Engine {
    fn drop(&mut self) {
        crate::stats::write();
    }
}

/// The path filters of all rules, for [`Engine::path_key`]: whether a rule applies to a path
/// depends only on which of its globs match the path and on its path regex, so one search of
/// all globs plus the few path regexes tells it for every rule.
struct PathFilters {
    /// The `paths` and `exclude-paths` globs of every rule.
    globs: GlobSet,
    /// Rules with a path regex.
    regex_rules: Vec<usize>,
}

impl PathFilters {
    /// `None` when a glob does not build (it built in [`CompiledRule::new`], so it does).
    fn new(rules: &[CompiledRule]) -> Option<PathFilters> {
        let mut builder = GlobSetBuilder::new();
        for rule in rules {
            for glob in rule.spec.paths.iter().chain(&rule.spec.exclude_paths) {
                builder.add(Glob::new(glob).ok()?);
            }
        }
        Some(PathFilters {
            globs: builder.build().ok()?,
            regex_rules: (0..rules.len())
                .filter(|&i| rules[i].spec.path_regex.is_some())
                .collect(),
        })
    }
}

/// Counters of what the config's allowlists dropped, updated from the scanning threads.
#[derive(Debug, Default)]
struct AllowedCounters {
    findings: AtomicU64,
    files: AtomicU64,
}

/// What the config's allowlists dropped during the scans of an [`Engine`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllowedCounts {
    /// Matches dropped one by one (their path, commit, secret or line is allowed).
    pub findings: u64,
    /// Files not scanned at all because their path or commit is allowed for every rule.
    pub files: u64,
}

/// The keyword hits of one content that belong to rules, by keyword.
#[derive(Default)]
struct RuleHits {
    /// (keyword, hit), in the order found; sorted by keyword on first [`RuleHits::of`].
    hits: Vec<(usize, Range<usize>)>,
    sorted: bool,
}

impl RuleHits {
    fn push(&mut self, keyword: usize, hit: Range<usize>) {
        self.hits.push((keyword, hit));
    }

    /// The hits of `keywords`, sorted by start.
    fn of(&mut self, keywords: &[usize]) -> Vec<Range<usize>> {
        if !self.sorted {
            self.hits.sort_by_key(|(k, h)| (*k, h.start));
            self.sorted = true;
        }
        let mut out = Vec::new();
        for &k in keywords {
            let from = self.hits.partition_point(|(x, _)| *x < k);
            let to = self.hits.partition_point(|(x, _)| *x <= k);
            out.extend(self.hits[from..to].iter().map(|(_, h)| h.clone()));
        }
        if keywords.len() > 1 {
            out.sort_by_key(|h| h.start);
        }
        out
    }
}

/// A match before filtering: which rule, where the secret is, how much context the rule needed.
struct RawMatch {
    rule: RuleRef,
    secret: Range<usize>,
    whole_len: usize,
    priority: i8,
    severity: Severity,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RuleRef {
    Pattern(usize),
    Generic(usize),
}

impl Engine {
    /// An engine with every built-in rule and default options.
    pub fn builtin() -> Engine {
        Engine::new(keylint_rules::builtin().to_vec(), EngineOptions::default())
            .expect("built-in rules are validated by tests")
    }

    /// Builds an engine. Patterns are validated here (and compiled lazily on first use).
    pub fn new(specs: Vec<RuleSpec>, options: EngineOptions) -> Result<Engine, EngineError> {
        let disabled = |id: &str| options.disabled.iter().any(|d| d == id);
        let mut rules = Vec::new();
        for spec in specs.into_iter().filter(|s| !disabled(&s.id)) {
            let severity = options
                .severity_overrides
                .get(&spec.id)
                .copied()
                .unwrap_or(spec.severity);
            rules.push(CompiledRule::new(spec, severity)?);
        }
        let generic: Vec<Option<Severity>> = generic::RULES
            .iter()
            .map(|g| {
                (options.generic && !disabled(g.id)).then(|| {
                    options
                        .severity_overrides
                        .get(g.id)
                        .copied()
                        .unwrap_or(g.severity)
                })
            })
            .collect();

        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<KeywordOwners> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut owner_of = |word: &str| -> usize {
            let word = word.to_ascii_lowercase();
            *index.entry(word.clone()).or_insert_with(|| {
                patterns.push(word);
                owners.push(KeywordOwners::default());
                owners.len() - 1
            })
        };
        let mut keyword_slots: Vec<(usize, KeywordUse)> = Vec::new();
        let mut keywordless = Vec::new();
        let mut path_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.spec.pattern.is_none() {
                path_rules.push(i);
                continue;
            }
            if rule.spec.keywords.is_empty() {
                keywordless.push(i);
            }
            for k in &rule.spec.keywords {
                let exact = rule
                    .spec
                    .keywords_case_sensitive
                    .then(|| k.as_bytes().into());
                keyword_slots.push((owner_of(k), KeywordUse::Rule(i, exact)));
            }
        }
        if generic.iter().any(Option::is_some) {
            for k in generic::KEYWORDS {
                keyword_slots.push((owner_of(k), KeywordUse::Generic));
            }
        }
        for (slot, rule) in keyword_slots {
            match rule {
                KeywordUse::Rule(i, exact) => {
                    rules[i].keyword_ids.push(slot);
                    match exact {
                        None => owners[slot].rules.push(i),
                        Some(exact) => owners[slot].exact_rules.push((i, exact)),
                    }
                }
                KeywordUse::Generic => owners[slot].generic = true,
            }
        }
        let keywords = Keywords::new(&patterns);
        Ok(Engine {
            rules,
            keywords,
            owners,
            keywordless,
            path_rules,
            generic,
            allowlists: options.allowlists,
            allowed: AllowedCounters::default(),
            path_filters: OnceLock::new(),
        })
    }

    /// What the config's allowlists dropped in the scans so far.
    pub fn allowed_so_far(&self) -> AllowedCounts {
        AllowedCounts {
            findings: self.allowed.findings.load(Ordering::Relaxed),
            files: self.allowed.files.load(Ordering::Relaxed),
        }
    }

    /// A key for everything about `path` that decides what a scan of some content under it
    /// reports, besides the content: which allowlists' path tests pass, which path-limited rules
    /// apply, the syntax the generic detector reads. Content scanned under one path is judged
    /// the same under another path with the same key (history audits scan a blob once per key).
    pub fn path_key(&self, path: &str) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for allowlist in &self.allowlists {
            allowlist.path_test(path).hash(&mut hasher);
        }
        self.rules_applying_to(path).hash(&mut hasher);
        Language::from_path(path).hash(&mut hasher);
        is_source_map(path).hash(&mut hasher);
        Place::of(path).hash(&mut hasher);
        devcred::is_production_path(path).hash(&mut hasher);
        hasher.finish()
    }

    /// Which rules apply to `path`, in a form equal for two paths only when the same rules
    /// apply to both: the indices of the rule globs matching it and the path regexes' answers
    /// (one glob search, not one per rule: history audits ask for every changed path of every
    /// commit).
    fn rules_applying_to(&self, path: &str) -> (Vec<usize>, Vec<bool>) {
        let filters = self.path_filters.get_or_init(|| {
            PathFilters::new(&self.rules).unwrap_or_else(|| PathFilters {
                globs: GlobSet::empty(),
                regex_rules: (0..self.rules.len()).collect(),
            })
        });
        let regexes = filters
            .regex_rules
            .iter()
            .map(|&i| self.rules[i].applies_to(path))
            .collect();
        (filters.globs.matches(path), regexes)
    }

    /// Whether the allowlists drop every finding of the file at `path` (read from `commit`),
    /// counted when they do.
    fn allows_whole_file(&self, path: &str, commit: Option<&str>) -> bool {
        let allowed = self
            .allowlists
            .iter()
            .any(|a| a.allows_whole_file(path, commit));
        if allowed {
            self.allowed.files.fetch_add(1, Ordering::Relaxed);
        }
        allowed
    }

    /// Number of active regex rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Documentation of every active rule (regex rules, then generic ones).
    pub fn rule_docs(&self) -> Vec<RuleDoc<'_>> {
        let mut docs: Vec<RuleDoc<'_>> = self
            .rules
            .iter()
            .map(|r| RuleDoc {
                id: &r.spec.id,
                name: &r.spec.name,
                description: &r.spec.description,
                severity: r.severity,
                keywords: r.spec.keywords.iter().map(String::as_str).collect(),
                rotate: r.spec.rotate.as_deref(),
                pattern: r.spec.pattern.as_ref().map(|p| p.get_ref().as_str()),
                examples: r.spec.examples.clone(),
                paths: r.spec.paths.iter().map(String::as_str).collect(),
                kind: RuleKind::Pattern,
            })
            .collect();
        for (rule, severity) in generic::RULES.iter().zip(&self.generic) {
            if let Some(severity) = severity {
                docs.push(RuleDoc {
                    id: rule.id,
                    name: rule.name,
                    description: rule.description,
                    severity: *severity,
                    keywords: generic::KEYWORDS.to_vec(),
                    rotate: None,
                    pattern: None,
                    examples: generic::examples(rule.id).examples,
                    paths: Vec::new(),
                    kind: RuleKind::Generic,
                });
            }
        }
        docs
    }

    /// Scans one blob. `path` is relative to the scan root with `/` separators; it selects
    /// path-limited rules, the file's syntax for the generic detector, and goes in the findings.
    /// Findings are sorted by position.
    pub fn scan(&self, path: &str, content: &[u8]) -> Vec<Finding> {
        self.scan_in_commit(path, content, None)
    }

    /// [`Engine::scan`] for a blob read from `commit` (full id), which allowlists of commits
    /// look at.
    pub fn scan_in_commit(&self, path: &str, content: &[u8], commit: Option<&str>) -> Vec<Finding> {
        self.scan_blob(path, content, commit).findings
    }

    /// [`Engine::scan_in_commit`], also saying which rules reached [`MAX_FINDINGS_PER_RULE`]
    /// in this blob (what a report must mention: the file holds more than it shows).
    pub fn scan_blob(&self, path: &str, content: &[u8], commit: Option<&str>) -> Scanned {
        if self.allows_whole_file(path, commit) {
            return Scanned::default();
        }
        let source = Source {
            path,
            content,
            commit,
        };
        let mut findings = self.path_findings(source);
        let mut capped = Vec::new();
        findings.extend(self.scan_content(source, &mut capped));
        Scanned { findings, capped }
    }

    /// Whether some rules flag files by path alone (see [`Engine::scan_path`]).
    pub fn has_path_rules(&self) -> bool {
        !self.path_rules.is_empty()
    }

    /// The findings of path-only rules for a file whose content is not scanned (binary files).
    pub fn scan_path(&self, path: &str, commit: Option<&str>) -> Vec<Finding> {
        if self.path_rules.is_empty() || self.allows_whole_file(path, commit) {
            return Vec::new();
        }
        self.path_findings(Source {
            path,
            content: b"",
            commit,
        })
    }

    /// Path-only rules that apply to the path: one finding each, with an empty secret at the
    /// start of the file and no snippet (the content is not what they flag).
    fn path_findings(&self, source: Source<'_>) -> Vec<Finding> {
        let mut found = Vec::new();
        for &i in &self.path_rules {
            let rule = &self.rules[i];
            let candidate = Candidate {
                rule_id: &rule.spec.id,
                secret: "",
                matched: 0..0,
            };
            let nothing = Source {
                content: b"",
                ..source
            };
            if !rule.applies_to(source.path) || self.allowed(nothing, &candidate) {
                continue;
            }
            found.push(Finding {
                source: None,
                fingerprint: Fingerprint::new(&rule.spec.id, "", source.path),
                rule_id: rule.spec.id.clone(),
                rule_name: rule.spec.name.clone(),
                severity: rule.severity,
                description: rule.spec.description.clone(),
                rotate: rule.spec.rotate.clone(),
                location: Location {
                    path: source.path.to_owned(),
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                    byte_start: 0,
                    byte_end: 0,
                },
                secret: String::new(),
                snippet: String::new(),
                snippet_secret: 0..0,
                snippet_other_secrets: Vec::new(),
                origin: None,
                verification: None,
            });
        }
        found
    }

    fn allowed(&self, source: Source<'_>, candidate: &Candidate<'_>) -> bool {
        let allowed = self.allowlists.iter().any(|a| a.allows(source, candidate));
        if allowed {
            self.allowed.findings.fetch_add(1, Ordering::Relaxed);
        }
        allowed
    }

    /// Findings in the content; ids of rules that reached [`MAX_FINDINGS_PER_RULE`] go to
    /// `capped`. Invisible characters (a zero-width space inside a key) are removed and encoded
    /// values (string escapes, a Kubernetes Secret's base64 data) decoded before matching (see
    /// [`crate::view`]); findings are mapped back to the original bytes.
    fn scan_content(&self, source: Source<'_>, capped: &mut Vec<String>) -> Vec<Finding> {
        let Some(view) = crate::view::View::of(source.content, source.path) else {
            let matches = self.matches(source, capped);
            return self.findings(source, matches, None);
        };
        let matches = self.matches(
            Source {
                content: &view.bytes,
                ..source
            },
            capped,
        );
        self.findings(source, matches, Some(&view))
    }

    /// Every match in the content, the most specific kept where they overlap; ids of rules
    /// that reached [`MAX_FINDINGS_PER_RULE`] go to `capped`.
    fn matches(&self, source: Source<'_>, capped: &mut Vec<String>) -> Vec<RawMatch> {
        let Source { path, content, .. } = source;
        let mut triggered = vec![false; self.rules.len()];
        for &i in &self.keywordless {
            triggered[i] = true;
        }
        let mut generic_hits = Vec::new();
        let mut hits = RuleHits::default();
        self.keywords.each_hit(content, |keyword, range| {
            let owner = &self.owners[keyword];
            if !owner.rules.is_empty() || !owner.exact_rules.is_empty() {
                hits.push(keyword, range.clone());
            }
            for &rule in &owner.rules {
                triggered[rule] = true;
            }
            for (rule, spelling) in &owner.exact_rules {
                if !triggered[*rule] && content[range.clone()] == **spelling {
                    triggered[*rule] = true;
                }
            }
            if owner.generic {
                generic_hits.push(range.start);
            }
        });

        let mut matches = Vec::new();
        let folds = OnceLock::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !triggered[i] || !rule.applies_to(path) {
                continue;
            }
            let windows = rule
                .reach()
                .filter(|_| !*folds.get_or_init(|| window::folds_onto_ascii(content)))
                .and_then(|reach| Windows::new(content, &hits.of(&rule.keyword_ids), reach));
            #[cfg(feature = "rule-stats")]
            let stats = (rule.regex(), std::time::Instant::now(), matches.len());
            if self.match_rule(i, rule, source, windows.as_ref(), &mut matches) {
                capped.push(rule.spec.id.clone());
            }
            #[cfg(feature = "rule-stats")]
            crate::stats::searched(
                &rule.spec.id,
                windows.is_some(),
                windows.as_ref().map_or(content.len(), Windows::bytes),
                stats.1.elapsed(),
                matches.len() - stats.2,
            );
        }
        // Source maps embed whole original files as escaped JSON strings: the generic detector
        // would read code (`password: string,\n`) as values. Provider rules still run on them.
        if !generic_hits.is_empty() && !is_source_map(path) {
            generic_hits.dedup();
            let mut candidates = Vec::new();
            generic::detect(
                content,
                Language::from_path(path),
                &generic_hits,
                &mut candidates,
            );
            let mut counts = vec![0usize; generic::RULES.len()];
            for c in candidates {
                if let Some(severity) = self.generic[c.rule] {
                    if counts[c.rule] == MAX_FINDINGS_PER_RULE {
                        counts[c.rule] += 1;
                        capped.push(generic::RULES[c.rule].id.to_owned());
                    }
                    if counts[c.rule] > MAX_FINDINGS_PER_RULE {
                        continue;
                    }
                    let Some(secret) = text(content, &c.secret) else {
                        continue;
                    };
                    let candidate = Candidate {
                        rule_id: generic::RULES[c.rule].id,
                        secret,
                        matched: c.secret.clone(),
                    };
                    if placeholder::is_placeholder(secret) || self.allowed(source, &candidate) {
                        continue;
                    }
                    counts[c.rule] += 1;
                    matches.push(RawMatch {
                        rule: RuleRef::Generic(c.rule),
                        whole_len: 0,
                        priority: 0,
                        secret: c.secret,
                        severity: generic::adjusted_severity(c.rule, secret, severity),
                    });
                }
            }
        }
        if matches.is_empty() {
            return Vec::new();
        }
        keep_most_specific(matches)
    }

    /// The findings of `matches` (ranges of the `view` when there is one).
    fn findings(
        &self,
        source: Source<'_>,
        mut matches: Vec<RawMatch>,
        view: Option<&crate::view::View>,
    ) -> Vec<Finding> {
        if matches.is_empty() {
            return Vec::new();
        }
        let Source { path, content, .. } = source;
        let mut seen = Vec::new();
        if let Some(v) = view {
            for m in &mut matches {
                let s = Seen::of(v, &m.secret);
                // A password decoded from a Kubernetes Secret's data: the manifest is the
                // evidence, as in a credential file (where it is still lowered for tests, docs…).
                if s.encodings.contains(&BASE64) && matches!(m.rule, RuleRef::Generic(_)) {
                    m.severity = m.severity.max(Severity::High);
                }
                seen.push(s);
                m.secret = v.original(&m.secret);
            }
        }
        let lines = LineIndex::new(content);
        // Every secret (allowed ones too) is masked in every snippet it appears in.
        let secrets: Vec<Range<usize>> = matches.iter().map(|m| m.secret.clone()).collect();
        let mut markers = HashMap::new();
        let place = Place::of(path);
        matches
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !self.is_allowed_inline(m, content, &lines, &mut markers))
            .map(|(i, m)| {
                let mut f = self.finding(path, content, &lines, &m, &secrets);
                let evidence = match m.rule {
                    RuleRef::Pattern(r) => self.rules[r].evidence(),
                    RuleRef::Generic(_) => Evidence::Generic,
                };
                // The secret's line, cut to a window on very long lines (minified code).
                let line = lines.line_range(content, lines.line_of(m.secret.start));
                let near = line
                    .start
                    .max(m.secret.start.saturating_sub(SNIPPET_CONTEXT))
                    ..line
                        .end
                        .min(m.secret.end + SNIPPET_CONTEXT)
                        .max(m.secret.start);
                context::review(
                    &mut f,
                    evidence,
                    place,
                    &String::from_utf8_lossy(&content[near]),
                );
                if let Some(seen) = seen.get(i) {
                    seen.note(&mut f);
                }
                f
            })
            .collect()
    }

    /// Pushes the matches of `rule` (at `index`) in `source` to `out`, at most
    /// [`MAX_FINDINGS_PER_RULE`]; returns whether there were more. With `windows`, only they
    /// are searched (the same matches, see [`crate::window`]).
    fn match_rule(
        &self,
        index: usize,
        rule: &CompiledRule,
        source: Source<'_>,
        windows: Option<&Windows>,
        out: &mut Vec<RawMatch>,
    ) -> bool {
        let content = source.content;
        let (regex, group) = rule.regex();
        let mut kept = 0;
        let all: Box<dyn Iterator<Item = regex::bytes::Captures<'_>>> = match windows {
            Some(w) => Box::new(w.captures(regex, content)),
            None => Box::new(regex.captures_iter(content)),
        };
        for caps in all {
            let secret = match *group {
                SecretGroup::Index(i) => caps.get(i),
                SecretGroup::FirstMatched => (1..caps.len())
                    .find_map(|i| caps.get(i).filter(|m| !m.is_empty()))
                    .or_else(|| caps.get(0)),
            };
            let (Some(whole), Some(secret)) = (caps.get(0), secret) else {
                continue;
            };
            if secret.is_empty() {
                continue;
            }
            let Some(secret_text) = text(content, &secret.range()) else {
                continue;
            };
            let Some(severity) = rule.judge(secret_text) else {
                continue;
            };
            let candidate = Candidate {
                rule_id: &rule.spec.id,
                secret: secret_text,
                matched: whole.range(),
            };
            if self.allowed(source, &candidate) {
                continue;
            }
            if kept == MAX_FINDINGS_PER_RULE {
                return true;
            }
            kept += 1;
            out.push(RawMatch {
                rule: RuleRef::Pattern(index),
                secret: secret.range(),
                whole_len: whole.len(),
                priority: rule.spec.priority,
                severity,
            });
        }
        false
    }

    /// Whether a `keylint:allow` marker on the secret's lines or the line before exempts `m`.
    /// `markers` keeps each line's marker once read: many findings on one long line (minified
    /// code) read it once, not once each.
    fn is_allowed_inline(
        &self,
        m: &RawMatch,
        content: &[u8],
        lines: &LineIndex,
        markers: &mut HashMap<usize, Option<AllowMarker>>,
    ) -> bool {
        let line = lines.line_of(m.secret.start);
        let first = line.saturating_sub(1);
        let last = lines.line_of(m.secret.end.saturating_sub(1).max(m.secret.start));
        let id = self.rule_id(m.rule);
        (first..=last).any(|l| {
            markers
                .entry(l)
                .or_insert_with(|| {
                    let bytes = &content[lines.line_range(content, l)];
                    if AllowMarker::may_be_in(bytes) {
                        AllowMarker::find(&String::from_utf8_lossy(bytes))
                    } else {
                        None
                    }
                })
                .as_ref()
                .is_some_and(|marker| marker.allows(id))
        })
    }

    fn rule_id(&self, rule: RuleRef) -> &str {
        match rule {
            RuleRef::Pattern(i) => &self.rules[i].spec.id,
            RuleRef::Generic(i) => generic::RULES[i].id,
        }
    }

    fn finding(
        &self,
        path: &str,
        content: &[u8],
        lines: &LineIndex,
        m: &RawMatch,
        all_secrets: &[Range<usize>],
    ) -> Finding {
        let (rule_id, rule_name, description, rotate) = match m.rule {
            RuleRef::Pattern(i) => {
                let spec = &self.rules[i].spec;
                (
                    spec.id.clone(),
                    spec.name.clone(),
                    spec.description.clone(),
                    spec.rotate.clone(),
                )
            }
            RuleRef::Generic(i) => {
                let g = &generic::RULES[i];
                (
                    g.id.to_owned(),
                    g.name.to_owned(),
                    g.description.to_owned(),
                    None,
                )
            }
        };
        let secret = String::from_utf8_lossy(&content[m.secret.clone()]).into_owned();
        let (line, column) = lines.position(content, m.secret.start);
        let last_byte = m.secret.end.saturating_sub(1).max(m.secret.start);
        let (end_line, end_column) = lines.position(content, last_byte);
        let Snippet {
            text: snippet,
            secret: snippet_secret,
            others: snippet_other_secrets,
        } = snippet(content, lines, &m.secret, all_secrets);
        Finding {
            source: None,
            fingerprint: Fingerprint::new(&rule_id, &secret, path),
            rule_id,
            rule_name,
            severity: m.severity,
            description,
            rotate,
            location: Location {
                path: path.to_owned(),
                line,
                column,
                end_line,
                end_column,
                byte_start: m.secret.start,
                byte_end: m.secret.end,
            },
            secret,
            snippet,
            snippet_secret,
            snippet_other_secrets,
            origin: None,
            verification: None,
        }
    }
}

/// The name of the base64 encoding in notes.
const BASE64: &str = "base64";

/// What the rules saw of a secret that reads differently in the blob: the invisible characters
/// removed from it, and the secret decoded when it was written encoded.
struct Seen {
    /// Invisible characters inside the secret.
    hidden: Vec<char>,
    /// The encodings inside the secret (escapes, base64), if any.
    encodings: Vec<&'static str>,
    /// The secret as the rules matched it.
    decoded: String,
}

impl Seen {
    fn of(view: &crate::view::View, secret: &Range<usize>) -> Seen {
        let mut hidden = Vec::new();
        let mut encodings = Vec::new();
        for edit in view.inside(secret) {
            let name = match edit.kind {
                crate::view::EditKind::Invisible(c) => {
                    hidden.push(c);
                    continue;
                }
                crate::view::EditKind::Escape => "string escapes",
                crate::view::EditKind::Base64 => BASE64,
            };
            if !encodings.contains(&name) {
                encodings.push(name);
            }
        }
        Seen {
            hidden,
            encodings,
            decoded: String::from_utf8_lossy(&view.bytes[secret.clone()]).into_owned(),
        }
    }

    /// Says in `finding` which invisible characters hide in its secret or how it is encoded,
    /// and fingerprints the key the rules saw (the key that works once they are deleted or
    /// decoded): the same key written plainly or encoded has one fingerprint. The secret stays
    /// the text as written, where the finding points (what a fix rewrites).
    fn note(&self, finding: &mut Finding) {
        if !self.encodings.is_empty() {
            context::prepend_note(
                finding,
                &format!(
                    "This key is written encoded ({}); decoded, it is a working key.",
                    self.encodings.join(", ")
                ),
            );
        }
        if !self.hidden.is_empty() {
            let list: Vec<String> = self
                .hidden
                .iter()
                .map(|c| format!("U+{:04X} {}", u32::from(*c), crate::invisible::name(*c)))
                .collect();
            context::prepend_note(
                finding,
                &format!(
                    "This key holds an invisible character ({}): it hides the key from pattern matching, and deleting it gives a working key.",
                    list.join(", ")
                ),
            );
        }
        if !self.encodings.is_empty() || !self.hidden.is_empty() {
            finding.fingerprint =
                Fingerprint::new(&finding.rule_id, &self.decoded, &finding.location.path);
        }
    }
}

/// When several matches cover overlapping secrets, keeps the most specific: a regex rule over
/// the generic detector, then the higher rule `priority` (a token rule over a URL or JWT rule
/// that merely contains it), then the one that needed the most context (a `SUPABASE_SERVICE_ROLE_KEY=`
/// JWT over a bare JWT), then the higher severity, then the first rule.
fn keep_most_specific(mut matches: Vec<RawMatch>) -> Vec<RawMatch> {
    let rank = |m: &RawMatch| {
        (
            matches!(m.rule, RuleRef::Pattern(_)),
            m.priority,
            m.whole_len,
            m.severity,
        )
    };
    matches.sort_by(|a, b| {
        a.secret
            .start
            .cmp(&b.secret.start)
            .then_with(|| rank(b).cmp(&rank(a)))
    });
    let mut kept: Vec<RawMatch> = Vec::with_capacity(matches.len());
    for m in matches {
        match kept
            .iter_mut()
            .rev()
            .take_while(|k| k.secret.end > m.secret.start)
            .find(|k| overlaps(&k.secret, &m.secret))
        {
            Some(existing) => {
                if rank(&m) > rank(existing) {
                    *existing = m;
                }
            }
            None => kept.push(m),
        }
    }
    kept.sort_by_key(|m| m.secret.start);
    kept
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A source line (or a window of it) prepared for display.
struct Snippet {
    text: String,
    /// Byte range of the finding's secret (its part on this line) in `text`.
    secret: Range<usize>,
    /// Byte ranges of other secrets (their parts in the window) in `text`.
    others: Vec<Range<usize>>,
}

/// The line holding the secret's start, cut to a window on very long lines, with the byte
/// ranges of this secret and of every other secret inside the window.
///
/// `all` is every secret of the file, sorted by start and not overlapping (what
/// [`keep_most_specific`] leaves), so they are sorted by end too: the ones that reach into the
/// window are found by binary search, and a snippet costs O(log n + its own secrets), not O(n).
fn snippet(
    content: &[u8],
    lines: &LineIndex,
    secret: &Range<usize>,
    all: &[Range<usize>],
) -> Snippet {
    let line = lines.line_range(content, lines.line_of(secret.start));
    let secret_end = secret.end.min(line.end).max(secret.start);
    let start = line.start.max(secret.start.saturating_sub(SNIPPET_CONTEXT));
    let end = line.end.min(secret_end + SNIPPET_CONTEXT);
    let all = in_window(all, start..end);
    // Cut the window at every secret boundary so each piece converts to text on its own and
    // the ranges stay exact even when invalid UTF-8 becomes replacement characters.
    let mut cuts = vec![start, secret.start, secret_end, end];
    for r in all {
        for b in [r.start, r.end] {
            if b > start && b < end {
                cuts.push(b);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut text = String::from(if start > line.start { "…" } else { "" });
    let mut own = 0..0;
    let mut others = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let from = text.len();
        text.push_str(&String::from_utf8_lossy(&content[a..b]));
        let piece = from..text.len();
        if a == secret.start && b == secret_end {
            own = piece;
        } else if all
            .iter()
            .any(|r| r.start <= a && b <= r.end && r != secret)
        {
            others.push(piece);
        }
    }
    if end < line.end {
        text.push('…');
    }
    Snippet {
        text,
        secret: own,
        others,
    }
}

/// The part of `all` (sorted by start and by end) that overlaps `window`.
fn in_window(all: &[Range<usize>], window: Range<usize>) -> &[Range<usize>] {
    let first = all.partition_point(|r| r.end <= window.start);
    let last = all.partition_point(|r| r.start < window.end);
    &all[first..last.max(first)]
}

fn is_source_map(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("map"))
}

fn text<'a>(content: &'a [u8], range: &Range<usize>) -> Option<&'a str> {
    std::str::from_utf8(&content[range.clone()]).ok()
}

fn contains_any_word(secret: &str, lowercase_words: &[String]) -> bool {
    if lowercase_words.is_empty() {
        return false;
    }
    let lower = secret.to_ascii_lowercase();
    lowercase_words.iter().any(|w| lower.contains(w.as_str()))
}

/// Whether `spec` has the pattern of the built-in rule with its id: such patterns are known to
/// compile with a secret group (`keylint-rules`' `builtin_rules_are_valid` test).
fn is_builtin_pattern(spec: &RuleSpec) -> bool {
    keylint_rules::find(&spec.id).is_some_and(|builtin| {
        spec.pattern.as_ref().is_some_and(|p| {
            builtin
                .pattern
                .as_ref()
                .is_some_and(|b| b.get_ref() == p.get_ref())
        })
    })
}

/// Whether `spec` has the path filters (`paths`, `exclude-paths`, `path-regex`) of the
/// built-in rule with its id, which the catalog's tests compile.
fn has_builtin_path_limits(spec: &RuleSpec) -> bool {
    keylint_rules::find(&spec.id).is_some_and(|builtin| {
        builtin.paths == spec.paths
            && builtin.exclude_paths == spec.exclude_paths
            && builtin.path_regex == spec.path_regex
    })
}

fn compile(spec: &RuleSpec) -> Result<(Regex, SecretGroup), String> {
    let pattern = spec
        .pattern
        .as_ref()
        .ok_or_else(|| "a path-only rule has no pattern".to_owned())?;
    let regex = keylint_rules::compile_pattern(pattern.get_ref()).map_err(|e| e.to_string())?;
    let group = keylint_rules::spec_secret_group(spec, &regex)?;
    Ok((regex, group))
}

fn globset(globs: &[String]) -> Result<Option<GlobSet>, EngineError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let parsed = Glob::new(glob).map_err(|e| EngineError::Glob {
            glob: glob.clone(),
            message: e.kind().to_string(),
        })?;
        builder.add(parsed);
    }
    builder.build().map(Some).map_err(|e| EngineError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod keyword_tests {
    use super::*;

    /// Every (keyword, range) a search of whole keywords finds, sorted.
    fn reference(keywords: &[String], content: &[u8]) -> Vec<(usize, Range<usize>)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(keywords)
            .expect("automaton");
        let mut hits: Vec<(usize, Range<usize>)> = ac
            .find_overlapping_iter(content)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        hits.sort_by_key(|(k, r)| (r.start, r.end, *k));
        hits
    }

    fn found(keywords: &Keywords, content: &[u8]) -> Vec<(usize, Range<usize>)> {
        let mut hits = Vec::new();
        keywords.each_hit(content, |k, r| hits.push((k, r)));
        hits.sort_by_key(|(k, r)| (r.start, r.end, *k));
        hits
    }

    #[test]
    fn prefix_hits_completed_are_the_hits_of_the_whole_keywords() {
        let mut keywords: Vec<String> = keylint_rules::builtin()
            .iter()
            .flat_map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()))
            .chain(generic::KEYWORDS.iter().map(|k| (*k).to_owned()))
            .collect();
        keywords.sort();
        keywords.dedup();
        assert!(keywords.iter().any(|k| k.len() > KEYWORD_PREFIX));
        // Every keyword in its case and upper case, glued to the next one (overlaps across
        // keywords), each also cut short by one byte, and a long keyword cut at the end.
        let mut content = Vec::new();
        for (i, k) in keywords.iter().enumerate() {
            let k = k.as_bytes();
            let spelled = if i % 2 == 0 {
                k.to_ascii_uppercase()
            } else {
                k.to_vec()
            };
            content.extend_from_slice(&spelled);
            content.extend_from_slice(&spelled[..spelled.len() - 1]);
            content.push(if i % 3 == 0 { b' ' } else { b'_' });
        }
        let long = keywords
            .iter()
            .find(|k| k.len() > KEYWORD_PREFIX + 2)
            .expect("a long keyword");
        content.extend_from_slice(&long.as_bytes()[..long.len() - 1]);

        let expected = reference(&keywords, &content);
        assert!(expected.len() > keywords.len());
        let prefilter = Keywords::new(&keywords);
        // The first search uses the NFA; the next ones, past the switch, the DFA.
        assert_eq!(found(&prefilter, &content), expected);
        let filler = vec![b'.'; usize::try_from(KEYWORD_DFA_AFTER).expect("small") + 1];
        assert!(found(&prefilter, &filler).is_empty());
        assert!(prefilter.dfa.get().is_some());
        assert_eq!(found(&prefilter, &content), expected);
    }
}
