"""``aluhub verify_ledger [--site S]``: recompute each site's hash chain.

Prints "intact" for each site whose chain holds (exit 0), or the first broken link (the
event number, its date and why) and exits 1. ``--site`` takes an establishment id.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.cli import counted, fail
from aluhub.engines import text
from aluhub.trace.selectors import ledger_site, ledger_sites
from aluhub.trace.services import ledger_verify


class Command(BaseCommand):
    help = "Check the hash chain of every site's ledger (or one site's) and report the first break."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--site", help="establishment id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("site"):
            named = ledger_site(options["site"])
            if named is None:
                fail(f"error: --site: no establishment {options['site']!r}")
                return
            sites = [named]
        else:
            sites = ledger_sites()
        broken = False
        for site in sites:
            check = ledger_verify(site=site)
            if check.broken is None:
                self.stdout.write(
                    f"site {site.pk} ({site}): intact, {counted(check.events, 'event', 'events')}"
                )
            else:
                broken = True
                event = check.broken
                self.stdout.write(
                    f"site {site.pk} ({site}): broken at event {event.seq} "
                    f"({event.kind}, {text.format_date(event.occurred_on, 'en')}): {check.reason}"
                )
        if broken:
            raise SystemExit(1)
        if not sites:
            self.stdout.write("intact (no events)")
