"""Document -> sentences and tokens: spaCy's blank German tokenizer with a
rule-based sentencizer, then HanTa for STTS part-of-speech tags and lemmas.

In: a Document. Out: Sentences whose tokens carry character offsets into
`Document.text`. A line without final punctuation is a heading and a sentence
of its own. Emits no ontology terms itself; the offsets end up in nif:
spans."""
from __future__ import annotations

import re
import time
from functools import lru_cache

from .records import Document, Sentence, Token

_LINE = re.compile(r"[^\n]+")


def _import_spacy():
    """spaCy's __init__ imports its command line (typer, requests, jinja2,
    weasel) only to re-export `spacy.info`: a quarter of spaCy's import
    time, of no use to a tokenizer. A placeholder stands in for spacy.cli
    while spaCy imports and is removed afterwards, so a later
    `import spacy.cli` still gets the real one."""
    import sys
    import types

    if "spacy" in sys.modules:
        import spacy

        return spacy

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    cli_info = types.ModuleType("spacy.cli.info")
    cli_info.info = info
    cli.info = cli_info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - a spaCy that needs more of its cli: import it as it is
        spacy = None
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if spacy is None:
        import spacy
    elif getattr(spacy, "cli", None) is cli:
        del spacy.cli
    return spacy


@lru_cache(maxsize=1)
def _nlp():
    spacy = _import_spacy()

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


# Seconds spent tokenising (spaCy), tagging (HanTa) and resolving entities
# (kg.entities), and tokens seen, in this process; kg.build reads them to
# report where a build's time goes.
STAGE_SECONDS = {"tokenising": 0.0, "tagging": 0.0, "resolving": 0.0}
TOKENS = [0]


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger as ht

    class Tagger(ht.HanoverTagger):
        def reachable(self):
            # the same sets as HanTa's own, which rescans every transition
            # for every state it finds (a fifth of the model's load time)
            preds: dict = {}
            for (_, c), followers in self.LP_trans.items():
                for f in followers:
                    preds.setdefault(f, set()).add(c)
            self.reachability = {}
            for c in self.int2tag:
                if c >= 0:
                    continue
                seen = set(preds.get(c, ()))
                todo = list(seen)
                while todo:
                    for a in preds.get(todo.pop(), ()):
                        if a not in seen:
                            seen.add(a)
                            todo.append(a)
                self.reachability[c] = frozenset(seen)

    tagger = Tagger("morphmodel_ger.pgz")
    # HanTa analyses every occurrence of a word afresh, which is most of its
    # cost. Both per-word steps are pure functions of their arguments, so
    # memoising them on the instance speeds up repeated word forms without
    # changing a single tag or lemma.
    tagger._tag_word = lru_cache(maxsize=200_000)(tagger._tag_word)
    tagger._analyze = lru_cache(maxsize=200_000)(tagger._analyze)
    return tagger


def warm_up() -> None:
    """Load spaCy and HanTa now (before forking workers, or to time it)."""
    _nlp()
    _tagger()


_TAG_CACHE: dict[tuple[str, ...], list[tuple[str, str]]] = {}


def tag_tokens(words: tuple[str, ...]) -> list[tuple[str, str]]:
    """(lemma, tag) per word; a sentence seen before is not tagged again."""
    hit = _TAG_CACHE.get(words)
    if hit is None:
        # HanTa's time grows steeply with word length (58 s for a 1,000-character token):
        # an overlong token is tagged as a stand-in
        tagged = _tagger().tag_sent([w if len(w) <= 40 else "Xxx" for w in words], taglevel=1)
        hit = [(lemma, tag) for _, lemma, tag in tagged]
        if len(_TAG_CACHE) < 200_000:
            _TAG_CACHE[words] = hit
    return hit


def split(doc: Document) -> list[Sentence]:
    nlp = _nlp()
    body = doc.text
    lines = [(m.start(), m.group()) for m in _LINE.finditer(body, doc.body_start) if m.group().strip()]
    sentences: list[Sentence] = []
    clock = time.perf_counter()
    docs = list(nlp.pipe(line for _, line in lines))
    tagging = 0.0
    for (offset, line), parsed in zip(lines, docs):
        heading = not line.rstrip().endswith((".", "!", "?", "“", "\"", "»", ":", "«"))
        groups = [[t for t in sent if not t.is_space] for sent in _merge_short(list(parsed.sents))]
        # an opening quote mark the sentencizer left at the end belongs to the next sentence
        for a, b in zip(groups, groups[1:]):
            while a and a[-1].text in ("„", "»", "‚"):
                b.insert(0, a.pop())
        for toks in groups:
            if not toks:
                continue
            words = tuple(t.text for t in toks)
            tick = time.perf_counter()
            tags = tag_tokens(words)
            tagging += time.perf_counter() - tick
            TOKENS[0] += len(words)
            tokens = tuple(
                Token(text=t.text, start=offset + t.idx, end=offset + t.idx + len(t.text), lemma=lemma, tag=tag,
                      space_after=bool(t.whitespace_))
                for t, (lemma, tag) in zip(toks, tags))
            start, end = tokens[0].start, tokens[-1].end
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=body[start:end],
                                      tokens=tokens, is_heading=heading))
    STAGE_SECONDS["tagging"] += tagging
    STAGE_SECONDS["tokenising"] += time.perf_counter() - clock - tagging
    return sentences


def _merge_short(sents):
    """Glue a fragment the sentencizer cut off after an ordinal ("am 13.
    August") or a closing quote back onto its sentence."""
    merged = []
    for s in sents:
        if merged:
            prev = merged[-1]
            last = prev[-1]
            first = s[0]
            if (last.text.endswith(".") and last.text[:-1].isdigit()) or first.text in ("“", "”", "«", "\"") \
                    or (first.is_lower and not first.is_punct):
                merged[-1] = prev.doc[prev.start:s.end]
                continue
        merged.append(s)
    return merged
