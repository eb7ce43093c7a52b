#!/usr/bin/env python3
"""Generate keylint's accuracy corpus: realistic small files with planted credentials.

    python3 bench/accuracy/generate.py --out /tmp/kl-acc [--seed 1]

Writes:
  OUT/files/...      the corpus to scan (Dart, TS/JS, YAML, .env, Python, shell, JSON, ...)
  OUT/labels.json    every planted positive (path, line, secret, kind, category) and the
                     labelled hard negatives (path, line, reason, allowed severity)

Everything is synthetic and derived from documented credential shapes (see
/work/shared/PROVIDERS.md), never from keylint's own rules or examples. The same seed always
produces byte-identical output. Python 3 standard library only.

Label fields:
  positives[]: path, line, secret, kind, category ("provider" | "generic"),
               required (False for identifiers / semi-public values: a finding on them is
               neither a miss nor a false positive)
  negatives[]: path, line, reason, value (optional: the look-alike on that line),
               allow (highest severity that is acceptable on it, e.g. "info" for Firebase web
               keys; null = any finding is a false positive)
"""

import argparse
import base64
import json
import os
import random
import shutil
import string
import zlib

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits
LETTERS = string.ascii_letters
ALNUM = LETTERS + DIGITS
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
BASE62 = DIGITS + UPPER + LOWER
B32 = UPPER + "234567"

# Prefixes are assembled from pieces so that this script itself does not look like it holds
# credentials when keylint scans its own repository.
BEGIN = "-----" + "BEGIN"
END = "-----" + "END"


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


class Gen:
    """Credential generators with documented shapes. All randomness comes from one Random."""

    def __init__(self, rng):
        self.r = rng

    def s(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def body(self, n):
        """URL-safe body whose first and last characters are alphanumeric."""
        if n < 3:
            return self.s(ALNUM, n)
        return self.s(ALNUM, 1) + self.s(URLSAFE, n - 2) + self.s(ALNUM, 1)

    def digits(self, n):
        return self.s("123456789", 1) + self.s(DIGITS, n - 1)

    def mixed(self, alphabet, n):
        """Random string guaranteed to hold an upper, a lower and a digit when possible."""
        while True:
            v = self.s(alphabet, n)
            if (not any(c.isupper() for c in alphabet) or any(c.isupper() for c in v)) and (
                not any(c.isdigit() for c in alphabet) or any(c.isdigit() for c in v)
            ) and (not any(c.islower() for c in alphabet) or any(c.islower() for c in v)):
                return v

    # --- AI providers ---------------------------------------------------------------------
    def openai_project(self):
        if self.r.random() < 0.25:  # early 2024 short project keys
            return "sk-proj-" + self.mixed(ALNUM, 20) + "T3BlbkFJ" + self.mixed(ALNUM, 20)
        return "sk-proj-" + self.body(74) + "T3BlbkFJ" + self.body(74)

    def openai_svcacct(self):
        return "sk-svcacct-" + self.body(74) + "T3BlbkFJ" + self.body(74)

    def openai_admin(self):
        return "sk-admin-" + self.body(74) + "T3BlbkFJ" + self.body(74)

    def openai_legacy(self):
        return "sk-" + self.mixed(ALNUM, 20) + "T3BlbkFJ" + self.mixed(ALNUM, 20)

    def anthropic(self):
        return "sk-ant-api03-" + self.body(93) + "AA"

    def anthropic_admin(self):
        return "sk-ant-admin01-" + self.body(93) + "AA"

    def google(self):
        return "AIzaSy" + self.mixed(URLSAFE, 33)

    def gemini_aq(self):
        return "AQ.Ab8RN6" + self.mixed(URLSAFE, 44)

    def fcm(self):
        return "AAAA" + self.mixed(URLSAFE, 7) + ":APA91b" + self.mixed(URLSAFE, self.r.randint(134, 140))

    def deepseek(self):
        return "sk-" + self.s(HEX, 32)

    def groq(self):
        if self.r.random() < 0.8:
            return "gsk_" + self.mixed(ALNUM, 16) + "WGdyb3FY" + self.mixed(ALNUM, 28)
        return "gsk_" + self.mixed(ALNUM, 52)

    def livekit_key(self):
        return "API" + self.mixed(ALNUM, 12)

    def livekit_secret(self):
        return self.mixed(ALNUM, self.r.choice([43, 44]))

    # --- cloud / dev platforms -------------------------------------------------------------
    def aws_id(self):
        return self.r.choice(["AKIA", "AKIA", "AKIA", "ASIA"]) + self.s(B32, 16)

    def aws_secret(self):
        return self.mixed(ALNUM + "/+", 40)

    def github(self, prefix):
        body = self.mixed(ALNUM, 30)
        return prefix + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)

    def github_pat(self):
        return "github_pat_" + self.mixed(ALNUM, 22) + "_" + self.mixed(ALNUM, 59)

    def gitlab(self):
        return "glpat-" + self.mixed(URLSAFE, 20)

    def stripe(self, prefix):
        if self.r.random() < 0.3:
            return prefix + self.mixed(ALNUM, 24)
        return prefix + "51" + self.mixed(ALNUM, 97)

    def slack_bot(self):
        return "xoxb-" + self.digits(12) + "-" + self.digits(13) + "-" + self.mixed(ALNUM, 24)

    def slack_user(self):
        return "xoxp-" + self.digits(12) + "-" + self.digits(12) + "-" + self.digits(13) + "-" + self.s(HEX, 32)

    def slack_webhook(self):
        return ("https://hooks.slack.com/services/T" + self.s(UPPER + DIGITS, 8) + "/B"
                + self.s(UPPER + DIGITS, 10) + "/" + self.mixed(ALNUM, 24))

    def twilio_sk(self):
        return "SK" + self.s(HEX, 32)

    def twilio_sid(self):
        return "AC" + self.s(HEX, 32)

    def hex32(self):
        return self.s(HEX, 32)

    def sendgrid(self):
        return "SG." + self.mixed(URLSAFE, 22) + "." + self.mixed(URLSAFE, 43)

    def hf(self):
        return "hf_" + self.mixed(LETTERS, 34)

    def hf_org(self):
        return "api_org_" + self.mixed(LETTERS, 34)

    def sbp(self):
        return "sbp_" + self.s(HEX, 40)

    def sb_secret(self):
        return "sb_secret_" + self.mixed(URLSAFE, self.r.randint(31, 36))

    def jwt(self, payload):
        header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64url(json.dumps(payload, separators=(",", ":")).encode())
        return header + "." + body + "." + b64url(bytes(self.r.getrandbits(8) for _ in range(32)))

    def supabase_jwt(self, role):
        ref = self.s(LOWER, 20)
        iat = self.r.randint(1_650_000_000, 1_720_000_000)
        return self.jwt({"iss": "supabase", "ref": ref, "role": role, "iat": iat, "exp": iat + 315_360_000})

    def app_jwt(self):
        iat = self.r.randint(1_700_000_000, 1_760_000_000)
        return self.jwt({"sub": self.digits(8), "email": "ops@" + self.s(LOWER, 6) + ".io",
                         "role": "admin", "iat": iat, "exp": iat + 31_536_000})

    def npm(self):
        return "npm_" + self.mixed(ALNUM, 36)

    def pypi(self):
        return "pypi-AgEIcHlwaS5vcmc" + self.mixed(URLSAFE, 160)

    def discord_bot(self):
        uid = self.digits(self.r.choice([18, 19]))
        return b64url(uid.encode()) + "." + self.mixed(URLSAFE, 6) + "." + self.mixed(URLSAFE, 38)

    def discord_webhook(self):
        return "https://discord.com/api/webhooks/" + self.digits(19) + "/" + self.mixed(URLSAFE, 68)

    def telegram(self):
        return self.digits(10) + ":AA" + self.mixed(URLSAFE, 33)

    def shopify(self):
        return "shpat_" + self.s(HEX, 32)

    def mapbox(self, prefix="sk."):
        payload = {"u": self.s(LOWER, 8), "a": "c" + self.s(LOWER + DIGITS, 24)}
        return prefix + b64url(json.dumps(payload, separators=(",", ":")).encode()) + "." + self.mixed(URLSAFE, 22)

    def sentry_user(self):
        return "sntryu_" + self.s(HEX, 64)

    def sentry_org(self):
        payload = {"iat": self.r.randint(1_700_000_000, 1_760_000_000), "url": "https://sentry.io",
                   "region_url": "https://us.sentry.io", "org": self.s(LOWER, 7)}
        return "sntrys_" + b64url(json.dumps(payload, separators=(",", ":")).encode()) + "_" + self.mixed(ALNUM + "+/", 43)

    def sentry_dsn(self):
        return ("https://" + self.s(HEX, 32) + "@o" + self.digits(6) + ".ingest.sentry.io/" + self.digits(7))

    def digitalocean(self):
        return "dop_v1_" + self.s(HEX, 64)

    def dockerhub(self):
        return "dckr_pat_" + self.mixed(URLSAFE, 27)

    def linear(self):
        return "lin_api_" + self.mixed(ALNUM, 40)

    def notion_ntn(self):
        return "ntn_" + self.digits(11) + self.mixed(ALNUM, 35)

    def notion_secret(self):
        return "secret_" + self.mixed(ALNUM, 43)

    def pem(self, label, nbytes, lead=b""):
        raw = lead + bytes(self.r.getrandbits(8) for _ in range(nbytes - len(lead)))
        b = base64.b64encode(raw).decode()
        lines = [b[i:i + 64] for i in range(0, len(b), 64)]
        return "\n".join([BEGIN + " " + label + "-----"] + lines + [END + " " + label + "-----"])

    def rsa_key(self):
        return self.pem("RSA PRIVATE KEY", 1190, b"\x30\x82\x04\xa3\x02\x01\x00\x02\x82\x01\x01\x00")

    def ec_key(self):
        return self.pem("EC PRIVATE KEY", 121, b"\x30\x77\x02\x01\x01\x04\x20")

    def pkcs8_key(self):
        return self.pem("PRIVATE KEY", 1216, b"\x30\x82\x04\xbc\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00")

    def openssh_key(self):
        return self.pem("OPENSSH PRIVATE KEY", 399, b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none")

    def password(self, n=None):
        n = n or self.r.randint(16, 24)
        sym = "!@%^&*-_+="
        while True:
            v = self.s(LETTERS, 1) + self.s(ALNUM + sym, n - 2) + self.s(ALNUM, 1)
            if any(c in sym for c in v) and any(c.isdigit() for c in v) and any(c.isupper() for c in v):
                return v

    def generic_value(self):
        kind = self.r.choice(["alnum", "alnum", "hex", "b64", "password", "urlsafe"])
        if kind == "alnum":
            return self.mixed(ALNUM, self.r.choice([24, 32, 40, 48]))
        if kind == "hex":
            return self.s(HEX, self.r.choice([32, 40, 64]))
        if kind == "b64":
            while True:
                v = base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(32))).decode()
                if v[0].isalnum():
                    return v
        if kind == "urlsafe":
            return self.s(ALNUM, 1) + self.body(42)
        return self.password()

    def uuid(self):
        h = self.s(HEX, 32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], self.r.choice("89ab"), h[17:20], h[20:32])


# -----------------------------------------------------------------------------------------
# Provider table: kind -> (generator, name word lists, "strong" (recognisable without context),
# required). Names are word lists rendered per language (camelCase, SCREAMING_SNAKE, ...).
# -----------------------------------------------------------------------------------------

