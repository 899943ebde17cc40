"""Issues (what positions are about) on short sentences written for the test."""
from __future__ import annotations

import pytest

from helpers import run


def issue_surfaces(ex) -> list[str]:
    return [m.span.text for m in ex.mentions if m.kind == "issue"]


@pytest.mark.parametrize("text,label", [
    ("Peru verlangt einen Gewaltverzicht von Chile.", "Gewaltverzicht"),
    ("Chile fordert die Rückkehr der Flüchtlinge in ihre Dörfer.", "Flüchtlinge"),
    ("Peru besteht auf einer Präsidentschaftswahl im Frühjahr.", "Wahlen"),
    ("Chile lehnt neue Zölle auf Kupfer ab.", "Zölle"),
    ("Peru fordert die Ausfuhr seltener Erden.", "Seltene Erden"),
])
def test_general_negotiation_terms_are_issues(text, label):
    assert label in run(text).issues


def test_action_issue_takes_its_genitive_object_along():
    ex = run("Chile verlangt den Abzug der peruanischen Grenzwächter aus dem Tal.")
    assert "Abzug der peruanischen Grenzwächter" in issue_surfaces(ex)


def test_issue_word_in_the_genitive_object_of_an_action_is_no_issue_of_its_own():
    ex = run("Peru fordert den Rückzug der Armee aus dem Grenzgebiet.")
    assert "Armee" not in ex.issues
    assert "Rückzug der Armee" in issue_surfaces(ex)


def test_action_issue_takes_a_genitive_without_article_along():
    ex = run("Peru fordert den Rückzug chilenischer Grenzwächter aus dem Tal.")
    assert "Rückzug chilenischer Grenzwächter" in issue_surfaces(ex)


@pytest.mark.parametrize("text", [
    "Die Armee werde die Vereinbarung mit Chile respektieren, sagte der Sprecher.",
    "Nach dem Treffen haben die Armee und die Rebellen in Lima eine Erklärung unterzeichnet.",
])
def test_army_acting_as_a_party_is_no_issue(text):
    assert "Armee" not in run(text).issues


@pytest.mark.parametrize("text,label", [
    ("Chile verlangt von Peru, seine Armee zu verkleinern.", "Armee"),
    ("Peru solle seine Truppen aus den besetzten Tälern abziehen, forderte Chile.", "Truppen"),
])
def test_army_as_object_of_an_infinitive_is_an_issue(text, label):
    assert label in run(text).issues


@pytest.mark.parametrize("text,speaker", [
    ("Selenskyj lobte Erdogan als „einen verlässlichen Partner“.", "person/wolodymyr-selenskyj"),
    ("Trump feierte das Ergebnis als „historischen Durchbruch“ der Beziehungen.", "person/donald-trump"),
])
def test_praise_verbs_attach_a_quoted_fragment_to_its_speaker(text, speaker):
    assert [s.speaker for s in run(text).statements] == [speaker]


@pytest.mark.parametrize("text,label", [
    ("Peru verlangt von Chile einen Verzicht auf Gewalt.", "Gewaltverzicht"),
    ("Chile schlägt einen Austausch von Gefangenen vor.", "Gefangenenaustausch"),
])
def test_paraphrase_of_a_compound_issue_is_that_issue(text, label):
    ex = run(text)
    assert label in ex.issues
    assert not {"Verzicht", "Austausch"} & set(ex.issues)


def test_measure_word_is_no_issue_but_what_it_measures_is():
    issues = run("Peru bot an, eine Million Tonnen Kupfer zu günstigen Preisen an Chile zu liefern.").issues
    assert "Tonnen" not in issues and "Kupfer" in issues


def test_party_word_as_subject_of_a_demanded_clause_is_no_issue():
    issues = run("Peru verlangt, dass chilenische Truppen sich aus dem umstrittenen Tal zurückziehen.").issues
    assert "Truppen" not in issues and "Tal" in issues


def test_messages_passed_on_are_no_embassies():
    assert "Botschaften" not in run("Der Vermittler überbrachte die Botschaften zwischen Peru und Chile.").issues
    assert "Botschaften" in run("Peru und Chile wollen ihre Botschaften wieder öffnen.").issues


def test_a_plural_with_an_umlaut_in_the_no_issue_list_is_no_issue():
    # regression: the list was compared unfolded, so "Vorschläge" (folded "vorschlage") slipped through
    [rejection] = run("Kiew lehnte die Vorschläge Moskaus zum Gebietstausch ab.").positions
    assert rejection.issues == ("Gebietstausch",)
