//! Embeds every `rules/*.toml` file (adding a file is enough for it to be loaded) and turns the
//! catalog into static Rust data at build time, so that a process (a pre-commit hook runs one
//! per commit) does not parse 600 rules' TOML at start-up.
//!
//! The rules are parsed with the same `RuleSpec` deserializer as at run time: a rule file that
//! does not parse fails the build, with the file name and the parser's message.
use std::fmt::Write as _;
use std::path::Path;

use keylint_core::rule::{Exposure, RuleSpec, SecretGroup};

fn main() {
    // Read at run time: a build-script binary reused from another checkout must not look there.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("rules/ directory")
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .collect();
    names.sort();
    let mut files = String::from(
        "/// Every embedded rule file: (file stem, contents).\npub const RULE_FILES: &[(&str, &str)] = &[\n",
    );
    let mut rules = String::from(
        "/// Every built-in rule, pre-parsed at build time from `rules/*.toml`, in file order.\nstatic BUILTIN: &[Builtin] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = name.trim_end_matches(".toml");
        writeln!(files, "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{name}\"))),").unwrap();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read rules/{name}: {e}"));
        let mut parsed: RuleFile = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("built-in rules/{name} is invalid: {e}"));
        for rule in &mut parsed.rule {
            rule.widen_name_joins();
            // The noise scoring reads a rule's kind: where the other fields leave it open (a
            // keyword that may be the secret's prefix or only its context), the file must say.
            assert!(
                rule.kind.is_some() || rule.derived_kind().is_some(),
                "built-in rules/{name}: rule `{}` needs `kind` (format, named or slot): its keywords may be the secret's prefix or only its context",
                rule.id
            );
            write_rule(&mut rules, rule);
        }
    }
    files.push_str("];\n");
    rules.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    std::fs::write(out.join("rule_files.rs"), files).expect("write rule_files.rs");
    std::fs::write(out.join("builtin_rules.rs"), rules).expect("write builtin_rules.rs");
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// One `Builtin { … },` literal (the struct is defined in `src/lib.rs`). Every field of
/// `RuleSpec` is written here: a field added to it and not here makes `Builtin::spec` fail to
/// compile, and the `generated_catalog_matches_the_toml` test compares both forms.
fn write_rule(out: &mut String, r: &RuleSpec) {
    let pattern = r.pattern.as_ref().map(|p| {
        let span = p.span();
        format!("({:?}, {}, {})", p.get_ref(), span.start, span.end)
    });
    let secret_group = r.secret_group.map(|g| match g {
        SecretGroup::Index(i) => format!("SecretGroup::Index({i})"),
        SecretGroup::FirstMatched => "SecretGroup::FirstMatched".to_owned(),
    });
    let require: Vec<String> = r
        .require
        .iter()
        .map(|c| format!("CharClass::{c:?}"))
        .collect();
    let fields = [
        ("id", format!("{:?}", r.id)),
        ("name", format!("{:?}", r.name)),
        ("description", format!("{:?}", r.description)),
        ("severity", format!("Severity::{:?}", r.severity)),
        ("pattern", option(pattern)),
        ("secret_group", option(secret_group)),
        (
            "path_regex",
            option(r.path_regex.as_ref().map(|s| format!("{s:?}"))),
        ),
        ("keywords", strings(&r.keywords)),
        (
            "keywords_case_sensitive",
            r.keywords_case_sensitive.to_string(),
        ),
        (
            "min_entropy",
            option(r.min_entropy.map(|f| format!("{f:?}"))),
        ),
        (
            "max_word_share",
            option(r.max_word_share.map(|f| format!("{f:?}"))),
        ),
        ("require", format!("&[{}]", require.join(", "))),
        (
            "checksum",
            option(r.checksum.map(|c| format!("Checksum::{c:?}"))),
        ),
        ("stopwords", strings(&r.stopwords)),
        ("paths", strings(&r.paths)),
        ("exclude_paths", strings(&r.exclude_paths)),
        ("priority", r.priority.to_string()),
        ("placeholder_filter", r.placeholder_filter.to_string()),
        ("env", strings(&r.env)),
        (
            "exposure",
            option(r.exposure.map(|e| match e {
                Exposure::ServerOnly => "Exposure::ServerOnly".to_owned(),
                Exposure::ClientSafe => "Exposure::ClientSafe".to_owned(),
            })),
        ),
        (
            "kind",
            option(r.kind.map(|k| format!("CredentialKind::{k:?}"))),
        ),
        (
            "rotate",
            option(r.rotate.as_ref().map(|s| format!("{s:?}"))),
        ),
        ("references", strings(&r.references)),
        ("examples", strings(&r.examples)),
        ("negative_examples", strings(&r.negative_examples)),
    ];
    out.push_str("    Builtin {\n");
    for (name, value) in fields {
        writeln!(out, "        {name}: {value},").unwrap();
    }
    out.push_str("    },\n");
}

fn option(value: Option<String>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

fn strings(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", items.join(", "))
}