def provider_table(g):
    return {
        "openai-project": (g.openai_project, [["openai", "api", "key"], ["open", "ai", "key"], ["openai", "key"]], True),
        "openai-svcacct": (g.openai_svcacct, [["openai", "service", "key"], ["openai", "api", "key"]], True),
        "openai-admin": (g.openai_admin, [["openai", "admin", "key"]], True),
        "openai-legacy": (g.openai_legacy, [["openai", "api", "key"], ["gpt", "api", "key"]], True),
        "anthropic": (g.anthropic, [["anthropic", "api", "key"], ["claude", "api", "key"]], True),
        "anthropic-admin": (g.anthropic_admin, [["anthropic", "admin", "key"]], True),
        "google-api-key": (g.google, [["gemini", "api", "key"], ["google", "api", "key"], ["google", "maps", "key"], ["youtube", "api", "key"]], True),
        "gemini-aq": (g.gemini_aq, [["gemini", "api", "key"], ["google", "ai", "key"]], True),
        "fcm-server-key": (g.fcm, [["fcm", "server", "key"], ["firebase", "server", "key"]], True),
        "deepseek": (g.deepseek, [["deepseek", "api", "key"], ["deepseek", "key"]], False),
        "groq": (g.groq, [["groq", "api", "key"], ["groq", "key"]], True),
        "livekit-secret": (g.livekit_secret, [["livekit", "api", "secret"], ["live", "kit", "api", "secret"]], False),
        "aws-access-key-id": (g.aws_id, [["aws", "access", "key", "id"]], True),
        "aws-secret-access-key": (g.aws_secret, [["aws", "secret", "access", "key"]], False),
        "github-pat": (lambda: g.github("ghp_"), [["github", "token"], ["gh", "token"]], True),
        "github-oauth": (lambda: g.github("gho_"), [["github", "oauth", "token"]], True),
        "github-user-to-server": (lambda: g.github("ghu_"), [["github", "app", "token"]], True),
        "github-server-to-server": (lambda: g.github("ghs_"), [["github", "installation", "token"]], True),
        "github-refresh": (lambda: g.github("ghr_"), [["github", "refresh", "token"]], True),
        "github-fine-grained": (g.github_pat, [["github", "pat"], ["github", "token"]], True),
        "gitlab-pat": (g.gitlab, [["gitlab", "token"], ["gitlab", "private", "token"]], True),
        "stripe-secret": (lambda: g.stripe("sk_live_"), [["stripe", "secret", "key"], ["stripe", "key"]], True),
        "stripe-restricted": (lambda: g.stripe("rk_live_"), [["stripe", "restricted", "key"]], True),
        "slack-bot": (g.slack_bot, [["slack", "bot", "token"]], True),
        "slack-user": (g.slack_user, [["slack", "user", "token"]], True),
        "slack-webhook": (g.slack_webhook, [["slack", "webhook", "url"]], True),
        "twilio-api-key": (g.twilio_sk, [["twilio", "api", "key"]], True),
        "twilio-auth-token": (g.hex32, [["twilio", "auth", "token"]], False),
        "sendgrid": (g.sendgrid, [["sendgrid", "api", "key"]], True),
        "huggingface": (g.hf, [["hf", "token"], ["huggingface", "token"]], True),
        "huggingface-org": (g.hf_org, [["hf", "org", "token"]], True),
        "supabase-management": (g.sbp, [["supabase", "access", "token"]], True),
        "supabase-secret": (g.sb_secret, [["supabase", "secret", "key"]], True),
        "supabase-service-role": (lambda: g.supabase_jwt("service_role"), [["supabase", "service", "role", "key"]], True),
        "npm": (g.npm, [["npm", "token"]], True),
        "pypi": (g.pypi, [["pypi", "token"], ["pypi", "api", "token"]], True),
        "discord-bot": (g.discord_bot, [["discord", "bot", "token"], ["discord", "token"]], False),
        "discord-webhook": (g.discord_webhook, [["discord", "webhook", "url"]], True),
        "telegram-bot": (g.telegram, [["telegram", "bot", "token"]], True),
        "shopify": (g.shopify, [["shopify", "access", "token"]], True),
        "mapbox-secret": (g.mapbox, [["mapbox", "secret", "token"], ["mapbox", "token"]], True),
        "sentry-token": (lambda: g.r.choice([g.sentry_user, g.sentry_org])(), [["sentry", "auth", "token"]], True),
        "digitalocean": (g.digitalocean, [["digitalocean", "token"], ["do", "api", "token"]], True),
        "dockerhub": (g.dockerhub, [["docker", "hub", "token"], ["dockerhub", "pat"]], True),
        "linear": (g.linear, [["linear", "api", "key"]], True),
        "notion": (lambda: g.r.choice([g.notion_ntn, g.notion_secret])(), [["notion", "api", "key"], ["notion", "token"]], True),
        "jwt": (g.app_jwt, [["access", "token"], ["auth", "token"], ["admin", "jwt"]], True),
    }


GENERIC_NAMES = [
    ["api", "secret"], ["client", "secret"], ["db", "password"], ["jwt", "secret"], ["webhook", "secret"],
    ["signing", "key"], ["session", "secret"], ["encryption", "key"], ["auth", "token"], ["app", "secret"],
    ["secret", "key"], ["access", "token"], ["admin", "password"], ["smtp", "password"], ["redis", "password"],
    ["master", "key"], ["hmac", "secret"], ["internal", "api", "key"], ["service", "token"], ["refresh", "token"],
    ["database", "password"], ["private", "token"], ["consumer", "secret"], ["api", "token"], ["cookie", "secret"],
]

PLACEHOLDERS = [
    "your_api_key_here", "YOUR_API_KEY", "votre_nouvelle_cle_api_livekit", "votre_nouveau_secret_api_livekit",
    "changeme", "change-me", "xxxx", "xxxxxxxxxxxxxxxxxxxxxxxx", "<KEY>", "<your-token>", "sk-...", "AIza...",
    "sk-ant-api03-...", "sk-proj-XXXXXXXXXXXXXXXXXXXX", "REPLACE_WITH_YOUR_KEY", "your-64-char-hex-key-here",
    "insert-your-secret-here", "********", "TODO", "dummy", "your-secret", "<insert api key>", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "AKIAXXXXXXXXXXXXXXXX", "gsk_your_groq_key", "hf_xxxxxxxxxxxxxxxx",
    "<%= api_key %>", "secret", "password", "test", "example-token", "ENTER_KEY_HERE", "placeholder",
    # Full-length placeholders that keep a provider's shape.
    "AIzaSy" + "X" * 33, "gsk_" + "x" * 52, "sk-ant-api03-" + "x" * 93 + "AA", "sk-proj-" + "x" * 48,
    "xoxb-" + "0" * 12 + "-" + "0" * 13 + "-" + "x" * 24, "AKIAI44QH8DHB" + "EXAMPLE", "sk-" + "0" * 32,
    "glpat-" + "x" * 20, "hf_" + "x" * 34, "API" + "x" * 12,
    # Template-substitution tokens (CI/CD token replacement, templating).
    "%OPENAI_API_KEY%", "__API_SECRET__", "#{LiveKitApiSecret}#", "@@STRIPE_SECRET_KEY@@", "${ssm:/prod/api-key}",
]


def words_style(words, style):
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "snake":
        return "_".join(words)
    if style == "scream":
        return "_".join(words).upper()
    if style == "kebab":
        return "-".join(words)
    if style == "dotted":
        return ".".join(words)
    raise ValueError(style)


class FileBuilder:
    def __init__(self, corpus, path):
        self.corpus = corpus
        self.path = path
        self.lines = []
        self.names = set()
        self.eol = "\n"

    def _lineno(self, text, needle):
        idx = text.find(needle)
        if idx < 0:
            raise AssertionError("%s: %r not in %r" % (self.path, needle, text))
        return len(self.lines) + 1 + text[:idx].count("\n")

    def add(self, text=""):
        self.lines.extend(text.split("\n"))
        return self

    def pos(self, text, secret, kind, category="provider", required=True, note=None):
        line = self._lineno(text, secret)
        lab = {
            "path": self.path, "line": line, "end_line": line + secret.count("\n"), "secret": secret,
            "kind": kind, "category": category, "required": required,
        }
        if note:
            lab["note"] = note
        self.corpus.positives.append(lab)
        return self.add(text)

    def neg(self, text, reason, value=None, allow=None):
        line = self._lineno(text, value) if value else len(self.lines) + 1
        n = text.count("\n") + 1 if not value else 1
        for i in range(n):
            self.corpus.negatives.append({
                "path": self.path, "line": line + i, "reason": reason, "value": value, "allow": allow,
            })
        return self.add(text)

    def text(self):
        return self.eol.join(self.lines) + self.eol


class Corpus:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.g = Gen(self.rng)
        self.providers = provider_table(self.g)
        self.files = {}
        self.positives = []
        self.negatives = []
        self._queue = []
        self._current = None

    def file(self, path):
        if path in self.files:
            raise AssertionError("duplicate path " + path)
        fb = FileBuilder(self, path)
        self.files[path] = fb
        self._current = fb
        return fb

    def uniq(self, path):
        """A path not used yet: inserts a numeric suffix before the extension if needed."""
        if path not in self.files:
            return path
        head, tail = os.path.split(path)
        if tail.startswith(".") and tail.count(".") == 1:
            base, ext = tail, ""
        elif "." in tail:
            base, ext = tail[: tail.index(".")], tail[tail.index("."):]
        else:
            base, ext = tail, ""
        i = 2
        while True:
            cand = os.path.join(head, "%s%d%s" % (base, i, ext)) if head else "%s%d%s" % (base, i, ext)
            if cand not in self.files:
                return cand
            i += 1

    def next_kind(self, exclude=()):
        """Round-robin over provider kinds in shuffled order, so every kind is planted evenly."""
        for _ in range(3):
            if not self._queue:
                self._queue = sorted(self.providers)
                self.rng.shuffle(self._queue)
            for i, k in enumerate(self._queue):
                if k not in exclude:
                    return self._queue.pop(i)
            self._queue = []
        raise AssertionError("no kind")

    def fresh(self, options):
        """Name words not used yet in the file being built (so YAML/JSON maps have unique keys)."""
        cur = self._current
        cands = [w for w in options if tuple(w) not in cur.names] if cur else list(options)
        if cands:
            words = list(self.rng.choice(cands))
        else:
            base = self.rng.choice(options)
            i = 2
            while tuple(base + [str(i)]) in cur.names:
                i += 1
            words = base + [str(i)]
        if cur:
            cur.names.add(tuple(words))
        return words

    def cred(self, kind=None, exclude=()):
        kind = kind or self.next_kind(exclude)
        gen, names, strong = self.providers[kind]
        return kind, gen(), self.fresh(names), strong

    def generic(self):
        return self.g.generic_value(), self.fresh(GENERIC_NAMES)

    def gwords(self):
        return self.fresh(GENERIC_NAMES)

    def placeholder(self):
        return self.rng.choice(PLACEHOLDERS)


# -----------------------------------------------------------------------------------------
# Emitters: one line of each language holding a value
# -----------------------------------------------------------------------------------------

def needs_quotes_yaml(v):
    return not v[0].isalnum() or any(c in v for c in ":#{}[],&*!|>'\"%@`")


def yq(rng, v):
    """A YAML scalar: plain when safe, otherwise quoted."""
    if needs_quotes_yaml(v) or rng.random() < 0.4:
        return '"%s"' % v if rng.random() < 0.7 else "'%s'" % v
    return v


def dart_line(rng, words, v):
    n = words_style(words, "camel")
    q = rng.choice(["'", "'", '"'])
    return rng.choice([
        "  static const String %s = %s%s%s;",
        "  static const %s = %s%s%s;",
        "  final String %s = %s%s%s;",
        "  static final String %s = %s%s%s;",
        "  final %s = %s%s%s;",
        "  static const %s = %s%s%s; // TODO move to --dart-define",
    ]) % (n, q, v, q)


def ts_line(rng, words, v, in_object=False):
    if in_object:
        n = words_style(words, "camel")
        q = rng.choice(["'", '"'])
        return "  %s: %s%s%s," % (n, q, v, q)
    q = rng.choice(["'", '"', "`"])
    return rng.choice([
        "const %s = %s%s%s;" % (words_style(words, "camel"), q, v, q),
        "export const %s = %s%s%s;" % (words_style(words, "scream"), q, v, q),
        "let %s: string = %s%s%s;" % (words_style(words, "camel"), q, v, q),
        "const %s = process.env.%s || %s%s%s;" % (words_style(words, "camel"), words_style(words, "scream"), q, v, q),
        "export const %s = %s%s%s;" % (words_style(words, "camel"), q, v, q),
    ])


def py_line(rng, words, v):
    q = rng.choice(["'", '"'])
    return rng.choice([
        "%s = %s%s%s" % (words_style(words, "scream"), q, v, q),
        "%s = %s%s%s" % (words_style(words, "snake"), q, v, q),
        '%s = os.getenv("%s", %s%s%s)' % (words_style(words, "scream"), words_style(words, "scream"), q, v, q),
    ])


def env_line(rng, words, v):
    n = words_style(words, "scream")
    return rng.choice(["%s=%s", "%s=%s", '%s="%s"', "export %s=%s", "%s = %s", "%s='%s'"]) % (n, v)


