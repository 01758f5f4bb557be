"""Template helpers shared by every page."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import get_script_prefix, translate_url
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from aluhub.common import search
from aluhub.common.lang import active_lang, shown_lang
from aluhub.common.regions import region_name
from aluhub.engines import text

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context: dict[str, Any], lang: str) -> str:
    """The current page in ``lang`` (keeps the query string)."""
    request = context.get("request")
    if request is None:
        return f"/{lang}/"
    return page_in_language(request.get_full_path(), lang)


def page_in_language(full_path: str, lang: str) -> str:
    """``full_path`` in ``lang``; that language's home when the address would leave the site
    (a request for ``//evil.example/x`` answers 404, and its language switch must not link
    to evil.example)."""
    url = translate_url(full_path, lang)
    if url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return f"{get_script_prefix()}{lang}/"


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (``None`` removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def unsearchable_notice(context: dict[str, Any], q: Any = None) -> SafeString | str:
    """Above a searched list's results: the notice that the query typed (``q``, the
    request's ``q`` by default) holds no searchable word, so nothing matches
    (:func:`aluhub.common.search.unsearchable`); nothing otherwise."""
    if q is None:
        request = context.get("request")
        q = request.GET.get("q", "") if request is not None else ""
    q = str(q or "")
    if not search.unsearchable(q):
        return ""
    message = _(
        "No searchable word in “%(query)s”: the search reads French and English words "
        "(Latin letters and digits). Nothing matches."
    ) % {"query": q[: search.MAX_QUERY]}
    return format_html('<p class="notice" role="status">{}</p>', message)


@register.filter
def json_ld_script(data: dict[str, Any]) -> SafeString:
    """Structured data (schema.org JSON-LD) as the page's ``<script type="application/ld+json">``
    element, escaped as Django's ``json_script``: "<", ">" and "&" are written \\u003C, \\u003E,
    \\u0026, so no text a person typed (a job's description, an event's title) can close the
    element or open a comment in it."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.filter
def lang_attr(obj: Any, field: str) -> str:
    """`` lang="en"`` (or ``"fr"``) for the element that shows ``obj``'s translated
    ``field`` when the page's language has no text and the other one is shown (WCAG 2.1
    3.1.2, Language of Parts): ``<p{{ program|lang_attr:"note" }}>{{ program.note }}</p>``;
    nothing when the text is in the page's language."""
    shown = shown_lang(obj, field)
    if shown is None or shown == active_lang():
        return ""
    return format_html(' lang="{}"', shown)


@register.filter
def region_label(code: str) -> str:
    try:
        return region_name(code)
    except KeyError:
        return code


@register.filter
def cad(value: Any, decimals: Any = None) -> str:
    """Format an amount in CAD the way the active language writes it; blank -> em dash.

    Whole dollars by default; ``{{ price|cad:2 }}`` keeps the cents ("12,50 $" / "$12.50")."""
    from django.utils.translation import get_language

    if value is None or value == "":
        return "—"
    if decimals in (None, ""):
        return text.format_money(round(float(value)), get_language() or "fr")
    return text.format_money(value, get_language() or "fr", decimals=int(decimals))


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter(expects_localtime=True)
def textdate(value: Any) -> str:
    """A date in running text, in the active language: "3 décembre 2026" / "December 3,
    2026" (engines.text); blank or not a date -> "" (pair with ``default``). A datetime is
    read in the site's time zone first (its local day, not its UTC day)."""
    from django.utils.translation import get_language

    day = _day(value) if value not in (None, "") else None
    return text.format_date(day, get_language() or "fr") if day else ""


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """A number in the active language's convention (``{{ w|number:2 }}`` -> "3,00")."""
    from django.utils.translation import get_language

    if value is None or value == "":
        return ""
    places = None if decimals in (None, "") else int(decimals)
    return text.format_number(value, get_language() or "fr", decimals=places)


@register.filter
def quantity(value: Any, unit: str) -> SafeString | str:
    """A quantity and its unit held together by a no-break space (U+00A0), as French (OQLF)
    and English both write it: ``{{ kg|quantity:"kg" }}`` -> "1 234,5 kg" / "1,234.5 kg".
    A number is written as ``number`` writes it; a value another filter already wrote (a
    string: ``{{ kg|number:3|quantity:"kg" }}``, ``{{ t|tonnes|quantity:"t" }}``) is kept as
    written. Blank -> "" (pair with ``default``). The unit is a symbol, the same in both
    languages (``kg``, ``t``, ``km``, ``min``, ``kg CO2e/kg``); percentages and amounts have
    their own filters, ``percent`` and ``cad`` (English writes "12%", "$12"). Written by
    :func:`aluhub.engines.text.format_quantity`, as the messages of Python code are."""
    if value is None or value == "":
        return ""
    return format_html("{}", text.format_quantity(value, unit, get_language() or "fr"))


