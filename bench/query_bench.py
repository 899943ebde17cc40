"""Times the competency queries at scale on rdflib and on Oxigraph.

In: --triples (default 1,000,000), --seed, --skip-rdflib, --rdflib-limit
(seconds, default 120: rdflib queries still running then are stopped). It generates a
seeded graph shaped like kg's output (documents with text, sentence and name
mentions, actors, roles, delegations, meetings, positions of the four kinds
with evidence, statements) in the proportions of
`kg build` output (about 450 triples and 7 positions a document), writes it as sorted N-Triples
(as `kg build` does) to a temporary folder,
then loads it into rdflib's memory store, an in-memory Oxigraph store and an
on-disk Oxigraph store, and runs every query in queries/ on each.
Out: one line per load and per query with the seconds on each engine and
the rdflib/Oxigraph ratio, plus each query narrowed to one actor. Times
are CPU seconds of this process (the machine may be shared); Oxigraph's are
the best of three runs. Every run reads all rows to the last term: Oxigraph's
are written out as SPARQL 1.1 TSV, the text a client of `kg serve` receives
(the "as Python terms" figure turns each term into a pyoxigraph object
instead); rdflib's are its Python result rows, the only form it produces,
so the ratio is taken against Oxigraph's time as Python terms.

    .venv/bin/python bench/query_bench.py [--triples 1000000]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NKG = "https://w3id.org/nkg/ontology#"
NKR = "https://w3id.org/nkg/resource/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

WORDS = ("Waffenstillstand Gespräche Delegation Abzug Truppen Sanktionen Garantien Region Grenze Handel "
         "Frieden Verhandlungen Einigung Forderung Angebot Warnung Krieg Wiederaufbau Energie Luftabwehr").split()


def _literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{body}"@{lang}'
    return f'"{body}"^^<{datatype}>' if datatype else f'"{body}"'


class Writer:
    """Collects the lines; `write` puts them out sorted and without
    duplicates, as `kg build` writes N-Triples (kg.rdf.Triples.ntriples; its
    Turtle, which `kg build --store` and `kg query --graph` load, likewise
    groups each subject's triples). The order matters: Oxigraph's memory
    store links each subject's quads in load order, and a subject whose
    quads are scattered over the file costs a cache miss per quad on every
    lookup, about a third more time per query than kg's own files."""

    def __init__(self):
        self.lines: set[str] = set()

    @property
    def count(self) -> int:
        return len(self.lines)

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"<{s}> <{p}> <{o}> .\n")

    def lit(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"<{s}> <{p}> {o} .\n")

    def write(self, path: Path) -> int:
        lines = sorted(self.lines)
        with path.open("w", encoding="utf-8") as out:
            out.writelines(lines)
        return len(lines)


