"""Browser tests: the app served on a local port, driven by Debian's Chromium via Playwright.

The server always uses a fresh SQLite file seeded with the demo portfolio, whatever
DATABASE_URL says: the PostgreSQL rerun in CI is for the ``db`` tests only. Every page a test
visits is checked with axe-core, loaded from ``vendor/axe.min.js`` (no network at test time).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = Path("/usr/bin/chromium")
#: The demo coordinator, and the no-break space the pages group digits with.
COORDINATOR = "samordnare@exempelkommun.se"
NBSP = "\u00a0"
AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Playwright's default timeouts are 30 s; a local server answers far faster.
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives the browser."""
    folder = Path(__file__).resolve().parent
    for item in items:
        if folder in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


class _QuietHandler(WSGIRequestHandler):
    """Log nothing per request; errors still reach the app's logger."""

    def log_request(self, code="-", size="-"):
        pass


class LiveServer:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url

    def __repr__(self) -> str:
        return f"LiveServer({self.url})"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app with the demo portfolio on a fresh SQLite database, served on 127.0.0.1."""
    from models.demo import seed_demo
    from models.migrate import upgrade
    from webapp import create_app

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "e2e-secret",
            "DATABASE_URL": f"sqlite:///{folder / 'satsa.db'}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.instance_path = str(folder / "instance")
    engine = app.extensions["satsa.engine"]
    upgrade(engine)
    session = app.extensions["satsa.sessions"]()
    session.info["actor"] = (None, "e2e")
    try:
        seed_demo(session)
        session.commit()
    finally:
        session.close()

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium; a missing browser fails the run, it is never skipped."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium, or `make /usr/bin/chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser context (no cookies) and page on the live server.

    The app's Content-Security-Policy (script-src 'self') would block injecting axe inline,
    so the context bypasses CSP; the app itself has no scripts that depend on it.
    """
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        accept_downloads=True,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


_AXE_SOURCE: str | None = None


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        if not AXE_PATH.exists():
            pytest.fail(f"{AXE_PATH} is missing; see tests/e2e/vendor/README.md", pytrace=False)
        _AXE_SOURCE = AXE_PATH.read_text(encoding="utf-8")
    return _AXE_SOURCE


def format_violations(violations: list[dict], url: str) -> str:
    """Return a readable list of axe violations: rule, impact, help and some targets."""
    lines = [f"axe found {len(violations)} serious or critical violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:5]:
            target = " ".join(
                json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t
                for t in node.get("target", [])
            )
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
        more = len(v.get("nodes", [])) - 5
        if more > 0:
            lines.append(f"    … and {more} more")
    return "\n".join(lines)


def axe_check(page) -> dict:
    """Run axe (WCAG 2.0/2.1 A and AA) on the current page; fail on serious or critical issues."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(AXE_TAGS),
    )
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, format_violations(blocking, page.url)
    return results


def visit(page, path: str, status: int | None = None):
    """Open ``path``, check the status (below 400 unless ``status`` is given) and run axe."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if status is None:
        assert response.status < 400, f"{path} answered {response.status}"
    else:
        assert response.status == status, f"{path} answered {response.status}, not {status}"
    axe_check(page)
    return response


def submit(page, button, status: int | None = None):
    """Click ``button`` (a locator) that submits a form; wait for and check the page it loads."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    assert response is not None, "the form submission loaded no page"
    if status is None:
        assert response.status < 400, f"{response.url} answered {response.status}"
    else:
        assert response.status == status, f"{response.url} answered {response.status}, not {status}"
    return response


def log_in(page, email: str, password: str) -> None:
    """Log in through the login form (checked with axe) and land on the portfolio."""
    visit(page, "/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    submit(page, page.get_by_role("button", name="Logga in"))
    assert page.url.endswith("/projects/"), page.url
    # The language is remembered per account and the database is shared by the tests: if an
    # earlier test stopped while in English, switch back so this one starts in Swedish.
    if page.locator("html").get_attribute("lang") != "sv":
        submit(page, page.get_by_role("button", name="Svenska"))
