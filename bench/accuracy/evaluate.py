#!/usr/bin/env python3
"""Score keylint against a corpus written by generate.py.

    python3 bench/accuracy/evaluate.py /tmp/kl-acc [--keylint target/release/keylint]

Runs `keylint scan OUT/files --format json --show-secrets --fail-on info --no-config`, matches
findings to OUT/labels.json by path + line range + secret overlap and prints precision / recall
(overall, provider vs generic, per provider kind), every miss and every false positive (secrets
masked: first 4 + ... + last 4) and the failure-level findings on negatives.

Exit status: 0 when the thresholds hold, 1 when they do not, 2 when keylint could not be run.
Thresholds: provider precision and recall >= --min-precision / --min-recall (0.97), generic
precision and recall >= --generic-min-precision / --generic-min-recall (0.90), and no finding at or
above --fail-on (high) on anything that is not a planted positive.

Definitions
  TP finding   a finding whose path matches, whose line range overlaps a positive label's and
               whose secret overlaps the label's secret (containment or a 10+ character common
               substring). A finding may cover several labels (e.g. `LIVEKIT_KEYS: "k: s"`).
  FP finding   any other finding, unless it sits on a labelled negative whose `allow` severity
               it does not exceed (Firebase web keys at info, publishable keys at low, ...).
  miss         a required positive label no finding covers.
  optional     labels with required=false (LiveKit API key ids, GCP private_key_id, Sentry DSN):
               findings on them are neither TP nor FP, and not finding them is not a miss.
  precision    TP findings / (TP + FP findings); provider/generic split by the matched label's
               category, or for FPs by the rule (rule ids starting with `generic` are generic).
  recall@fail  share of required positives found at or above --fail-on.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

SEVERITIES = ["info", "low", "medium", "high", "critical"]
RANK = {s: i for i, s in enumerate(SEVERITIES)}


def mask(secret):
    s = secret.replace("\r", "").replace("\n", "\u23ce")
    if s.startswith("-----BEGIN"):
        body = [l for l in secret.split("\n") if l and not l.startswith("-----")]
        head = s.split("-----")[1] if s.count("-----") >= 2 else "PEM"
        b = body[0] if body else ""
        return "[%s] %s\u2026%s" % (head, b[:4], b[-4:] if len(b) > 8 else "")
    if len(s) <= 8:
        return s[:2] + "\u2026"
    if len(s) < 16:
        return s[:3] + "\u2026" + s[-2:]
    return s[:4] + "\u2026" + s[-4:]


def lcs_len_at_least(a, b, k):
    """True when a and b share a common substring of length >= k."""
    if len(a) < k or len(b) < k:
        return False
    if len(a) > len(b):
        a, b = b, a
    subs = {a[i:i + k] for i in range(len(a) - k + 1)}
    return any(b[i:i + k] in subs for i in range(len(b) - k + 1))


def normalise_secret(s):
    # Secrets inside JSON strings may be reported with escaped newlines.
    return s.replace("\\n", "\n").replace("\r", "")


def overlaps(finding_secret, label_secret):
    a, b = normalise_secret(finding_secret), normalise_secret(label_secret)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return lcs_len_at_least(a, b, min(10, len(a), len(b)))


def find_binary(arg):
    if arg:
        return arg
    for cand in ["target/release/keylint", "target/debug/keylint"]:
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    for cand in ["target/release/keylint", "target/debug/keylint"]:
        p = os.path.join(root, cand)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def run_keylint(binary, target, extra):
    cmd = [binary, "scan", target, "--format", "json", "--show-secrets", "--fail-on", "info", "--no-config",
           "--color", "never"] + extra
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    doc = None
    if p.returncode in (0, 1, 2):
        try:
            doc = json.loads(p.stdout.decode("utf-8"))
        except ValueError:
            doc = None
    return p.returncode, doc, p.stderr.decode("utf-8", "replace")


def collect_findings(binary, files_dir, file_list, extra):
    """Whole-tree scan; if keylint crashes, scan file by file so one bad file does not hide the rest."""
    rc, doc, err = run_keylint(binary, files_dir, extra)
    crashes = []
    if doc is not None:
        findings = doc["findings"]
        for f in findings:
            f["path"] = norm_path(f["path"], files_dir)
        return findings, doc.get("summary", {}), crashes
    first = err.strip().splitlines()
    print("keylint exited %d on the whole corpus without a JSON report; rescanning file by file.\n  %s"
          % (rc, "\n  ".join(l for l in first if "panicked" in l or "error" in l.lower())[:800]), file=sys.stderr)
    findings, summary = [], {"files_scanned": 0, "errors": []}
    for rel in file_list:
        full = os.path.join(files_dir, rel)
        rc, doc, err = run_keylint(binary, full, extra)
        if doc is None:
            msg = next((l.strip() for l in err.splitlines() if "panicked" in l), "")
            nxt = err.splitlines()
            # The panic message is on the line after "panicked at ...".
            for i, l in enumerate(nxt):
                if "panicked" in l and i + 1 < len(nxt):
                    msg = nxt[i + 1].strip()
                    break
            crashes.append({"path": rel, "exit": rc, "message": msg[:300]})
            continue
        summary["files_scanned"] += doc.get("summary", {}).get("files_scanned", 0)
        summary["errors"] += doc.get("summary", {}).get("errors", [])
        for f in doc["findings"]:
            f["path"] = rel
            findings.append(f)
    return findings, summary, crashes


def norm_path(p, files_dir):
    p = p.replace("\\", "/")
    base = os.path.abspath(files_dir).replace("\\", "/").rstrip("/") + "/"
    if p.startswith(base):
        p = p[len(base):]
    fd = files_dir.replace("\\", "/").rstrip("/") + "/"
    if p.startswith(fd):
        p = p[len(fd):]
    while p.startswith("./"):
        p = p[2:]
    return p


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="directory written by generate.py (holds labels.json and files/)")
    ap.add_argument("--keylint", help="keylint binary (default: target/release/keylint, else target/debug/keylint)")
    ap.add_argument("--findings", help="use this keylint JSON report instead of running keylint")
    ap.add_argument("--fail-on", default="high", choices=SEVERITIES, help="failure level (default high)")
    ap.add_argument("--min-precision", type=float, default=0.97)
    ap.add_argument("--min-recall", type=float, default=0.97)
    ap.add_argument("--generic-min-precision", type=float, default=0.90)
    ap.add_argument("--generic-min-recall", type=float, default=0.90)
    ap.add_argument("--json", help="also write the full result (masked) to this file")
    ap.add_argument("--quiet", action="store_true", help="summary only, no miss/FP lists")
    ap.add_argument("--verbose", action="store_true", help="also list every positive found only below --fail-on")
    ap.add_argument("extra", nargs="*", help="extra arguments for keylint scan (after --)")
    args = ap.parse_args()

    labels = json.load(open(os.path.join(args.corpus, "labels.json"), encoding="utf-8"))
    files_dir = os.path.join(args.corpus, labels.get("files_dir", "files"))
    crashes = []
    if args.findings:
        doc = json.load(open(args.findings, encoding="utf-8"))
        findings, summary = doc["findings"], doc.get("summary", {})
        for f in findings:
            f["path"] = norm_path(f["path"], files_dir)
        binary = "(report %s)" % args.findings
    else:
        binary = find_binary(args.keylint)
        if not binary:
            print("no keylint binary: build it (cargo build --release) or pass --keylint", file=sys.stderr)
            return 2
        findings, summary, crashes = collect_findings(binary, files_dir, labels["files"], args.extra)
    fail_rank = RANK[args.fail_on]

    positives = labels["positives"]
    negatives = labels["negatives"]
    pos_by_path = defaultdict(list)
    for i, l in enumerate(positives):
        l["_id"] = i
        pos_by_path[l["path"]].append(l)
    neg_by_line = defaultdict(list)
    for l in negatives:
        neg_by_line[(l["path"], l["line"])].append(l)

    hits = defaultdict(list)  # label id -> findings
    tp, fp, allowed, optional_hits = [], [], [], []
    for f in findings:
        sev = f.get("severity", "high")
        fl, fe = f["line"], f.get("end_line", f["line"])
        secret = f.get("secret", "")
        cands = [l for l in pos_by_path.get(f["path"], [])
                 if l["line"] <= fe and fl <= l["end_line"] and overlaps(secret, l["secret"])]
        if cands:
            for l in cands:
                hits[l["_id"]].append(f)
            req = [l for l in cands if l["required"]]
            if req:
                f["_category"] = "provider" if any(l["category"] == "provider" for l in req) else "generic"
                f["_labels"] = req
                tp.append(f)
            else:
                optional_hits.append(f)
            continue
        negs = [n for ln in range(fl, fe + 1) for n in neg_by_line.get((f["path"], ln), [])]
        with_value = [n for n in negs if n["value"] and overlaps(secret, n["value"])]
        best = with_value or negs
        if any(n["allow"] and RANK[sev] <= RANK[n["allow"]] for n in best):
            allowed.append(f)
            continue
        f["_category"] = "generic" if f["rule_id"].startswith("generic") else "provider"
        if best:
            f["_cause"] = best[0]["reason"]
            if best[0]["allow"]:
                f["_cause"] += " (allowed up to %s)" % best[0]["allow"]
        elif any(l["line"] <= fe and fl <= l["end_line"] for l in pos_by_path.get(f["path"], [])):
            f["_cause"] = "positive line, secret span does not match the label"
        else:
            f["_cause"] = "unlabelled line"
        fp.append(f)

    req_labels = [l for l in positives if l["required"]]
    misses = [l for l in req_labels if not hits.get(l["_id"])]

    def best_sev(l):
        return max((RANK[f.get("severity", "high")] for f in hits.get(l["_id"], [])), default=-1)

    below_fail = [l for l in req_labels if hits.get(l["_id"]) and best_sev(l) < fail_rank]

    def stats(cat):
        labs = [l for l in req_labels if cat is None or l["category"] == cat]
        found = [l for l in labs if hits.get(l["_id"])]
        at_fail = [l for l in found if best_sev(l) >= fail_rank]
        t = [f for f in tp if cat is None or f["_category"] == cat]
        p = [f for f in fp if cat is None or f["_category"] == cat]
        prec, rec = ratio(len(t), len(t) + len(p)), ratio(len(found), len(labs))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"labels": len(labs), "found": len(found), "found_at_fail": len(at_fail), "tp_findings": len(t),
                "fp_findings": len(p), "precision": prec, "recall": rec, "f1": f1,
                "recall_at_fail": ratio(len(at_fail), len(labs))}

    overall, prov, gen = stats(None), stats("provider"), stats("generic")
    fail_negatives = [f for f in fp if RANK[f.get("severity", "high")] >= fail_rank]

    per_kind = defaultdict(lambda: {"planted": 0, "found": 0, "at_fail": 0, "rules": Counter()})
    for l in req_labels:
        k = per_kind[(l["category"], l["kind"] if l["category"] == "provider" else "generic")]
        k["planted"] += 1
        if hits.get(l["_id"]):
            k["found"] += 1
            if best_sev(l) >= fail_rank:
                k["at_fail"] += 1
            for f in hits[l["_id"]]:
                k["rules"]["%s/%s" % (f["rule_id"], f.get("severity"))] += 1

    out = sys.stdout
    w = out.write
    w("keylint accuracy benchmark\n")
    w("  binary:  %s\n  corpus:  %s (%d files, %d required positives, %d optional, %d labelled negatives)\n"
      % (binary, files_dir, len(labels["files"]), len(req_labels), len(positives) - len(req_labels), len(negatives)))
    w("  scanned: %s files, %d findings (%s)\n" % (summary.get("files_scanned", "?"), len(findings),
      ", ".join("%s %d" % (s, c) for s, c in sorted(Counter(f.get("severity") for f in findings).items(),
                                                     key=lambda x: RANK.get(x[0], 9)))))
    if summary.get("errors"):
        w("  scan errors: %d (%s)\n" % (len(summary["errors"]), summary["errors"][:3]))
    if crashes:
        w("  CRASHES: keylint failed on %d files (their positives count as misses):\n" % len(crashes))
        for cr in crashes:
            w("    %s  exit %s  %s\n" % (cr["path"], cr["exit"], cr["message"]))
    w("\n%-10s %7s %7s %6s %6s %9s %7s %7s %12s\n" % ("", "labels", "found", "TP", "FP", "precision", "recall", "F1", "recall@" + args.fail_on))
    for name, s in [("overall", overall), ("provider", prov), ("generic", gen)]:
        w("%-10s %7d %7d %6d %6d %9.3f %7.3f %7.3f %12.3f\n" % (name, s["labels"], s["found"], s["tp_findings"], s["fp_findings"],
                                                             s["precision"], s["recall"], s["f1"], s["recall_at_fail"]))
    w("\nfailure-level (>= %s) findings on non-positives: %d\n" % (args.fail_on, len(fail_negatives)))
    w("accepted low-severity findings on public-by-design values: %d (%s)\n" % (
        len(allowed), ", ".join("%s/%s %d" % (k[0], k[1], v) for k, v in sorted(Counter((f["rule_id"], f.get("severity")) for f in allowed).items()))))
    opt_labels = [l for l in positives if not l["required"]]
    w("optional labels found: %d/%d (%s)\n" % (sum(1 for l in opt_labels if hits.get(l["_id"])), len(opt_labels),
      ", ".join("%s %d/%d" % (k, sum(1 for l in opt_labels if l["kind"] == k and hits.get(l["_id"])), sum(1 for l in opt_labels if l["kind"] == k))
                for k in sorted({l["kind"] for l in opt_labels}))))

    w("\nper kind (required positives)\n  %-28s %7s %6s %8s %7s  %s\n" % ("kind", "planted", "found", "at-fail", "recall", "rules (rule/severity: findings)"))
    for (cat, kind), k in sorted(per_kind.items(), key=lambda x: (x[0][0] != "provider", x[0][1])):
        w("  %-28s %7d %6d %8d %7.3f  %s\n" % (kind, k["planted"], k["found"], k["at_fail"], ratio(k["found"], k["planted"]),
                                             ", ".join("%s: %d" % kv for kv in k["rules"].most_common(4))))

    if not args.quiet:
        w("\nMISSES (%d)\n" % len(misses))
        for l in sorted(misses, key=lambda l: (l["category"], l["kind"], l["path"], l["line"])):
            w("  %s:%d  %s [%s]  %s%s\n" % (l["path"], l["line"], l["kind"], l["category"], mask(l["secret"]),
                                          "  (%s)" % l["note"] if l.get("note") else ""))
        w("\nFOUND ONLY BELOW --fail-on %s (%d; detected, but would not fail a default run)\n" % (args.fail_on, len(below_fail)))
        groups = defaultdict(list)
        for l in below_fail:
            rules = sorted({"%s/%s" % (f["rule_id"], f.get("severity")) for f in hits[l["_id"]]})
            groups[(l["kind"] if l["category"] == "provider" else "generic", ", ".join(rules))].append(l)
        for (kind, rules), ls in sorted(groups.items()):
            w("  %-22s <- %-40s %3d  e.g. %s\n" % (kind, rules, len(ls), ", ".join(
                "%s:%d %s" % (l["path"], l["line"], mask(l["secret"])) for l in sorted(ls, key=lambda l: (l["path"], l["line"]))[:2])))
        if args.verbose:
            for l in sorted(below_fail, key=lambda l: (l["kind"], l["path"], l["line"])):
                w("    %s:%d  %s  %s\n" % (l["path"], l["line"], l["kind"], mask(l["secret"])))
        w("\nFALSE POSITIVES (%d)\n" % len(fp))
        for f in sorted(fp, key=lambda f: (f["_cause"], f["rule_id"], f["path"], f["line"])):
            w("  %s:%d  %s  %s  %s  [%s]\n" % (f["path"], f["line"], f["rule_id"], f.get("severity"), mask(f.get("secret", "")), f["_cause"]))

    # Span sanity on true positives: a reported secret should be the credential, not more, not less.
    span_issues = []
    for f in tp:
        sec = f.get("secret", "")
        for l in f["_labels"]:
            lab = l["secret"]
            if l["kind"] in ("private-key", "gcp-service-account", "database-url") or "\n" in lab:
                continue
            if "\r" in sec or sec != sec.strip() or sec[:1] in "'\"`" or sec[-1:] in "'\"`,;":
                span_issues.append((f, l, "reported secret has quotes/whitespace/CR around it"))
            elif sec != lab and sec in lab:
                span_issues.append((f, l, "reported secret is truncated (%d of %d chars)" % (len(sec), len(lab))))
            elif sec != lab and lab in sec and not sec.startswith(("http", "postgres", "mysql", "mongodb", "redis", "amqp")):
                span_issues.append((f, l, "reported secret is longer than the credential (%d vs %d chars)" % (len(sec), len(lab))))
    if not args.quiet:
        w("\nSPAN ISSUES ON TRUE POSITIVES (%d)\n" % len(span_issues))
        for f, l, why in sorted(span_issues, key=lambda x: (x[2], x[0]["path"], x[0]["line"])):
            w("  %s:%d  %s  %s  %s -> reported %s\n" % (f["path"], f["line"], f["rule_id"], why, mask(l["secret"]), mask(f.get("secret", ""))))

    failed = []
    if prov["precision"] < args.min_precision:
        failed.append("provider precision %.3f < %.2f" % (prov["precision"], args.min_precision))
    if prov["recall"] < args.min_recall:
        failed.append("provider recall %.3f < %.2f" % (prov["recall"], args.min_recall))
    if gen["precision"] < args.generic_min_precision:
        failed.append("generic precision %.3f < %.2f" % (gen["precision"], args.generic_min_precision))
    if gen["recall"] < args.generic_min_recall:
        failed.append("generic recall %.3f < %.2f" % (gen["recall"], args.generic_min_recall))
    if fail_negatives:
        failed.append("%d failure-level findings on negatives" % len(fail_negatives))
    if crashes:
        failed.append("keylint crashed on %d files" % len(crashes))

    if args.json:
        def mf(f):
            return {"path": f["path"], "line": f["line"], "rule_id": f["rule_id"], "severity": f.get("severity"),
                    "secret": mask(f.get("secret", "")), "cause": f.get("_cause")}
        res = {"binary": binary, "overall": overall, "provider": prov, "generic": gen,
               "failure_level_on_negatives": len(fail_negatives), "crashes": crashes,
               "per_kind": {"%s:%s" % k: {"planted": v["planted"], "found": v["found"], "at_fail": v["at_fail"]} for k, v in per_kind.items()},
               "misses": [{"path": l["path"], "line": l["line"], "kind": l["kind"], "category": l["category"], "secret": mask(l["secret"])} for l in misses],
               "false_positives": [mf(f) for f in fp], "failed": failed}
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=1, sort_keys=True)

    w("\nRESULT: %s\n" % ("PASS" if not failed else "FAIL - " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
