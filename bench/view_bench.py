"""Benchmark of the HTML view.

In: sizes (drawn nodes; default 500, 5000, 20000) and a seed. For each size it
generates a seeded graph shaped like the ones `kg build` writes (documents,
mentions with offsets, persons, countries, organizations, delegations,
meetings, issues, positions and statements, with hub actors and issues), renders it with
kg.view.render_html and opens the page in headless Chromium.
Out: one line per size on stdout with the node, edge and triple counts, the
HTML size, the render time in Python, the time from navigation to
vis-network's first "afterDrawing" in the browser and that of a full redraw
zoomed in.

    .venv/bin/python bench/view_bench.py [--sizes 500,5000,20000] [--seed 1] [--keep DIR]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

# Share of the drawn nodes per class, roughly as in built graphs: most nodes
# are positions and statements hanging between few, heavily linked actors.
_SHARES = {"Person": 0.10, "Country": 0.015, "Organization": 0.05, "Issue": 0.05, "Place": 0.02,
           "Delegation": 0.015, "Negotiation": 0.005, "Meeting": 0.045,
           "Demand": 0.30, "Rejection": 0.10, "Threat": 0.06, "Offer": 0.08, "Statement": 0.16}
_VERBS = {"Demand": "verlangt", "Rejection": "lehnt ab:", "Threat": "droht mit", "Offer": "bietet an:"}
_WORDS = ("Abzug", "Truppen", "Waffenruhe", "Garantien", "Gebiete", "Sanktionen", "Gefangene",
          "Austausch", "Grenze", "Überwachung", "Energieanlagen", "Luftabwehr", "Pufferzone", "Region")


def wait_for_first_draw(page, seconds: float) -> None:
    """Poll from Python: Playwright's wait_for_function polls with eval() in the page,
    which the view's Content-Security-Policy rightly forbids when the first check fails."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("window.kgView && window.kgView.firstDraw !== null"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the view did not draw within {seconds} s")
        time.sleep(0.05)