def sh_line(rng, words, v):
    n = words_style(words, "scream")
    return rng.choice(['export %s="%s"', "export %s='%s'", "%s=%s", 'readonly %s="%s"']) % (n, v)


def yaml_line(rng, words, v, indent=2, style=None):
    n = words_style(words, style or rng.choice(["snake", "camel", "scream"]))
    return " " * indent + "%s: %s" % (n, yq(rng, v))


def json_line(rng, words, v, indent=2, last=False):
    n = words_style(words, rng.choice(["camel", "snake"]))
    return " " * indent + '"%s": "%s"%s' % (n, v, "" if last else ",")


def props_line(rng, words, v):
    n = rng.choice([words_style(words, "dotted"), words_style(words, "snake"), words_style(words, "camel")])
    return rng.choice(["%s=%s", "%s = %s", "%s: %s"]) % (n, v)


def xml_line(rng, words, v):
    return rng.choice([
        '    <string name="%s">%s</string>' % (words_style(words, "snake"), v),
        '    <add key="%s" value="%s" />' % (words_style(words, "pascal"), v),
        "    <%s>%s</%s>" % (words_style(words, "camel"), v, words_style(words, "camel")),
    ])


def toml_line(rng, words, v):
    return '%s = "%s"' % (words_style(words, "snake"), v)


# -----------------------------------------------------------------------------------------
# Reference expressions (hard negatives), per language
# -----------------------------------------------------------------------------------------

def dart_ref(rng, words):
    s = words_style(words, "scream")
    return rng.choice([
        "  static const String %s = String.fromEnvironment('%s');" % (words_style(words, "camel"), s),
        "  static const %s = String.fromEnvironment('%s', defaultValue: '');" % (words_style(words, "camel"), s),
        "  final String %s = Platform.environment['%s'] ?? '';" % (words_style(words, "camel"), s),
        "  final %s = dotenv.env['%s']!;" % (words_style(words, "camel"), s),
    ])


def ts_ref(rng, words):
    s = words_style(words, "scream")
    return rng.choice([
        "const %s = process.env.%s;" % (words_style(words, "camel"), s),
        "const %s = process.env.%s ?? '';" % (words_style(words, "camel"), s),
        "const %s = import.meta.env.VITE_%s;" % (words_style(words, "camel"), s),
        "export const %s = process.env['%s'] as string;" % (words_style(words, "camel"), s),
    ])


def py_ref(rng, words):
    s = words_style(words, "scream")
    return rng.choice([
        "%s = os.environ['%s']" % (s, s),
        '%s = os.getenv("%s")' % (words_style(words, "snake"), s),
        "%s = settings.%s" % (words_style(words, "snake"), s),
        '%s = os.environ.get("%s", "")' % (s, s),
    ])


def env_ref(rng, words):
    s = words_style(words, "scream")
    return rng.choice(["%s=${%s_FROM_VAULT}" % (s, s), "%s=$%s" % (s, s), "%s=" % s, '%s=""' % s])


def yaml_ref(rng, words, indent=6):
    s = words_style(words, "scream")
    return " " * indent + rng.choice([
        "%s: ${%s}" % (s, s), '%s: "${%s}"' % (s, s), "%s: ${%s:-}" % (s, s),
        '%s: "{{ .Values.%s }}"' % (s, words_style(words, "camel")), "%s: ${{ secrets.%s }}" % (s, s),
        '%s: "{{ %s }}"' % (s, words_style(words, "snake")),
    ])


# -----------------------------------------------------------------------------------------
# File templates
# -----------------------------------------------------------------------------------------

FEATURES = ["auth", "chat", "voice", "billing", "maps", "notifications", "video", "search", "profile", "admin",
            "analytics", "payments", "storage", "assistant", "rooms", "coach", "feed", "media"]


def feature(c):
    return c.rng.choice(FEATURES)


def plant_dart_class(c, f, n_prov, n_gen, n_neg):
    items = []
    for _ in range(n_prov):
        items.append("p")
    for _ in range(n_gen):
        items.append("g")
    for _ in range(n_neg):
        items.append("n")
    c.rng.shuffle(items)
    for it in items:
        if it == "p":
            kind, v, words, _ = c.cred()
            f.pos(dart_line(c.rng, words, v), v, kind)
        elif it == "g":
            v, words = c.generic()
            f.pos(dart_line(c.rng, words, v), v, "generic-" + words_style(words, "kebab"), "generic")
        else:
            dart_negative(c, f)


def dart_negative(c, f):
    r = c.rng
    choice = r.randrange(9)
    words = r.choice([["livekit", "api", "key"], ["openai", "api", "key"], ["api", "secret"], ["stripe", "secret", "key"],
                      ["deepseek", "api", "key"], ["gemini", "api", "key"], ["client", "secret"], ["groq", "api", "key"]])
    if choice < 3:
        f.neg(dart_ref(r, words), "reference")
    elif choice < 6:
        p = c.placeholder()
        f.neg("  static const String %s = '%s';" % (words_style(words, "camel"), p), "placeholder", p)
    elif choice == 6:
        f.neg("  static const String apiBaseUrl = 'https://api.%s.example.com/v1';" % feature(c), "url")
    elif choice == 7:
        col = "0xFF" + c.g.s("0123456789ABCDEF", 6)
        f.neg("  static const Color primaryColor = Color(%s);" % col, "colour", col)
    else:
        u = c.g.uuid()
        f.neg("  static const String installationId = '%s';" % u, "uuid", u)


def t_dart_app_config(c, path):
    f = c.file(path)
    f.add("import 'package:flutter/material.dart';\n\n/// Application configuration.\nclass AppConfig {\n  AppConfig._();\n")
    f.add("  static const String appName = 'Eloquence';")
    f.add("  static const Duration requestTimeout = Duration(seconds: 30);")
    f.neg("  static const String liveKitUrl = 'wss://eloquence-%s.livekit.cloud';" % c.g.s(LOWER + DIGITS, 8), "url")
    # LiveKit pair: the key id is an identifier (optional), the secret is required.
    if c.rng.random() < 0.6:
        k, s = c.g.livekit_key(), c.g.livekit_secret()
        f.pos("  static const String liveKitApiKey = '%s';" % k, k, "livekit-api-key", required=False)
        f.pos("  static const String liveKitApiSecret = '%s';" % s, s, "livekit-secret")
    plant_dart_class(c, f, c.rng.randint(2, 4), c.rng.randint(1, 2), c.rng.randint(2, 4))
    f.add("}")


def t_dart_service(c, path):
    r = c.rng
    f = c.file(path)
    cls = words_style([feature(c), "service"], "pascal")
    f.add("import 'dart:convert';\nimport 'package:http/http.dart' as http;\n")
    f.add("class %s {" % cls)
    kind, v, words, _ = c.cred(exclude=("jwt",))
    f.pos("  final String _%s = '%s';" % (words_style(words, "camel"), v), v, kind)
    f.add("  final http.Client _client;\n\n  %s(this._client);\n" % cls)
    f.add("  Future<Map<String, dynamic>> fetch(String token) async {")
    f.neg("    final res = await _client.get(Uri.parse(_url), headers: {'Authorization': 'Bearer $token'});", "reference")
    f.add("    return jsonDecode(res.body) as Map<String, dynamic>;\n  }\n")
    if r.random() < 0.7:
        f.add("  Future<http.Response> ping() {")
        if r.random() < 0.5:
            tok, kind2, cat = c.g.mixed(ALNUM, r.choice([32, 40])), "generic-bearer", "generic"
        else:
            kind2 = r.choice(["openai-project", "groq", "anthropic", "huggingface", "github-pat"])
            tok, cat = c.cred(kind2)[1], "provider"
        line = "    return _client.get(Uri.parse(_url), headers: {'Authorization': 'Bearer %s'});" % tok
        f.pos(line, tok, kind2, cat)
        f.add("  }")
    f.add("}\n")
    # Named arguments in a constructor call.
    kind3, v3, words3, _ = c.cred(exclude=("jwt",))
    f.add("final client = ApiClient(")
    f.neg("  baseUrl: 'https://api.%s.io',"% feature(c), "url")
    f.pos("  %s: '%s'," % (words_style(words3, "camel"), v3), v3, kind3)
    f.neg("  timeout: const Duration(seconds: 20),", "code")
    f.add(");")


def t_dart_map(c, path):
    r = c.rng
    f = c.file(path)
    f.add("/// Keys per provider, used by LlmRouter.\nconst Map<String, String> providerKeys = {")
    for name, kind in [("openai", "openai-project"), ("deepseek", "deepseek"), ("groq", "groq"), ("gemini", "google-api-key"),
                       ("anthropic", "anthropic")]:
        if r.random() < 0.75:
            _, v, _, _ = c.cred(kind)
            f.pos("  '%s': '%s'," % (name, v), v, kind)
        else:
            p = c.placeholder()
            f.neg("  '%s': '%s'," % (name, p), "placeholder", p)
    f.add("};\n")
    f.add("const Map<String, Object> settings = {")
    v, words = c.generic()
    f.pos("  '%s': '%s'," % (words_style(words, "camel"), v), v, "generic-map", "generic")
    f.neg("  'retries': 3,", "code")
    f.neg("  'region': 'eu-west-3',", "code")
    f.add("};")


def t_firebase_options(c, path):
    r = c.rng
    f = c.file(path)
    f.add("// File generated by FlutterFire CLI.\n// ignore_for_file: type=lint\nimport 'package:firebase_core/firebase_core.dart' show FirebaseOptions;\n")
    f.add("class DefaultFirebaseOptions {\n  static FirebaseOptions get currentPlatform {\n    return android;\n  }\n")
    project = "eloquence-" + c.g.s(LOWER + DIGITS, 5)
    sender = c.g.digits(12)
    for plat in ["web", "android", "ios", "macos"]:
        key = c.g.google()
        f.add("  static const FirebaseOptions %s = FirebaseOptions(" % plat)
        f.neg("    apiKey: '%s'," % key, "public-firebase-web-key", key, allow="info")
        f.neg("    appId: '1:%s:%s:%s'," % (sender, plat if plat == "web" else plat[:3], c.g.s(HEX, 16 if plat != "web" else 22)), "identifier")
        f.neg("    messagingSenderId: '%s'," % sender, "identifier")
        f.add("    projectId: '%s'," % project)
        if plat == "web":
            f.add("    authDomain: '%s.firebaseapp.com'," % project)
            f.neg("    measurementId: 'G-%s'," % c.g.s(UPPER + DIGITS, 10), "identifier")
        f.add("    storageBucket: '%s.appspot.com'," % project)
        if plat in ("ios", "macos"):
            f.neg("    iosClientId: '%s-%s.apps.googleusercontent.com'," % (sender, c.g.s(LOWER + DIGITS, 32)), "identifier")
            f.add("    iosBundleId: 'com.eloquence.app',")
        f.add("  );\n")
    f.add("}")


def t_google_services_json(c, path):
    f = c.file(path)
    project = "app-" + c.g.s(LOWER + DIGITS, 6)
    num = c.g.digits(12)
    key = c.g.google()
    f.add('{\n  "project_info": {')
    f.neg('    "project_number": "%s",' % num, "identifier")
    f.add('    "project_id": "%s",\n    "storage_bucket": "%s.appspot.com"\n  },\n  "client": [\n    {\n      "client_info": {' % (project, project))
    f.neg('        "mobilesdk_app_id": "1:%s:android:%s",' % (num, c.g.s(HEX, 16)), "identifier")
    f.add('        "android_client_info": { "package_name": "com.example.app" }\n      },\n      "oauth_client": [\n        {')
    f.neg('          "client_id": "%s-%s.apps.googleusercontent.com",' % (num, c.g.s(LOWER + DIGITS, 32)), "identifier")
    f.add('          "client_type": 3\n        }\n      ],\n      "api_key": [\n        {')
    f.neg('          "current_key": "%s"' % key, "public-firebase-web-key", key, allow="info")
    f.add('        }\n      ]\n    }\n  ],\n  "configuration_version": "1"\n}')


