//! `--verify` and `keylint verify`: the flags and `[verify]` passed to keylint-verify.

use std::path::Path;

use keylint_core::VerifyStatus;
use keylint_core::config::VerifyConfig;
use keylint_verify::{Flags, Options};

use crate::args::{GlobalArgs, VerifyArgs, VerifyValueArgs};
use crate::outcome::Outcome;
use crate::settings::LoadedConfig;

/// The flags as keylint-verify takes them.
pub fn flags(args: &VerifyArgs) -> Flags {
    Flags {
        verify: args.verify,
        only_verified: args.only_verified,
        fail_on_verified: args.fail_on_verified,
        allow_private: args.verify_allow_private,
        timeout: args.verify_timeout,
    }
}

/// The options when verification is on, by the flags or `config` (the `[verify]` the scan
/// read: [`ScanSettings::verify`](keylint_pipeline::ScanSettings)).
pub fn options(flags: &Flags, config: &VerifyConfig) -> miette::Result<Option<Options>> {
    flags.options(config).map_err(|e| miette::miette!("{e}"))
}

/// `keylint verify`: one value from stdin, each provider of its format asked.
pub fn value(global: &GlobalArgs, args: &VerifyValueArgs) -> miette::Result<Outcome> {
    if args.list {
        let rows = keylint_verify::providers()
            .iter()
            .map(|p| (p.name, p.rules, p.docs));
        print!("{}", keylint_report::audit::providers_list(rows));
        return Ok(Outcome::Clean);
    }
    let value = keylint_verify::read_value(std::io::stdin()).map_err(|e| miette::miette!("{e}"))?;
    let forced = Flags {
        verify: true,
        ..flags(&args.verify)
    };
    let loaded = LoadedConfig::load(global.config.as_deref(), global.no_config, Path::new("."))?;
    let options = options(&forced, &loaded.config.verify)?.unwrap_or_default();
    let results = keylint_verify::verify_value(&value, &options);
    print!("{}", keylint_report::audit::verify_value(&value, &results));
    Ok(match keylint_verify::overall(&results) {
        VerifyStatus::Live => Outcome::Clean,
        VerifyStatus::Invalid => Outcome::Findings,
        VerifyStatus::Unknown => Outcome::Error,
    })
}
