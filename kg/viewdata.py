"""The graph as the view draws it: nodes, edges, sentences and documents.

In: a merged graph (kg.rdf.Triples or an rdflib Graph) in the core
vocabulary (`view_data`); or, in `kg build`, one `ViewPiece` per document,
made with its Fragment in the worker and cached with it (`piece`), joined
with the merged graph's shared nodes (`assemble`), so that a rebuild after
one document changed locates only that document's sentences again. Out:
a dict of plain lists (`view_data`: nodes with class, name, alt names,
roles, facts, located evidence and days; edges as index pairs; sentences;
documents), and the `Parts` kg.view writes into the page (`assemble`, or
`parts_of` such a dict). Reads rdf:type, rdfs:label, skos:altLabel, owl:sameAs,
nkg:hasRole, nkg:evidence, the nif: span of each mention, dcterms:source and
dcterms:date of documents, nkg:date, nkg:content, nkg:quote, and the
relations in RELATIONS; emits no RDF.

Both ways give the same nodes and edges: only the numbering of sentences and
documents follows the order they are met in (tests/test_view.py checks it).
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

from .namespaces import SPACES
from .records import ViewPiece

DCTERMS, NIF, NKG, OWL, RDF, RDFS, SKOS = (SPACES[p] for p in ("dcterms", "nif", "nkg", "owl", "rdf", "rdfs", "skos"))

# The drawn classes. The order decides the class of a node that carries
# several types (most specific first); kg.view styles them in this order.
CLASS_ORDER = ("Person", "Country", "Organization", "Delegation", "Negotiation", "Meeting", "Place", "Issue",
               "Demand", "Rejection", "Threat", "Offer", "Statement",
               # only reached when a graph carries nothing more specific than these
               "Position", "Actor")
_CLASS_INDEX = {NKG[name]: i for i, name in enumerate(CLASS_ORDER)}
_STATEMENT = CLASS_ORDER.index("Statement")

# (property, edge label, drawn against the RDF direction)
RELATIONS = (
    (NKG.holder, "holder", True),
    (NKG.speaker, "speaker", True),
    (NKG.about, "about", False),
    (NKG.conditionFor, "conditionFor", False),
    (NKG.target, "target", False),
    (NKG.triggeredBy, "triggeredBy", False),
    (NKG.addressee, "addressee", False),
    (NKG.represents, "represents", False),
    (NKG.hasMember, "hasMember", False),
    (NKG.headedBy, "headedBy", False),
    (NKG.participant, "participant", False),
    (NKG.mediator, "mediator", False),
    (NKG.location, "location", False),
    (NKG.partOf, "partOf", False),
    (NKG.affiliatedWith, "affiliatedWith", False),
)
_RELATION_INDEX = {prop: i for i, (prop, _, _) in enumerate(RELATIONS)}

_SENTENCE_MAX = 600
_LABEL_MAX = 42

# Attribute codes of the one pass over the triples.
(_TYPE, _LABEL, _ALT, _SAMEAS, _ROLE, _EVIDENCE, _ANCHOR, _CONTEXT, _BEGIN, _END,
 _ISSTRING, _SOURCE, _DCDATE, _DATE, _CONTENT, _QUOTE) = range(16)
_PREDICATES = {
    RDF.type: _TYPE, RDFS.label: _LABEL, SKOS.altLabel: _ALT, OWL.sameAs: _SAMEAS,
    NKG.hasRole: _ROLE, NKG.evidence: _EVIDENCE, NIF.anchorOf: _ANCHOR,
    NIF.referenceContext: _CONTEXT, NIF.beginIndex: _BEGIN, NIF.endIndex: _END,
    NIF.isString: _ISSTRING, DCTERMS.source: _SOURCE, DCTERMS.date: _DCDATE,
    NKG.date: _DATE, NKG.content: _CONTENT, NKG.quote: _QUOTE,
}

# A sentence ends at a line break, or at . ! ? (plus closing quotes) before
# whitespace and a capital or opening quote, unless the full stop follows a
# digit ("am 24. Januar").
_SENTENCE_END = re.compile(
    r"\n+|(?:(?<!\d)\.|[!?])[\"“”»«‘’']*\s+(?=[\"„“»«‘(]?[A-ZÄÖÜ])")


class _Facts:
    """The properties the view reads, each as a dict keyed by plain str:
    rdflib's per-triple overhead and its Python-level term equality dominate
    the time otherwise."""

    def __init__(self, rows_of, *, evidence: bool = True):
        self.cls: dict = {}
        self.label: dict = {}
        self.alts: dict = {}
        self.attrs: dict = {}      # node -> {code: [values]} for the rarer attributes
        self.evidence: dict = {}
        self.anchor: dict = {}
        self.context: dict = {}
        self.begin: dict = {}
        self.end: dict = {}
        self.doc_text: dict = {}
        self.doc_source: dict = {}
        self.doc_date: dict = {}
        simple = {_ANCHOR: self.anchor, _CONTEXT: self.context, _BEGIN: self.begin, _END: self.end,
                  _ISSTRING: self.doc_text, _SOURCE: self.doc_source, _DCDATE: self.doc_date}
        cls, label, attrs = self.cls, self.label, self.attrs
        for prop, code in _PREDICATES.items():
            if code == _EVIDENCE and not evidence:
                continue
            rows = rows_of(prop)
            if code in simple:
                target = simple[code]
                for s, _, o, _ in rows:
                    target[s] = o
            elif code == _EVIDENCE:
                for s, _, o, _ in rows:
                    self.evidence.setdefault(s, []).append(o)
            elif code == _TYPE:
                for s, _, o, _ in rows:
                    c = _CLASS_INDEX.get(o)
                    if c is not None and (s not in cls or c < cls[s]):
                        cls[s] = c
            elif code == _LABEL:
                for s, _, o, kind in rows:
                    if s not in label or kind == "@de":
                        label[s] = o
            elif code == _ALT:
                for s, _, o, _ in rows:
                    self.alts.setdefault(s, []).append(o)
            else:
                for s, _, o, _ in rows:
                    attrs.setdefault(s, {}).setdefault(code, []).append(o)
        self.raw_edges = [(s, o, rel) for prop, rel in _RELATION_INDEX.items() for s, _, o, _ in rows_of(prop)]

    def node(self, iri: str, ev: list, ev_days) -> dict:
        """The node dict of `iri` with its located evidence `ev` (sorted here)
        and the days of the documents they come from; "f" stays empty for a
        node with no name (see `_name_unnamed`)."""
        label = self.label
        extra = self.attrs.get(iri, {})
        full = label.get(iri) or _least(extra.get(_CONTENT)) or _least(extra.get(_QUOTE))
        if full and self.cls[iri] == _STATEMENT and not label.get(iri):
            full = f"„{full}“"
        node = {"i": iri, "c": self.cls[iri], "f": full or ""}
        if iri in self.alts:
            node["a"] = sorted(set(self.alts[iri]))
        facts = []
        for key, code in (("content", _CONTENT), ("quote", _QUOTE)):
            for value in sorted(extra.get(code, ())):
                facts.append([key, value])
        dates = {day[:10] for day in ev_days if day}
        for key, value in (("date", self.doc_date.get(iri)), ("date", _least(extra.get(_DATE)))):
            if value:
                facts.append([key, value])
                dates.add(value[:10])   # a dateTime filters by its day
        for value in sorted(extra.get(_SAMEAS, ())):
            facts.append(["sameAs", value])
        roles = [label.get(r) or _local(r) for r in extra.get(_ROLE, ())]
        if roles:
            node["r"] = sorted(set(roles))
        if facts:
            node["k"] = facts
        if ev:
            ev.sort()
            node["e"] = ev
        if dates:
            node["d"] = sorted(dates)
        return node


def view_data(graph) -> dict:
    """Nodes, edges, sentences and documents of a whole graph."""
    facts = _Facts(_rows_of(graph))
    sentences = _Sentences(facts)
    docs = sentences.docs
    nodes = []
    for iri in sorted(facts.cls):
        ev = []
        for mention in facts.evidence.get(iri, ()):
            item = sentences.locate(mention)
            if item is not None:
                ev.append(item)
        nodes.append(facts.node(iri, ev, [docs[sentences.sents[s][1]][1] for s, _, _ in ev]))
    kinds = [(node["i"], node["c"]) for node in nodes]
    edges = _edges(facts.raw_edges, [iri for iri, _ in kinds])
    _name_unnamed(nodes, edges, kinds)
    return {"nodes": nodes, "edges": edges, "sents": sentences.sents, "docs": docs}


def piece(fragment) -> ViewPiece:
    """The view's share of one document (a kg.records.Fragment): what
    `assemble` needs besides the merged graph's shared nodes."""
    from .rdf import Merger, mention_iri

    alone = Merger()
    alone.add(fragment)
    facts = _Facts(alone.result().with_predicate)
    sentences = _Sentences(facts)
    # its evidence links make no shared node the document's own
    own = {s for s, p, _, _ in fragment.private if p != NKG.evidence}
    # the merger decides whether a fallback counts: it stays apart
    maybe = {node for node, _, _ in fragment.fallback}
    named, loose, evidence = [], [], []
    for iri in sorted(facts.cls.keys() & own):
        located = [item for item in map(sentences.locate, facts.evidence.get(iri, ())) if item is not None]
        node = facts.node(iri, located, [sentences.docs[0][1]] if located else ())
        if node["f"]:
            node["l"] = short_label(node["f"])
            named.append(node)
        else:
            loose.append(node)
    for iri, mentions in sorted(facts.evidence.items()):
        if iri not in own and iri not in maybe:
            # the IRI once per node, not per sentence: a fifth of the page otherwise
            located = [c for item in map(sentences.locate, mentions) if item is not None for c in item]
            if located:
                evidence.append([iri, *located])
    fallback = []
    for node, span, _ in fragment.fallback:
        mention = mention_iri(span)
        item = sentences.locate(mention)
        if item is not None:
            fallback.append((node, mention, item))
    document = sentences.docs[0] if sentences.docs else (fragment.document.source, "")
    return ViewPiece(doc=(document[0], document[1]),
                     page=script_json([[text for text, _ in sentences.sents], named, evidence]),
                     own=tuple((node["i"], node["c"]) for node in named), loose=tuple(loose),
                     evidenced=tuple(iri for iri, *_ in evidence), fallback=tuple(fallback),
                     edges=tuple(e for e in facts.raw_edges if e[0] in own))


