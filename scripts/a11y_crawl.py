"""Accessibility crawl: every page a visitor and each demo role can reach, in French then English.

A tool for people, not part of ``make test``. It drives Debian's chromium (never a downloaded
browser) against a running server with the demo data::

    export ALUHUB_DATABASE_URL=sqlite:///$PWD/var/a11y.sqlite3
    .venv/bin/aluhub setup --demo
    .venv/bin/aluhub runserver 127.0.0.1:8123 --noreload &
    .venv/bin/python scripts/a11y_crawl.py --base-url http://127.0.0.1:8123

For each role (anonymous first, then each demo login) and each language it opens the home page
and the dashboard, follows every same-site link under the language's prefix (breadth first,
``--max-pages`` per role and language), keeps ``--samples`` URLs per URL pattern (the URL name
Django resolves, plus the names of the query parameters: ``/programmes/a/`` and
``/programmes/b/`` are one pattern), and on each kept page:

* runs axe-core (``tests/browser/vendor/axe-core``) with the WCAG 2.1 A and AA tags
  (``--best-practice`` adds axe's best practices);
* checks, at the 390 px viewport, that the page does not scroll sideways and that no box hides
  part of its content in a sideways scroller;
* opens each POST form that has a required field once per pattern, empties it and submits it
  without the browser's own validation (HTMX forms swap their fragment in place), then audits
  the page that shows the errors. A form with no required field (a button such as "Follow",
  "Register", "Delete") is never submitted.

A pattern audited for one role is only audited again for another with ``--every-role`` (the
crawl still opens it to find links). It prints the pages visited, then the violations grouped by
rule (impact, number of pages, and for each page the role, language, URL and the first
elements), then the overflow problems; ``--json FILE`` writes everything found. Exit status 1
when a serious or critical violation or an overflow was found, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js"
ROLES = ["", "staff", "member", "member-en", "partner", "student", "teacher", "jury", "expert"]
PHONE = {"width": 390, "height": 844}
# Never followed: leaving the session, Django's admin, the API, files.
SKIP_PARTS = ("/admin/", "/api/", "/static/", "/media/")
SKIP_NAMES = {"accounts:logout", "set_language"}

AUDIT_JS = """async (tags) => {
  const overflow = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    overflow.push(`page ${root.scrollWidth} px wide on a ${window.innerWidth} px screen`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (scrolls && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length) {
      const cls = (el.getAttribute('class') || '').trim().replace(/\\s+/g, '.');
      overflow.push(`${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} hides `
        + `${el.scrollWidth - el.clientWidth} px sideways`);
    }
  }
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const violations = result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')),
  }));
  return {overflow, violations};
}"""

# Empties a form and submits it past the browser's validation; false when it has no required
# field (its submit could change something) or nothing to submit with.
SUBMIT_EMPTY_JS = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  if (!form || (form.method || '').toLowerCase() !== 'post') return false;
  if (!form.querySelector('[required]')) return false;
  if (form.querySelector('[data-confirm]')) return false;
  form.noValidate = true;
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox' || el.type === 'radio') { el.checked = false; continue; }
    if (el.tagName === 'SELECT') { el.selectedIndex = -1; continue; }
    if (el.type === 'file') continue;
    el.value = '';
  }
  const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  if (button) { button.click(); } else { form.requestSubmit(); }
  return true;
}"""

