//! `generic-password` is medium for dev-style passwords and high for long random ones.

use keylint_core::Severity;
use keylint_scan::Engine;

fn severity_of(value: &str) -> Option<Severity> {
    Engine::builtin()
        .scan(".env", format!("DB_PASSWORD={value}\n").as_bytes())
        .iter()
        .find(|f| f.rule_id == "generic-password")
        .map(|f| f.severity)
}

#[test]
fn random_passwords_fail_the_default_run_dev_passwords_do_not() {
    for dev in [
        "Hq7!vR2#",
        "orange-Tiger-42",
        "Kx9#mPz2",
        "bluefish77",
        "orange-Tiger-4242",
    ] {
        assert_eq!(severity_of(dev), Some(Severity::Medium), "{dev}");
    }
    for random in ["Xk9mP2vL7qRt4Wz8", "q8Z!rT4@wX2#mN7%kP5v"] {
        assert_eq!(severity_of(random), Some(Severity::High), "{random}");
    }
}
