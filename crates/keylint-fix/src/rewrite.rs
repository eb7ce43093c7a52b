//! The advice carried out: the edit that replaces a hardcoded secret by a read of an environment
//! variable, for the shapes where that is syntactically safe, or the reason it is not.
//!
//! Three kinds of files are rewritten (what `keylint fix` does):
//! - Dart: the string literal becomes `String.fromEnvironment('NAME')` (`const` added where the
//!   context is not already a const declaration), read at build time with
//!   `--dart-define-from-file`;
//! - TS/JS: the string literal becomes `process.env.NAME`;
//! - docker-compose: an `environment:` value becomes `${NAME}`, which compose fills from the
//!   `.env` of the project directory; `LIVEKIT_KEYS: "key: secret"` becomes
//!   `"${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}"`.
//!
//! Anything else is refused with a reason: a secret that is only part of a string, a string
//! with escapes or interpolation (the program would not see the text as written), a literal
//! in an expression other than an assignment or an argument, browser code, JSON …
//!
//! ```
//! use keylint_fix::rewrite::{rewrite_literal, Target};
//! let line = "  static const String openAiKey = 'sk-abc';";
//! let start = line.find("sk-").unwrap();
//! let (range, text) = rewrite_literal(line, start..start + 6, Target::Dart, "OPENAI_KEY").unwrap();
//! let mut out = line.to_owned();
//! out.replace_range(range, &text);
//! assert_eq!(out, "  static const String openAiKey = String.fromEnvironment('OPENAI_KEY');");
//! ```

use std::fmt;
use std::ops::Range;

use keylint_core::diagnostic::Edit;
use keylint_core::{Finding, Language};

use keylint_report::advice::{
    code_name, dart_default_value, dart_read, file_name, is_compose, is_livekit_config,
    is_server_only, statement, suggested_name,
};

/// The kind of file a rewrite is for; it decides how the variable reaches the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Dart / Flutter: `String.fromEnvironment`, defined at build time.
    Dart,
    /// TypeScript / JavaScript run by Node: `process.env`.
    JavaScript,
    /// docker-compose `environment:`: `${NAME}` interpolation.
    Compose,
}

/// A variable to define in the env file. `Debug` masks the value.
#[derive(Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// Variable name (`[A-Z_][A-Z0-9_]*`).
    pub name: String,
    /// The value, raw: the secret itself. Never print it.
    pub value: String,
}

impl fmt::Debug for EnvVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EnvVar({}={})",
            self.name,
            keylint_core::mask(&self.value)
        )
    }
}

/// A planned rewrite of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// What replaces the literal (or the compose value) in the file.
    pub edit: Edit,
    /// What the env file must define for the rewritten source to read the same values.
    pub vars: Vec<EnvVar>,
    /// The kind of file.
    pub target: Target,
    /// The credential is one only a server may hold (see [`is_server_only`]).
    pub server_only: bool,
    /// The name the code gives the value, used when the provider's name is taken by another
    /// value in the same env file (two keys of one provider).
    pub fallback: Option<String>,
}

