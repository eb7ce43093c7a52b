//! What `keylint env --fix` and `keylint fix` write: exactly the file the user named, keeping
//! its mode and links, never a file edited since it was read, never through a link into a file
//! git tracks; and what they never open (FIFOs). Otherwise nothing changes and they say why.

#![cfg(unix)] // FIFOs, modes, owners, signals, shell scripts

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{commit_all, keylint, openai_key, repo, write};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn env_fix_keeps_mode_and_links_and_refuses_hard_links_and_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let env = root.join(".env");

    // Mode kept, no temporary file left.
    std::fs::write(&env, "A = 1\n").unwrap();
    chmod(&env, 0o640);
    let run = keylint(root, &["env", "--fix", ".env"]);
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        "A=1\n",
        "{}",
        run.transcript()
    );
    assert_eq!(mode(&env), 0o640);
    assert_eq!(names(root), [".env"]);

    // A second name for the same file: splitting them silently is refused.
    std::fs::write(&env, "A = 1\n").unwrap();
    std::fs::hard_link(&env, root.join("backup.env")).unwrap();
    let run = keylint(root, &["env", "--fix", ".env"]);
    assert!(
        run.stdout
            .contains("did not fix .env: .env has 2 hard links")
            && run.stdout.contains("nothing written"),
        "{}",
        run.transcript()
    );
    assert_ne!(run.code, 0);
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "A = 1\n");
    assert_eq!(
        std::fs::read_to_string(root.join("backup.env")).unwrap(),
        "A = 1\n"
    );
    std::fs::remove_file(root.join("backup.env")).unwrap();

    // Read-only: said, not rewritten.
    chmod(&env, 0o444);
    let run = keylint(root, &["env", "--fix", ".env"]);
    assert!(
        run.stdout
            .contains("did not fix .env: .env is read-only (mode 444)"),
        "{}",
        run.transcript()
    );
    assert_ne!(run.code, 0);
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "A = 1\n");
    chmod(&env, 0o600);

    // A link is written through and stays a link.
    std::fs::rename(&env, root.join("real.env")).unwrap();
    std::os::unix::fs::symlink("real.env", &env).unwrap();
    let run = keylint(root, &["env", "--fix", ".env"]);
    assert!(
        std::fs::symlink_metadata(&env)
            .unwrap()
            .file_type()
            .is_symlink(),
        "{}",
        run.transcript()
    );
    assert_eq!(
        std::fs::read_to_string(root.join("real.env")).unwrap(),
        "A=1\n"
    );
    assert_eq!(mode(&root.join("real.env")), 0o600);
    assert_eq!(names(root), [".env", "real.env"]);
}

#[test]
fn fix_never_writes_secrets_through_a_link_into_a_tracked_file() {
    let dir = repo();
    let root = dir.path();
    let key = openai_key(21);
    write(root, "config/shared.env", "LOG_LEVEL=info\n");
    write(root, ".gitignore", ".env\n");
    commit_all(root, "shared settings");
    std::os::unix::fs::symlink("config/shared.env", root.join(".env")).unwrap();
    let source = format!("export const openai = \"{key}\";\n");
    write(root, "src/config.ts", &source);

    let run = keylint(root, &["fix", "--yes"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains(".env is a symbolic link to config/shared.env, which git tracks"),
        "{}",
        run.transcript()
    );
    assert_eq!(
        std::fs::read_to_string(root.join("config/shared.env")).unwrap(),
        "LOG_LEVEL=info\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/config.ts")).unwrap(),
        source
    );
}

#[test]
fn a_fifo_env_file_found_by_walking_is_unread_input_unless_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".env", "PORT=8080\n");
    std::fs::create_dir_all(root.join("worker")).unwrap();
    crate::support::mkfifo(&root.join("worker/.env"));
    for args in [&["env"][..], &["keys"]] {
        let run = keylint(root, args);
        assert_eq!(run.code, 2, "keylint {args:?}:\n{}", run.transcript());
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(
            said.contains("worker/.env") && said.contains("not a regular file (a FIFO)"),
            "keylint {args:?}:\n{}",
            run.transcript()
        );
    }
    // Excluded: never looked at, not an error.
    write(root, "keylint.toml", "[scan]\nexclude = [\"worker/**\"]\n");
    for args in [&["env"][..], &["keys"]] {
        let run = keylint(root, args);
        assert_eq!(run.code, 0, "keylint {args:?}:\n{}", run.transcript());
    }
}