def t_google_plist(c, path):
    f = c.file(path)
    key = c.g.google()
    f.add('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>')
    f.add("\t<key>API_KEY</key>")
    f.neg("\t<string>%s</string>" % key, "public-firebase-web-key", key, allow="info")
    f.add("\t<key>GCM_SENDER_ID</key>")
    f.neg("\t<string>%s</string>" % c.g.digits(12), "identifier")
    f.add("\t<key>BUNDLE_ID</key>\n\t<string>com.eloquence.app</string>\n\t<key>PROJECT_ID</key>\n\t<string>eloquence-app</string>")
    f.add("\t<key>GOOGLE_APP_ID</key>")
    f.neg("\t<string>1:%s:ios:%s</string>" % (c.g.digits(12), c.g.s(HEX, 22)), "identifier")
    f.add("</dict>\n</plist>")


def t_firebase_web_ts(c, path):
    f = c.file(path)
    key = c.g.google()
    project = "web-" + c.g.s(LOWER + DIGITS, 6)
    f.add("import { initializeApp } from 'firebase/app';\n\nconst firebaseConfig = {")
    f.neg('  apiKey: "%s",' % key, "public-firebase-web-key", key, allow="info")
    f.add('  authDomain: "%s.firebaseapp.com",\n  projectId: "%s",\n  storageBucket: "%s.appspot.com",' % (project, project, project))
    f.neg('  messagingSenderId: "%s",' % c.g.digits(12), "identifier")
    f.neg('  appId: "1:%s:web:%s",' % (c.g.digits(12), c.g.s(HEX, 22)), "identifier")
    f.add("};\n\nexport const app = initializeApp(firebaseConfig);")


def t_ts_config(c, path):
    r = c.rng
    f = c.file(path)
    f.add("// Server-side configuration.\nimport { z } from 'zod';\n")
    f.add("export const config = {")
    f.neg("  port: Number(process.env.PORT ?? 3000),", "code")
    for _ in range(r.randint(2, 4)):
        kind, v, words, _ = c.cred()
        f.pos(ts_line(r, words, v, in_object=True), v, kind)
    for _ in range(r.randint(1, 2)):
        v, words = c.generic()
        f.pos(ts_line(r, words, v, in_object=True), v, "generic-config", "generic")
    if r.random() < 0.5:
        pk = "pk_live_" + c.g.mixed(ALNUM, r.choice([24, 99]))
        f.neg("  stripePublishableKey: '%s'," % pk, "public-stripe-publishable", pk, allow="low")
    if r.random() < 0.5:
        sp = "sb_publishable_" + c.g.mixed(URLSAFE, 31)
        f.neg("  supabasePublishableKey: '%s'," % sp, "public-supabase-publishable", sp, allow="low")
    f.neg("  openaiApiKey: process.env.OPENAI_API_KEY!,", "reference")
    f.neg("  sessionSecret: process.env.SESSION_SECRET ?? '',", "reference")
    f.add("} as const;\n")
    for _ in range(r.randint(1, 2)):
        f.neg(ts_ref(r, c.gwords()), "reference")
    kind, v, words, _ = c.cred()
    f.pos(ts_line(r, words, v), v, kind)
    v, words = c.generic()
    f.pos(ts_line(r, words, v), v, "generic-const", "generic")


def t_ts_client(c, path):
    r = c.rng
    f = c.file(path)
    f.add("import OpenAI from 'openai';\nimport Anthropic from '@anthropic-ai/sdk';\n")
    _, v, _, _ = c.cred("openai-project")
    f.pos("const openai = new OpenAI({ apiKey: '%s' });" % v, v, "openai-project")
    _, v, _, _ = c.cred("anthropic")
    f.pos("const anthropic = new Anthropic({ apiKey: \"%s\" });" % v, v, "anthropic")
    f.add("\nexport async function callApi(path: string, token: string) {")
    f.neg("  return fetch(`https://api.example.com/${path}`, { headers: { Authorization: `Bearer ${token}` } });", "reference")
    f.add("}\n\nexport async function callInternal(path: string) {\n  return fetch(`/internal/${path}`, {\n    headers: {")
    if r.random() < 0.5:
        tok = c.g.mixed(ALNUM, r.choice([32, 40, 48]))
        f.pos("      Authorization: 'Bearer %s'," % tok, tok, "generic-bearer", "generic")
    else:
        kind, tok, _, _ = c.cred(r.choice(["github-pat", "gitlab-pat", "huggingface", "digitalocean", "linear", "npm", "sendgrid", "jwt"]))
        f.pos("      Authorization: 'Bearer %s'," % tok, tok, kind)
    if r.random() < 0.5:
        kind, k, _, _ = c.cred(r.choice(["anthropic", "groq", "deepseek"]))
        if kind == "deepseek":
            f.pos("      'x-deepseek-api-key': '%s'," % k, k, kind)
        else:
            f.pos("      'x-api-key': '%s'," % k, k, kind)
    else:
        f.neg("      'x-api-key': process.env.API_KEY ?? '',", "reference")
    f.add("      'Content-Type': 'application/json',\n    },\n  });\n}")
    f.neg("export const masked = 'sk-p\u2026Q4xA';", "masked", "sk-p\u2026Q4xA")


def t_ts_deepseek(c, path):
    r = c.rng
    f = c.file(path)
    _, v, _, _ = c.cred("deepseek")
    f.add("import OpenAI from 'openai';\n")
    f.add("// DeepSeek exposes an OpenAI-compatible API.")
    if r.random() < 0.5:
        f.add("export const deepseek = new OpenAI({\n  baseURL: 'https://api.deepseek.com',")
        f.pos("  apiKey: '%s'," % v, v, "deepseek")
        f.add("});")
    else:
        f.pos("const DEEPSEEK_API_KEY = '%s';" % v, v, "deepseek")
        f.add("export const deepseek = new OpenAI({ baseURL: 'https://api.deepseek.com', apiKey: DEEPSEEK_API_KEY });")


def t_minified(c, path):
    r = c.rng
    f = c.file(path)
    key = c.g.google()
    project = "shop-" + c.g.s(LOWER, 5)
    parts = ['(()=>{"use strict";var e={},t=function(e){return e&&e.__esModule?e:{default:e}};',
             'function n(e,t){e.apiKey=t.token,e.secret=n.secret;return e}',
             'var o={apiKey:r.apiKey,authToken:i,password:a.password};']
    f.neg("".join(parts), "minified-identifiers")
    _, ok, _, _ = c.cred("openai-project")
    line = 'const s=async e=>fetch("https://api.openai.com/v1/chat/completions",{method:"POST",headers:{"Content-Type":"application/json",Authorization:"Bearer %s"},body:JSON.stringify(e)});' % ok
    f.pos(line, ok, "openai-project")
    _, sk, _, _ = c.cred("stripe-secret")
    f.pos('var l="%s",u=function(e){return l};' % sk, sk, "stripe-secret")
    line = 'const c={apiKey:"%s",authDomain:"%s.firebaseapp.com",projectId:"%s",appId:"1:%s:web:%s"};' % (key, project, project, c.g.digits(12), c.g.s(HEX, 22))
    f.neg(line, "public-firebase-web-key", key, allow="info")
    f.neg('function d(e){return e.replace(/[a-f0-9]{32}/g,"").toLowerCase()}var p="0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";', "minified-identifiers")
    f.neg('var m={"sha":"%s","build":"%s"};' % (c.g.s(HEX, 40), c.g.s(HEX, 8)), "git-sha")
    f.add("})();")


def t_lockfiles(c, base):
    f = c.file(base + "package-lock.json")
    f.add('{\n  "name": "web",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "packages": {')
    for name in ["react", "zod", "openai", "lodash", "axios", "dotenv"]:
        integ = "sha512-" + base64.b64encode(bytes(c.rng.getrandbits(8) for _ in range(64))).decode()
        f.add('    "node_modules/%s": {\n      "version": "%d.%d.%d",' % (name, c.rng.randint(1, 18), c.rng.randint(0, 9), c.rng.randint(0, 20)))
        f.add('      "resolved": "https://registry.npmjs.org/%s/-/%s-1.0.0.tgz",' % (name, name))
        f.neg('      "integrity": "%s",' % integ, "lockfile-integrity", integ)
        f.add('      "license": "MIT"\n    },')
    f.add('    "node_modules/zz": {}\n  }\n}')
    f = c.file(base + "yarn.lock")
    f.add("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n")
    for name in ["chalk", "debug", "ms", "semver"]:
        sha1 = c.g.s(HEX, 40)
        integ = "sha512-" + base64.b64encode(bytes(c.rng.getrandbits(8) for _ in range(64))).decode()
        f.add('%s@^4.0.0:\n  version "4.1.2"' % name)
        f.neg('  resolved "https://registry.yarnpkg.com/%s/-/%s-4.1.2.tgz#%s"' % (name, name, sha1), "lockfile-sha", sha1)
        f.neg("  integrity %s\n" % integ, "lockfile-integrity", integ)


def t_pubspec_lock(c, path):
    f = c.file(path)
    f.add("# Generated by pub\n# See https://dart.dev/tools/pub/glossary#lockfile\npackages:")
    for name in ["http", "provider", "livekit_client", "firebase_core", "flutter_dotenv"]:
        sha = c.g.s(HEX, 64)
        f.add("  %s:\n    dependency: \"direct main\"\n    description:\n      name: %s" % (name, name))
        f.neg('      sha256: "%s"' % sha, "lockfile-sha256", sha)
        f.add('      url: "https://pub.dev"\n    source: hosted\n    version: "1.2.%d"' % c.rng.randint(0, 9))
    f.add('sdks:\n  dart: ">=3.3.0 <4.0.0"')


def t_i18n(c, path, lang="en"):
    f = c.file(path)
    strings = {
        "en": [("passwordLabel", "Password"), ("apiKeyHint", "Enter your API key"), ("secretQuestion", "What is your pet's name?"),
               ("tokenExpired", "Your session token has expired, please sign in again"), ("forgotPassword", "Forgot password?"),
               ("apiKeyInvalid", "The API key you entered is invalid"), ("secretKeyLabel", "Secret key")],
        "fr": [("passwordLabel", "Mot de passe"), ("apiKeyHint", "Saisissez votre cl\u00e9 API"), ("secretQuestion", "Quel est le nom de votre animal ?"),
               ("tokenExpired", "Votre jeton de session a expir\u00e9"), ("forgotPassword", "Mot de passe oubli\u00e9 ?"),
               ("apiKeyInvalid", "La cl\u00e9 API saisie est invalide"), ("secretKeyLabel", "Cl\u00e9 secr\u00e8te")],
    }[lang]
    f.add("{")
    f.add('  "@@locale": "%s",' % lang)
    for i, (k, v) in enumerate(strings):
        f.neg('  "%s": "%s"%s' % (k, v, "," if i < len(strings) - 1 else ""), "i18n")
    f.add("}")


def t_css(c, path):
    f = c.file(path)
    f.add(":root {")
    for n in ["primary", "secondary", "accent", "surface", "danger"]:
        col = "#" + c.g.s(HEX, c.rng.choice([6, 8]))
        f.neg("  --color-%s: %s;" % (n, col), "colour", col)
    f.add("}\n.avatar {")
    img = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(c.rng.getrandbits(8) for _ in range(300))).decode()
    f.neg("  background-image: url(data:image/png;base64,%s);" % img, "base64-image", img[:40])
    f.add("}")


def t_ts_test(c, path):
    f = c.file(path)
    f.add("import { describe, it, expect } from 'vitest';\nimport { validateApiKey } from '../src/keys';\n")
    f.add("describe('validateApiKey', () => {")
    f.neg("  it('rejects an empty apiKey', () => {", "test-name")
    f.neg("    expect(validateApiKey('')).toBe(false);", "code")
    f.add("  });")
    f.neg("  it('rejects sk-proj keys without the T3BlbkFJ marker', () => {", "test-name")
    f.neg("    expect(validateApiKey('sk-proj-abc')).toBe(false);", "lookalike-truncated", "sk-proj-abc")
    f.add("  });")
    f.neg("  it('accepts a secret token from process.env.SECRET_TOKEN', () => {", "test-name")
    f.neg("    expect(validateApiKey(process.env.SECRET_TOKEN ?? 'dummy')).toBe(true);", "reference")
    f.add("  });")
    f.neg("  test('password must be at least 12 characters', () => {});", "test-name")
    f.add("});")