impl Rewrite {
    /// Reads `to` instead of `from` (a variable that already holds the same value).
    pub fn rename(&mut self, from: &str, to: &str) {
        let mut out = String::with_capacity(self.edit.replacement.len());
        let text = self.edit.replacement.as_str();
        let mut at = 0;
        while let Some(i) = text[at..].find(from).map(|i| at + i) {
            let end = i + from.len();
            let bounded =
                !text[..i].ends_with(is_name_char) && !text[end..].starts_with(is_name_char);
            out.push_str(&text[at..i]);
            out.push_str(if bounded { to } else { from });
            at = end;
        }
        out.push_str(&text[at..]);
        self.edit.replacement = out;
        for var in &mut self.vars {
            if var.name == from {
                to.clone_into(&mut var.name);
            }
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// What to do with one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Rewrite the source and define the variables.
    Rewrite(Rewrite),
    /// Leave it: the rewrite would not be safe, for this reason (no secret in it).
    Refuse(String),
    /// The finding is in an env file already: nothing to move.
    InEnvFile,
}

/// Public prefixes of bundlers: a variable under one of them is compiled into browser code.
const PUBLIC_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "EXPO_PUBLIC_",
    "REACT_APP_",
    "NUXT_PUBLIC_",
    "PUBLIC_",
];

/// Plans the rewrite of `finding` in `text`, the current content of its file.
pub fn plan(finding: &Finding, text: &str) -> Plan {
    let path = finding.location.path.as_str();
    let language = Language::from_path(path);
    if language == Language::Dotenv {
        return Plan::InEnvFile;
    }
    let range = finding.location.byte_start..finding.location.byte_end;
    if text.get(range.clone()) != Some(finding.secret.as_str()) {
        return Plan::Refuse(
            "the file is not the UTF-8 text that was scanned (changed since, or another \
             encoding)"
                .into(),
        );
    }
    let file = file_name(path);
    let target = match language {
        Language::Dart => Target::Dart,
        Language::JavaScript => {
            let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
            if matches!(ext, "vue" | "svelte" | "astro") || text.contains("import.meta.env") {
                return Plan::Refuse(
                    "this is browser code (a component, or it reads `import.meta.env`): every \
                     value in a bundle is public, and `process.env` does not exist there; keep \
                     the secret on a server and call it from here"
                        .into(),
                );
            }
            Target::JavaScript
        }
        Language::Yaml if is_compose(&file) => Target::Compose,
        Language::Yaml if is_livekit_config(&file) => {
            return Plan::Refuse(
                "livekit.yaml cannot read environment variables: remove `keys:` and give the \
                 server its keys with the `LIVEKIT_KEYS` environment variable or `key_file:`"
                    .into(),
            );
        }
        Language::Json => {
            return Plan::Refuse(
                "JSON cannot read environment variables: move the value out of this file by \
                 hand (or keep the file out of git)"
                    .into(),
            );
        }
        _ => {
            return Plan::Refuse(
                "keylint fix rewrites Dart, TypeScript/JavaScript and docker-compose files \
                 only; `keylint scan` shows the fix for this one"
                    .into(),
            );
        }
    };
    let planned = match target {
        Target::Compose => compose(finding, text, range),
        Target::Dart | Target::JavaScript => variable_name(finding).and_then(|name| {
            let (literal, replacement) = rewrite_literal(text, range, target, &name)?;
            Ok((
                Edit::replace(literal, replacement),
                vec![EnvVar {
                    name,
                    value: finding.secret.clone(),
                }],
            ))
        }),
    };
    match planned {
        Ok((edit, vars)) => Plan::Rewrite(Rewrite {
            fallback: (target != Target::Compose)
                .then(|| public_name(&code_name(finding)))
                .filter(|name| {
                    is_env_name(name)
                        && vars.iter().all(|v| v.name != *name)
                        && vars.iter().all(|v| edit.replacement.contains(&v.name))
                }),
            edit,
            vars,
            target,
            server_only: is_server_only(&finding.rule_id),
        }),
        Err(reason) => Plan::Refuse(reason),
    }
}

/// The variable name for a finding: the identifier it is assigned to (or the rule id), without
/// a bundler's public prefix; refused when that is not a portable variable name.
fn variable_name(finding: &Finding) -> Result<String, String> {
    let name = public_name(&suggested_name(finding));
    if is_env_name(&name) {
        Ok(name)
    } else {
        Err(format!(
            "`{name}` is not a usable environment variable name; move it by hand"
        ))
    }
}

/// `name` without a bundler's public prefix.
fn public_name(name: &str) -> String {
    PUBLIC_PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name)
        .to_owned()
}

use keylint_rules::is_env_name;

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The range of the string literal (quotes included) that is exactly `secret` in `text`, and
/// what replaces it: a read of `name` for `target` (Dart or JS). `Err` says why that would not
/// be safe.
pub fn rewrite_literal(
    text: &str,
    secret: Range<usize>,
    target: Target,
    name: &str,
) -> Result<(Range<usize>, String), String> {
    let literal = literal_around(text, secret, target)?;
    let before = &text[..literal.start];
    let before_trimmed = before.trim_end();
    if !assignment_like(before_trimmed) {
        return Err(
            "the string is not assigned or passed as an argument (a comparison, a `case`, \
             a concatenation …): rewriting it could change what the code does; move it by hand"
                .into(),
        );
    }
    if before_trimmed.ends_with("||") || before_trimmed.ends_with("??") {
        return Err(
            "the secret is a fallback value (`|| '…'` / `?? '…'`): delete the fallback and \
             define the variable instead"
                .into(),
        );
    }
    let after = text[literal.end..].trim_start_matches([' ', '\t']);
    let ends_expression = after.is_empty()
        || after.starts_with([';', ',', ')', ']', '}', '\n', '\r'])
        || after.starts_with("//")
        || after.starts_with("/*");
    if !ends_expression {
        return Err(
            "the string is part of a larger expression (concatenation, method call, adjacent \
             strings …); move it by hand"
                .into(),
        );
    }
    let replacement = match target {
        // `String.fromEnvironment('X', defaultValue: '<secret>')`: drop the fallback.
        Target::Dart => match dart_default_value(before) {
            Some((comma, _)) => return Ok((comma..literal.end, String::new())),
            None => dart_read(before_trimmed, name),
        },
        // `process.env.X` is `string | undefined`: a declaration typed `string` needs the
        // assertion to still compile.
        Target::JavaScript if typed_string_declaration(before_trimmed) => {
            format!("process.env.{name}!")
        }
        Target::JavaScript => format!("process.env.{name}"),
        Target::Compose => return Err("a compose value is not a code literal".into()),
    };
    Ok((literal, replacement))
}

