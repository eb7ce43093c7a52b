#!/usr/bin/env python3
"""Summarise a noise-corpus run: fail-level findings per repository and per rule.

usage: summarize.py OUT_DIR LABEL [LABEL ...]

Fail level is medium and above (keylint's severities critical/high/medium). Kingfisher and
gitleaks have no comparable severity: every finding they report counts (kingfisher at its default
confidence, without validation). Values are never printed.
"""
import collections
import json
import pathlib
import sys

FAIL = {"critical", "high", "medium"}


def keylint(path):
    out = []
    for line in path.read_text().splitlines():
        if line.strip():
            f = json.loads(line)
            out.append(f)
    return out


def kingfisher(path):
    if not path.exists():
        return None
    n = 0
    for line in path.read_text().splitlines():
        if line.strip().startswith("{") and '"finding"' in line:
            n += 1
    return n


def gitleaks(path):
    if not path.exists():
        return None
    try:
        return len(json.loads(path.read_text() or "[]"))
    except json.JSONDecodeError:
        return None


def main():
    out = pathlib.Path(sys.argv[1])
    labels = sys.argv[2:] or ["keylint"]
    repos = sorted(p.stem for p in (out / labels[0]).glob("*.jsonl"))
    head = ["repo"] + [f"{l} fail" for l in labels] + [f"{labels[-1]} all", "kingfisher", "gitleaks"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    totals = collections.Counter()
    per_rule = collections.Counter()
    for repo in repos:
        row = [repo]
        for label in labels:
            found = keylint(out / label / f"{repo}.jsonl")
            fail = [f for f in found if f["severity"] in FAIL]
            row.append(str(len(fail)))
            totals[label] += len(fail)
            if label == labels[-1]:
                row.append(str(len(found)))
                totals["all"] += len(found)
                for f in fail:
                    per_rule[f["rule_id"]] += 1
        for peer, count in (
            ("kingfisher", kingfisher(out / "kingfisher" / f"{repo}.jsonl")),
            ("gitleaks", gitleaks(out / "gitleaks" / f"{repo}.json")),
        ):
            row.append("-" if count is None else str(count))
            totals[peer] += count or 0
        print("| " + " | ".join(row) + " |")
    total = ["**total**"] + [str(totals[l]) for l in labels]
    total += [str(totals["all"]), str(totals["kingfisher"]), str(totals["gitleaks"])]
    print("| " + " | ".join(total) + " |")
    print()
    print(f"fail-level findings per rule ({labels[-1]}):")
    for rule, n in per_rule.most_common():
        print(f"  {n:5d}  {rule}")


if __name__ == "__main__":
    main()
