"""Extractions -> the RDF graph in the core vocabulary, with provenance.

Two steps, so that the expensive one runs in the worker processes and is
cached with the document:

- `emit(extraction, lex) -> Fragment` (per document, in a worker): every
  triple the document contributes, as plain tuples, plus the few decisions
  that depend on the documents before it (which label a node keeps, whether
  an actor still needs a type or a fallback evidence).
- `merge(fragments) -> Triples` (once, in input order): the union of the
  triples with those decisions taken; `Triples.ntriples()` is the graph.

Entities, roles, places, issues, delegations and meetings merge across
documents by their stable keys (nkr:person/rustem-umjerow,
nkr:meeting/abu-dhabi-2026-01-23); every position and statement stays one
per document and keeps its own nkg:evidence mention (nif:beginIndex,
nif:endIndex, nif:anchorOf, nif:referenceContext into its document).

In: Extractions and the Lexicon. Out: Fragments, Triples, or an rdflib
Graph (`build_graph`), using nkg:, nkr:, nif:, dcterms:, skos:, owl:sameAs."""
from __future__ import annotations

import re

from .lexicon import Lexicon, fold, slugify
from .namespaces import IRIS, SPACES
from .records import Extraction, Fragment, Span, Triple

# Object kinds of a Triple (s, p, o, kind): an IRI, a plain literal, a
# literal in German, or else the datatype IRI of a typed literal.
IRI, PLAIN, GERMAN = "i", "", "@de"
DCTERMS, NIF, NKG, OWL, RDF, RDFS, SKOS, WD, XSD = (SPACES[p] for p in ("dcterms", "nif", "nkg", "owl", "rdf", "rdfs",
                                                                          "skos", "wd", "xsd"))
_DATE, _COUNT = XSD.date, XSD.nonNegativeInteger

_NKR = IRIS["nkr"]
_TYPE, _LABEL, _ALT, _SAME_AS = RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs
_EVIDENCE = NKG.evidence
_SOURCE, _LANGUAGE, _DC_DATE = DCTERMS.source, DCTERMS.language, DCTERMS.date
_CONTEXT, _BEGIN, _END, _ANCHOR, _IS_STRING = NIF.referenceContext, NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.isString


def _nkg(name: str) -> str:
    return NKG[name]


def issue_iri(label: str) -> str:
    return f"{_NKR}issue/{slugify(label)}"


def place_iri(label: str) -> str:
    return f"{_NKR}place/{slugify(label)}"


def role_iri(label: str) -> str:
    return f"{_NKR}role/{slugify(label)}"


def entity_iri(key: str) -> str:
    return _NKR + key


def mention_iri(span: Span) -> str:
    return f"{_NKR}mention/{span.doc}/{span.begin}-{span.end}"


def mention_triples(span: Span) -> tuple[Triple, ...]:
    iri = mention_iri(span)
    return ((iri, _TYPE, _nkg("Mention"), IRI),
            (iri, _CONTEXT, f"{_NKR}document/{span.doc}", IRI),
            (iri, _BEGIN, str(span.begin), _COUNT),
            (iri, _END, str(span.end), _COUNT),
            (iri, _ANCHOR, span.text, PLAIN))


