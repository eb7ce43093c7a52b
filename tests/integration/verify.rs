//! `--verify` and `keylint verify` end to end, against a loopback stand-in for the providers
//! (the test build's binary reads its address from `KEYLINT_TEST_VERIFY_BASE`; a release
//! build has no such override). Never touches the real network.

use std::time::{Duration, Instant};

use keylint_verify::TEST_ENDPOINT_VAR;
use keylint_verify::standin::{Answer, StandIn};

use crate::support::{Run, openai_key, run_bin_env, write_tree};

/// Runs keylint with every provider pointed at `base`.
fn keylint_at(dir: &std::path::Path, base: &str, args: &[&str], stdin: Option<&str>) -> Run {
    run_bin_env("keylint", dir, args, stdin, &[(TEST_ENDPOINT_VAR, base)])
}

/// A stand-in that accepts `live` and rejects every other key.
fn accepting(live: String) -> StandIn {
    StandIn::start(move |seen| {
        if seen.head.contains(&live) {
            Answer::Reply(200, "", "{}".into())
        } else {
            Answer::Reply(401, "", "{}".into())
        }
    })
}

/// A tree with two `OpenAI` keys: the first live, the second revoked.
fn two_keys() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (live, dead) = (openai_key(71), openai_key(72));
    write_tree(
        dir.path(),
        &[
            ("backend/.env.local", &format!("OPENAI_API_KEY={live}\n")),
            (
                "old/config.ts",
                &format!("export const key = \"{dead}\";\n"),
            ),
        ],
    );
    (dir, live, dead)
}

/// A loopback base URL where nothing listens (connection refused: offline at once).
fn closed_port() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    format!("http://127.0.0.1:{port}")
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()))
}

