"""Actors and meetings, fourth round: appositions, passives, distributive members, places and dates
on short sentences written for the test."""
from __future__ import annotations

from helpers import members as _members, run


def _affiliation(ex, label: str) -> str:
    person = next(e for e in ex.entities if e.label == label)
    return next((a.party for a in ex.affiliations if a.actor == person.key), "")


def test_autonomous_territory_adjective_gives_the_minister_the_territory():
    ex = run("Die grönländische Ministerin Aaja Kleist sprach am Montag in Kopenhagen mit Regierungsvertretern.")
    assert _affiliation(ex, "Aaja Kleist") == "organization/greenland"


def test_fronted_passive_participle_names_the_mediators_after_von():
    ex = run("Armenien und Aserbaidschan trafen sich am Montag in Rom. "
             "Vermittelt wurde das Treffen in Rom von den USA und Katar, teilte das Ministerium mit.")
    assert set(ex.meetings[0].mediators) == {"country/usa", "country/qatar"}


def test_fronted_passive_agent_with_country_adjective_is_that_country():
    ex = run("Armenien und Aserbaidschan trafen sich am Montag in Rom. "
             "Vermittelt wurden die Gespräche vom türkischen Sondergesandten Ali Demir.")
    assert ex.meetings[0].mediators == ("country/turkey",)


def test_known_surname_before_an_unknown_name_is_a_new_persons_first_name():
    ex = run("Jordaniens Geheimdienstchef Abbas Kamel traf am Montag in Amman Präsident Mahmud Abbas. "
             "Präsident Petro Nowak kam später hinzu.")
    labels = {e.label for e in ex.entities if e.type == "Person"}
    assert {"Abbas Kamel", "Mahmud Abbas", "Petro Nowak"} <= labels
    assert "Gustavo Petro" not in labels
    assert _affiliation(ex, "Abbas Kamel") == "country/jordan"


def test_town_after_a_country_adjective_is_a_place_though_tagged_as_noun():
    ex = run("Kirgistan und Tadschikistan verhandelten am Freitag in der kirgisischen Stadt Batken. "
             "Die Delegationen wollen am kommenden Mittwoch im tadschikischen Chudschand erneut zusammenkommen.")
    assert {(m.place, m.day.isoformat()) for m in ex.meetings} == {("Batken", "2026-01-23"),
                                                                    ("Chudschand", "2026-01-28")}


def test_airport_names_the_place_of_the_meeting():
    ex = run("Guyana und Venezuela trafen sich am Montag auf dem Flughafen Argyle.")
    assert [m.place for m in ex.meetings] == ["Argyle"]


def test_persons_who_meet_on_the_day_of_the_talks_sit_at_the_table_for_their_side():
    ex = run("Der armenische Außenminister Ararat Mirsojan und der aserbaidschanische Außenminister Jeyhun Bayramov "
             "trafen sich am Dienstag in Tiflis. Später am Donnerstag sprach Bayramov in Baku mit Lawrow.")
    members = _members(ex)
    assert "person/ararat-mirsojan" in members["country/armenia"]
    assert "person/jeyhun-bayramov" in members["country/azerbaijan"]
    assert "country/russia" not in members


def test_office_seated_in_a_capital_gives_its_spokeswoman_the_state():
    ex = run("Die Einigung sei erzielt worden, teilte die Sprecherin des Außenministeriums in Peking, Hua Ling, "
             "am Freitag mit.")
    assert _affiliation(ex, "Hua Ling") == "country/china"


def test_role_of_a_country_with_von_in_apposition_gives_the_country():
    ex = run("Vermittelt wurde das Treffen vom Premierminister von St. Lucia, Joe Pierre, und der Karibischen "
             "Gemeinschaft Caricom.")
    assert _affiliation(ex, "Joe Pierre") == "country/saint-lucia"


def test_companions_named_with_their_possessive_plural_role_serve_the_sides_in_order():
    ex = run("Der kenianische Präsident William Ruto und der Präsident Ugandas, Yoweri Museveni, unterzeichneten "
             "am Montag in Arusha ein Abkommen. Gastgeber war der tansanische Präsident Samia Hassan. "
             "Begleitet wurden die beiden Präsidenten von ihren Außenministern "
             "Peter Kamau und John Okello.")
    assert _affiliation(ex, "Peter Kamau") == "country/kenya"
    assert _affiliation(ex, "John Okello") == "country/uganda"
    members = _members(ex)
    assert "person/peter-kamau" in members["country/kenya"]
    assert "person/john-okello" in members["country/uganda"]


def test_day_of_the_report_is_no_meeting_day_and_a_weekday_in_apposition_is():
    ex = run("Die Einigung sei am Donnerstag nach Gesprächen in der Stadt Mombasa erzielt worden, teilte die "
             "Sprecherin des Außenministeriums in Nairobi, Ruth Wanjiku, am Freitag mit. Bereits am ersten "
             "Verhandlungstag, dem Mittwoch, hatten beide Seiten in Mombasa über Gefangene beraten.",
             day="2026-01-24")
    assert {m.day.isoformat() for m in ex.meetings} == {"2026-01-22", "2026-01-21"}