def t_dart_test(c, path):
    f = c.file(path)
    f.add("import 'package:flutter_test/flutter_test.dart';\n\nvoid main() {")
    f.neg("  test('AppConfig.liveKitApiSecret is read from the environment', () {", "test-name")
    f.neg("    expect(AppConfig.liveKitApiSecret, isNotEmpty);", "code")
    f.add("  });")
    f.neg("  test('rejects AIza keys that are too short', () {", "test-name")
    f.neg("    expect(isGoogleKey('AIzaSyShort'), isFalse);", "lookalike-truncated", "AIzaSyShort")
    f.add("  });\n}")


def t_env(c, path, livekit=False, openai=False, nextjs=False, n_prov=None, n_gen=None):
    r = c.rng
    f = c.file(path)
    f.add("# %s\n" % r.choice(["Backend configuration", "Local development", "Do not commit", "Environment"]))
    f.neg("NODE_ENV=production", "code")
    f.neg("PORT=%d" % r.choice([3000, 8000, 8080]), "code")
    if livekit:
        k, s = c.g.livekit_key(), c.g.livekit_secret()
        f.neg("LIVEKIT_URL=wss://%s.livekit.cloud" % c.g.s(LOWER + DIGITS, 10), "url")
        f.pos("LIVEKIT_API_KEY=%s" % k, k, "livekit-api-key", required=False)
        f.pos("LIVEKIT_API_SECRET=%s" % s, s, "livekit-secret")
    if openai:
        _, v, _, _ = c.cred("openai-project")
        f.pos(r.choice(["OPENAI_API_KEY=%s", 'OPENAI_API_KEY="%s"', "OPENAI_API_KEY = %s"]) % v, v, "openai-project")
    if nextjs:
        key = c.g.google()
        f.neg("NEXT_PUBLIC_FIREBASE_API_KEY=%s" % key, "public-firebase-web-key", key, allow="info")
        hexkey = c.g.s(HEX, 64)
        f.pos("ENCRYPTION_KEY=%s" % hexkey, hexkey, "generic-encryption-key", "generic")
        _, g, _, _ = c.cred("google-api-key")
        f.pos("GOOGLE_API_KEY=%s" % g, g, "google-api-key")
        _, d, _, _ = c.cred("deepseek")
        f.pos("DEEPSEEK_API_KEY=%s" % d, d, "deepseek")
        anon = c.g.supabase_jwt("anon")
        f.neg("NEXT_PUBLIC_SUPABASE_ANON_KEY=%s" % anon, "public-supabase-anon", anon, allow="low")
        f.neg("NEXT_PUBLIC_SUPABASE_URL=https://%s.supabase.co" % c.g.s(LOWER, 20), "url")
    for _ in range(n_prov if n_prov is not None else r.randint(2, 4)):
        kind, v, words, _ = c.cred()
        f.pos(env_line(r, words, v), v, kind)
    for _ in range(n_gen if n_gen is not None else r.randint(1, 2)):
        v, words = c.generic()
        f.pos(env_line(r, words, v), v, "generic-env", "generic")
    for _ in range(r.randint(1, 3)):
        f.neg(env_ref(r, c.gwords()), "reference")
    pw = c.g.mixed(ALNUM, r.randint(16, 24))
    url = r.choice(["postgres://app:%s@db.internal:5432/app", "postgresql://admin:%s@10.0.3.12:5432/prod",
                    "mysql://root:%s@mysql:3306/shop", "mongodb+srv://svc:%s@cluster0.%s.mongodb.net/app",
                    "redis://:%s@cache:6379/0", "amqp://worker:%s@rabbitmq:5672/"])
    url = url % ((pw, c.g.s(LOWER + DIGITS, 5)) if "mongodb" in url else pw)
    f.pos("DATABASE_URL=%s" % url if not url.startswith(("redis", "amqp")) else ("REDIS_URL=%s" % url if url.startswith("redis") else "AMQP_URL=%s" % url), pw, "database-url")
    f.neg("DATABASE_URL_TEMPLATE=postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app", "reference")