class _Emitter:
    """One document's triples and cross-document claims, in the order the
    graph's rules need them."""

    def __init__(self, lex: Lexicon, slug: str):
        self.lex, self.slug = lex, slug
        self.triples: dict[Triple, None] = {}
        self.claims: list[tuple] = []
        self.evidenced: set[str] = set()
        self.pending: dict[str, Span] = {}

    def add(self, s: str, p: str, o: str, kind: str = IRI) -> None:
        self.triples[(s, p, o, kind)] = None

    def evidence(self, node: str, span: Span) -> None:
        for t in mention_triples(span):
            self.triples[t] = None
        self.add(node, _EVIDENCE, mention_iri(span))
        self.evidenced.add(node)

    def label(self, node: str, text: str) -> None:
        self.claims.append(("L", node, text))

    def alt(self, node: str, text: str) -> None:
        self.claims.append(("A", node, text))

    def typed(self, node: str, cls: str) -> None:
        self.add(node, _TYPE, _nkg(cls))
        self.claims.append(("T", node))

    def actor(self, key: str, span: Span) -> str:
        """An actor a fact refers to: typed and labelled from the lexicon
        unless a document typed it before; one the texts never named gets
        the fact's sentence as evidence."""
        iri = entity_iri(key)
        entry = self.lex.actor(key)
        self.claims.append(("D", iri, _nkg(entry.type if entry else "Person"),
                            entry.label if entry else key.rsplit("/", 1)[-1],
                            WD[entry.wikidata] if entry and entry.wikidata else ""))
        self.pending.setdefault(iri, span)
        return iri

    def fragment(self, ex: Extraction) -> Fragment:
        # one str object per distinct IRI: pickle then stores each once, and
        # the cache is smaller and faster to load
        canon: dict[str, str] = {}
        one = canon.setdefault
        document = f"{_NKR}document/{self.slug}"
        owned = tuple(f"{_NKR}{kind}/{self.slug}/" for kind in ("mention", "position", "statement"))
        # A shared node's evidence link to a mention of this document goes
        # with the document too: two thirds of the shared triples were
        # these, and a rebuild merged and wrote them all again.
        mentions = owned[0]
        private, shared = [], []
        for s, p, o, k in self.triples:
            t = (one(s, s), one(p, p), one(o, o) if k == IRI else o, k)
            (private if s == document or s.startswith(owned) or (p == _EVIDENCE and o.startswith(mentions))
             else shared).append(t)
        subjects = {t[0] for t in private}
        fallback = tuple((node, span, mention_iri(span) in subjects)
                         for node, span in self.pending.items() if node not in self.evidenced)
        return Fragment(
            document=ex.document, private=tuple(private), turtle=_turtle_body(private, _Writer(IRIS)).encode("utf-8"),
            shared=tuple(shared), claims=tuple(self.claims),
            evidenced=frozenset(self.evidenced), fallback=fallback,
            counts=tuple(sorted({
                "demands": sum(1 for p in ex.positions if p.kind == "Demand"),
                "rejections": sum(1 for p in ex.positions if p.kind == "Rejection"),
                "threats": sum(1 for p in ex.positions if p.kind == "Threat"),
                "offers": sum(1 for p in ex.positions if p.kind == "Offer"),
                "statements": len(ex.statements)}.items())),
            meetings=tuple(sorted({_meeting_iri(m) for m in ex.meetings})))


def _meeting_iri(m) -> str:
    return f"{_NKR}meeting/{slugify(m.place)}-{m.day.isoformat()}"


