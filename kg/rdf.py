"""Extractions -> one RDF graph in the core vocabulary, with provenance.

Entities, roles, places, issues, delegations and meetings merge across
documents by their stable keys (nkr:person/rustem-umjerow,
nkr:meeting/abu-dhabi-2026-01-23); every position and statement stays one
per document and keeps its own nkg:evidence mention (nif:beginIndex,
nif:endIndex, nif:anchorOf, nif:referenceContext into its document).

In: Extractions and the Lexicon. Out: an rdflib Graph using nkg:, nkr:,
nif:, dcterms:, skos:, owl:sameAs."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .lexicon import Lexicon, fold, slugify
from .namespaces import NIF, NKG, NKR, WD, bind_all
from .records import Extraction, Span


def de(text: str) -> Literal:
    return Literal(text, lang="de")


def issue_iri(label: str) -> URIRef:
    return NKR[f"issue/{slugify(label)}"]


def place_iri(label: str) -> URIRef:
    return NKR[f"place/{slugify(label)}"]


def role_iri(label: str) -> URIRef:
    return NKR[f"role/{slugify(label)}"]


def entity_iri(key: str) -> URIRef:
    return NKR[key]


class GraphBuilder:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.g = Graph()
        bind_all(self.g)
        self.labels: dict[URIRef, str] = {}
        self.alts: dict[URIRef, set[str]] = {}
        self.mentions: set[tuple[str, int, int]] = set()
        self.typed: set[URIRef] = set()
        self.evidenced: set[URIRef] = set()
        self.pending: dict[URIRef, Span] = {}

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def mention(self, span: Span) -> URIRef:
        iri = NKR[f"mention/{span.doc}/{span.begin}-{span.end}"]
        if (span.doc, span.begin, span.end) not in self.mentions:
            self.mentions.add((span.doc, span.begin, span.end))
            self.add(iri, RDF.type, NKG.Mention)
            self.add(iri, NIF.referenceContext, NKR[f"document/{span.doc}"])
            self.add(iri, NIF.beginIndex, Literal(span.begin, datatype=XSD.nonNegativeInteger))
            self.add(iri, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
            self.add(iri, NIF.anchorOf, Literal(span.text))
        return iri

    def evidence(self, node: URIRef, span: Span) -> None:
        self.add(node, NKG.evidence, self.mention(span))
        self.evidenced.add(node)

    def actor(self, key: str, span: Span) -> URIRef:
        """An actor a fact refers to; one the text never named gets the fact's sentence as evidence."""
        iri = entity_iri(key)
        if iri not in self.typed:
            entry = self.lex.actor(key)
            self.typed.add(iri)
            self.add(iri, RDF.type, NKG[entry.type if entry else "Person"])
            self.label(iri, entry.label if entry else key.rsplit("/", 1)[-1])
            if entry and entry.wikidata:
                self.add(iri, OWL.sameAs, WD[entry.wikidata])
        if iri not in self.evidenced:
            self.pending.setdefault(iri, span)
        return iri

    def settle(self) -> None:
        for iri, span in self.pending.items():
            if iri not in self.evidenced:
                self.evidence(iri, span)
        self.pending.clear()

    def label(self, node: URIRef, text: str) -> None:
        if node not in self.labels:
            self.labels[node] = text
            self.add(node, RDFS.label, de(text))
        elif fold(self.labels[node]) != fold(text):
            self.alt(node, text)

    def alt(self, node: URIRef, text: str) -> None:
        seen = self.alts.setdefault(node, set())
        if text and text not in seen and fold(text) != fold(self.labels.get(node, "")):
            seen.add(text)
            self.add(node, SKOS.altLabel, de(text))

    # ------------------------------------------------------------------
    def document(self, ex: Extraction) -> None:
        doc = ex.document
        node = NKR[f"document/{doc.slug}"]
        self.add(node, RDF.type, NKG.Document)
        self.add(node, DCTERMS.source, Literal(doc.source))
        self.add(node, DCTERMS.language, Literal(doc.language))
        self.add(node, NIF.isString, Literal(doc.text))
        if doc.date:
            self.add(node, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
        self.add(node, RDFS.label, Literal(doc.source))

        for e in ex.entities:
            iri = entity_iri(e.key)
            self.typed.add(iri)
            self.add(iri, RDF.type, NKG[e.type])
            self.label(iri, e.label)
            for a in e.alt_labels:
                self.alt(iri, a)
            if e.wikidata:
                self.add(iri, OWL.sameAs, WD[e.wikidata])
        for m in ex.mentions:
            if m.kind in ("actor", "person") and m.key:
                self.evidence(entity_iri(m.key), m.span)
        for r in ex.roles:
            role = role_iri(r.role)
            self.add(role, RDF.type, NKG.Role)
            self.label(role, r.role)
            self.add(entity_iri(r.person), NKG.hasRole, role)
        for a in ex.affiliations:
            self.add(self.actor(a.actor, a.evidence), NKG.affiliatedWith, self.actor(a.party, a.evidence))

        for key in ex.issues:
            iri = issue_iri(key)
            self.add(iri, RDF.type, NKG.Issue)
            self.label(iri, key)
        for m in ex.mentions:
            if m.kind == "issue":
                self.evidence(issue_iri(m.key), m.span)
                # the word as the text has it ("Neuwahlen" for the issue "Wahlen")
                self.alt(issue_iri(m.key), m.span.text)
            elif m.kind == "place":
                iri = place_iri(m.key)
                self.add(iri, RDF.type, NKG.Place)
                self.label(iri, m.key)
                self.evidence(iri, m.span)

        for d in ex.delegations:
            iri = NKR[f"delegation/{d.represents.split('/', 1)[1]}"]
            self.add(iri, RDF.type, NKG.Delegation)
            party = self.lex.actor(d.represents)
            self.label(iri, f"Delegation: {party.label if party else d.represents}")
            self.add(iri, NKG.represents, self.actor(d.represents, d.evidence[0]))
            for m in d.members:
                self.add(iri, NKG.hasMember, self.actor(m, d.evidence[0]))
            if d.head:
                self.add(iri, NKG.headedBy, self.actor(d.head, d.evidence[0]))
            for span in d.evidence:
                self.evidence(iri, span)

        for m in ex.meetings:
            iri = NKR[f"meeting/{slugify(m.place)}-{m.day.isoformat()}"]
            self.add(iri, RDF.type, NKG.Meeting)
            self.label(iri, f"{m.place}, {m.day.isoformat()}")
            self.add(iri, NKG.date, Literal(m.day, datatype=XSD.date))
            place = place_iri(m.place)
            self.add(place, RDF.type, NKG.Place)
            self.label(place, m.place)
            self.add(iri, NKG.location, place)
            for p in m.participants:
                self.add(iri, NKG.participant, self.actor(p, m.evidence[0]))
            for p in m.mediators:
                self.add(iri, NKG.mediator, self.actor(p, m.evidence[0]))
            parties = sorted({p for p in m.participants if p not in m.mediators}) or sorted(m.participants)
            neg = NKR["negotiation/" + "-".join(p.split("/", 1)[1] for p in parties)]
            self.add(neg, RDF.type, NKG.Negotiation)
            names = [(self.lex.actor(p).label if self.lex.actor(p) else p) for p in parties]
            self.label(neg, "Verhandlungen " + " – ".join(names))
            for p in m.participants:
                self.add(neg, NKG.participant, entity_iri(p))
            for p in m.mediators:
                self.add(neg, NKG.mediator, entity_iri(p))
            self.add(iri, NKG.partOf, neg)
            for span in m.evidence:
                self.evidence(iri, span)

        nodes = [NKR[f"position/{doc.slug}/{n + 1}"] for n in range(len(ex.positions))]
        for node, p in zip(nodes, ex.positions):
            self.add(node, RDF.type, NKG[p.kind])
            self.add(node, NKG.holder, self.actor(p.holder, p.evidence))
            self.add(node, NKG.content, de(p.content))
            self.add(node, RDFS.label, de(f"{p.kind}: {p.content[:80]}"))
            if p.addressee:
                self.add(node, NKG.addressee, self.actor(p.addressee, p.evidence))
            for i in p.issues:
                self.add(node, NKG.about, issue_iri(i))
                self.pending.setdefault(issue_iri(i), p.evidence)
            if p.condition:
                self.add(node, NKG.conditionFor, issue_iri(p.condition))
                self.pending.setdefault(issue_iri(p.condition), p.evidence)
            if p.condition_text:
                self.add(node, NKG.condition, de(p.condition_text))
            if p.target is not None:
                self.add(node, NKG.target, nodes[p.target])
            if p.triggered_by is not None:
                self.add(node, NKG.triggeredBy, nodes[p.triggered_by])
            if doc.date:
                self.add(node, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
            self.evidence(node, p.evidence)

        for n, st in enumerate(ex.statements, 1):
            node = NKR[f"statement/{doc.slug}/{n}"]
            self.add(node, RDF.type, NKG.Statement)
            self.add(node, NKG.speaker, self.actor(st.speaker, st.evidence[0]))
            self.add(node, NKG.quote, de(st.quote))
            self.add(node, RDFS.label, de(f"„{st.quote[:80]}“"))
            if doc.date:
                self.add(node, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
            for span in st.evidence:
                self.evidence(node, span)
        self.settle()


def build_graph(extractions: list[Extraction], lex: Lexicon) -> Graph:
    builder = GraphBuilder(lex)
    for ex in extractions:
        builder.document(ex)
    return builder.g