def make_graph(n_nodes: int, seed: int = 1):
    """A graph in the conventions of docs/graph-conventions.md with about
    `n_nodes` drawn nodes (and several times as many mentions)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

    from kg.namespaces import DCTERMS, NIF, NKG, NKR, RDF, RDFS, SKOS

    rng = random.Random(seed)
    g = Graph()
    add = g.add
    counts = {cls: max(1, round(n_nodes * share)) for cls, share in _SHARES.items()}
    n_docs = max(1, n_nodes // 25)

    def entity(cls, prefix, k):
        iri = NKR[f"{prefix}/{cls.lower()}-{k}"]
        name = f"{cls} {rng.choice(_WORDS)} {k}"
        add((iri, RDF.type, NKG[cls]))
        add((iri, RDFS.label, Literal(name, lang="de")))
        if rng.random() < 0.2:
            add((iri, SKOS.altLabel, Literal(name.replace(" ", "-"), lang="de")))
        return iri, name

    def pick(pool):
        # Zipf-like: a few actors and issues appear in most articles.
        return pool[int(len(pool) * rng.random() ** 2.5)]

    persons = [entity("Person", "person", k) for k in range(counts["Person"])]
    countries = [entity("Country", "country", k) for k in range(counts["Country"])]
    orgs = [entity("Organization", "organization", k) for k in range(counts["Organization"])]
    issues = [entity("Issue", "issue", k) for k in range(counts["Issue"])]
    places = [entity("Place", "place", k) for k in range(counts["Place"])]
    roles = [entity("Role", "role", k) for k in range(max(1, counts["Person"] // 10))]
    actors = countries + orgs + persons
    for iri, _ in persons:
        add((iri, NKG.hasRole, rng.choice(roles)[0]))
        add((iri, NKG.affiliatedWith, pick(countries)[0]))

    docs = []
    for d in range(n_docs):
        day = f"2026-{1 + d * 12 // n_docs:02d}-{1 + rng.randrange(28):02d}"
        docs.append({"iri": NKR[f"document/doc-{d}"], "slug": f"doc-{d}", "day": day,
                     "text": [f"date {day}\n"], "len": len(f"date {day}\n"), "n": 0})

    def mention(doc, begin, text):
        iri = NKR[f"mention/{doc['slug']}/{begin}-{begin + len(text)}"]
        add((iri, RDF.type, NKG.Mention))
        add((iri, NIF.referenceContext, doc["iri"]))
        add((iri, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        add((iri, NIF.endIndex, Literal(begin + len(text), datatype=XSD.nonNegativeInteger)))
        add((iri, NIF.anchorOf, Literal(text)))
        return iri

    def sentence(doc, parts):
        """Append a sentence of (text, entity-or-None) parts; mentions for the entities."""
        begin = doc["len"]
        cursor = begin
        for text, who in parts:
            if who is not None:
                add((who, NKG.evidence, mention(doc, cursor, text)))
            cursor += len(text)
        whole = "".join(t for t, _ in parts)
        doc["text"].append(whole + "\n")
        doc["len"] += len(whole) + 1
        return mention(doc, begin, whole)

    def phrase():
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 5)))

    positions = []
    for cls in ("Demand", "Offer", "Rejection", "Threat"):
        for k in range(counts[cls]):
            doc = rng.choice(docs)
            doc["n"] += 1
            iri = NKR[f"position/{doc['slug']}/{doc['n']}"]
            holder, holder_name = pick(actors)
            issue, issue_name = pick(issues)
            content = phrase()
            add((iri, RDF.type, NKG[cls]))
            add((iri, NKG.holder, holder))
            add((iri, NKG.content, Literal(content, lang="de")))
            add((iri, NKG.about, issue))
            add((iri, DCTERMS.date, Literal(doc["day"], datatype=XSD.date)))
            if cls == "Demand" and rng.random() < 0.3:
                add((iri, NKG.conditionFor, pick(issues)[0]))
            if cls == "Rejection" and positions:
                add((iri, NKG.target, rng.choice(positions)))
            if cls == "Threat" and positions:
                add((iri, NKG.triggeredBy, rng.choice(positions)))
            ev = sentence(doc, [(holder_name, holder), (f" {_VERBS[cls]} {content} zu ", None),
                                (issue_name, issue), (".", None)])
            add((iri, NKG.evidence, ev))
            positions.append(iri)
    for k in range(counts["Statement"]):
        doc = rng.choice(docs)
        doc["n"] += 1
        iri = NKR[f"statement/{doc['slug']}/{doc['n']}"]
        speaker, speaker_name = pick(persons)
        quote = phrase().capitalize() + "."
        add((iri, RDF.type, NKG.Statement))
        add((iri, NKG.speaker, speaker))
        add((iri, NKG.quote, Literal(quote, lang="de")))
        sentence(doc, [(speaker_name, speaker), (" sagte: „", None), (quote, iri), ("“", None)])
    negotiations = [entity("Negotiation", "negotiation", k)[0] for k in range(counts["Negotiation"])]
    delegations = []
    for k in range(counts["Delegation"]):
        iri = NKR[f"delegation/party-{k}"]
        party, party_name = countries[k % len(countries)]
        add((iri, RDF.type, NKG.Delegation))
        add((iri, RDFS.label, Literal(f"Delegation: {party_name} {k}", lang="de")))
        add((iri, NKG.represents, party))
        members = rng.sample(persons, min(3, len(persons)))
        for person, _ in members:
            add((iri, NKG.hasMember, person))
        add((iri, NKG.headedBy, members[0][0]))
        doc = rng.choice(docs)
        add((iri, NKG.evidence, sentence(doc, [(members[0][1], members[0][0]), (" leitet die Delegation.", None)])))
        delegations.append(iri)
    for k in range(counts["Meeting"]):
        doc = rng.choice(docs)
        place, place_name = rng.choice(places)
        iri = NKR[f"meeting/{place_name.split()[-1]}-{doc['day']}-{k}"]
        add((iri, RDF.type, NKG.Meeting))
        add((iri, RDFS.label, Literal(f"Treffen in {place_name}, {doc['day']}", lang="de")))
        add((iri, NKG.date, Literal(doc["day"], datatype=XSD.date)))
        add((iri, NKG.location, place))
        add((iri, NKG.partOf, rng.choice(negotiations)))
        for party in rng.sample(delegations, min(2, len(delegations))):
            add((iri, NKG.participant, party))
        add((iri, NKG.mediator, pick(countries)[0]))
        add((iri, NKG.evidence, sentence(doc, [("In ", None), (place_name, place), (" trafen sich die Delegationen.", None)])))
    for doc in docs:
        add((doc["iri"], RDF.type, NKG.Document))
        add((doc["iri"], DCTERMS.source, Literal(f"{doc['slug']}.txt")))
        add((doc["iri"], DCTERMS.date, Literal(doc["day"], datatype=XSD.date)))
        add((doc["iri"], NIF.isString, Literal("".join(doc["text"]))))
    return g


def first_draw_ms(html_path: Path) -> tuple[float, float] | None:
    """Milliseconds from navigation to the first drawn frame, and of a full
    redraw zoomed in; None without Chromium."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html_path.as_uri())
            wait_for_first_draw(page, 120)
            redraw = page.evaluate("""() => new Promise(done => {
                const net = kgView.network, t0 = performance.now();
                net.once('afterDrawing', () => done(performance.now() - t0));
                net.moveTo({scale: 1.2});
            })""")
            return page.evaluate("window.kgView.firstDraw"), redraw
        finally:
            browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000,20000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the HTML files in this folder")
    args = parser.parse_args(argv)

    from kg.view import render_html
    from kg.viewdata import view_data

    render_html(make_graph(50, args.seed))   # warm-up: imports and reading vis-network
    folder = Path(tempfile.mkdtemp(prefix="kg-view-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            graph = make_graph(size, args.seed)
            start, cpu = time.perf_counter(), time.process_time()
            page = render_html(graph)
            render_s, render_cpu = time.perf_counter() - start, time.process_time() - cpu
            path = (args.keep or folder) / f"view-{size}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            draw = first_draw_ms(path)
            data = view_data(graph)
            print(f"size={size} nodes={len(data['nodes'])} edges={len(data['edges'])} triples={len(graph)} "
                  f"html={len(page) / 1e6:.1f}MB render={render_s:.2f}s (cpu {render_cpu:.2f}s) "
                  f"first_draw={'n/a (no chromium)' if draw is None else f'{draw[0] / 1000:.2f}s'} "
                  f"zoomed_redraw={'n/a' if draw is None else f'{draw[1] / 1000:.2f}s'}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
