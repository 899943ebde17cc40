"""Entities, fifth round: descriptive nouns that stand for the last actor of their type ("der
Staatenbund", "das Königreich") and capitals that stand for their state, on short sentences
written for the test."""
from __future__ import annotations

from helpers import members as _members, positions, run


def test_descriptive_noun_of_an_organisation_is_the_last_organisation_named():
    ex = run("Vertreter der Ecowas kamen am Dienstag in Accra zusammen. "
             "Der Staatenbund fordert die Öffnung der Grenzen.")
    assert [p.holder for p in positions(ex, "Demand")] == ["organization/ecowas"]


def test_state_form_noun_is_the_last_state_of_that_form_not_the_last_state():
    ex = run("Jordanien und Syrien verhandeln seit Montag in Kairo über Wasserrechte. "
             "Die syrische Delegation führte Hassan Mardini an. "
             "Für das Königreich verhandelte Staatsminister Kamal Obeidat.")
    members = _members(ex)
    assert "person/kamal-obeidat" in members.get("country/jordan", set())
    assert "person/kamal-obeidat" not in members.get("country/syria", set())


def test_state_form_noun_with_no_state_of_that_form_resolves_to_nothing():
    ex = run("Syrien und der Irak verhandeln seit Montag in Kairo über Wasserrechte. "
             "Für das Königreich verhandelte Staatsminister Kamal Obeidat.")
    assert "person/kamal-obeidat" not in _members(ex).get("country/iraq", set())


def test_capital_missing_from_the_lexicon_before_stands_for_its_state():
    ex = run("Bulgarien und Nordmazedonien verhandelten am Montag in Brüssel. "
             "Sofia fordert die Anerkennung der Minderheit.")
    assert "country/bulgaria" in [p.holder for p in positions(ex, "Demand")]