def test_the_junta_is_the_state_whose_military_government_was_named():
    ex = run("Die Militärregierung Malis und die Rebellen verhandelten am Montag in Algier. Die Junta entsandte eine "
             "Delegation unter Leitung von Oberst Amadou Keita. Der Sprecher der Junta, Moussa Traoré, nannte die "
             "Gespräche offen.")
    assert _affiliation(ex, "Amadou Keita") == "country/mali"
    assert _affiliation(ex, "Moussa Traoré") == "country/mali"
    assert "person/amadou-keita" in _members(ex)["country/mali"]


def test_partner_in_a_mit_phrase_and_a_travel_companion_take_part_for_their_side():
    ex = run("Nach einem Treffen mit Außenminister Marco Rubio am Mittwoch in Washington sprach der dänische "
             "Außenminister Lars Løkke Rasmussen von Fortschritten. Er war gemeinsam mit der grönländischen "
             "Ministerin Aaja Kleist angereist. Am Freitag will Løkke Rasmussen in Brüssel mit "
             "Nato-Generalsekretär Mark Rutte beraten.", day="2026-01-15")
    by_place = {m.place: set(m.participants) for m in ex.meetings}
    assert "organization/greenland" in by_place["Washington"]
    assert by_place["Brüssel"] == {"country/denmark", "organization/nato"}
    assert "person/aaja-kleist" in _members(ex)["organization/greenland"]


def _roles_of(ex, label: str) -> set[str]:
    person = next(e for e in ex.entities if e.label == label)
    return {r.role for r in ex.roles if r.person == person.key}


def test_genitive_plural_role_and_inflected_chair_and_prosecutor_are_roles():
    ex = run("Ein Abkommen soll nach dem Willen der Präsidenten Tomas Varga und Ivo Brandt unterzeichnet werden. "
             "Die Gegenseite wurde vom Vorsitzenden des Sicherheitskomitees in Bratislava, Jan Hudak, angeführt. "
             "Zur Delegation gehörte Generalstaatsanwalt Peter Kral.")
    assert _roles_of(ex, "Tomas Varga") == {"Präsident"} and _roles_of(ex, "Ivo Brandt") == {"Präsident"}
    assert _roles_of(ex, "Jan Hudak") == {"Vorsitzender"}
    assert _roles_of(ex, "Peter Kral") == {"Generalstaatsanwalt"}


def test_group_with_genitive_name_and_acronym_and_its_spokesman_by_possessive():
    ex = run("Zum Bündnis gehört die Armee der Freien Volksunion Kareniens (AFVK). Dies wies die AFVK zurück, "
             "ihr Sprecher Saw Lwin erklärte, man kämpfe weiter.")
    orgs = {e.label: e.key for e in ex.entities if e.type == "Organization"}
    assert "Armee der Freien Volksunion Kareniens" in orgs
    assert _affiliation(ex, "Saw Lwin") == orgs["Armee der Freien Volksunion Kareniens"]


def test_holder_of_a_role_follows_a_complement_that_names_another_person():
    ex = run("Als Beobachter nahm Chile teil, das den Sonderberater von Präsident Gabriel Boric, Mario Fuentes, "
             "entsandt hatte.")
    assert _roles_of(ex, "Mario Fuentes") == {"Sonderberater"}
    assert _roles_of(ex, "Gabriel Boric") == {"Präsident"}


def test_who_serves_a_named_person_serves_that_persons_side():
    ex = run("Die Gespräche begannen am Montag in Wien. Geleitet wurden sie von Borrells Stellvertreter Jaime Ortega.")
    assert _affiliation(ex, "Jaime Ortega") == "organization/european-union"


def test_counted_plural_role_before_a_colon_list_holds_for_each_name_with_its_own_role():
    ex = run("Die Gespräche in Genf begannen am Montag. Geleitet wurden die Beratungen von den drei Ko-Vorsitzenden: "
             "dem EU-Sonderbeauftragten für den Kaukasus, Jan Berg, der UN-Vertreterin Ana Silva und dem "
             "OSZE-Sondergesandten Ivo Marin.")
    for name in ("Jan Berg", "Ana Silva", "Ivo Marin"):
        assert "Ko-Vorsitzender" in _roles_of(ex, name)
    assert "Vertreterin" in _roles_of(ex, "Ana Silva")


def test_role_before_a_copula_and_a_retired_general_name_the_predicate_person():
    ex = run("Die Gespräche in Nairobi begannen am Montag. Chefvermittler ist der kenianische General im Ruhestand "
             "Daniel Kiprop.")
    assert _roles_of(ex, "Daniel Kiprop") == {"Chefvermittler", "General"}
    assert _affiliation(ex, "Daniel Kiprop") == "country/kenya"


def test_role_before_a_copula_belongs_to_a_country_named_first_not_to_the_person_after_the_colon():
    ex = run("Vermittler war erneut Katar: Außenminister Hakan Fidan eröffnete die Runde.")
    assert _roles_of(ex, "Hakan Fidan") == {"Außenminister"}
