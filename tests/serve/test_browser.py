"""The web explorer in a real browser: Debian's chromium driven by Python playwright.

Skipped when /usr/bin/chromium or playwright is missing, unless EVENTCODER_REQUIRE_BROWSER=1
(then it fails). Never downloads a browser (no `playwright install`): .ci/browser-deps.sh
installs Debian's chromium. The page must work with no network: any request that leaves
127.0.0.1 fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "output"
ALBU_KAMAL = (34.45, 40.92)


def _need_browser() -> None:
    required = os.environ.get("EVENTCODER_REQUIRE_BROWSER") == "1"
    problems = []
    if not os.path.exists(CHROMIUM):
        problems.append(f"{CHROMIUM} is missing (run .ci/browser-deps.sh)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("python playwright is not installed")
    if problems:
        if required:
            pytest.fail("; ".join(problems) + " and EVENTCODER_REQUIRE_BROWSER=1")
        pytest.skip("; ".join(problems))


@pytest.fixture(scope="module")
def server(sample_db: str):
    _need_browser()
    import uvicorn

    from eventcoder.serve import create_app

    app = create_app(sample_db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not th.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(timeout=10)
    app.state.db.close()


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    errors: list[str] = []
    outside: list[str] = []

    def on_request(req) -> None:  # type: ignore[no-untyped-def]
        host = urlparse(req.url).hostname
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            outside.append(req.url)

    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("request", on_request)
    pg.errors = errors  # type: ignore[attr-defined]
    pg.outside = outside  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    assert not outside, f"the page tried to reach the network: {outside}"


def _ready(pg) -> None:  # type: ignore[no-untyped-def]
    pg.wait_for_selector("body[data-ready=true]", timeout=20000)
    pg.wait_for_selector("#events-table tbody tr", timeout=20000)


def _status_changed(pg, before: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the aria-live status tells a new result (the page's CSP forbids eval-based waits)."""
    from playwright.sync_api import expect

    expect(pg.locator("#status")).not_to_have_text(before, timeout=20000)
    expect(pg.locator("#status")).to_have_text(re.compile(r"match the filters"), timeout=20000)


