//! `keylint scan --history` on real repositories built with the git CLI: a history audit scans
//! what each commit adds (a changed file against the version it replaces, with context), and
//! must find everything a scan of every blob whole finds, each secret once, at the commit that
//! introduced it, with its author, date, path and whether HEAD still holds it.

use std::path::Path;

use crate::support::{
    ALNUM, commit_all, git_env, git_ok, keylint, openai_key, repo, synthetic, write,
};

/// One finding of a history audit: path, line, commit, author, date, still at HEAD.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    path: String,
    line: u64,
    commit: String,
    author: String,
    date: String,
    at_head: bool,
}

/// Runs `keylint scan --history -f json` and returns its findings, sorted. The repository's
/// objects are loose (as `git commit` writes them); the same history packed (a `--mirror`
/// clone, its versions stored as deltas of each other) must give the same findings: packed
/// blobs go through the first pass over the packs, loose ones are read one by one.
fn audit(dir: &Path) -> Vec<Row> {
    let loose = audit_as_is(dir);
    let packed = tempfile::tempdir().unwrap();
    let clone = packed.path().join("packed.git");
    git_ok(
        dir,
        &[
            "clone",
            "-q",
            "--mirror",
            "--no-local",
            &dir.to_string_lossy(),
            &clone.to_string_lossy(),
        ],
    );
    assert_eq!(audit_as_is(&clone), loose, "the packed history differs");
    loose
}

/// [`audit`] of the repository as it is stored.
fn audit_as_is(dir: &Path) -> Vec<Row> {
    let run = keylint(dir, &["scan", "--history", "--no-config", "-f", "json"]);
    assert!(run.code <= 1, "{}", run.transcript());
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    let text = |f: &serde_json::Value, key: &str| f[key].as_str().unwrap_or_default().to_owned();
    let mut rows: Vec<Row> = doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| Row {
            path: text(f, "path"),
            line: f["line"].as_u64().unwrap_or_default(),
            commit: text(f, "commit"),
            author: text(f, "author"),
            date: text(f, "date"),
            at_head: f["present_at_head"].as_bool().expect("present_at_head"),
        })
        .collect();
    rows.sort();
    rows
}

/// Commits everything as `name` (email `name@example.org`) on `date`; returns the commit id.
fn commit_as(dir: &Path, message: &str, name: &str, date: &str) -> String {
    git_ok(dir, &["add", "-A"]);
    let email = format!("{}@example.org", name.to_lowercase());
    let out = git_env(
        dir,
        &["commit", "-q", "--no-verify", "-m", message],
        &[
            ("GIT_AUTHOR_NAME", name),
            ("GIT_AUTHOR_EMAIL", &email),
            ("GIT_AUTHOR_DATE", date),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git_ok(dir, &["rev-parse", "HEAD"])
}

fn row(path: &str, line: u64, commit: &str, author: &str, date: &str, at_head: bool) -> Row {
    Row {
        path: path.to_owned(),
        line,
        commit: commit.to_owned(),
        author: author.to_owned(),
        // git keeps the offset: `Z` comes back as `+00:00`.
        date: date.replace('Z', "+00:00"),
        at_head,
    }
}

/// `n` lines of ordinary code.
fn code_lines(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("export const value{i} = {i};"))
        .collect()
}

/// A synthetic PEM RSA key body: `lines` lines of 64 base64 characters.
fn pem_body(seed: u64, lines: usize) -> Vec<String> {
    const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..lines)
        .map(|i| synthetic(seed + i as u64, 64, BASE64))
        .collect()
}

const BOB: &str = "Bob <bob@example.org>";
const BOB_DATE: &str = "2025-03-04T05:06:07Z";

#[test]
fn a_secret_added_in_the_middle_of_a_long_file_is_found_once_at_its_commit() {
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(3000);
    write(root, "src/config.ts", &(lines.join("\n") + "\n"));
    commit_as(root, "config", "Ada", "2025-01-02T03:04:05Z");
    lines.insert(
        1500,
        format!("export const openai = \"{}\";", openai_key(7)),
    );
    write(root, "src/config.ts", &(lines.join("\n") + "\n"));
    let leak = commit_as(root, "wire openai", "Bob", BOB_DATE);
    // Later edits far from the secret and next to it: the secret is not added again.
    lines[10] = "export const changed = true;".to_owned();
    lines[1499] = "export const neighbour = 1;".to_owned();
    write(root, "src/config.ts", &(lines.join("\n") + "\n"));
    commit_as(root, "edits", "Cy", "2025-05-06T07:08:09Z");

    assert_eq!(
        audit(root),
        [row("src/config.ts", 1501, &leak, BOB, BOB_DATE, true)]
    );
}

