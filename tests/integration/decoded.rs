//! Encoded keys and URL passwords through the CLI (issue 12): a key spelled with `\u` escapes in
//! a bundle, a key with a no-break space inside, and a percent-encoded password in the user
//! information of an https URL are reported where they are written, masked, with exit code 1.
//! (Base64 data of Kubernetes Secrets goes through the engine in keylint-scan's tests.)

use std::fmt::Write;

use crate::support::{ALNUM, keylint, openai_key, synthetic, write_tree};

#[test]
fn encoded_keys_and_url_passwords_are_reported_where_written_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let escaped_key = openai_key(81);
    let escaped = escaped_key.chars().fold(String::new(), |mut out, c| {
        let _ = write!(out, "\\u{:04x}", u32::from(c));
        out
    });
    let nbsp_key = openai_key(83);
    let (head, tail) = nbsp_key.split_at(24);
    let password = format!("{}@{}", synthetic(85, 6, ALNUM), synthetic(86, 6, ALNUM));
    let url_password = password.replace('@', "%40");
    write_tree(
        dir.path(),
        &[
            ("dist/bundle.js", &format!("var c={{k:\"{escaped}\"}};\n")),
            (
                "lib/config.dart",
                &format!("const openAiKey = '{head}\u{a0}{tail}';\n"),
            ),
            (
                "src/export.py",
                &format!("FEED = \"https://reports:{url_password}@api.acme-corp.io/v2\"\n"),
            ),
        ],
    );
    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut got: Vec<(String, String, u64, u64, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["rule_id"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    let escaped_end = 11 + u64::try_from(escaped.len()).unwrap() - 1;
    // 96 characters and the no-break space (one column).
    let nbsp_end = 20 + 97 - 1;
    let url_end = 25 + u64::try_from(url_password.len()).unwrap() - 1;
    assert_eq!(
        got,
        [
            (
                "dist/bundle.js".into(),
                "openai-project-key".into(),
                1,
                11,
                escaped_end
            ),
            (
                "lib/config.dart".into(),
                "openai-project-key".into(),
                1,
                20,
                nbsp_end
            ),
            (
                "src/export.py".into(),
                "url-userinfo-password".into(),
                1,
                25,
                url_end
            ),
        ]
    );
    for run in [
        run,
        keylint(dir.path(), &["scan", "."]),
        keylint(dir.path(), &["scan", ".", "--format", "sarif"]),
    ] {
        let all = format!("{}\n{}", run.stdout, run.stderr);
        for value in [
            &escaped_key[8..],
            &escaped[20..],
            &nbsp_key[8..],
            &url_password,
        ] {
            for w in value.as_bytes().windows(8) {
                let w = std::str::from_utf8(w).unwrap();
                assert!(!all.contains(w), "`{w}` is printed:\n{all}");
            }
        }
    }
}
