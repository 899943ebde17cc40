"""Regression: the development corpus (copied into tests/corpus with the
scorer) still scores as well as when these thresholds were set."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SCORER = HERE / "corpus_score.py"


def _kg_cmd() -> str:
    return f"{sys.executable} -m kg build {{input}} --out {{out}} --no-html"


def _score(*extra: str, corpus: Path = CORPUS) -> dict:
    cmd = _kg_cmd().replace("{input}", "{inputs}") if "--combined" in extra else _kg_cmd()
    proc = subprocess.run([sys.executable, str(SCORER), "--corpus", str(corpus), "--json", "--cmd", cmd, *extra],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def alone():
    return _score()


def test_each_text_alone_scores_high(alone):
    assert alone["micro"]["f1"] >= 0.95, alone["micro"]


def test_every_fact_has_a_valid_source_span(alone):
    prov = alone["provenance"]
    assert prov["facts"] > 50 and prov["valid"] == prov["facts"]


def test_all_texts_together_merge_actors():
    combined = _score("--combined")
    assert combined["micro"]["f1"] >= 0.93, combined["micro"]
    assert combined["split_actors"] == {}


# Texts on other talks, written with gold files by people who had not read the
# extractor (see README). Each floor sits a little below the score reached when
# it was set (challenge 0.947, challenge2 0.884, challenge3 0.860, challenge4
# 0.916, challenge5 0.950, challenge6 0.726 in session 4), so that only real
# regressions fail; challenge7 is the held-out set and has no floor here.
@pytest.mark.parametrize("name, floor", [("challenge", 0.92), ("challenge2", 0.86), ("challenge3", 0.84),
                                         ("challenge4", 0.89), ("challenge5", 0.92), ("challenge6", 0.70)])
def test_texts_on_other_negotiations_score_well(name, floor):
    challenge = _score(corpus=HERE / name)
    assert challenge["micro"]["f1"] >= floor, challenge["micro"]
    assert challenge["provenance"]["valid"] == challenge["provenance"]["facts"]
