"""Posting an admin change or add page as a browser would: every field with the value the
page shows, each inline's management form, then the changes the test makes; the admin
must accept it (a redirect), else the form's errors are the failure."""

from __future__ import annotations

from typing import Any

from django.test import Client


def admin_post(client: Client, url: str, **changes: Any) -> Any:
    """GET the admin page ``url``, then POST its form back with ``changes`` applied; the
    answer must be the admin's redirect after saving."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()  # what the page puts in the field
        if value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response
