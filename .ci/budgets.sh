#!/usr/bin/env bash
# Structure budgets (issue 15), checked on every CI run. Each check prints its current figure
# beside its budget; the script fails when one is over. A budget that is not met yet is listed
# in PENDING below with the reason, and reported as such instead of failing: it is never
# weakened silently (raise or lift it only in a reviewed change that says why).
#
#   1. crates/cli holds at most 2,000 lines of Rust;
#   2. no function is longer than 120 lines outside tests (every crate, tests/ and
#      #[cfg(test)] modules excepted);
#   3. no `Command::new("git")` outside keylint-input (git is reached through git2 there);
#   4. no import circle between the modules of the cli crate (`crate::` paths, file by file).
set -euo pipefail
cd "$(dirname "$0")/.."

# Budgets not met yet, by number, with why (empty when all are met).
# Budget 1 was met in session 6 (4,525 lines in session 3, then a ratchet lowered as code left
# for the libraries: 3,001, 2,417; the config resolution, the scan result and the report
# formats' copies then left for keylint-pipeline and keylint-report, under 2,000).
PENDING_1=""
# Budget 2: the long functions known today ("path:name" each, space-separated); any other fails.
PENDING_2=""

exec python3 - "$PENDING_1" "$PENDING_2" <<'PY'
import os, re, sys

pending = {}
failed = []

def rust_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("target", "tests", "benches", "fuzz")]
        for name in sorted(filenames):
            if name.endswith(".rs"):
                yield os.path.join(dirpath, name)

def report(number, ok, line):
    state = "ok" if ok else ("PENDING: " + pending[number] if pending.get(number) else "OVER")
    print(f"budget {number}: {line} [{state}]")
    if not ok and not pending.get(number):
        failed.append(number)

# 1. Lines of crates/cli.
cli_lines = sum(sum(1 for _ in open(p, encoding="utf-8")) for p in rust_files("crates/cli"))
report(1, cli_lines <= 2000, f"crates/cli: {cli_lines} lines (budget 2000)")

# 2. Function lengths: from the `fn` line to the `}` at its indentation (rustfmt layout),
# skipping `#[cfg(test)]` items.
FN = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")
long_fns = []
for path in rust_files("crates"):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "#[cfg(test)]":
            # Skip the test item: up to the `}` at the attribute's indentation.
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            j = i + 1
            while j < len(lines) and lines[j] != indent + "}":
                j += 1
            i = j + 1
            continue
        m = FN.match(lines[i])
        if m and not lines[i].rstrip().endswith(";"):
            indent, name = m.group(1), m.group(2)
            j = i
            while j < len(lines) and lines[j] != indent + "}" and not (
                j == i and lines[j].rstrip().endswith("}")
            ):
                j += 1
            length = j - i + 1
            if length > 120:
                long_fns.append(f"{path}:{i + 1} {name} ({length} lines)")
        i += 1
longest = ", ".join(long_fns) if long_fns else "none"
known = set(sys.argv[2].split())
new = [f for f in long_fns if f"{f.split(':')[0]}:{f.split(' ')[1]}" not in known]
pending[2] = (
    "known, not split yet: " + ", ".join(sorted(known)) if long_fns and not new else ""
)
report(2, not long_fns, f"functions over 120 lines outside tests: {len(long_fns)} ({longest})")

# 3. git subprocesses.
GIT = re.compile(r'Command::new\(\s*"git"\s*\)')
spawners = [
    p
    for p in rust_files("crates")
    if not p.startswith("crates/keylint-input/") and GIT.search(open(p, encoding="utf-8").read())
]
report(3, not spawners, f"`Command::new(\"git\")` outside keylint-input: {len(spawners)} file(s) {spawners or ''}".rstrip())

# 4. Import circles between the modules of the cli crate.
src = "crates/cli/src"
modules = {}
for path in rust_files(src):
    rel = os.path.relpath(path, src)[: -len(".rs")]
    parts = rel.split(os.sep)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    modules["::".join(parts)] = path
def owner(segments):
    """The longest module that a `crate::a::b::c` path names."""
    for n in range(len(segments), 0, -1):
        name = "::".join(segments[:n])
        if name in modules:
            return name
    return ""  # an item of the crate root
edges = {m: set() for m in modules}
PATH = re.compile(r"\bcrate::((?:\w+::)*\w+)|\bcrate::\{([^}]*)\}")
for module, path in modules.items():
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"//[^\n]*", "", text)
    parent = module.rsplit("::", 1)[0] if "::" in module else ""
    for m in re.finditer(r"\bsuper::(\w+)", text):
        target = owner((parent.split("::") if parent else []) + [m.group(1)])
        if target != module:
            edges[module].add(target)
    for m in PATH.finditer(text):
        names = [m.group(1)] if m.group(1) else [n.strip() for n in m.group(2).split(",")]
        for name in names:
            target = owner([s for s in re.split(r"::", name) if s and s != "self"])
            if target != module:
                edges[module].add(target)
    if module == "":
        # The crate root names its modules without `crate::`.
        for m in re.finditer(r"\b(\w+)::", text):
            if m.group(1) in modules and m.group(1) != "":
                edges[module].add(m.group(1))
circles = []
state = {}
def visit(node, stack):
    state[node] = "open"
    stack.append(node)
    for nxt in sorted(edges.get(node, ())):
        if state.get(nxt) == "open":
            circles.append(" -> ".join(n or "<root>" for n in stack[stack.index(nxt):] + [nxt]))
        elif nxt not in state:
            visit(nxt, stack)
    stack.pop()
    state[node] = "done"
for node in sorted(modules):
    if node not in state:
        visit(node, [])
report(4, not circles, f"import circles between cli modules: {len(circles)} {circles or ''}".rstrip())

sys.exit(1 if failed else 0)
PY
