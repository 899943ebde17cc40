"""The graph of a short text written for the test stays the same graph
(compared up to blank nodes with rdflib.compare.isomorphic). After a
deliberate change of the extractor, rewrite the golden file with
`python tests/golden/test_golden.py` and review the diff."""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

HERE = Path(__file__).resolve().parent
TEXT = HERE / "mini.txt"
GOLDEN = HERE / "mini.ttl"


def build_mini(tmp: Path) -> Graph:
    from kg.build import build

    build([TEXT], tmp, html=False)
    return Graph().parse(tmp / "graph.ttl", format="turtle")


def test_mini_text_gives_the_golden_graph(tmp_path):
    built = build_mini(tmp_path)
    golden = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(built, golden):
        _, only_built, only_golden = graph_diff(to_isomorphic(built), to_isomorphic(golden))
        lines = sorted(f"+ {t}" for t in only_built)[:20] + sorted(f"- {t}" for t in only_golden)[:20]
        raise AssertionError("graph differs from tests/golden/mini.ttl:\n" + "\n".join(lines))


def test_rebuilding_gives_the_same_iris(tmp_path):
    first = build_mini(tmp_path / "a")
    second = build_mini(tmp_path / "b")
    assert isomorphic(first, second)
    assert set(first.subjects()) == set(second.subjects())


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        graph = build_mini(Path(tmp))
        GOLDEN.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        sys.stdout.write(f"wrote {GOLDEN} ({len(graph)} triples)\n")
