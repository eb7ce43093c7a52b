//! The resolved settings of `keylint fix`: what to scan, which rules to fix, where the secrets go.

use std::path::PathBuf;

use keylint_scan::Engine;

use super::suggestion;
use crate::args::{FixArgs, Source};

/// Everything `keylint fix` needs besides the scan's own settings.
pub struct FixSettings {
    /// What to scan: the files and directories to fix.
    pub source: Source,
    /// The env file that receives the secrets (`--env-file`); `None`: the `.env` of the
    /// package that owns each file.
    pub env_file: Option<PathBuf>,
    /// Fix only the findings of these rule ids (every finding when empty).
    pub rules: Vec<String>,
}

impl FixSettings {
    /// Resolves the flags: `fix` never reads stdin; without `--env-file`, each secret goes to
    /// the env file of the package that owns its file (keylint-fix decides).
    pub fn new(args: &FixArgs) -> miette::Result<FixSettings> {
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            return Err(miette::miette!(
                "keylint fix rewrites files in place: it cannot read stdin"
            ));
        }
        Ok(FixSettings {
            source: Source::Paths(args.paths.clone()),
            env_file: args.env_file.clone(),
            rules: args.rules.clone(),
        })
    }

    /// Every `--rule` must name a rule of `engine`.
    pub fn check_rules(&self, engine: &Engine) -> miette::Result<()> {
        let known: Vec<&str> = engine.rule_docs().iter().map(|d| d.id).collect();
        for rule in &self.rules {
            if !known.contains(&rule.as_str()) {
                return Err(miette::miette!(
                    help = suggestion(rule, &known)
                        .unwrap_or_else(|| "`keylint rules` lists every rule".into()),
                    "no rule `{rule}`"
                ));
            }
        }
        Ok(())
    }
}
