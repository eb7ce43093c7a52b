//! The generic detector on a huge single-line minified bundle: very many `key`/`token`/`auth`
//! hits, almost none of them assignments of literals. It must finish (each hit looks at a
//! bounded window; hits inside a name already looked at are skipped) and report exactly the
//! planted literals.

use keylint_scan::Engine;

/// One ~600-byte chunk of minified code: property reads, `keyCode` tests, `Object.keys`,
/// i18n strings, object literals with non-literal values, a Firebase-style config.
const CHUNK: &str = concat!(
    "var a=e.apiKey,b=t.token,c=n.secretKey||r.authToken;",
    "function o(e){return e.keyCode===13||e.key===\"Enter\"}",
    "Object.keys(n).forEach(function(k){s[k]=n[k]});",
    "t.headers.Authorization=\"Bearer \"+e.accessToken;",
    "var u={token:i,key:\"id-\"+l,passwordLabel:\"Password\",passwordPlaceholder:\"Enter your password\"};",
    "e.authDomain=\"demo.firebaseapp.com\";r.tokenType=\"bearer\";",
    "var keyboardKeys=[\"ArrowUp\",\"ArrowDown\"],tokenizer=new p.Tokenizer({keepTokens:!0});",
    "x.secret=y.secret;z.credentials=w.credentials;q.password=v.password;",
    "m.apiKeyName=\"PAYMENTS_API_KEY\";",
);

/// How many literal secrets are planted (synthetic, random-looking), evenly spread.
const PLANTED: usize = 10;

fn planted(i: usize) -> String {
    // Vary the value so every planted secret is distinct and random-looking.
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let value: String = (0..32)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize] as char
        })
        .collect();
    format!("n.signingKey=\"{value}\";")
}

#[test]
fn huge_minified_line_completes_with_sane_results() {
    // ~20 MB in release builds (about a second with every built-in rule); 1 MB in debug
    // builds, where unoptimised dependencies make the same pass ~15 times slower and the test
    // must stay under two seconds. `cargo test --release --test generic_minified` runs the
    // full size.
    let target = if cfg!(debug_assertions) { 1 } else { 20 } << 20;
    let chunks = target / CHUNK.len();
    let plant_every = chunks / PLANTED;
    let mut bundle = String::with_capacity(target + PLANTED * 64);
    let mut expected = 0;
    for i in 0..chunks {
        bundle.push_str(CHUNK);
        if i % plant_every == plant_every / 2 {
            bundle.push_str(&planted(i));
            expected += 1;
        }
    }
    assert!(!bundle.contains('\n'));
    let hits = bundle.matches("key").count() + bundle.matches("oken").count();
    assert!(hits > chunks * 10, "only {hits} hits");

    let built = std::time::Instant::now();
    let engine = Engine::builtin();
    eprintln!("engine built in {:?}", built.elapsed());
    let started = std::time::Instant::now();
    let findings = engine.scan("dist/main.min.js", bundle.as_bytes());
    eprintln!(
        "{} MB, {hits} keyword hits, {} findings in {:?}",
        bundle.len() >> 20,
        findings.len(),
        started.elapsed()
    );
    let generic: Vec<_> = findings
        .iter()
        .filter(|f| f.rule_id.starts_with("generic-"))
        .collect();
    assert_eq!(generic.len(), expected, "exactly the planted literals");
    assert!(
        generic
            .iter()
            .all(|f| f.rule_id == "generic-secret" && f.secret.len() == 32 && f.location.line == 1)
    );
}

/// Inputs built to make a naive detector quadratic: names longer than any window, values that
/// never close, a value scan restarting at every hit. Each must come back (with nothing to
/// report); the per-hit windows and the skip past scanned bytes keep the work linear.
#[test]
fn pathological_inputs_complete() {
    use keylint_core::Language;
    use keylint_scan::generic::{KEYWORDS, detect};

    let size = if cfg!(debug_assertions) {
        1 << 18
    } else {
        8 << 20
    };
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(KEYWORDS)
        .unwrap();
    // Each unit repeated to fill `size`; none holds a reportable secret.
    let cases: [(&str, Language); 7] = [
        // Every value closes at the next unit and holds a space.
        ("apiKey='Zq8Lx3RfT0aPw9Vn ", Language::JavaScript),
        // A string opened before the name that never closes.
        ("'token=Zq8Lx3RfT0aPw9Vn \"", Language::Shell),
        // One name, megabytes long.
        ("keytokensecretpassauth", Language::Dart),
        ("<password>Zq8Lx3Rf T0aPw9Vn ", Language::Xml),
        // Block scalar headers on one endless line.
        ("api_key: |", Language::Yaml),
        // Plain values that never end.
        ("x.token=", Language::Other),
        ("secret=", Language::Dotenv),
    ];
    for (unit, lang) in cases {
        let text = unit.repeat(size / unit.len());
        let hits: Vec<usize> = ac
            .find_overlapping_iter(text.as_bytes())
            .map(|m| m.start())
            .collect();
        let started = std::time::Instant::now();
        let mut out = Vec::new();
        detect(text.as_bytes(), lang, &hits, &mut out);
        eprintln!(
            "{unit:?} × {}: {} hits, {} candidates in {:?}",
            text.len() / unit.len(),
            hits.len(),
            out.len(),
            started.elapsed()
        );
        assert_eq!(out.len(), 0, "{unit:?}: {:?}", out.first());
    }
}
