"""The story desk in a real browser: Playwright drives Debian's Chromium (``/usr/bin/chromium``,
headless; never a downloaded browser) against a uvicorn server this module starts on a free
port of 127.0.0.1, serving the bundled example. Screenshots go to ``test-output/web/``."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.pipeline import write_outputs
from storyline.web import create_app
from storyline.web.server import address_of, bind

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium"))
#: Chromium's flags on a machine without a network: no sandbox (tests may run as root), no GPU,
#: none of the background connections it would otherwise try at every start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
SHOTS = ROOT / "test-output" / "web"
EXAMPLE_ARTICLE = "001_81ede3fef93b7c6c"

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - make install puts it there
    sync_playwright = None


@pytest.fixture(scope="module")
def server(tmp_path_factory, example_result) -> Iterator[str]:
    """uvicorn serving the example build in a thread; yields its address."""
    import uvicorn

    directory = tmp_path_factory.mktemp("web-browser")
    write_outputs(example_result, directory)
    listener = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(directory), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield address_of(listener).rstrip("/")
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        pytest.fail("the playwright package is missing: run `make install` (it is in requirements.lock)")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or "
                    "`apt-get install -y chromium`; these tests never download a browser")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    """A desktop-sized page that fails the test on any console error (a blocked script or
    style, a failed request) or uncaught exception."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert not problems, problems


def _story_id(page: Page, server: str) -> str:
    return page.request.get(f"{server}/api/stories").json()[0]["id"]


def test_web_browser_opens_the_example_story(page, server) -> None:
    page.goto(server + "/")
    page.screenshot(path=SHOTS / "stories.png", full_page=True)
    link = page.get_by_role("link", name='U.S. tells Iran it "had no involvement" in Israel strike')
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text('U.S. tells Iran it "had no involvement" in Israel strike')
    expect(page.locator("ol.timeline > li.entry")).to_have_count(6)
    expect(page.get_by_role("heading", name="Where they differ")).to_be_visible()
    page.screenshot(path=SHOTS / "story.png", full_page=True)


def test_web_browser_expands_an_entry_to_its_marked_sentences(page, server) -> None:
    story_id = _story_id(page, server)
    entry = page.request.get(f"{server}/api/stories/{story_id}").json()["timeline"][2]
    page.goto(f"{server}/stories/{story_id}")
    item = page.locator(f"#entry-{entry['position']}")
    marks = item.locator("details.sources mark")
    expect(marks.first).to_be_hidden()
    item.locator("details.sources > summary").click()
    expect(marks).to_have_count(len(entry["sources"]))
    expect(marks.first).to_be_visible()
    expect(marks.first).to_have_text(entry["sources"][0]["text"])
    item.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "story-entry-open.png")


def test_web_browser_opens_an_entry_with_the_keyboard(page, server) -> None:
    page.goto(f"{server}/stories/{_story_id(page, server)}")
    summary = page.locator("#entry-3 details.sources > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#entry-3 details.sources")).to_have_attribute("open", "")


def test_web_browser_axis_point_opens_its_entry(page, server) -> None:
    page.goto(f"{server}/stories/{_story_id(page, server)}")
    page.locator('figure.axis-story a[href="#entry-4"]').click()
    expect(page.locator("#entry-4 details.sources")).to_have_attribute("open", "")


def test_web_browser_source_link_marks_the_sentence_in_the_article(page, server) -> None:
    story_id = _story_id(page, server)
    page.goto(f"{server}/stories/{story_id}")
    page.locator("#entry-2 blockquote.summary footer a").click()
    mark = page.locator("mark#mark")
    expect(mark).to_be_visible()
    expect(mark).to_be_focused()
    expect(page.get_by_role("heading", name="Removed as boilerplate")).to_be_visible()
    page.screenshot(path=SHOTS / "article.png")


def test_web_browser_searches_for_zahedi(page, server) -> None:
    page.goto(server + "/")
    page.get_by_label("Search article titles and texts").fill("Zahedi")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name='articles matching “Zahedi”')).to_be_visible()
    expect(page.locator("p.snippet mark").first).to_have_text("Zahedi")
    assert page.locator("ol.results > li").count() >= 3
    page.screenshot(path=SHOTS / "search.png", full_page=True)


def test_web_browser_downloads_timelinejs(page, server, tmp_path) -> None:
    page.goto(f"{server}/stories/{_story_id(page, server)}")
    with page.expect_download() as download:
        page.get_by_role("link", name="TimelineJS").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.name.endswith(".timelinejs.json")
    assert data["title"]["text"]["headline"] and len(data["events"]) == 6
    assert data["events"][2]["start_date"] == {"year": 2024, "month": 4, "day": 1}


def test_web_browser_fits_a_phone_screen(browser, server) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path, name in [("/", "phone-stories.png"), ("/stories/" + _story_id(page, server), "phone-story.png"),
                           (f"/articles/{EXAMPLE_ARTICLE}", "phone-article.png")]:
            page.goto(server + path)
            page.screenshot(path=SHOTS / name, full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()


def test_web_browser_skip_link_reaches_the_content(page, server) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
