"""Numbers, money, percentages and dates written the way each language writes them, with
Babel's ``fr_CA`` and ``en_CA`` locale data; table helpers; FR/EN message tables. Pure
Python (no Django): engines, commands, pages and documents all format through here.

Conventions (one per language, everywhere):

* French: decimal comma, thousands grouped by a no-break space (U+00A0), a no-break
  space before ``$``, ``%`` and ``:`` (``35 000 000 $``, ``12,5 %``); English (Canada):
  ``$35,000,000``, ``12.5%``. Only U+00A0 is used as a no-break space in figures (Babel's
  narrow U+202F is replaced), so texts compare and search alike; the one narrow no-break
  space is the one before a French semicolon (:func:`format_list`, the engines' messages).
* Dates: in running text "3 décembre 2026" / "December 3, 2026" (:func:`format_date`);
  in tables and files ISO ``2026-12-03`` (:func:`format_date` with ``table=True``).
* Apostrophes are typographic (’) in both languages (:func:`typographic`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import cache
from typing import Any, Literal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

Lang = Literal["fr", "en"]
Number = int | float | Decimal

NBSP = "\u00a0"
LOCALES: dict[str, str] = {"fr": "fr_CA", "en": "en_CA"}
UNKNOWN: dict[str, str] = {"fr": "inconnu", "en": "unknown"}


def lang_of(code: str | None) -> Lang:
    """``"fr"`` or ``"en"`` from a language code (``"en-ca"`` -> ``"en"``); French first."""
    return "en" if (code or "").lower().startswith("en") else "fr"


def _spaces(text: str) -> str:
    return text.replace("\u202f", NBSP).replace("\u2009", NBSP)


def format_number(
    value: Number | None,
    lang: str = "fr",
    *,
    decimals: int | None = None,
    group: bool = True,
    min_decimals: int | None = None,
) -> str:
    """``value`` with ``decimals`` fixed decimals (``None``: as many as it has, up to 6,
    trailing zeros dropped): ``1 234,5`` / ``1,234.5``; ``None`` -> "unknown". With
    ``min_decimals``, ``decimals`` is a maximum: trailing zeros beyond ``min_decimals`` are
    dropped (``25,0`` / ``2,5`` / ``0,125`` for 1 to 3)."""
    lang = lang_of(lang)
    if value is None:
        return UNKNOWN[lang]
    if decimals is None:
        pattern = "#,##0.######" if group else "0.######"
    else:
        fixed = decimals if min_decimals is None else min(min_decimals, decimals)
        places = "0" * fixed + "#" * (decimals - fixed)
        pattern = ("#,##0" if group else "0") + ("." + places if decimals else "")
    number = Decimal(str(value)) + 0
    with localcontext() as context:  # room for every digit of a large number and its decimals
        context.prec = max(context.prec, number.adjusted() + 2 + (decimals or 6))
        text = babel_numbers.format_decimal(
            number, format=pattern, locale=LOCALES[lang], decimal_quantization=True
        )
    return _spaces(text)


def format_significant(value: float, lang: str = "fr", *, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits, trailing zeros dropped, not grouped, in
    exponent form below 1e-4 or from ``10**digits`` on: C's ``%g`` (Python's
    ``f"{value:.6g}"``) with the language's decimal sign, ``12,5`` / ``12.5``,
    ``1,23457e+06``. Rounded as Python rounds (half to even on the float's exact value)."""
    lang = lang_of(lang)
    exact = Decimal(value)
    if not exact.is_finite():
        return str(value)
    sign = "-" if exact.is_signed() else ""
    rounded = Context(prec=max(digits, 1), rounding=ROUND_HALF_EVEN).plus(abs(exact))
    exponent = rounded.adjusted()
    suffix = ""
    if not -4 <= exponent < max(digits, 1):
        rounded, suffix = rounded.scaleb(-exponent), f"e{exponent:+03d}"
    pattern = "0." + "#" * (max(digits, 1) + 4)
    text = babel_numbers.format_decimal(rounded, format=pattern, locale=LOCALES[lang])
    return f"{sign}{_spaces(text)}{suffix}"


def format_money(value: Number | None, lang: str = "fr", *, decimals: int = 0) -> str:
    """An amount in Canadian dollars: ``35 000 000 $`` / ``$35,000,000``."""
    lang = lang_of(lang)
    if value is None:
        return UNKNOWN[lang]
    number = format_number(abs(Decimal(str(value))), lang, decimals=decimals)
    sign = "-" if Decimal(str(value)) < 0 else ""
    return f"{sign}{number}{NBSP}$" if lang == "fr" else f"{sign}${number}"


