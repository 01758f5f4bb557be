"""The job board's word search on PostgreSQL (``search.filter_indexed(..., document=)``: the
rare words' postings read from the token index first, the frequent words checked on each
posting's stored document) finds the same postings in the same order as the token index
path of SQLite and as the stored-document rule, for French and English words, synonyms,
accents, prefixes and short stems, rare and frequent words together.

On PostgreSQL the path is the one the board takes. On SQLite the same function runs with
one ``IN`` subquery per rare word instead of PostgreSQL's ``= ANY(ARRAY(...))`` (the only
part it cannot run), and the board itself keeps the token index path (checked below)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from aluhub.accounts.models import Organization, User
from aluhub.common import search
from aluhub.common.models import SearchToken
from aluhub.common.pagination import CappedPaginator
from aluhub.workforce import selectors
from aluhub.workforce.models import JobPosting
from tests.workforce.conftest import post_board

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]

# Title, description, trade (NOC), region. Several postings share the frequent words
# (soudeur/welder, aluminium, opérateur), few hold the rare ones (CNC, électromécanicien).
POSTINGS = [
    ("Soudeur aluminium", "Soudage MIG et TIG de structures.", "72106", "02"),
    ("Soudeuse de nuit", "Soudage de remorques en aluminium.", "72106", "02"),
    ("Aluminium welder", "Welding of boat hulls.", "72106", "04"),
    ("Welder, day shift", "TIG welding of railings.", "72106", "16"),
    ("Stagiaire en soudage", "Stage d'été à l'atelier de soudage.", "72106", "02"),
    ("Machiniste CNC", "Usinage de pièces de précision en aluminium.", "72100", "16"),
    ("Machiniste", "Tour et fraiseuse conventionnels.", "72100", "04"),
    ("CNC machinist", "Five-axis machining of aluminium parts.", "72100", "02"),
    ("Opérateur de presse d'extrusion", "Conduite de la presse.", "94100", "04"),
    ("Operateur de scie", "Coupe des profilés extrudés.", "94100", "02"),
    ("Press operator", "Extrusion press, night shift.", "94100", "04"),
    ("Électromécanicien", "Entretien des équipements de l'usine.", "72106", "16"),
    ("Maître soudeur", "Formation des soudeurs.", "72106", "04"),
    ("Contremaître de production", "Équipe de jour.", "94100", "02"),
]

QUERIES = [
    "soudeur",  # FR, synonym group of "welder"
    "welder",  # EN, the same group
    "soudage aluminium",  # two frequent words
    "machiniste cnc",  # a frequent word and a rare one
    "cnc machinist",  # the same in English
    "cnc",
    "opérateur",  # accent
    "operateur",  # without
    "OPÉRATEUR presse",  # case, accent, a rarer second word
    "press operator",
    "électromécanicien",
    "ELECTROMECANICIEN",
    "extru",  # prefix
    "maître",  # starts a token of one posting, inside a token of another (contremaître)
    "r",  # a short stem: whole token only
    "72100",  # the trade's code
    "de la",  # stop words only: every posting
    "introuvable",
    "soudeur introuvable",
]


@pytest.fixture
def board(trades: None, member: User, member_org: Organization) -> list[JobPosting]:
    return post_board(member, member_org, [(t, d, noc, "job", r) for t, d, noc, r in POSTINGS])


def _ids(qs: QuerySet[JobPosting]) -> list[int]:
    return list(qs.order_by("closing_date", "-created_at", "pk").values_list("pk", flat=True))


@pytest.fixture
def shortlisted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PostgreSQL path on the database under test (on SQLite too)."""
    monkeypatch.setattr(search, "SHORTLIST_VENDORS", frozenset({connection.vendor}))


@pytest.mark.parametrize("frequent", [1, 3, search.BROAD_TERM])
def test_the_shortlist_path_finds_what_the_token_index_finds(
    board: list[JobPosting], shortlisted: None, frequent: int
) -> None:
    """Every query of QUERIES, on the whole board and on one region. ``frequent`` 1: every
    word frequent (checked on the document); 3: the words of one or two postings rare
    (read from the index), the others frequent; default: every word of this board rare."""
    for q in QUERIES:
        for region in ["", "04"]:
            qs = selectors.open_jobs()
            if region:
                qs = qs.filter(region=region)
            found = _ids(
                search.filter_indexed(
                    qs, selectors.JOB_TOKENS, q, frequent=frequent, document="search_text"
                )
            )
            by_tokens = _ids(search.filter_indexed(qs, selectors.JOB_TOKENS, q, frequent=frequent))
            by_documents = _ids(search.filter_queryset(qs, "search_text", q))
            query = search.parse_query(q)
            by_python = [
                j.pk
                for j in qs.order_by("closing_date", "-created_at", "pk")
                if not query or search.matches(query, j.search_text)
            ]
            assert found == by_tokens == by_documents == by_python, (q, region)


