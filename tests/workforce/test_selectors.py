"""Reads the workforce pages use: what they return and how many queries they take."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client

from aluhub.accounts.models import Organization, User
from aluhub.workforce import selectors
from aluhub.workforce.models import Trade, TrainingProgram
from tests.factories import UserFactory
from tests.queries import queries_of_get
from tests.workforce.conftest import post_job


def test_trades_with_programs_reads_every_trades_programs_in_two_queries(
    trades: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):  # the trades, then all their programs at once
        found = selectors.trades_with_programs(selectors.TradeFilters())
        programs = {t.slug: [p.slug for p in t.programs.all()] for t in found}
    assert len(found) == Trade.objects.count() > 1
    assert any(programs.values())


def test_trade_open_jobs_soonest_closing_first_and_limited(
    trades: None, member: User, member_org: Organization
) -> None:
    closings = [date.today() + timedelta(days=d) for d in (40, 10, 25)]
    for n, closing in enumerate(closings):
        post_job(member, member_org, title=f"Soudeur {n}", closing_date=closing)
    welder = Trade.objects.get(noc_2021="72106")
    assert [j.closing_date for j in selectors.trade_open_jobs(welder)] == sorted(closings)
    assert len(selectors.trade_open_jobs(welder, limit=2)) == 2


def test_can_register_employees_is_for_members_and_staff(member: User) -> None:
    assert selectors.can_register_employees(member) is True
    assert selectors.can_register_employees(UserFactory(role="staff")) is True
    assert selectors.can_register_employees(UserFactory(role="student")) is False


def test_programs_api_list_queries_do_not_grow_with_programs(
    trades: None, django_assert_max_num_queries
) -> None:
    # The API schema reads each program's trades with .all(): program_search's prefetch
    # must serve them, whatever the number of programs.
    client = Client()
    url = "/api/v1/workforce/programs?limit=200"
    before = queries_of_get(client, url)
    welder = Trade.objects.get(noc_2021="72106")
    for n in range(4):
        program = TrainingProgram.objects.create(
            slug=f"programme-essai-{n}",
            level="DEP",
            name=f"Programme d'essai {n}",
            source_url="https://example.org/programme",
        )
        program.trades.set([welder])
    with django_assert_max_num_queries(before):
        items = client.get(url).json()["items"]
    added = [i for i in items if i["slug"].startswith("programme-essai-")]
    assert [i["trades"] for i in added] == [[welder.slug]] * 4
