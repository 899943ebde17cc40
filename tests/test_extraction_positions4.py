"""Position mechanisms of German news language, each on a sentence written for the test."""
from __future__ import annotations

from helpers import positions, run


def test_trailing_perfect_of_saying_takes_the_clause_before():
    ex = run("Die Ministerin Anna Berg traf den Präsidenten. Sollte Berlin weitere Panzer liefern, werde Russland "
             "„alle nötigen Schritte“ einleiten, hatte Berg am Vortag im Fernsehen gedroht.")
    threats = positions(ex, "Threat")
    assert len(threats) == 1
    assert threats[0].holder == "person/anna-berg" and "Schritte" in threats[0].content


def test_time_adverbial_before_reported_threat_clause():
    ex = run("Der Minister Karl Bauer hatte vergangene Woche gedroht, die Armee werde erneut Depots in Kiew "
             "beschießen, falls Truppen in die Provinz vorrückten.")
    threats = positions(ex, "Threat")
    assert [t.holder for t in threats] == ["person/karl-bauer"]
    assert "Depots" in threats[0].content and "Woche" not in threats[0].content


def test_coordinated_finite_verb_ends_the_demand():
    ex = run("Kairo verlangte den Stopp der Bauarbeiten und hatte gedroht, sudanesische Beobachter aus der "
             "Kommission auszuschließen, falls Khartum daran festhalte.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].content == "Stopp der Bauarbeiten"
    threats = positions(ex, "Threat")
    assert threats and threats[0].holder == "country/egypt" and "Kommission" in threats[0].content


def test_otherwise_with_the_consequence_in_the_verb():
    ex = run("Der Sprecher der Regierung, Paul Meyer, sprach von einem Erfolg. Die Armee werde die Waffenruhe "
             "achten, sofern die Milizen nicht angriffen, sagte er. Andernfalls behalte sich das Militär einen "
             "Gegenschlag vor.")
    threats = positions(ex, "Threat")
    assert threats and threats[0].content == "Gegenschlag"
    assert threats[0].holder.startswith("person/paul-m")


def test_refusal_noun_with_light_verb_and_dative_object():
    ex = run("Der Ukrainer Taras Bilyk erteilte dem Tribunal eine klare Absage. Minsk erteilte einer Verlängerung "
             "der Frist eine Abfuhr.")
    rej = positions(ex, "Rejection")
    assert [(r.holder, r.content) for r in rej] == [("person/taras-biljk", "Tribunal"),
                                                    ("country/belarus", "Verlängerung der Frist")]


def test_fronted_demonstrative_dative_refers_to_the_demand_before():
    ex = run("Moskau fordert den Abzug der Flotte. Dem erteilte der Minister Igor Lenz eine Absage.")
    rej = positions(ex, "Rejection")
    assert rej and rej[0].holder == "person/igor-lenz" and rej[0].content == "Abzug der Flotte"
    assert rej[0].target is not None


def test_genitive_after_the_fronted_object_is_not_the_holder():
    ex = run("Eine Anerkennung Kosovos lehnt Belgrad weiterhin kategorisch ab.")
    rej = positions(ex, "Rejection")
    assert rej and rej[0].holder == "country/serbia" and rej[0].content == "Anerkennung Kosovos"


def test_not_in_question_for_someone_with_article_and_such_refers_back():
    ex = run("Nur wenn der gesamte Norden entwaffnet werde, könne ein Abzug erwogen werden, heißt es aus Kreisen "
             "der serbischen Regierung. Eine solche Zone kommt für die Führung in Pristina nicht infrage.")
    rej = positions(ex, "Rejection")
    assert rej and rej[0].holder == "country/kosovo" and rej[0].content == "solche Zone"
    assert rej[0].target is not None and "entwaffnet" in ex.positions[rej[0].target].content


def test_only_proviso_of_an_offer_is_a_demand_for_it():
    ex = run("Kirgistan sei zu einer gemeinsamen Verwaltung des Damms bereit, sagte der Minister Omar Bek, "
             "allerdings nur unter der Voraussetzung, dass die Straße jederzeit offen bleibe. Zugleich bot "
             "Usbekistan an, Strom zu liefern, unter der Bedingung, dass Kirgistan die Leitungen baue.")
    offers = positions(ex, "Offer")
    assert offers[0].content == "gemeinsamen Verwaltung des Damms"
    dem = positions(ex, "Demand")
    assert [(d.holder, d.content, d.condition) for d in dem] == [
        ("country/kyrgyzstan", "Straße jederzeit offen bleibe", offers[0].issues[0])]


def test_reported_obligation_after_a_demand_with_a_relative_clause_of_saying():
    ex = run("Belgrad verlangte eine Rückkehr der Beobachter in den Norden. Zudem müsse Pristina das Abkommen "
             "von 2013 umsetzen, das die Gemeinden für autonom erklärt hatte.")
    dem = positions(ex, "Demand")
    assert [(d.holder, d.addressee) for d in dem][1:] == [("country/serbia", "country/kosovo")]
    assert dem[1].content.endswith("Abkommen von 2013 umsetzen")


def test_fronted_adverbial_puts_the_speaker_after_the_verb():
    ex = run("Nach einem Treffen mit dem Präsidenten Karl Bauer und Außenminister Paul Meyer am Mittwoch in Wien "
             "sprach der dänische Außenminister Lars Holm von einer „tiefen Kluft“.")
    assert [(q.speaker, q.quote) for q in ex.statements] == [("person/lars-holm", "tiefen Kluft")]


def test_issue_takes_a_von_object_and_a_name_in_apposition():
    ex = run("Manila verlangte ein Ende der Einsätze von Wasserwerfern gegen Fischerboote. Damaskus bot an, die "
             "Arbeit der Mission Undof wieder zu ermöglichen.")
    assert positions(ex, "Demand")[0].issues == ("Einsätze von Wasserwerfern",)
    offer = positions(ex, "Offer")[0]
    assert offer.content == "Arbeit der Mission Undof wieder zu ermöglichen"
    assert offer.issues == ("Arbeit der Mission Undof",)


def test_noun_with_infinitive_after_the_particle_and_a_leading_time():
    ex = run("Die Behörden in Pristina wiesen am Donnerstag jeden Versuch zurück, über den Status der Region ohne "
             "ihre Beteiligung zu entscheiden.")
    rej = positions(ex, "Rejection")
    assert rej and rej[0].content == "jeden Versuch, über den Status der Region ohne ihre Beteiligung zu entscheiden"


def test_epithet_after_a_trailing_verb_of_saying_is_the_person_talked_about():
    ex = run("Präsident Karl Bauer hatte am Montag erneut den Verkauf der Werft verlangt. Sollte Oslo sich weiter "
             "weigern, würden norwegische Waren mit hohen Zöllen belegt, drohte der Konservative.")
    threats = positions(ex, "Threat")
    assert threats and threats[0].holder == "person/karl-bauer" and "Zöllen" in threats[0].content


def test_need_in_the_konjunktiv_is_a_demand_of_its_subject():
    ex = run("Der Premier Omar Bek reiste nach Kairo. Er betonte, sein Land brauche einen sicheren Zugang zum Hafen. "
             "Die Gespräche bräuchten Zeit, sagte Bek. Die Ukraine braucht Geduld.")
    dem = positions(ex, "Demand")
    assert [d.content for d in dem] == ["sicheren Zugang zum Hafen"]


def test_a_word_of_a_name_is_no_verb_of_saying():
    ex = run("Der Sprecher der Armee, Kyaw Min Tun, sprach von einem „wichtigen Signal“.")
    assert [(q.speaker, q.quote) for q in ex.statements] == [("person/kav-min-tun", "wichtigen Signal")]


def test_trailing_perfect_of_saying_with_a_name_the_lexicon_lacks():
    ex = run("Sollte Berlin weitere Panzer liefern, werde Russland alle nötigen Schritte einleiten, hatte Kowalczyk "
             "am Vortag im Fernsehen gedroht.")
    assert [t.content for t in positions(ex, "Threat")] == ["alle nötigen Schritte einleiten"]


def test_issue_terms_of_negotiations_named_by_nouns():
    ex = run("Kairo bot eine stärkere Präsenz seiner Marine und eine gemeinsame Arbeitsgruppe an.")
    keys = {m.key for m in ex.mentions if m.kind == "issue"}
    assert {"Militärpräsenz", "Arbeitsgruppe"} <= keys


def test_participle_of_an_action_names_the_lexicon_issue():
    ex = run("Nur wenn der gesamte Süden entmilitarisiert werde, könne ein Rückzug erwogen werden, hieß es aus "
             "Kreisen der Regierung Serbiens.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].issues == ("Entmilitarisierung",) and dem[0].condition == "Rückzug"


def test_separated_negated_recognition_with_fronted_object():
    ex = run("Kiew will den Streit vor ein Schiedsgericht bringen. Eine Zuständigkeit des Gerichts erkennt Moskau "
             "nicht an; man setze auf Gespräche.")
    rej = positions(ex, "Rejection")
    assert [(r.holder, r.content) for r in rej] == [("country/russia", "Zuständigkeit des Gerichts")]


def test_object_of_a_call_upon_is_the_addressee_never_the_holder():
    ex = run("Außenminister Li Qiang empfing Blinken. Li, der Chefdiplomat Pekings, forderte die USA auf, Chinas "
             "Aufstieg nicht länger zu bremsen.")
    dem = positions(ex, "Demand")
    assert [(d.holder, d.addressee, d.content) for d in dem] == [
        ("country/china", "country/usa", "Chinas Aufstieg nicht länger zu bremsen")]


def test_negated_recognition_with_subject_first_takes_the_object_and_no_genitive_holder():
    ex = run("Der Venezolaner Nicolás Maduro reiste an. Sein Land erkenne die Zuständigkeit des IGH nicht an, "
             "sagte Maduro. Moskau erkennt die Wahl nicht an.")
    rej = positions(ex, "Rejection")
    assert [(r.holder, r.content) for r in rej] == [("country/venezuela", "Zuständigkeit des IGH"),
                                                    ("country/russia", "Wahl")]
