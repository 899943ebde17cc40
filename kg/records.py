"""Typed records passed between the pipeline stages. Every fact keeps the
character offsets of its evidence in the document text, so the RDF stage can
write them as nif: spans."""
from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field, fields
from datetime import date


@dataclass(frozen=True)
class Document:
    """One source text as read from disk; `text` is the whole file, header
    included, so offsets are Python str indices into the file's content."""

    source: str          # file name, written as dcterms:source
    slug: str            # stable IRI part
    text: str
    body_start: int      # where the text after the date header begins
    date: date | None
    language: str = "de"


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    tag: str = ""        # STTS tag from HanTa ("" where not tagged)
    lemma: str = ""
    space_after: bool = True


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    is_heading: bool = False


@dataclass(frozen=True)
class Span:
    """Evidence: a stretch of one document's text."""

    doc: str             # document slug
    begin: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names something: an actor, role, place, issue,
    date or pronoun."""

    kind: str            # actor | role | place | issue | pronoun
    key: str             # entity key it refers to ("" for unresolved pronouns)
    sentence: int
    tok_start: int       # token index range within the sentence
    tok_end: int
    span: Span
    surface: str = ""


@dataclass(frozen=True)
class Entity:
    key: str             # "person/rustem-umjerow": the IRI path below nkr:
    type: str            # Person | Country | Organization | Place | Role | Issue
    label: str
    alt_labels: tuple[str, ...] = ()
    wikidata: str = ""
    gender: str = ""     # m | f | "" (for pronoun resolution)
    affiliation: str = ""  # entity key


@dataclass(frozen=True)
class RoleFact:
    person: str
    role: str            # role entity key
    evidence: Span


@dataclass(frozen=True)
class Affiliation:
    actor: str
    party: str
    evidence: Span


@dataclass(frozen=True)
class Delegation:
    represents: str      # party entity key
    members: tuple[str, ...]
    head: str = ""
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Meeting:
    place: str           # place entity key
    day: date
    participants: tuple[str, ...]
    mediators: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Position:
    kind: str            # Demand | Rejection | Threat | Offer
    holder: str
    content: str
    evidence: Span
    addressee: str = ""
    issues: tuple[str, ...] = ()
    condition: str = ""   # issue key
    target: int | None = None      # index of the rejected position in the same extraction
    triggered_by: int | None = None
    condition_text: str = ""       # "falls Kiew nicht einlenke"


@dataclass(frozen=True)
class Statement:
    speaker: str
    quote: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything found in one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    roles: tuple[RoleFact, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    delegations: tuple[Delegation, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    positions: tuple[Position, ...] = ()
    statements: tuple[Statement, ...] = ()
    issues: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)


# One RDF triple as plain strings: subject IRI, predicate IRI, object, and
# the object's kind ("i" an IRI, "" a plain literal, "@de" a literal in
# German, else the datatype IRI of a typed literal). See kg.rdf.
Triple = tuple[str, str, str, str]


class PackedTriples:
    """A document's private triples as pickled bytes until first iterated.
    A build from the cache needs most documents' private triples only as
    the Turtle written with them (and their number): reading them back as
    tuples was a third of the time of loading the cache."""

    __slots__ = ("_blob", "_count", "_triples")

    def __init__(self, blob: bytes, count: int):
        self._blob, self._count, self._triples = blob, count, None

    @classmethod
    def pack(cls, triples) -> "PackedTriples":
        triples = tuple(triples)
        return cls(pickle.dumps(triples, protocol=pickle.HIGHEST_PROTOCOL), len(triples))

    def _unpacked(self) -> tuple:
        if self._triples is None:
            self._triples = _StrTuples(io.BytesIO(self._blob)).load()
            self._blob = b""
        return self._triples

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return iter(self._unpacked())

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._unpacked())

    def __reduce__(self):
        return PackedTriples, (self._blob or PackedTriples.pack(self._triples)._blob, self._count)


class _StrTuples(pickle.Unpickler):
    """Unpickles tuples of str and nothing else: the bytes may come from a
    cache file someone else wrote."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in packed triples")


@dataclass(frozen=True)
class Fragment:
    """One document's share of the graph (kg.rdf.emit), made in the worker
    that extracted it and kept in the cache. `private`: the triples of the
    nodes only this document has (itself, its mentions, positions and
    statements) and the evidence links to its mentions, also written out as
    Turtle (`turtle`, UTF-8); `shared`: triples about nodes other documents
    may have too; `claims`: what depends on the
    documents before it, in order: ("L", node, label), ("A", node,
    altLabel), ("T", node) typed by the text, ("D", node, class, label,
    Wikidata IRI) an actor's lexicon entry."""

    document: Document
    private: "tuple[Triple, ...] | PackedTriples"
    turtle: bytes
    shared: tuple[Triple, ...]
    claims: tuple[tuple, ...]
    evidenced: frozenset[str]
    # evidence for nodes no document named: (node, span, whether the
    # span's mention is among the private triples already)
    fallback: tuple[tuple[str, Span, bool], ...]
    counts: tuple[tuple[str, int], ...]
    meetings: tuple[str, ...]
    view: "ViewPiece | None" = None   # kg.viewdata.piece, made in the worker too

    def __reduce__(self):
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if not isinstance(self.private, PackedTriples):
            values["private"] = PackedTriples.pack(self.private)
        return Fragment, tuple(values.values())


@dataclass(frozen=True)
class ViewPiece:
    """One document's share of the view (kg.viewdata.piece), its sentences
    numbered within the document. `page`: the JSON the page carries for it,
    its sentences, the positions and statements only it has and its evidence
    for shared nodes; `own`: (IRI, class) of those nodes, in that order;
    `loose`: the ones with no name, named once the holder's label is known;
    `evidenced`: the shared nodes that evidence names;
    `fallback`: (node, mention, item) for the evidence the merger may give an
    actor no document named; `edges`: (subject, object, relation index)
    from its own nodes."""

    doc: tuple[str, str]
    page: str
    own: tuple[tuple[str, int], ...]
    loose: tuple[dict, ...]
    evidenced: tuple[str, ...]
    fallback: tuple[tuple[str, str, list], ...]
    edges: tuple[tuple[str, str, int], ...]
