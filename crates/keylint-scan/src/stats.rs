//! Per-rule cost counters for benchmarks (feature `rule-stats`, off by default: without it this
//! module is not compiled and the engine counts nothing).
//!
//! With the feature, every engine adds to one process-wide table what each regex rule cost:
//! its compilation (nanoseconds), the contents its regex searched (how many, how many through
//! keyword windows, bytes read, nanoseconds) and its matches. When an engine is dropped and
//! `KEYLINT_RULE_STATS` names a file, the table is written there as tab-separated values, one
//! rule a line, most expensive first (compile + search nanoseconds). Nanoseconds are only
//! comparable within one run; run under callgrind they follow the instruction counts.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// What one rule cost so far.
#[derive(Debug, Default, Clone, Copy)]
struct RuleCost {
    compile_ns: u128,
    searches: u64,
    windowed: u64,
    bytes: u64,
    search_ns: u128,
    matches: u64,
}

static TABLE: Mutex<Option<HashMap<String, RuleCost>>> = Mutex::new(None);

fn update(rule: &str, f: impl FnOnce(&mut RuleCost)) {
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let table = table.get_or_insert_with(HashMap::new);
    if let Some(cost) = table.get_mut(rule) {
        f(cost);
    } else {
        f(table.entry(rule.to_owned()).or_default());
    }
}

/// Counts the compilation of `rule`'s regex.
pub(crate) fn compiled(rule: &str, took: Duration) {
    update(rule, |c| c.compile_ns += took.as_nanos());
}

/// Counts one search of `rule`'s regex over `bytes` bytes (through windows or not) that found
/// `matches` matches.
pub(crate) fn searched(rule: &str, windowed: bool, bytes: usize, took: Duration, matches: usize) {
    update(rule, |c| {
        c.searches += 1;
        c.windowed += u64::from(windowed);
        c.bytes += u64::try_from(bytes).unwrap_or(u64::MAX);
        c.search_ns += took.as_nanos();
        c.matches += u64::try_from(matches).unwrap_or(u64::MAX);
    });
}

/// Writes the table to the file `KEYLINT_RULE_STATS` names, if any (errors are ignored: this is
/// a benchmark aid).
pub(crate) fn write() {
    let Some(path) = std::env::var_os("KEYLINT_RULE_STATS") else {
        return;
    };
    let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(table) = table.as_ref() else {
        return;
    };
    let mut rows: Vec<(&String, &RuleCost)> = table.iter().collect();
    rows.sort_by_key(|(id, c)| (std::cmp::Reverse(c.compile_ns + c.search_ns), *id));
    let mut out = String::from("rule\tcompile_ns\tsearch_ns\tsearches\twindowed\tbytes\tmatches\n");
    for (id, c) in rows {
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.compile_ns, c.search_ns, c.searches, c.windowed, c.bytes, c.matches
        );
    }
    let _ = std::fs::write(path, out);
}
