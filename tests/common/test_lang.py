"""The page language as the engines want it, from the active language or a request."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils import translation

from aluhub.common.lang import active_lang, request_lang


def test_active_lang_is_the_given_language_else_the_active_one() -> None:
    with translation.override("en"):
        assert active_lang() == "en"
        assert active_lang("fr-ca") == "fr"
        assert active_lang("") == "en"
    with translation.override("fr"):
        assert active_lang("en-CA") == "en"
        assert active_lang(None) == "fr"


def test_request_lang_reads_the_query_then_the_page_language() -> None:
    factory = RequestFactory()
    asked = factory.get("/", {"lang": "en"})
    asked.LANGUAGE_CODE = "fr"
    assert request_lang(asked) == "en"
    page = factory.get("/")
    page.LANGUAGE_CODE = "en"
    assert request_lang(page) == "en"
    assert request_lang(factory.get("/")) == "fr"  # neither: French first
