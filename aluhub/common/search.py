"""AluHub's one bilingual search, for every searchable list (funding programs, export
organizations, learning resources, news, directory, trades, jobs, events ...).

A record is indexed once into a *document*: a space-padded string of search tokens built
from its French AND English texts and its facet labels in both languages
(:func:`document`). A user's query is parsed once (:func:`parse_query`) into terms; a
record matches when every term occurs in its document (:func:`matches`), over an
in-memory list (:func:`search_list`) or a stored text column (:func:`filter_queryset`,
plain ``LIKE``/``contains``, the same on SQLite and PostgreSQL).

How words become tokens (the same on both sides, so a query and a record always agree):

* folded: lower case, accents removed, ligatures opened (``Œuvre`` -> ``oeuvre``),
  French elisions dropped (``l'exportation`` -> ``exportation``), stop words dropped;
* a final plural ``s`` removed, then stemmed with the Snowball French AND English stemmers
  (``subventions`` -> ``subvent``; ``exportations``, ``exporter``, ``export`` ->
  ``export``); a document holds both stems of each of its words;
* a curated bilingual synonym list (``synonyms.txt``, one group a line): a document
  holding a phrase of a group also holds the group's token (``=automatis=``), and a
  query word or phrase of that group also accepts that token. So ``automatisation``
  finds ``automation``, ``crédit d'impôt`` finds ``tax credit``.

A query term matches a document when one of its alternatives starts a document token
(``" " + alternative`` occurs in the document): ``export`` also finds ``exportateur``.

Long lists (thousands of records) keep their documents' tokens in an indexed table as
well (:func:`index_documents`, called by the app's services) and filter with
:func:`filter_indexed`: same rule, no scan.

Usage in an app::

    record.search_text = search.document([title_fr, title_en, summary_fr, summary_en],
                                         labels)             # when the record is saved
    qs = search.filter_queryset(qs, "search_text", q)        # a stored column
    found = search.search_list(items, q, key=lambda r: r.search_text)  # in memory

Changing this module or ``synonyms.txt`` changes the tokens: rebuild the stored columns
with ``aluhub reindex``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import snowballstemmer  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from django.db.models import Q, QuerySet

T = TypeVar("T")

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"
# Longest query kept (characters) and most terms read from it.
MAX_QUERY = 200
MAX_TERMS = 12
# A query stem shorter than this matches a whole token only.
MIN_PREFIX = 3

_WORD = re.compile(r"[a-z0-9]+")
# French elisions: l'exportation, d'aide, qu'une.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'")

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces dans de des du en et il la le les leur leurs ou par pas pour
    qui que sa se ses son sur un une est sont ont plus tout tous d l
    an and are as at be by for from has have in into is it its of on or the their this
    to up with
    """.split()
)

_FRENCH = snowballstemmer.stemmer("french")
_ENGLISH = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Lower case without accents; ligatures opened (``Œuvre`` -> ``oeuvre``)."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text`` without elisions and stop words, in order."""
    folded = _ELISION.sub(" ", fold(text).replace("’", "'").replace("&", " and "))
    return [w for w in _WORD.findall(folded) if w not in STOP_WORDS]


@lru_cache(maxsize=200_000)
def word_stems(word: str) -> tuple[str, ...]:
    """The French and English stems of one folded word (one or two distinct stems; a
    feminine job title also holds the French stem of its masculine: ``soudeuse`` ->
    ``soudeur``)."""
    if word.isdigit() or len(word) <= 3:
        return (word,)
    if word.endswith("s") and not word.endswith("ss") and len(word) >= 5:
        word = word[:-1]
    french = _french_stem(word)
    english = _ENGLISH.stemWord(word)
    stems = (french,) if french == english else (french, english)
    masculine = _masculine(word)
    if masculine:
        stem = _french_stem(masculine)
        if stem not in stems:
            stems = (*stems, stem)
    return stems


