"""The document cache: a rebuild after one file changed re-extracts only
that file and gives the graph a full rebuild gives; a damaged cache entry is
rebuilt, never a crash and never code run."""
from __future__ import annotations

import importlib.util
import os
import pickle
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.cache import FOLDER, FragmentCache, fingerprint
from kg.lexicon import load_lexicon
from kg.rdf import emit, merge

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))


def _bench():
    spec = importlib.util.spec_from_file_location("build_bench", ROOT / "bench" / "build_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("texts")
    _bench().write_corpus(folder, 5, seed=3)
    shutil.copy(SEED, folder / SEED.name)
    return folder


def graph_of(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def fresh(texts: Path, tmp_path: Path, name: str) -> Graph:
    out = tmp_path / name
    build([texts], out, html=False, cache=False, jobs=1)
    return graph_of(out)


def entries(out: Path) -> list[Path]:
    return sorted((out / FOLDER).glob("*.pickle"))


def test_second_build_takes_everything_from_the_cache(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, html=False, jobs=1)
    assert first.extracted == first.documents == 6
    assert len(entries(out)) == 6
    again = build([corpus], out, html=False, jobs=1)
    assert again.extracted == 0 and again.documents == 6
    assert "6 unchanged document(s) taken from the cache" in again.summary()
    assert isomorphic(graph_of(out), fresh(corpus, tmp_path, "full"))


def test_one_changed_file_is_the_only_one_extracted_again(corpus, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(corpus, texts)
    out = tmp_path / "out"
    build([texts], out, html=False, jobs=1)
    victim = sorted(texts.glob("a*.txt"))[1]
    victim.write_text(victim.read_text(encoding="utf-8").replace("Gesprächen", "Verhandlungen", 1)
                      + "Russland droht mit neuen Angriffen.\n", encoding="utf-8")
    again = build([texts], out, html=False, jobs=1)
    assert again.extracted == 1
    assert len(entries(out)) == 6, "the stale entry is pruned"
    assert isomorphic(graph_of(out), fresh(texts, tmp_path, "full"))


def test_removed_and_added_files(corpus, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(corpus, texts)
    out = tmp_path / "out"
    build([texts], out, html=False, jobs=1)
    sorted(texts.glob("a*.txt"))[0].unlink()
    shutil.copy(SEED, texts / "zz-copy.txt")
    again = build([texts], out, html=False, jobs=1)
    assert again.documents == 6 and again.extracted == 1
    assert len(entries(out)) == 6
    assert isomorphic(graph_of(out), fresh(texts, tmp_path, "full"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other-document", "code"])
def test_damaged_entry_is_rebuilt(corpus, tmp_path, damage):
    out = tmp_path / "out"
    build([corpus], out, html=False, jobs=1)
    victim = entries(out)[2]
    data = victim.read_bytes()
    marker = tmp_path / "ran"
    if damage == "garbage":
        victim.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "truncated":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        victim.write_bytes(b"")
    elif damage == "other-document":
        victim.write_bytes(entries(out)[0].read_bytes())
    else:
        class Exploit:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))
        victim.write_bytes(pickle.dumps(Exploit()))
    again = build([corpus], out, html=False, jobs=1)
    assert again.extracted == 1
    assert not marker.exists(), "a cache file must not run code"
    assert isomorphic(graph_of(out), fresh(corpus, tmp_path, "full"))
    assert victim.read_bytes() != b"", "the entry is written again"


def test_no_cache_keeps_no_folder(corpus, tmp_path):
    out = tmp_path / "out"
    result = build([corpus], out, html=False, cache=False, jobs=1)
    assert result.extracted == 6
    assert not (out / FOLDER).exists()


def test_unwritable_cache_folder_only_warns(corpus, tmp_path):
    out = tmp_path / "out"
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    lines: list[str] = []
    result = build([corpus], out, html=False, jobs=1, cache_dir=blocker / "cache", log=lines.append)
    assert result.documents == 6
    assert any("cache" in line for line in lines)


def test_lexicon_change_invalidates_everything(corpus, tmp_path):
    lexicon = tmp_path / "lexicon"
    shutil.copytree(ROOT / "kg" / "data", lexicon)
    before = fingerprint(lexicon)
    assert before == fingerprint(lexicon), "stable between calls"
    out = tmp_path / "out"
    build([corpus], out, html=False, jobs=1, lexicon_dir=lexicon)
    with (lexicon / "places.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[place]]\nlabel = "Erfundenhausen"\n')
    load_lexicon.cache_clear()
    assert fingerprint(lexicon) != before
    again = build([corpus], out, html=False, jobs=1, lexicon_dir=lexicon)
    assert again.extracted == 6


def test_cache_round_trip_keeps_the_fragment(corpus, tmp_path):
    from kg.document import read_document
    from kg.pipeline import extract

    doc, _ = read_document(SEED, "seed")
    fragment = emit(extract(doc, load_lexicon()), load_lexicon())
    cache = FragmentCache(tmp_path / "c", "fp")
    key = cache.key(doc)
    cache.put(key, fragment)
    cache.close()
    assert cache.get(key, doc) == fragment
    assert cache.get(key, doc).fallback == fragment.fallback


def test_graph_of_fragments_from_workers_equals_merge_in_input_order(corpus, tmp_path):
    """Workers deliver fragments in whatever order they finish; the graph
    must be the merge of the fragments in input order."""
    out = tmp_path / "out"
    build([corpus], out, html=False, jobs=2)
    cache = FragmentCache(out / FOLDER, fingerprint(None))
    from kg.document import discover, read_document, unique_slugs

    files, _ = discover([corpus])
    docs = [read_document(p, s)[0] for p, s in zip(files, unique_slugs(files))]
    fragments = [cache.get(cache.key(d), d) for d in docs]
    assert all(fragments)
    assert isomorphic(merge(fragments).graph(), graph_of(out))


def test_one_changed_file_with_workers(corpus, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(corpus, texts)
    out = tmp_path / "out"
    build([texts], out, html=False, jobs=2)
    first, second = sorted(texts.glob("a*.txt"))[:2]
    first.write_text(first.read_text(encoding="utf-8") + "Die Ukraine lehnt den Plan ab.\n", encoding="utf-8")
    from kg.document import read_document

    cache = FragmentCache(out / FOLDER, fingerprint(None))
    victim = out / FOLDER / (cache.key(read_document(second, second.stem)[0]) + ".pickle")
    assert victim.exists()
    victim.write_bytes(b"damaged")
    again = build([texts], out, html=False, jobs=2)
    assert again.extracted == 2 and again.documents == 6
    assert isomorphic(graph_of(out), fresh(texts, tmp_path, "full"))


def test_closing_a_cache_whose_writer_never_started(tmp_path, monkeypatch):
    # regression: Ctrl-C inside Thread.start() left a thread that close() tried to join
    import threading

    from kg.cache import FragmentCache

    def interrupted_start(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", interrupted_start)
    cache = FragmentCache(tmp_path / "cache", "fingerprint")
    with pytest.raises(KeyboardInterrupt):
        cache.put("k", b"data")
    cache.close()


@pytest.mark.parametrize("change", [False, True])
def test_a_rebuild_leaves_no_worker_behind(corpus, tmp_path, change):
    """A rebuild starts a spare worker before it knows whether it needs one.
    Not taken while still loading its models, it used to live on after
    build() returned (the pool forgets its processes on shutdown), and the
    program that called build() waited for it at exit. Run in a fresh
    process: in this one the models are loaded and a spare is ready at once."""
    import subprocess
    import sys

    texts = tmp_path / "texts"
    shutil.copytree(corpus, texts)
    out = tmp_path / "out"
    build([texts], out, jobs=2, html=False)
    if change:
        victim = sorted(texts.glob("*.txt"))[0]
        victim.write_text(victim.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    script = ("import multiprocessing, sys; from kg.build import build; "
              "r = build([sys.argv[1]], sys.argv[2], jobs=2, html=False); "
              "print(r.extracted, len(multiprocessing.active_children()))")
    done = subprocess.run([sys.executable, "-c", script, str(texts), str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=True)
    assert done.stdout.split() == [("1" if change else "0"), "0"]


def _fragment(slug: str, claims: tuple, evidenced=(), fallback=()) -> "Fragment":
    from kg.records import Fragment

    document = f"https://w3id.org/nkg/resource/document/{slug}"
    return Fragment(document=None, private=((document, RDF_TYPE, "https://w3id.org/nkg/ontology#Document", "i"),),
                    turtle=b"", shared=(), claims=claims, evidenced=frozenset(evidenced),
                    fallback=tuple(fallback), counts=(), meetings=())


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_fragments_merged_in_any_order_give_the_graph_of_input_order():
    """A rebuild merges the cached documents while the changed one is still
    being extracted. Whatever order they come in, the graph is that of
    input order: first label, lexicon type unless a text typed the node,
    first fallback evidence unless an earlier document names the node."""
    import itertools

    from kg.rdf import Merger
    from kg.records import Span

    person = "https://w3id.org/nkg/resource/person/selenskyj"
    russia = "https://w3id.org/nkg/resource/country/russia"
    country = "https://w3id.org/nkg/ontology#Country"
    fragments = [
        _fragment("a", (("L", person, "Wolodymyr Selenskyj"),), evidenced={person}),
        _fragment("b", (("L", person, "Volodymyr Zelensky"),
                        ("D", russia, country, "Russland", "http://www.wikidata.org/entity/Q159")),
                  fallback=[(russia, Span("b", 10, 20, "Verhandlung"), False)]),
        _fragment("c", (("T", russia), ("L", russia, "Moskau"), ("A", person, "Selenskij")),
                  evidenced={russia}, fallback=[(person, Span("c", 0, 9, "Präsident"), False)]),
        _fragment("d", (("L", russia, "Russische Föderation"),),
                  fallback=[(russia, Span("d", 5, 9, "Kreml"), False)]),
    ]
    expected = merge(fragments)
    assert (person, "http://www.w3.org/2000/01/rdf-schema#label", "Wolodymyr Selenskyj", "@de") in expected.triples
    for order in itertools.permutations(range(len(fragments))):
        merger = Merger()
        for i in order:
            merger.add(fragments[i], i)
        got = merger.result()
        assert sorted(got) == sorted(expected), order
        assert got.turtle() == expected.turtle(), order
        assert merger.fallback_evidence == {(russia, "https://w3id.org/nkg/resource/mention/b/10-20")}, order


def test_the_lexicon_is_read_back_from_the_cache(corpus, tmp_path):
    """A rebuild's processes take the lexicon from the cache folder instead
    of parsing its TOML files again; the copy equals what the files give."""
    from kg.cache import cached_lexicon

    out = tmp_path / "out"
    build([corpus], out, html=False, jobs=1)
    [kept] = (out / FOLDER).glob("lexicon-*.lex")
    copy = cached_lexicon(out / FOLDER)
    assert copy == load_lexicon() and copy is not load_lexicon()
    assert list((out / FOLDER).glob("lexicon-*.lex")) == [kept]


def test_a_planted_lexicon_file_runs_no_code(tmp_path):
    from kg.cache import cached_lexicon

    folder = tmp_path / "cache"
    folder.mkdir()
    cached_lexicon(folder)
    [kept] = folder.glob("lexicon-*.lex")
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    kept.write_bytes(pickle.dumps(Exploit()))
    assert cached_lexicon(folder) == load_lexicon()
    assert not marker.exists(), "a cached lexicon must not run code"
    assert kept.read_bytes() != pickle.dumps(Exploit()), "the damaged copy is written again"
