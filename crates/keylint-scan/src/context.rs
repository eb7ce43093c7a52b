//! The last judgement on a finding, from its surroundings: a well-known development credential
//! used locally is `low`; a free-form value in documentation, translations, tests, CI or example
//! files is `low` (see [`Evidence`]). The finding's message says why, so a reader can tell a lowered finding from a
//! weak rule. A provider key with a distinctive format or a valid checksum keeps its severity
//! wherever it is: a real key pasted in a README is still a leak.

use keylint_core::{Finding, Severity};

use crate::devcred::{self, Use};
use crate::place::Place;

/// How strongly the match itself says "credential", independent of where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// A provider format: a distinctive prefix or header, or a valid checksum.
    Format,
    /// A provider rule that recognised the value by the provider's name around it.
    Named,
    /// A rule that recognised the value by the slot it fills: a password, credentials in a
    /// URL or a config line, a framework's secret key.
    Slot,
    /// The generic detector: a random-looking value under a secret-looking name.
    Generic,
}

impl Evidence {
    /// Whether a finding with this evidence is lowered in `place`. Generic values are lowered
    /// everywhere the classifier knows; slot values everywhere but CI, where a password on a
    /// command line is the job's real one (CI service containers' passwords are generic ones).
    fn lowered_in(self, place: Place) -> bool {
        match self {
            Evidence::Generic => true,
            Evidence::Slot => place != Place::Ci,
            Evidence::Format | Evidence::Named => false,
        }
    }
}

/// Adjusts `finding` (severity and message) for the credential it holds and the place of its
/// file; `line` is the text of the line holding the secret.
pub(crate) fn review(finding: &mut Finding, evidence: Evidence, place: Option<Place>, line: &str) {
    if let Some(dev) = devcred::recognise(&finding.secret, line, &finding.location.path) {
        match dev.used {
            Use::Local => {
                lower(
                    finding,
                    &format!(
                        "Well-known development credential: {}, used locally; it protects nothing, but must never reach a deployed service.",
                        dev.what
                    ),
                );
                return;
            }
            // Still judged by its place below: a docs example on a made-up host is no leak.
            Use::Remote(host) => prepend_note(
                finding,
                &format!(
                    "Well-known development credential ({}) used for `{host}`: everybody knows it, so it protects nothing there. Set a strong one.",
                    dev.what
                ),
            ),
        }
    }
    let Some(place) = place else {
        return;
    };
    if is_private_key(&finding.secret) && place != Place::Ci {
        // Test suites, docs and templates ship generated keys (TLS fixtures, signing examples):
        // listed, never dropped, but they do not fail a run by themselves.
        lower(
            finding,
            &format!(
                "Private key in {}: usually a key generated for tests or examples, reported at low. If it is used anywhere real, replace it and purge it from history.",
                place.describe()
            ),
        );
        return;
    }
    if evidence.lowered_in(place) {
        lower(
            finding,
            &format!(
                "Found in {}, where values like this are usually samples or fixtures: reported at low. Move it out if it is real.",
                place.describe()
            ),
        );
    }
}

/// A PEM or PGP private key block.
fn is_private_key(secret: &str) -> bool {
    secret.starts_with("-----BEGIN") && secret.contains("PRIVATE KEY")
}

/// Lowers `finding` to at most `low`, saying why; a finding already at `low` or below keeps its
/// severity and gets no note.
fn lower(finding: &mut Finding, why: &str) {
    if finding.severity > Severity::Low {
        finding.severity = Severity::Low;
        prepend_note(finding, why);
    }
}

/// Puts `note` in front of the finding's description.
pub(crate) fn prepend_note(finding: &mut Finding, note: &str) {
    finding.description = if finding.description.is_empty() {
        note.to_owned()
    } else {
        format!("{note} {}", finding.description)
    };
}