/// The whole literal around `secret`, when the literal's content is exactly the secret and the
/// program sees it as written (no escapes, no interpolation).
fn literal_around(
    text: &str,
    secret: Range<usize>,
    target: Target,
) -> Result<Range<usize>, String> {
    let quotes: &[char] = match target {
        Target::JavaScript => &['\'', '"', '`'],
        _ => &['\'', '"'],
    };
    let open = text[..secret.start].chars().next_back();
    let close = text[secret.end..].chars().next();
    let quote = match (open, close) {
        (Some(o), Some(c)) if o == c && quotes.contains(&o) => o,
        _ => return Err(why_not_whole_literal(text, secret, target)),
    };
    let mut start = secret.start - 1;
    let before = &text[..start];
    if before.ends_with(quote) {
        return Err("the secret is in a multi-line (triple-quoted) string; move it by hand".into());
    }
    let mut raw = false;
    if target == Target::Dart {
        if let Some(rest) = before.strip_suffix(['r', 'R']) {
            if !rest.ends_with(is_ident_char) {
                raw = true;
                start -= 1;
            }
        }
    }
    let content = &text[secret.clone()];
    if content.contains(['\n', '\r']) {
        return Err("the string spans several lines; move it by hand".into());
    }
    if !raw && content.contains('\\') {
        return Err(
            "the string holds escape sequences, so the program does not see the text as \
             written; move it by hand"
                .into(),
        );
    }
    if quote == '`' && content.contains("${") {
        return Err(
            "the secret is in a template literal with interpolation (`${…}`); move it by hand"
                .into(),
        );
    }
    if target == Target::Dart && !raw && content.contains('$') {
        return Err(
            "the Dart string interpolates `$…`, so the program does not see the text as \
             written; move it by hand"
                .into(),
        );
    }
    Ok(start..secret.end + 1)
}

/// Why the secret is not a whole string literal, for the refusal message.
fn why_not_whole_literal(text: &str, secret: Range<usize>, target: Target) -> String {
    let line_start = text[..secret.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[secret.end..]
        .find('\n')
        .map_or(text.len(), |i| secret.end + i);
    let prefix = &text[line_start..secret.start];
    let quote_at = prefix.rfind(['\'', '"', '`']);
    match quote_at.map(|i| (i, prefix[i..].chars().next())) {
        Some((i, Some('`'))) if target == Target::JavaScript => {
            let rest = &text[secret.end..line_end];
            let literal_rest = rest.find('`').map_or(rest, |j| &rest[..j]);
            if prefix[i..].contains("${") || literal_rest.contains("${") {
                "the secret is in a template literal with interpolation (`${…}`): rewriting it \
                 would change the string; build it from `process.env` by hand"
                    .into()
            } else {
                "the secret is only part of a template literal; move it by hand".into()
            }
        }
        Some(_) => "the secret is only part of a string (a prefix such as `Bearer ` or a URL \
                    around it); move it by hand"
            .into(),
        None => "the secret is not a string literal (a comment, or unquoted text); move it by \
                 hand"
            .into(),
    }
}

/// Whether the code before a literal makes it an assigned value or an argument: `=` (not `==`,
/// `!=`, `<=`, `>=`, `+=` …), `=>`, `:`, `(`, `,`, `[`, `return`, or a fallback operator
/// (refused with its own message).
fn assignment_like(before: &str) -> bool {
    if before.ends_with("=>") || before.ends_with("||") || before.ends_with("??") {
        return true;
    }
    if let Some(rest) = before.strip_suffix('=') {
        return !rest.ends_with([
            '=', '!', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '?', '~',
        ]);
    }
    if before.ends_with([':', '(', ',', '[']) {
        return !ends_with_word(before.trim_end_matches(':').trim_end(), "case")
            && !before.ends_with("::");
    }
    ends_with_word(before, "return")
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| !rest.ends_with(is_ident_char))
}

