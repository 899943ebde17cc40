"""The competency queries on the hand-written fixture graph: exact rows on
both engines (rdflib's memory store and Oxigraph), parameters, and values
that try to break out of their binding."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import BadInput
from kg.namespaces import NIF, NKR
from kg.query import load_query, query_names, run_query, to_term

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "negotiation.ttl"
ENGINES = ("oxigraph", "rdflib")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def R(path: str) -> URIRef:
    return NKR[path]


def de(text: str) -> Literal:
    return Literal(text, lang="de")


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD_DATE)


S_MEETING1 = Literal("Nach einem ersten Treffen am Freitag in Abu Dhabi kommen am Samstag ranghohe "
                     "Militärvertreter beider Seiten zusammen, vermittelt von den USA.")
S_UKR_DELEGATION = Literal("An den Gesprächen nehmen auf ukrainischer Seite Generalstabschef Andrij Hnatow "
                           "und Verhandlungsführer Rustem Umjerow teil.")
S_RUS_DELEGATION = Literal("Russland wird vom Chef des Militärgeheimdienstes, Igor Kostjukow, vertreten.")
S_DEMAND = Literal("Russland verlangt von der Ukraine einen Abzug ukrainischer Truppen aus dem Donbass als "
                   "Voraussetzung für einen Waffenstillstand, was die Ukraine weiter ablehnt.")
S_THREAT = Literal("Moskau droht bei einem Nein mit einer Fortsetzung des Krieges.")
S_QUOTE1 = Literal("Wir sind bereit, je nach Verlauf des Dialogs in verschiedenen Formaten zu arbeiten")
S_MEETING2 = Literal("Die Delegationen der Ukraine und Russlands treffen sich am Sonntag in Genf.")
S_HEAD = Literal("Umjerow leitet die ukrainische Delegation.")
S_GUARANTEES = Literal("Präsident Wolodymyr Selenskyj fordert von den USA Sicherheitsgarantien.")
S_OFFER = Literal("Kiew ist bereit, über eine Pufferzone zu verhandeln.")
S_REFUSAL = Literal("Selenskyj sagte: „Einen Rückzug aus dem Donbass wird es nicht geben.“")
S_QUOTE2 = Literal("Einen Rückzug aus dem Donbass wird es nicht geben.")
DOC1, DOC2 = Literal("abu-dhabi.txt"), Literal("genf.txt")
M1, M2 = R("meeting/abu-dhabi-2026-01-24"), R("meeting/genf-2026-02-01")
ABZUG = de("Abzug ukrainischer Truppen aus dem Donbass")
DONBASS = de("Gebietsfrage im Donbass")
RUS, UKR, USA, SEL = de("Russland"), de("Ukraine"), de("USA"), de("Wolodymyr Selenskyj")

EXPECTED = {
    "meetings": (
        ["meeting", "meetingLabel", "date", "place", "role", "party", "partyLabel", "sentence", "source"],
        [
            (M1, de("Treffen in Abu Dhabi am 2026-01-24"), day("2026-01-24"), de("Abu Dhabi"),
             Literal("participant"), R("country/russland"), RUS, S_MEETING1, DOC1),
            (M1, de("Treffen in Abu Dhabi am 2026-01-24"), day("2026-01-24"), de("Abu Dhabi"),
             Literal("participant"), R("country/ukraine"), UKR, S_MEETING1, DOC1),
            (M1, de("Treffen in Abu Dhabi am 2026-01-24"), day("2026-01-24"), de("Abu Dhabi"),
             Literal("mediator"), R("country/usa"), USA, S_MEETING1, DOC1),
            (M2, de("Treffen in Genf am 2026-02-01"), day("2026-02-01"), de("Genf"),
             Literal("participant"), R("delegation/russland"), de("Delegation: Russland"), S_MEETING2, DOC2),
            (M2, de("Treffen in Genf am 2026-02-01"), day("2026-02-01"), de("Genf"),
             Literal("participant"), R("delegation/ukraine"), de("Delegation: Ukraine"), S_MEETING2, DOC2),
        ],
    ),
    "delegations": (
        ["delegation", "partyLabel", "member", "memberLabel", "roleLabel", "head", "meeting", "meetingDate",
         "sentence", "source"],
        [
            (R("delegation/russland"), RUS, R("person/igor-kostjukow"), de("Igor Kostjukow"),
             de("Chef des Militärgeheimdienstes"), Literal(False), M1, day("2026-01-24"), S_RUS_DELEGATION, DOC1),
            # The US delegation's evidence does not name Driscoll: his own mention stands in.
            (R("delegation/usa"), USA, R("person/daniel-driscoll"), de("Daniel Driscoll"), de("Staatssekretär"),
             Literal(False), M1, day("2026-01-24"), Literal("Daniel Driscoll"), DOC1),
            (R("delegation/ukraine"), UKR, R("person/andrij-hnatow"), de("Andrij Hnatow"), de("Generalstabschef"),
             Literal(False), M1, day("2026-01-24"), S_UKR_DELEGATION, DOC1),
            (R("delegation/ukraine"), UKR, R("person/rustem-umjerow"), de("Rustem Umjerow"),
             de("Verhandlungsführer"), Literal(True), M1, day("2026-01-24"), S_UKR_DELEGATION, DOC1),
            (R("delegation/ukraine"), UKR, R("person/rustem-umjerow"), de("Rustem Umjerow"),
             de("Verhandlungsführer"), Literal(True), M2, day("2026-02-01"), S_HEAD, DOC2),
        ],
    ),
    "demands": (
        ["demand", "holderLabel", "content", "addresseeLabel", "conditionLabel", "issueLabel", "date", "sentence",
         "source"],
        [
            (R("position/abu-dhabi/1"), RUS, ABZUG, UKR, de("Waffenstillstand"), DONBASS, day("2026-01-24"),
             S_DEMAND, DOC1),
            (R("position/genf/1"), SEL, de("Sicherheitsgarantien"), USA, None, de("Sicherheitsgarantien"),
             day("2026-01-31"), S_GUARANTEES, DOC2),
        ],
    ),
    "rejections": (
        ["rejection", "holderLabel", "content", "target", "targetHolderLabel", "targetContent", "issueLabel", "date",
         "sentence", "source"],
        [
            (R("position/abu-dhabi/2"), UKR, ABZUG, R("position/abu-dhabi/1"), RUS, ABZUG, DONBASS,
             day("2026-01-24"), S_DEMAND, DOC1),
            # No dcterms:date of its own: the document's date.
            (R("position/genf/3"), SEL, de("Rückzug aus dem Donbass"), R("issue/gebietsfrage-im-donbass"), None,
             None, DONBASS, day("2026-01-31"), S_REFUSAL, DOC2),
        ],
    ),
    "threats": (
        ["threat", "holderLabel", "content", "addresseeLabel", "trigger", "triggerHolderLabel", "triggerContent",
         "issueLabel", "date", "sentence", "source"],
        [
            (R("position/abu-dhabi/3"), RUS, de("Fortsetzung des Krieges"), UKR, R("position/abu-dhabi/1"), RUS,
             ABZUG, DONBASS, day("2026-01-24"), S_THREAT, DOC1),
        ],
    ),
    "quotes": (
        ["statement", "speakerLabel", "quote", "date", "sentence", "source"],
        [
            (R("statement/abu-dhabi/1"), de("Rustem Umjerow"), de(str(S_QUOTE1)), day("2026-01-24"), S_QUOTE1, DOC1),
            (R("statement/abu-dhabi/1"), de("Rustem Umjerow"), de(str(S_QUOTE1)), day("2026-01-24"), S_QUOTE1, DOC1),
            (R("statement/genf/1"), SEL, de(str(S_QUOTE2)), day("2026-01-31"), S_QUOTE2, DOC2),
        ],
    ),
    "disputes": (
        ["issueLabel", "demanderLabel", "demand", "demandContent", "rejecterLabel", "rejection", "rejectionContent",
         "demandSentence", "demandSource", "rejectionSentence", "rejectionSource"],
        [
            (DONBASS, RUS, R("position/abu-dhabi/1"), ABZUG, UKR, R("position/abu-dhabi/2"), ABZUG,
             S_DEMAND, DOC1, S_DEMAND, DOC1),
            # Selenskyj rejects the issue the Russian demand is about.
            (DONBASS, RUS, R("position/abu-dhabi/1"), ABZUG, SEL, R("position/genf/3"), de("Rückzug aus dem Donbass"),
             S_DEMAND, DOC1, S_REFUSAL, DOC2),
        ],
    ),
    "timeline": (
        ["holderLabel", "issueLabel", "date", "type", "position", "content", "sentence", "source"],
        [
            (RUS, DONBASS, day("2026-01-24"), URIRef("https://w3id.org/nkg/ontology#Demand"),
             R("position/abu-dhabi/1"), ABZUG, S_DEMAND, DOC1),
            (RUS, DONBASS, day("2026-01-24"), URIRef("https://w3id.org/nkg/ontology#Threat"),
             R("position/abu-dhabi/3"), de("Fortsetzung des Krieges"), S_THREAT, DOC1),
            (UKR, DONBASS, day("2026-01-24"), URIRef("https://w3id.org/nkg/ontology#Rejection"),
             R("position/abu-dhabi/2"), ABZUG, S_DEMAND, DOC1),
            (UKR, de("Pufferzone"), day("2026-01-31"), URIRef("https://w3id.org/nkg/ontology#Offer"),
             R("position/genf/2"), de("Verhandlungen über eine Pufferzone"), S_OFFER, DOC2),
            (SEL, DONBASS, day("2026-01-31"), URIRef("https://w3id.org/nkg/ontology#Rejection"),
             R("position/genf/3"), de("Rückzug aus dem Donbass"), S_REFUSAL, DOC2),
            (SEL, de("Sicherheitsgarantien"), day("2026-01-31"), URIRef("https://w3id.org/nkg/ontology#Demand"),
             R("position/genf/1"), de("Sicherheitsgarantien"), S_GUARANTEES, DOC2),
        ],
    ),
}


def rows(name, engine="oxigraph", **params):
    return run_query(name, graph_files=[FIXTURE], engine=engine, params=params).rows


def test_fixture_offsets_match_the_text():
    graph = Graph().parse(FIXTURE, format="turtle")
    mentions = list(graph.subjects(NIF.referenceContext, None))
    assert len(mentions) == 36
    for mention in mentions:
        text = str(graph.value(graph.value(mention, NIF.referenceContext), NIF.isString))
        begin, end = int(graph.value(mention, NIF.beginIndex)), int(graph.value(mention, NIF.endIndex))
        assert text[begin:end] == str(graph.value(mention, NIF.anchorOf))
        assert str(mention).endswith(f"/{begin}-{end}")


def test_every_shipped_query_has_expected_rows():
    assert sorted(EXPECTED) == query_names()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_rows_on_fixture(name, engine):
    columns, expected = EXPECTED[name]
    result = run_query(name, graph_files=[FIXTURE], engine=engine)
    assert result.columns == columns
    assert result.rows == expected


@pytest.mark.parametrize("name", query_names())
def test_header_declares_question_columns_and_parameters(name):
    qf = load_query(name)
    assert qf.question.endswith("?")
    assert list(qf.columns) == run_query(name, graph_files=[FIXTURE]).columns
    assert "actor" in qf.parameters


PARAMS = [
    {}, {"actor": "Russland"}, {"actor": "ukraine"}, {"actor": "nkr:country/ukraine"},
    {"actor": "<https://w3id.org/nkg/resource/person/wolodymyr-selenskyj>"}, {"issue": "Gebietsfrage im Donbass"},
    {"issue": "https://w3id.org/nkg/resource/issue/waffenstillstand"}, {"actor": "nobody"},
]


@pytest.mark.parametrize("name", query_names())
@pytest.mark.parametrize("params", PARAMS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "none")
def test_rdflib_and_oxigraph_agree(name, params):
    params = {k: v for k, v in params.items() if k in load_query(name).parameters}
    assert rows(name, "rdflib", **params) == rows(name, "oxigraph", **params)


@pytest.mark.parametrize("engine", ENGINES)
def test_actor_by_name_ignores_case_and_matches_iri(engine):
    everything = EXPECTED["demands"][1]
    assert rows("demands", engine, actor="rUSSLAND") == [everything[0]]
    assert rows("demands", engine, actor="nkr:country/russland") == [everything[0]]
    assert rows("demands", engine, actor="<https://w3id.org/nkg/resource/country/russland>") == [everything[0]]
    # An IRI never matches a label, and a label never an IRI.
    assert rows("demands", engine, actor="https://w3id.org/nkg/resource/country/Russland") == []
    assert rows("demands", engine, actor="country/russland") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_issue_matches_what_a_demand_is_about_or_a_condition_for(engine):
    everything = EXPECTED["demands"][1]
    assert rows("demands", engine, issue="Waffenstillstand") == [everything[0]]
    assert rows("demands", engine, issue="nkr:issue/sicherheitsgarantien") == [everything[1]]


@pytest.mark.parametrize("engine", ENGINES)
def test_parameters_narrow_each_query(engine):
    assert [r[0] for r in rows("meetings", engine, actor="USA")] == [M1]
    assert [r[2] for r in rows("delegations", engine, actor="Rustem Umjerow")] == [R("person/rustem-umjerow")] * 2
    assert [r[2] for r in rows("delegations", engine, actor="nkr:country/russland")] == [R("person/igor-kostjukow")]
    assert [r[0] for r in rows("rejections", engine, actor="Ukraine")] == [R("position/abu-dhabi/2")]
    assert rows("threats", engine, actor="Ukraine") == []
    assert [r[0] for r in rows("quotes", engine, actor="wolodymyr selenskyj")] == [R("statement/genf/1")]
    assert [r[5] for r in rows("disputes", engine, actor="Wolodymyr Selenskyj")] == [R("position/genf/3")]
    assert [r[4] for r in rows("timeline", engine, actor="Ukraine", issue="Pufferzone")] == [R("position/genf/2")]


HOSTILE = [
    'Russland" } UNION { ?demand ?p ?o } #',
    "Russland') || true || ('",
    "} UNION { ?s ?p ?o }",
    "{ }",
    '"""',
    "<http://x> } UNION { ?s ?p ?o",
    "Russland\n} #",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_cannot_change_the_query(engine, value):
    assert rows("demands", engine, actor=value) == []
    assert rows("disputes", engine, actor=value, issue=value) == []


def test_values_become_terms():
    assert to_term("nkr:country/ukraine") == R("country/ukraine")
    assert to_term("<urn:x:1>") == URIRef("urn:x:1")
    assert to_term("https://example.org/a") == URIRef("https://example.org/a")
    assert to_term("Ukraine") == Literal("Ukraine")
    assert to_term("foo:bar") == Literal("foo:bar")
    assert to_term("2026-01-24") == Literal("2026-01-24")
    with pytest.raises(BadInput):
        to_term("https://example.org/a> } UNION { ?s ?p ?o")
    with pytest.raises(BadInput):
        to_term("nkr:x{y}")


def test_unknown_parameter_is_refused():
    with pytest.raises(BadInput, match="has no parameter"):
        run_query("quotes", graph_files=[FIXTURE], params={"issue": "x"})
