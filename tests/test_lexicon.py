"""The lexicons are data: a user adds an actor or a cue word without code."""
from __future__ import annotations

import shutil

import pytest

from kg.errors import BadInput
from kg.lexicon import load_lexicon
from kg.resources import data_dir
from helpers import positions, run


@pytest.fixture()
def lexicon_copy(tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(data_dir(), folder)
    return folder


def test_adding_an_actor_makes_it_known(lexicon_copy):
    with open(lexicon_copy / "actors.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[actor]]\nid = "person/ann-example"\ntype = "Person"\nlabel = "Ann Example"\n'
                 'names = ["Example"]\ngender = "f"\naffiliation = "country/usa"\nwikidata = "Q123"\n')
    ex = run("Example verlangt neue Sanktionen.", lexicon=lexicon_copy)
    dem = positions(ex, "Demand")
    assert dem and dem[0].holder == "person/ann-example"


def test_adding_a_cue_word_makes_it_a_demand(lexicon_copy):
    text = "Russland erbittet eine Feuerpause."
    assert not positions(run(text), "Demand")
    cues = (lexicon_copy / "cues.toml").read_text(encoding="utf-8")
    (lexicon_copy / "cues.toml").write_text(cues.replace('verbs = ["verlangen",', 'verbs = ["erbitten", "verlangen",'),
                                            encoding="utf-8")
    assert positions(run(text, lexicon=lexicon_copy), "Demand")


def test_broken_lexicon_is_a_clear_error(lexicon_copy):
    (lexicon_copy / "roles.toml").write_text("terms = [", encoding="utf-8")
    with pytest.raises(BadInput, match="not valid TOML"):
        load_lexicon(lexicon_copy)


def test_every_un_member_state_is_a_country_with_capital_and_adjective():
    lex = load_lexicon()
    countries = [a for a in lex.actors.values() if a.type == "Country"]
    assert len(countries) >= 193
    assert all(a.wikidata for a in countries if a.key != "country/palestine")
    ex = run("Die kolumbianische Regierung verlangt einen Waffenstillstand. Havanna lehnt neue Sanktionen ab. "
             "Die Gespräche fanden in Nairobi statt.")
    assert [p.holder for p in positions(ex, "Demand")] == ["country/colombia"]
    assert [p.holder for p in positions(ex, "Rejection")] == ["country/cuba"]
    assert any(m.kind == "place" and m.key == "Nairobi" for m in ex.mentions)


def test_international_organisations_and_armed_groups_are_known():
    ex = run("Die Afrikanischen Union verlangt eine Waffenruhe. Die Taliban lehnen neue Gespräche ab. "
             "Der UN-Sicherheitsrat droht mit Sanktionen.")
    assert [p.holder for p in positions(ex, "Demand")] == ["organization/african-union"]
    assert [p.holder for p in positions(ex, "Rejection")] == ["organization/taliban"]
    assert [p.holder for p in positions(ex, "Threat")] == ["organization/un-security-council"]


def test_every_adjective_form_of_cyprus_marks_the_state():
    ex = run("Der griechisch-zyprische Präsident Nikos Petrou lehnte den Plan ab. Die zyprische Regierung "
             "verlangt Garantien.")
    assert {a.party for a in ex.affiliations} == {"country/cyprus"}
    assert [p.holder for p in positions(ex, "Demand")] == ["country/cyprus"]
