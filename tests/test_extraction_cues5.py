"""The general repertoire of cue words of German news (kg/data/cues.toml), each on a sentence written for the test."""
from __future__ import annotations

from helpers import positions, run


def _pairs(ex, kind):
    return [(p.holder, p.content) for p in positions(ex, kind)]


def test_split_forms_of_particle_demand_verbs():
    ex = run("Die EU mahnte Reformen an. Berlin forderte von Warschau die Einhaltung der Verträge ein.")
    dem = _pairs(ex, "Demand")
    assert ("organization/european-union", "Reformen") in dem
    assert any(h == "country/germany" and "Einhaltung der Verträge" in c for h, c in dem)


def test_request_with_um():
    ex = run("Kiew ersuchte um weitere Militärhilfe.")
    assert _pairs(ex, "Demand") == [("country/ukraine", "weitere Militärhilfe")]


def test_rejection_verbs_of_dismissal():
    ex = run("Moskau verwarf den Vorschlag der Europäischen Union. Belgrad weist eine Anerkennung Kosovos strikt ab. "
             "Teheran schlug das Angebot der Europäer aus. Peking verwahrte sich gegen jede Einmischung.")
    assert _pairs(ex, "Rejection") == [("country/russia", "Vorschlag der Europäischen Union"),
                                       ("country/serbia", "Anerkennung Kosovos"),
                                       ("country/iran", "Angebot der Europäer"),
                                       ("country/china", "jede Einmischung")]


def test_von_sich_weisen():
    ex = run("Der Kreml wies die Vorwürfe entschieden von sich.")
    assert _pairs(ex, "Rejection") == [("country/russia", "Vorwürfe")]
    assert not positions(run("Er ging von sich aus auf die Delegation zu."), "Rejection")


def test_negated_phrases_of_the_lexicon():
    ex = run("Ein Abzug der Truppen komme für Moskau nicht in Betracht, sagte Lawrow.")
    assert _pairs(ex, "Rejection") == [("country/russia", "Abzug der Truppen")]
    ex = run("Ein Abzug der Truppen stehe nicht zur Diskussion, sagte Lawrow.")
    assert [p.content for p in positions(ex, "Rejection")] == ["Abzug der Truppen"]


def test_negated_adjectives_of_acceptance():
    ex = run("Eine Teilung des Landes sei für Kiew nicht akzeptabel.")
    assert _pairs(ex, "Rejection") == [("country/ukraine", "Teilung des Landes")]
    ex = run("Eine Teilung des Landes sei nicht verhandelbar, sagte Selenskyj.")
    assert [p.content for p in positions(ex, "Rejection")] == ["Teilung des Landes"]


def test_negated_verb_after_an_article_and_the_holder():
    ex = run("Die Ukraine werde eine Besetzung nicht dulden, sagte Selenskyj.")
    assert _pairs(ex, "Rejection") == [("country/ukraine", "Besetzung")]


def test_threat_reserved_to_oneself():
    ex = run("Russland behält sich einen Militärschlag vor.")
    assert _pairs(ex, "Threat") == [("country/russia", "Militärschlag")]


def test_offer_verbs_of_assurance():
    ex = run("Berlin sicherte weitere Hilfe zu. Katar offerierte eine Vermittlung zwischen den Parteien.")
    assert _pairs(ex, "Offer") == [("country/germany", "weitere Hilfe"),
                                   ("country/qatar", "Vermittlung zwischen den Parteien")]


def test_in_aussicht_stellen_before_and_after_the_object():
    ex = run("Israel stellte eine Waffenruhe in Aussicht.")
    assert _pairs(ex, "Offer") == [("country/israel", "Waffenruhe")]
    ex = run("Washington hat weitere Waffen in Aussicht gestellt.")
    assert _pairs(ex, "Offer") == [("country/usa", "weitere Waffen")]


def test_recipient_passive_of_an_idiom_is_no_offer_of_the_recipient():
    ex = run("Angeblich soll Serbien eine Aufnahme in Aussicht gestellt bekommen haben.")
    assert not positions(ex, "Offer")


def test_readiness_noun_with_a_verb_of_showing_it():
    ex = run("Die Türkei signalisierte Bereitschaft zu Gesprächen.")
    assert _pairs(ex, "Offer") == [("country/turkey", "Gesprächen")]
    ex = run("Katar betonte seine Bereitschaft, zwischen den Parteien zu vermitteln.")
    assert _pairs(ex, "Offer") == [("country/qatar", "zwischen den Parteien zu vermitteln")]
    ex = run("Teheran signalisierte keine Bereitschaft zu Zugeständnissen.")
    assert _pairs(ex, "Rejection") == [("country/iran", "Zugeständnissen")] and not positions(ex, "Offer")
    assert not positions(run("Die Bereitschaft zu Gesprächen sei gering, sagte der Analyst."), "Offer")


def test_judgement_of_refusal_after_fur_with_halten():
    ex = run("Die Regierung in Kiew hält einen Gebietsverzicht für ausgeschlossen.")
    assert _pairs(ex, "Rejection") == [("country/ukraine", "Gebietsverzicht")]
