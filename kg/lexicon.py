"""The one loader for the lexicons in kg/data (TOML files a user can edit):
actors with spellings and Wikidata ids, roles, cue words per position type,
issue terms, places and the language words the rules rely on.

In: the data folder (or another one, for tests and users' own lexicons).
Out: a frozen `Lexicon` with lookup tables keyed by folded spellings."""
from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import BadInput
from .resources import data_dir


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Case, accents and ß removed: the form spellings are compared in."""
    # memoised: the matchers fold the same few thousand words again and
    # again, which made this a quarter of a build's time
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_ENDINGS = re.compile(r"(?:ij|yj|iy|yi|y)$")


def translit_key(name: str) -> str:
    """A key under which German, English and scholarly transliterations of a
    Slavic name agree (Umjerow/Umerow/Umerov, Medinski/Medinskij/Medinsky,
    Hnatow/Gnatow, Dmitriew/Dmitrijew)."""
    words = []
    for word in re.split(r"[\s\-]+", fold(name)):
        w = re.sub(r"[^a-z]", "", word)
        w = _ENDINGS.sub("i", w)
        w = w.replace("y", "j").replace("w", "v").replace("kh", "ch").replace("sch", "sh").replace("tsch", "ch")
        w = re.sub(r"(?<=[bcdfghklmnpqrstvxz])j(?=[aeiou])", "", w)
        w = re.sub(r"(?<=i)j(?=e)", "", w)
        w = re.sub(r"^h(?=[nlr])", "g", w)
        w = w.replace("ts", "z").replace("tz", "z")
        if w:
            words.append(w)
    return " ".join(words)


def slugify(text: str) -> str:
    """A readable IRI part; names in other scripts get a stable hash instead."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) < max(1, len(text.strip()) // 3):
        digest = hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        slug = f"{slug or 'x'}-{digest}"
    return slug


@dataclass(frozen=True)
class ActorEntry:
    key: str
    type: str
    label: str
    names: tuple[str, ...]
    metonyms: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata: str = ""
    gender: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Lexicon:
    actors: dict[str, ActorEntry]
    roles: dict
    cues: dict
    issues: tuple[tuple[str, tuple[str, ...]], ...]
    places: tuple[dict, ...]
    language: dict
    # derived lookup tables
    actor_names: dict[str, str] = field(default_factory=dict)        # folded spelling -> key
    actor_keys: dict[str, str] = field(default_factory=dict)         # translit key -> key
    metonyms: dict[str, str] = field(default_factory=dict)           # folded metonym -> country key
    adjectives: dict[str, str] = field(default_factory=dict)         # folded adjective stem -> country key
    prefixes: dict[str, str] = field(default_factory=dict)           # folded prefix -> country key
    place_names: dict[str, str] = field(default_factory=dict)        # folded name -> place label
    issue_kinds: dict[str, str] = field(default_factory=dict)        # issue label -> "action" | "agent"
    issue_not_with: dict[str, frozenset] = field(default_factory=dict)  # issue label -> folded verb lemmas

    # language.toml's and cues.toml's word lists folded, each once (see `words`, `cue_words`)
    _folded_lists: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def actor(self, key: str) -> ActorEntry | None:
        return self.actors.get(key)

    def words(self, name: str) -> frozenset[str]:
        """The folded words of the list `name` in language.toml. The matchers
        ask for them sentence by sentence: folded once per lexicon."""
        return self._folded(("language", name), self.language.get(name, []))

    def cue_words(self, kind: str, name: str) -> frozenset[str]:
        """The folded words of cues.toml's list `name` under [kind], folded once per lexicon."""
        return self._folded(("cues", kind, name), self.cues.get(kind, {}).get(name, []))

    def _folded(self, key: tuple[str, ...], words) -> frozenset[str]:
        found = self._folded_lists.get(key)
        if found is None:
            found = self._folded_lists[key] = frozenset(fold(w) for w in words)
        return found


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"lexicon file {path} is missing", "reinstall kg or restore the file") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"lexicon file {path} is not valid TOML: {exc}",
                       "fix the file; see the comments at its top for the format") from None


@lru_cache(maxsize=4)
def load_lexicon(folder: Path | None = None) -> Lexicon:
    folder = Path(folder) if folder else data_dir()
    # actors.toml plus any actors-*.toml beside it, so lists can be kept apart
    raw_actors = [a for path in [folder / "actors.toml", *sorted(folder.glob("actors-*.toml"))]
                  for a in _read(path).get("actor", [])]
    actors: dict[str, ActorEntry] = {}
    for a in raw_actors:
        try:
            entry = ActorEntry(
                key=a["id"], type=a["type"], label=a["label"],
                names=tuple(dict.fromkeys([a["label"], *a.get("names", [])])),
                metonyms=tuple(a.get("metonyms", [])), adjectives=tuple(a.get("adjectives", [])),
                prefixes=tuple(a.get("prefixes", [])), demonyms=tuple(a.get("demonyms", [])),
                wikidata=a.get("wikidata", ""), gender=a.get("gender", ""), affiliation=a.get("affiliation", ""))
        except KeyError as exc:
            raise BadInput(f"actor entry {a!r} in {folder / 'actors.toml'} lacks {exc}",
                           "every actor needs id, type and label") from None
        if entry.type not in ("Person", "Country", "Organization"):
            raise BadInput(f"actor {entry.key} has type {entry.type!r}",
                           "use Person, Country or Organization")
        actors[entry.key] = entry

    issues = _read(folder / "issues.toml").get("issue", [])
    lex = Lexicon(
        actors=actors,
        roles=_read(folder / "roles.toml"),
        cues=_read(folder / "cues.toml"),
        issues=tuple((i["label"], tuple(i.get("stems", [i["label"]]))) for i in issues),
        places=tuple(_read(folder / "places.toml").get("place", [])),
        language=_read(folder / "language.toml"),
        issue_kinds={i["label"]: i["kind"] for i in issues if i.get("kind")},
        issue_not_with={i["label"]: frozenset(fold(v) for v in i["not_with"]) for i in issues if i.get("not_with")},
    )
    for entry in actors.values():
        for name in entry.names:
            lex.actor_names[fold(name)] = entry.key
            lex.actor_keys.setdefault(translit_key(name), entry.key)
        for m in entry.metonyms:
            lex.metonyms[fold(m)] = entry.key
        for adj in entry.adjectives:
            lex.adjectives[fold(adj)] = entry.key
        for p in entry.prefixes:
            lex.prefixes[fold(p)] = entry.key
        for d in entry.demonyms:
            lex.actor_names.setdefault(fold(d), entry.key)
    for place in lex.places:
        for name in [place["label"], *place.get("names", [])]:
            lex.place_names[fold(name)] = place["label"]
    # a capital named after "in" is a place even where places.toml does not list it
    for entry in actors.values():
        for m in entry.metonyms:
            lex.place_names.setdefault(fold(m), m)
    return lex
