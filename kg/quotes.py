"""Resolved sentences -> statements: quotations in „…“, »…«, "…" and ‚…‘
with their speaker ("sagte X", "so X", "X erklärte: …", the subject of a
verb of saying, or the speaker of the sentence before for a quote that
stands alone). A pull quote repeated later in the text is the same
statement with a second mention.

In: a Resolution and the Lexicon. Out: Statements (nkg:Statement,
nkg:speaker, nkg:quote, nkg:evidence) and, per sentence, the speaker of the
quotes in it (positions use it to resolve "wir")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import Resolution, _normalise_quote
from .lexicon import Lexicon, fold
from .records import Span, Statement
from .syntax import clause_bounds, condition_end, in_pp, is_finite

SUBJUNCTIVE = {"sei", "seien", "habe", "hätten", "werde", "würden", "könne", "müsse", "müssten", "lägen", "wolle",
               "solle", "dürfe", "gebe", "stehe", "liege"}
_QUOTE = re.compile(r"„([^“”]+)[“”]|»([^«]+)«|\"([^\"]+)\"|‚([^‘’]+)[‘’]")


@dataclass(frozen=True)
class QuoteSpan:
    sentence: int
    begin: int     # offsets of the words inside the marks
    end: int
    text: str


def _speech_lemmas(lex: Lexicon) -> frozenset[str]:
    return lex.cue_words("speech", "verbs")


def _is_title(text: str) -> bool:
    words = text.split()
    return len(words) <= 4 and all(w[:1].isupper() for w in words) and not text.rstrip().endswith((".", "!", "?"))


def find_quotes(res: Resolution) -> list[QuoteSpan]:
    out = []
    for s in res.sentences:
        for m in _QUOTE.finditer(s.text):
            g = next(i for i in range(1, 5) if m.group(i) is not None)
            inner = m.group(g)
            if not inner.strip() or _is_title(inner):
                continue
            b = s.start + m.start(g)
            out.append(QuoteSpan(s.index, b, b + len(inner), inner))
    return out


def speaker_in(res: Resolution, s: int, lex: Lexicon, quote: QuoteSpan | None = None) -> str:
    """The speaker a sentence names: after the quote ("…“, sagte X"), before a
    colon ("X sagte: „…“"), or the subject of a verb of saying."""
    sent = res.sentences[s]
    speech = _speech_lemmas(lex)
    toks = sent.tokens
    # a word of a name is no verb ("Zaw Min Tun" read as "tun")
    named = {i for m, _ in res.actors(s) for i in range(m.tok_start, m.tok_end)}
    verbs = [i for i, t in enumerate(toks) if t.tag.startswith("VV") and fold(t.lemma) in speech
             and not (quote and quote.begin <= t.start < quote.end) and i not in named]
    cond = condition_end(sent)
    actors = [(m, k) for m, k in res.actors(s) if not (quote and quote.begin <= m.span.begin < quote.end)
              and m.tok_start >= cond]
    if quote:
        # "„…“, so Selenskyj."
        so = next((i for i, t in enumerate(toks) if t.start >= quote.end and t.text.lower() == "so"
                   and all(x.tag.startswith("$") or x.text in ("“", "«", "”", "\"", "‘")
                           for x in toks if quote.end <= x.start < t.start)), None)
        if so is not None:
            named = [k for m, k in actors if so < m.tok_start <= so + 6]
            if named:
                return named[0]
    if quote and not verbs:
        # "… lehnte Lawrow ab: „Das ist inakzeptabel.“": the subject before the colon
        before = res.doc.text[sent.start:quote.begin].rstrip(" „»\"")
        if before.endswith(":"):
            cands = [(m, k) for m, k in actors if m.span.end <= quote.begin and not in_pp(sent, m.tok_start)]
            persons = [k for m, k in cands if res.kind(k) == "Person"]
            if persons or cands:
                return (persons or [k for _, k in cands])[0]
        return ""
    if not verbs:
        return ""
    v = verbs[0]
    # "…“, sagte Umjerow" / "sagte er": the actor right after the verb
    _, clause_end = clause_bounds(sent, v)
    after = [(m, k) for m, k in actors if 0 < m.tok_start - v <= 4 and not in_pp(sent, m.tok_start)
             and m.tok_start < clause_end]
    right_after_quote = quote and toks[v].start >= quote.end and all(
        t.tag.startswith("$") or t.text in ("“", "«", "”", "\"") for t in toks if quote.end <= t.start < toks[v].start)
    if not after and right_after_quote and v + 2 < len(toks) and toks[v + 1].text.lower() in ("der", "die") \
            and toks[v + 2].tag.startswith(("NN", "ADJ")):
        # "…“, sagte der Argentinier" / "erklärte der Regierungschef": the person spoken of before
        return _last_subject(res, s, "f" if toks[v + 1].text.lower() == "die" else "m")
    if not actors:
        return ""
    persons_before = [k for m, k in actors if m.tok_end <= v and not in_pp(sent, m.tok_start)
                      and res.kind(k) == "Person"]
    if after and (right_after_quote or (v and toks[v - 1].text == ",")):
        # "X, ein Berater von Y, drohte, Iran werde …": the named person, not the country after the verb
        if persons_before and res.kind(after[0][1]) != "Person" and not right_after_quote:
            return persons_before[0]
        return after[0][1]
    cs, _ = clause_bounds(sent, v)
    if after and v > cs and toks[cs].tag.startswith(("APPR", "ADV")) and "FIN" in toks[v].tag \
            and res.kind(after[0][1]) == "Person":
        # "Nach einem Treffen mit X sprach der Minister Y von …": a fronted adverbial, the subject after the verb
        return after[0][1]
    # subject before the verb, prefer persons
    before = [(m, k) for m, k in actors if m.tok_end <= v and not in_pp(sent, m.tok_start)]
    persons = [k for m, k in before if res.kind(k) == "Person"]
    if persons:
        return persons[0]
    if before:
        return before[0][1]
    if after:
        return after[0][1]
    return ""


def _last_subject(res: Resolution, s: int, gender: str) -> str:
    """The person a sentence or the sentences before it are about (for "der 43-Jährige")."""
    for back in range(s, max(s - 4, -1), -1):
        if back in res.skip and back != s:
            continue
        sent = res.sentences[back]
        for m, k in res.actors(back):
            e = res.entities.get(k)
            if e and e.type == "Person" and e.gender in (gender, "") and not in_pp(sent, m.tok_start):
                return k
    return ""


def extract_statements(res: Resolution, lex: Lexicon) -> tuple[list[Statement], dict[int, str]]:
    quotes = find_quotes(res)
    statements: list[Statement] = []
    by_text: dict[str, int] = {}
    speaker_of_sentence: dict[int, str] = {}
    last_speaker = {}
    for q in quotes:
        speaker = speaker_in(res, q.sentence, lex, q)
        if not speaker and any(t.text.lower() in SUBJUNCTIVE for t in res.sentences[q.sentence].tokens):
            # "Ein Treffen sei erst sinnvoll, „nicht, um …“": reported speech goes on
            speaker = next((speaker_of_sentence[b] for b in range(q.sentence - 1, max(q.sentence - 3, -1), -1)
                            if b in speaker_of_sentence), "") or _last_subject(res, q.sentence - 1, "m")
        if not speaker:
            sent = res.sentences[q.sentence]
            whole = sent.text.strip("„“”»«\"' .")
            if fold(whole).startswith(fold(q.text.strip(" ."))) and q.sentence - 1 in last_speaker:
                speaker = last_speaker[q.sentence - 1]
        if not speaker:
            continue
        speaker_of_sentence[q.sentence] = speaker
        key = _normalise_quote(q.text)
        span = Span(res.doc.slug, q.begin, q.end, q.text)
        if key in by_text:
            i = by_text[key]
            st = statements[i]
            statements[i] = Statement(st.speaker, st.quote, st.evidence + (span,))
            continue
        by_text[key] = len(statements)
        statements.append(Statement(speaker, q.text.strip(), (span,)))
    # sentences that only speak ("…, sagte er.") give a speaker to a quote after them
    for s in res.sentences:
        sp = speaker_of_sentence.get(s.index) or speaker_in(res, s.index, lex)
        if sp:
            last_speaker[s.index] = sp
    # second pass for stand-alone quotes whose speaker is in the sentence before
    for q in quotes:
        if q.sentence in speaker_of_sentence:
            continue
        sent = res.sentences[q.sentence]
        if sent.text.lstrip().startswith(("„", "»", "\"")) and q.sentence - 1 in last_speaker \
                and not any(is_finite(t.tag) for t in sent.tokens if t.start >= q.end):
            speaker = last_speaker[q.sentence - 1]
            speaker_of_sentence[q.sentence] = speaker
            key = _normalise_quote(q.text)
            span = Span(res.doc.slug, q.begin, q.end, q.text)
            if key in by_text:
                continue
            by_text[key] = len(statements)
            statements.append(Statement(speaker, q.text.strip(), (span,)))
    # pull quotes: a later line that repeats a quote without marks
    for s in res.sentences:
        if s.index in res.skip:
            key = _normalise_quote(s.text)
            if key in by_text:
                i = by_text[key]
                st = statements[i]
                span = Span(res.doc.slug, s.start, s.end, s.text)
                statements[i] = Statement(st.speaker, st.quote, st.evidence + (span,))
                speaker_of_sentence[s.index] = st.speaker
    return statements, speaker_of_sentence
