//! A hostile repository: its config points every command git may run (fsmonitor, pager, filters,
//! textconv, external diff, `gpg.program`, hooks …) at a script that leaves a marker. keylint
//! reads git through libgit2 and must never run any of them, whatever command is run and
//! whether the repository is the scanned one or a vendored one nested inside it.

#![cfg(unix)] // FIFOs, modes, owners, signals, shell scripts

use std::path::Path;

use crate::support::{commit_all, git, git_ok, keylint, keylint_stdin, openai_key, repo, write};

/// Every config knob that names a command, each pointing at its own marker-writing script.
const KNOBS: [&str; 16] = [
    "core.fsmonitor",
    "core.pager",
    "core.editor",
    "core.sshCommand",
    "core.askPass",
    "pager.log",
    "pager.diff",
    "diff.external",
    "diff.hostile.textconv",
    "diff.hostile.command",
    "filter.hostile.clean",
    "filter.hostile.smudge",
    "filter.hostile.process",
    "gpg.program",
    "gpg.ssh.program",
    "credential.helper",
];

/// The git hooks a hostile repository ships.
const HOOKS: [&str; 5] = [
    "pre-commit",
    "pre-push",
    "post-checkout",
    "post-index-change",
    "reference-transaction",
];

/// Writes `<scripts>/<name>`: a script that leaves `<markers>/<name>` and passes its input
/// through (as a filter or pager would).
fn trap(scripts: &Path, markers: &Path, name: &str) -> String {
    let path = scripts.join(name.replace('.', "-"));
    let script = format!(
        "#!/bin/sh\ntouch '{}'\ncat 2>/dev/null\nexit 0\n",
        markers.join(name).display()
    );
    std::fs::write(&path, script).unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

/// Arms the repository at `dir`: every knob and hook points at a trap. Done after the last
/// commit, so that setting the repository up runs nothing.
fn arm(dir: &Path, scripts: &Path, markers: &Path) {
    for knob in KNOBS {
        git_ok(dir, &["config", knob, &trap(scripts, markers, knob)]);
    }
    git_ok(dir, &["config", "log.showSignature", "true"]);
    git_ok(dir, &["config", "core.hooksPath", ".git/hooks"]);
    let hooks = dir.join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    for hook in HOOKS {
        let trap = trap(scripts, markers, &format!("hook-{hook}"));
        std::fs::copy(trap, hooks.join(hook)).unwrap();
    }
}

/// Markers left so far.
fn markers_in(markers: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(markers)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn no_command_from_any_repository_config_is_ever_run() {
    let dir = repo();
    let root = dir.path();
    let traps = tempfile::tempdir().unwrap();
    let scripts = traps.path().join("scripts");
    let markers = traps.path().join("markers");
    std::fs::create_dir_all(&scripts).unwrap();
    std::fs::create_dir_all(&markers).unwrap();

    let key = openai_key(11);
    let other = openai_key(12);
    write(root, ".gitattributes", "* filter=hostile diff=hostile\n");
    write(root, "README.md", "hello\n");
    write(root, "src/old.ts", "export const note = 'nothing yet';\n");
    commit_all(root, "one");
    write(
        root,
        "src/config.ts",
        &format!("export const openai = \"{key}\";\n"),
    );
    write(root, ".env", &format!("OPENAI_API_KEY={other}\n"));
    commit_all(root, "two");
    // A vendored repository inside the scanned tree, with its own env file and staged change.
    let vendor = root.join("vendor/lib");
    std::fs::create_dir_all(&vendor).unwrap();
    git_ok(&vendor, &["init", "-q", "-b", "main"]);
    write(&vendor, ".gitattributes", "* filter=hostile diff=hostile\n");
    write(&vendor, ".env", &format!("OPENAI_API_KEY={other}\n"));
    write(&vendor, "lib.ts", "export const x = 1;\n");
    commit_all(&vendor, "vendored");
    // Something staged in the outer repository.
    write(root, "src/staged.ts", &format!("const k = \"{other}\";\n"));
    git_ok(root, &["add", "src/staged.ts"]);

    arm(root, &scripts, &markers);
    arm(&vendor, &scripts, &markers);
    assert_eq!(
        markers_in(&markers),
        Vec::<String>::new(),
        "setting up ran a trap"
    );

    let commands: [&[&str]; 16] = [
        &["scan", "."],
        &["scan", "--format", "json", "."],
        &["scan", "vendor/lib"],
        &["scan", "--staged"],
        &["scan", "--history"],
        &["scan", "--since", "HEAD~1"],
        &["env"],
        &["env", "vendor/lib/.env"],
        &["env", "--fix"],
        &["keys"],
        &["fix", "--dry-run"],
        &["baseline", "create"],
        &["hooks", "status"],
        &["hooks", "install", "--pre-push"],
        &["hook", "pre-commit"],
        &["fix", "--yes"],
    ];
    for args in commands {
        let run = keylint(root, args);
        assert!(
            run.code >= 0 && run.code <= 2,
            "keylint {args:?} crashed:\n{}",
            run.transcript()
        );
        assert_eq!(
            markers_in(&markers),
            Vec::<String>::new(),
            "keylint {args:?} ran a command from the repository's config:\n{}",
            run.transcript()
        );
    }
    // `fix` answering the prompt on stdin, in the vendored repository.
    let run = keylint_stdin(&vendor, &["fix"], "y\n");
    assert!(run.code >= 0, "{}", run.transcript());
    let run = keylint(
        root,
        &["hook", "pre-push", "origin", "https://example.org/x.git"],
    );
    assert!(run.code >= 0, "{}", run.transcript());
    assert_eq!(markers_in(&markers), Vec::<String>::new());

    // The traps are live: git itself springs them in both repositories (so this test can fail).
    for dir in [root, vendor.as_path()] {
        let _ = git(dir, &["status"]);
    }
    assert!(
        markers_in(&markers).contains(&"core.fsmonitor".to_owned()),
        "the traps did not work: {:?}",
        markers_in(&markers)
    );
}