#[test]
fn a_pem_key_whose_lines_came_in_two_commits_is_found_at_the_second() {
    let dir = repo();
    let root = dir.path();
    let [begin, end] = ["BEGIN", "END"].map(|w| format!("-----{w} RSA {}-----", "PRIVATE KEY"));
    let body = pem_body(21, 24);
    let mut lines = code_lines(40);
    lines.push(begin);
    lines.extend(body[..12].iter().cloned());
    write(root, "deploy/key.pem", &(lines.join("\n") + "\n"));
    commit_as(root, "half a key", "Ada", "2025-01-02T03:04:05Z");
    // The second half sits more lines below BEGIN than any fixed context would keep.
    lines.extend(body[12..].iter().cloned());
    lines.push(end);
    lines.extend(code_lines(3));
    write(root, "deploy/key.pem", &(lines.join("\n") + "\n"));
    let second = commit_as(root, "the rest", "Bob", BOB_DATE);

    assert_eq!(
        audit(root),
        [row("deploy/key.pem", 41, &second, BOB, BOB_DATE, true)]
    );
}

/// The rule: a secret is reported once per rule, secret and path, at the commit that first
/// introduced it; re-adding it later is not a new finding, but HEAD holding it again is said.
#[test]
fn a_secret_readded_after_deletion_is_reported_at_its_first_commit_and_at_head() {
    let dir = repo();
    let root = dir.path();
    let key = openai_key(31);
    let mut lines = code_lines(50);
    lines.insert(10, format!("OPENAI_API_KEY={key}"));
    write(root, "app.env", &(lines.join("\n") + "\n"));
    let first = commit_as(root, "add key", "Bob", BOB_DATE);
    lines.remove(10);
    write(root, "app.env", &(lines.join("\n") + "\n"));
    commit_as(root, "remove key", "Ada", "2025-04-01T00:00:00Z");
    let gone = audit(root);
    assert_eq!(gone, [row("app.env", 11, &first, BOB, BOB_DATE, false)]);

    lines.insert(40, format!("OPENAI_API_KEY={key}"));
    write(root, "app.env", &(lines.join("\n") + "\n"));
    commit_as(root, "key is back", "Cy", "2025-05-01T00:00:00Z");
    assert_eq!(
        audit(root),
        [row("app.env", 11, &first, BOB, BOB_DATE, true)]
    );
}

#[test]
fn a_secret_only_in_a_merge_conflict_resolution_is_found_at_the_merge() {
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(30);
    lines[15] = "token: placeholder".to_owned();
    let save = |lines: &[String]| write(root, "values.yaml", &(lines.join("\n") + "\n"));
    save(&lines);
    commit_all(root, "base");
    git_ok(root, &["checkout", "-q", "-b", "feature"]);
    lines[15] = "token: from-feature".to_owned();
    save(&lines);
    commit_all(root, "feature side");
    git_ok(root, &["checkout", "-q", "main"]);
    lines[15] = "token: from-main".to_owned();
    save(&lines);
    commit_all(root, "main side");
    let conflict = git_env(root, &["merge", "-q", "feature"], &[]);
    assert!(!conflict.status.success(), "the merge must conflict");
    lines[15] = format!("openai_api_key: {}", openai_key(41));
    save(&lines);
    let merge = commit_as(root, "merge feature", "Bob", BOB_DATE);
    assert_eq!(
        git_ok(root, &["rev-list", "--parents", "-n1", "HEAD"])
            .split(' ')
            .count(),
        3
    );

    assert_eq!(
        audit(root),
        [row("values.yaml", 16, &merge, BOB, BOB_DATE, true)]
    );
}