def test_the_queries_above_find_some_postings_and_not_others(board: list[JobPosting]) -> None:
    def titles(q: str) -> set[str]:
        return {j.title for j in selectors.job_search(selectors.JobFilters(q=q))}

    assert titles("machiniste cnc") == {"Machiniste CNC", "CNC machinist"}
    assert titles("opérateur") == titles("operateur") == titles("operator")
    assert {"Opérateur de presse d'extrusion", "Press operator"} <= titles("opérateur")
    assert titles("welder") == titles("soudeur")
    assert "Soudeuse de nuit" in titles("welder")
    assert titles("ELECTROMECANICIEN") == {"Électromécanicien"}
    assert titles("maitre") == {"Maître soudeur"}  # not "Contremaître"
    assert titles("introuvable") == titles("soudeur introuvable") == set()
    assert len(titles("de la")) == len(POSTINGS)


def test_mixed_words_take_both_ways_on_this_board(board: list[JobPosting]) -> None:
    """With ``frequent=3`` "machiniste cnc" has a rare word and a frequent one (what the
    parametrised test above relies on)."""
    sizes = {
        alternative: SearchToken.objects.filter(
            kind=selectors.JOB_TOKENS, token__startswith=alternative
        ).count()
        for term in search.parse_query("machiniste cnc")
        for alternative in term
    }
    assert sizes["cnc"] < 3 <= sizes["machin"]


def test_the_board_takes_the_shortlist_path_on_postgresql_only(board: list[JobPosting]) -> None:
    qs = selectors.job_search(selectors.JobFilters(q="machiniste cnc"))
    with CaptureQueriesContext(connection) as queries:
        assert len(list(qs)) == 2
    sql = queries.captured_queries[-1]["sql"].upper()
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(" in sql and "STRPOS" not in sql  # both words rare here
    else:
        # As before: one IN subquery per (rare) word, nothing read from the document.
        assert "ANY(" not in sql and "INSTR" not in sql and 'SEARCH_TEXT" LIKE' not in sql
        assert sql.count(" IN (SELECT") == 2
    frequent = selectors.job_search(selectors.JobFilters(q="soudage aluminium"))
    with CaptureQueriesContext(connection) as queries:
        search_rows = list(
            search.filter_indexed(
                selectors.open_jobs(),
                selectors.JOB_TOKENS,
                "soudage aluminium",
                frequent=1,
                document="search_text",
            )
        )
    sql = queries.captured_queries[-1]["sql"].upper()
    assert ("STRPOS" in sql) == (connection.vendor == "postgresql")
    assert {j.pk for j in search_rows} == {j.pk for j in frequent}


def test_the_capped_count_leaves_out_the_order_and_the_related_rows(
    board: list[JobPosting],
) -> None:
    qs = selectors.job_search(selectors.JobFilters(q="soudeur"))
    matches = len(list(qs))
    assert matches >= 4
    with CaptureQueriesContext(connection) as queries:
        capped = CappedPaginator(qs, 2, cap=3)
        assert (capped.count, capped.capped) == (3, True)
    counted = queries.captured_queries[-1]["sql"].upper()
    assert "COUNT(" in counted and "ORDER BY" not in counted and "JOIN" not in counted
    exact = CappedPaginator(selectors.job_search(selectors.JobFilters(q="soudeur")), 2, cap=matches)
    assert (exact.count, exact.capped) == (matches, False)
    # The page keeps its order and its related rows.
    with CaptureQueriesContext(connection) as queries:
        page = [(j.pk, j.organization.name, j.trade.noc_2021) for j in exact.get_page(1)]
    assert len(queries) == 1 and [pk for pk, _o, _t in page] == _ids(qs)[:2]


def test_the_region_index_exists_on_postgresql_only(db: None) -> None:
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "workforce_jobposting")
    assert ("workforce_job_board_region" in names) == (connection.vendor == "postgresql")
    assert "workforce_job_board" in names