def emit(ex: Extraction, lex: Lexicon) -> Fragment:
    doc = ex.document
    out = _Emitter(lex, doc.slug)
    add = out.add
    node = f"{_NKR}document/{doc.slug}"
    add(node, _TYPE, _nkg("Document"))
    add(node, _SOURCE, doc.source, PLAIN)
    add(node, _LANGUAGE, doc.language, PLAIN)
    add(node, _IS_STRING, doc.text, PLAIN)
    if doc.date:
        add(node, _DC_DATE, doc.date.isoformat(), _DATE)
    add(node, _LABEL, doc.source, PLAIN)

    for e in ex.entities:
        iri = entity_iri(e.key)
        out.typed(iri, e.type)
        out.label(iri, e.label)
        for a in e.alt_labels:
            out.alt(iri, a)
        if e.wikidata:
            add(iri, _SAME_AS, WD[e.wikidata])
    for m in ex.mentions:
        if m.kind in ("actor", "person") and m.key:
            out.evidence(entity_iri(m.key), m.span)
    for r in ex.roles:
        role = role_iri(r.role)
        add(role, _TYPE, _nkg("Role"))
        out.label(role, r.role)
        add(entity_iri(r.person), _nkg("hasRole"), role)
    for a in ex.affiliations:
        add(out.actor(a.actor, a.evidence), _nkg("affiliatedWith"), out.actor(a.party, a.evidence))

    for key in ex.issues:
        iri = issue_iri(key)
        add(iri, _TYPE, _nkg("Issue"))
        out.label(iri, key)
    for m in ex.mentions:
        if m.kind == "issue":
            out.evidence(issue_iri(m.key), m.span)
            # the word as the text has it ("Neuwahlen" for the issue "Wahlen")
            out.alt(issue_iri(m.key), m.span.text)
        elif m.kind == "place":
            iri = place_iri(m.key)
            add(iri, _TYPE, _nkg("Place"))
            out.label(iri, m.key)
            out.evidence(iri, m.span)

    for d in ex.delegations:
        iri = f"{_NKR}delegation/{d.represents.split('/', 1)[1]}"
        add(iri, _TYPE, _nkg("Delegation"))
        party = lex.actor(d.represents)
        out.label(iri, f"Delegation: {party.label if party else d.represents}")
        add(iri, _nkg("represents"), out.actor(d.represents, d.evidence[0]))
        for m in d.members:
            add(iri, _nkg("hasMember"), out.actor(m, d.evidence[0]))
        if d.head:
            add(iri, _nkg("headedBy"), out.actor(d.head, d.evidence[0]))
        for span in d.evidence:
            out.evidence(iri, span)

    for m in ex.meetings:
        iri = _meeting_iri(m)
        add(iri, _TYPE, _nkg("Meeting"))
        out.label(iri, f"{m.place}, {m.day.isoformat()}")
        add(iri, _nkg("date"), m.day.isoformat(), _DATE)
        place = place_iri(m.place)
        add(place, _TYPE, _nkg("Place"))
        out.label(place, m.place)
        add(iri, _nkg("location"), place)
        for p in m.participants:
            add(iri, _nkg("participant"), out.actor(p, m.evidence[0]))
        for p in m.mediators:
            add(iri, _nkg("mediator"), out.actor(p, m.evidence[0]))
        parties = sorted({p for p in m.participants if p not in m.mediators}) or sorted(m.participants)
        neg = f"{_NKR}negotiation/" + "-".join(p.split("/", 1)[1] for p in parties)
        add(neg, _TYPE, _nkg("Negotiation"))
        names = [(lex.actor(p).label if lex.actor(p) else p) for p in parties]
        out.label(neg, "Verhandlungen " + " – ".join(names))
        for p in m.participants:
            add(neg, _nkg("participant"), entity_iri(p))
        for p in m.mediators:
            add(neg, _nkg("mediator"), entity_iri(p))
        add(iri, _nkg("partOf"), neg)
        for span in m.evidence:
            out.evidence(iri, span)

    date = doc.date.isoformat() if doc.date else ""
    nodes = [f"{_NKR}position/{doc.slug}/{n + 1}" for n in range(len(ex.positions))]
    for node, p in zip(nodes, ex.positions):
        add(node, _TYPE, _nkg(p.kind))
        add(node, _nkg("holder"), out.actor(p.holder, p.evidence))
        add(node, _nkg("content"), p.content, GERMAN)
        add(node, _LABEL, f"{p.kind}: {p.content[:80]}", GERMAN)
        if p.addressee:
            add(node, _nkg("addressee"), out.actor(p.addressee, p.evidence))
        for i in p.issues:
            add(node, _nkg("about"), issue_iri(i))
            out.pending.setdefault(issue_iri(i), p.evidence)
        if p.condition:
            add(node, _nkg("conditionFor"), issue_iri(p.condition))
            out.pending.setdefault(issue_iri(p.condition), p.evidence)
        if p.condition_text:
            add(node, _nkg("condition"), p.condition_text, GERMAN)
        if p.target is not None:
            add(node, _nkg("target"), nodes[p.target])
        if p.triggered_by is not None:
            add(node, _nkg("triggeredBy"), nodes[p.triggered_by])
        if date:
            add(node, _DC_DATE, date, _DATE)
        out.evidence(node, p.evidence)

    for n, st in enumerate(ex.statements, 1):
        node = f"{_NKR}statement/{doc.slug}/{n}"
        add(node, _TYPE, _nkg("Statement"))
        add(node, _nkg("speaker"), out.actor(st.speaker, st.evidence[0]))
        add(node, _nkg("quote"), st.quote, GERMAN)
        add(node, _LABEL, f"„{st.quote[:80]}“", GERMAN)
        if date:
            add(node, _DC_DATE, date, _DATE)
        for span in st.evidence:
            out.evidence(node, span)
    return out.fragment(ex)