#[test]
fn a_secret_in_a_renamed_and_edited_file_is_found_under_both_paths() {
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(60);
    lines.insert(30, format!("const key = '{}';", openai_key(51)));
    write(root, "src/old.ts", &(lines.join("\n") + "\n"));
    let first = commit_as(root, "add", "Ada", "2025-01-02T03:04:05Z");
    std::fs::remove_file(root.join("src/old.ts")).unwrap();
    lines[0] = "// renamed".to_owned();
    write(root, "src/new.ts", &(lines.join("\n") + "\n"));
    let renamed = commit_as(root, "rename and edit", "Bob", BOB_DATE);
    // git itself sees a rename.
    assert!(git_ok(root, &["show", "--stat", "-M", "HEAD"]).contains("=>"));

    assert_eq!(
        audit(root),
        [
            row("src/new.ts", 31, &renamed, BOB, BOB_DATE, true),
            row(
                "src/old.ts",
                31,
                &first,
                "Ada <ada@example.org>",
                "2025-01-02T03:04:05Z",
                false
            ),
        ]
    );
}

#[test]
fn keys_on_both_sides_of_an_edit_are_found_with_context() {
    // A keyword on the line above its value: the value alone is added, the keyword is context.
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(20);
    lines.push("livekit:".to_owned());
    lines.push("  api_secret: placeholder".to_owned());
    lines.extend(code_lines(20));
    let save = |lines: &[String]| write(root, "livekit.yaml", &(lines.join("\n") + "\n"));
    save(&lines);
    commit_all(root, "base");
    let secret = synthetic(61, 40, ALNUM);
    lines[21] = format!("  api_secret: {secret}");
    save(&lines);
    let leak = commit_as(root, "real secret", "Bob", BOB_DATE);
    let whole = keylint(root, &["scan", "--no-config", "-f", "json"]);
    let found = audit(root);
    assert!(!found.is_empty(), "{}", whole.transcript());
    // The same findings a scan of the tree finds, attributed to the commit.
    assert_eq!(
        found
            .iter()
            .map(|r| (r.path.as_str(), r.line))
            .collect::<Vec<_>>(),
        crate::support::finding_rows(&whole)
            .iter()
            .map(|r| (r.0.as_str(), r.1))
            .collect::<Vec<_>>()
    );
    assert!(found.iter().all(|r| r.commit == leak && r.author == BOB));
}

/// A file (and a directory) renamed unchanged, then edited far from its secret: the renamed
/// version was first read under the old path, so the edit is read whole and the secret is
/// reported under the new path too, at the edit, as a scan of every blob whole reports it.
#[test]
fn a_secret_in_a_file_renamed_unchanged_then_edited_is_found_under_the_new_path() {
    let dir = repo();
    let root = dir.path();
    let files = [
        ("src/old.ts", "src/new.ts", openai_key(41)),
        ("conf/app.ts", "settings/app.ts", openai_key(43)),
    ];
    let mut texts: Vec<Vec<String>> = files
        .iter()
        .map(|(_, _, key)| {
            let mut lines = code_lines(60);
            lines.insert(30, format!("const key = '{key}';"));
            lines
        })
        .collect();
    for ((old, _, _), lines) in files.iter().zip(&texts) {
        write(root, old, &(lines.join("\n") + "\n"));
    }
    let first = commit_as(root, "add", "Ada", "2025-01-02T03:04:05Z");
    std::fs::rename(root.join("src/old.ts"), root.join("src/new.ts")).unwrap();
    std::fs::rename(root.join("conf"), root.join("settings")).unwrap();
    commit_as(root, "rename", "Ada", "2025-02-02T03:04:05Z");
    // Edits 30 lines away from the secrets, then once more so that HEAD holds neither version.
    let mut edit = |line: usize, text: &str| {
        for ((_, new, _), lines) in files.iter().zip(&mut texts) {
            lines[line] = text.to_owned();
            write(root, new, &(lines.join("\n") + "\n"));
        }
    };
    edit(0, "// edited");
    let edited = commit_as(root, "edit", "Bob", BOB_DATE);
    edit(60, "// edited again");
    commit_as(root, "edit again", "Cy", "2025-05-06T07:08:09Z");

    let ada = |path: &str| {
        row(
            path,
            31,
            &first,
            "Ada <ada@example.org>",
            "2025-01-02T03:04:05Z",
            false,
        )
    };
    assert_eq!(
        audit(root),
        [
            ada("conf/app.ts"),
            row("settings/app.ts", 31, &edited, BOB, BOB_DATE, true),
            row("src/new.ts", 31, &edited, BOB, BOB_DATE, true),
            ada("src/old.ts"),
        ]
    );
}