@dataclass
class Parts:
    """A page's data as kg.view writes it: `text`, per document, the JSON of
    its sentences, of the nodes only it has and of its evidence for the
    others ([[sentence, ...], [node, ...], [[IRI, sentence, mark start, mark
    end, sentence, ...], ...]], sentences numbered within the document; the
    third may be missing); `nodes`, all other nodes, the evidence they have apart from
    that as [document, sentence, mark start, mark end]; `own`,
    (IRI, class) of the documents' nodes in the order they follow `nodes`;
    `edges` index pairs over that order. The page's script numbers the
    sentences across the documents."""

    docs: list
    text: list
    nodes: list
    own: list
    edges: list

    def kinds(self) -> list[tuple[str, int]]:
        """(IRI, class) of every node, in page order."""
        return [(node["i"], node["c"]) for node in self.nodes] + self.own


def assemble(pieces, graph, fallback_evidence) -> Parts:
    """The page data of a graph merged by kg.rdf.Merger, from its
    documents' pieces in input order and its shared triples
    (`graph.triples`); fallback_evidence: the (node, mention) evidence the
    merger gave actors no document named."""
    from .rdf import Triples

    facts = _Facts(Triples(graph.triples).with_predicate, evidence=False)
    # the pieces' evidence for shared nodes stays in their blocks (the page's
    # script hands it to the nodes): only the days of its documents are needed
    days: dict = {}
    evidence: dict = {}
    loose = []
    own = []
    raw_edges = facts.raw_edges
    for j, p in enumerate(pieces):
        day = p.doc[1]
        for node in p.evidenced:
            days.setdefault(node, []).append(day)
        for node, mention, (s, b, e) in p.fallback:
            if (node, mention) in fallback_evidence:
                evidence.setdefault(node, []).append([j, s, b, e])
                days.setdefault(node, []).append(day)
        for node in p.loose:
            loose.append(dict(node, e=[[j, *item] for item in node["e"]]) if "e" in node else node)
        own.extend(p.own)
        raw_edges.extend(p.edges)
    nodes = []
    for iri in sorted(facts.cls.keys() - {iri for iri, _ in own} - {node["i"] for node in loose}):
        nodes.append(facts.node(iri, evidence.get(iri, []), days.get(iri, ())))
    nodes.extend(loose)
    parts = Parts(docs=[list(p.doc) for p in pieces], text=[p.page for p in pieces], nodes=nodes, own=own, edges=[])
    kinds = parts.kinds()
    parts.edges = _edges(raw_edges, [iri for iri, _ in kinds])
    _name_unnamed(nodes, parts.edges, kinds)
    for node in nodes:
        node["l"] = short_label(node["f"])
    return parts


