"""Date expressions in a sentence -> calendar days, resolved against the
document date: explicit ("am 16. Mai", "16.05.2025"), weekdays ("am
Freitag", "an diesem Freitag"; the tense decides whether the day lies
before or after the document date), two days joined by "und" ("am 12. und 13.
Januar", "am Montag und Dienstag") and relative days ("am Vortag",
"gestern", "morgen").

In: a Sentence and the Document date. Out: (token index, date) pairs; they
become nkg:date of meetings."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .records import Sentence

WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
            "sonnabend": 5, "sonntag": 6}
MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
          "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12}
RELATIVE = {"vortag": -1, "gestern": -1, "vorgestern": -2, "heute": 0, "morgen": 1, "übermorgen": 2}
FUTURE_WORDS = {"will", "wollen", "wolle", "soll", "sollen", "solle", "sollten", "plant", "planen", "geplant",
                "kommenden", "nächsten", "wird", "werden", "künftig", "bevorstehenden", "anstehenden", "bereit"}
_NUMERIC = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?$")


def _week_after(toks, j: int) -> int:
    """ "vergangener Woche", "der kommenden Woche" after a weekday: -1 or 1 weeks, else 0."""
    words = [t.text.lower() for t in toks[j:j + 3]]
    if words[:1] == ["der"]:
        words = words[1:]
    if len(words) < 2 or not words[1].startswith("woche"):
        return 0
    if words[0].startswith(("vergangen", "letzt", "vorig")):
        return -1
    return 1 if words[0].startswith(("kommend", "nächst", "folgend")) else 0


# "tags darauf", "am Folgetag", "am nächsten Tag": the day after the event just told
DAY_AFTER = {("tags", "darauf"), ("folgetag",), ("folgenden", "tag"), ("nächsten", "tag"), ("tag", "darauf")}


def day_after(sent: Sentence) -> int | None:
    """Index of a phrase that dates the sentence one day after the previous event, else None."""
    words = [t.text.lower() for t in sent.tokens]
    for i in range(len(words)):
        for phrase in DAY_AFTER:
            if tuple(words[i:i + len(phrase)]) == phrase:
                return i
    return None


def is_future(sent: Sentence) -> bool:
    return any(t.text.lower() in FUTURE_WORDS for t in sent.tokens)


def resolve_dates(sent: Sentence, doc_date: date | None) -> list[tuple[int, date]]:
    toks = sent.tokens
    out: list[tuple[int, date]] = []
    future = is_future(sent)
    for i, t in enumerate(toks):
        w = t.text.lower()
        m = _NUMERIC.match(t.text)
        if m and m.group(3):
            year = int(m.group(3))
            year = year + 2000 if year < 100 else year
            try:
                out.append((i, date(year, int(m.group(2)), int(m.group(1)))))
            except ValueError:
                pass
            continue
        # "am 12. und 13. Januar": the first day takes the month of the second
        joined = i + 3 < len(toks) and toks[i + 1].text.lower() == "und" and toks[i + 2].text.endswith(".") \
            and toks[i + 2].text[:-1].isdigit() and toks[i + 3].text.lower() in MONTHS
        if t.text.endswith(".") and t.text[:-1].isdigit() and (joined or i + 1 < len(toks)
                                                                and toks[i + 1].text.lower() in MONTHS):
            month = toks[i + 3 if joined else i + 1].text.lower()
            i_year = i + 4 if joined else i + 2
            year = doc_date.year if doc_date else None
            if i_year < len(toks) and toks[i_year].text.isdigit() and len(toks[i_year].text) == 4:
                year = int(toks[i_year].text)
            if year:
                try:
                    out.append((i, date(year, MONTHS[month], int(t.text[:-1]))))
                except ValueError:
                    pass
            continue
        if doc_date is None:
            continue
        for part in ("abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht"):
            if w.endswith(part) and w[: -len(part)] in WEEKDAYS:
                w = w[: -len(part)]
                break
        if w in WEEKDAYS:
            # "Donnerstag, den 27. November": the explicit date follows and wins
            if i + 3 < len(toks) and toks[i + 1].text == "," and toks[i + 3].text.lower() in MONTHS:
                continue
            prev = toks[i - 1].text.lower() if i else ""
            if prev == "und" and out and out[-1][0] == i - 2:
                # "am Montag und Dienstag": the second weekday is read as the first
                prev = toks[i - 3].text.lower() if i > 2 else ""
            # "am ersten Verhandlungstag, dem Mittwoch": the weekday in apposition names the day before it
            if prev not in ("am", "diesem", "vergangenen", "letzten", "kommenden", "nächsten", "bis", "seit",
                            "ab", "von", "vom") and not (prev == "dem" and i > 1 and toks[i - 2].text == ","):
                continue
            delta = WEEKDAYS[w] - doc_date.weekday()
            week = _week_after(toks, i + 1)
            if week:
                # "am Dienstag vergangener Woche": that weekday in the calendar week before or after
                out.append((i, doc_date + timedelta(days=delta + 7 * week)))
                continue
            if prev in ("kommenden", "nächsten") or (future and prev == "am"):
                delta = delta % 7 or 7
            elif prev == "diesem":
                delta = delta if abs(delta) <= 3 else (delta - 7 if delta > 0 else delta + 7)
            else:
                delta = -((-delta) % 7)
            out.append((i, doc_date + timedelta(days=delta)))
        elif w in RELATIVE and (w != "morgen" or not (i and toks[i - 1].text.lower() in ("am", "dem"))):
            out.append((i, doc_date + timedelta(days=RELATIVE[w])))
    return out