/// The findings of a history audit as [`crate::support::finding_rows`] lists them (path, line,
/// rule, severity), to compare with a scan of the tree.
fn audit_rules(dir: &Path) -> Vec<(String, u64, String, String)> {
    crate::support::finding_rows(&keylint(
        dir,
        &["scan", "--history", "--no-config", "-f", "json"],
    ))
}

/// Commits `lines` as `path` (Ada), then with `edit` applied (Bob), then with one more line at
/// the end (Cy: HEAD does not hold Bob's version, which is then read as a diff, not whole);
/// checks that the history audit finds at Bob's commit exactly what a scan of the tree finds,
/// including a finding of rule `rule` on the edited line.
fn edit_finds_as_the_tree_does(
    path: &str,
    mut lines: Vec<String>,
    edit: (usize, String),
    rule: &str,
) {
    let dir = repo();
    let root = dir.path();
    write(root, path, &(lines.join("\n") + "\n"));
    commit_as(root, "config", "Ada", "2025-01-02T03:04:05Z");
    lines[edit.0] = edit.1;
    write(root, path, &(lines.join("\n") + "\n"));
    let leak = commit_as(root, "real secret", "Bob", BOB_DATE);
    lines.push(String::new());
    write(root, path, &(lines.join("\n") + "\n"));
    commit_as(root, "blank line", "Cy", "2025-05-06T07:08:09Z");
    let whole = keylint(root, &["scan", "--no-config", "-f", "json"]);
    let expected = crate::support::finding_rows(&whole);
    let line = edit.0 as u64 + 1;
    assert!(
        expected.iter().any(|r| r.1 == line && r.2 == rule),
        "{}",
        whole.transcript()
    );
    assert_eq!(audit_rules(root), expected);
    assert!(
        audit(root)
            .iter()
            .all(|r| r.commit == leak && r.author == BOB)
    );
}

/// A YAML block longer than the context below it: a `LiveKit` `keys:` map whose eighth entry gets
/// a real secret in a later commit. The `LiveKit` rules read an entry up to eight lines below
/// `keys:`, so the context kept above an added line reaches that far.
#[test]
fn an_entry_deep_in_a_yaml_keys_block_edited_later_is_found_at_the_edit() {
    let mut lines = vec!["port: 7880".to_owned(), "keys:".to_owned()];
    lines.extend((1..=8).map(|i| format!("  app{i}: ${{LIVEKIT_SECRET_{i}}}")));
    lines.extend(["logging:".to_owned(), "  level: info".to_owned()]);
    let secret = format!("  app8: {}", synthetic(71, 40, ALNUM));
    edit_finds_as_the_tree_does(
        "livekit.yaml",
        lines,
        (9, secret),
        "livekit-config-keys-secret",
    );
}

