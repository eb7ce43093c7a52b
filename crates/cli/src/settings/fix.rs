//! The resolved settings of `keylint fix`: what to scan, which rules to fix, where the secrets go.

use std::path::PathBuf;

use keylint_scan::Engine;

use super::suggestion;
use crate::args::{FixArgs, Source};

/// Everything `keylint fix` needs besides the scan's own settings.
pub struct FixSettings {
    /// What to scan: the files and directories to fix.
    pub source: Source,
    /// The env file that receives the secrets.
    pub env_file: PathBuf,
    /// Fix only the findings of these rule ids (every finding when empty).
    pub rules: Vec<String>,
}

impl FixSettings {
    /// Resolves the flags: `fix` never reads stdin; the env file defaults to `.env` in the first
    /// path when it is a directory (a project), else in the current directory.
    pub fn new(args: &FixArgs) -> miette::Result<FixSettings> {
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            return Err(miette::miette!(
                "keylint fix rewrites files in place: it cannot read stdin"
            ));
        }
        let base = args
            .paths
            .first()
            .filter(|p| p.is_dir())
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(FixSettings {
            source: Source::Paths(args.paths.clone()),
            env_file: args.env_file.clone().unwrap_or_else(|| base.join(".env")),
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
