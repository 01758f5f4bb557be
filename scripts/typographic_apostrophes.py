"""French typography in the French msgstr of every app's catalogue, leaving msgids, comments
and markup alone: straight apostrophes inside words become typographic ones (l'aide ->
l’aide), and punctuation takes the no-break spaces of decision 0010 (« Ligne 3 : », « titre »
with U+00A0; « compte ? », « prix ; » with the narrow U+202F), through the engines' own
``text.typographic`` and ``text.french_spaces``.

    .venv/bin/python scripts/typographic_apostrophes.py          # fix (or --fix)
    make translations
    .venv/bin/python scripts/typographic_apostrophes.py --check  # list them, exit 1

A changed catalogue is rewrapped by ``msgcat`` the way ``make messages`` writes it.
tests/test_typographic_apostrophes.py fails on a French msgstr this would change."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import escape, unescape

from aluhub.engines.text import french_spaces, typographic

MSGSTR = re.compile(r"^(msgstr(?:\[\d+\])?) (\".*\")\n?$")


def french(text: str) -> str:
    return french_spaces(typographic(text))


def fix(text: str) -> tuple[str, list[str]]:
    """The catalogue ``text`` with its French msgstr fixed, and the msgstr that changed."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    changed: list[str] = []
    i = 0
    while i < len(lines):
        head = MSGSTR.match(lines[i])
        # The header (the msgstr of the empty msgid) is metadata, not French.
        if not head or (i and lines[i - 1] == 'msgid ""\n'):
            out.append(lines[i])
            i += 1
            continue
        block = [head.group(2)]
        j = i + 1
        while j < len(lines) and lines[j].startswith('"'):
            block.append(lines[j].rstrip("\n"))
            j += 1
        before = "".join(unescape(piece) for piece in block)
        after = french(before)
        if after == before:
            out += lines[i:j]
        else:
            out.append(f"{head.group(1)} {escape(after)}\n")
            changed.append(before)
        i = j
    return "".join(out), changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    root = Path(__file__).resolve().parent.parent / "aluhub"
    found = 0
    for path in sorted(root.glob("**/locale/fr/LC_MESSAGES/*.po")):
        before = path.read_text(encoding="utf-8")
        after, changed = fix(before)
        if not changed:
            continue
        found += len(changed)
        name = path.relative_to(root.parent)
        if check:
            for text in changed:
                print(f"{name}: {text!r}")
            continue
        path.write_text(after, encoding="utf-8")
        subprocess.run(["msgcat", "--output-file", str(path), str(path)], check=True)
        print(f"{name}: {len(changed)}")
    return 1 if check and found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