/// `name: string =`: a TypeScript declaration typed `string`.
fn typed_string_declaration(before: &str) -> bool {
    statement(before)
        .strip_suffix('=')
        .map(str::trim_end)
        .and_then(|d| d.strip_suffix("string"))
        .is_some_and(|d| d.trim_end().ends_with(':'))
}

/// A docker-compose `environment:` entry whose value is the secret (map `KEY: value` or list
/// `- KEY=value`), or a quoted `LIVEKIT_KEYS: "key: secret"` with one pair.
fn compose(
    finding: &Finding,
    text: &str,
    secret: Range<usize>,
) -> Result<(Edit, Vec<EnvVar>), String> {
    let line_start = text[..secret.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[secret.start..]
        .find('\n')
        .map_or(text.len(), |i| secret.start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    let is_list = body.starts_with("- ");
    if !in_environment_block(&text[..line_start], indent, is_list) {
        return Err(
            "only the `environment:` entries of a compose service are rewritten; move it by \
             hand"
                .into(),
        );
    }
    let entry_offset = if is_list {
        indent + 2 + (body[2..].len() - body[2..].trim_start().len())
    } else {
        indent
    };
    let entry = &line[entry_offset..];
    let base = line_start + entry_offset;
    let (key, value, quote) = if is_list {
        list_entry(entry)
    } else {
        map_entry(entry)
    }
    .ok_or_else(|| {
        "the entry is not a plain `KEY: value` or `- KEY=value`; move it by hand".to_owned()
    })?;
    let value = value.start + base..value.end + base;
    let content = &text[value.clone()];
    if content.contains('$') {
        return Err(
            "the value holds `$`, which compose interpolates: the container does not see it as \
             written; move it by hand"
                .into(),
        );
    }
    if (quote == Some('"') && content.contains('\\'))
        || (quote == Some('\'') && content.contains('\''))
    {
        return Err("the value holds escapes; move it by hand".into());
    }
    if !is_env_name(key) && !key.eq_ignore_ascii_case("livekit_keys") {
        return Err(format!(
            "`{key}` is not a usable environment variable name; move it by hand"
        ));
    }
    if value == secret {
        return Ok((
            Edit::replace(value, format!("${{{key}}}")),
            vec![EnvVar {
                name: key.to_owned(),
                value: finding.secret.clone(),
            }],
        ));
    }
    if key.eq_ignore_ascii_case("livekit_keys") {
        return livekit_keys(text, value, secret, quote);
    }
    Err(
        "the secret is only part of the value; move it by hand (compose reads `${NAME}` \
         anywhere in a value)"
            .into(),
    )
}

/// `LIVEKIT_KEYS: "<key>: <secret>"` → `"${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}"`.
fn livekit_keys(
    text: &str,
    value: Range<usize>,
    secret: Range<usize>,
    quote: Option<char>,
) -> Result<(Edit, Vec<EnvVar>), String> {
    let content = &text[value.clone()];
    if content.contains(',') {
        return Err(
            "LIVEKIT_KEYS lists several key pairs; move them by hand (one pair per deployment \
             is the usual setup)"
                .into(),
        );
    }
    if quote.is_none() {
        return Err(
            "an unquoted `key: secret` is a YAML mapping, not a string: quote the value first"
                .into(),
        );
    }
    let (api_key, rest) = content
        .split_once(':')
        .ok_or_else(|| "LIVEKIT_KEYS is not `key: secret`".to_owned())?;
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let secret_at = value.start + api_key.len() + 1 + gap;
    if secret_at != secret.start || secret.end != value.end || api_key.is_empty() {
        return Err("LIVEKIT_KEYS is not `key: secret`; move it by hand".into());
    }
    Ok((
        Edit::replace(value, "${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}"),
        vec![
            EnvVar {
                name: "LIVEKIT_API_KEY".into(),
                value: api_key.to_owned(),
            },
            EnvVar {
                name: "LIVEKIT_API_SECRET".into(),
                value: text[secret].to_owned(),
            },
        ],
    ))
}

/// Whether the line after `before` (indented by `indent`) is an entry of an `environment:`
/// mapping or sequence.
fn in_environment_block(before: &str, indent: usize, is_list: bool) -> bool {
    for line in before.lines().rev() {
        let line = line.trim_end_matches('\r');
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let ind = line.len() - body.len();
        let sibling = ind == indent && (!is_list || body.starts_with("- "));
        if ind > indent || sibling {
            continue;
        }
        let key = body.split(" #").next().unwrap_or(body).trim_end();
        return key == "environment:";
    }
    false
}

/// `KEY: value` → key, value range (inside quotes), quote.
fn map_entry(entry: &str) -> Option<(&str, Range<usize>, Option<char>)> {
    let colon = entry.find(':')?;
    let key = entry[..colon].trim_end();
    let after = &entry[colon + 1..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    if gap == 0 {
        return None;
    }
    let start = colon + 1 + gap;
    scalar(entry, start).map(|(range, quote)| (key, range, quote))
}

/// `KEY=value`, `"KEY=value"` or `'KEY=value'` → key, value range, quote.
fn list_entry(entry: &str) -> Option<(&str, Range<usize>, Option<char>)> {
    let (inner, quote) = scalar(entry, 0)?;
    let eq = entry[inner.clone()].find('=')? + inner.start;
    Some((&entry[inner.start..eq], eq + 1..inner.end, quote))
}

/// The scalar starting at `start`: inside its quotes, or up to a comment / the end.
fn scalar(entry: &str, start: usize) -> Option<(Range<usize>, Option<char>)> {
    let rest = &entry[start..];
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = rest[1..].find(q)? + 1;
            let tail = rest[close + 1..].trim_start();
            (tail.is_empty() || tail.starts_with('#'))
                .then_some((start + 1..start + close, Some(q)))
        }
        Some(_) => {
            let end = rest.find(" #").unwrap_or(rest.len());
            let value = rest[..end].trim_end();
            Some((start..start + value.len(), None))
        }
        None => None,
    }
}

/// How the variables get to the program for `target`, given the env file's path as the user
/// should type it and, for compose, whether it is not the `.env` of the compose file's
/// directory (compose then needs `--env-file`).
pub fn how_to_load(target: Target, env_file: &str, compose_elsewhere: bool) -> String {
    match target {
        Target::Dart => format!(
            "Dart reads them at build time: `flutter run --dart-define-from-file={env_file}` \
             (and the same for `flutter build`); `String.fromEnvironment` is empty when a \
             variable is not defined"
        ),
        Target::JavaScript => format!(
            "Node reads them at run time once the env file is loaded: `node \
             --env-file={env_file} …` (Node 20.6+) or `import 'dotenv/config'`; `process.env.X` \
             is `string | undefined` in TypeScript. Never give a secret a `NEXT_PUBLIC_`, \
             `VITE_` or `EXPO_PUBLIC_` name or read it with `import.meta.env`: those are \
             shipped to browsers"
        ),
        Target::Compose if compose_elsewhere => format!(
            "docker compose fills `${{NAME}}` from the `.env` of the project directory, which \
             is not {env_file}: run `docker compose --env-file {env_file} …`. No `env_file:` \
             was added to the services: it would hand every variable of the file to every \
             container"
        ),
        Target::Compose => format!(
            "docker compose fills `${{NAME}}` from {env_file} (the `.env` of the project \
             directory) when it starts; no `env_file:` was added to the services, which would \
             hand every variable of the file to every container"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(line: &str, secret: &str, target: Target) -> Result<String, String> {
        let start = line.find(secret).unwrap();
        let (range, text) = rewrite_literal(line, start..start + secret.len(), target, "KEY")?;
        let mut out = line.to_owned();
        out.replace_range(range, &text);
        Ok(out)
    }

    #[test]
    fn dart_shapes() {
        let ok = |line: &str| rewrite(line, "s3cr3t", Target::Dart).unwrap();
        assert_eq!(
            ok("static const String k = 's3cr3t';"),
            "static const String k = String.fromEnvironment('KEY');"
        );
        assert_eq!(
            ok("const k = \"s3cr3t\";"),
            "const k = String.fromEnvironment('KEY');"
        );
        assert_eq!(
            ok("  final String k = 's3cr3t';"),
            "  final String k = const String.fromEnvironment('KEY');"
        );
        assert_eq!(
            ok("const m = {'k': r's3cr3t'};"),
            "const m = {'k': const String.fromEnvironment('KEY')};"
        );
        assert_eq!(
            ok("String get k => 's3cr3t';"),
            "String get k => const String.fromEnvironment('KEY');"
        );
        assert_eq!(
            ok("Client(apiKey: 's3cr3t', x: 1)"),
            "Client(apiKey: const String.fromEnvironment('KEY'), x: 1)"
        );
        let no = |line: &str| rewrite(line, "s3cr3t", Target::Dart).unwrap_err();
        assert!(no("if (k == 's3cr3t') {}").contains("comparison"));
        assert!(no("case 's3cr3t':").contains("comparison"));
        assert!(no("const k = 'Bearer s3cr3t';").contains("only part"));
        assert!(no("const k = 's3cr3t' + x;").contains("larger expression"));
        assert!(no("const k = 's3cr3t' 'more';").contains("larger expression"));
        assert!(no("const k = '''s3cr3t''';").contains("triple"));
        assert!(
            rewrite("const k = 'ab\\ncd';", "ab\\ncd", Target::Dart)
                .unwrap_err()
                .contains("escape")
        );
        assert!(
            rewrite("const k = 'ab$cd';", "ab$cd", Target::Dart)
                .unwrap_err()
                .contains("interpolates")
        );
        assert!(no("// s3cr3t").contains("not a string literal"));
    }

    #[test]
    fn javascript_shapes() {
        let ok = |line: &str| rewrite(line, "s3cr3t", Target::JavaScript).unwrap();
        assert_eq!(ok("const k = \"s3cr3t\";"), "const k = process.env.KEY;");
        assert_eq!(ok("  apiKey: 's3cr3t',"), "  apiKey: process.env.KEY,");
        assert_eq!(ok("const k = `s3cr3t`"), "const k = process.env.KEY");
        assert_eq!(
            ok("const k: string = 's3cr3t';"),
            "const k: string = process.env.KEY!;"
        );
        assert_eq!(
            ok("new OpenAI({ apiKey: \"s3cr3t\" })"),
            "new OpenAI({ apiKey: process.env.KEY })"
        );
        let no = |line: &str| rewrite(line, "s3cr3t", Target::JavaScript).unwrap_err();
        assert!(no("const u = `wss://h/?id=${id}&k=s3cr3t`;").contains("interpolation"));
        assert!(no("const k = process.env.KEY || 's3cr3t';").contains("fallback"));
        assert!(no("if (k === 's3cr3t') {}").contains("comparison"));
    }

    #[test]
    fn renames_whole_names_only() {
        let mut r = Rewrite {
            edit: Edit::replace(0..1, "${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}"),
            vars: vec![EnvVar {
                name: "LIVEKIT_API_KEY".into(),
                value: "k".into(),
            }],
            target: Target::Compose,
            server_only: true,
            fallback: None,
        };
        r.rename("LIVEKIT_API_KEY", "LK_KEY");
        assert_eq!(r.edit.replacement, "${LK_KEY}: ${LIVEKIT_API_SECRET}");
        assert_eq!(r.vars[0].name, "LK_KEY");
        r.rename("KEY", "X");
        assert_eq!(r.edit.replacement, "${LK_KEY}: ${LIVEKIT_API_SECRET}");
    }

    #[test]
    fn compose_blocks() {
        let text = "services:\n  a:\n    environment:\n      # c\n      K: v\n    ports: []\n";
        let at = text.find("K: v").unwrap();
        assert!(in_environment_block(&text[..at], 6, false));
        let list = "services:\n  a:\n    environment:\n    - K=v\n";
        let at = list.find("- K").unwrap();
        assert!(in_environment_block(&list[..at], 4, true));
        let other = "services:\n  a:\n    labels:\n      K: v\n";
        let at = other.find("K: v").unwrap();
        assert!(!in_environment_block(&other[..at], 6, false));
        assert_eq!(map_entry("K: \"v\" # c"), Some(("K", 4..5, Some('"'))));
        assert_eq!(map_entry("K: v # c"), Some(("K", 3..4, None)));
        assert_eq!(list_entry("K=v"), Some(("K", 2..3, None)));
        assert_eq!(list_entry("'K=v'"), Some(("K", 3..4, Some('\''))));
    }
}