class Merger:
    """Merges fragments (`add`) into the graph their input order gives,
    whatever order they come in, so that a build merges what it has while
    workers extract the rest: a node keeps the first label it was given and
    the other spellings become skos:altLabels; an actor no document typed
    gets its lexicon type; one no document named gets the sentence of the
    first fact about it as evidence. A fragment that comes after later ones
    has its claims replayed, in input order, for the nodes they name."""

    def __init__(self):
        self.triples: dict[Triple, None] = {}
        self.blocks: dict[int, tuple[tuple[Triple, ...], bytes]] = {}
        self.claims: dict[int, tuple[tuple, ...]] = {}
        # what the claims gave, apart: a replay takes back a node's share
        self.claimed: dict[Triple, None] = {}
        self.labels: dict[str, str] = {}
        self.alts: dict[str, set[str]] = {}
        self.typed: set[str] = set()
        self.latest = -1
        self.dirty: set[str] = set()
        self.first_evidence: dict[str, int] = {}
        # node -> (index, span, written) of the first fallback evidence offered
        self.fallbacks: dict[str, tuple[int, Span, bool]] = {}
        # (node, mention) of each fallback evidence given: the view locates them
        self.fallback_evidence: set[tuple[str, str]] = set()

    def _label(self, node: str, text: str) -> None:
        if node not in self.labels:
            self.labels[node] = text
            self.claimed[(node, _LABEL, text, GERMAN)] = None
        elif fold(self.labels[node]) != fold(text):
            self._alt(node, text)

    def _alt(self, node: str, text: str) -> None:
        seen = self.alts.setdefault(node, set())
        if text and text not in seen and fold(text) != fold(self.labels.get(node, "")):
            seen.add(text)
            self.claimed[(node, _ALT, text, GERMAN)] = None

    def _apply(self, claims, only: set[str] | None = None) -> None:
        claimed = self.claimed
        for claim in claims:
            kind, node = claim[0], claim[1]
            if only is not None and node not in only:
                continue
            if kind == "L":
                self._label(node, claim[2])
            elif kind == "A":
                self._alt(node, claim[2])
            elif kind == "T":
                self.typed.add(node)
            elif node not in self.typed:     # "D": an actor's lexicon type, label and Wikidata link
                self.typed.add(node)
                claimed[(node, _TYPE, claim[2], IRI)] = None
                self._label(node, claim[3])
                if claim[4]:
                    claimed[(node, _SAME_AS, claim[4], IRI)] = None

    def add(self, fragment: Fragment, index: int | None = None) -> None:
        """index: the fragment's place in input order (default: after the
        ones added so far)."""
        if index is None:
            index = len(self.blocks)
        self.blocks[index] = (fragment.private, fragment.turtle)
        self.claims[index] = fragment.claims
        self.triples.update(dict.fromkeys(fragment.shared))
        if index < self.latest:
            self.dirty.update(claim[1] for claim in fragment.claims)
        else:
            self.latest = index
            self._apply(fragment.claims)
        first = self.first_evidence
        for node in fragment.evidenced:
            if first.get(node, index + 1) > index:
                first[node] = index
        for node, span, written in fragment.fallback:
            offered = self.fallbacks.get(node)
            if offered is None or offered[0] > index:
                self.fallbacks[node] = (index, span, written)

    def _replay(self) -> None:
        """Claims of the dirty nodes again, from scratch and in input order."""
        dirty, self.dirty = self.dirty, set()
        self.claimed = {t: None for t in self.claimed if t[0] not in dirty}
        for node in dirty:
            self.labels.pop(node, None)
            self.alts.pop(node, None)
            self.typed.discard(node)
        for index in sorted(self.claims):
            self._apply(self.claims[index], dirty)

    def result(self) -> "Triples":
        if self.dirty:
            self._replay()
        triples = dict(self.triples)
        triples.update(self.claimed)
        self.fallback_evidence = set()
        for node, (index, span, written) in self.fallbacks.items():
            # a fallback counts for a node no document up to its own evidenced
            if self.first_evidence.get(node, index + 1) > index:
                if not written:
                    triples.update(dict.fromkeys(mention_triples(span)))
                mention = mention_iri(span)
                triples[(node, _EVIDENCE, mention, IRI)] = None
                self.fallback_evidence.add((node, mention))
        return Triples(triples, [self.blocks[i] for i in sorted(self.blocks)])


def merge(fragments) -> "Triples":
    """The graph of `fragments`, taken in input order (see Merger)."""
    merger = Merger()
    for fragment in fragments:
        merger.add(fragment)
    return merger.result()


# ------------------------------------------------------------------ output

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# N-Triples forbids these in an IRI; kg's own IRIs never hold them, but a
# document slug or lexicon key might, and the file must still parse.
_IRI_FORBIDDEN = frozenset('<>"{}|^`\\ ') | frozenset(chr(c) for c in range(0x21))
# A prefixed name's local part kg writes: its "/" escaped, as Turtle allows.
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_/-]*")


def _iri_text(iri: str) -> str:
    if _IRI_FORBIDDEN.isdisjoint(iri):
        return iri
    return "".join("".join(f"%{b:02X}" for b in c.encode("utf-8")) if c in _IRI_FORBIDDEN else c for c in iri)