def format_percent(value: Number | None, lang: str = "fr", *, decimals: int | None = None) -> str:
    """A percentage given in percent (75 -> ``75 %`` / ``75%``)."""
    lang = lang_of(lang)
    if value is None:
        return UNKNOWN[lang]
    number = format_number(value, lang, decimals=decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_quantity(
    value: Number | str | None, unit: str, lang: str = "fr", *, decimals: int | None = None
) -> str:
    """A quantity and its unit held together by a no-break space (U+00A0), as French (OQLF)
    and English both write it: ``1 234,5 kg`` / ``1,234.5 kg``, so a line never breaks
    between the figure and its unit. A number is written by :func:`format_number`; a string
    (a figure already written) is kept as written; ``None`` -> "unknown". The unit is given
    as the language writes it (``kg``, ``t``, ``min``; ``Mo`` / ``MB``). The ``quantity``
    template filter and the messages of the apps (``%(mass)s``) both write through here."""
    lang = lang_of(lang)
    if value is None:
        return UNKNOWN[lang]
    shown = value if isinstance(value, str) else format_number(value, lang, decimals=decimals)
    return f"{shown}{NBSP}{unit}"


def format_date(value: date | datetime | None, lang: str = "fr", *, table: bool = False) -> str:
    """A date in running text ("3 décembre 2026" / "December 3, 2026"), or ISO in a table
    (``table=True``: ``2026-12-03``); ``None`` -> "unknown"."""
    lang = lang_of(lang)
    if value is None:
        return UNKNOWN[lang]
    day = value.date() if isinstance(value, datetime) else value
    if table:
        return day.isoformat()
    if lang == "fr":
        # French writes the first of the month "1er".
        pattern = "'1er' MMMM y" if day.day == 1 else "d MMMM y"
    else:
        pattern = "MMMM d, y"
    return babel_dates.format_date(day, format=pattern, locale=LOCALES[lang])


#: Two-letter territories of Babel's (CLDR) data that are not ISO 3166-1 alpha-2 country
#: codes: the exceptionally reserved AC, CP, CQ, DG, EA, EU, EZ, IC, TA, UN and the
#: user-assigned QO, XA, XB, XK, ZZ. The other 249 are the standard's assigned codes.
NOT_ISO_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "QO", "XA", "XB", "XK", "ZZ"}
)


