"""Replace straight apostrophes inside words (l'aide) by typographic ones (l’aide) in the
French msgstr of every app's catalogue, leaving msgids, comments and markup alone.

    .venv/bin/python scripts/typographic_apostrophes.py   # then: make translations

tests/test_typographic_apostrophes.py fails on a French msgstr this would change."""

from __future__ import annotations

import re
import sys
from pathlib import Path

APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def fix(text: str) -> str:
    out, in_msgstr = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        out.append(APOSTROPHE.sub("\u2019", line) if in_msgstr else line)
    return "".join(out)


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "aluhub"
    for path in sorted(root.glob("**/locale/fr/LC_MESSAGES/*.po")):
        before = path.read_text(encoding="utf-8")
        after = fix(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
            print(path.relative_to(root.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
