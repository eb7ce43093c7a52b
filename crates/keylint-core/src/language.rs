/// The syntax family of a file, decided from its name. Drives the generic detector and the fix
/// advice (`String.fromEnvironment` for Dart, `process.env` for JS …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// `.dart`
    Dart,
    /// `.js`, `.jsx`, `.mjs`, `.cjs`, `.ts`, `.tsx`, `.mts`, `.cts`, `.vue`, `.svelte`
    JavaScript,
    /// `.json`, `.jsonc`, `.json5`, `.arb`
    Json,
    /// `.yaml`, `.yml`
    Yaml,
    /// `.env`, `.env.*`, `*.env`
    Dotenv,
    /// `.sh`, `.bash`, `.zsh`, `.bashrc`, `.profile`, `Dockerfile`
    Shell,
    /// `.py`
    Python,
    /// `.properties`, `.ini`, `.cfg`, `.conf`, `gradle.properties`
    Properties,
    /// `.toml`
    Toml,
    /// `.xml`, `.plist`, `.csproj`, `.config`
    Xml,
    /// `.kt`, `.kts`, `.java`, `.swift`, `.go`, `.rs`, `.cs`, `.c`, `.cpp`, `.php`, `.rb`, `.scala` …
    OtherCode,
    /// Anything else (markdown, text …).
    Other,
}

impl Language {
    /// Decides the language of a path (only its file name is looked at).
    ///
    /// ```
    /// use keylint_core::Language;
    /// assert_eq!(Language::from_path("lib/core/config/app_config.dart"), Language::Dart);
    /// assert_eq!(Language::from_path("backend/.env.local"), Language::Dotenv);
    /// assert_eq!(Language::from_path("src/environments/environment.ts"), Language::JavaScript);
    /// assert_eq!(Language::from_path("docker-compose.yml"), Language::Yaml);
    /// ```
    pub fn from_path(path: &str) -> Language {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == ".env"
            || lower.starts_with(".env.")
            || std::path::Path::new(&lower)
                .extension()
                .is_some_and(|e| e == "env")
        {
            return Language::Dotenv;
        }
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.starts_with(".bash")
            || lower.starts_with(".zsh")
            || lower == ".profile"
        {
            return Language::Shell;
        }
        if lower == ".npmrc" || lower == ".pypirc" || lower == ".gitconfig" || lower == ".netrc" {
            return Language::Properties;
        }
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "dart" => Language::Dart,
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" | "vue" | "svelte"
            | "astro" => Language::JavaScript,
            "json" | "jsonc" | "json5" | "arb" | "ipynb" => Language::Json,
            "yaml" | "yml" => Language::Yaml,
            "sh" | "bash" | "zsh" | "ksh" | "fish" | "ps1" => Language::Shell,
            "py" | "pyw" => Language::Python,
            "properties" | "ini" | "cfg" | "conf" | "cnf" | "editorconfig" => Language::Properties,
            "toml" => Language::Toml,
            "xml" | "plist" | "csproj" | "config" | "xaml" | "xcconfig" | "storyboard" | "svg"
            | "html" | "htm" => Language::Xml,
            "kt" | "kts" | "java" | "swift" | "go" | "rs" | "cs" | "c" | "h" | "cc" | "cpp"
            | "hpp" | "m" | "mm" | "php" | "rb" | "scala" | "groovy" | "gradle" | "lua" | "pl"
            | "r" | "ex" | "exs" | "erl" | "clj" | "tf" | "hcl" | "sql" => Language::OtherCode,
            _ => Language::Other,
        }
    }
}
