//! What masked values look like on a terminal: an invisible character inside a masked value is
//! shown escaped (`\u{200b}`), never raw; JSON and SARIF keep the exact character.

use crate::support::{keylint, openai_key, stable, write};

/// A project whose `.env` holds a synthetic `OpenAI` key with a zero-width space pasted after it.
fn pasted_key_project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(7);
    write(
        dir.path(),
        ".env",
        &format!("OPENAI_API_KEY={key}\u{200b}\n"),
    );
    (dir, key)
}

/// The last `n` characters of `key`: the visible end of its mask.
fn last(key: &str, n: usize) -> String {
    key.chars().skip(key.chars().count() - n).collect()
}

#[test]
fn an_invisible_character_in_a_masked_value_is_escaped_in_concise_output() {
    let (dir, key) = pasted_key_project();
    let run = keylint(dir.path(), &["scan", "--format", "concise", "."]);
    let last4 = last(&key, 4);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        stable(&run.stdout),
        format!(
            ".env:1:16: high openai-project-key: OpenAI project API key found: sk-p…{last4}\n\
             .env:1:112: high invisible-character: U+200B ZERO WIDTH SPACE in the value of `OPENAI_API_KEY` (character 97 of 97)\n\
             ✗ 1 finding (1 high) in 1 file (115 B) in [TIME] ms\n"
        )
    );
    assert!(!run.stdout.contains('\u{200b}'), "{}", run.stdout);
}

#[test]
fn an_invisible_character_in_a_masked_value_is_escaped_in_human_output() {
    let (dir, key) = pasted_key_project();
    let run = keylint(dir.path(), &["scan", "."]);
    let tail = last(&key, 3);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(!run.stdout.contains('\u{200b}'), "{}", run.stdout);
    // The snippet shows the character that is diagnosed. (provider-format judges the key
    // without it, so no message repeats the value: the key itself is well-formed.)
    assert!(
        run.stdout
            .contains(&format!(" 1 │ OPENAI_API_KEY=sk-p…{tail}\\u{{200b}}\n")),
        "{}",
        run.stdout
    );
}

/// JSON and SARIF are read by programs: their strings hold the exact (masked) text, the
/// character itself, as `serde_json` writes it (valid JSON; `jq -a` shows it as `\u200b`).
#[test]
fn json_and_sarif_keep_the_invisible_character_itself() {
    let (dir, key) = pasted_key_project();
    let tail = last(&key, 3);
    let masked = format!("sk-p…{tail}\u{200b}");
    let run = keylint(dir.path(), &["scan", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let snippet = doc["findings"][0]["snippet"].as_str().unwrap();
    assert_eq!(snippet, format!("OPENAI_API_KEY={masked}"));
    assert!(run.stdout.contains(&masked), "{}", run.stdout);
    let run = keylint(dir.path(), &["scan", "--format", "sarif", "."]);
    assert!(run.stdout.contains(&masked), "{}", run.stdout);
}
