"""The interactive HTML view of a graph.

In: an rdflib Graph or kg.rdf.Triples in the core vocabulary
(docs/graph-conventions.md), or the kg.viewdata.Parts a build assembled from
its documents' pieces; an optional focus name and depth, a title, and a
layout file that keeps the node positions between builds. Out: one
self-contained HTML page (a str from `render_html`, a file from
`write_html`) that opens offline: it carries vis-network's JS and CSS inline
and fetches nothing.

Drawn as nodes: actors (Person, Country, Organization), Delegation,
Negotiation, Meeting, Place, Issue, the positions (Demand, Rejection, Threat,
Offer) and Statement. Documents and mentions are not nodes: their sentences
(the evidence mentions widened to the sentence around them, with the
document's file name and date) fill the tooltips and the detail panel. Roles
are shown in the person's tooltip and details instead of as nodes: a role such
as "Präsident" is held by people on every side, and as a node it would pull
them together in the layout and read as a link between them.

Edges point from an actor through its position or statement to what that is
about (holder -> position -> issue, speaker -> statement); every other edge
follows the RDF direction and is labelled with the property's local name.

All text from the graph is untrusted: it travels as JSON in a
non-executable <script type="application/json"> with <, >, & and every
non-ASCII character escaped, and the page writes it into the DOM only as text.
A Content-Security-Policy admits just the page's own two scripts (by hash), so
even injected markup could neither run nor load anything.
"""
from __future__ import annotations

import base64
import difflib
import hashlib
import html
import importlib.util
import json
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .errors import BadInput, KgError
from .files import atomic_write, ensure_writable_dir
from .viewdata import CLASS_ORDER, RELATIONS, Parts, parts_of, script_json, view_data
DEFAULT_TITLE = "Negotiation graph"

# How each class of kg.viewdata.CLASS_ORDER is drawn: colour, vis-network
# shape, size. The legend follows that order.
_STYLE = {
    "Person": ("#4e79a7", "dot", 16),
    "Country": ("#2f4b7c", "hexagon", 20),
    "Organization": ("#76b7b2", "hexagon", 16),
    "Delegation": ("#59a14f", "square", 15),
    "Negotiation": ("#b07aa1", "star", 20),
    "Meeting": ("#edc948", "star", 17),
    "Place": ("#9c755f", "triangle", 13),
    "Issue": ("#f28e2b", "diamond", 16),
    "Demand": ("#e15759", "triangle", 10),
    "Rejection": ("#9d2f2a", "triangleDown", 10),
    "Threat": ("#d62728", "star", 11),
    "Offer": ("#8cd17d", "triangle", 10),
    "Statement": ("#9c9c9c", "dot", 8),
    "Position": ("#ff9da7", "triangle", 10),
    "Actor": ("#4e79a7", "dot", 14),
}
CLASSES = tuple((name, *_STYLE[name]) for name in CLASS_ORDER)
_ACTOR_CLASSES = frozenset({"Person", "Country", "Organization", "Actor"})
# Many of these per article; the large-graph layout places them around the
# nodes they link rather than simulating them.
_SATELLITE_CLASSES = frozenset({"Demand", "Rejection", "Threat", "Offer", "Statement", "Position"})

PHYSICS_MAX_NODES = 300   # above this vis-network's simulation makes the page sluggish
_LARGE_NODES = 1000       # above this edges are straight and hidden while dragging
_SMALL_LAYOUT = 150       # up to this every node takes part in the force layout
_CORE_MAX = 350           # the force layout is O(n^2) per step: cap what it sees
# Reusing the remembered positions needs this share of the hubs among them;
# fewer, and the drawing has changed too much to patch.
_REUSE_SHARE = 0.9


def render_html(graph=None, *, parts: Parts | None = None, focus: str | None = None, depth: int = 2,
                title: str = DEFAULT_TITLE, layout: Path | None = None) -> str:
    """The whole page for `graph` (or for the kg.viewdata.Parts a build
    assembled); with `focus`, only the nodes within `depth` hops (in either
    direction) of the node whose label or altLabel is `focus` (case and
    accents ignored). Raises BadInput when nothing has that name. layout: a
    file that keeps the node positions between builds, so that an unchanged
    node stays where the reader last saw it and the layout is not computed
    again."""
    focus_ids: list[int] = []
    if parts is None:
        data = view_data(graph)
        if focus is not None:
            if depth < 0:
                raise BadInput(f"depth must be 0 or more, not {depth}", "use --depth 2 for two hops")
            data, focus_ids = _neighbourhood(data, focus, depth)
        parts = parts_of(data)
    elif focus is not None:
        raise ValueError("a focus needs the graph, not assembled parts")
    kinds = parts.kinds()
    remembered = _read_layout(layout) if layout is not None else {}
    positions = _layout(kinds, parts.edges, remembered=remembered)
    if layout is not None and not _same_layout(remembered, kinds, positions):
        _write_layout(layout, kinds, positions)
    return _page(parts, positions, focus_ids, title)