def test_explorer_map_event_view_and_filter(page, server: str) -> None:
    page.goto(server + "/")
    _ready(page)
    # the basemap and the markers are drawn
    page.wait_for_selector(
        ".leaflet-overlay-pane path, .leaflet-pane path", state="attached", timeout=20000
    )
    page.wait_for_selector(".ev-marker", timeout=20000)
    # zoom to Syria: a marker with data-lat/lon at Albu Kamal
    page.goto(server + "/?view=7/34.45/40.92")
    _ready(page)
    page.wait_for_selector(".ev-marker", timeout=20000)
    pts = page.eval_on_selector_all(
        ".ev-marker",
        "els => els.map(e => [Number(e.dataset.lat), Number(e.dataset.lon), Number(e.dataset.count)])",
    )
    near = [p for p in pts if abs(p[0] - ALBU_KAMAL[0]) < 0.2 and abs(p[1] - ALBU_KAMAL[1]) < 0.2]
    assert near, f"no marker near Albu Kamal: {pts}"
    # the marker sits in the Syria area of the map, on screen
    box = (
        page.locator(".ev-marker")
        .nth([i for i, p in enumerate(pts) if p in near][0])
        .bounding_box()
    )
    mapbox = page.locator("#map").bounding_box()
    assert box and mapbox
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert (
        abs(cx - (mapbox["x"] + mapbox["width"] / 2)) < 60
        and abs(cy - (mapbox["y"] + mapbox["height"] / 2)) < 60
    )

    # back to the world: filter the table by sentence text, then open the Albu Kamal event
    page.goto(server + "/")
    _ready(page)
    before = page.locator("#events-table tbody tr").count()
    status_before = page.inner_text("#status")
    page.fill("#f-q", "Albu Kamal")
    _status_changed(page, status_before)
    after = page.locator("#events-table tbody tr").count()
    assert 0 < after < before, (before, after)
    assert "q=Albu+Kamal" in page.url or "q=Albu%20Kamal" in page.url
    # click the first event: the detail view shows the article with the trigger marked
    page.locator("#events-table tbody tr").first.locator("a.trigger-link").click()
    page.wait_for_selector("#detail:not([hidden]) mark[data-role=trigger]", timeout=20000)
    trig = page.inner_text("#detail mark[data-role=trigger]")
    assert trig.strip()
    assert "event=" in page.url
    text = page.inner_text("#article-text")
    assert "Albu Kamal" in text
    assert page.locator(".hl-legend li").count() >= 2
    assert page.locator("#detail details.removed").count() == 1
    assert "europe" in page.inner_text("#detail .warnings")
    # the shared URL restores the same view
    url = page.url
    page.goto(url)
    _ready(page)
    page.wait_for_selector("#detail:not([hidden]) mark[data-role=trigger]", timeout=20000)
    assert page.input_value("#f-q") == "Albu Kamal"

    # a screenshot for people: the richest Albu Kamal event, the map on Syria beside it
    rows = page.eval_on_selector_all(
        "#events-table tbody tr", "els => els.map(e => [e.dataset.eventId, e.textContent])"
    )
    best = next((r[0] for r in rows if "took complete control" in r[1]), rows[0][0])
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(server + f"/?view=5/33/56&event={best}")
    _ready(page)
    page.wait_for_selector("#detail:not([hidden]) mark[data-role=trigger]", timeout=20000)
    page.wait_for_selector(".ev-marker", timeout=20000)
    page.wait_for_timeout(500)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "explorer.png"))
    if os.environ.get("EVENTCODER_UPDATE_SCREENSHOT") == "1":
        docs_img = ROOT / "docs" / "img" / "explorer.png"
        docs_img.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(OUTPUT / "explorer.png", docs_img)
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_type_filter_and_keyboard(page, server: str) -> None:
    page.goto(server + "/")
    _ready(page)
    total = page.inner_text("#status")
    page.check("#t-RETREAT")
    _status_changed(page, total)
    types = page.eval_on_selector_all(
        "#events-table tbody tr td:nth-child(2)", "els => els.map(e => e.textContent)"
    )
    assert types and all("RETREAT" in t for t in types), types
    assert "type=RETREAT" in page.url
    # keyboard: focus the first row, move with arrows, open with Enter
    filtered = page.inner_text("#status")
    page.uncheck("#t-RETREAT")
    _status_changed(page, filtered)
    page.locator("#events-table tbody tr").first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(
        "document.activeElement.closest('tr') && document.activeElement.closest('tr').rowIndex"
    )
    assert focused == 2
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail:not([hidden]) mark[data-role=trigger]", timeout=20000)
    page.keyboard.press("Escape")
    page.wait_for_selector("#detail", state="hidden")
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_docs_page_offline(page, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1


def test_background_without_a_date_is_counted_beside_the_timeline(page, server: str) -> None:
    """The CGTN report's summed-up Raqqa campaign (historical, undated) is not drawn on the
    report's day: the timeline says it is left off, and one click lists it."""
    from playwright.sync_api import expect

    page.goto(server + "/?count_by=mentions")
    _ready(page)
    expect(page.locator("#tl-undated")).to_have_text(re.compile(r"^1 background event without a date"), timeout=20000)
    expect(page.locator("#f-hist option[value=true]")).to_have_text(re.compile(r"\(1\)$"))
    before = page.inner_text("#status")
    page.click("#tl-undated-show")
    _status_changed(page, before)
    assert "historical=true" in page.url and "date_precision=none" in page.url
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(1)
    assert "background" in rows.first.inner_text() and "undated" in rows.first.inner_text()
    assert page.locator("#f-hist").input_value() == "true" and page.locator("#tl-undated-show").is_hidden()
    before = page.inner_text("#status")
    page.select_option("#f-hist", "false")
    _status_changed(page, before)
    assert "historical=false" in page.url
    assert not page.errors, page.errors  # type: ignore[attr-defined]
