"""Position mechanisms of German news language (demands with their condition, threats from warnings,
rejections of what was said before), each on a sentence written for the test."""
from __future__ import annotations

from helpers import positions, run


def test_making_something_depend_on_a_demand():
    ex = run("Die Türkei macht die Öffnung der Grenze von Fortschritten bei den Gesprächen abhängig.")
    dem = positions(ex, "Demand")
    assert len(dem) == 1
    assert dem[0].holder == "country/turkey" and dem[0].content == "Fortschritten bei den Gesprächen"
    assert "Grenze" in dem[0].condition


def test_tying_consent_to_a_demand_in_the_perfect():
    ex = run("Serbien hat die Anerkennung des Abkommens an einen Beitritt zur EU geknüpft.")
    dem = positions(ex, "Demand")
    assert len(dem) == 1
    assert dem[0].holder == "country/serbia" and dem[0].content == "Beitritt zur EU"
    assert dem[0].condition


def test_tying_to_unnamed_conditions_is_no_demand():
    ex = run("Japan knüpfte die Lockerung an klare Bedingungen.")
    assert not positions(ex, "Demand")


def test_laying_claim_is_a_demand_without_condition():
    ex = run("China erhebt Anspruch auf die Inseln im Südchinesischen Meer.")
    dem = positions(ex, "Demand")
    assert len(dem) == 1
    assert dem[0].holder == "country/china" and "Inseln" in dem[0].content and not dem[0].condition


def test_warning_that_the_own_side_will_act_is_a_threat():
    ex = run("Der ungarische Außenminister Péter Kovács warnte, sein Land werde die Hilfen für die Region "
             "auf Eis legen.")
    threats = positions(ex, "Threat")
    assert len(threats) == 1
    assert threats[0].holder == "person/peter-kovacs" and threats[0].content == "Hilfen für die Region auf Eis legen"


def test_warning_with_the_state_named_ends_before_the_comparison():
    ex = run("Der norwegische Fischereiminister Lars Dahl warnte, Norwegen werde lieber auf die Quoten verzichten, "
             "als einem einseitigen Vertrag zuzustimmen.")
    threats = positions(ex, "Threat")
    assert len(threats) == 1
    assert threats[0].content == "lieber auf die Quoten verzichten"


def test_warning_of_a_prediction_or_of_another_side_is_no_threat():
    ex = run("Der ungarische Außenminister Péter Kovács warnte, die Lage werde sich weiter verschlechtern. "
             "Der griechische Außenminister Nikos Petrou warnte, die Türkei werde die Inseln besetzen.")
    assert not positions(ex, "Threat")


def test_an_ultimatum_is_a_threat():
    ex = run("Russland stellte der Ukraine ein Ultimatum.")
    assert [p.kind for p in ex.positions] == ["Threat"]
    assert ex.positions[0].holder == "country/russia"


def test_back_reference_rejects_the_last_position_of_another_side():
    ex = run("Russland fordert den Abzug der Truppen. Die Ukraine verlangt Sicherheitsgarantien. "
             "Die Ukraine lehnt das ab.")
    rej = positions(ex, "Rejection")
    assert len(rej) == 1
    target = ex.positions[rej[0].target]
    assert target.holder == "country/russia" and rej[0].content == target.content
    assert rej[0].issues == target.issues


def test_refusing_to_negotiate_about_it_rejects_the_demand_before():
    ex = run("Russland fordert die Abtretung der Krim. Darüber werde man nicht verhandeln, sagte der ukrainische "
             "Außenminister Dmytro Kuleba.")
    rej = positions(ex, "Rejection")
    assert len(rej) == 1 and rej[0].holder == "person/dmytro-kuleba"
    assert rej[0].target == 0 and rej[0].content == "Abtretung der Krim"


def test_refusing_to_negotiate_about_a_fronted_thing():
    ex = run("Über die Krim werde man nicht verhandeln, sagte der ukrainische Außenminister Dmytro Kuleba.")
    rej = positions(ex, "Rejection")
    assert [r.content for r in rej] == ["Krim"]


def test_refusing_talks_as_such_is_no_rejection():
    ex = run("„Wir können nicht verhandeln, während unsere Leute verhaftet werden“, sagte der Sprecher Karim Nuri.")
    assert not positions(ex, "Rejection")
