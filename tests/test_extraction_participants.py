"""Participants, delegations, roles and affiliations on short sentences written for the test."""
from __future__ import annotations

import pytest

from helpers import run


def _affiliation(ex, label: str) -> str:
    person = next(e for e in ex.entities if e.label == label)
    return next((a.party for a in ex.affiliations if a.actor == person.key), "")


def test_definite_role_with_country_adjective_gives_the_colleague_his_country():
    ex = run("Am Sonntag verhandelte US-Außenminister Tom Brand mit seinem Amtskollegen Marek Dolny in Prag. "
             "Der polnische Außenminister nannte die Gespräche offen.")
    assert _affiliation(ex, "Marek Dolny") == "country/poland"
    assert _affiliation(ex, "Tom Brand") == "country/usa"
    meeting = ex.meetings[0]
    assert set(meeting.participants) == {"country/usa", "country/poland"}


def test_vize_compound_of_a_role_is_a_role():
    ex = run("Nigerias Abordnung leitete Vizepremier Tunde Bakare.")
    person = next(e for e in ex.entities if e.label == "Tunde Bakare")
    assert ("Vizepremier" in [r.role for r in ex.roles if r.person == person.key])


def test_name_after_role_keeps_a_first_part_mistagged_as_verb():
    ex = run("Außenminister Ri Yong Ho kam am Montag in Hanoi an.")
    assert [e.label for e in ex.entities if e.type == "Person"] == ["Ri Yong Ho"]


def test_delegation_after_a_comma_takes_only_the_members_of_its_clause():
    ex = run("Die Außenministerin Kinshasas, Anna Mbeki Lunda, und ihr ruandischer Amtskollege Paul Kagiso "
             "unterzeichneten am Freitag. Lunda wurde von Regierungssprecher Tom Pele begleitet, zur ruandischen "
             "Delegation gehörte Regierungssprecherin Ada Moro.")
    members = {d.represents: set(d.members) for d in ex.delegations}
    # (Kagiso, who signs on the day of the talks, sits at the table for Rwanda too)
    assert members["country/rwanda"] - {"person/paul-kagiso"} == {"person/ada-moro"}
    assert "person/tom-pele" in members["country/dr-congo"]
    assert _affiliation(ex, "Tom Pele") == "country/dr-congo"


def test_for_after_a_role_names_the_office_not_the_delegation():
    ex = run("Die Gespräche in Genf begannen am Montag. Für die EU nahm der Sonderbeauftragte für Mali, "
             "Jan Novak, teil.")
    assert _affiliation(ex, "Jan Novak") == "organization/european-union"
    assert [d.represents for d in ex.delegations] == ["organization/european-union"]


def test_auf_seiten_names_the_delegation():
    ex = run("Die Gespräche in Genf begannen am Montag. Auf Seiten Russlands verhandelte Pavel Orlov.")
    assert [(d.represents, d.members) for d in ex.delegations] == [("country/russia", ("person/pavel-orlov",))]


@pytest.mark.parametrize("second", ["Mit ihm reiste Anna Lis.", "Begleitet wurde er von Anna Lis."])
def test_companion_of_a_delegate_joins_his_delegation(second):
    ex = run("Die Gespräche in Genf begannen am Montag. Die polnische Delegation führt Marek Dolny. " + second)
    members = {d.represents: set(d.members) for d in ex.delegations}
    assert members["country/poland"] == {"person/marek-dolni", "person/anna-lis"}


@pytest.mark.parametrize("text,party", [("Die Hamas-Führung um Chalid Ramadi lehnt das ab.", "organization/hamas"),
                                        ("Die Delegation Kiews um den Vizeminister Jan Nowik traf ein.",
                                         "country/ukraine")])
def test_person_at_the_centre_of_a_party_serves_it(text, party):
    ex = run(text)
    person = next(e for e in ex.entities if e.type == "Person")
    assert _affiliation(ex, person.label) == party


@pytest.mark.parametrize("text,label", [
    ("Vertreter der Polnischen Heimatarmee (PHA) unterzeichneten am Freitag in Genf.", "Polnischen Heimatarmee"),
    ("Dort sitzt die Allianz bolivianischer Bauernbewegungen (ABB) am Tisch.", "Allianz bolivianischer Bauernbewegungen"),
])
def test_group_with_short_form_may_open_with_an_adjective(text, label):
    ex = run(text)
    assert label in [e.label for e in ex.entities if e.type == "Organization"]


def test_role_in_the_genitive_before_a_name():
    ex = run("Die Truppen des Generals Omar Sadiq rückten vor.")
    assert [(r.person, r.role) for r in ex.roles] == [("person/omar-sadiq", "General")]


def test_deputy_is_a_role():
    ex = run("Geleitet wurde die Runde von Borrells Stellvertreter Enrico Manzo.")
    assert ("person/enrico-manzo", "Stellvertreter") in [(r.person, r.role) for r in ex.roles]