/// A keyword further above its value than the context below an edit: a service account key
/// file with more fields than usual between `"type"` and `"private_key"`, whose key is filled
/// in by a later commit.
#[test]
fn a_json_key_eight_lines_below_its_keyword_edited_later_is_found_at_the_edit() {
    let mut lines = vec!["{".to_owned(), r#"  "type": "service_account","#.to_owned()];
    lines.extend(
        [
            r#""project_id": "orbit-prod-4821""#,
            r#""client_id": "104857600000000000001""#,
            r#""auth_uri": "https://accounts.google.com/o/oauth2/auth""#,
            r#""token_uri": "https://oauth2.googleapis.com/token""#,
            r#""universe_domain": "googleapis.com""#,
            r#""client_email": "deployer@orbit-prod-4821.iam.gserviceaccount.com""#,
            r#""private_key": """#,
        ]
        .map(|field| format!("  {field},")),
    );
    lines.extend(["  \"note\": \"ci\"".to_owned(), "}".to_owned()]);
    let [begin, end] = ["BEGIN", "END"].map(|w| format!("-----{w} {}-----", "PRIVATE KEY"));
    let key = format!("{begin}\\n{}\\n{end}\\n", pem_body(81, 16).join("\\n"));
    let filled = format!(r#"  "private_key": "{key}","#);
    edit_finds_as_the_tree_does(
        "deploy/sa.json",
        lines,
        (8, filled),
        "gcp-service-account-key",
    );
}

#[test]
fn a_version_edited_on_two_branches_is_the_old_side_of_both_edits() {
    // The base version is read once and kept in memory for the next version to be diffed
    // against; the second branch's edit must still be diffed against that same base (read
    // again), never against the first branch's version, and each secret found at its commit.
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(60);
    let save = |lines: &[String]| write(root, "src/keys.ts", &(lines.join("\n") + "\n"));
    save(&lines);
    commit_all(root, "base");
    git_ok(root, &["checkout", "-q", "-b", "x"]);
    let mut x = lines.clone();
    x[20] = format!("export const openai = \"{}\";", openai_key(51));
    save(&x);
    let on_x = commit_as(root, "x", "Bob", BOB_DATE);
    git_ok(root, &["checkout", "-q", "main"]);
    git_ok(root, &["checkout", "-q", "-b", "y"]);
    let mut y = lines.clone();
    y[40] = format!("export const openai = \"{}\";", openai_key(52));
    save(&y);
    let cy_date = "2025-05-06T07:08:09Z";
    let on_y = commit_as(root, "y", "Cy", cy_date);
    git_ok(root, &["checkout", "-q", "main"]);
    lines[5] = "export const changed = true;".to_owned();
    save(&lines);
    commit_all(root, "main moves on");

    assert_eq!(
        audit(root),
        [
            row("src/keys.ts", 21, &on_x, BOB, BOB_DATE, false),
            row(
                "src/keys.ts",
                41,
                &on_y,
                "Cy <cy@example.org>",
                cy_date,
                false
            ),
        ]
    );
}

#[test]
fn a_packed_history_reads_as_the_loose_one() {
    // Once `git gc --aggressive` has packed it, most versions of a file are deltas of another
    // version (long chains, newest whole): the first pass over the packs scans only what each
    // delta inserts and carries its base's matches along, and every finding must be the one
    // the loose objects give, at the same commit and line. Each key lives in a few versions
    // only (the next one replaces it, the last version has none): the whole newest version
    // holds none of them, so each is found only in what an older version's delta inserts.
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(400);
    let mut large = code_lines(20_000);
    for round in 0..24_u64 {
        lines[usize::try_from(round * 13).unwrap()] = format!("export const edit{round} = true;");
        if round % 6 == 3 {
            lines[100] = format!("export const openai = \"{}\";", openai_key(60 + round));
        }
        if round == 23 {
            lines[100] = "export const openai = process.env.OPENAI_API_KEY;".to_owned();
        }
        write(root, "src/keys.ts", &(lines.join("\n") + "\n"));
        // The same text under a path judged otherwise (another syntax): a delta between the
        // two files cannot take its base's matches.
        write(root, "config/keys.env", &(lines.join("\n") + "\n"));
        if round % 8 == 5 {
            large[9_000 + usize::try_from(round).unwrap()] =
                format!("export const openai = \"{}\";", openai_key(90 + round));
            write(root, "src/large.ts", &(large.join("\n") + "\n"));
        }
        commit_all(root, &format!("round {round}"));
    }
    let loose = audit(root);
    assert_eq!(loose.len(), 11, "{loose:#?}");
    git_ok(root, &["gc", "-q", "--aggressive", "--prune=now"]);
    let count = git_ok(root, &["count-objects"]);
    assert!(count.starts_with("0 objects"), "{count}");
    assert_eq!(audit_as_is(root), loose);
}

#[test]
fn a_secret_in_a_utf16_file_of_a_packed_history_is_found() {
    // UTF-16 text is full of NUL bytes: the first pass must leave it to the reader that
    // decodes it, not call it binary.
    let dir = repo();
    let root = dir.path();
    let mut lines = code_lines(40);
    lines[20] = format!("export const openai = \"{}\";", openai_key(7));
    let utf16 = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    std::fs::write(root.join("keys.ts"), utf16(&(lines.join("\n") + "\n"))).unwrap();
    commit_all(root, "utf-16 keys");
    lines[30] = "export const other = 1;".to_owned();
    std::fs::write(root.join("keys.ts"), utf16(&(lines.join("\n") + "\n"))).unwrap();
    commit_all(root, "edit");
    // `audit` also audits a packed clone and requires the same findings.
    let found = audit(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].path.as_str(), found[0].line), ("keys.ts", 21));
}
