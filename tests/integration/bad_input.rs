//! Bad input never panics and always gets a clear message and the right exit code.

use std::io::Write as _;

use crate::support::{keylint, openai_key, write_tree};

fn json(run: &crate::support::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()))
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF\0\0\0".to_vec();
    bytes.extend(format!("OPENAI_API_KEY={}", openai_key(1)).bytes());
    std::fs::write(dir.path().join("app.bin"), bytes).unwrap();
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(json(&run)["summary"]["binary_skipped"], 1);
    let human = keylint(dir.path(), &["scan"]);
    assert!(
        human.stdout.contains("skipped 1 binary file"),
        "{}",
        human.stdout
    );
}

#[test]
fn invalid_utf8_crlf_bom_and_utf16_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(2);
    let mut latin1 = b"caf\xe9 = 1\r\n".to_vec();
    latin1.extend(format!("OPENAI_API_KEY={key}\r\n").bytes());
    std::fs::write(dir.path().join("latin1.env"), latin1).unwrap();
    std::fs::write(
        dir.path().join("bom.env"),
        format!("\u{feff}OPENAI_API_KEY={key}\n"),
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!("x=1\r\nOPENAI_API_KEY={key}\r\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(dir.path().join("utf16.env"), utf16).unwrap();
    std::fs::write(dir.path().join("empty.env"), "").unwrap();
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1);
    let doc = json(&run);
    let found: Vec<(String, u64, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("bom.env".to_owned(), 1, 17),
            ("latin1.env".to_owned(), 2, 16),
            ("utf16.env".to_owned(), 2, 16)
        ],
        "the BOM counts as a character on line 1"
    );
}

#[test]
fn oversized_files_are_listed_and_huge_single_lines_do_not_blow_up() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(3);
    // ~50 MB of minified-looking code on one line, with a secret near the end.
    let chunk = "var a=function(e,t){return e.apiKey=t.token,e.key=t.secret,e}(o,n);";
    let mut file = std::fs::File::create(dir.path().join("bundle.min.js")).unwrap();
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        file.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    write!(file, "var k=\"{key}\";").unwrap();
    drop(file);
    let capped = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(
        capped.code, 0,
        "skipped is not a failure: {}",
        capped.stderr
    );
    let skipped = &json(&capped)["summary"]["skipped"][0];
    assert_eq!(skipped["path"], "bundle.min.js");
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("--max-file-size")
    );

    let full = keylint(
        dir.path(),
        &["scan", "-f", "json", "--max-file-size", "64MiB"],
    );
    assert_eq!(full.code, 1, "{}", full.stderr);
    let finding = &json(&full)["findings"][0];
    assert_eq!(finding["rule_id"], "openai-project-key");
    assert!(
        finding["snippet"].as_str().unwrap().len() < 400,
        "snippet is a window, not the whole line"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_fifos_and_dangling_links() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("sub/ok.txt", "fine\n")]);
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("missing-target", dir.path().join("dangling")).unwrap();
    let fifo = dir.path().join("pipe");
    crate::support::mkfifo(&fifo);

    // Not following links: loops and dangling links are not read; the FIFO is never opened.
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(json(&run)["summary"]["skipped"][0]["path"], "pipe");

    // Following links: the loop and the dangling link are reported, the scan is incomplete.
    let run = keylint(dir.path(), &["scan", "--follow-symlinks"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("symbolic link loop") || run.stdout.contains("loop"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("scan is incomplete"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn non_utf8_paths_are_scanned_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"conf\xff.env");
    std::fs::write(
        dir.path().join(name),
        format!("OPENAI_API_KEY={}\n", openai_key(4)),
    )
    .unwrap();
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(json(&run)["findings"][0]["path"], "conf\u{fffd}.env");
}

#[cfg(unix)]
#[test]
fn unreadable_files_make_the_scan_incomplete() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.env");
    std::fs::write(&path, "X=1\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not apply; nothing to test here.
        return;
    }
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("could not read secret.env"),
        "{}",
        run.stdout
    );
}
