//! `.env*` files, read with keylint-dotenv's lossless parser. Templates (`.env.example` …) hold
//! placeholders by design and are not read.

use keylint_dotenv::parser::{EnvFile, Quote};
use keylint_scan::placeholder::is_reference;

use crate::model::{Collection, Kind};
use crate::text::Lines;

/// Reads one env file.
pub fn collect(c: &mut Collection, path: &str, text: &str) {
    let file = EnvFile::parse(text);
    let lines = Lines::new(&file.text);
    for entry in file.entries() {
        let (_, e) = entry;
        if e.delimiter.is_none() {
            continue;
        }
        let key = file.key(entry);
        let value = file.value(entry);
        let range = EnvFile::value_inner_range(e);
        // `${OTHER}` copies another variable (dotenv-expand): nothing of its own to compare.
        if e.quote != Quote::Single && is_reference(value.trim()) && value.contains('$') {
            continue;
        }
        let raw = file.slice(&range).to_owned();
        let loc = lines.loc(path, range);
        super::define_var(c, key, &value, &raw, loc, Kind::DotEnv, path, false);
    }
}

/// The variables an env file defines, with their values (for compose interpolation).
pub fn variables(text: &str) -> Vec<(String, String)> {
    let file = EnvFile::parse(text);
    file.entries()
        .filter(|(_, e)| e.delimiter.is_some())
        .map(|entry| (file.key(entry).to_owned(), file.value(entry)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_with_positions_and_livekit_keys_entries() {
        let mut c = Collection::default();
        let text = "PORT=8080\nLIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET=\"abc \"\nLIVEKIT_KEYS=\"devkey: abc, k2:xyz\"\nCOPY=${LIVEKIT_API_SECRET}\n";
        collect(&mut c, "backend/.env", text);
        let names = crate::collect::rows(&c);
        assert_eq!(
            names,
            [
                ("LIVEKIT_API_KEY", "LIVEKIT_API_KEY", 2, 17),
                ("LIVEKIT_API_SECRET", "LIVEKIT_API_SECRET", 3, 21),
                ("devkey", "LIVEKIT_API_SECRET", 4, 23),
                ("k2", "LIVEKIT_API_SECRET", 4, 31),
            ]
        );
        assert_eq!(c.definitions[1].value.len(), 4);
        assert!(c.definitions[2].syntax_problem.is_none());
        assert!(c.definitions[3].syntax_problem.is_some());
        // Every value is masked in snippets, PORT included.
        assert_eq!(c.masks["backend/.env"].len(), 6);
    }
}