def parts_of(data: dict) -> Parts:
    """The page data of `view_data`'s dict: the sentences grouped by document."""
    texts: list = [[] for _ in data["docs"]]
    where = []
    for text, d in data["sents"]:
        where.append((d, len(texts[d])))
        texts[d].append(text)
    nodes = []
    for node in data["nodes"]:
        node = dict(node, l=short_label(node["f"]))
        if "e" in node:
            node["e"] = [[*where[s], b, e] for s, b, e in node["e"]]
        nodes.append(node)
    return Parts(docs=data["docs"], text=[script_json([t, []]) for t in texts], nodes=nodes, own=[],
                 edges=data["edges"])


def short_label(full: str) -> str:
    return full if len(full) <= _LABEL_MAX else full[: _LABEL_MAX - 1].rstrip() + "…"


def script_json(value) -> str:
    """JSON that cannot end its <script> element or be read as markup:
    ensure_ascii escapes every non-ASCII character (U+2028 and U+2029
    included), and <, > and & become \\u escapes. Pieces written so can be
    joined into one such text."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rows_of(graph):
    """The (subject, predicate, object, kind) rows of a property as plain
    str (kind "@de" for a German literal, see kg.rdf), from kg.rdf.Triples or
    an rdflib Graph."""
    if hasattr(graph, "with_predicate"):
        return graph.with_predicate
    from rdflib import URIRef

    return lambda prop: ((str(s), "", str(o), f"@{o.language}" if getattr(o, "language", None) else "")
                         for s, o in graph.subject_objects(URIRef(prop)))


def _edges(raw_edges, iris) -> list:
    index = {iri: i for i, iri in enumerate(iris)}
    edges = []
    for s, o, rel in raw_edges:
        a, b = index.get(s), index.get(o)
        if a is None or b is None:
            continue
        edges.append((b, a, rel) if RELATIONS[rel][2] else (a, b, rel))
    edges.sort()
    return edges


def _name_unnamed(nodes, edges, kinds) -> None:
    """A position or statement without content in `nodes` (the first of
    `kinds`, (IRI, class) of every node) is named by who holds it."""
    unnamed = {i for i, node in enumerate(nodes) if not node["f"]}
    if not unnamed:
        return
    holder = {b: a for a, b, rel in edges if b in unnamed and RELATIONS[rel][2]}
    names = {a: nodes[a]["f"] for a in holder.values() if a < len(nodes)}
    for i in sorted(unnamed):
        who = names.get(holder.get(i), "")
        name = f"{CLASS_ORDER[kinds[i][1]]} ({who})" if who else _local(kinds[i][0])
        nodes[i] = dict(nodes[i], f=name)


class _Sentences:
    """Widens evidence spans to the sentence around them, each sentence kept once."""

    def __init__(self, facts: _Facts):
        self.facts = facts
        self.docs: list = []
        self.sents: list = []
        self._doc_index: dict = {}
        self._sent_index: dict = {}
        self._starts: dict = {}

    def _doc(self, doc) -> int:
        i = self._doc_index.get(doc)
        if i is None:
            i = self._doc_index[doc] = len(self.docs)
            self.docs.append([self.facts.doc_source.get(doc) or _local(doc), self.facts.doc_date.get(doc, "")])
        return i

    def _sentence_starts(self, doc) -> list[int]:
        starts = self._starts.get(doc)
        if starts is None:
            starts = [0] + [m.end() for m in _SENTENCE_END.finditer(self.facts.doc_text[doc])]
            self._starts[doc] = starts
        return starts

    def locate(self, mention):
        """[sentence index, mark start, mark end] for one mention, or None.
        Called for every evidence mention of a large graph: lookups are inlined."""
        facts = self.facts
        doc = facts.context.get(mention)
        text = facts.anchor.get(mention)
        if doc is None or text is None:
            return None
        doc_i = self._doc_index.get(doc)
        if doc_i is None:
            doc_i = self._doc(doc)
        whole = facts.doc_text.get(doc)
        try:
            b, e = int(facts.begin[mention]), int(facts.end[mention])
        except (KeyError, ValueError):
            b = e = -1
        if whole is None or b < 0 or e - b != len(text) or not whole.startswith(text, b):
            # No usable offsets: the anchor is all there is.
            key = (doc, text)
            i = self._sent_index.get(key)
            if i is None:
                i = self._sent_index[key] = len(self.sents)
                self.sents.append([text.strip(), doc_i])
            return [i, 0, 0]
        starts = self._starts.get(doc) or self._sentence_starts(doc)
        first = bisect.bisect_right(starts, b) - 1
        last = bisect.bisect_right(starts, max(b, e - 1))
        lo = starts[first]
        hi = starts[last] if last < len(starts) else len(whole)
        while lo < b and whole[lo].isspace():
            lo += 1
        while hi > e and whole[hi - 1].isspace():
            hi -= 1
        if hi - lo > _SENTENCE_MAX:
            lo = max(lo, b - _SENTENCE_MAX // 3)
            hi = min(hi, max(e, lo + _SENTENCE_MAX))
        key = (doc, lo, hi)
        s = self._sent_index.get(key)
        if s is None:
            s = self._sent_index[key] = len(self.sents)
            self.sents.append([whole[lo:hi], doc_i])
        mark_b, mark_e = b - lo, e - lo
        if mark_b == 0 and mark_e == hi - lo:
            mark_b = mark_e = 0   # the mention is the sentence: nothing to highlight
        return [s, mark_b, mark_e]


def _least(values):
    # not the first: the triples of shared nodes come in the order the
    # documents did, which a build with workers does not fix
    return min(values) if values else ""


def _local(iri) -> str:
    text = str(iri).rstrip("/#")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
