//! Variable names in every spelling: `openAiApiKey` (Dart, TS), `openaiApiKey`,
//! `OPENAI_API_KEY` (env), `open-ai-api-key` (YAML, flags) are one name. One splitter into
//! words, then two forms: [`env_var_name`] to show and suggest, [`canonical`] to compare.
//!
//! ```
//! use keylint_core::names::{canonical, env_var_name};
//! assert_eq!(env_var_name("openAiApiKey"), "OPENAI_API_KEY");
//! assert_eq!(canonical("openaiApiKey"), canonical("OPENAI_API_KEY"));
//! assert_eq!(canonical("open-ai-api-key"), canonical("openAIApiKey"));
//! ```

/// Brand names that camel case splits (`liveKit`, `openAi`): joined again in [`env_var_name`].
const JOINED: &[(&str, &str)] = &[
    ("LIVE", "KIT"),
    ("OPEN", "AI"),
    ("GIT", "HUB"),
    ("GIT", "LAB"),
    ("DEEP", "SEEK"),
];

/// The words of a name, upper case: separators (`_`, `-`, `.`, space) split, so do a lower
/// case letter or digit followed by an upper case one (`apiKey`, `s3Bucket`) and the last
/// capital of an acronym followed by a lower case letter (`openAIKey` → `OPEN`, `AI`, `KEY`).
/// Digits stay with the word before them (`base64Key` → `BASE64`, `KEY`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || p.is_uppercase() && next.is_some_and(char::is_lowercase)
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_uppercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The environment-variable spelling of a name: `liveKitApiSecret` → `LIVEKIT_API_SECRET`,
/// `api-key` → `API_KEY`, `OPENAI_API_KEY` unchanged. Brand names split by camel case are
/// joined again (`openAi` → `OPENAI`, not `OPEN_AI`).
pub fn env_var_name(name: &str) -> String {
    let words = words(name);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        let join = out
            .last()
            .is_some_and(|last| JOINED.contains(&(last.as_str(), word.as_str())));
        match out.last_mut() {
            Some(last) if join => last.push_str(&word),
            _ => out.push(word),
        }
    }
    out.join("_")
}

/// The form names are compared in: the words without separators, upper case. Every spelling
/// of one name gives the same string (`openAiApiKey`, `openaiApiKey`, `OPENAI_API_KEY`,
/// `open-ai-api-key` → `OPENAIAPIKEY`).
pub fn canonical(name: &str) -> String {
    words(name).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_one_name_meets() {
        let spellings = [
            "openAiApiKey",
            "openaiApiKey",
            "OPENAI_API_KEY",
            "open-ai-api-key",
            "openAIApiKey",
            "OpenAI.ApiKey",
            "OPEN_AI_API_KEY",
        ];
        for s in spellings {
            assert_eq!(canonical(s), "OPENAIAPIKEY", "{s}");
        }
    }

    #[test]
    fn env_var_spelling() {
        assert_eq!(env_var_name("openAiApiKey"), "OPENAI_API_KEY");
        assert_eq!(env_var_name("openaiApiKey"), "OPENAI_API_KEY");
        assert_eq!(env_var_name("liveKitApiSecret"), "LIVEKIT_API_SECRET");
        assert_eq!(env_var_name("livekitApiKey"), "LIVEKIT_API_KEY");
        assert_eq!(env_var_name("openAIKey"), "OPENAI_KEY");
        assert_eq!(env_var_name("s3BucketKey"), "S3_BUCKET_KEY");
        assert_eq!(env_var_name("base64Key"), "BASE64_KEY");
        assert_eq!(env_var_name("api-key"), "API_KEY");
        assert_eq!(env_var_name("client_secret"), "CLIENT_SECRET");
        assert_eq!(env_var_name("deepSeekApiKey"), "DEEPSEEK_API_KEY");
        assert_eq!(env_var_name("GITHUB_TOKEN"), "GITHUB_TOKEN");
        assert_eq!(env_var_name("__KEY__"), "KEY");
        assert_eq!(env_var_name(""), "");
    }
}
