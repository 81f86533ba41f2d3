"""Browser journeys: Debian's Chromium, driven by Playwright, against a live server."""

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous, so Django's guard is lifted for them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
# Every page a journey visits, photographed at each width: `make test` names the folder.
SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTHS = (1280, 375)

# What axe cannot see, measured in the page: a list of problems, empty when the layout holds.
# - at either width nothing makes the page scroll sideways (a wide table scrolls in its own
#   box, .app-table-scroll);
# - identity bars, banners and alerts are as wide as the box they sit in (2 px either way);
# - a banner's text that wraps uses at least half the banner's width, not a narrow column;
# - a tag's short text is not broken word by word onto three or more lines, nor justified.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const visible = (el) => el.offsetParent !== null || getComputedStyle(el).position === "fixed";
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." +
    String(el.className).trim().split(/\\s+/).join(".") : "");
  const lines = (el) => {
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    const box = el.getBoundingClientRect().height - parseFloat(style.paddingTop)
      - parseFloat(style.paddingBottom);
    return line > 0 ? Math.round(box / line) : 1;  // a bar's font-size 0 holds no text
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > root.clientWidth + 1
    ).slice(-1).map(name);
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px wide in ` +
      `${root.clientWidth}px (${wide.join(", ")})`);
  }
  const banners = ".moj-identity-bar, .govuk-notification-banner, .moj-alert, " +
    ".govuk-error-summary";
  for (const banner of document.querySelectorAll(banners)) {
    if (!visible(banner)) continue;
    const parent = banner.parentElement;
    const style = getComputedStyle(parent);
    const room = parent.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    const width = banner.getBoundingClientRect().width;
    if (Math.abs(width - room) > 2) {
      problems.push(`${name(banner)} is ${Math.round(width)}px wide in ${Math.round(room)}px`);
    }
  }
  const texts = ".moj-alert__content, .govuk-notification-banner__content, " +
    ".moj-identity-bar__details, .govuk-error-summary__body";
  for (const text of document.querySelectorAll(texts)) {
    if (!visible(text)) continue;
    const banner = text.closest(banners) || text.parentElement;
    const width = text.getBoundingClientRect().width;
    const room = banner.getBoundingClientRect().width;
    if (lines(text) > 2 && width < room / 2) {
      problems.push(`${name(text)} is squeezed: ${lines(text)} lines in ` +
        `${Math.round(width)}px of ${Math.round(room)}px`);
    }
  }
  for (const tag of document.querySelectorAll(".govuk-tag")) {
    const words = tag.textContent.trim();
    if (visible(tag) && words.length <= 40 && lines(tag) > 2) {
      problems.push(`the tag "${words}" wraps onto ${lines(tag)} lines`);
    } else if (visible(tag) && lines(tag) > 1 && getComputedStyle(tag).textAlign === "justify") {
      problems.push(`the tag "${words}" is justified: its words are spread apart`);
    }
  }
  return problems;
}"""


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def _live_static(settings):
    # The live server finds static files by name; hashed manifest names are for production.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class Journey:
    """A page plus the checks every visited page must pass."""

    def __init__(self, page, base_url, name="journey"):
        self.page = page
        self.base_url = base_url
        self.screenshots = SCREENSHOTS / re.sub(r"[^\w-]+", "-", name).strip("-")
        self.problems: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def goto(self, path, *, govuk=True):
        self.page.goto(self.base_url + path)
        self.check(govuk=govuk)

    def check(self, *, govuk=True):
        """axe-core on the page as it is now: no serious or critical violation; and, on the
        service's own pages (not the admin's), GOV.UK Frontend started. Then, at each width,
        the layout holds (see LAYOUT_PROBLEMS) and a full-page screenshot is saved."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_SOURCE.read_text())
        result = self.page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
            "'wcag21aa', 'wcag22aa', 'best-practice']})"
        )
        serious = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in nodes][:3]}
            for v in result["violations"]
            if v["impact"] in SERIOUS and (nodes := _not_known_to_govuk(v))
        ]
        assert not serious, f"{self.page.url}: {json.dumps(serious, indent=1)}"
        assert not govuk or self.page.evaluate(
            "document.body.classList.contains('govuk-frontend-supported')"
        ), "GOV.UK Frontend did not start"
        self.checked.append(self.page.url)
        self.check_layout()

    def check_layout(self):
        """The layout assertions and a full-page screenshot at each width; the viewport is
        restored afterwards."""
        viewport = self.page.viewport_size
        self.screenshots.mkdir(parents=True, exist_ok=True)
        stem = f"{len(self.checked):02d}-{_slug(self.page.url)}"
        problems = []
        try:
            for width in WIDTHS:
                self.page.set_viewport_size({"width": width, "height": viewport["height"]})
                problems += [f"at {width}px, {p}" for p in self.page.evaluate(LAYOUT_PROBLEMS)]
                self.page.screenshot(
                    path=self.screenshots / f"{stem}-{width}.png",
                    full_page=True,
                    animations="disabled",
                )
        finally:
            self.page.set_viewport_size(viewport)
        assert not problems, f"{self.page.url}: layout problems:\n" + "\n".join(problems)

    def sign_in(self, username, password):
        self.goto("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.check()


class Interactions:
    """The page actions a person takes, counted: each click, check, choice and fill is one.

    A journey that promises to be quick says how quick: ``acts = Interactions(page)``, then
    ``acts.fill(locator, text)``, ``acts.click(locator)``, ``acts.check(locator)``,
    ``acts.select(locator, value)``, and ``assert acts.count <= N, acts.taken``.
    """

    def __init__(self, page):
        self.page = page
        self.taken: list[str] = []

    @property
    def count(self) -> int:
        return len(self.taken)

    def _took(self, action: str, locator, detail: str = "") -> None:
        self.taken.append(f"{action} {locator}{f' {detail!r}' if detail else ''}")

    def click(self, locator, **kwargs):
        locator.click(**kwargs)
        self._took("click", locator)

    def check(self, locator, **kwargs):
        locator.check(**kwargs)
        self._took("check", locator)

    def fill(self, locator, text: str, **kwargs):
        locator.fill(text, **kwargs)
        self._took("fill", locator, text)

    def select(self, locator, value, **kwargs):
        locator.select_option(value, **kwargs)
        self._took("select", locator, str(value))


def _slug(url):
    """A page's file name: its path and query, in lower case, hyphenated."""
    parts = urlsplit(url)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{parts.path} {parts.query}".lower()).strip("-")
    return slug[:80] or "home"


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots(request):
    """Each run's screenshots only: last run's are cleared first.

    Under pytest-xdist every worker has a session of its own, and one clearing the folder would
    take another's screenshots; the controller clears it once instead (tests/conftest.py).
    """
    if not hasattr(request.config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def _not_known_to_govuk(violation) -> list:
    """The violation's nodes, less GOV.UK Frontend's documented one: ``aria-expanded`` on a
    radio that reveals a conditional question, kept on purpose as screen readers announce it
    (alphagov/govuk-frontend#979, listed as a known axe issue in #1280)."""
    if violation["id"] != "aria-allowed-attr":
        return violation["nodes"]
    return [
        node
        for node in violation["nodes"]
        if not ("govuk-radios__input" in node["html"] and "aria-controls" in node["html"])
    ]


@pytest.fixture
def journey(request, browser, live_server, _live_static):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    walk = Journey(page, live_server.url, request.node.name)
    yield walk
    context.close()
    assert not walk.problems, walk.problems