def generate(path: Path, target: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    countries = [f"{NKR}country/c{i}" for i in range(150)]
    orgs = [f"{NKR}organization/o{i}" for i in range(300)]
    persons = [f"{NKR}person/p{i}" for i in range(3000)]
    roles = [f"{NKR}role/r{i}" for i in range(120)]
    places = [f"{NKR}place/pl{i}" for i in range(300)]
    issues = [f"{NKR}issue/i{i}" for i in range(600)]
    negotiations = [f"{NKR}negotiation/n{i}" for i in range(60)]
    party_of = {p: rng.choice(countries) for p in persons}
    members_of = {c: [p for p in persons if party_of[p] == c] for c in countries}
    w = Writer()
    for kind, nodes in (("Country", countries), ("Organization", orgs), ("Person", persons), ("Role", roles),
                        ("Place", places), ("Issue", issues), ("Negotiation", negotiations)):
        for node in nodes:
            w.iri(node, RDF_TYPE, NKG + kind)
            w.lit(node, LABEL, _literal(f"{kind} {node.rsplit('/', 1)[1]}", "de"))
    for p in persons:
        w.iri(p, NKG + "hasRole", rng.choice(roles))
        w.iri(p, NKG + "affiliatedWith", party_of[p])
    for c in countries:
        d = f"{NKR}delegation/{c.rsplit('/', 1)[1]}"
        w.iri(d, RDF_TYPE, NKG + "Delegation")
        w.lit(d, LABEL, _literal(f"Delegation: {c}", "de"))
        w.iri(d, NKG + "represents", c)
    demands: list[str] = []
    doc = 0
    start = date(2022, 2, 24)
    while w.count < target:
        doc += 1
        slug = f"doc-{doc:05d}"
        d_iri = f"{NKR}document/{slug}"
        day = (start + timedelta(days=doc // 4)).isoformat()
        text = [f"date {day}\n"]
        offset = len(text[0])

        def sentence(names: list[tuple[str, str]]) -> tuple[str, list[tuple[str, int, int]]]:
            nonlocal offset
            parts, spans = [], []
            pos = offset
            for node, name in names:
                filler = " ".join(rng.choice(WORDS) for _ in range(3)) + " "
                parts.append(filler)
                pos += len(filler)
                parts.append(name)
                spans.append((node, pos, pos + len(name)))
                pos += len(name)
                parts.append(" ")
                pos += 1
            parts.append(" ".join(rng.choice(WORDS) for _ in range(4)) + ".")
            body = "".join(parts)
            m = mention(offset, offset + len(body), body)
            text.append(body + " ")
            offset += len(body) + 1
            return m, [(node, mention(b, e, name_of(node))) for node, b, e in spans]

        mentions: list[tuple[int, int, str, str]] = []

        def mention(b: int, e: int, anchor: str) -> str:
            m = f"{NKR}mention/{slug}/{b}-{e}"
            mentions.append((b, e, anchor, m))
            return m

        def name_of(node: str) -> str:
            return node.rsplit("/", 1)[1].upper()

        def evidence(node: str, m: str) -> None:
            w.iri(node, NKG + "evidence", m)

        a, b = rng.sample(countries, 2)
        mediator = rng.choice(countries) if rng.random() < 0.5 else None
        meeting = f"{NKR}meeting/{rng.choice(places).rsplit('/', 1)[1]}-{day}"
        m, names = sentence([(a, name_of(a)), (b, name_of(b))])
        w.iri(meeting, RDF_TYPE, NKG + "Meeting")
        w.lit(meeting, LABEL, _literal(f"Treffen {day}", "de"))
        w.lit(meeting, NKG + "date", _literal(day, datatype=XSD + "date"))
        w.iri(meeting, NKG + "location", rng.choice(places))
        w.iri(meeting, NKG + "partOf", rng.choice(negotiations))
        w.iri(meeting, NKG + "participant", a)
        w.iri(meeting, NKG + "participant", b)
        if mediator:
            w.iri(meeting, NKG + "mediator", mediator)
        evidence(meeting, m)
        for node, nm in names:
            evidence(node, nm)
        for party in (a, b):
            delegation = f"{NKR}delegation/{party.rsplit('/', 1)[1]}"
            pool = members_of[party] or persons
            members = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            m, names = sentence([(p, name_of(p)) for p in members])
            evidence(delegation, m)
            for p, nm in names:
                w.iri(delegation, NKG + "hasMember", p)
                evidence(p, nm)
            if rng.random() < 0.3:
                w.iri(delegation, NKG + "headedBy", members[0])
        for n in range(1, 8):
            kind = rng.choices(("Demand", "Rejection", "Threat", "Offer"), (50, 20, 10, 20))[0]
            position = f"{NKR}position/{slug}/{n}"
            holder = rng.choice((a, b, rng.choice(persons), rng.choice(orgs)))
            issue = rng.choice(issues)
            m, names = sentence([(holder, name_of(holder)), (issue, name_of(issue))])
            w.iri(position, RDF_TYPE, NKG + kind)
            w.iri(position, NKG + "holder", holder)
            content = " ".join(rng.choice(WORDS) for _ in range(4))
            w.lit(position, NKG + "content", _literal(content, "de"))
            # kg labels every position (and statement and document), which the label joins must wade through
            w.lit(position, LABEL, _literal(f"{kind}: {content}", "de"))
            w.lit(position, DCT + "date", _literal(day, datatype=XSD + "date"))
            evidence(position, m)
            for node, nm in names:
                evidence(node, nm)
            if kind == "Rejection" and demands and rng.random() < 0.8:
                w.iri(position, NKG + "target", rng.choice(demands[-50:]))
            elif kind == "Rejection":
                w.iri(position, NKG + "target", issue)
            else:
                w.iri(position, NKG + "about", issue)
            if kind == "Threat" and demands and rng.random() < 0.7:
                w.iri(position, NKG + "triggeredBy", rng.choice(demands[-50:]))
            if kind in ("Demand", "Threat") and rng.random() < 0.5:
                w.iri(position, NKG + "addressee", a if holder != a else b)
            if kind == "Demand":
                if rng.random() < 0.3:
                    w.iri(position, NKG + "conditionFor", rng.choice(issues))
                demands.append(position)
        for n in range(1, 3):
            statement = f"{NKR}statement/{slug}/{n}"
            speaker = rng.choice(persons)
            m, names = sentence([(speaker, name_of(speaker))])
            w.iri(statement, RDF_TYPE, NKG + "Statement")
            w.iri(statement, NKG + "speaker", speaker)
            quote = " ".join(rng.choice(WORDS) for _ in range(8))
            w.lit(statement, NKG + "quote", _literal(quote, "de"))
            w.lit(statement, LABEL, _literal(f"„{quote}“", "de"))
            w.lit(statement, DCT + "date", _literal(day, datatype=XSD + "date"))  # as kg dates statements
            evidence(statement, m)
            for node, nm in names:
                evidence(node, nm)
        # Sentences that only name things: most of a real text's mentions.
        for _ in range(6):
            named = rng.sample(countries, 1) + rng.sample(persons, 1) + rng.sample(issues + places, 1)
            _, names = sentence([(node, name_of(node)) for node in named])
            for node, nm in names:
                evidence(node, nm)
        full = "".join(text)
        w.iri(d_iri, RDF_TYPE, NKG + "Document")
        w.lit(d_iri, DCT + "source", _literal(f"{slug}.txt"))
        w.lit(d_iri, LABEL, _literal(f"{slug}.txt"))
        w.lit(d_iri, DCT + "date", _literal(day, datatype=XSD + "date"))
        w.lit(d_iri, DCT + "language", _literal("de"))
        w.lit(d_iri, NIF + "isString", _literal(full))
        for begin, end, anchor, m in mentions:
            assert full[begin:end] == anchor
            w.iri(m, RDF_TYPE, NKG + "Mention")
            w.iri(m, NIF + "referenceContext", d_iri)
            w.lit(m, NIF + "beginIndex", _literal(str(begin), datatype=XSD + "nonNegativeInteger"))
            w.lit(m, NIF + "endIndex", _literal(str(end), datatype=XSD + "nonNegativeInteger"))
            w.lit(m, NIF + "anchorOf", _literal(anchor))
    return w.write(path), doc


def timed(fn, repeat: int = 1):
    """Best CPU time of `repeat` calls: the machine may be shared, and wall
    time would count the other jobs; every query here runs on this thread."""
    best, value = None, None
    for _ in range(repeat):
        started = time.process_time()
        value = fn()
        elapsed = time.process_time() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-rdflib", action="store_true", help="time Oxigraph only")
    parser.add_argument("--rdflib-limit", type=float, default=120.0, metavar="SECONDS",
                        help="stop an rdflib query after this long")
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg.query import load_query, query_names
    from kg.store import open_store, read_graph, write_store

    with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as scratch:
        data = Path(scratch) / "graph.nt"
        seconds, (triples, documents) = timed(lambda: generate(data, args.triples, args.seed))
        print(f"generated {triples:,} triples, {documents:,} documents in {seconds:.1f} s (CPU seconds throughout)")

        ox_load, memory = timed(lambda: _memory_store(ox, data))
        disk_load, _ = timed(lambda: write_store(data, Path(scratch) / "store"))
        disk = open_store(Path(scratch) / "store")
        graph = None
        line = f"{'load':<18} oxigraph-memory {ox_load:6.2f} s  oxigraph-disk {disk_load:6.2f} s"
        if not args.skip_rdflib:
            rdflib_load, graph = timed(lambda: read_graph([data]))
            line += f"  rdflib {rdflib_load:7.2f} s  ratio {rdflib_load / ox_load:5.1f}x"
        print(line, flush=True)

        # The most frequent country among demand holders, by its label.
        busiest = next(iter(memory.query(
            "SELECT ?label WHERE { ?d a <https://w3id.org/nkg/ontology#Demand> ; "
            "<https://w3id.org/nkg/ontology#holder> ?c . ?c a <https://w3id.org/nkg/ontology#Country> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } GROUP BY ?label ORDER BY DESC(COUNT(*)) LIMIT 1")))
        actor = {ox.Variable("actor"): ox.Literal(busiest["label"].value)}
        print(f"one actor: --param actor={busiest['label'].value!r}")
        for name in query_names():
            text = load_query(name).text
            mem_s, rows = timed(lambda: _tsv_rows(ox, memory.query(text)), repeat=3)
            terms_s, _ = timed(lambda: [tuple(s) for s in memory.query(text)], repeat=3)
            disk_s, _ = timed(lambda: _tsv_rows(ox, disk.query(text)), repeat=3)
            one_s, some = timed(lambda: _tsv_rows(ox, memory.query(text, substitutions=actor)), repeat=3)
            verdict = "ok" if mem_s <= 0.2 else "over 0.2 s"
            line = (f"query {name:<12} rows {rows:>6}  oxigraph-memory {mem_s:6.3f} s ({verdict}, "
                    f"as Python terms {terms_s:.3f} s)  oxigraph-disk {disk_s:6.3f} s  "
                    f"one actor {one_s:6.3f} s ({some} rows)")
            if graph is not None:
                outcome = _capped(lambda: timed(lambda: len(list(graph.query(text)))), args.rdflib_limit)
                if outcome is None:
                    line += f"  rdflib > {args.rdflib_limit:.0f} s (stopped)  ratio > {args.rdflib_limit / terms_s:5.0f}x"
                else:
                    rdflib_s, rdflib_rows = outcome
                    if rdflib_rows != rows:
                        line += f"  (rdflib rows {rdflib_rows})"
                    line += f"  rdflib {rdflib_s:7.2f} s  ratio {rdflib_s / terms_s:5.0f}x"
            print(line, flush=True)


def _tsv_rows(ox, solutions) -> int:
    """The number of rows, after writing every term of every row as TSV."""
    # TSV escapes line breaks inside literals, so each row is one line, after the header.
    return solutions.serialize(format=ox.QueryResultsFormat.TSV).count(b"\n") - 1


def _capped(fn, limit: float):
    """fn() in a forked child that shares the loaded graph, or None when it
    runs longer than `limit` seconds: rdflib cannot be interrupted."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=lambda: sender.send(fn()))
    child.start()
    try:
        return receiver.recv() if receiver.poll(limit) else None
    finally:
        child.kill()
        child.join()


def _memory_store(ox, data: Path):
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    return store


if __name__ == "__main__":
    main()
