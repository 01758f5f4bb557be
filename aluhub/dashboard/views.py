"""The dashboard: each role's first page after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aluhub.accounts.auth import signed_in_user

from .blocks import blocks_for


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(request, "dashboard/index.html", {"blocks": blocks_for(user)})