#: What separates words for ``words``: ordinary spaces and line breaks, not the no-break
#: spaces that hold a figure to its unit or a sign to its word (« 20 000 $ », « 50 % »).
_WORD_BREAK = re.compile(r"[ \t\r\n]+")


@register.filter
def words(value: Any, count: Any) -> str:
    """``value`` cut after ``count`` words, ending with "…", as Django's ``truncatewords``
    does, but keeping the text's own spaces: ``truncatewords`` joins the words again with
    ordinary spaces, even in a text it does not cut, so a French summary lost its no-break
    spaces (« jusqu’à 20 000 $ », « 50 % », « ; », decision 0010) and a line could break
    inside a figure. A figure and its unit count as one word."""
    if value is None:
        return ""
    source = str(value).strip()
    limit = int(count)
    if limit <= 0:
        return ""
    breaks = list(_WORD_BREAK.finditer(source))
    if len(breaks) < limit:
        return source
    return pgettext("String to return when truncating text", "%(truncated_text)s…") % {
        "truncated_text": source[: breaks[limit - 1].start()]
    }


@register.simple_tag
def list_separator() -> str:
    """Between the items of a list in running text, the language's way
    (:func:`aluhub.engines.text.list_separator`): « ; » with a narrow no-break space before it
    in French (decision 0010), "; " in English:
    ``{% if not forloop.last %}{% list_separator %}{% endif %}``."""
    return text.list_separator(get_language() or "fr")


@register.filter
def match_score(value: Any) -> str:
    """A 0-1 match score with its scale and what it means: "0,84 sur 1 : forte correspondance".

    The words read the score's own scale (a weighted share of the criteria met): 0.75 or more
    is a strong match, 0.5 or more a fair one, below that a weak one.
    """
    if value is None or value == "":
        return _("unknown")
    score = float(value)
    meaning = (
        _("strong match") if score >= 0.75 else _("fair match") if score >= 0.5 else _("weak match")
    )
    return _("{score} out of 1: {meaning}").format(
        score=text.format_number(score, get_language() or "fr", decimals=2), meaning=meaning
    )


@register.filter
def percent(value: Any, decimals: Any = None) -> str:
    """A percentage given in percent, in the active language's convention (75 -> "75 %" /
    "75%"; ``{{ p|percent:2 }}`` -> "60,00 %" / "60.00%")."""
    from django.utils.translation import get_language

    if value is None or value == "":
        return ""
    places = None if decimals in (None, "") else int(decimals)
    return text.format_percent(value, get_language() or "fr", decimals=places)


@register.simple_tag
def urlparams(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


# --- Filter panels ------------------------------------------------------------------------
FIELD_NAME = re.compile(r'\bname="([^"]+)"')


class FilterPanelNode(template.Node):
    def __init__(self, nodelist: template.NodeList, kwargs: dict[str, Any]) -> None:
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context: template.Context) -> str:
        options = {key: value.resolve(context) for key, value in self.kwargs.items()}
        body = self.nodelist.render(context)
        count = options.get("count")
        if count is None:
            count = active_filter_count(context.get("request"), body)
        return template.loader.render_to_string(
            "common/_filter_panel.html",
            {
                "panel_id": options["id"],
                "results": options.get("results", "#results"),
                "count": count,
                "body": mark_safe(body),  # noqa: S308 - our own rendered template
            },
        )


def active_filter_count(request: Any, body: str) -> int:
    """How many filters of a panel are in use: the non-empty values the request gives to the
    fields the panel holds (a ticked box of a multiple choice counts once per value)."""
    if request is None:
        return 0
    names = dict.fromkeys(FIELD_NAME.findall(body))
    return sum(1 for name in names for value in request.GET.getlist(name) if value.strip())


@register.tag
def filterpanel(parser: template.base.Parser, token: template.base.Token) -> FilterPanelNode:
    """``{% filterpanel id="jobs-filters" results="#results" %}…fields…{% endfilterpanel %}``:
    the filters of a list behind a "Filters (n)" summary with the active count (``count=`` to
    give it), open without JavaScript and on wide screens, folded on a phone by aluhub.js so
    the first result shows without scrolling; a link skips to ``results``."""
    bits = token.split_contents()[1:]
    kwargs = template.base.token_kwargs(bits, parser)
    if bits or "id" not in kwargs:
        raise template.TemplateSyntaxError("filterpanel takes id=, results= and count= only")
    nodelist = parser.parse(("endfilterpanel",))
    parser.delete_first_token()
    return FilterPanelNode(nodelist, kwargs)
