"""The HTML view in headless Chromium: it draws what the graph gives, fetches
nothing, shows sentences on click, and keeps hostile names as text.

Needs Debian's /usr/bin/chromium (`.ci/run` installs it); skipped without it.
Leaves a screenshot in tests/artifacts/view.png for people to look at."""
from __future__ import annotations

import time
import html.parser
import importlib.util
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from kg.view import write_html

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "view_graph.ttl"
ARTIFACTS = HERE / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
XSS = ("</script><img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')
# test_view.py checks these against the graph itself.
FIXTURE_NODES, FIXTURE_EDGES = 20, 29
DEMAND = "Abzug ukrainischer Truppen aus dem Donbass"
DEMAND_SENTENCE = ("Russland verlangt den Abzug ukrainischer Truppen aus dem Donbass "
                   "als Bedingung für einen Waffenstillstand.")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")


def wait_for_first_draw(page, seconds: float) -> None:
    """Poll from Python: Playwright's wait_for_function polls with eval() in the page,
    which the view's Content-Security-Policy rightly forbids when the first check fails."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("window.kgView && window.kgView.firstDraw !== null"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the view did not draw within {seconds} s")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def html_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_html(Graph().parse(FIXTURE, format="turtle"), path, title="Fixture")
    return path


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:   # the driver's own failure; the --dump-dom test still runs
            pytest.skip(f"playwright could not launch {CHROMIUM}: {exc}")
        yield chromium
        chromium.close()


class Opened:
    """A page on the view, with everything it tried to do recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda r: None if r.url.startswith("file:") else self.outside.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        wait_for_first_draw(self.page, 30)
        # A still layout, so that a node is where we click.
        self.page.evaluate("kgView.network.stopSimulation()")

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def node_id(self, name: str) -> int:
        return self.page.evaluate("n => kgView.data.nodes.findIndex(x => x.f === n)", name)

    def node_point(self, name: str) -> tuple[float, float]:
        return self.page.evaluate("""id => {
            const net = kgView.network, p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('kg-graph').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", self.node_id(name))

    def click_node(self, name: str) -> None:
        x, y = self.node_point(name)
        self.page.mouse.click(x, y)

    def drawn(self) -> tuple[int, int]:
        return tuple(self.page.evaluate(
            "[kgView.nodeView.length, kgView.edgeView.length]"))

    def injected(self) -> int:
        return self.page.evaluate(
            "document.querySelectorAll('img, svg, iframe, object, embed, [onerror], [onload]').length")

    def quiet(self) -> None:
        assert self.errors == []
        assert self.outside == []
        assert self.dialogs == []
        assert self.injected() == 0


@pytest.fixture()
def opened(browser, html_file):
    view = Opened(browser, html_file)
    yield view
    view.page.close()


def test_draws_every_node_and_edge_offline(opened):
    assert opened.drawn() == (FIXTURE_NODES, FIXTURE_EDGES)
    # and vis-network itself holds them all
    assert opened.page.evaluate("[kgView.network.body.nodeIndices.length, kgView.network.body.edgeIndices.length]") \
        == [FIXTURE_NODES, FIXTURE_EDGES]
    assert opened.page.inner_text("#kg-count") == \
        f"Showing {FIXTURE_NODES} of {FIXTURE_NODES} nodes, {FIXTURE_EDGES} of {FIXTURE_EDGES} edges"
    legend = opened.page.locator("#kg-legend li")
    assert legend.count() == 13
    opened.quiet()


def test_click_shows_the_sentence_and_screenshot(opened):
    opened.click_node(DEMAND)
    detail = opened.page.locator("#kg-detail")
    assert detail.locator("h2").inner_text() == DEMAND
    text = detail.inner_text()
    assert DEMAND_SENTENCE in text and "000_abu_dhabi.txt, 2026-01-24" in text
    assert "holder" in text and "Russland" in text and "Gebietsfrage im Donbass" in text
    # hover for the tooltip, so the screenshot shows one too
    x, y = opened.node_point("Rustem Umjerow")
    opened.page.mouse.move(x, y)
    opened.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "Verhandlungsführer" in opened.page.inner_text("div.vis-tooltip")
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "view.png"))
    opened.quiet()


def test_hostile_names_stay_text(opened):
    for name in XSS:
        opened.click_node(name)
        assert opened.page.locator("#kg-detail h2").inner_text() == name
        x, y = opened.node_point(name)
        opened.page.mouse.move(x + 1, y + 1)
        opened.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert opened.page.inner_text("div.vis-tooltip").startswith(name)
        opened.page.mouse.move(5, 5)
    opened.page.fill("#kg-search", "svg onload")
    opened.page.press("#kg-search", "Enter")
    assert opened.page.locator("#kg-detail h2").inner_text() == XSS[1]
    assert opened.page.evaluate("document.title") == "Fixture"
    opened.quiet()


def test_search_and_filters(opened):
    page = opened.page
    page.fill("#kg-search", "umerow")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-detail h2").inner_text() == "Rustem Umjerow"
    assert page.evaluate("kgView.network.getSelectedNodes()") == [opened.node_id("Rustem Umjerow")]
    page.fill("#kg-search", "nobody at all")
    page.press("#kg-search", "Enter")
    assert "No node matches" in page.inner_text("#kg-message")

    page.uncheck("#kg-legend input[data-class=Statement]")
    assert opened.drawn() == (FIXTURE_NODES - 1, FIXTURE_EDGES - 1)
    page.click("#kg-reset")
    assert opened.drawn() == (FIXTURE_NODES, FIXTURE_EDGES)

    # Only the second article is dated February: its 7 nodes, plus the 2 undated ones.
    page.fill("#kg-from", "2026-02-01")
    page.dispatch_event("#kg-from", "change")
    assert opened.drawn()[0] == 9
    page.click("#kg-reset")

    page.select_option("#kg-issue", label="Sicherheitsgarantien")
    names = set(page.evaluate("kgView.nodeView.get().map(n => kgView.data.nodes[n.id].f)"))
    assert names == {"Sicherheitsgarantien", "Sicherheitsgarantien für die Ukraine", XSS[0]}
    page.select_option("#kg-actor", label="Russland")
    assert opened.drawn() == (0, 0)   # Russland says nothing about security guarantees here
    opened.quiet()


def test_five_thousand_nodes_stay_usable(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("view_bench", HERE.parent / "bench" / "view_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = write_html(bench.make_graph(5000, seed=2), tmp_path / "large.html")
    view = Opened(browser, path)
    try:
        nodes, edges = view.drawn()
        assert nodes == 5000 and edges == view.page.evaluate("kgView.data.edges.length") > 5000
        assert view.page.evaluate("kgView.network.physics.options.enabled") is False
        # Edge labels only on the selected node's edges, to keep redraws cheap.
        assert view.page.evaluate("kgView.edges.get().filter(e => e.label).length") == 0
        view.page.evaluate("kgView.select(kgView.find('Country'), true)")
        labelled = view.page.evaluate("kgView.edges.get().filter(e => e.label).length")
        degree = view.page.evaluate("kgView.network.getConnectedEdges(kgView.selected).length")
        assert labelled == degree > 0
        # zoomed in, the whole graph is drawn again (bench/view_bench.py times it)
        assert view.page.evaluate("""() => new Promise(done => {
            kgView.network.once('afterDrawing', () => done(kgView.network.getScale()));
            kgView.network.moveTo({scale: 1.2});
        })""") == pytest.approx(1.2)
        view.quiet()
    finally:
        view.page.close()


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_dump_dom_without_playwright(html_file):
    """The same page through Chromium alone, as a check that needs no driver."""
    result = subprocess.run(
        [str(CHROMIUM), *ARGS, "--virtual-time-budget=10000", "--dump-dom", html_file.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = _Tags()
    dom.feed(result.stdout)
    body = next(attrs for tag, attrs in dom.tags if tag == "body")
    assert body.get("data-drawn") == "1"
    assert not [t for t, _ in dom.tags if t in ("img", "svg", "iframe", "object", "embed")]
    assert not [a for _, attrs in dom.tags for a in attrs if a.startswith("on")]
    text = " ".join(dom.text)
    assert f"Showing {FIXTURE_NODES} of {FIXTURE_NODES} nodes, {FIXTURE_EDGES} of {FIXTURE_EDGES} edges" in text


def test_the_page_a_build_writes_shows_what_its_graph_shows(browser, tmp_path):
    """kg build writes the page from per-document blocks that the page's
    script numbers; drawn from the graph file instead, every node must carry
    the same name, class and sentences."""
    from kg.build import build
    from kg.view import load_graph

    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((HERE / "corpus").glob("*.txt"))[:4]:
        (inputs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    build([inputs], tmp_path / "out", jobs=1)
    write_html(load_graph(tmp_path / "out" / "graph.ttl"), tmp_path / "from-graph.html")
    seen = []
    for page_path in (tmp_path / "out" / "graph.html", tmp_path / "from-graph.html"):
        view = Opened(browser, page_path)
        try:
            seen.append(sorted(view.page.evaluate("""() => kgView.data.nodes.map(n => [n.i, n.f, n.c,
                (n.e || []).map(x => [kgView.sentences[x[0]][0], kgView.data.docs[kgView.sentences[x[0]][1]][0],
                                      x[1], x[2]]).sort()])""")))
            assert view.drawn()[0] == len(seen[-1])
            view.quiet()
        finally:
            view.page.close()
    built, from_graph = seen
    assert len(built) > 50 and any(node[3] for node in built)
    assert built == from_graph