class _Writer:
    """Terms as N-Triples or Turtle text, each distinct IRI rendered once."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        # longest namespace first, so nkr: is not taken for a longer one
        self.prefixes = sorted((prefixes or {}).items(), key=lambda item: -len(item[1]))
        self.memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        text = self.memo.get(iri)
        if text is None:
            for prefix, ns in self.prefixes:
                if iri.startswith(ns):
                    local = iri[len(ns):]
                    if _LOCAL.fullmatch(local):
                        text = f"{prefix}:{local.replace('/', chr(92) + '/')}"
                    break
            if text is None:
                text = f"<{_iri_text(iri)}>"
            self.memo[iri] = text
        return text

    def object(self, o: str, kind: str) -> str:
        if kind == IRI:
            return self.iri(o)
        # most literals need no escape, and four scans cost less than a translate
        if '"' in o or "\\" in o or "\n" in o or "\r" in o:
            o = o.translate(_LITERAL_ESCAPES)
        literal = '"' + o + '"'
        if kind == PLAIN:
            return literal
        if kind[0] == "@":
            return literal + kind
        return f"{literal}^^{self.iri(kind)}"


def _turtle_body(triples, w: "_Writer") -> str:
    """Turtle statements without the prefix lines: subjects sorted, each
    written once with its predicates and objects."""
    iri, obj, memo = w.iri, w.object, w.memo
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o, k in triples:
        predicates = by_subject.get(s)
        if predicates is None:
            predicates = by_subject[s] = {}
        objects = predicates.get(p)
        if objects is None:
            objects = predicates[p] = []
        objects.append((k == IRI and memo.get(o)) or obj(o, k))
    out = []
    for s in sorted(by_subject):
        parts = [f"{'a' if p == _TYPE else memo.get(p) or iri(p)} {' , '.join(sorted(objects))}"
                 for p, objects in sorted(by_subject[s].items(), key=lambda item: (item[0] != _TYPE, item[0]))]
        out.append(f"\n{iri(s)} " + " ;\n\t".join(parts) + " .\n")
    return "".join(out)


class Triples:
    """A merged graph as plain tuples: what the files, the view and the
    store are written from without building an rdflib Graph. `blocks`: the
    documents' private triples with their Turtle (UTF-8), written in the workers;
    `triples`: all others."""

    def __init__(self, triples, blocks=()):
        self.triples = list(triples)
        self.blocks = list(blocks)
        self._by_predicate: dict[str, list[Triple]] | None = None

    @classmethod
    def from_graph(cls, graph) -> "Triples":
        """The triples of an rdflib Graph without blank nodes (kg writes none)."""
        from rdflib import Literal, URIRef

        out = []
        for s, p, o in graph:
            if not isinstance(s, URIRef) or not isinstance(o, (URIRef, Literal)):
                raise ValueError(f"blank node in ({s}, {p}, {o}): kg graphs name every node")
            if isinstance(o, URIRef):
                kind = IRI
            else:
                kind = f"@{o.language}" if o.language else str(o.datatype) if o.datatype else PLAIN
            out.append((str(s), str(p), str(o), kind))
        return cls(out)

    def __len__(self) -> int:
        return len(self.triples) + sum(len(private) for private, _ in self.blocks)

    def __iter__(self):
        yield from self.triples
        for private, _ in self.blocks:
            yield from private

    def ntriples(self) -> bytes:
        """Sorted N-Triples, a line per triple."""
        w = _Writer()
        iri, obj = w.iri, w.object
        memo = w.memo
        lines = [f"{memo.get(s) or iri(s)} {memo.get(p) or iri(p)} {obj(o, k)} .\n" for s, p, o, k in self]
        lines.sort()
        return "".join(lines).encode("utf-8")

    def turtle(self, graph: str | None = None) -> bytes:
        """Turtle: the shared nodes, then each document's own; with `graph`,
        TriG holding every triple in that named graph."""
        head = [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in IRIS.items()]
        w = _Writer(IRIS)
        if graph is not None:
            head.append(f"\n{w.iri(graph)} {{\n")
        head.append(_turtle_body(self.triples, w))
        # the documents' blocks come encoded from the workers
        return b"".join(["".join(head).encode("utf-8"), *(text for _, text in self.blocks),
                         b"}\n" if graph is not None else b""])

    def with_predicate(self, predicate: str) -> list[Triple]:
        if self._by_predicate is None:
            self._by_predicate = {}
            for t in self:
                self._by_predicate.setdefault(t[1], []).append(t)
        return self._by_predicate.get(predicate, [])

    def graph(self):
        from rdflib import Graph

        from .namespaces import bind_all

        g = Graph()
        bind_all(g)
        g.parse(data=self.ntriples(), format="nt")
        return g


def build_graph(extractions: list[Extraction], lex: Lexicon):
    """The rdflib Graph of `extractions` (for scripts and tests; `kg build`
    writes its files from `merge` without one)."""
    return merge(emit(ex, lex) for ex in extractions).graph()