# getAttribute: an SVG link's href is an object, not a string.
# The element that has focus, and whether anything shows it (an outline or a box shadow, on it
# or, for an SVG link, on the shape inside it).
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = e => { const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
      || (e.ownerSVGElement && parseFloat(s.strokeWidth) >= 4); };
  // Focus on a date input's own calendar button (:focus is then false on the input): the
  // browser draws that button's ring itself.
  const dated = /^(date|datetime-local|month|week|time)$/.test(el.type || '');
  const picker = dated && !el.matches(':focus');
  const seen = picker || shows(el) || Array.from(el.querySelectorAll('*')).some(shows);
  const cls = (el.getAttribute('class') || '').trim().replace(/\\s+/g, '.');
  const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls : ''}`;
  const same = el === window.a11yCrawlFocused;
  window.a11yCrawlFocused = el;
  // A date or time input takes one Tab per part (year, month, day, hours..., its button).
  const parts = dated ? 7 : 1;
  return {name: `${name} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`, seen, same,
          parts};
}"""

LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'),
  a => new URL(a.getAttribute('href'), document.baseURI).href)"""


@dataclass
class Finding:
    role: str
    lang: str
    url: str
    state: str  # "page" or "form N submitted empty"
    violations: list[dict[str, Any]] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)


def _setup_django() -> Any:
    """Django's URL resolver names each URL's pattern; no database is opened."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
    import django

    django.setup()
    from django.urls import Resolver404, resolve
    from django.utils import translation

    def pattern(path: str, query: str) -> str | None:
        # The path segments are translated: resolve in the language of the prefix.
        try:
            with translation.override(path.split("/")[1] or None):
                match = resolve(path)
        except Resolver404:
            return None
        keys = sorted({k for k, _v in parse_qsl(query, keep_blank_values=True)})
        return match.view_name + ("?" + "&".join(keys) if keys else "")

    return pattern


def _login(page: Any, base: str, lang: str, role: str) -> None:
    from aluhub.accounts.demo import DEMO_PASSWORD

    page.goto(f"{base}/{lang}/")
    login = page.locator("header a[href*='/login/'], header a[href*='/connexion/']").first
    href = login.get_attribute("href") if login.count() else None
    page.goto(base + href if href else f"{base}/{lang}/login/")
    page.locator("main input[type=email]").fill(f"{role}@demo.aluhub.ca")
    page.locator("main input[type=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/login" in page.url or "/connexion" in page.url:
        raise SystemExit(f"could not sign in as {role}@demo.aluhub.ca: is the demo data loaded?")


def _audit(page: Any, axe: str, tags: list[str]) -> dict[str, Any]:
    page.evaluate(axe)  # through the DevTools protocol: the page's CSP stays in force
    result: dict[str, Any] = page.evaluate(AUDIT_JS, tags)
    return result


def _keyboard(page: Any, stops: int) -> list[str]:
    """Tab through the page's first ``stops`` stops: each must show its focus, and focus must
    keep moving (a stop that keeps it twice running is a trap)."""
    problems, stuck = [], 0
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            break  # past the last stop: back to the page
        if not focused["seen"]:
            problems.append(f"no visible focus: {focused['name']}")
        stuck = stuck + 1 if focused["same"] else 0
        if stuck >= focused["parts"] + 1:
            problems.append(f"focus stays on {focused['name']}")
            break
    return sorted(set(problems))


def crawl(args: argparse.Namespace) -> list[Finding]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    axe = AXE.read_text(encoding="utf-8")
    pattern_of = _setup_django()
    base = args.base_url.rstrip("/")
    host = urlsplit(base).netloc
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    if args.best_practice:
        tags.append("best-practice")
    findings: list[Finding] = []
    # (language, role or "" for all roles) -> pattern -> URLs audited
    audited: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    forms_done: dict[str, set[str]] = defaultdict(set)
    # Launched as the browser stage launches it (headless, nothing that phones home).
    from tests.browser.conftest import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        for role in args.roles:
            for lang in args.langs:
                context = browser.new_context(
                    viewport=PHONE, locale="fr-CA" if lang == "fr" else "en-CA"
                )
                context.set_default_timeout(args.timeout * 1000)
                page = context.new_page()
                who = role or "anonymous"
                try:
                    if role:
                        _login(page, base, lang, role)
                    start = [f"{base}/{lang}/"] + ([page.url] if role else [])
                    start += [base + p for p in args.start if p.startswith(f"/{lang}/")]
                    queue: deque[str] = deque(start)
                    seen_urls: set[str] = set(start)
                    samples: dict[str, int] = defaultdict(int)
                    visited = 0
                    while queue and visited < args.max_pages:
                        url = queue.popleft()
                        parts = urlsplit(url)
                        key = pattern_of(parts.path, parts.query)
                        if key is None or samples[key] >= args.samples:
                            continue
                        samples[key] += 1
                        try:
                            response = page.goto(url, wait_until="load")
                        except PlaywrightError:
                            continue  # a download (CSV, ICS, PDF) is not a page
                        if response is None or "text/html" not in response.headers.get(
                            "content-type", ""
                        ):
                            continue
                        if urlsplit(page.url).path != parts.path:
                            continue  # redirected: the target is crawled under its own URL
                        visited += 1
                        for link in page.evaluate(LINKS_JS):
                            target = urlsplit(link)
                            clean = urlunsplit(
                                (target.scheme, target.netloc, target.path, target.query, "")
                            )
                            if (
                                target.netloc == host
                                and target.path.startswith(f"/{lang}/")
                                and not any(p in target.path for p in SKIP_PARTS)
                                and clean not in seen_urls
                            ):
                                name = pattern_of(target.path, target.query)
                                if name and name.split("?")[0] not in SKIP_NAMES:
                                    seen_urls.add(clean)
                                    queue.append(clean)
                        counts = audited[(lang, who if args.every_role else "")]
                        if counts[key] < args.samples:
                            counts[key] += 1
                            found = _audit(page, axe, tags)
                            if args.keyboard:
                                found["keyboard"] = _keyboard(page, args.keyboard)
                            findings.append(Finding(who, lang, url, "page", **found))
                            if args.verbose:
                                print(
                                    f"{who} {lang} {url}: {len(found['violations'])} rules",
                                    file=sys.stderr,
                                )
                        if args.no_forms:
                            continue
                        forms = page.locator("main form").count()
                        for index in range(forms):
                            form_key = f"{key}#{index}"
                            if form_key in forms_done[lang]:
                                continue
                            forms_done[lang].add(form_key)
                            if index:
                                page.goto(url, wait_until="load")
                            try:
                                with page.expect_response(
                                    lambda r: r.request.method == "POST",
                                    timeout=args.timeout * 1000,
                                ):
                                    if not page.evaluate(SUBMIT_EMPTY_JS, index):
                                        raise LookupError
                                page.wait_for_load_state("load")
                                page.wait_for_timeout(300)  # HTMX settles its swap
                            except LookupError:
                                continue
                            except PlaywrightError:
                                continue
                            found = _audit(page, axe, tags)
                            findings.append(
                                Finding(
                                    who, lang, url, f"form {index + 1} submitted empty", **found
                                )
                            )
                        if forms:
                            page.goto(url, wait_until="load")
                    print(f"{who:>10} {lang}: {visited} pages opened", file=sys.stderr)
                finally:
                    context.close()
        browser.close()
    return findings


def report(findings: list[Finding]) -> int:
    pages = {(f.role, f.lang, f.url, f.state) for f in findings}
    print(
        f"{len(pages)} page states audited ({sum(f.state == 'page' for f in findings)} pages, "
        f"{sum(f.state != 'page' for f in findings)} forms submitted empty)"
    )
    by_rule: dict[tuple[str, str, str], list[tuple[Finding, list[str]]]] = defaultdict(list)
    for f in findings:
        for v in f.violations:
            by_rule[(v["id"], v["impact"] or "", v["help"])].append((f, v["nodes"]))
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    print("\nViolations by rule (impact, pages, elements):")
    for (rule, impact, help_), hits in sorted(
        by_rule.items(), key=lambda kv: (order.get(kv[0][1], 9), kv[0][0])
    ):
        print(
            f"  {rule:<28} {impact:<9} {len(hits):>4} pages "
            f"{sum(len(n) for _f, n in hits):>5}  {help_}"
        )
    for (rule, impact, _help), hits in sorted(
        by_rule.items(), key=lambda kv: (order.get(kv[0][1], 9), kv[0][0])
    ):
        print(f"\n{rule} ({impact})")
        for f, nodes in hits:
            more = f" (+{len(nodes) - 3})" if len(nodes) > 3 else ""
            state = "" if f.state == "page" else f" [{f.state}]"
            print(f"  {f.role} {f.lang} {f.url}{state}: {', '.join(nodes[:3])}{more}")
    keyboard = [f for f in findings if f.keyboard]
    if keyboard:
        print(f"\nKeyboard: {len(keyboard)} pages")
        for f in keyboard:
            print(f"  {f.role} {f.lang} {f.url}: {'; '.join(f.keyboard[:4])}")
    overflowing = [f for f in findings if f.overflow]
    print(f"\n390 px overflow: {len(overflowing)} pages")
    for f in overflowing:
        print(f"  {f.role} {f.lang} {f.url}: {'; '.join(f.overflow[:3])}")
    bad = (
        any(impact in ("serious", "critical") for (_r, impact, _h) in by_rule)
        or overflowing
        or keyboard
    )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--roles",
        default=",".join(r or "anonymous" for r in ROLES),
        help="comma-separated: anonymous, staff, member, member-en, partner, ...",
    )
    parser.add_argument("--langs", default="fr,en")
    parser.add_argument(
        "--max-pages", type=int, default=120, help="pages opened per role and language"
    )
    parser.add_argument("--samples", type=int, default=2, help="URLs audited per URL pattern")
    parser.add_argument(
        "--every-role", action="store_true", help="audit a pattern again for each role"
    )
    parser.add_argument(
        "--keyboard",
        type=int,
        default=0,
        metavar="N",
        help="also Tab through the first N stops of each audited page: visible focus, no trap",
    )
    parser.add_argument(
        "--start",
        action="append",
        default=[],
        metavar="PATH",
        help="another page to start from (/fr/... or /en/...), e.g. one no link leads to",
    )
    parser.add_argument("--no-forms", action="store_true", help="do not submit forms empty")
    parser.add_argument(
        "--best-practice", action="store_true", help="add axe's best-practice rules"
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds per navigation")
    parser.add_argument(
        "--chromium", default=os.environ.get("ALUHUB_CHROMIUM", "/usr/bin/chromium")
    )
    parser.add_argument("--json", type=Path, help="write every finding to this file")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    args.roles = ["" if r == "anonymous" else r for r in args.roles.split(",")]
    args.langs = args.langs.split(",")
    findings = crawl(args)
    if args.json:
        args.json.write_text(
            json.dumps([f.__dict__ for f in findings], indent=1, ensure_ascii=False)
        )
    return report(findings)


if __name__ == "__main__":
    sys.exit(main())
