#!/usr/bin/env bash
# Issue #17 / decision 0004: how many pairs of 8+ lines `duplicates` finds between two apps of
# aluhub/ (engines counts as an app). Scans a copy of the tracked files of aluhub/ without
# migrations (generated), catalogues and reference data, so that untracked files do not count.
# Usage: [MIN_LINES=8] scripts/duplicates_between_apps.sh [--all]   (--all: the same-app rows too)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files aluhub | grep -v '/migrations/' | grep -v '/locale/' | grep -v '^aluhub/data/' \
  | tar cf - -T - | tar xf - -C "$tmp"
(cd "$tmp" && git init -q && git add -A && git -c user.name=scan -c user.email=scan@localhost commit -qm scan)
duplicates --repo "$tmp" --min-lines "${MIN_LINES:-8}" --most 200 --seconds 300 > "$tmp/rows.txt"
python3 - "$tmp/rows.txt" "${1:-}" <<'PY'
import re
import sys

rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
show_all = sys.argv[2] == "--all"
between = inside = 0
for line in rows:
    m = re.match(r"^(D\d+) (\S+):\d+-\d+ ~ (\S+):\d+-\d+", line)
    if not m:
        if not line.startswith("D"):
            print(line)  # the summary line, "(+N more pairs)", "incomplete: ..."
        continue
    a, b = (p.split("/")[1] if p.startswith("aluhub/") else p.split("/")[0] for p in m.group(2, 3))
    if a != b:
        between += 1
        print(line)
    else:
        inside += 1
        if show_all:
            print(line)
print(f"between apps: {between}; inside one app: {inside}")
PY