@cache
def _territories(lang: Lang) -> dict[str, str]:
    names = Locale.parse(LOCALES[lang]).territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_ISO_COUNTRIES
    }


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code (``CA``; upper case)."""
    return code in _territories("fr")


def country_name(code: str, lang: str = "fr") -> str:
    """The country's name in the language (``CA`` -> "Canada", ``US`` -> "États-Unis" /
    "United States"); a code that is no ISO 3166-1 country comes back as written (a row
    recorded before the check still shows what it holds), blank stays blank."""
    return _territories(lang_of(lang)).get(code, code)


def colon(lang: str = "fr") -> str:
    """The label separator: ``" :"`` with a no-break space in French, ``":"`` in English."""
    return f"{NBSP}:" if lang_of(lang) == "fr" else ":"


def list_separator(lang: str = "fr") -> str:
    """The semicolon between the items of a list in running text, the language's way: French
    puts a narrow no-break space (U+202F, as the plan engine's messages do) before it,
    ``Intéressée : 2 ; déposée : 1``; English none, ``Interested: 2; submitted: 1``."""
    return "\u202f; " if lang_of(lang) == "fr" else "; "


def format_list(items: Iterable[str], lang: str = "fr") -> str:
    """Items of a list in running text, separated by :func:`list_separator`."""
    return list_separator(lang).join(items)


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def typographic(text: str) -> str:
    """Straight apostrophes inside words become typographic ones (``l'aide`` -> ``l’aide``)."""
    return _APOSTROPHE.sub("\u2019", text)


NNBSP = "\u202f"
#: What French spacing leaves alone: markup (a tag and its attributes, ``<code>`` and what it
#: holds), entities (``&gt;``), web addresses, a query string (``?page=2``), a format field
#: (``{a:b}``). Times (14:00) and ratios (1:2) have no space to change.
_FRENCH_SPACES_KEEP = re.compile(
    r"<code>.*?</code>|<[^>]*>|&#?\w+;|(?:https?://|www\.)[^\s<>\"]+|\?\w+=[^\s<>\"]*"
    r"|\{[^{}\s]*\}",
    re.DOTALL,
)
_FRENCH_SPACES = (
    # « and » hold a no-break space on their inner side.
    (re.compile(r"«[ ]+"), "«" + NBSP),
    (re.compile(r"[ ]+»"), NBSP + "»"),
    # A no-break space before a colon (after a word, a number, a closing sign).
    (re.compile(r"[ \u202f]+:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"(?<=[\w)»%’])(?=:(?:\s|$))"), NBSP),
    # A narrow no-break space before ; ? and ! (also where there was none; « ; » keeps its
    # guillemet's space).
    (re.compile(r"(?<!«)[ \u00a0]+(?=[;?!](?:[\s»\")]|$))"), NNBSP),
    (re.compile(r"(?<=[\w)»%’])(?=[;?!](?:[\s»\")]|$))"), NNBSP),
)


#: The units the French text writes after a number (whole words only: « 5 minutes » is a
#: word, « 5 min » a unit); « %% » is a per cent sign in a python-format string, « % ( » a
#: placeholder.
_UNIT = r"(?:kg|t|Mo|Go|min|M?\$|%%|%(?!\())(?![\w%])"
#: A space between a number (a digit, a ``%(name)s`` placeholder) and its unit does not break.
_UNIT_SPACE = re.compile(r"(\d|%\(\w+\)[sdfi])[ ]+(?=" + _UNIT + ")")
#: The same after a format field (``{kg} kg``), which French spacing otherwise leaves alone.
_UNIT_AFTER_FIELD = re.compile(r"^[ ]+(?=" + _UNIT + ")")
#: A unit of two words holds together too: « 4,0 kg CO2e/kg », « 100 000 t éq. CO2 ».
_UNIT_WORDS = re.compile(
    r"(?<=\u00a0kg)[ ]+(?=CO2)|(?<=\u00a0t)[ ]+(?=CO2|éq\.)|(?<=éq\.)[ ]+(?=CO2)"
)


def french_spaces(text: str) -> str:
    """French punctuation spaced the Office québécois de la langue française's way (decision
    0010): a no-break space (U+00A0) before ``:`` and inside « », a narrow no-break space
    (U+202F) before ``;``, ``?`` and ``!``: « Ligne 3 : », « Conclure cette annonce ? »; a
    no-break space between a number and its unit: « %(kg)s kg », « 5 Mo », « {n} min ».
    Markup, entities, web addresses, query strings and format fields are left as they are."""
    out, start, after_field = [], 0, False
    for kept in _FRENCH_SPACES_KEEP.finditer(text):
        out += [_french_spaced(text[start : kept.start()], after_field), kept.group()]
        start = kept.end()
        after_field = kept.group().startswith("{")
    out.append(_french_spaced(text[start:], after_field))
    return "".join(out)


def _french_spaced(part: str, after_field: bool = False) -> str:
    for pattern, space in _FRENCH_SPACES:
        part = pattern.sub(space, part)
    part = _UNIT_SPACE.sub(r"\1" + NBSP, part)
    if after_field:
        part = _UNIT_AFTER_FIELD.sub(NBSP, part)
    return _UNIT_WORDS.sub(NBSP, part)


def french_prose(text: str) -> str:
    """French running text as decision 0010 writes it: typographic apostrophes
    (:func:`typographic`) and French spaces (:func:`french_spaces`). For French sentences the
    platform shows from the shared reference files, which are copies kept as compiled
    (« d'au moins deux alliages; 1 % max » is shown « d’au moins deux alliages ; 1 % max »)."""
    return french_spaces(typographic(text))


@dataclass(frozen=True, slots=True)
class Note:
    """A sentence kept as its message code and parameters (JSON values), so that whoever
    reads it later has it said in their own language from the engine's message table."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def message(table: Mapping[str, Mapping[str, str]], key: str, lang: str, **values: Any) -> str:
    """One entry of a FR/EN message table (``{key: {"fr": ..., "en": ...}}``), filled with
    ``values``; French when the language has no entry, the key when the table has none."""
    entry = table.get(key)
    if entry is None:
        return key
    template = entry.get(lang_of(lang)) or entry.get("fr") or key
    return template.format(**values) if values else template


def table_cell(value: Any, lang: str = "fr", *, decimals: int | None = None) -> str:
    """A value as a table cell: dates ISO, numbers in the language's convention, ``None``
    blank, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return format_date(value, lang, table=True)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value, lang, decimals=decimals)
    return str(value)


def format_table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> list[str]:
    """Rows of cells as aligned text lines (two spaces between columns); the columns whose
    index is in ``right`` are right-aligned (numbers). The last column is not padded."""
    if not rows:
        return []
    right_set = set(right)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i in right_set:
                cells.append(cell.rjust(widths[i]))
            elif i == len(row) - 1:
                cells.append(cell)
            else:
                cells.append(cell.ljust(widths[i]))
        out.append("  ".join(cells).rstrip())
    return out
