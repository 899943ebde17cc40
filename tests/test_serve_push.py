"""`kg serve` as a SPARQL endpoint queried with SPARQLWrapper, and `kg push`
into a real Oxigraph server, twice, checking the server's exact state."""
from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.namespaces import NKG, NKR
from kg.query import load_query, run_query
from kg.store import oxigraph_binary, push, read_graph, split_by_document

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "negotiation.ttl"
REPO = Path(__file__).resolve().parent.parent
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
XSD_NON_NEGATIVE_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@contextmanager
def running(cmd, port, *, first_line=False):
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while not listening(port):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        if first_line:
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, "no line announcing the endpoint"
            line = proc.stdout.readline()
        yield proc, line
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def sparql(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()["results"]["bindings"]


def as_term(binding: dict | None):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=datatype)


@pytest.mark.parametrize("name", ["disputes", "delegations", "timeline"])
def test_serve_answers_the_competency_queries(name):
    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "--graph", str(FIXTURE), "--port", str(port)]
    with running(cmd, port, first_line=True) as (proc, line):
        assert line.strip().startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query")
        expected = run_query(name, graph_files=[FIXTURE])
        bindings = sparql(f"http://127.0.0.1:{port}/query", load_query(name).text)
        got = [tuple(as_term(b.get(c)) for c in expected.columns) for b in bindings]
        assert got == expected.rows
    assert proc.returncode == 0
    assert not listening(port), "the Oxigraph server outlived kg serve"


def test_serve_a_store_and_refuse_a_busy_port(tmp_path):
    from kg.store import write_store

    write_store(FIXTURE, tmp_path / "store")
    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "store"), "--port", str(port)]
    with running(cmd, port, first_line=True):
        count = sparql(f"http://127.0.0.1:{port}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert count[0]["n"]["value"] == str(len(read_graph([FIXTURE])))
        busy = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert busy.returncode == 2
        assert f"port {port} on 127.0.0.1 is in use" in busy.stderr


def server_quads(port: int) -> set:
    rows = sparql(f"http://127.0.0.1:{port}/query",
                  "SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }")
    return {(as_term(r.get("g")), as_term(r["s"]), as_term(r["p"]), as_term(r["o"])) for r in rows}


def stored_form(term):
    # Oxigraph keeps xsd:nonNegativeInteger offsets as xsd:integer.
    if isinstance(term, Literal) and term.datatype == XSD_NON_NEGATIVE_INTEGER:
        return Literal(str(term), datatype=XSD_INTEGER)
    return term


def expected_quads(graph) -> set:
    return {(name, s, p, stored_form(o)) for name, part in split_by_document(graph).items() for s, p, o in part}


def test_push_twice_leaves_exactly_the_new_state(tmp_path):
    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"]
    endpoint = f"http://127.0.0.1:{port}/store"
    with running(cmd, port):
        first = read_graph([FIXTURE])
        pushed = push(FIXTURE, endpoint)
        assert [name for name, _ in pushed] == [str(NKR["graph/document/abu-dhabi"]),
                                                str(NKR["graph/document/genf"]), str(NKR["graph/shared"])]
        assert server_quads(port) == expected_quads(first)

        # Rebuild Geneva: the offer is gone, the demand has a new content,
        # and Russia's label changed (a shared node).
        second = read_graph([FIXTURE])
        offer = NKR["position/genf/2"]
        second.remove((offer, None, None))
        second.set((NKR["position/genf/1"], NKG.content, Literal("Sicherheitsgarantien der USA", lang="de")))
        second.set((NKR["country/russland"], RDFS.label, Literal("Russische Föderation", lang="de")))
        (tmp_path / "out").mkdir()
        second.serialize(tmp_path / "out" / "graph.ttl", format="turtle")
        push(tmp_path / "out", endpoint)

        state = server_quads(port)
        assert state == expected_quads(second)
        assert not {q for q in state if q[1] == offer}
        assert not {q for q in state if q[0] is None}, "nothing goes to the default graph"
        labels = {q[3] for q in state if q[1] == NKR["country/russland"] and q[2] == RDFS.label}
        assert labels == {Literal("Russische Föderation", lang="de")}


def test_push_cli_reports_each_graph(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"]
    with running(cmd, port):
        out = CliRunner().invoke(main, ["push", str(FIXTURE), "--endpoint", f"http://127.0.0.1:{port}/store"])
        assert out.exit_code == 0, out.output
        assert "<https://w3id.org/nkg/resource/graph/document/genf>" in out.output
        assert out.output.splitlines()[-1] == f"pushed 3 named graphs to http://127.0.0.1:{port}/store"
        types = sparql(f"http://127.0.0.1:{port}/query",
                       f"SELECT ?g WHERE {{ GRAPH ?g {{ <{NKR['position/genf/2']}> a <{NKG.Offer}> }} }}")
        assert [b["g"]["value"] for b in types] == [str(NKR["graph/document/genf"])]


def test_push_to_nowhere_exits_2():
    from click.testing import CliRunner

    from kg.cli import main

    port = free_port()
    out = CliRunner().invoke(main, ["push", str(FIXTURE), "--endpoint", f"http://127.0.0.1:{port}/store"])
    assert out.exit_code == 2
    assert "cannot reach" in out.output
    out = CliRunner().invoke(main, ["push", str(FIXTURE), "--endpoint", "ftp://example.org/"])
    assert out.exit_code == 2
    assert "not an http(s) URL" in out.output