#[test]
fn a_fifo_is_never_opened_and_is_called_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::support::mkfifo(&root.join(".env"));
    write(
        root,
        "src/config.ts",
        &format!("export const openai = \"{}\";\n", openai_key(22)),
    );
    for args in [
        &["env", ".env"][..],
        &["env", "--diff", ".env"],
        &["keys", ".env"],
        &["fix", "--dry-run"],
        &["fix", "--yes"],
    ] {
        let run = keylint(root, args);
        assert_eq!(run.code, 2, "keylint {args:?}:\n{}", run.transcript());
        assert!(
            run.stderr.contains("not a regular file (a FIFO)"),
            "keylint {args:?}:\n{}",
            run.transcript()
        );
    }
}

/// `keylint fix` at its `[y/N]` prompt (in a pseudo-terminal, through `script`) while the user
/// saves an edit: answering `y` must not overwrite the edit.
#[test]
fn fix_refuses_files_changed_while_the_prompt_waited() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = openai_key(23);
    write(root, ".env", "LOG_LEVEL=info\n");
    write(
        root,
        "src/config.ts",
        &format!("export const openai = \"{key}\";\n"),
    );
    let bin = assert_cmd::cargo::cargo_bin("keylint");
    let mut child = std::process::Command::new("script")
        .current_dir(root)
        .args(["-qfec", &format!("'{}' fix", bin.display()), "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut stdout = child.stdout.take().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let started = Instant::now();
    while !String::from_utf8_lossy(&seen.lock().unwrap()).contains("[y/N]") {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no prompt: {}",
            String::from_utf8_lossy(&seen.lock().unwrap())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The user saves edits to both files while keylint waits.
    let edited_source = format!("// reviewed\nexport const openai = \"{key}\";\n");
    write(root, "src/config.ts", &edited_source);
    write(root, ".env", "LOG_LEVEL=debug\n");
    child.stdin.take().unwrap().write_all(b"y\n").unwrap();
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let said = String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    assert!(
        said.contains("changed since read: nothing written"),
        "{status:?}\n{said}"
    );
    assert!(!said.contains(&key), "{said}");
    assert_eq!(
        std::fs::read_to_string(root.join("src/config.ts")).unwrap(),
        edited_source
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".env")).unwrap(),
        "LOG_LEVEL=debug\n"
    );
    assert_eq!(names(root), [".env", "src"]);
}

/// SIGINT or SIGTERM while `keylint env --fix` writes: the temporary copy of the `.env` (all
/// its secrets) is removed, and the `.env` is either as it was or fully fixed.
#[test]
fn a_signal_during_the_write_leaves_no_copy_behind() {
    use std::os::unix::process::ExitStatusExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let env = root.join(".env");
    let value = "x".repeat(20_000);
    let lines = |between: &str| -> String {
        (0..200)
            .flat_map(|i| {
                [
                    format!("K{i}"),
                    between.to_owned(),
                    value.clone(),
                    "\n".to_owned(),
                ]
            })
            .collect()
    };
    let (original, fixed) = (lines(" = "), lines("="));
    let bin = assert_cmd::cargo::cargo_bin("keylint");
    let mut caught = 0;
    for attempt in 0..10 {
        std::fs::write(&env, &original).unwrap();
        let mut child = std::process::Command::new(&bin)
            .current_dir(root)
            .args(["env", "--fix", "--format", "concise"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let signal = if attempt % 2 == 0 { "-INT" } else { "-TERM" };
        let mut temp = None;
        while child.try_wait().unwrap().is_none() {
            if let Some(name) = names(root).into_iter().find(|n| n != ".env") {
                let sent = std::process::Command::new("kill")
                    .args([signal, &child.id().to_string()])
                    .status()
                    .unwrap();
                assert!(sent.success());
                temp = Some(name);
                break;
            }
        }
        let status = child.wait().unwrap();
        assert_eq!(names(root), [".env"], "after {status:?} ({temp:?})");
        let now = std::fs::read_to_string(&env).unwrap();
        assert!(now == original || now == fixed, "the .env is half written");
        if let Some(name) = temp {
            assert!(
                name.starts_with(".env."),
                "{name} is not covered by `.env*`"
            );
            assert!(status.signal().is_some() || status.success(), "{status:?}");
            caught += 1;
            if caught == 2 {
                return;
            }
        }
    }
    panic!("never caught keylint while it was writing ({caught} times)");
}

/// Run as root, `env --fix` leaves a user's `0600` `.env` theirs (a root-owned replacement
/// would lock them out of it). Only root can give a file away: elsewhere this checks nothing
/// more than the unit tests.
#[test]
fn env_fix_as_root_keeps_the_owner_and_group() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    std::fs::write(&env, "A = 1\n").unwrap();
    chmod(&env, 0o600);
    if std::os::unix::fs::chown(&env, Some(4242), Some(4343)).is_err() {
        eprintln!("skipped: not root");
        return;
    }
    let run = keylint(dir.path(), &["env", "--fix"]);
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        "A=1\n",
        "{}",
        run.transcript()
    );
    let meta = std::fs::metadata(&env).unwrap();
    assert_eq!((meta.uid(), meta.gid(), mode(&env)), (4242, 4343, 0o600));
}