def write_html(graph, path, **kw) -> Path:
    path = Path(path)
    ensure_writable_dir(path.parent)
    atomic_write(path, render_html(graph, **kw))
    return path


def _read_layout(path: Path) -> dict:
    """IRI -> [x, y] from the last build; nothing when the file is missing or unreadable (it is only a cache)."""
    try:
        remembered = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return remembered if isinstance(remembered, dict) else {}


def _same_layout(remembered: dict, kinds, positions) -> bool:
    return len(remembered) == len(kinds) and all(
        remembered.get(iri) == list(xy) for (iri, _), xy in zip(kinds, positions))


def _write_layout(path: Path, kinds, positions) -> None:
    try:
        atomic_write(path, json.dumps({iri: xy for (iri, _), xy in zip(kinds, positions)},
                                      separators=(",", ":")))
    except KgError:
        pass   # a cache that cannot be written costs the next build its layout, nothing else


def load_graph(path):
    """Parse an RDF file (format from its suffix, Turtle otherwise) into a Graph."""
    from rdflib import Dataset, Graph
    from rdflib.util import guess_format

    path = Path(path)
    if not path.is_file():
        raise BadInput(f"no graph file at {path}", "pass the graph.ttl that `kg build` wrote")
    fmt = guess_format(str(path)) or "turtle"
    quads = fmt in ("trig", "nquads", "trix")
    store = Dataset(default_union=True) if quads else Graph()
    try:
        store.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        detail = " ".join(str(exc).split("\n")[:2]).strip() or type(exc).__name__
        raise BadInput(f"cannot parse {path} as {fmt}: {detail}",
                       "check that the file is RDF in the format its suffix says (.ttl, .nt, .jsonld, .trig)") from None
    if quads:
        graph = Graph()
        for triple in store.triples((None, None, None)):
            graph.add(triple)
        return graph
    return store


def _norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


# --- focus -------------------------------------------------------------------

def _names(node) -> list[str]:
    return [node["f"], *node.get("a", ())]


def _neighbourhood(data: dict, focus: str, depth: int):
    nodes, edges = data["nodes"], data["edges"]
    wanted = _norm(focus)
    seeds = [i for i, node in enumerate(nodes) if any(_norm(n) == wanted for n in _names(node))]
    if not seeds:
        raise BadInput(f"no node named {focus!r} in the graph", _close_names(nodes, wanted))
    adjacency: list[list[int]] = [[] for _ in nodes]
    for a, b, _ in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    seen = set(seeds)
    frontier = list(seeds)
    for _ in range(depth):
        frontier = [m for n in frontier for m in adjacency[n] if m not in seen and not seen.add(m)]
    keep = sorted(seen)
    renumber = {old: new for new, old in enumerate(keep)}
    # Only the sentences of the kept nodes travel with the page.
    used = sorted({ev[0] for i in keep for ev in nodes[i].get("e", ())})
    sent_renumber = {old: new for new, old in enumerate(used)}
    sub_nodes = []
    for i in keep:
        node = nodes[i]
        if "e" in node:
            node = dict(node, e=[[sent_renumber[s], b, e] for s, b, e in node["e"]])
        sub_nodes.append(node)
    sub = dict(data, nodes=sub_nodes, sents=[data["sents"][s] for s in used])
    sub["edges"] = [(renumber[a], renumber[b], r) for a, b, r in edges if a in renumber and b in renumber]
    return sub, sorted(renumber[i] for i in seeds)


def _close_names(nodes, wanted: str) -> str:
    by_norm: dict[str, str] = {}
    for node in nodes:
        if CLASSES[node["c"]][0] in _SATELLITE_CLASSES:
            continue   # positions and statements are named by long content, not names
        for name in _names(node):
            key = _norm(name)
            by_norm.setdefault(key, name)
            for word in key.split():   # "Umjerov" is close to "Rustem Umjerow"
                if len(word) > 3:
                    by_norm.setdefault(word, name)
    close: list[str] = []
    for key in difflib.get_close_matches(wanted, list(by_norm), n=8, cutoff=0.6) + \
            [k for k in by_norm if wanted and wanted in k]:
        if by_norm[key] not in close:
            close.append(by_norm[key])
    if close:
        return "close names: " + ", ".join(close[:5])
    if not by_norm:
        return "the graph has no named nodes"
    sample = sorted(set(by_norm.values()))[:8]
    return "names in the graph include: " + ", ".join(sample)


