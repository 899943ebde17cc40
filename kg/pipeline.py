"""One document through every extraction stage:
text -> document -> sentences and tokens -> mentions -> entities ->
delegations, meetings, positions, quotes.

In: a Document and the Lexicon. Out: an `Extraction` with typed records that
carry their evidence spans; `kg.rdf` turns them into the graph."""
from __future__ import annotations

from .delegations import affiliate_members, extract_delegations
from .entities import resolve
from .lexicon import Lexicon, fold
from .meetings import extract_meetings
from .positions import extract_positions
from .quotes import extract_statements
from .records import Document, Extraction
from .sentences import split


def extract(doc: Document, lex: Lexicon) -> Extraction:
    sentences = split(doc)
    res = resolve(doc, sentences, lex)
    delegations = extract_delegations(res, lex)
    affiliate_members(res, delegations)
    meetings = extract_meetings(res, lex, [d.represents for d in delegations])
    statements, speakers = extract_statements(res, lex)
    positions = extract_positions(res, lex, speakers)
    used = {p.holder for p in positions} | {p.addressee for p in positions} | {s.speaker for s in statements}
    used |= {d.represents for d in delegations} | {m for d in delegations for m in d.members}
    used |= {x for m in meetings for x in m.participants + m.mediators}
    used |= {a.party for a in res.affiliations}
    entities = [e for k, e in res.entities.items() if k in used or res.evidence.get(k)]
    issue_keys = {m.key for ms in res.mentions.values() for m in ms if m.kind == "issue"}
    issue_keys |= {i for p in positions for i in p.issues} | {p.condition for p in positions if p.condition}
    mentions = tuple(m for ms in res.mentions.values() for m in ms)
    return Extraction(
        document=doc,
        entities=tuple(entities),
        roles=tuple(res.roles),
        affiliations=tuple(res.affiliations),
        delegations=tuple(delegations),
        meetings=tuple(meetings),
        positions=tuple(positions),
        statements=tuple(statements),
        issues=tuple(sorted(issue_keys, key=fold)),
        mentions=mentions,
    )
