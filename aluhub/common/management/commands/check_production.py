"""``aluhub check_production``: fail (exit 1) when the settings are unsafe for production.

Runs Django's deployment checks and AluHub's (``aluhub/common/checks.py``) and fails on
any warning, so a deployment script can stop before serving with debug on, without
HTTPS/HSTS, with undelivered mail or with the development secret key.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Fail when a setting is unsafe for production (check --deploy, warnings are errors)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("check", deploy=True, fail_level="WARNING")
        self.stdout.write("Production settings: no issues.")