# --- layout ------------------------------------------------------------------

def _layout(kinds, edges, seed: int = 7, remembered: dict | None = None) -> list[tuple[float, float]]:
    """Pixel positions. Small graphs: a force layout of every node. Larger ones:
    a force layout of the hubs (actors, issues, meetings ..., linked through
    the positions between them), then every other node placed by waves at the
    centre of its placed neighbours, on a spiral per group of nodes that share
    the same neighbours - so a demand sits between its holder and its issue.
    remembered: IRI -> position from an earlier build; when it holds nearly
    every hub, every remembered node keeps its place and only the others are
    placed, around their neighbours. kinds: (IRI, class) of each node."""
    n = len(kinds)
    if n == 0:
        return []
    if remembered:
        known = [_position(remembered.get(iri)) for iri, _ in kinds]
        if None not in known:
            return known
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for a, b, _ in edges:
        if a != b:
            adjacency[a].append(b)
            adjacency[b].append(a)
    if n <= _SMALL_LAYOUT:
        core = list(range(n))
    else:
        core = [i for i in range(n) if CLASSES[kinds[i][1]][0] not in _SATELLITE_CLASSES]
        if len(core) > _CORE_MAX or not core:
            pool = core or list(range(n))
            core = sorted(sorted(pool, key=lambda i: (-len(adjacency[i]), i))[:_CORE_MAX])
    spacing = 95.0 if n <= PHYSICS_MAX_NODES else 55.0
    pos: list = known if remembered else [None] * n
    if sum(1 for v in core if pos[v] is not None) < _REUSE_SHARE * len(core):
        pos = [None] * n   # too few of the hubs are where they were: lay them out afresh
    if all(pos[v] is None for v in core):
        radius = spacing * math.sqrt(n) / 2
        unit = _force_layout(len(core), _core_edges(core, adjacency, edges), seed)
        for k, v in enumerate(core):
            pos[v] = (unit[k][0] * radius, unit[k][1] * radius)

    golden = math.pi * (3 - math.sqrt(5))
    step = spacing * 0.45
    frontier = [v for v in range(n) if pos[v] is None and any(pos[u] is not None for u in adjacency[v])]
    while frontier:
        groups: dict = {}
        for v in frontier:
            anchors = tuple(sorted({u for u in adjacency[v] if pos[u] is not None}))
            groups.setdefault(anchors, []).append(v)
        placed = []
        for anchors, members in sorted(groups.items()):
            cx = sum(pos[u][0] for u in anchors) / len(anchors)
            cy = sum(pos[u][1] for u in anchors) / len(anchors)
            for k, v in enumerate(members):
                r = step * math.sqrt(k + 1)
                placed.append((v, (cx + r * math.cos(k * golden + len(anchors)),
                                   cy + r * math.sin(k * golden + len(anchors)))))
        for v, xy in placed:
            pos[v] = xy
        frontier = sorted({u for v, _ in placed for u in adjacency[v] if pos[u] is None})

    rest = [v for v in range(n) if pos[v] is None]
    if rest:
        # Components without a hub: a grid below the drawing, component by component.
        order, seen = [], set()
        for v in rest:
            if v in seen:
                continue
            queue = [v]
            seen.add(v)
            while queue:
                u = queue.pop()
                order.append(u)
                for w in adjacency[u]:
                    if w not in seen:
                        seen.add(w)
                        queue.append(w)
        cols = max(1, int(math.sqrt(len(order)) * 2))
        top = max((p[1] for p in pos if p is not None), default=0.0) + spacing * 2
        left = -cols * spacing * 0.35
        for k, v in enumerate(order):
            pos[v] = (left + (k % cols) * spacing * 0.7, top + (k // cols) * spacing * 0.7)
    return [(round(x, 1), round(y, 1)) for x, y in pos]


def _position(xy) -> tuple[float, float] | None:
    """A remembered [x, y], or None for anything else the file may hold."""
    if type(xy) is list and len(xy) == 2 and type(xy[0]) in (int, float) and type(xy[1]) in (int, float):
        return float(xy[0]), float(xy[1])
    return None


def _core_edges(core, adjacency, edges) -> list[tuple[int, int]]:
    """The hubs' links to the force layout, numbered within `core`: their
    own edges, and a link between any two hubs a satellite joins."""
    in_core = {v: k for k, v in enumerate(core)}
    core_edges = set()
    for a, b, _ in edges:
        if a in in_core and b in in_core and a != b:
            core_edges.add((min(in_core[a], in_core[b]), max(in_core[a], in_core[b])))
    if len(core) < len(adjacency):
        for v in range(len(adjacency)):
            if v in in_core:
                continue
            anchors = sorted({in_core[u] for u in adjacency[v] if u in in_core})[:6]
            for i, x in enumerate(anchors):
                for y in anchors[i + 1:]:
                    core_edges.add((x, y))
    return sorted(core_edges)


def _force_layout(n: int, edges, seed: int, iterations: int = 60):
    """Fruchterman-Reingold with a weak pull to the centre (so that separate
    components stay near), positions scaled into [-1, 1]. numpy rather than
    networkx: importing networkx alone costs 0.2 s of every build, and its
    spring_layout needs scipy past 500 nodes."""
    import numpy as np

    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k2 = 1.0 / n
    k = math.sqrt(k2)
    e = np.asarray(edges, dtype=np.intp).reshape(-1, 2)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        d2 = np.einsum("ijk,ijk->ij", delta, delta)
        np.maximum(d2, 1e-4, out=d2)
        disp = np.einsum("ijk,ij->ik", delta, k2 / d2)
        if len(e):
            d = pos[e[:, 0]] - pos[e[:, 1]]
            length = np.sqrt(np.einsum("ij,ij->i", d, d))
            pull = d * (length / k)[:, None]
            for dim in (0, 1):
                disp[:, dim] -= np.bincount(e[:, 0], pull[:, dim], minlength=n)
                disp[:, dim] += np.bincount(e[:, 1], pull[:, dim], minlength=n)
        disp -= (pos - pos.mean(axis=0)) * 1.5
        size = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        np.maximum(size, 1e-9, out=size)
        pos += disp * (np.minimum(size, temperature) / size)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = np.abs(pos).max()
    if extent > 0:
        pos /= extent
    return pos.tolist()


# --- the page ----------------------------------------------------------------

def _page(parts: Parts, positions, focus_ids: list[int], title: str) -> str:
    count = len(positions)
    head = {
        "classes": [{"name": n, "color": c, "shape": s, "size": z} for n, c, s, z in CLASSES],
        "actorClasses": sorted(i for i, c in enumerate(CLASSES) if c[0] in _ACTOR_CLASSES),
        "issueClass": next(i for i, c in enumerate(CLASSES) if c[0] == "Issue"),
        "rels": [[name, reverse] for _, name, reverse in RELATIONS],
        "docs": parts.docs,
        "nodes": parts.nodes,
        "pos": [c for xy in positions for c in xy],
        "edges": [list(e) for e in parts.edges],
        "physics": count <= PHYSICS_MAX_NODES,
        "large": count > _LARGE_NODES,
        "focus": focus_ids,
    }
    # each document's block was written as script-safe JSON when it was extracted
    data = script_json(head)[:-1] + ',"text":[' + ",".join(parts.text) + "]}"
    vis_js, vis_css, vis_hash = _vis_assets()
    return "".join((
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; ',
        f"script-src '{vis_hash}' '{_APP_HASH}'; style-src 'unsafe-inline'; img-src data:; ",
        "base-uri 'none'; form-action 'none'\">\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        "<title>", html.escape(title), "</title>\n<style>\n", vis_css, "\n", _APP_CSS, "</style>\n</head>\n<body>\n",
        _BODY.replace("@TITLE@", html.escape(title)),
        '<script type="application/json" id="kg-data">', data, "</script>\n",
        "<script>", vis_js, "</script>\n",
        "<script>", _APP_JS, "</script>\n</body>\n</html>\n",
    ))


def _script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (read, not
    imported: pyvis's own template links Bootstrap from a CDN)."""
    spec = importlib.util.find_spec("pyvis")
    folders = [Path(p) / "lib" for p in (spec.submodule_search_locations or [])] if spec else []
    found = []
    for folder in folders:
        for js in folder.glob("vis-*/vis-network.min.js"):
            version = tuple(int(x) for x in re.findall(r"\d+", js.parent.name))
            if (js.parent / "vis-network.css").is_file():
                found.append((version, js))
    if not found:
        raise KgError("vis-network is missing: it comes with the pyvis package",
                      "reinstall kg with its dependencies: pip install -e .")
    js_path = max(found)[1]
    js = js_path.read_text(encoding="utf-8")
    css = (js_path.parent / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise KgError(f"{js_path.parent} cannot be inlined: it contains a closing tag",
                      "install a pyvis release whose vis-network files are plain")
    return js, css, _script_hash(js)


_BODY = """<div id="kg-app">
<aside id="kg-side">
<h1 id="kg-title">@TITLE@</h1>
<form id="kg-search-form" autocomplete="off">
<input id="kg-search" type="search" list="kg-names" placeholder="Find a node by name" aria-label="Find a node by name">
<button type="submit">Find</button>
</form>
<datalist id="kg-names"></datalist>
<div id="kg-message" role="status"></div>
<h2>Filters</h2>
<label class="kg-field">Actor <select id="kg-actor"><option value="">any</option></select></label>
<label class="kg-field">Issue <select id="kg-issue"><option value="">any</option></select></label>
<div class="kg-field kg-dates">Dates (of the sources)
<label>from <input id="kg-from" type="date"></label>
<label>to <input id="kg-to" type="date"></label></div>
<button id="kg-reset" type="button">Show everything</button>
<div id="kg-count"></div>
<h2>Legend</h2>
<p class="kg-hint">Untick a class to hide it. Arrows run actor &rarr; position or statement &rarr; issue.</p>
<ul id="kg-legend"></ul>
</aside>
<main id="kg-graph" aria-label="graph"></main>
<aside id="kg-detail" aria-live="polite"><p class="kg-hint">Click a node to see its facts and the sentences they come from.</p></aside>
</div>
"""

_APP_CSS = """
html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
#kg-app { display: flex; height: 100vh; }
#kg-side { width: 270px; flex: none; overflow-y: auto; padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; box-sizing: border-box; }
#kg-graph { flex: 1; min-width: 0; position: relative; background: #fff; }
#kg-detail { width: 360px; flex: none; overflow-y: auto; padding: 10px 14px; border-left: 1px solid #ddd; background: #fcfcfc; box-sizing: border-box; }
h1 { font-size: 16px; margin: 0 0 10px; }
h2 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
#kg-detail h2 { text-transform: none; letter-spacing: 0; font-size: 15px; color: #222; margin-top: 4px; }
#kg-detail h3 { font-size: 12px; margin: 14px 0 4px; text-transform: uppercase; color: #555; }
#kg-search-form { display: flex; gap: 4px; }
#kg-search { flex: 1; min-width: 0; }
.kg-field { display: block; margin: 6px 0; }
.kg-field select { width: 100%; }
.kg-dates label { display: flex; justify-content: space-between; align-items: center; margin: 3px 0 0 10px; }
.kg-dates input { width: 170px; }
#kg-message { color: #9d2f2a; min-height: 1.2em; margin-top: 4px; }
#kg-count, .kg-hint { color: #666; font-size: 12px; }
#kg-legend { list-style: none; padding: 0; margin: 0; }
#kg-legend li { margin: 2px 0; }
#kg-legend label { display: flex; align-items: center; gap: 6px; cursor: pointer; }
.kg-swatch { display: inline-block; width: 13px; height: 13px; flex: none; }
.kg-shape-dot { border-radius: 50%; }
.kg-shape-diamond { clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); }
.kg-shape-triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.kg-shape-triangleDown { clip-path: polygon(0 0, 100% 0, 50% 100%); }
.kg-shape-hexagon { clip-path: polygon(25% 5%, 75% 5%, 100% 50%, 75% 95%, 25% 95%, 0 50%); }
.kg-shape-star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%); }
.kg-n { color: #888; margin-left: auto; }
.kg-type { display: flex; align-items: center; gap: 6px; color: #555; margin-bottom: 6px; }
.kg-iri { color: #888; font-size: 11px; word-break: break-all; }
dl.kg-facts { margin: 6px 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
dl.kg-facts dt { color: #666; }
dl.kg-facts dd { margin: 0; }
ul.kg-rels { list-style: none; padding: 0; margin: 0; }
ul.kg-rels li { margin: 0 0 8px; }
.kg-rel { color: #666; }
button.kg-link { border: 0; background: none; padding: 0; color: #1a5fb4; cursor: pointer; text-align: left; font: inherit; text-decoration: underline; }
blockquote.kg-sent { margin: 4px 0 8px; padding: 3px 8px; border-left: 3px solid #ccc; background: #fff; }
blockquote.kg-sent cite { display: block; color: #777; font-style: normal; font-size: 11px; margin-top: 2px; }
mark { background: #fff1a8; }
div.vis-tooltip { white-space: normal; max-width: 420px; font: 12px/1.35 system-ui, sans-serif; padding: 6px 8px; }
.kg-tip-name { font-weight: 600; }
.kg-tip-type { color: #666; margin-bottom: 4px; }
.kg-tip blockquote.kg-sent { background: transparent; }
.kg-more { color: #777; }
"""

# The page's program. It reads the data block with JSON.parse and writes every
# string from it with textContent, an Option, or a text node - never as markup.
_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Each document's sentences and own nodes come as one block of "text",
  // written when the document was extracted; they are numbered across the
  // page here, and the other nodes' evidence names its document.
  var S = [], N = data.nodes, base = [];
  data.text.forEach(function (t, j) {
    base.push(S.length);
    t[0].forEach(function (s) { S.push([s, j]); });
  });
  N.forEach(function (n) {
    if (n.e) n.e = n.e.map(function (x) { return [base[x[0]] + x[1], x[2], x[3]]; });
  });
  var shared = new Map();
  N.forEach(function (n) { shared.set(n.i, n); });
  data.text.forEach(function (t, j) {
    (t[2] || []).forEach(function (x) {
      var n = shared.get(x[0]);
      if (!n) return;
      n.e = n.e || [];
      for (var k = 1; k < x.length; k += 3) n.e.push([base[j] + x[k], x[k + 1], x[k + 2]]);
    });
  });
  N.forEach(function (n) {
    if (n.e) n.e.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
  });
  data.text.forEach(function (t, j) {
    t[1].forEach(function (n) {
      if (n.e) n.e = n.e.map(function (x) { return [base[j] + x[0], x[1], x[2]]; });
      N.push(n);
    });
  });
  N.forEach(function (n, i) { n.x = data.pos[2 * i]; n.y = data.pos[2 * i + 1]; });
  var C = data.classes, R = data.rels, D = data.docs, E = data.edges;
  var view = window.kgView = {data: data, sentences: S, firstDraw: null, selected: null};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u00df/g, "ss").replace(/\s+/g, " ").trim();
  }
  function swatch(c) {
    var s = el("span", "kg-swatch kg-shape-" + C[c].shape);
    s.style.background = C[c].color;
    return s;
  }

  var adj = N.map(function () { return []; });
  E.forEach(function (e, k) { adj[e[0]].push([e[1], k]); if (e[1] !== e[0]) adj[e[1]].push([e[0], k]); });

  function sentence(ev) {
    var s = S[ev[0]], text = s[0], q = el("blockquote", "kg-sent");
    if (ev[2] > ev[1]) {
      q.appendChild(document.createTextNode(text.slice(0, ev[1])));
      q.appendChild(el("mark", null, text.slice(ev[1], ev[2])));
      q.appendChild(document.createTextNode(text.slice(ev[2])));
    } else {
      q.appendChild(document.createTextNode(text));
    }
    var doc = D[s[1]];
    q.appendChild(el("cite", null, doc[0] + (doc[1] ? ", " + doc[1] : "")));
    return q;
  }
  function tooltip(i) {
    var n = N[i], box = el("div", "kg-tip"), ev = n.e || [];
    box.appendChild(el("div", "kg-tip-name", n.f));
    box.appendChild(el("div", "kg-tip-type", C[n.c].name + (n.r ? " \u00b7 " + n.r.join(", ") : "")));
    ev.slice(0, 3).forEach(function (x) { box.appendChild(sentence(x)); });
    if (ev.length > 3) box.appendChild(el("div", "kg-more", "+ " + (ev.length - 3) + " more sentences (click the node)"));
    return box;
  }

  var visible = new Uint8Array(N.length).fill(1);
  var nodeSet = new vis.DataSet(N.map(function (n, i) {
    return {id: i, label: n.l, group: String(n.c), x: n.x, y: n.y, title: tooltip(i)};
  }));
  var large = data.large;
  // Thousands of edge labels make every full redraw slow: in a large graph
  // only the selected node's edges carry theirs (all keep a hover title).
  var edgeSet = new vis.DataSet(E.map(function (e, k) {
    return {id: k, from: e[0], to: e[1], label: large ? undefined : R[e[2]][0], title: R[e[2]][0]};
  }));
  var labelled = [];
  function labelEdgesOf(ids) {
    if (!large) return;
    var update = labelled.map(function (k) { return {id: k, label: undefined}; });
    labelled = [];
    ids.forEach(function (i) { adj[i].forEach(function (p) { labelled.push(p[1]); }); });
    labelled.forEach(function (k) { update.push({id: k, label: R[E[k][2]][0]}); });
    edgeSet.update(update);
  }
  var nodeView = new vis.DataView(nodeSet, {filter: function (n) { return visible[n.id] === 1; }});
  var edgeView = new vis.DataView(edgeSet, {filter: function (e) { return visible[e.from] === 1 && visible[e.to] === 1; }});

  var groups = {};
  C.forEach(function (c, i) {
    groups[String(i)] = {shape: c.shape, size: c.size, color: {background: c.color, border: "#3b3b3b",
      highlight: {background: c.color, border: "#000"}, hover: {background: c.color, border: "#000"}}};
  });
  var options = {
    groups: groups,
    layout: {improvedLayout: false, randomSeed: 7},
    physics: data.physics ? {solver: "barnesHut", stabilization: {iterations: 150, fit: true},
      barnesHut: {gravitationalConstant: -2500, springLength: 110, avoidOverlap: 0.2}} : false,
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large},
    nodes: {borderWidth: 1, font: {size: 12, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#fff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, width: 1, selectionWidth: 2,
      color: {color: "#a3abb4", highlight: "#333", hover: "#555"},
      font: {size: 9, color: "#666", strokeWidth: 2, align: "middle"},
      smooth: large ? false : {type: "continuous", roundness: 0.15}}
  };
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  view.network = network; view.nodes = nodeSet; view.edges = edgeSet;
  view.nodeView = nodeView; view.edgeView = edgeView;
  network.once("afterDrawing", function () {
    view.firstDraw = performance.now();
    document.body.setAttribute("data-drawn", "1");
    // fit() frames the node shapes only: leave room for the labels at the rim.
    if (!data.focus.length) network.moveTo({scale: network.getScale() * 0.9});
  });

  // --- detail panel ---
  var panel = document.getElementById("kg-detail");
  function namesOf(i) { return [N[i].f].concat(N[i].a || []).map(norm); }
  function factSentences(subject, other) {
    var ev = N[subject].e || [], names = namesOf(other);
    var hits = ev.filter(function (x) {
      var t = norm(S[x[0]][0]);
      return names.some(function (n) { return n && t.indexOf(n) >= 0; });
    });
    return (hits.length ? hits : ev).slice(0, 2);
  }
  function showDetails(i) {
    var n = N[i];
    view.selected = i;
    panel.textContent = "";
    panel.appendChild(el("h2", null, n.f));
    var type = el("div", "kg-type");
    type.appendChild(swatch(n.c));
    type.appendChild(el("span", null, C[n.c].name));
    panel.appendChild(type);
    var facts = [];
    if (n.a) facts.push(["also called", n.a.join(", ")]);
    if (n.r) facts.push(["role", n.r.join(", ")]);
    (n.k || []).forEach(function (f) { facts.push(f); });
    if (facts.length) {
      var dl = el("dl", "kg-facts");
      facts.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
      panel.appendChild(dl);
    }
    panel.appendChild(el("div", "kg-iri", n.i));
    var ev = n.e || [];
    function sources() {
      panel.appendChild(el("h3", null, "Sources (" + ev.length + ")"));
      ev.slice(0, 100).forEach(function (x) { panel.appendChild(sentence(x)); });
      if (ev.length > 100) panel.appendChild(el("div", "kg-more", "+ " + (ev.length - 100) + " more"));
    }
    // A position or statement comes from one sentence: show it once, first.
    if (ev.length <= 3) sources();
    var links = adj[i];
    if (links.length) {
      panel.appendChild(el("h3", null, "Relations (" + links.length + ")"));
      var ul = el("ul", "kg-rels");
      links.slice(0, 200).forEach(function (pair) {
        var j = pair[0], e = E[pair[1]], rel = R[e[2]], li = el("li");
        var outgoing = e[0] === i;
        li.appendChild(el("span", "kg-rel", outgoing ? rel[0] + " \u2192 " : "\u2190 " + rel[0] + " "));
        var b = el("button", "kg-link", N[j].f);
        b.type = "button";
        b.addEventListener("click", function () { select(j, true); });
        li.appendChild(b);
        li.appendChild(el("span", "kg-rel", " (" + C[N[j].c].name + ")"));
        var subject = rel[1] ? e[1] : e[0];
        if (subject !== i || ev.length > 1) {
          factSentences(subject, subject === i ? j : i).forEach(function (x) { li.appendChild(sentence(x)); });
        }
        ul.appendChild(li);
      });
      if (links.length > 200) ul.appendChild(el("li", "kg-more", "+ " + (links.length - 200) + " more"));
      panel.appendChild(ul);
    }
    if (ev.length > 3) sources();
    panel.scrollTop = 0;
  }
  function select(i, move) {
    if (!visible[i]) resetFilters();
    network.selectNodes([i]);
    labelEdgesOf([i]);
    showDetails(i);
    if (move) network.focus(i, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
  }
  view.select = select;
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(p.nodes[0]);
    labelEdgesOf(p.nodes);
  });

  // --- filters ---
  var classOn = C.map(function () { return true; });
  var present = C.map(function () { return 0; });
  N.forEach(function (n) { present[n.c] += 1; });
  var legend = document.getElementById("kg-legend");
  C.forEach(function (c, ci) {
    if (!present[ci]) return;
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-class", c.name);
    box.addEventListener("change", function () { classOn[ci] = box.checked; applyFilters(); });
    label.appendChild(box); label.appendChild(swatch(ci)); label.appendChild(el("span", null, c.name));
    label.appendChild(el("span", "kg-n", present[ci]));
    li.appendChild(label); legend.appendChild(li);
  });
  function fillSelect(select, classes) {
    N.map(function (n, i) { return i; })
      .filter(function (i) { return classes.indexOf(N[i].c) >= 0; })
      .sort(function (a, b) { return N[a].f.localeCompare(N[b].f); })
      .forEach(function (i) { select.appendChild(new Option(N[i].f, String(i))); });
  }
  var actorSel = document.getElementById("kg-actor"), issueSel = document.getElementById("kg-issue");
  fillSelect(actorSel, data.actorClasses);
  fillSelect(issueSel, [data.issueClass]);
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  var days = [];
  N.forEach(function (n) { (n.d || []).forEach(function (d) { days.push(d); }); });
  days.sort();
  if (days.length) { from.min = to.min = days[0]; from.max = to.max = days[days.length - 1]; }

  function around(i, hops) {
    var mask = new Uint8Array(N.length), frontier = [i];
    mask[i] = 1;
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (v) {
        adj[v].forEach(function (p) { if (!mask[p[0]]) { mask[p[0]] = 1; next.push(p[0]); } });
      });
      frontier = next;
    }
    return mask;
  }
  function inDates(ds, a, b) {
    if (!ds || !ds.length) return true;   // undated nodes (places, roles) stay
    return ds.some(function (d) { return (!a || d >= a) && (!b || d <= b); });
  }
  var count = document.getElementById("kg-count");
  function applyFilters() {
    var actorMask = actorSel.value ? around(+actorSel.value, 2) : null;
    var issueMask = issueSel.value ? around(+issueSel.value, 2) : null;
    var a = from.value, b = to.value, shown = 0;
    for (var i = 0; i < N.length; i++) {
      var ok = classOn[N[i].c] && (!actorMask || actorMask[i]) && (!issueMask || issueMask[i]) && inDates(N[i].d, a, b);
      visible[i] = ok ? 1 : 0;
      shown += visible[i];
    }
    nodeView.refresh();
    edgeView.refresh();
    count.textContent = "Showing " + shown + " of " + N.length + " nodes, " + edgeView.length + " of " + E.length + " edges";
  }
  function resetFilters() {
    classOn = C.map(function () { return true; });
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    actorSel.value = ""; issueSel.value = ""; from.value = ""; to.value = "";
    applyFilters();
  }
  view.applyFilters = applyFilters;
  [actorSel, issueSel, from, to].forEach(function (x) { x.addEventListener("change", applyFilters); });
  document.getElementById("kg-reset").addEventListener("click", resetFilters);
  applyFilters();

  // --- search ---
  var names = [], list = document.getElementById("kg-names");
  N.forEach(function (n, i) {
    [n.f].concat(n.a || []).forEach(function (name) { names.push([norm(name), i, name]); });
  });
  names.slice(0, 20000).forEach(function (x) { var o = document.createElement("option"); o.value = x[2]; list.appendChild(o); });
  var message = document.getElementById("kg-message");
  function find(q) {
    var k = norm(q), hit = null;
    if (!k) return null;
    [function (n) { return n === k; }, function (n) { return n.indexOf(k) === 0; },
     function (n) { return n.indexOf(k) >= 0; }].some(function (test) {
      var m = names.filter(function (x) { return test(x[0]); });
      if (m.length) { hit = m[0][1]; return true; }
      return false;
    });
    return hit;
  }
  view.find = find;
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("kg-search").value, i = find(q);
    message.textContent = i === null ? "No node matches \u201c" + q + "\u201d." : "";
    if (i !== null) select(i, true);
  });

  if (data.focus.length) {
    network.selectNodes(data.focus);
    labelEdgesOf(data.focus);
    showDetails(data.focus[0]);
  }
  if (!N.length) panel.textContent = "The graph has no nodes to draw.";
})();
"""
_APP_HASH = _script_hash(_APP_JS)
if "</" in _APP_JS:   # it is inlined in a <script>: a closing tag would end it early
    raise RuntimeError("kg.view: the page script must not contain '</'")
