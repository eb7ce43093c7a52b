//! Where a file sits in a project, judged from its path alone: documentation, translations, test
//! data, CI service definitions, examples — places where secret-looking values are usually
//! samples, fixtures or throwaway service passwords rather than live credentials.
//!
//! The engine uses it to demand stronger evidence there: a free-form value (a generic match, a
//! password after a name) is reported at `low`; a provider key with a distinctive format is never
//! dropped (see [`crate::context`]).
//!
//! ```
//! use keylint_scan::place::Place;
//! assert_eq!(Place::of("docs/getting-started.mdx"), Some(Place::Docs));
//! assert_eq!(Place::of("lib/l10n/app_de.arb"), Some(Place::I18n));
//! assert_eq!(Place::of("tests/data/test1933"), Some(Place::TestData));
//! assert_eq!(Place::of(".github/workflows/ci.yml"), Some(Place::Ci));
//! assert_eq!(Place::of("backend/.env.example"), Some(Place::Example));
//! assert_eq!(Place::of("backend/.env"), None);
//! ```

/// A kind of place where secret-looking values are usually not live credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// Documentation: Markdown, MDX, reStructuredText, `AsciiDoc`, READMEs, `docs/` trees.
    Docs,
    /// Translation resources: `.arb`, `.po`, XLIFF, `locales/`, `i18n/`, `l10n/` trees.
    I18n,
    /// Tests, test data and fixtures.
    TestData,
    /// CI definitions, whose service containers run throwaway databases.
    Ci,
    /// Example and sample configuration: `*.example`, `*.sample`, `.env.example`, templates.
    Example,
}

impl Place {
    /// What findings in this place are said to be, in a finding's message.
    pub fn describe(self) -> &'static str {
        match self {
            Place::Docs => "documentation",
            Place::I18n => "a translation resource",
            Place::TestData => "test code or test data",
            Place::Ci => "a CI definition",
            Place::Example => "an example or template file",
        }
    }

    /// The place of a file, from its path (relative, `/`-separated); `None` for ordinary
    /// source and configuration.
    pub fn of(path: &str) -> Option<Place> {
        let lower = path.to_ascii_lowercase();
        let (dirs, name) = match lower.rsplit_once('/') {
            Some((dirs, name)) => (dirs, name),
            None => ("", lower.as_str()),
        };
        let dirs: Vec<&str> = dirs.split('/').filter(|d| !d.is_empty()).collect();
        if is_example(name) {
            return Some(Place::Example);
        }
        if is_i18n(&dirs, name) {
            return Some(Place::I18n);
        }
        if is_docs(&dirs, name) {
            return Some(Place::Docs);
        }
        if is_ci(&dirs, name) {
            return Some(Place::Ci);
        }
        let original = path.rsplit('/').next().unwrap_or(path);
        if is_test(&dirs, name, original) {
            return Some(Place::TestData);
        }
        None
    }
}

/// The extension of a lowercase file name (after the last dot), if any.
fn extension(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(_, ext)| ext)
}

/// `.env.example`, `config.sample.yml`, `settings.py.template`, `app.dist.json`.
fn is_example(name: &str) -> bool {
    const MARKERS: &[&str] = &["example", "sample", "dist"];
    // `config.yaml.tpl` is a template of a config; `_helpers.tpl` (Helm) is code.
    const TEMPLATE_MARKERS: &[&str] = &["template", "tmpl", "tpl"];
    let parts: Vec<&str> = name.split('.').collect();
    // The stem alone (`example`, `sample.py`) is a program, not a template of a config.
    (parts.len() > 1 && parts[1..].iter().any(|p| MARKERS.contains(p)))
        || (parts.len() > 2 && parts[1..].iter().any(|p| TEMPLATE_MARKERS.contains(p)))
}

fn is_i18n(dirs: &[&str], name: &str) -> bool {
    const DIRS: &[&str] = &[
        "i18n",
        "l10n",
        "locale",
        "locales",
        "translations",
        "translation",
        "lang",
        "langs",
    ];
    matches!(
        extension(name),
        Some("arb" | "po" | "pot" | "xlf" | "xliff")
    ) || dirs.iter().any(|d| DIRS.contains(d))
        || is_translation_module(name)
}

/// A translation module outside a translation directory: `translations.ts`, `i18n.js`, or a
/// module named by its language (`da.ts`, `de-DE.json`, `nb_NO.yaml`, `messages.sv.ts`).
fn is_translation_module(name: &str) -> bool {
    /// ISO 639-1 codes of the languages translation modules are commonly named by.
    const LANGUAGES: &[&str] = &[
        "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
        "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "nb", "nl", "nn", "no", "pl", "pt", "ro",
        "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
    ];
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(
        ext,
        "json" | "ts" | "js" | "mjs" | "cjs" | "yaml" | "yml" | "properties" | "toml"
    ) {
        return false;
    }
    let language = |part: &str| {
        // `de`, `de-de`, `nb_no`, `zh-hans` (the name is lowercase here).
        let code = part.split(['-', '_']).next().unwrap_or(part);
        let region_ok = part.len() == code.len()
            || (3..=7).contains(&(part.len() - code.len()))
                && part[code.len() + 1..]
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic());
        LANGUAGES.contains(&code) && region_ok
    };
    matches!(stem, "translations" | "translation" | "i18n" | "l10n")
        || language(stem)
        || stem.rsplit_once('.').is_some_and(|(base, lang)| {
            matches!(base, "messages" | "strings" | "translations") && language(lang)
        })
}

