"""The explorer's real-world events (issue 16 item 5, issue 13 item 6) and its province
borders, in chromium, on the clustered demo database: the samples plus a syndicated copy of
the CGTN report, coded with near-duplicate detection and clustered
(``fixtures.build_clustered_db``). There the CGTN capture claim (per the Hezbollah news
service) and the Syrian Observatory's report are one real-world event whose sources disagree
on the outcome. Skipped without chromium/playwright unless EVENTCODER_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from .test_browser import ARGS, CHROMIUM, _need_browser
from .test_explorer import _CONTRAST_JS, OUTPUT, ROOT, _serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(clustered_db: str):  # type: ignore[no-untyped-def]
    _need_browser()
    app, srv, th, url = _serve(clustered_db)
    yield url
    srv.should_exit = True
    th.join(timeout=10)
    app.state.db.close()


@pytest.fixture(scope="module")
def browser(site):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def _open(pg, url: str) -> None:  # type: ignore[no-untyped-def]
    pg.goto(url)
    pg.wait_for_selector("body[data-ready=true]", timeout=30000)
    pg.wait_for_selector("#events-table tbody tr", timeout=30000)


def _shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    out = OUTPUT / f"explorer-{name}.png"
    pg.screenshot(path=str(out))
    if os.environ.get("EVENTCODER_UPDATE_SCREENSHOT") == "1":
        shutil.copy(out, ROOT / "docs" / "img" / out.name)


def _count(pg) -> int:  # type: ignore[no-untyped-def]
    m = re.match(r"(\d+) ", pg.locator("#status").text_content() or "")
    assert m, pg.locator("#status").text_content()
    return int(m.group(1))


def test_real_world_events_by_default_with_a_keyboard_toggle_to_mentions(page, site) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _open(page, site + "/")
    expect(page.locator("#status")).to_contain_text("real-world events match", timeout=30000)
    real = _count(page)
    assert page.locator("#cb-clusters").is_checked()
    # the database's own count covers every cluster; the default filters may hide some (a
    # report's hypothetical or background events are clusters of their own)
    expect(page.locator("#db-info")).to_contain_text("real-world events)")
    total = re.search(r"\((\d+) real-world events\)", page.locator("#db-info").text_content() or "")
    assert total and int(total.group(1)) >= real
    # the table shows how many reports each row stands for
    reports = page.locator("#events-table td.reports button").all_text_contents()
    assert any(re.match(r"[2-9] reports", t) for t in reports), reports
    # the radio group is operable by keyboard: arrow to "Mentions"
    page.locator("#cb-clusters").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#status")).to_have_text(re.compile(r"^\d+ events match the filters"), timeout=30000)
    mentions = _count(page)
    assert mentions > real
    assert "count_by=mentions" in page.url
    # the map counts the same way: more mentions on its markers than real-world events
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#status")).to_contain_text("real-world events match", timeout=30000)
    assert _count(page) == real and "count_by" not in page.url
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_cluster_view_sources_copies_and_both_sides_of_the_disagreement(page, site) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _open(page, site + "/?view=5/34.5/40.5")
    page.locator("#k-contra").check()
    item = page.locator("#cluster-list li", has_text="CGTN").filter(has_text="Kam").first
    expect(item).to_contain_text("disagreement", timeout=30000)
    item.locator("button").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail:not([hidden]) .contra", timeout=30000)
    expect(page.locator("#detail-title")).to_contain_text("Real-world event: ASSAULT")
    outcome = page.locator(".contra", has=page.locator("h4", has_text="Outcome"))
    complete = outcome.locator(".side", has_text="Hezbollah")
    ongoing = outcome.locator(".side", has_text="Observatory")
    expect(complete).to_contain_text("completed")
    expect(complete.locator("blockquote")).to_contain_text("complete control")
    expect(ongoing).to_contain_text("still going on")
    expect(ongoing.locator("blockquote")).to_contain_text("fighting continuing")
    a, b = complete.bounding_box(), ongoing.bounding_box()
    assert a and b and abs(a["y"] - b["y"]) < 2 and abs(a["x"] - b["x"]) > 100  # side by side
    # its sources: every report with outlet and speaker, independent voices marked
    rows = page.locator("table.sources tbody tr")
    assert rows.count() >= 2  # the capture claim and the Observatory's report
    expect(page.locator("table.sources")).to_contain_text("Syrian Observatory for Human Rights")
    assert page.locator("table.sources tbody tr.independent").count() >= 2
    # the syndicated copy is listed apart: not coded, not counted
    expect(page.locator("table.copies")).to_contain_text("Wire Copy Service")
    expect(page.locator("table.copies caption")).to_contain_text("not counted")
    # all text, the cluster view's included, reaches 4.5:1
    res = page.evaluate(_CONTRAST_JS)
    assert res["checked"] > 100 and not res["bad"], res["bad"]
    _shot(page, "cluster-demo")
    # every control of the cluster view, the count toggle and the list is in the tab order
    unreachable = page.eval_on_selector_all(
        "#detail a[href], #detail button, #count-by input, #clusters button, #clusters input, td.reports button",
        "els => els.filter(e => e.getClientRects().length && e.tabIndex < 0).map(e => e.outerHTML.slice(0, 80))",
    )
    assert not unreachable, unreachable
    # a shared link restores the cluster view; a report opens the event at its trigger
    assert "cluster=" in page.url
    _open(page, page.url)
    page.wait_for_selector("#detail:not([hidden]) .contra", timeout=30000)
    ongoing = page.locator(".contra", has=page.locator("h4", has_text="Outcome")).locator(".side", has_text="Observatory")
    ongoing.locator("a").click()
    page.wait_for_selector("#detail:not([hidden]) mark[data-role=trigger]", timeout=30000)
    expect(page.locator("#detail .facts")).to_contain_text("independent source")
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_province_borders_at_closer_zooms(page, site) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _open(page, site + "/?view=2/20/20")
    expect(page.locator("#map")).to_have_attribute("data-admin1", "hidden")
    _open(page, site + "/?view=6/34.5/40.5")
    expect(page.locator("#map")).to_have_attribute("data-admin1", "shown")
    expect(page.locator("#map")).to_have_attribute("data-admin1-lines", re.compile(r"^\d{4,}$"), timeout=30000)
    assert page.locator(".leaflet-borders-pane canvas").count() == 1
    page.wait_for_selector(".place-label", timeout=30000)
    _shot(page, "borders-demo")
    assert not page.errors, page.errors  # type: ignore[attr-defined]