def t_env_example(c, path):
    f = c.file(path)
    f.add("# Copy to .env and fill in")
    names = [["openai", "api", "key"], ["livekit", "api", "key"], ["livekit", "api", "secret"], ["deepseek", "api", "key"],
             ["google", "api", "key"], ["groq", "api", "key"], ["stripe", "secret", "key"], ["encryption", "key"],
             ["jwt", "secret"], ["db", "password"], ["anthropic", "api", "key"], ["github", "token"]]
    for w in names:
        p = c.placeholder()
        f.neg("%s=%s" % (words_style(w, "scream"), p), "placeholder", p)
    f.neg("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "aws-doc-example", "AKIAIOSFODNN7EXAMPLE")
    f.neg("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-doc-example", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    f.neg("DATABASE_URL=postgres://user:password@localhost:5432/mydb", "placeholder", "password")


def t_compose(c, path):
    r = c.rng
    f = c.file(path)
    f.add("services:")
    f.add("  livekit:\n    image: livekit/livekit-server:v1.8\n    command: [\"livekit-server\", \"--dev\"]\n    environment:")
    mode = r.randrange(3)
    if mode == 0:
        f.neg('      LIVEKIT_KEYS: "devkey: secret"', "dev-default", "devkey: secret")
    else:
        pairs = []
        for _ in range(1 if mode == 1 else 2):
            pairs.append((c.g.livekit_key(), c.g.livekit_secret()))
        line = '      LIVEKIT_KEYS: "%s"' % ", ".join("%s: %s" % p for p in pairs)
        f.pos(line, pairs[0][1], "livekit-secret")
        for k, s in pairs:
            c.positives.append({"path": path, "line": len(f.lines), "end_line": len(f.lines), "secret": k,
                                "kind": "livekit-api-key", "category": "provider", "required": False})
        for k, s in pairs[1:]:
            c.positives.append({"path": path, "line": len(f.lines), "end_line": len(f.lines), "secret": s,
                                "kind": "livekit-secret", "category": "provider", "required": True})
    f.add('    ports:\n      - "7880:7880"\n      - "7881:7881"\n      - "50000-50019:50000-50019/udp"\n')
    f.add("  api:\n    build: ./backend\n    env_file: .env\n    environment:")
    for _ in range(r.randint(2, 3)):
        kind, v, words, _ = c.cred()
        f.pos("      %s: %s" % (words_style(words, "scream"), yq(r, v)), v, kind)
    v, words = c.generic()
    f.pos("      %s: %s" % (words_style(words, "scream"), yq(r, v)), v, "generic-compose", "generic")
    f.neg(yaml_ref(r, c.gwords()), "reference")
    f.neg(yaml_ref(r, c.fresh([[p, "api", "key"] for p in ["openai", "deepseek", "livekit", "stripe", "mistral"]])), "reference")
    f.add("    depends_on:\n      - db\n\n  worker:\n    image: ghcr.io/acme/worker:latest\n    environment:")
    for _ in range(r.randint(1, 2)):
        kind, v, words, _ = c.cred()
        f.pos("      - %s=%s" % (words_style(words, "scream"), v), v, kind)
    v, words = c.generic()
    f.pos("      - %s=%s" % (words_style(words, "scream"), v), v, "generic-compose-list", "generic")
    f.neg("      - REDIS_PASSWORD=${REDIS_PASSWORD}", "reference")
    f.neg("      - API_TOKEN=$API_TOKEN", "reference")
    f.add("\n  db:\n    image: postgres:16\n    environment:")
    if r.random() < 0.5:
        pw = c.g.password()
        f.pos("      POSTGRES_PASSWORD: %s" % yq(r, pw), pw, "generic-db-password", "generic")
    else:
        f.neg("      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}", "reference")
    f.add("      POSTGRES_DB: app\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n\nvolumes:\n  pgdata:")


def t_livekit_yaml(c, path):
    r = c.rng
    f = c.file(path)
    f.add("port: 7880\nrtc:\n  tcp_port: 7881\n  port_range_start: 50000\n  port_range_end: 60000\n  use_external_ip: true")
    f.add("redis:\n  address: redis:6379")
    if r.random() < 0.5:
        pw = c.g.password()
        f.pos("  password: %s" % yq(r, pw), pw, "generic-redis-password", "generic")
    else:
        f.neg("  password: ${REDIS_PASSWORD}", "reference")
    section = r.choice(["keys", "keys", "api_keys"])
    f.add("%s:" % section)
    for _ in range(r.randint(1, 3)):
        k, s = c.g.livekit_key(), c.g.livekit_secret()
        line = "  %s: %s" % (k, s)
        f.pos(line, s, "livekit-secret")
        c.positives.append({"path": path, "line": len(f.lines), "end_line": len(f.lines), "secret": k,
                            "kind": "livekit-api-key", "category": "provider", "required": False})
    f.add("logging:\n  level: info\nturn:\n  enabled: false")
    if r.random() < 0.4:
        f.add("webhook:")
        f.neg("  api_key: %s" % f.corpus.positives[-1]["secret"], "livekit-key-id-reference", f.corpus.positives[-1]["secret"], allow="medium")
        f.add("  urls:\n    - https://api.example.com/livekit/webhook")


def t_livekit_yaml_placeholder(c, path):
    f = c.file(path)
    f.add("port: 7880")
    f.add("api_keys:")
    f.neg("  votre_nouvelle_cle_api_livekit: votre_nouveau_secret_api_livekit", "placeholder", "votre_nouveau_secret_api_livekit")
    f.add("keys:")
    f.neg("  devkey: secret", "dev-default", "secret")
    f.neg("  APIxxxxxxxxxxxx: your-livekit-secret-at-least-32-characters", "placeholder", "your-livekit-secret-at-least-32-characters")


def t_k8s_secret(c, path):
    r = c.rng
    f = c.file(path)
    f.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-secrets\n  namespace: prod\ntype: Opaque\nstringData:" % feature(c))
    for _ in range(r.randint(2, 3)):
        kind, v, words, _ = c.cred()
        f.pos("  %s: %s" % (words_style(words, "scream"), yq(r, v)), v, kind)
    v, words = c.generic()
    f.pos("  %s: %s" % (words_style(words, "scream"), yq(r, v)), v, "generic-k8s", "generic")
    f.add("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:")
    f.add("            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:")
    f.neg("                  name: api-secrets", "reference")
    f.neg("                  key: OPENAI_API_KEY", "reference")
    f.add("            - name: DB_PASSWORD")
    f.neg('              value: "{{ .Values.db.password }}"', "reference")


def t_workflow(c, path):
    r = c.rng
    f = c.file(path)
    sha = c.g.s(HEX, 40)
    f.add("name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:")
    f.neg("      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}", "reference")
    f.neg("      LIVEKIT_API_SECRET: ${{ secrets.LIVEKIT_API_SECRET }}", "reference")
    if r.random() < 0.6:
        kind, v, words, _ = c.cred()
        f.pos("      %s: %s" % (words_style(words, "scream"), yq(r, v)), v, kind)
    f.add("    steps:")
    f.neg("      - uses: actions/checkout@%s # v4" % sha, "git-sha", sha)
    f.add("      - uses: subosito/flutter-action@v2\n      - run: flutter build web")
    f.neg("          --dart-define=GEMINI_API_KEY=${{ secrets.GEMINI_API_KEY }}", "reference")
    f.add("      - name: Publish\n        env:")
    f.neg("          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}", "reference")
    f.add("        run: npm publish")
    if r.random() < 0.5:
        _, v, _, _ = c.cred("slack-webhook")
        f.add("      - name: Notify")
        f.pos("        run: curl -X POST -d '{\"text\":\"deployed\"}' %s" % v, v, "slack-webhook")


def t_spring(c, path):
    r = c.rng
    f = c.file(path)
    f.add("spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/app\n    username: app")
    if r.random() < 0.6:
        pw = c.g.password()
        f.pos("    password: %s" % yq(r, pw), pw, "generic-spring-password", "generic")
    else:
        f.neg("    password: ${DB_PASSWORD}", "reference")
    f.add("app:")
    kind, v, words, _ = c.cred()
    f.pos("  %s: %s" % (words_style(words, "kebab"), yq(r, v)), v, kind)
    v, words = c.generic()
    f.pos("  %s: %s" % (words_style(words, "kebab"), yq(r, v)), v, "generic-spring", "generic")
    f.neg("  jwt-secret: ${JWT_SECRET:changeme}", "reference")


def t_python(c, path):
    r = c.rng
    f = c.file(path)
    f.add('"""Settings."""\nimport os\nfrom pathlib import Path\n')
    f.add("BASE_DIR = Path(__file__).resolve().parent.parent")
    f.neg("DEBUG = os.getenv('DEBUG') == '1'", "code")
    v = c.g.s(LOWER + DIGITS + "!@%^&*(-_=+)", 50)
    if r.random() < 0.3:
        v = "django-insecure-" + v
    f.pos("SECRET_KEY = '%s'" % v, v, "generic-django-secret", "generic")
    for _ in range(r.randint(2, 3)):
        kind, v, words, _ = c.cred()
        f.pos(py_line(r, words, v), v, kind)
    vv, words = c.generic()
    f.pos(py_line(r, words, vv), vv, "generic-python", "generic")
    f.neg(py_ref(r, c.gwords()), "reference")
    f.neg(py_ref(r, c.fresh([[p, "api", "key"] for p in ["openai", "groq", "deepseek", "anthropic", "mistral"]])), "reference")
    f.add("DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'app',")
    if r.random() < 0.5:
        pw = c.g.password()
        f.pos("        'PASSWORD': '%s'," % pw, pw, "generic-python-db", "generic")
    else:
        f.neg("        'PASSWORD': os.environ['DB_PASSWORD'],", "reference")
    f.add("        'HOST': 'db',\n    }\n}")


def t_python_client(c, path):
    r = c.rng
    f = c.file(path)
    f.add("from openai import OpenAI\nfrom groq import Groq\nimport requests\n")
    kind = r.choice(["openai-project", "openai-svcacct", "openai-legacy"])
    _, v, _, _ = c.cred(kind)
    f.pos('client = OpenAI(api_key="%s")' % v, v, kind)
    _, v, _, _ = c.cred("groq")
    f.pos("groq = Groq(api_key='%s')" % v, v, "groq")
    _, v, _, _ = c.cred("deepseek")
    f.pos('deepseek = OpenAI(api_key="%s", base_url="https://api.deepseek.com")' % v, v, "deepseek")
    f.add("\n\ndef call(token: str) -> dict:")
    f.neg('    return requests.get(URL, headers={"Authorization": f"Bearer {token}"}).json()', "reference")
    f.add("\n\ndef test_secret_key_rotation():")
    f.neg("    assert rotate(secret_key='dummy') is not None", "test-name")


def t_shell(c, path):
    r = c.rng
    f = c.file(path)
    f.add("#!/usr/bin/env bash\nset -euo pipefail\n")
    for _ in range(r.randint(1, 3)):
        kind, v, words, _ = c.cred()
        f.pos(sh_line(r, words, v), v, kind)
    v, words = c.generic()
    f.pos(sh_line(r, words, v), v, "generic-shell", "generic")
    f.neg('export OPENAI_API_KEY="${OPENAI_API_KEY:?missing}"', "reference")
    f.neg('TOKEN="$(cat /run/secrets/api_token)"', "reference")
    kind, tok, _, _ = c.cred(r.choice(["github-pat", "github-fine-grained", "gitlab-pat", "digitalocean", "huggingface", "slack-bot", "linear"]))
    f.pos('curl -fsS -H "Authorization: Bearer %s" https://api.example.com/deploy' % tok, tok, kind)
    f.neg('curl -fsS -H "Authorization: Bearer $TOKEN" https://api.example.com/status', "reference")
    f.neg("echo \"deploying $(git rev-parse HEAD)\"", "code")


def t_service_account(c, path):
    f = c.file(path)
    key = c.g.pkcs8_key()
    kid = c.g.s(HEX, 40)
    proj = "prod-" + c.g.s(LOWER + DIGITS, 6)
    f.add('{\n  "type": "service_account",\n  "project_id": "%s",' % proj)
    f.pos('  "private_key_id": "%s",' % kid, kid, "gcp-private-key-id", required=False)
    line = '  "private_key": "%s\\n",' % key.replace("\n", "\\n")
    f.pos(line, key.split("\n")[1], "gcp-service-account")
    f.add('  "client_email": "deployer@%s.iam.gserviceaccount.com",' % proj)
    f.neg('  "client_id": "%s",' % c.g.digits(21), "identifier")
    f.add('  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}')


def t_pem_file(c, path):
    r = c.rng
    f = c.file(path)
    gen = r.choice([c.g.rsa_key, c.g.ec_key, c.g.openssh_key, c.g.pkcs8_key])
    key = gen()
    f.pos(key, key, "private-key")


def t_public_key_file(c, path):
    f = c.file(path)
    raw = base64.b64encode(b"\x30\x82\x01\x22\x30\x0d\x06\x09" + bytes(c.rng.getrandbits(8) for _ in range(286))).decode()
    lines = [raw[i:i + 64] for i in range(0, len(raw), 64)]
    f.neg("\n".join([BEGIN + " PUBLIC KEY-----"] + lines + [END + " PUBLIC KEY-----"]), "public-key")


def t_authorized_keys(c, path):
    f = c.file(path)
    for who in ["alice@laptop", "deploy@ci"]:
        blob = base64.b64encode(b"\x00\x00\x00\x07ssh-rsa" + bytes(c.rng.getrandbits(8) for _ in range(270))).decode()
        f.neg("ssh-rsa %s %s" % (blob, who), "public-key", blob[:30])
    blob = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(c.rng.getrandbits(8) for _ in range(32))).decode()
    f.neg("ssh-ed25519 %s ops@bastion" % blob, "public-key", blob[:30])


def t_pem_in_code(c, path):
    f = c.file(path)
    key = c.g.rsa_key() if c.rng.random() < 0.5 else c.g.ec_key()
    f.add("// Signing key for the license server.")
    f.pos("const PRIVATE_KEY = `%s`;" % key, key, "private-key")
    f.add("export default PRIVATE_KEY;")


def t_appsettings(c, path):
    r = c.rng
    f = c.file(path)
    pw = c.g.password()
    f.add('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {')
    f.pos('    "Default": "Server=sql.internal;Database=app;User Id=app;Password=%s;"' % pw, pw, "generic-connection-string", "generic")
    f.add("  },\n  \"Services\": {")
    kind, v, words, _ = c.cred()
    f.pos('    "%s": "%s",' % (words_style(words, "pascal"), v), v, kind)
    v, words = c.generic()
    f.pos('    "%s": "%s",' % (words_style(words, "pascal"), v), v, "generic-appsettings", "generic")
    f.neg('    "ApiKey": "%s",' % c.placeholder(), "placeholder")
    f.neg('    "RequestId": "%s"' % c.g.uuid(), "uuid")
    f.add("  }\n}")


def t_json_config(c, path):
    r = c.rng
    f = c.file(path)
    f.add("{")
    f.neg('  "name": "%s-service",' % feature(c), "code")
    f.neg('  "deviceId": "%s",' % c.g.uuid(), "uuid")
    for _ in range(r.randint(1, 3)):
        kind, v, words, _ = c.cred()
        f.pos(json_line(r, words, v), v, kind)
    v, words = c.generic()
    f.pos(json_line(r, words, v), v, "generic-json", "generic")
    f.neg('  "apiKey": "${API_KEY}",', "reference")
    f.neg('  "commit": "%s",' % c.g.s(HEX, 40), "git-sha")
    f.neg('  "checksum": "sha256-%s",' % base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode(), "hash")
    f.neg('  "secretToken": "{{SECRET_TOKEN}}"', "reference")
    f.add("}")


def t_properties(c, path):
    r = c.rng
    f = c.file(path)
    f.add("# Android local.properties / gradle.properties\nsdk.dir=/Users/dev/Library/Android/sdk\norg.gradle.jvmargs=-Xmx2048m")
    for _ in range(r.randint(1, 2)):
        kind, v, words, _ = c.cred()
        f.pos(props_line(r, words, v), v, kind)
    v, words = c.generic()
    f.pos(props_line(r, words, v), v, "generic-properties", "generic")
    f.neg("db.password=${DB_PASSWORD}", "reference")
    f.neg("signing.keyPassword=%s" % r.choice(["changeme", "android", "password"]), "placeholder")
    f.neg("app.secret=${env.APP_SECRET}", "reference")


def t_xml(c, path):
    r = c.rng
    f = c.file(path)
    f.add('<?xml version="1.0" encoding="utf-8"?>\n<resources>')
    f.neg('    <string name="app_name">Eloquence</string>', "code")
    f.neg('    <string name="password_hint">Password</string>', "i18n")
    f.neg('    <string name="api_key_hint">Enter your API key</string>', "i18n")
    kind, v, words, _ = c.cred()
    f.pos('    <string name="%s">%s</string>' % (words_style(words, "snake"), v), v, kind)
    v, words = c.generic()
    f.pos(xml_line(r, words, v), v, "generic-xml", "generic")
    f.neg('    <color name="colorPrimary">#%s</color>' % c.g.s("0123456789ABCDEF", 6), "colour")
    f.add("</resources>")


def t_web_config(c, path):
    r = c.rng
    f = c.file(path)
    f.add('<?xml version="1.0"?>\n<configuration>\n  <appSettings>')
    kind, v, words, _ = c.cred()
    f.pos('    <add key="%s" value="%s" />' % (words_style(words, "pascal"), v), v, kind)
    v, words = c.generic()
    f.pos('    <add key="%s" value="%s" />' % (words_style(words, "pascal"), v), v, "generic-webconfig", "generic")
    f.neg('    <add key="ClientSecret" value="$(ClientSecret)" />', "reference")
    f.neg('    <add key="ApiKey" value="%s" />' % c.placeholder(), "placeholder")
    f.add("  </appSettings>\n</configuration>")


def t_maven_settings(c, path):
    f = c.file(path)
    pw = c.g.password()
    f.add("<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>deployer</username>")
    f.pos("      <password>%s</password>" % pw, pw, "generic-maven-password", "generic")
    f.add("    </server>\n    <server>\n      <id>snapshots</id>\n      <username>deployer</username>")
    f.neg("      <password>${env.MAVEN_PASSWORD}</password>", "reference")
    f.add("    </server>\n  </servers>\n</settings>")


def t_toml(c, path):
    r = c.rng
    f = c.file(path)
    f.add("[server]\nhost = \"0.0.0.0\"\nport = 8080\n\n[providers]")
    kind, v, words, _ = c.cred()
    f.pos(toml_line(r, words, v), v, kind)
    v, words = c.generic()
    f.pos(toml_line(r, words, v), v, "generic-toml", "generic")
    f.neg('api_key = "${API_KEY}"', "reference")


def t_kotlin(c, path):
    r = c.rng
    f = c.file(path)
    f.add("package com.eloquence.app\n\nobject Secrets {")
    kind, v, words, _ = c.cred()
    f.pos('    const val %s = "%s"' % (words_style(words, "scream"), v), v, kind)
    v, words = c.generic()
    f.pos('    const val %s = "%s"' % (words_style(words, "scream"), v), v, "generic-kotlin", "generic")
    f.neg("    val apiKey: String = BuildConfig.API_KEY", "reference")
    f.add("}")


def t_swift(c, path):
    r = c.rng
    f = c.file(path)
    f.add("import Foundation\n\nenum Config {")
    kind, v, words, _ = c.cred()
    f.pos('    static let %s = "%s"' % (words_style(words, "camel"), v), v, kind)
    v, words = c.generic()
    f.pos('    static let %s = "%s"' % (words_style(words, "camel"), v), v, "generic-swift", "generic")
    f.neg('    static let apiKey = Bundle.main.object(forInfoDictionaryKey: "API_KEY") as? String ?? ""', "reference")
    f.add("}")


def t_go(c, path):
    r = c.rng
    f = c.file(path)
    f.add("package config\n\nimport \"os\"\n")
    kind, v, words, _ = c.cred()
    f.pos('const %s = "%s"' % (words_style(words, "camel"), v), v, kind)
    v, words = c.generic()
    f.pos('var %s = "%s"' % (words_style(words, "camel"), v), v, "generic-go", "generic")
    f.neg('var apiSecret = os.Getenv("API_SECRET")', "reference")


def t_php(c, path):
    r = c.rng
    f = c.file(path)
    f.add("<?php\n\nreturn [")
    kind, v, words, _ = c.cred()
    f.pos("    '%s' => '%s'," % (words_style(words, "snake"), v), v, kind)
    v, words = c.generic()
    f.pos("    '%s' => '%s'," % (words_style(words, "snake"), v), v, "generic-php", "generic")
    f.neg("    'api_secret' => env('API_SECRET'),", "reference")
    f.add("];")


def t_ruby(c, path):
    r = c.rng
    f = c.file(path)
    f.add("Rails.application.configure do")
    v = c.g.s(HEX, 128)
    f.pos("  config.secret_key_base = '%s'" % v, v, "generic-secret-key-base", "generic")
    kind, vv, words, _ = c.cred()
    f.pos("  config.%s = '%s'" % (words_style(words, "snake"), vv), vv, kind)
    f.neg("  config.api_token = ENV.fetch('API_TOKEN')", "reference")
    f.neg("  config.stripe_key = <%= ENV['STRIPE_KEY'] %>", "reference")
    f.add("end")


def t_dockerfile(c, path):
    r = c.rng
    f = c.file(path)
    f.add("FROM node:20-alpine\nWORKDIR /app\nCOPY . .")
    kind, v, words, _ = c.cred()
    f.pos("ENV %s=%s" % (words_style(words, "scream"), v), v, kind)
    f.neg("ARG NPM_TOKEN", "code")
    f.neg("ENV API_SECRET=${API_SECRET}", "reference")
    f.add('RUN npm ci && npm run build\nCMD ["node", "dist/server.js"]')


def t_npmrc(c, path):
    f = c.file(path)
    _, v, _, _ = c.cred("npm")
    f.add("registry=https://registry.npmjs.org/")
    f.pos("//registry.npmjs.org/:_authToken=%s" % v, v, "npm")
    f.neg("//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", "reference")


def t_pypirc(c, path):
    f = c.file(path)
    _, v, _, _ = c.cred("pypi")
    f.add("[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__")
    f.pos("password = %s" % v, v, "pypi")


def t_tfvars(c, path):
    r = c.rng
    f = c.file(path)
    f.add('region = "eu-west-3"')
    _, i, _, _ = c.cred("aws-access-key-id")
    _, s, _, _ = c.cred("aws-secret-access-key")
    f.pos('aws_access_key_id     = "%s"' % i, i, "aws-access-key-id")
    f.pos('aws_secret_access_key = "%s"' % s, s, "aws-secret-access-key")
    kind, v, _, _ = c.cred("digitalocean")
    f.pos('do_token = "%s"' % v, v, kind)


def t_aws_credentials(c, path):
    f = c.file(path)
    _, i, _, _ = c.cred("aws-access-key-id")
    _, s, _, _ = c.cred("aws-secret-access-key")
    f.add("[default]")
    f.pos("aws_access_key_id = %s" % i, i, "aws-access-key-id")
    f.pos("aws_secret_access_key = %s" % s, s, "aws-secret-access-key")
    f.add("region = eu-west-1\n\n[docs]")
    f.neg("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws-doc-example", "AKIAIOSFODNN7EXAMPLE")
    f.neg("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-doc-example", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def t_markdown_fr(c, path):
    f = c.file(path)
    f.add("# Guide de Mise \u00e0 Jour des Cl\u00e9s API LiveKit\n\nRemplacez les valeurs par vos propres cl\u00e9s.\n\n```")
    f.neg("LIVEKIT_API_KEY=votre_nouvelle_cle_api_livekit", "placeholder", "votre_nouvelle_cle_api_livekit")
    f.neg("LIVEKIT_API_SECRET=votre_nouveau_secret_api_livekit", "placeholder", "votre_nouveau_secret_api_livekit")
    f.add("```\n\n```yaml\napi_keys:")
    f.neg("  votre_nouvelle_cle_api_livekit: votre_nouveau_secret_api_livekit", "placeholder", "votre_nouveau_secret_api_livekit")
    f.add("```\n\n```dart\nclass AppConfig {")
    f.neg("  static const String liveKitApiKey = 'votre_nouvelle_cle_api_livekit';", "placeholder", "votre_nouvelle_cle_api_livekit")
    f.neg("  static const String liveKitApiSecret = 'votre_nouveau_secret_api_livekit';", "placeholder", "votre_nouveau_secret_api_livekit")
    f.add("}\n```\n\nFormat exact avec espace apr\u00e8s les deux-points :\n\n```yaml")
    f.neg('LIVEKIT_KEYS: "devkey: secret"', "dev-default", "devkey: secret")
    # The seed's own explanatory placeholder (assembled so this script does not match it itself).
    seed_placeholder = "a-very-long-secret-key-" + "with-at-least-32-characters"
    f.neg('LIVEKIT_KEYS: "production-key: %s"' % seed_placeholder, "placeholder", seed_placeholder)
    f.add("```\n\nLe serveur affiche `secret is too short, should be at least 32 characters for security`.\n")
    f.add("## .env.local\n\n```bash")
    f.neg("ENCRYPTION_KEY=your-64-char-hex-key-here", "placeholder", "your-64-char-hex-key-here")
    f.neg("GOOGLE_API_KEY=AIza...", "placeholder", "AIza...")
    f.neg("DEEPSEEK_API_KEY=sk-...", "placeholder", "sk-...")
    f.add("```\n")
    f.neg("| gemini  | Gemini...| AIzaSy...2btl8     | free |", "masked", "AIzaSy...2btl8")
    f.neg("| deepseek| DeepSe...| sk-557...7e46      | paid |", "masked", "sk-557...7e46")
    f.neg("G\u00e9n\u00e9rez une cl\u00e9 : `openssl rand -hex 32` puis `export ENCRYPTION_KEY=$(openssl rand -hex 32)`.", "reference")


def t_markdown_leak(c, path):
    r = c.rng
    f = c.file(path)
    f.add("# Troubleshooting\n\nThe server logs `invalid_api_key` with this configuration:\n\n```env")
    kind = r.choice(["openai-project", "groq", "anthropic", "google-api-key", "deepseek", "stripe-secret", "huggingface", "github-pat"])
    _, v, words, _ = c.cred(kind)
    f.pos("%s=%s" % (words_style(words, "scream"), v), v, kind)
    f.add("```\n\nIt turned out the value had a trailing space. With the LiveKit server:\n\n```yaml")
    k, s = c.g.livekit_key(), c.g.livekit_secret()
    line = 'LIVEKIT_KEYS: "%s: %s"' % (k, s)
    f.pos(line, s, "livekit-secret")
    c.positives.append({"path": path, "line": len(f.lines), "end_line": len(f.lines), "secret": k, "kind": "livekit-api-key",
                        "category": "provider", "required": False})
    f.add("```\n")
    f.neg("Keys look like `sk-proj-\u2026` and must contain `T3BlbkFJ`; Groq keys start with `gsk_`.", "doc-prefix")
    f.neg("Never commit a key such as `AKIAIOSFODNN7EXAMPLE`.", "aws-doc-example", "AKIAIOSFODNN7EXAMPLE")
    jwt_example = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                   ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
    f.neg("Example token from jwt.io: `%s`" % jwt_example, "jwt-io-doc-example", jwt_example, allow="low")


def t_readme(c, path):
    r = c.rng
    f = c.file(path)
    f.add("# Setup\n\n1. Copy `.env.example` to `.env`.\n2. Fill in:\n\n```bash")
    for w in [["openai", "api", "key"], ["groq", "api", "key"], ["stripe", "secret", "key"], ["livekit", "api", "secret"]]:
        p = c.placeholder()
        f.neg("export %s=%s" % (words_style(w, "scream"), p), "placeholder", p)
    f.add("```\n\nRun with `flutter run --dart-define=OPENAI_API_KEY=$OPENAI_API_KEY`.\n")
    f.neg("The key is masked in logs: `sk-p\u2026Q4xA`, `AIza\u2026x9Q0`.", "masked")
    f.neg("Commit %s fixed the token refresh (see #412)." % c.g.s(HEX, 40), "git-sha")
    u = c.g.uuid()
    f.neg("Tenant id: `%s`" % u, "uuid", u)


def t_lookalikes(c, path):
    """Values that resemble credentials but are not: wrong length/alphabet, identifiers, CSS classes."""
    r = c.rng
    f = c.file(path)
    f.add("// Misc constants")
    f.neg("export const spinnerClass = 'sk-fading-circle';", "lookalike", "sk-fading-circle")
    f.neg("export const chaseClass = 'sk-chase-dot';", "lookalike", "sk-chase-dot")
    f.neg("export const GA_ID = 'G-%s';" % c.g.s(UPPER + DIGITS, 10), "identifier")
    f.neg("export const UA_ID = 'UA-%s-1';" % c.g.digits(8), "identifier")
    short = "AIza" + c.g.mixed(ALNUM, 20)
    f.neg("export const prefixExample = '%s\u2026';" % short, "lookalike-truncated", short)
    wrong = "AKIA" + c.g.mixed(LOWER + DIGITS, 16)
    f.neg("export const partNumber = '%s';" % wrong, "lookalike-wrong-alphabet", wrong)
    f.neg("export const skuPrefix = 'sku_live_';", "lookalike", "sku_live_")
    f.neg("const ghpDocs = 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure';", "url")
    f.neg("export const transactionHash = '0x%s';" % c.g.s(HEX, 64), "hash")
    f.neg("export const sha256Empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';", "hash")
    f.neg("export const buildId = '%s';" % c.g.s(HEX, 40), "git-sha")
    f.neg("export const traceId = '%s';" % c.g.uuid(), "uuid")
    pk = "pk.eyJ1Ijoi" + c.g.mixed(URLSAFE, 50) + "." + c.g.mixed(URLSAFE, 22)
    f.neg("export const mapboxPublicToken = '%s';" % pk, "public-mapbox-pk", pk, allow="low")
    site = "6L" + c.g.mixed(URLSAFE, 38)
    f.neg("export const RECAPTCHA_SITE_KEY = '%s';" % site, "public-recaptcha-site-key", site, allow="low")
    f.neg("export const keyPrefixes = ['sk-proj-', 'sk-ant-api03-', 'gsk_', 'AIza', 'ghp_', 'xoxb-'];", "doc-prefix")
    f.neg("export const passwordRegex = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;", "code")
    f.neg("export const tokenKey = 'auth_token';", "code")
    f.neg("export const SECRET_HEADER = 'X-Webhook-Secret';", "code")
    dsn = c.g.sentry_dsn()
    f.pos("export const SENTRY_DSN = '%s';" % dsn, dsn, "sentry-dsn", required=False)
    f.neg("const integrity = 'sha384-%s';" % base64.b64encode(bytes(r.getrandbits(8) for _ in range(48))).decode(), "sri-hash")


def t_dart_lookalikes(c, path):
    f = c.file(path)
    f.add("class Strings {")
    f.neg("  static const String passwordLabel = 'Password';", "i18n")
    f.neg("  static const String apiKeyLabel = 'API key';", "i18n")
    f.neg("  static const String secretHint = 'Enter the secret shown in your dashboard';", "i18n")
    f.neg("  static const String tokenStorageKey = 'auth_token';", "code")
    f.neg("  static const String apiKeyPrefix = 'sk-proj-';", "doc-prefix")
    f.neg("  static const String secretKeyName = 'LIVEKIT_API_SECRET';", "code")
    f.neg("  static const String defaultAvatar = 'assets/images/avatar.png';", "code")
    f.add("}")


def t_secretish_names(c, path, lang):
    """Secret-looking names holding values that are not secrets (ids, paths, URLs, numbers, ARNs)."""
    r = c.rng
    f = c.file(path)
    acct = c.g.digits(12)
    items = [
        (["password", "min", "length"], "12", "config-number"),
        (["token", "expiry", "seconds"], "3600", "config-number"),
        (["secret", "name"], "prod/api/openai", "secret-manager-path"),
        (["secret", "arn"], "arn:aws:secretsmanager:eu-west-3:%s:secret:prod/livekit-%s" % (acct, c.g.s(ALNUM, 6)), "secret-manager-arn"),
        (["api", "key", "header"], "X-API-Key", "header-name"),
        (["token", "endpoint"], "https://oauth2.googleapis.com/token", "url"),
        (["password", "reset", "url"], "https://app.example.com/reset-password", "url"),
        (["api", "key", "file"], "/run/secrets/api_key", "file-path"),
        (["private", "key", "path"], "assets/keys/public.pem", "file-path"),
        (["google", "application", "credentials"], "./service-account.json", "file-path"),
        (["jwt", "algorithm"], "RS256", "config-word"),
        (["auth", "token", "type"], "Bearer", "config-word"),
        (["secret", "key", "ref"], "projects/%s/secrets/openai-api-key/versions/latest" % c.g.digits(12), "secret-manager-path"),
        (["api", "key", "id"], c.g.uuid(), "uuid"),
        (["session", "cookie", "name"], "__Secure-next-auth.session-token", "config-word"),
        (["api", "version"], "2024-06-01", "config-word"),
    ]
    r.shuffle(items)
    if lang == "env":
        f.add("# Non-secret settings")
        for words, v, why in items:
            f.neg("%s=%s" % (words_style(words, "scream"), v), why, v)
    elif lang == "ts":
        f.add("export const settings = {")
        for words, v, why in items:
            f.neg("  %s: '%s'," % (words_style(words, "camel"), v), why, v)
        f.add("};")
    elif lang == "dart":
        f.add("class Settings {")
        for words, v, why in items:
            f.neg("  static const String %s = '%s';" % (words_style(words, "camel"), v), why, v)
        f.add("}")
    else:
        f.add("settings:")
        for words, v, why in items:
            f.neg("  %s: %s" % (words_style(words, "snake"), yq(r, v)), why, v)


def with_word(c, v, word, lo, hi):
    """v with `word` written over a random position in v[lo:hi] (random bodies contain words by chance)."""
    i = c.rng.randint(lo, hi - len(word))
    return v[:i] + word + v[i + len(word):]


def t_chance_words(c, path):
    """Real-shaped credentials whose random body happens to contain a placeholder-ish word.

    A random 40-character body contains some 4-letter word such as "test", "demo" or "fake" far more
    often than one would guess; a placeholder filter that looks for substrings drops real keys."""
    r = c.rng
    f = c.file(path)
    note = "random body contains a stopword"
    f.add("# Production credentials (leaked)")
    word = r.choice(["Test", "Demo", "fake", "Mock", "temp"])
    v = with_word(c, c.g.openai_project(), word, 10, 40)
    f.pos("OPENAI_API_KEY=%s" % v, v, "openai-project", note=note + " " + word)
    word = r.choice(["test", "Demo", "FAKE", "dumy"])
    v = with_word(c, c.g.aws_secret(), word, 5, 35)
    f.pos("AWS_SECRET_ACCESS_KEY=%s" % v, v, "aws-secret-access-key", note=note + " " + word)
    word = r.choice(["Test", "demo", "Fake", "XXXX"])
    body = with_word(c, c.g.mixed(ALNUM, 30), word, 2, 28)
    v = "ghp_" + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)
    f.pos("GITHUB_TOKEN=%s" % v, v, "github-pat", note=note + " " + word)
    word = r.choice(["test", "Sample", "demo"])
    v = with_word(c, c.g.stripe("sk_live_"), word, 12, 30)
    f.pos("STRIPE_SECRET_KEY=%s" % v, v, "stripe-secret", note=note + " " + word)
    word = r.choice(["test", "fake", "demo", "xxx"])
    v = with_word(c, c.g.mixed(ALNUM, 40), word, 4, 36)
    f.pos("JWT_SECRET=%s" % v, v, "generic-jwt-secret", "generic", note=note + " " + word)
    word = r.choice(["Test", "Demo", "fake"])
    v = with_word(c, c.g.livekit_secret(), word, 5, 38)
    f.pos("LIVEKIT_API_SECRET=%s" % v, v, "livekit-secret", note=note + " " + word)
    key = c.g.pkcs8_key()
    lines = key.split("\n")
    word = r.choice(["TEST", "fake", "Demo", "test"])
    lines[3] = with_word(c, lines[3], word, 4, 60)
    key = "\n".join(lines)
    f2 = c.file(path.rsplit("/", 1)[0] + "/signing_key.pem")
    f2.pos(key, key, "private-key", note=note + " " + word)


# -----------------------------------------------------------------------------------------

def build(seed):
    c = Corpus(seed)
    r = c.rng
    apps = ["eloquence", "moncabinet", "studio", "coachapp", "shopfront", "voicebot"]

    for i, app in enumerate(apps):
        root = app + "/"
        # Flutter app
        t_dart_app_config(c, c.uniq(root + "lib/core/config/app_config.dart"))
        if i % 2:
            c.files[root + "lib/core/config/app_config.dart"].eol = "\r\n"
        t_dart_service(c, c.uniq(root + "lib/features/%s/data/%s_service.dart" % (feature(c), app)))
        t_dart_service(c, c.uniq(root + "lib/services/api_service.dart"))
        t_dart_map(c, c.uniq(root + "lib/core/llm/provider_keys.dart"))
        t_firebase_options(c, c.uniq(root + "lib/firebase_options.dart"))
        t_dart_test(c, c.uniq(root + "test/app_config_test.dart"))
        t_dart_lookalikes(c, c.uniq(root + "lib/l10n/strings.dart"))
        t_i18n(c, c.uniq(root + "lib/l10n/app_en.arb"), "en")
        t_i18n(c, c.uniq(root + "lib/l10n/app_fr.arb"), "fr")
        t_pubspec_lock(c, c.uniq(root + "pubspec.lock"))
        t_google_services_json(c, c.uniq(root + "android/app/google-services.json"))
        t_google_plist(c, c.uniq(root + "ios/Runner/GoogleService-Info.plist"))
        t_xml(c, c.uniq(root + "android/app/src/main/res/values/strings.xml"))
        t_properties(c, c.uniq(root + "android/local.properties"))
        t_kotlin(c, c.uniq(root + "android/app/src/main/kotlin/com/eloquence/Secrets.kt"))
        t_swift(c, c.uniq(root + "ios/Runner/Config.swift"))
        # Backend / web
        t_env(c, c.uniq(root + "backend/.env"), livekit=True)
        t_env(c, c.uniq(root + "websocket-server/.env"), openai=True, n_prov=1, n_gen=1)
        t_env(c, c.uniq(root + "web/.env.local"), nextjs=True, n_prov=1, n_gen=1)
        t_env(c, c.uniq(root + ".env.production"))
        t_env_example(c, c.uniq(root + ".env.example"))
        t_compose(c, c.uniq(root + "docker-compose.yml"))
        t_livekit_yaml(c, c.uniq(root + "livekit.yaml"))
        t_k8s_secret(c, c.uniq(root + "deploy/k8s/secrets.yaml"))
        t_workflow(c, c.uniq(root + ".github/workflows/deploy.yml"))
        t_ts_config(c, c.uniq(root + "web/src/config/index.ts"))
        t_ts_client(c, c.uniq(root + "web/src/lib/ai.ts"))
        t_ts_deepseek(c, c.uniq(root + "web/src/lib/deepseek.ts"))
        t_firebase_web_ts(c, c.uniq(root + "web/src/firebase.ts"))
        t_minified(c, c.uniq(root + "web/dist/assets/index-%s.js" % c.g.s(LOWER + DIGITS, 8)))
        t_lockfiles(c, root + "web/")
        t_ts_test(c, c.uniq(root + "web/tests/keys.test.ts"))
        t_css(c, c.uniq(root + "web/src/styles/theme.css"))
        t_lookalikes(c, c.uniq(root + "web/src/constants.ts"))
        t_i18n(c, c.uniq(root + "web/public/locales/fr.json"), "fr")
        t_python(c, c.uniq(root + "backend/app/settings.py"))
        t_python_client(c, c.uniq(root + "backend/app/llm.py"))
        t_shell(c, c.uniq(root + "scripts/deploy.sh"))
        t_service_account(c, c.uniq(root + "backend/service-account.json"))
        t_json_config(c, c.uniq(root + "backend/config/%s.json" % r.choice(["default", "production", "local"])))
        t_markdown_fr(c, c.uniq(root + "docs/GUIDE_CLES_LIVEKIT.md"))
        t_markdown_leak(c, c.uniq(root + "docs/TROUBLESHOOTING.md"))
        t_readme(c, c.uniq(root + "README.md"))
        t_chance_words(c, c.uniq(root + "ops/prod/credentials.env"))
        t_secretish_names(c, c.uniq(root + "backend/.env.defaults"), "env")
        t_secretish_names(c, c.uniq(root + "web/src/config/settings.ts"), "ts")
        t_secretish_names(c, c.uniq(root + "lib/core/config/settings.dart"), "dart")
        t_secretish_names(c, c.uniq(root + "deploy/settings.yaml"), "yaml")
        # Extras spread across apps
        extras = [
            (t_spring, "services/billing/src/main/resources/application.yml"),
            (t_appsettings, "services/reports/appsettings.json"),
            (t_web_config, "services/legacy/Web.config"),
            (t_maven_settings, "services/billing/.mvn/settings.xml"),
            (t_toml, "services/router/config.toml"),
            (t_go, "services/router/config/config.go"),
            (t_php, "services/cms/config/services.php"),
            (t_ruby, "services/admin/config/environments/production.rb"),
            (t_dockerfile, "services/api/Dockerfile"),
            (t_npmrc, "web/.npmrc"),
            (t_pypirc, "backend/.pypirc"),
            (t_tfvars, "infra/terraform.tfvars"),
            (t_aws_credentials, "infra/aws/credentials"),
            (t_pem_file, "infra/keys/deploy_%s" % r.choice(["rsa", "ed25519", "key.pem"])),
            (t_public_key_file, "infra/keys/jwt_public.pem"),
            (t_authorized_keys, "infra/ssh/authorized_keys"),
            (t_pem_in_code, "web/src/server/license.ts"),
            (t_livekit_yaml_placeholder, "docs/examples/livekit.example.yaml"),
        ]
        for fn, p in extras:
            if (i + extras.index((fn, p))) % 2 == 0 or fn in (t_pem_file, t_tfvars, t_npmrc, t_livekit_yaml_placeholder):
                fn(c, c.uniq(root + p))
        # A few more files with only planted provider keys, in each language, for coverage.
        for j in range(4):
            p = c.uniq(root + "envs/%s.env" % r.choice(["staging", "qa", "demo", "preview"]))
            t_env(c, p, n_gen=1 if j % 2 else 0)
            if j == 1:
                c.files[p].eol = "\r\n"  # edited on Windows

            t_dart_app_config(c, c.uniq(root + "lib/features/%s/%s_config.dart" % (feature(c), feature(c))))
            t_ts_config(c, c.uniq(root + "web/src/features/%s/config.ts" % feature(c)))
            t_k8s_secret(c, c.uniq(root + "deploy/k8s/%s-secret.yaml" % feature(c)))
            t_python(c, c.uniq(root + "backend/%s/settings.py" % feature(c)))
    return c


def write(c, out):
    files_dir = os.path.join(out, "files")
    if os.path.exists(files_dir):
        shutil.rmtree(files_dir)
    for path in sorted(c.files):
        full = os.path.join(files_dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="") as fh:
            fh.write(c.files[path].text())
    # Self-check: every label points at a line that really holds its value.
    texts = {p: c.files[p].text().replace("\r\n", "\n").split("\n") for p in c.files}
    for lab in c.positives:
        first = lab["secret"].split("\n")[0]
        if first not in texts[lab["path"]][lab["line"] - 1]:
            raise AssertionError("label mismatch %s:%d" % (lab["path"], lab["line"]))
    for lab in c.negatives:
        if lab["value"] and lab["value"] not in texts[lab["path"]][lab["line"] - 1]:
            raise AssertionError("negative label mismatch %s:%d" % (lab["path"], lab["line"]))
    labels = {
        "version": 1,
        "files_dir": "files",
        "positives": sorted(c.positives, key=lambda l: (l["path"], l["line"], l["secret"])),
        "negatives": sorted(c.negatives, key=lambda l: (l["path"], l["line"], l["reason"])),
        "files": sorted(c.files),
    }
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8") as fh:
        json.dump(labels, fh, indent=1, sort_keys=True)
        fh.write("\n")
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    c = build(args.seed)
    labels = write(c, args.out)
    req = [l for l in labels["positives"] if l["required"]]
    kinds = sorted({l["kind"] for l in req if l["category"] == "provider"})
    print("wrote %d files to %s: %d positives (%d required: %d provider in %d kinds, %d generic), %d labelled negatives"
          % (len(labels["files"]), os.path.join(args.out, "files"), len(labels["positives"]), len(req),
             sum(1 for l in req if l["category"] == "provider"), len(kinds),
             sum(1 for l in req if l["category"] == "generic"), len(labels["negatives"])))


if __name__ == "__main__":
    main()
