"""`kg query`: output formats, exit codes, syntax errors and time limits."""
from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.errors import BadInput
from kg.query import QueryTimeout, run_query

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "negotiation.ttl"
# Four unconstrained patterns over ~360 triples: ~10^10 solutions to count.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }\n"


def kg(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_csv_has_header_and_rows():
    out = kg("query", "demands", "--graph", FIXTURE, "--format", "csv")
    assert out.exit_code == 0, out.output
    table = list(csv.reader(io.StringIO(out.output)))
    assert table[0] == ["demand", "holderLabel", "content", "addresseeLabel", "conditionLabel", "issueLabel", "date",
                        "sentence", "source"]
    assert [r[0] for r in table[1:]] == ["https://w3id.org/nkg/resource/position/abu-dhabi/1",
                                         "https://w3id.org/nkg/resource/position/genf/1"]
    assert table[1][4] == "Waffenstillstand" and table[2][4] == ""


def test_csv_is_the_default_when_not_on_a_terminal():
    assert kg("query", "demands", "--graph", FIXTURE).output == \
        kg("query", "demands", "--graph", FIXTURE, "--format", "csv").output


def test_json_follows_sparql_results_json():
    out = kg("query", "quotes", "--graph", FIXTURE, "--format", "json", "--param", "actor=Wolodymyr Selenskyj")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["head"]["vars"] == ["statement", "speakerLabel", "quote", "date", "sentence", "source"]
    [binding] = doc["results"]["bindings"]
    assert binding["statement"] == {"type": "uri", "value": "https://w3id.org/nkg/resource/statement/genf/1"}
    assert binding["quote"] == {"type": "literal", "value": "Einen Rückzug aus dem Donbass wird es nicht geben.",
                                "xml:lang": "de"}
    assert binding["date"] == {"type": "literal", "value": "2026-01-31",
                               "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_tsv_writes_terms_in_ntriples_syntax():
    out = kg("query", "threats", "--graph", FIXTURE, "--format", "tsv")
    assert out.exit_code == 0, out.output
    header, row = out.output.splitlines()
    assert header.split("\t")[:3] == ["?threat", "?holderLabel", "?content"]
    cells = row.split("\t")
    assert cells[0] == "<https://w3id.org/nkg/resource/position/abu-dhabi/3>"
    assert cells[1] == '"Russland"@de'
    assert cells[8] == '"2026-01-24"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_table_aligns_columns_and_shortens_iris():
    out = kg("query", "meetings", "--graph", FIXTURE, "--format", "table", "--param", "actor=nkr:country/usa")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].split() == ["meeting", "meetingLabel", "date", "place", "role", "party", "partyLabel",
                                "sentence", "source"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("nkr:meeting/abu-dhabi-2026-01-24  Treffen in Abu Dhabi am 2026-01-24")
    assert "nkr:country/usa" in lines[2] and "…" in lines[2]
    assert lines[3] == "(1 row)"
    assert lines[0].index("sentence") == lines[2].index("Nach einem")


def test_store_option_queries_a_written_store(tmp_path):
    from kg.store import write_store

    write_store(FIXTURE, tmp_path / "store")
    from_store = kg("query", "disputes", "--store", tmp_path / "store", "--format", "csv")
    from_file = kg("query", "disputes", "--graph", FIXTURE, "--format", "csv")
    assert from_store.exit_code == 0, from_store.output
    assert from_store.output == from_file.output


def test_construct_gives_turtle_and_ask_a_boolean(tmp_path):
    construct = tmp_path / "speakers.rq"
    construct.write_text("PREFIX nkg: <https://w3id.org/nkg/ontology#>\n"
                         "CONSTRUCT { ?speaker nkg:said ?quote } WHERE { ?s nkg:speaker ?speaker ; nkg:quote ?quote }\n")
    out = kg("query", construct, "--graph", FIXTURE)
    assert out.exit_code == 0, out.output
    assert len(Graph().parse(data=out.output, format="turtle")) == 2
    assert kg("query", construct, "--graph", FIXTURE, "--format", "csv").exit_code == 2

    ask = tmp_path / "ask.rq"
    ask.write_text("PREFIX nkg: <https://w3id.org/nkg/ontology#>\nASK { ?x a nkg:Threat }\n")
    assert kg("query", ask, "--graph", FIXTURE).output == "true\n"
    assert json.loads(kg("query", ask, "--graph", FIXTURE, "--format", "json").output) == {"head": {},
                                                                                          "boolean": True}


def test_select_refuses_turtle():
    out = kg("query", "demands", "--graph", FIXTURE, "--format", "ttl")
    assert out.exit_code == 2
    assert "CONSTRUCT" in out.output


@pytest.mark.parametrize("args, message", [
    (["query", "nonsense", "--graph", FIXTURE], "delegations, demands, disputes"),
    (["query", "missing.rq", "--graph", FIXTURE], "does not exist"),
    (["query", "demands"], "needs a graph"),
    (["query", "demands", "--graph", "no-such.ttl"], "does not exist"),
    (["query", "demands", "--graph", FIXTURE, "--store", "."], "not both"),
    (["query", "demands", "--store", "no-such-store"], "no Oxigraph store"),
    (["query", "demands", "--graph", FIXTURE, "--param", "actor"], "name=value"),
    (["query", "demands", "--graph", FIXTURE, "--param", "speaker=x"], "it takes: actor, issue"),
    (["query", "demands", "--graph", FIXTURE, "--param", "actor=nkr:a\"b"], "cannot hold"),
])
def test_bad_input_exits_2_with_a_hint(args, message):
    out = kg(*args)
    assert out.exit_code == 2
    assert message in out.output
    assert "hint:" in out.output


def test_unreadable_graph_file_exits_2(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    out = kg("query", "demands", "--graph", broken)
    assert out.exit_code == 2
    assert "broken.ttl is not valid Turtle" in out.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_syntax_error_names_line_and_column(tmp_path, engine):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX nkg: <https://w3id.org/nkg/ontology#>\n"
                   "SELECT ?demand WHERE {\n"
                   "  ?demand a nkg:Demand\n"
                   "  FILTER(?demand = )\n"
                   "}\n")
    with pytest.raises(BadInput) as caught:
        run_query(bad, graph_files=[FIXTURE], engine=engine)
    assert "syntax error in query bad.rq at line " in caught.value.message
    assert ", column " in caught.value.message


@pytest.mark.parametrize("text, message", [
    ("SELECT ?s WHERE {\n  ?s ?p ?o . } ORDER ?s\n", "at line 2, column"),
    ("SELECT ?s WHERE {\n  ?s foo:bar ?o .\n}\n", "without a PREFIX declaration"),
])
def test_syntax_error_exits_2_on_the_command_line(tmp_path, text, message):
    bad = tmp_path / "bad.rq"
    bad.write_text(text)
    out = kg("query", bad, "--graph", FIXTURE)
    assert out.exit_code == 2
    assert message in out.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_timeout_stops_a_runaway_query(tmp_path, engine):
    runaway = tmp_path / "runaway.rq"
    runaway.write_text(RUNAWAY)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="did not finish within 1 s"):
        run_query(runaway, graph_files=[FIXTURE], timeout=1, engine=engine)
    assert time.monotonic() - started < 30


def test_timeout_exits_3(tmp_path):
    runaway = tmp_path / "runaway.rq"
    runaway.write_text(RUNAWAY)
    out = kg("query", runaway, "--graph", FIXTURE, "--timeout", "0.5")
    assert out.exit_code == 3
    assert "was stopped" in out.output


def test_a_query_within_its_time_gives_the_same_rows():
    limited = run_query("timeline", graph_files=[FIXTURE], timeout=60, params={"actor": "Ukraine"})
    assert limited == run_query("timeline", graph_files=[FIXTURE], params={"actor": "Ukraine"})
    assert len(limited.rows) == 2