def _french_stem(word: str) -> str:
    french = str(_FRENCH.stemWord(word))
    # Snowball keeps a final "e" of a folded participle ("automatisee" -> "automatise"):
    # drop it, so the accented and the plain spellings stem alike.
    return french[:-1] if french.endswith("e") and len(french) > 4 else french


#: Feminine endings of French job titles and their masculine (Snowball stems them apart).
_FEMININE = (("euse", "eur"), ("trice", "teur"), ("iere", "ier"))


def _masculine(word: str) -> str:
    """The masculine of a folded feminine job title (``conductrice`` -> ``conducteur``,
    ``chaudronniere`` -> ``chaudronnier``), or "" for any other word."""
    for feminine, masculine in _FEMININE:
        if word.endswith(feminine) and len(word) >= len(feminine) + 4:
            return word[: -len(feminine)] + masculine
    return ""


@dataclass(frozen=True, slots=True)
class _Group:
    token: str  # "=automatis="
    phrases: tuple[tuple[frozenset[str], ...], ...]  # each word as its set of stems


def _phrase(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(word_stems(w)) for w in words(text))


@cache
def synonym_groups() -> tuple[_Group, ...]:
    """The groups of ``synonyms.txt`` (read once)."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrases = tuple(p for p in (_phrase(part) for part in line.split("|")) if p)
        if len(phrases) < 2:
            raise ValueError(f"{SYNONYMS_FILE.name}: a group needs two phrases: {line!r}")
        first = "_".join(min(stems) for stems in phrases[0])
        groups.append(_Group(token=f"={first}=", phrases=phrases))
    return tuple(groups)


@cache
def _groups_by_first_stem() -> dict[str, tuple[tuple[_Group, tuple[frozenset[str], ...]], ...]]:
    """Per stem, the (group, phrase) pairs whose phrase starts with a word having it."""
    found: dict[str, list[tuple[_Group, tuple[frozenset[str], ...]]]] = {}
    for group in synonym_groups():
        for phrase in group.phrases:
            for s in phrase[0]:
                found.setdefault(s, []).append((group, phrase))
    return {s: tuple(pairs) for s, pairs in found.items()}


def _phrase_at(stems: Sequence[tuple[str, ...]], i: int) -> list[tuple[_Group, int]]:
    """The synonym groups with a phrase starting at word ``i`` and its length in words."""
    found: dict[str, tuple[_Group, int]] = {}
    index = _groups_by_first_stem()
    for s in stems[i]:
        for group, phrase in index.get(s, ()):
            n = len(phrase)
            if i + n <= len(stems) and all(
                not phrase[k].isdisjoint(stems[i + k]) for k in range(n)
            ):
                best = found.get(group.token)
                if best is None or best[1] < n:
                    found[group.token] = (group, n)
    return list(found.values())


def tokens(text: str) -> list[str]:
    """The distinct search tokens of one text: stems of its words, synonym tokens."""
    stems = [word_stems(w) for w in words(text)]
    seen: dict[str, None] = {}
    for i, word in enumerate(stems):
        for s in word:
            seen.setdefault(s, None)
        for group, _n in _phrase_at(stems, i):
            seen.setdefault(group.token, None)
    return list(seen)


def document(*parts: Iterable[str | None] | str | None) -> str:
    """The document of a record: the tokens of all its texts (French and English texts,
    facet labels in both languages), space-padded (``" tok1 tok2 "``); ``""`` if empty.

    Each argument is a text or an iterable of texts; ``None`` and blanks are skipped."""
    seen: dict[str, None] = {}
    for part in parts:
        texts = [part] if part is None or isinstance(part, str) else part
        for text in texts:
            if text:
                for token in tokens(text):
                    seen.setdefault(token, None)
    return " " + " ".join(seen) + " " if seen else ""


# A query: a tuple of terms, each a tuple of alternative tokens (any one will do).
Query = tuple[tuple[str, ...], ...]

#: The query of a search typed without a searchable word (only emoji, punctuation, a script
#: the tokenizer drops such as Arabic): one term no document holds (a token is made of
#: ``[a-z0-9]`` or is ``=synonym=``), so every list, page and API, and every way of matching
#: (stored column, token index, arrays, bitmaps) finds nothing. An empty query, and one of
#: stop words only ("de la", still being typed), is ``()`` and restricts nothing.
NOTHING: Query = (("!",),)


def parse_query(q: str) -> Query:
    """The terms of a user's query. Every term must match; a term matches when one of its
    alternatives starts a document token. A synonym phrase of several words is one term
    (``crédit d'impôt``). A query typed without a searchable word is :data:`NOTHING`."""
    text = (q or "")[:MAX_QUERY]
    stems = [word_stems(w) for w in words(text)]
    if not stems:
        return NOTHING if text.strip() and not _WORD.search(fold(text)) else ()
    terms: dict[tuple[str, ...], None] = {}
    i = 0
    while i < len(stems):
        phrases = _phrase_at(stems, i)
        longest = max((n for _g, n in phrases), default=1)
        if longest > 1:
            # A phrase of several words: its synonym tokens only.
            alternatives = [g.token for g, n in phrases if n == longest]
        else:
            # A very short stem ("r", "pm") is matched whole, not as a prefix.
            own = [s if len(s) >= MIN_PREFIX else s + " " for s in stems[i]]
            alternatives = [*own, *(g.token for g, _n in phrases)]
        terms.setdefault(tuple(dict.fromkeys(alternatives)), None)
        i += longest
    return tuple(terms)[:MAX_TERMS]


def unsearchable(q: str) -> bool:
    """Whether ``q`` was typed but holds no searchable word (it matches nothing)."""
    return parse_query(q) == NOTHING


def matches(query: Query, doc: str) -> bool:
    """Whether the document ``doc`` holds every term of ``query``."""
    return all(any(" " + alt in doc for alt in term) for term in query)


def relevance(query: Query, name_doc: str, doc: str) -> float:
    """Higher is better: per term, its best alternative; found in the record's name
    counts 3 (4 for a whole token), elsewhere 1 (1.5 for a whole token)."""
    score = 0.0
    for term in query:
        best = 0.0
        for alt in term:
            needle = " " + alt
            exact = needle + " "
            value = 4.0 if exact in name_doc else 3.0 if needle in name_doc else 0.0
            value += 1.5 if exact in doc else 1.0 if needle in doc else 0.0
            best = max(best, value)
        score += best
    return score


def search_list(items: Iterable[T], q: str, *, key: Callable[[T], str]) -> list[T]:
    """The items whose document (``key(item)``) matches ``q``, in their order; all of
    them when ``q`` is empty (none when it holds no searchable word: :data:`NOTHING`)."""
    query = parse_query(q)
    if not query:
        return list(items)
    return [item for item in items if matches(query, key(item))]


def filter_queryset(qs: QuerySet[Any], field: str, q: str) -> QuerySet[Any]:
    """``qs`` restricted to rows whose stored document column ``field`` matches ``q``."""
    from django.db.models import Q

    for term in parse_query(q):
        condition = Q()
        for alt in term:
            condition |= Q(**{f"{field}__contains": " " + alt})
        qs = qs.filter(condition)
    return qs


# --- The token index: one row per (list, record, token) -------------------------------
# For the lists too long to scan (the job board, the member directory): the same documents
# and the same matching rule as :func:`filter_queryset`, answered by an index.


def _rows(kind: str, object_id: int, doc: str) -> list[Any]:
    from aluhub.common.models import TOKEN_LENGTH, SearchToken

    found = dict.fromkeys(token[:TOKEN_LENGTH] for token in doc.split())
    return [SearchToken(kind=kind, object_id=object_id, token=token) for token in found]


def index_documents(kind: str, docs: Iterable[tuple[int, str]], *, fresh: bool = False) -> int:
    """Store the tokens of each ``(record id, document)`` of the list ``kind`` in place of
    that record's former tokens (``fresh``: the records have none yet, e.g. just created in
    bulk). Called by the services that write the records, inside their transaction.
    Returns the number of tokens stored."""
    from aluhub.common.models import SearchToken

    docs = list(docs)
    if not fresh:
        ids = [object_id for object_id, _doc in docs]
        for start in range(0, len(ids), 500):
            SearchToken.objects.filter(kind=kind, object_id__in=ids[start : start + 500]).delete()
    rows = [row for object_id, doc in docs for row in _rows(kind, object_id, doc)]
    SearchToken.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def unindex(kind: str, object_ids: Iterable[int] | None = None) -> None:
    """Forget the tokens of these records of ``kind`` (all its records when ``None``)."""
    from aluhub.common.models import SearchToken

    qs = SearchToken.objects.filter(kind=kind)
    if object_ids is not None:
        qs = qs.filter(object_id__in=list(object_ids))
    qs.delete()


#: The databases on which :func:`filter_indexed` with a ``document`` column reads a rare
#: term's records first and checks a frequent term on that column (:func:`_filter_shortlisted`).
SHORTLIST_VENDORS = frozenset({"postgresql"})

#: A query term whose tokens fill this many index rows is matched record by record in the
#: list's own order (``EXISTS``: the first page stops after its records), a rarer one by
#: collecting its few records first (``IN``).
BROAD_TERM = 4000


def _alternative_q(alt: str) -> Q:
    """The tokens that ``alt`` starts; a short stem (``alt`` ending with a space) must be
    the whole token."""
    from django.db.models import Q

    if alt.endswith(" "):
        return Q(token=alt[:-1])
    return Q(token__tokenprefix=alt)


def alternative_tokens(kind: str, alt: str) -> QuerySet[Any]:
    """The tokens of ``kind`` that ``alt`` starts (:func:`_alternative_q`)."""
    from aluhub.common.models import SearchToken

    return SearchToken.objects.filter(kind=kind).filter(_alternative_q(alt))


def term_size(alternatives: Iterable[QuerySet[Any]], cap: int = BROAD_TERM) -> int:
    """How many index rows a query term's alternatives (:func:`alternative_tokens`) fill,
    counted up to ``cap``: a short index read each, enough to tell a rare term from a
    frequent one."""
    size = 0
    for tokens in alternatives:
        size += tokens.values("object_id")[:cap].count()
        if size >= cap:
            break
    return size


def filter_indexed(
    qs: QuerySet[Any],
    kind: str,
    q: str,
    *,
    field: str = "pk",
    collect: bool = False,
    frequent: int = BROAD_TERM,
    document: str = "",
) -> QuerySet[Any]:
    """``qs`` restricted to the records whose tokens in the index ``kind`` match ``q``:
    the same rows as :func:`filter_queryset` over the stored documents, found through the
    index (``field``: the column holding the record id, the primary key by default).

    Each term costs one short count of its tokens (at most :data:`BROAD_TERM`), then:
    a rare term is a subquery of its records, the ``UNION`` of one index range per
    alternative (an ``OR`` of ranges would make SQLite read every token of the list); a
    frequent term is an ``EXISTS`` per record on the (list, record, token) index, so the
    database reads the records in the list's order and stops at the page (collecting tens
    of thousands of records and sorting them would cost more than the whole page).

    ``collect``: when every term is frequent, each is the subquery of its records all the
    same: for counting every match (no order, no page), where it costs a fraction of one
    ``EXISTS`` per record (9,928 of 20,000 directory profiles: 15 ms instead of 60 ms on
    SQLite). With a rare term, that term's few records lead as without ``collect``.

    ``frequent``: from how many index rows a term counts as frequent. A list that sorts all
    its matches anyway (no index in its order, e.g. the trace lot list) gains nothing from
    ``EXISTS`` and passes a higher threshold: collecting even ten thousand records is
    cheaper than checking each of its rows.

    ``document``: the records' stored document column, the one their tokens were indexed
    from (the job board's ``search_text``). On PostgreSQL it changes the plan, not the rows
    (:func:`_filter_shortlisted`): a frequent term is checked on the record's own column,
    already read with the record, and the rare terms' records are read first and passed
    as a list of ids. SQLite, and lists that do not name one: as above."""
    from django.db import connections
    from django.db.models import Exists, OuterRef, Q

    from aluhub.common.models import SearchToken

    terms = [(term, [alternative_tokens(kind, alt) for alt in term]) for term in parse_query(q)]
    broad = [term_size(alternatives, frequent) >= frequent for _term, alternatives in terms]
    vendor = connections[qs.db].vendor
    if document and vendor in SHORTLIST_VENDORS:
        return _filter_shortlisted(qs, terms, broad, field=field, document=document)
    collect_all = collect and all(broad)
    for (term, alternatives), is_broad in zip(terms, broad, strict=True):
        if is_broad and not collect_all and vendor == "postgresql":
            # One EXISTS whose tokens match any alternative: PostgreSQL turns an OR of
            # EXISTS into hashed subplans that read every token of each alternative
            # first (130 ms for "welder" at 50,000 postings, instead of 4 ms).
            any_alternative = Q()
            for alt in term:
                any_alternative |= _alternative_q(alt)
            tokens = SearchToken.objects.filter(any_alternative, kind=kind)
            qs = qs.filter(Exists(tokens.filter(object_id=OuterRef(field))))
        elif is_broad and not collect_all:
            # SQLite: one EXISTS per alternative, each an index range of the record's
            # tokens (one EXISTS with an OR reads all of the record's tokens: slower).
            condition = Q()
            for tokens in alternatives:
                condition |= Q(Exists(tokens.filter(object_id=OuterRef(field))))
            qs = qs.filter(condition)
        else:
            first, *others = [tokens.values("object_id") for tokens in alternatives]
            qs = qs.filter(**{f"{field}__in": first.union(*others) if others else first})
    return qs


def _any_of(column: Any, subquery: Any) -> Any:
    """``column = ANY(ARRAY(subquery))`` (PostgreSQL): the subquery runs once, before the
    rows are read (an init plan), and the rows are looked up by ``column``."""
    from django.db.models import BooleanField, Func

    return Func(
        column,
        subquery,
        arg_joiner=" = ANY(ARRAY",
        template="%(expressions)s)",
        output_field=BooleanField(),
    )


def _holds(document: str, term: tuple[str, ...]) -> Q:
    """The rows whose stored document column ``document`` holds the term: the rule of
    :func:`filter_queryset`, as ``STRPOS(document, ' alt') > 0`` (the same rows as its
    ``LIKE '% alt%'``, cheaper per row on PostgreSQL)."""
    from django.db.models import F, Q, Value
    from django.db.models.functions import StrIndex
    from django.db.models.lookups import GreaterThan

    condition = Q()
    for alt in term:
        condition |= Q(GreaterThan(StrIndex(F(document), Value(" " + alt)), 0))
    return condition


def _filter_shortlisted(
    qs: QuerySet[Any],
    terms: list[tuple[tuple[str, ...], list[QuerySet[Any]]]],
    broad: list[bool],
    *,
    field: str,
    document: str,
) -> QuerySet[Any]:
    """PostgreSQL, for a list whose records keep their document in ``document``: the rows
    of :func:`filter_indexed`, planned so that a page and a capped count stop early
    (docs/decisions/0007).

    * The rare terms (fewer than ``frequent`` index rows each: a few thousand records at
      most) make one shortlist of record ids, read from the index once before the records
      (the ``ARRAY`` of the ``INTERSECT`` of each term's ``UNION`` of alternative ranges),
      and the records are fetched from it by primary key. As ``IN`` subqueries, the planner
      hashed the shortlist and read every posting (``machiniste cnc``, 50,000 postings).
    * A frequent term: ``document`` holds it (the rule of :func:`filter_queryset`, as
      ``STRPOS``), checked on each record as it is read, in the list's order for a page.
      An ``EXISTS`` on the index read one index page per record instead (0.03-0.07 ms
      each: 100 ms or more for a count that checks 2,000 to 3,000 postings).

    The same rows as the token index: ``document`` is what the tokens were built from.
    Other databases (tests only): one ``IN`` subquery per rare term."""
    from django.db import connections
    from django.db.models import F, Subquery

    rare: list[QuerySet[Any]] = []
    for (term, alternatives), is_broad in zip(terms, broad, strict=True):
        if is_broad:
            qs = qs.filter(_holds(document, term))
        else:
            first, *others = [tokens.values("object_id") for tokens in alternatives]
            rare.append(first.union(*others) if others else first)
    if rare and connections[qs.db].vendor == "postgresql":
        first, *others = rare
        shortlist = first.intersection(*others) if others else first
        qs = qs.filter(_any_of(F(field), Subquery(shortlist)))
    else:
        for ids in rare:
            qs = qs.filter(**{f"{field}__in": ids})
    return qs


def token_ids(kind: str, token: str) -> QuerySet[Any]:
    """The record ids of ``kind`` holding exactly ``token`` (a subquery)."""
    from aluhub.common.models import SearchToken

    return SearchToken.objects.filter(kind=kind, token=token).values("object_id")


def filter_token(qs: QuerySet[Any], kind: str, token: str, *, field: str = "pk") -> QuerySet[Any]:
    """``qs`` restricted to the records holding exactly ``token`` (a facet) in ``kind``."""
    return qs.filter(**{f"{field}__in": token_ids(kind, token)})


def labels_in_both_languages(labels: Iterable[Callable[[], object] | object]) -> list[str]:
    """The French and English text of translatable labels (lazy strings, choice labels):
    what a document indexes so that a facet label is found in either language."""
    from django.utils import translation

    labels = list(labels)
    texts: list[str] = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            texts += [str(label) for label in labels]
    return texts


# --- Keeping the index true when records go away ----------------------------------------
# A record deleted anywhere (a service, the admin's delete page or bulk action, a queryset
# ``delete()``, a cascade from its organization) takes its tokens with it: each app declares
# once which model its lists index (:func:`register_index`, from its ``AppConfig.ready``).

#: Per list (``kind``), the model whose primary keys its ``object_id`` holds.
_INDEXED: dict[str, Any] = {}


def register_index(model: Any, *kinds: str) -> None:
    """Declare that the lists ``kinds`` index records of ``model``: deleting a record (in
    any way Django deletes, cascades included) forgets its tokens in the same transaction,
    and :func:`remove_orphans` knows which records each list may hold."""
    from django.db.models.signals import post_delete

    for kind in kinds:
        _INDEXED[kind] = model

    def forget(sender: Any, instance: Any, **_kwargs: Any) -> None:
        from aluhub.common.models import SearchToken

        SearchToken.objects.filter(kind__in=kinds, object_id=instance.pk).delete()

    post_delete.connect(
        forget, sender=model, weak=False, dispatch_uid=f"search-index:{model._meta.label}"
    )


def indexed_lists() -> dict[str, Any]:
    """Every declared list and the model of its records."""
    return dict(_INDEXED)


def remove_orphans() -> dict[str, int]:
    """Delete the index rows whose record no longer exists (and the rows of a list no app
    declares any more); answer how many rows went, per list (only lists that had some)."""
    from aluhub.common.models import SearchToken

    removed: dict[str, int] = {}
    kinds = set(SearchToken.objects.values_list("kind", flat=True).distinct())
    for kind in sorted(kinds):
        rows = SearchToken.objects.filter(kind=kind)
        model = _INDEXED.get(kind)
        if model is not None:
            rows = rows.exclude(object_id__in=model._base_manager.values("pk"))
        count, _by_model = rows.delete()
        if count:
            removed[kind] = count
    return removed