/// One source `keylint fix` may not rewrite (read-only) stops the whole fix before anything is
/// written: no `.env` holding secrets whose sources were left as they were, no silent rewrite.
#[test]
fn fix_writes_nothing_when_one_file_cannot_be_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let first = format!("export const openai = \"{}\";\n", openai_key(24));
    let second = format!("export const backup = \"{}\";\n", openai_key(25));
    write(root, "src/a.ts", &first);
    write(root, "src/b.ts", &second);
    chmod(&root.join("src/b.ts"), 0o444);
    let run = keylint(root, &["fix", "--yes"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("src/b.ts is read-only (mode 444)")
            && run.stderr.contains("nothing written"),
        "{}",
        run.transcript()
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/a.ts")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/b.ts")).unwrap(),
        second
    );
    assert_eq!(names(root), ["src"]);
}

/// `keylint args…` in `dir`, killed after 20 s: a hang fails the test quickly.
fn keylint_within_20s(dir: &Path, args: &[&str]) -> crate::support::Run {
    let out = assert_cmd::Command::cargo_bin("keylint")
        .expect("binary built")
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(20))
        .output()
        .expect("binary runs");
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_fifo_ignore_file_is_unread_input_never_a_hang() {
    for (ignore_file, scanned) in [("app/.ignore", "app"), (".gitignore", ".")] {
        let dir = repo();
        write(dir.path(), "app/lib/main.ts", "export const port = 8080;\n");
        write(dir.path(), "backend/.env", "PORT=8080\n");
        crate::support::mkfifo(&dir.path().join(ignore_file));
        let said = format!(
            "ignore file {ignore_file} is not a regular file (FIFO, socket or device): reading \
             it could block forever, so {scanned} was not scanned"
        );
        for args in [
            &["scan", "."][..],
            &["scan", ".", "--no-keys", "--format", "concise"],
            &["env"],
            &["keys"],
        ] {
            let run = keylint_within_20s(dir.path(), args);
            assert_eq!(run.code, 2, "keylint {args:?}:\n{}", run.transcript());
            // miette wraps long messages: compare without the wrapping.
            let flat = |text: &str| -> String {
                text.chars()
                    .filter(|c| !c.is_whitespace() && *c != '│')
                    .collect()
            };
            assert!(
                flat(&format!("{}{}", run.stdout, run.stderr)).contains(&flat(&said)),
                "keylint {args:?}:\n{}",
                run.transcript()
            );
        }
        let run = keylint_within_20s(dir.path(), &["scan", ".", "--no-keys"]);
        assert!(
            run.stdout
                .starts_with(&format!("  could not read {ignore_file}: {said}\n✗ scan incomplete: 1 path could not be read")),
            "{}",
            run.transcript()
        );
        assert_eq!(
            run.stderr,
            "error: 1 path could not be read; the scan is incomplete (exclude them with \
             --exclude or [scan] exclude)\n"
        );
    }
}