/// The `livekit-api-secret` finding of a JSON run.
fn livekit_secret(run: &Run) -> serde_json::Value {
    json(run)["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["rule_id"] == "livekit-api-secret"))
        .cloned()
        .unwrap_or_default()
}

fn no_secret(run: &Run, secrets: &[&str]) {
    for s in secrets {
        assert!(
            !run.stdout.contains(s) && !run.stderr.contains(s),
            "{}",
            run.transcript()
        );
    }
}

#[test]
fn verify_marks_live_and_revoked_keys_in_every_format() {
    let (dir, live, dead) = two_keys();
    let server = accepting(live.clone());
    let base = server.base.clone();
    let run = keylint_at(
        dir.path(),
        &base,
        &["scan", "--verify", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc = json(&run);
    assert_eq!(
        (doc["version"].as_u64(), doc["revision"].as_u64()),
        (Some(1), Some(3))
    );
    let by_path: Vec<(String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_owned(),
                f["verification"]["status"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        by_path,
        [
            ("backend/.env.local".into(), "live".into()),
            ("old/config.ts".into(), "invalid".into())
        ]
    );
    assert_eq!(doc["findings"][0]["verification"]["provider"], "openai");
    no_secret(&run, &[&live, &dead]);
    assert_eq!(server.requests().len(), 2, "each key asked once");

    let human = keylint_at(dir.path(), &base, &["scan", "--verify"], None);
    assert!(
        human.stdout.contains("verified LIVE with openai"),
        "{}",
        human.transcript()
    );
    assert!(
        human.stdout.contains("verified invalid with openai"),
        "{}",
        human.transcript()
    );
    let sarif = keylint_at(
        dir.path(),
        &base,
        &["scan", "--verify", "-f", "sarif"],
        None,
    );
    let log = json(&sarif);
    assert_eq!(
        log["runs"][0]["results"][0]["properties"]["verification"]["status"],
        "live"
    );
    assert!(crate::support::sarif_schema_errors(&log).is_empty());
    for format in ["junit", "github"] {
        let run = keylint_at(dir.path(), &base, &["scan", "--verify", "-f", format], None);
        assert!(
            run.stdout.contains("verified LIVE with openai"),
            "{format}: {}",
            run.transcript()
        );
        no_secret(&run, &[&live, &dead]);
    }
    // Without --verify nothing is sent.
    let before = server.requests().len();
    let plain = keylint_at(dir.path(), &base, &["scan", "--format", "json"], None);
    assert!(json(&plain)["findings"][0].get("verification").is_none());
    assert_eq!(server.requests().len(), before);
}

#[test]
fn only_verified_and_fail_on_verified_keep_to_live_keys() {
    let (dir, live, _) = two_keys();
    let server = accepting(live.clone());
    let only = keylint_at(
        dir.path(),
        &server.base,
        &["scan", "--verify", "--only-verified", "-f", "json"],
        None,
    );
    let doc = json(&only);
    let paths: Vec<&str> = doc["findings"].as_array().map_or(Vec::new(), |a| {
        a.iter().filter_map(|f| f["path"].as_str()).collect()
    });
    assert_eq!(paths, ["backend/.env.local"]);
    assert_eq!(only.code, 1);

    // Every key revoked: --fail-on-verified passes, plain --verify still fails.
    let none = accepting("nothing-is-live".into());
    let pass = keylint_at(
        dir.path(),
        &none.base,
        &["scan", "--verify", "--fail-on-verified"],
        None,
    );
    assert_eq!(pass.code, 0, "{}", pass.transcript());
    assert!(
        pass.stdout.contains("verified invalid"),
        "{}",
        pass.transcript()
    );
    let fail = keylint_at(
        dir.path(),
        &server.base,
        &["scan", "--verify", "--fail-on-verified"],
        None,
    );
    assert_eq!(fail.code, 1, "{}", fail.transcript());
    let lone = keylint_at(dir.path(), &server.base, &["scan", "--only-verified"], None);
    assert_eq!(lone.code, 2, "{}", lone.transcript());
    assert!(
        lone.stderr.contains("need --verify"),
        "{}",
        lone.transcript()
    );
}

#[test]
fn offline_verify_changes_no_exit_code_and_adds_at_most_the_timeout() {
    let (dir, live, dead) = two_keys();
    let plain = keylint_at(dir.path(), "http://127.0.0.1:9", &["scan"], None);
    // Connection refused: offline, fast.
    let closed = closed_port();
    let offline = keylint_at(
        dir.path(),
        &closed,
        &["scan", "--verify", "-f", "json"],
        None,
    );
    assert_eq!(offline.code, plain.code, "{}", offline.transcript());
    let doc = json(&offline);
    for f in doc["findings"].as_array().expect("findings") {
        assert_eq!(f["verification"]["reason"], "offline", "{f}");
    }
    // A provider that never answers: the run waits about one timeout, not one per key.
    let hang = StandIn::start(|_| Answer::Hang(Duration::from_secs(8)));
    let start = Instant::now();
    let slow = keylint_at(
        dir.path(),
        &hang.base,
        &["scan", "--verify", "--verify-timeout", "1"],
        None,
    );
    let took = start.elapsed();
    assert_eq!(slow.code, plain.code, "{}", slow.transcript());
    assert!(
        slow.stdout.contains("not verified: timeout"),
        "{}",
        slow.transcript()
    );
    assert!(took < Duration::from_secs(1 + 5), "{took:?}");
    no_secret(&slow, &[&live, &dead]);
}

#[test]
fn livekit_pairs_are_verified_at_the_url_beside_them_only_when_it_is_public() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = StandIn::start(|seen| {
        if seen.path == "/twirp/livekit.RoomService/ListRooms" && seen.head.contains("Bearer ey") {
            Answer::Reply(200, "", r#"{"rooms":[]}"#.into())
        } else {
            Answer::Reply(401, "", "{}".into())
        }
    });
    let key = format!(
        "API{}",
        crate::support::synthetic(5, 12, crate::support::ALNUM)
    );
    let secret = crate::support::synthetic(6, 44, crate::support::ALNUM);
    let url = server.base.replace("http://", "ws://");
    write_tree(
        dir.path(),
        &[(
            ".env",
            &format!("LIVEKIT_URL={url}\nLIVEKIT_API_KEY={key}\nLIVEKIT_API_SECRET={secret}\n"),
        )],
    );
    let refused = keylint_at(
        dir.path(),
        "http://127.0.0.1:9",
        &["scan", "--verify", "-f", "json"],
        None,
    );
    let secret_row = livekit_secret(&refused);
    assert_eq!(
        secret_row["verification"]["reason"],
        "refused-address (not https)",
        "{}",
        refused.transcript()
    );
    assert!(
        server.requests().is_empty(),
        "a loopback URL from the text is not asked"
    );
    let allowed = keylint_at(
        dir.path(),
        "http://127.0.0.1:9",
        &["scan", "--verify", "--verify-allow-private", "-f", "json"],
        None,
    );
    let secret_row = livekit_secret(&allowed);
    assert_eq!(
        secret_row["verification"]["status"],
        "live",
        "{}",
        allowed.transcript()
    );
    assert_eq!(server.requests().len(), 1);
    no_secret(&allowed, &[&secret]);
}

#[test]
fn verify_command_reads_one_value_from_stdin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = format!(
        "sk-ant-api03-{}",
        crate::support::synthetic(9, 90, crate::support::ALNUM)
    );
    let server = accepting(key.clone());
    let live = keylint_at(
        dir.path(),
        &server.base,
        &["verify"],
        Some(&format!("{key}\n")),
    );
    assert_eq!(live.code, 0, "{}", live.transcript());
    assert!(
        live.stdout.contains(": LIVE with anthropic"),
        "{}",
        live.transcript()
    );
    no_secret(&live, &[&key]);
    let other = format!(
        "sk-ant-api03-{}",
        crate::support::synthetic(10, 90, crate::support::ALNUM)
    );
    let dead = keylint_at(dir.path(), &server.base, &["verify"], Some(&other));
    assert_eq!(dead.code, 1, "{}", dead.transcript());
    assert!(dead.stdout.contains("invalid"), "{}", dead.transcript());
    let unknown = keylint_at(
        dir.path(),
        &server.base,
        &["verify"],
        Some("hello-world-123"),
    );
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
    assert!(
        unknown.stdout.contains("no provider recognises"),
        "{}",
        unknown.transcript()
    );
    let two = keylint_at(dir.path(), &server.base, &["verify"], Some("a b"));
    assert_eq!(two.code, 2);
    // The value is never taken from the command line.
    let argv = keylint_at(dir.path(), &server.base, &["verify", &key], None);
    assert_eq!(argv.code, 2);
    assert_eq!(server.requests().len(), 2);
    let list = keylint_at(dir.path(), &server.base, &["verify", "--list"], None);
    assert!(list.stdout.lines().count() >= 25, "{}", list.transcript());
}

#[test]
fn verify_config_enables_skips_and_is_checked() {
    let (dir, live, _) = two_keys();
    let server = accepting(live);
    write_tree(
        dir.path(),
        &[(
            "keylint.toml",
            "[verify]\nenabled = true\nskip = [\"openai\"]\n",
        )],
    );
    let run = keylint_at(dir.path(), &server.base, &["scan", "-f", "json"], None);
    let doc = json(&run);
    assert_eq!(
        doc["findings"][0]["verification"]["reason"],
        "skipped ([verify] skip)"
    );
    assert!(server.requests().is_empty());
    write_tree(
        dir.path(),
        &[(
            "keylint.toml",
            "[verify]\nenabled = true\nskip = [\"opneai\"]\n",
        )],
    );
    let bad = keylint_at(dir.path(), &server.base, &["scan"], None);
    assert_eq!(bad.code, 2, "{}", bad.transcript());
    assert!(
        bad.stderr.contains("no provider `opneai`"),
        "{}",
        bad.transcript()
    );
    // Hooks never verify, even when the config enables it.
    crate::support::git_ok(dir.path(), &["init", "-q"]);
    crate::support::git_ok(dir.path(), &["add", "."]);
    let before = server.requests().len();
    let _ = keylint_at(dir.path(), &server.base, &["hook", "pre-commit"], None);
    assert_eq!(server.requests().len(), before);
}

/// The diagnostics of a `keylint env`/`keylint keys` JSON document with the given code:
/// (path, line, message, help).
fn verify_diagnostics(run: &Run, list: &str, code: &str) -> Vec<(String, u64, String, String)> {
    json(run)[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}: {}", run.transcript()))
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let at = if d["sites"].is_array() {
                &d["sites"][0]
            } else {
                d
            };
            (
                at["path"].as_str().unwrap_or("").to_owned(),
                at["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned(),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn env_verify_says_live_revoked_or_mis_copied_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (live, dead, miscopied) = (openai_key(81), openai_key(82), openai_key(83));
    write_tree(
        dir.path(),
        &[
            ("api/.env", &format!("OPENAI_API_KEY={live}\n")),
            ("old/.env", &format!("OPENAI_API_KEY={dead}\n")),
            ("web/.env", &format!("OPENAI_API_KEY= {miscopied}\n")),
        ],
    );
    let server = accepting(live.clone());
    let env = |args: &[&str]| keylint_at(dir.path(), &server.base, args, None);
    let plain = env(&["env", "api"]);
    assert_eq!(
        (plain.code, server.requests().len()),
        (0, 0),
        "no request without --verify"
    );

    let run = env(&["env", "--verify", "api", "-f", "json"]);
    assert_eq!(
        run.code,
        0,
        "a live key fails nothing: {}",
        run.transcript()
    );
    let found = verify_diagnostics(&run, "diagnostics", "verify/live");
    assert_eq!(found.len(), 1, "{}", run.transcript());
    assert_eq!((found[0].0.as_str(), found[0].1), ("api/.env", 1));
    assert_eq!(found[0].2, "the key works: OpenAI accepted it");

    let run = env(&["env", "--verify", "old", "-f", "json"]);
    assert_eq!(
        run.code,
        1,
        "a revoked key fails the run: {}",
        run.transcript()
    );
    let found = verify_diagnostics(&run, "diagnostics", "verify/invalid");
    assert_eq!(found.len(), 1, "{}", run.transcript());
    assert_eq!(
        found[0].2,
        "OpenAI rejects this key: it is revoked or mis-copied"
    );
    assert!(
        found[0]
            .3
            .starts_with("a well-formed key that fails is usually revoked — rotate it"),
        "{}",
        found[0].3
    );

    let run = env(&["env", "--verify", "web", "-f", "json"]);
    let found = verify_diagnostics(&run, "diagnostics", "verify/invalid");
    assert_eq!(found.len(), 1, "{}", run.transcript());
    assert!(
        found[0].3.starts_with(
            "this line also has a format problem (`spaces-around-equals`): that is the likely cause"
        ),
        "{}",
        found[0].3
    );

    // Every format carries the result; no format prints a key.
    for (format, want) in [
        ("human", "OpenAI rejects this key"),
        ("concise", "OpenAI rejects this key"),
        ("github", "OpenAI rejects this key"),
        ("sarif", "verify/invalid"),
        ("junit", "OpenAI rejects this key"),
        ("jsonl", "verify/invalid"),
    ] {
        let run = env(&["env", "--verify", "old", "-f", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        assert!(run.stdout.contains(want), "{format}: {}", run.transcript());
        no_secret(&run, &[&live, &dead, &miscopied]);
        if format == "sarif" {
            assert!(crate::support::sarif_schema_errors(&json(&run)).is_empty());
        }
    }
    // Each value is asked once per run, whatever the formats above asked.
    let before = server.requests().len();
    let _ = env(&["env", "--verify", "-f", "json"]);
    assert_eq!(server.requests().len(), before + 3);
}

#[test]
fn env_verify_counts_a_live_key_as_a_result_not_a_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (live, dead) = (openai_key(84), openai_key(85));
    write_tree(
        dir.path(),
        &[
            ("api/.env", &format!("OPENAI_API_KEY={live}\n")),
            ("old/.env", &format!("OPENAI_API_KEY={dead}\n")),
        ],
    );
    let server = accepting(live.clone());
    let env = |args: &[&str]| keylint_at(dir.path(), &server.base, args, None);
    for format in ["human", "concise"] {
        let run = env(&["env", "--verify", "api", "-f", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.transcript());
        assert!(
            run.stdout.contains("✓ no problems in 1 env file")
                && run.stdout.contains("verified: 1 live, 0 unknown")
                && !run.stdout.contains("✗"),
            "{format}: {}",
            run.transcript()
        );
        // A revoked key stays a problem.
        let run = env(&["env", "--verify", "old", "-f", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        assert!(
            run.stdout.contains("✗ 1 problem (1 high) in 1 env file")
                && !run.stdout.contains("verified:"),
            "{format}: {}",
            run.transcript()
        );
        no_secret(&run, &[&live, &dead]);
    }
}

#[test]
fn env_verify_offline_keeps_the_exit_code_and_refuses_scan_only_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = openai_key(84);
    write_tree(
        dir.path(),
        &[("api/.env", &format!("OPENAI_API_KEY={live}\n"))],
    );
    let server = accepting(live.clone());
    // Offline: `unknown` with the reason, and the exit code of a run without --verify.
    let closed = closed_port();
    for fail_on in ["high", "info"] {
        let plain = keylint_at(
            dir.path(),
            &closed,
            &["env", "api", "--fail-on", fail_on],
            None,
        );
        let offline = keylint_at(
            dir.path(),
            &closed,
            &["env", "--verify", "api", "--fail-on", fail_on, "-f", "json"],
            None,
        );
        assert_eq!(offline.code, plain.code, "{}", offline.transcript());
        let found = verify_diagnostics(&offline, "diagnostics", "verify/unknown");
        assert_eq!(found.len(), 1, "{}", offline.transcript());
        assert_eq!(found[0].2, "could not verify this OpenAI key: offline");
    }

    // --only-verified / --fail-on-verified select scan findings: refused here, clearly.
    let refused = keylint_at(
        dir.path(),
        &server.base,
        &["env", "--verify", "--only-verified"],
        None,
    );
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("select findings of `keylint scan`"),
        "{}",
        refused.transcript()
    );
    no_secret(&refused, &[&live]);
}

#[test]
fn keys_verify_reports_each_credential_it_compares() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (live, dead) = (openai_key(91), openai_key(92));
    write_tree(
        dir.path(),
        &[
            ("backend/.env", &format!("OPENAI_API_KEY={live}\n")),
            ("worker/.env", &format!("OPENAI_API_KEY={dead}\n")),
        ],
    );
    let server = accepting(live.clone());
    let plain = keylint_at(dir.path(), &server.base, &["keys", "-f", "json"], None);
    assert!(
        server.requests().is_empty(),
        "nothing asked without --verify"
    );
    let run = keylint_at(
        dir.path(),
        &server.base,
        &["keys", "--verify", "-f", "json"],
        None,
    );
    assert_eq!(
        verify_diagnostics(&run, "problems", "verify/live")
            .into_iter()
            .map(|d| (d.0, d.2))
            .collect::<Vec<_>>(),
        [(
            "backend/.env".to_owned(),
            "the key works: OpenAI accepted it".to_owned()
        )],
        "{}",
        run.transcript()
    );
    let invalid = verify_diagnostics(&run, "problems", "verify/invalid");
    assert_eq!(invalid.len(), 1, "{}", run.transcript());
    assert_eq!(invalid[0].0, "worker/.env");
    assert_eq!(run.code, 1, "{}", run.transcript());
    for format in ["human", "sarif"] {
        let run = keylint_at(
            dir.path(),
            &server.base,
            &["keys", "--verify", "-f", format],
            None,
        );
        assert!(
            run.stdout.contains("verify/invalid") || run.stdout.contains("OpenAI rejects this key"),
            "{format}: {}",
            run.transcript()
        );
        no_secret(&run, &[&live, &dead]);
        if format == "sarif" {
            assert!(crate::support::sarif_schema_errors(&json(&run)).is_empty());
        }
    }
    // Offline: unknown, and the exit code of the plain run.
    let offline = keylint_at(
        dir.path(),
        "http://127.0.0.1:9",
        &["keys", "--verify", "-f", "json"],
        None,
    );
    assert_eq!(offline.code, plain.code, "{}", offline.transcript());
    assert_eq!(
        verify_diagnostics(&offline, "problems", "verify/unknown").len(),
        2
    );
}

#[test]
fn readme_lists_every_verify_provider() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let listed = readme
        .split_once("<!-- verify-providers -->")
        .and_then(|(_, rest)| rest.split_once("<!-- /verify-providers -->"))
        .map(|(list, _)| list)
        .expect("the README's provider list markers");
    let listed: Vec<&str> = listed
        .split(',')
        .map(|name| name.trim().trim_matches('`'))
        .collect();
    let names: Vec<&str> = keylint_verify::providers().iter().map(|p| p.name).collect();
    assert_eq!(listed, names, "update the README's Verify section");
    assert!(
        readme.contains(&format!("{} providers", names.len())),
        "the README's provider count"
    );
}

/// A refused `--verify` command line writes nothing: `env --fix --only-verified` used to apply
/// the fixes, then refuse the flag (exit 2 with the files already rewritten).
#[test]
fn env_fix_with_a_refused_verify_flag_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let before = "PORT = 8080\n";
    write_tree(dir.path(), &[(".env", before)]);
    let run = crate::support::keylint(dir.path(), &["env", "--fix", "--only-verified"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("select findings of `keylint scan`"),
        "{}",
        run.transcript()
    );
    let after = std::fs::read_to_string(dir.path().join(".env")).expect("read .env");
    assert_eq!(after, before, "{}", run.transcript());
}
