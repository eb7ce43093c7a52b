//! A seeded generator of messy `.env` files (quotes, escapes, multi-line values, `${}`
//! substitutions, comments, CRLF, BOM, invalid lines), shared by the property tests and
//! `examples/dotenv_model.rs` (the `.ci/run` cross-check and `bench/dotenv/`).

// Each test crate and the example use a part of it.
#![allow(dead_code)]

/// xorshift64*: deterministic, good enough to pick fragments.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// True once in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

const KEYS: &[&str] = &[
    "APP_KEY",
    "DB_URL",
    "PORT",
    "API_TOKEN",
    "ZED",
    "ALPHA",
    "B",
    "lower_key",
    "API-KEY",
    "1X",
    "my.var",
    "-DASH",
    "Mixed_Case",
    "OPENAI_API_KEY",
    "LIVEKIT_KEYS",
];

const WORDS: &[&str] = &[
    "value",
    "8080",
    "https://example.com/x?a=1&b=2",
    "a b",
    "a  b",
    "x#y",
    "sk-proj-...",
    "devkey: secret",
    "é",
    "\u{200b}",
    "\u{a0}",
    "$",
    "\\",
    "\\n",
    "\\\\",
    "\\\"",
    "\\'",
    "\\$",
    "'",
    "\"",
    "`",
    "#",
    " # c",
    "${APP_KEY}",
    "${PORT:-80}",
    "${ZED-def}",
    "$B",
    "$B}",
    "${DB_URL",
    "${}",
    "${ B }",
    "}",
    ":",
    "=",
    "\t",
    " ",
    "your_key_here",
];

fn word(rng: &mut Rng, out: &mut String) {
    for _ in 0..=rng.next() % 3 {
        out.push_str(rng.pick(WORDS));
    }
}

/// One messy `.env` file.
pub fn messy_file(rng: &mut Rng) -> String {
    let eol = if rng.one_in(3) { "\r\n" } else { "\n" };
    let mut out = String::new();
    if rng.one_in(10) {
        out.push('\u{feff}');
    }
    for _ in 0..=rng.next() % 12 {
        let this_eol = if rng.one_in(25) { "\r\n" } else { eol };
        match rng.next() % 20 {
            0 => {}
            1 => out.push_str(rng.pick(&["  ", "\t"])),
            2 => {
                out.push_str(rng.pick(&["", "  "]));
                out.push_str(rng.pick(&[
                    "# note",
                    "# dotenv-linter:off UnorderedKey",
                    "# dotenv-linter:on",
                    "# keylint:allow",
                    "#",
                ]));
            }
            3 => out.push_str(rng.pick(&[
                "TZ: UTC",
                "KEY",
                "just words",
                "=x",
                "FOO BAR=x",
                "Q=\"open",
                "A=\"x\"junk",
                "C=\"y\" z",
                "export",
                "M='first \\'q\\'",
            ])),
            _ => entry(rng, &mut out, this_eol),
        }
        out.push_str(this_eol);
    }
    if rng.one_in(4) {
        out.push_str(eol);
    }
    if rng.one_in(5) {
        while out.ends_with('\n') {
            out.pop();
            if out.ends_with('\r') {
                out.pop();
            }
        }
    }
    out
}

fn entry(rng: &mut Rng, out: &mut String, eol: &str) {
    if rng.one_in(6) {
        out.push_str(rng.pick(&["  ", "\t", " "]));
    }
    if rng.one_in(6) {
        out.push_str("export ");
    }
    out.push_str(rng.pick(KEYS));
    if rng.one_in(5) {
        out.push_str(rng.pick(&[" ", "\t", "  "]));
    }
    out.push_str(if rng.one_in(15) { ":" } else { "=" });
    if rng.one_in(5) {
        out.push_str(rng.pick(&[" ", "  "]));
    }
    match rng.next() % 8 {
        0 | 1 => word(rng, out),
        2 | 3 => quoted(rng, out, eol, '"', &["  ", "", "\t"]),
        4 | 5 => quoted(rng, out, eol, '\'', &["    ", "", "rest"]),
        6 => {}
        _ => {
            out.push('`');
            word(rng, out);
            out.push('`');
        }
    }
    if rng.one_in(6) {
        out.push_str(rng.pick(&["junk", " z", " ", "\t", " # comment", "# c"]));
    }
}

/// A value in `q` quotes, sometimes over two lines (the second starting with one of `indents`).
fn quoted(rng: &mut Rng, out: &mut String, eol: &str, q: char, indents: &[&str]) {
    out.push(q);
    word(rng, out);
    if rng.one_in(4) {
        out.push_str(eol);
        out.push_str(rng.pick(indents));
        word(rng, out);
    }
    out.push(q);
}
