"""The phone header with the keyboard only (390 × 844): the skip link comes first, then the
stops follow the header's rows as they are drawn (brand, language, menu button; account links;
main navigation); the menu opens with Enter or Space and Escape closes it and gives focus back
to its button."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}


def _focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const el = document.activeElement, box = el.getBoundingClientRect();
          return {text: el.textContent.trim(), tag: el.tagName.toLowerCase(),
                  inHeader: !!el.closest('header') || el.classList.contains('skip-link'),
                  x: box.x, y: box.y, h: box.height};
        }"""
    )


def _header_stops(page: Page) -> list[dict[str, Any]]:
    stops = []
    while True:
        page.keyboard.press("Tab")
        stop = _focused(page)
        if not stop["inHeader"]:
            return stops
        stops.append(stop)


def _in_visual_order(stops: list[dict[str, Any]]) -> bool:
    """Each stop is on a lower row than the one before, or on the same row to its right."""
    for a, b in zip(stops, stops[1:], strict=False):
        same_row = abs(a["y"] - b["y"]) < max(a["h"], b["h"]) / 2
        if not (b["x"] > a["x"] if same_row else b["y"] > a["y"]):
            return False
    return True


def test_phone_header_keyboard_order_and_menu(page: Page) -> None:
    page.set_viewport_size(PHONE)
    # The first page of a fresh live server can be slow on a busy machine (2 cores, shared).
    page.goto("/fr/", timeout=120_000)
    toggle = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(toggle).to_be_visible()

    folded = _header_stops(page)
    names = [s["text"] for s in folded]
    assert names[0] == "Aller au contenu principal"
    # Skip link (drawn on top when focused), then the header's rows; the folded menu has no stop.
    assert names[1:] == ["Al AluHub", "English", "Menu", "Se connecter", "S’inscrire"]
    assert _in_visual_order(folded[1:])

    # Back to the button with the keyboard, open with Enter: the navigation follows the account row.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    opened = [toggle_stop := _focused(page)]
    opened += _header_stops(page)
    assert toggle_stop["text"] == "Menu"
    assert [s["text"] for s in opened[1:]] == [
        "Se connecter",
        "S’inscrire",
        "Financement",
        "Innovation 4.0",
        "Main-d’œuvre",
        "Valorisation et recyclage",
        "Actualités",
    ]
    assert _in_visual_order(opened)

    # Escape from inside the navigation folds it and gives focus back to the button.
    nav.get_by_role("link", name="Financement").focus()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    # Space opens it too, and Space again closes it.
    page.keyboard.press(" ")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    page.keyboard.press(" ")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