fn is_docs(dirs: &[&str], name: &str) -> bool {
    matches!(
        extension(name),
        Some("md" | "mdx" | "markdown" | "rst" | "adoc" | "asciidoc")
    ) || ["readme", "contributing", "changelog"]
        .iter()
        .any(|stem| name == *stem || name.starts_with(&format!("{stem}.")))
        || dirs
            .iter()
            .any(|d| matches!(*d, "docs" | "doc" | "documentation" | "docs_src" | "docs-src"))
        // The documentation site's own config (its search key is public by design).
        || name.starts_with("docusaurus.config.")
}

fn is_ci(dirs: &[&str], name: &str) -> bool {
    (dirs.len() >= 2 && dirs[0] == ".github" && dirs[1] == "workflows")
        || dirs.first().is_some_and(|d| *d == ".circleci" || *d == ".buildkite")
        // Helm chart-testing values (`charts/x/ci/*-values.yaml`) and CI script folders.
        || dirs.last().is_some_and(|d| *d == "ci" || *d == ".ci")
        || matches!(
            name,
            ".gitlab-ci.yml"
                | ".travis.yml"
                | "azure-pipelines.yml"
                | "bitbucket-pipelines.yml"
                | ".drone.yml"
                | "jenkinsfile"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
        )
}

/// `dirs` and `name` are lowercase; `original` is the file name as written (`FooTest.java`).
fn is_test(dirs: &[&str], name: &str, original: &str) -> bool {
    const DIRS: &[&str] = &[
        "test",
        "tests",
        "__tests__",
        "testdata",
        "test-data",
        "test_data",
        "testing",
        "fixtures",
        "__fixtures__",
        "fixture",
        "__mocks__",
        "mocks",
        "spec",
        "e2e",
        "integration-tests",
        "unit-tests",
        "testutil",
        "testutils",
        "test-utils",
        "test_utils",
        "androidtest",
    ];
    if dirs.iter().any(|d| DIRS.contains(d)) {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name);
    let original_stem = original.split('.').next().unwrap_or(original);
    name.contains(".test.")
        || name.contains(".spec.")
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.ends_with("_spec")
        || original_stem.ends_with("Test")
        || original_stem.ends_with("Tests")
        || stem == "conftest"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        for (path, place) in [
            ("README.md", Some(Place::Docs)),
            ("charts/argo-cd/README.md.gotmpl", Some(Place::Docs)),
            ("docs/orm/reference/api.mdx", Some(Place::Docs)),
            ("CONTRIBUTING.md", Some(Place::Docs)),
            ("doc/index.rst", Some(Place::Docs)),
            ("src/locales/de.json", Some(Place::I18n)),
            ("packages/client/src/i18n/da.ts", Some(Place::I18n)),
            ("lib/l10n/intl_en.arb", Some(Place::I18n)),
            ("po/fr.po", Some(Place::I18n)),
            ("packages/ui/src/da.ts", Some(Place::I18n)),
            ("apps/web/public/static/de-DE.json", Some(Place::I18n)),
            ("src/nb_NO.yaml", Some(Place::I18n)),
            ("src/messages.sv.ts", Some(Place::I18n)),
            ("src/translations.ts", Some(Place::I18n)),
            ("src/id.ts", Some(Place::I18n)),
            ("src/db.ts", None),
            ("src/config.ts", None),
            ("src/de-facto.rs", None),
            ("src/sv-settings.json", None),
            ("tests/data/test1933", Some(Place::TestData)),
            ("test/services/account_test.dart", Some(Place::TestData)),
            ("src/__tests__/auth.ts", Some(Place::TestData)),
            ("src/auth.spec.ts", Some(Place::TestData)),
            ("tests/test_client.py", Some(Place::TestData)),
            ("app/src/androidTest/Foo.kt", Some(Place::TestData)),
            ("src/test/java/FooTest.java", Some(Place::TestData)),
            (".github/workflows/ci.yml", Some(Place::Ci)),
            (".gitlab-ci.yml", Some(Place::Ci)),
            (
                "charts/argo-rollouts/ci/enable-extra-objects-values.yaml",
                Some(Place::Ci),
            ),
            ("docs_src/security/tutorial004_py310.py", Some(Place::Docs)),
            ("www/docusaurus.config.ts", Some(Place::Docs)),
            (".env.example", Some(Place::Example)),
            ("config/settings.sample.yml", Some(Place::Example)),
            ("inventory.winrm.template", Some(Place::Example)),
            ("config/app.yaml.tmpl", Some(Place::Example)),
            ("bitnami/chainloop/templates/_helpers.tpl", None),
            (".env", None),
            ("lib/core/config/app_config.dart", None),
            ("docker-compose.yml", None),
            ("src/latest.ts", None),
            ("src/contest/config.ts", None),
            // Smoke tests call real services with real credentials.
            ("scripts/smoke-test.sh", None),
        ] {
            assert_eq!(Place::of(path), place, "{path}");
        }
    }
}
