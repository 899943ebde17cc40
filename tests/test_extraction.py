"""Each extraction mechanism on short sentences written for the test."""
from __future__ import annotations

from datetime import date

import pytest

from kg.lexicon import translit_key
from helpers import entity, positions, run


def test_unknown_person_found_through_role_apposition():
    ex = run("Der türkische Außenminister Hakan Yilmaz eröffnete das Treffen.")
    person = next(e for e in ex.entities if e.type == "Person")
    assert person.label == "Hakan Yilmaz"
    assert ("Außenminister" in [r.role for r in ex.roles if r.person == person.key])
    assert any(a.actor == person.key and a.party == "country/turkey" for a in ex.affiliations)


def test_role_after_name_as_apposition():
    ex = run("Gennadi Sokolow, ein Berater von Kremlchef Wladimir Putin, zeigte sich zufrieden.")
    roles = {(r.person, r.role) for r in ex.roles}
    assert ("person/wladimir-putin", "Kremlchef") in roles
    assert any(r.role == "Berater" and r.person.startswith("person/g") for r in ex.roles)


@pytest.mark.parametrize("a,b", [("Umjerow", "Umerov"), ("Medinski", "Medinskij"), ("Medinski", "Medinsky"),
                                 ("Hnatow", "Gnatow"), ("Dmitriew", "Dmitrijew"), ("Kostjukow", "Kostyukov")])
def test_transliteration_variants_share_a_key(a, b):
    assert translit_key(a) == translit_key(b)


def test_spelling_variants_are_one_actor_with_alt_labels():
    ex = run("Rustem Umerov traf Putin. Umerows Vorschlag wurde diskutiert.")
    umerov = entity(ex, "person/rustem-umjerow")
    assert umerov is not None and "Rustem Umerov" in umerov.alt_labels


def test_capital_as_metonym_is_the_country_and_as_place_a_place():
    ex = run("Moskau lehnt den Vorschlag ab. Die Gespräche fanden am Freitag in Ankara statt.")
    rej = positions(ex, "Rejection")
    assert [p.holder for p in rej] == ["country/russia"]
    assert any(m.kind == "place" and m.key == "Ankara" for m in ex.mentions)


def test_pronoun_resolves_to_previous_subject():
    ex = run("Präsident Wolodymyr Selenskyj reiste mit Trump nach Paris. Er forderte neue Sanktionen.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].holder == "person/wolodymyr-selenskyj"
    assert "Sanktionen" in dem[0].content


def test_konjunktiv_demand_with_precondition_and_addressee():
    ex = run("Russland verlange als Vorbedingung für eine Waffenruhe den Rückzug der ukrainischen Armee.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder == "country/russia"
    assert dem.content.startswith("Rückzug der ukrainischen Armee")
    assert dem.condition == "Waffenruhe"
    assert dem.addressee == "country/ukraine"


def test_passive_rejection_points_to_the_demand():
    ex = run("Russland fordert den Abzug aller Truppen. Diese Forderung wird von der Ukraine abgelehnt.")
    dem = positions(ex, "Demand")[0]
    rej = positions(ex, "Rejection")[0]
    assert rej.holder == "country/ukraine"
    assert ex.positions[rej.target] == dem


def test_relative_was_clause_rejects_the_demand_of_the_sentence():
    ex = run("Kiew bestand auf einer Waffenruhe, was Moskau zurückwies.")
    dem = positions(ex, "Demand")[0]
    rej = positions(ex, "Rejection")[0]
    assert (dem.holder, rej.holder) == ("country/ukraine", "country/russia")
    assert ex.positions[rej.target] == dem


@pytest.mark.parametrize("verb", ["pocht auf", "drängt auf", "besteht auf"])
def test_prepositional_demand_cues(verb):
    ex = run(f"Die Ukraine {verb} verlässliche Sicherheitsgarantien.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].holder == "country/ukraine" and dem[0].content == "verlässliche Sicherheitsgarantien"


def test_focus_phrase_names_two_demands():
    ex = run("Für Kiew stehen neben Sicherheitsgarantien auch Zusagen für den Wiederaufbau im Fokus.")
    assert [p.content for p in positions(ex, "Demand")] == ["Sicherheitsgarantien", "Zusagen für den Wiederaufbau"]


def test_topicalised_object_with_separable_verb():
    ex = run("Einen einseitigen Rückzug lehnt Kiew ab.")
    rej = positions(ex, "Rejection")[0]
    assert rej.holder == "country/ukraine" and rej.content == "einseitigen Rückzug"


def test_threat_keeps_condition_and_trigger():
    ex = run("Russland verlangt die Räumung der Gebiete. Moskau droht mit neuen Angriffen, falls Kiew nicht einlenke.")
    threat = positions(ex, "Threat")[0]
    assert threat.holder == "country/russia"
    assert threat.content == "neuen Angriffen"
    assert threat.condition_text == "falls Kiew nicht einlenke"
    assert ex.positions[threat.triggered_by].kind == "Demand"


def test_conditional_clause_is_no_position_of_its_own():
    ex = run("Washington droht mit dem Entzug der Hilfe, falls sich die Ukraine dem Plan verweigert.")
    assert [p.kind for p in ex.positions] == ["Threat"]


def test_offer_in_a_quote_belongs_to_the_speaker():
    ex = run("Lawrow sagte: „Wir sind bereit, über einen Austausch zu reden.“")
    offer = positions(ex, "Offer")[0]
    assert offer.holder == "person/sergej-lawrow"
    assert "Austausch" in offer.content


@pytest.mark.parametrize("text", [
    "„Wir wollen einen gerechten Frieden“, sagte Selenskyj.",
    "Selenskyj erklärte: „Wir wollen einen gerechten Frieden.“",
    "»Wir wollen einen gerechten Frieden«, sagte Selenskyj.",
    "\"Wir wollen einen gerechten Frieden\", sagte Selenskyj.",
    "‚Wir wollen einen gerechten Frieden‘, sagte Selenskyj.",
    "„Wir wollen einen gerechten Frieden“, so Selenskyj.",
    "„Wir wollen einen gerechten Frieden“, so der ukrainische Präsident Wolodymyr Selenskyj.",
])
def test_quote_with_speaker_before_or_after(text):
    ex = run(text)
    assert [(s.speaker, s.quote.rstrip(".")) for s in ex.statements] == \
        [("person/wolodymyr-selenskyj", "Wir wollen einen gerechten Frieden")]


def test_pull_quote_is_one_statement_with_two_mentions():
    ex = run("„Wir wollen einen gerechten Frieden“, sagte Selenskyj.\nWir wollen einen gerechten Frieden.\n"
             "Präsident Wolodymyr Selenskyj\n")
    assert len(ex.statements) == 1 and len(ex.statements[0].evidence) == 2


def test_media_title_in_quotes_is_no_statement():
    ex = run("Nach einem Bericht der „Washington Post“ forderte Trump neue Gespräche.")
    assert ex.statements == ()


@pytest.mark.parametrize("text,day", [
    ("Die Gespräche in Genf begannen am Freitag.", date(2026, 1, 23)),          # document date is a Saturday
    ("Die Delegationen trafen sich an diesem Samstag in Genf.", date(2026, 1, 24)),
    ("Selenskyj hatte am Vortag in Genf mit Trump beraten.", date(2026, 1, 23)),
    ("Selenskyj will am Montag zu Gesprächen nach Genf reisen.", date(2026, 1, 26)),
    ("Die Gespräche am 16. Mai in Genf brachten nichts.", date(2026, 5, 16)),
])
def test_meeting_dates_resolved_against_the_document_date(text, day):
    ex = run(text)
    assert [m.day for m in ex.meetings] == [day]
    assert ex.meetings[0].place == "Genf"


def test_meeting_mediator_and_parties():
    ex = run("Die Ukraine und Russland verhandelten am Freitag in Istanbul unter Vermittlung der Türkei.")
    m = ex.meetings[0]
    assert set(m.participants) >= {"country/ukraine", "country/russia"}
    assert m.mediators == ("country/turkey",)


def test_delegation_members_and_head():
    ex = run("Zur russischen Delegation gehörten Außenminister Sergej Lawrow und Präsidentenberater Juri Uschakow. "
             "Die ukrainische Delegation wurde von Verteidigungsminister Rustem Umjerow geleitet.")
    dels = {d.represents: d for d in ex.delegations}
    assert set(dels["country/russia"].members) == {"person/sergej-lawrow", "person/juri-uschakow"}
    assert dels["country/ukraine"].head == "person/rustem-umjerow"


def test_document_without_date_builds_with_undated_weekdays():
    ex = run("Die Gespräche in Genf begannen am Freitag.", day=None)
    assert ex.document.date is None and ex.meetings == ()


def test_every_evidence_span_is_the_text_between_its_offsets():
    ex = run("Russland verlangt einen Abzug, was die Ukraine ablehnt. „Nein“, sagte Selenskyj.")
    spans = [p.evidence for p in ex.positions] + [s for st in ex.statements for s in st.evidence]
    assert spans
    for s in spans:
        assert ex.document.text[s.begin:s.end] == s.text


def test_reported_obligation_is_a_demand_of_the_speaker():
    ex = run("Rubio sprach von einem ersten Schritt. Für ein Ende des Krieges müssten alle Seiten "
             "Zugeständnisse machen, sagte er.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder == "person/marco-rubio"
    assert dem.content == "alle Seiten Zugeständnisse machen"
    assert dem.condition == "Kriegsende"


def test_dass_clause_after_a_pronominal_adverb():
    ex = run("Kiew besteht darauf, dass alle Gefangenen freigelassen werden.")
    dem = positions(ex, "Demand")[0]
    assert (dem.holder, dem.content) == ("country/ukraine", "alle Gefangenen freigelassen werden")


def test_auffordern_names_the_addressee_and_the_infinitive():
    ex = run("Die Ukraine forderte die EU auf, den Druck auf Moskau zu erhöhen.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder == "country/ukraine"
    assert dem.addressee == "organization/european-union"
    assert dem.content == "Druck auf Moskau zu erhöhen"


def test_female_role_word_lets_sie_find_the_person():
    ex = run("Kosovos Präsidentin Vjosa Testova kritisierte die Lage. Sie forderte neue Gespräche.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder.startswith("person/") and "testova" in dem.holder


def test_generic_noun_refers_to_the_last_organization():
    ex = run("Die Hamas verhandelte in Doha. Zudem bestehe die Organisation auf einem Abzug der Truppen.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder == "organization/hamas"


def test_rejection_in_a_relative_clause_targets_the_demand():
    ex = run("Moskau besteht darauf, dass die Armee die Region räumt – eine Forderung, "
             "die von Präsident Wolodymyr Selenskyj zurückgewiesen wird.")
    rej = positions(ex, "Rejection")[0]
    assert rej.holder == "person/wolodymyr-selenskyj"
    assert ex.positions[rej.target].kind == "Demand"


def test_nominal_offer_and_demonstrative_rejection():
    ex = run("Umjerow erneuerte seinen Vorschlag, Putin persönlich zu treffen. Medinski wies das umgehend zurück.")
    offer = positions(ex, "Offer")[0]
    rej = positions(ex, "Rejection")[0]
    assert offer.holder == "person/rustem-umjerow" and "treffen" in offer.content
    assert rej.holder == "person/wladimir-medinski" and ex.positions[rej.target] == offer


def test_compound_names_the_actor():
    ex = run("Ein ranghoher US-Regierungsvertreter nannte das Treffen „ermutigend“.")
    assert [s.speaker for s in ex.statements] == ["country/usa"]


def test_unknown_names_with_particles_and_parenthesised_parties():
    ex = run("Hamas-Chefunterhändler Chalil al-Testa sprach. Die Außenminister Ararat Testjan (Armenien) "
             "und Dscheyhun Testow (Aserbaidschan) paraphierten den Text.")
    people = {e.label: e for e in ex.entities if e.type == "Person"}
    assert people["Chalil al-Testa"].affiliation == "organization/hamas"
    assert people["Ararat Testjan"].affiliation == "country/armenia"
    assert people["Dscheyhun Testow"].affiliation == "country/azerbaijan"


def test_cue_verb_after_the_statement_takes_what_came_before():
    ex = run("Der russische Präsident Wladimir Putin sprach in Moskau. Sollte der Westen weitere Raketen liefern, "
             "werde Russland hart antworten, drohte der Kremlchef.")
    threat = positions(ex, "Threat")[0]
    assert threat.holder == "person/wladimir-putin"
    assert "hart antworten" in threat.content


def test_mediator_is_the_party_after_vermittlung_not_the_one_before():
    ex = run("Armenien und Aserbaidschan haben unter Vermittlung der USA einen Vertrag ausgehandelt. "
             "Die Präsidenten trafen sich am Freitag in Washington mit US-Präsident Donald Trump.")
    assert ex.meetings and set(ex.meetings[0].mediators) == {"country/usa"}


def test_mediation_of_an_earlier_deal_is_no_mediator_of_these_talks():
    ex = run("Russland war aus dem Abkommen ausgestiegen, das 2022 unter Vermittlung der Türkei zustande gekommen war. "
             "Putin und Erdoğan verhandelten am Freitag in Sotschi.")
    assert ex.meetings and ex.meetings[0].mediators == ()


@pytest.mark.parametrize("text,kind,holder", [
    ("Die Ukraine sei nicht bereit, Gebiete abzutreten, sagte Selenskyj.", "Rejection", "country/ukraine"),
    ("Selenskyj zeigte sich offen für ein Treffen mit Putin.", "Offer", "person/wolodymyr-selenskyj"),
    ("Lawrow bezeichnete den Vorschlag als inakzeptabel.", "Rejection", "person/sergej-lawrow"),
])
def test_readiness_and_its_negation(text, kind, holder):
    ex = run(text)
    assert [(p.kind, p.holder) for p in ex.positions] == [(kind, holder)]


def test_not_up_for_debate_in_reported_speech():
    ex = run("Lawrow sprach in Riad. Am Vortag hatte er erklärt, eine Räumung eroberter Gebiete stehe für Moskau "
             "nicht zur Debatte.")
    rej = positions(ex, "Rejection")[0]
    assert (rej.holder, rej.content) == ("country/russia", "Räumung eroberter Gebiete")


def test_demonstrative_noun_phrase_takes_the_rejected_content():
    ex = run("Russland verlangt den Abzug aller Truppen. Dieses Ansinnen, das weit über das Besprochene "
             "hinausgehe, wird von der Ukraine abgelehnt.")
    rej = positions(ex, "Rejection")[0]
    assert rej.content == "Abzug aller Truppen" and ex.positions[rej.target].kind == "Demand"


def test_a_side_that_proposes_something_names_no_delegation_member():
    ex = run("Die Ukraine wurde von Verteidigungsminister Rustem Umjerow vertreten. Nach Angaben Kiews schlug "
             "die ukrainische Seite ein Treffen von Selenskyj und Putin vor.")
    dels = {d.represents: d.members for d in ex.delegations}
    assert dels == {"country/ukraine": ("person/rustem-umjerow",)}


def test_pronominal_adverb_before_an_infinitive():
    ex = run("Die Europäer drängen darauf, an den Verhandlungen beteiligt zu werden.")
    dem = positions(ex, "Demand")[0]
    assert (dem.holder, dem.content) == ("organization/europeans", "an den Verhandlungen beteiligt zu werden")


def test_place_of_the_talks_not_of_the_speaker():
    ex = run("Putin hat direkte Verhandlungen mit der Ukraine in Istanbul vorgeschlagen. Die Gespräche sollten "
             "am kommenden Donnerstag beginnen, sagte Putin in der Nacht im Kreml.", day="2025-05-11")
    assert [(m.place, m.day) for m in ex.meetings] == [("Istanbul", date(2025, 5, 15))]


def test_threat_content_after_mit_even_before_a_condition():
    ex = run("Frankreich hatte Moskau am Samstag mit massiven neuen Sanktionen gedroht, sollte der Kreml "
             "die Waffenruhe ablehnen.")
    threat = positions(ex, "Threat")[0]
    assert threat.content == "massiven neuen Sanktionen"
    assert threat.condition_text.startswith("sollte der Kreml")
    assert [p.kind for p in ex.positions] == ["Threat"]


def test_common_negotiation_subjects_are_issues_in_their_compounds():
    ex = run("Die Regierung besteht auf der Freilassung aller Geiseln. Über das Nuklearprogramm und die "
             "Beitrittsgespräche wurde ebenso gesprochen wie über ein neues Hilfspaket.")
    assert {"Freilassung", "Geiseln", "Atomprogramm", "Beitritt", "Hilfen"} <= set(ex.issues)


def test_smaller_eu_states_and_the_federal_government_are_countries():
    ex = run("Die Bundesregierung lehnt den Vorschlag ab. Slowenien und Kroatien unterstützen ihn.")
    assert [p.holder for p in positions(ex, "Rejection")] == ["country/germany"]
    assert {"country/slovenia", "country/croatia"} <= {e.key for e in ex.entities}


def test_government_in_a_capital_is_the_state():
    ex = run("Einen Abzug der Truppen lehnt die Regierung in Ankara ab. Das Treffen fand in Ankara statt.")
    assert [p.holder for p in positions(ex, "Rejection")] == ["country/turkey"]
    assert any(m.kind == "place" and m.key == "Ankara" for m in ex.mentions)


def test_was_clause_rejects_nothing_from_an_earlier_sentence():
    ex = run("Polen verlangt neue Sanktionen. Der Minister lobte die Gespräche, was Moskau sofort zurückwies.")
    assert not [p for p in positions(ex, "Rejection") if p.target is not None]


def test_plural_role_goes_to_every_listed_person():
    ex = run("Die Botschafter Hakan Yilmaz (Türkei) und Jan Novak (Polen) trafen sich. Der Minister sprach "
             "mit den Unterhändlern beider Länder, Olga Berg für Kiew und Ivan Petrow für Moskau.")
    roles = {(r.person.split("/")[1], r.role) for r in ex.roles}
    assert {("hakan-jilmaz", "Botschafter"), ("jan-novak", "Botschafter"),
            ("olga-berg", "Unterhändler"), ("ivan-petrov", "Unterhändler")} <= roles


def test_precondition_after_a_quantifier():
    ex = run("Kiew verlangt den Abzug der Truppen als Voraussetzung für jede weitere Verhandlungsrunde. "
             "Moskau hatte die Freilassung zur Bedingung für sämtliche Gespräche gemacht.")
    assert [p.condition for p in positions(ex, "Demand")] == ["Verhandlungsrunde", "Gespräche"]


def test_noun_demand_holder_after_a_relative_clause():
    ex = run("Auch die Forderung nach einem Rückzug aus den Dörfern, in denen im Mai gekämpft worden war, "
             "hält Polen aufrecht.")
    dem = positions(ex, "Demand")
    assert [(p.holder, p.content) for p in dem] == [("country/poland", "Rückzug aus den Dörfern")]


def test_unknown_armed_group_is_an_organization_from_its_context():
    ex = run("Die Volksverteidigungsarmee (VVA) verlangt den Abzug der Truppen. Die VVA-Kämpfer blieben in "
             "ihren Stellungen. Die Rebellengruppe Frente Sur lehnt eine Waffenruhe ab. Die verbündete "
             "Kivu-Bewegung droht mit neuen Angriffen.")
    orgs = {e.key: e for e in ex.entities if e.type == "Organization"}
    vva = next(e for e in orgs.values() if e.label == "Volksverteidigungsarmee")
    assert "VVA" in vva.alt_labels
    assert [p.holder for p in positions(ex, "Demand")] == [vva.key]
    assert [orgs[p.holder].label for p in positions(ex, "Rejection")] == ["Frente Sur"]
    assert [orgs[p.holder].label for p in positions(ex, "Threat")] == ["Kivu-Bewegung"]
    assert not [e for e in ex.entities if e.type == "Person"]


def test_organisation_sends_a_delegation():
    ex = run("Die Delegation der Taliban wird von Abdul Karimi geleitet, ihr gehört auch Botschafter Sami Nuri an. "
             "Die Hamas schickte ihren Berater Omar Haddad. Die PKK wurde von ihrem Sprecher Deniz Arslan vertreten.")
    dels = {d.represents: [m.split("/")[1] for m in d.members] for d in ex.delegations}
    assert dels == {"organization/taliban": ["abdul-karimi", "sami-nuri"], "organization/hamas": ["omar-haddad"],
                    "organization/pkk": ["deniz-arslan"]}


def test_the_government_is_the_state_last_named_as_a_government():
    ex = run("Die kolumbianische Regierung und die Rebellen verhandeln seit Montag. Kubas Präsident und Norwegens "
             "Botschafter begleiten die Gespräche. Die Delegation der Regierung leitet Ana Torres.")
    assert [(d.represents, d.members) for d in ex.delegations] == [("country/colombia", ("person/ana-torres",))]


def test_offices_of_diplomats_officers_and_rulers_are_roles():
    ex = run("Der Sonderkoordinator Jan Berger und die Senatorin Ana Ruiz trafen den Offizier Karl Brandner, "
             "den Diplomaten Piet Olsen, den Energieexperten Lars Holm und Machthaber Tom Krell.")
    roles = {(r.person.split("/")[1], r.role) for r in ex.roles}
    assert {("jan-berger", "Sonderkoordinator"), ("ana-ruiz", "Senatorin"), ("karl-brandner", "Offizier"),
            ("piet-olsen", "Diplomat"), ("lars-holm", "Energieexperte"), ("tom-krell", "Machthaber")} <= roles


def test_role_with_its_complement_before_the_name():
    ex = run("Der Innenminister Perus, Carlos Mena, traf den Sondergesandten für den Sahel, Jan Kors, und "
             "den Sprecher und Chefunterhändler der Taliban, Amir Sadiq. Anwesend waren die Botschafter der "
             "beiden Nachbarstaaten: Lena Berg für Polen und Tom Vik für Norwegen.")
    roles = {(r.person.split("/")[1], r.role) for r in ex.roles}
    assert {("carlos-mena", "Innenminister"), ("jan-kors", "Sondergesandter"), ("amir-sadiq", "Sprecher"),
            ("amir-sadiq", "Chefunterhändler"), ("lena-berg", "Botschafter"), ("tom-vik", "Botschafter")} <= roles
    assert entity(ex, "person/carlos-mena").affiliation == "country/peru"


def test_mediators_named_in_a_reporting_clause_but_not_through_a_genitive():
    ex = run("Die Unterhändler trafen sich am Montag in Genf. Das Papier wurde gebilligt, wie die Vermittler "
             "Katar und Ägypten mitteilten. Nach Angaben der Vermittler sollen die Kämpfer der Taliban abziehen.")
    assert [m.mediators for m in ex.meetings] == [("country/qatar", "country/egypt")]


def test_parties_at_the_table_join_the_meeting_just_named():
    ex = run("Katar und Ägypten trafen sich am Montag in Genf. Mit am Tisch saßen auch Vertreter Polens und "
             "Norwegens. Die Türkei saß nicht mit am Tisch.")
    assert [m.participants for m in ex.meetings] == [("country/qatar", "country/egypt", "country/poland",
                                                      "country/norway")]


def test_call_on_someone_to_do_something_demands_the_infinitive_clause():
    ex = run("Kanzler Olaf Weber rief beide Seiten auf, die Waffenruhe strikt einzuhalten. Polen forderte "
             "Russland auf, seine Truppen abzuziehen.")
    dem = positions(ex, "Demand")
    assert [(p.holder, p.content, p.addressee) for p in dem] == [
        ("person/olaf-veber", "Waffenruhe strikt einzuhalten", ""),
        ("country/poland", "seine Truppen abzuziehen", "country/russia")]


def test_the_rebels_and_the_guerrilla_are_the_group_named_before():
    ex = run("Die PKK verlangt den Abzug der Armee. Die Rebellen lehnen jede Entwaffnung ab. "
             "Die Guerilla bietet einen Gefangenenaustausch an.")
    assert [p.holder for p in positions(ex, "Rejection")] == ["organization/pkk"]
    assert [p.holder for p in positions(ex, "Offer")] == ["organization/pkk"]


def test_sie_is_the_group_or_state_when_no_woman_is_named():
    ex = run("Die Hamas lehnte den Plan ab. Sie forderten einen vollständigen Abzug. Die Regierung in Kairo "
             "wies das zurück. Zudem verlangt sie Garantien der USA.")
    assert [p.holder for p in positions(ex, "Demand")] == ["organization/hamas", "country/egypt"]


def test_role_affiliation_not_from_its_subject_or_a_neighbouring_clause():
    ex = run("Der Sonderkoordinator für Syrien, Jan Berg, traf Polens Botschafter für Mali, Tom Vik. Die Gespräche "
             "liefen über Kairo und Riad; Außenminister Ali Hamid reiste. Der frühere kenianische Präsident "
             "Paul Otieno vermittelte. Der Gesandte für den Sudan, Omar Ali, kam.")
    aff = {a.actor.split("/")[1]: a.party for a in ex.affiliations}
    assert aff.get("tom-vik") == "country/poland"
    assert "jan-berg" not in aff and "ali-hamid" not in aff and "omar-ali" not in aff
    assert aff.get("paul-otieno") == "country/kenya"


def test_weekday_of_last_or_next_week():
    ex = run("Die Gespräche hatten am Dienstag vergangener Woche in Genf begonnen. Die nächste Runde soll am "
             "Montag der kommenden Woche in Genf stattfinden.")
    assert sorted(m.day for m in ex.meetings) == [date(2026, 1, 13), date(2026, 1, 26)]


def test_accompanied_by_and_signing_for_make_delegation_members():
    ex = run("Der polnische Präsident Jan Nowak wurde von seinem Berater Piotr Lis und von Außenminister Adam Wolny "
             "begleitet. Für die Rebellengruppe Frente Sur unterschrieb Carlos Mena.")
    dels = {d.represents: {m.split("/")[1] for m in d.members} for d in ex.delegations}
    assert dels["country/poland"] == {"jan-novak", "piotr-lis", "adam-volni"}
    assert [k for k, v in dels.items() if v == {"carlos-mena"}]


def test_negotiator_role_with_its_party_in_the_genitive_heads_the_delegation():
    ex = run("Die Delegation traf am Montag ein. Sie wird vom Sprecher und Chefunterhändler der Taliban, Amir Sadiq, "
             "angeführt, zu ihr gehört auch Karim Noori.")
    assert [(d.represents, d.members) for d in ex.delegations] == [
        ("organization/taliban", ("person/amir-sadiq", "person/karim-noori"))]


def test_a_known_surname_with_another_first_name_is_another_person():
    ex = run("Präsident Michel Aoun verlangte Garantien. Joseph Aoun lehnte Sanktionen ab.")
    assert [p.holder for p in positions(ex, "Demand")] == ["person/michel-aoun"]
    assert [p.holder for p in positions(ex, "Rejection")] == ["person/joseph-aoun"]


def test_a_reported_consequence_under_a_condition_is_a_threat_of_the_speaker():
    ex = run("Sollte die Miliz weiter angreifen, werde Polen die Gespräche abbrechen, sagte Präsident "
             "Jan Nowak. Andernfalls würden neue Sanktionen verhängt, warnte Außenminister Piotr Lis.")
    thr = positions(ex, "Threat")
    assert [(p.holder, p.content) for p in thr] == [("person/jan-novak", "Gespräche abbrechen"),
                                                    ("person/piotr-lis", "neue Sanktionen verhängt")]


def test_man_sei_bereit_is_an_offer_of_the_speaker():
    ex = run("Man sei bereit, Gefangene freizulassen, erklärte Präsident Jan Nowak. Außenminister Piotr Lis sagte: "
             "„Wir verhandeln weiter.“ Man sei bereit, einen Kompromiss zu suchen.")
    assert [p.holder for p in positions(ex, "Offer")] == ["person/jan-novak", "person/piotr-lis"]


def test_keine_option_rejects_the_subject():
    ex = run("Eine Teilung des Landes sei keine Option, sagte Präsident Jan Nowak.")
    assert [(p.holder, p.content) for p in positions(ex, "Rejection")] == [("person/jan-novak", "Teilung des Landes")]


def test_persons_named_at_a_meeting_bring_their_state():
    ex = run("Kaja Kallas traf am Freitag in Genf Vertreter Perus und Chiles.")
    assert [set(m.participants) for m in ex.meetings] == [{"organization/european-union", "country/peru",
                                                           "country/chile"}]


def test_later_meeting_at_the_same_place_keeps_the_parties_of_the_talks():
    ex = run("Zur peruanischen Delegation gehörte Außenminister Tom Vik. Peru verhandelte am Dienstag in Genf mit "
             "Chile. Am Freitag endeten die Gespräche in Genf ohne Ergebnis.")
    assert [set(m.participants) for m in ex.meetings] == [{"country/peru", "country/chile"}] * 2


@pytest.mark.parametrize("text", [
    "Ein Arbeitsessen der Außenminister Perus und Chiles fand am Freitag in Genf statt.",
    "Die Unterzeichnung des Abkommens durch Peru und Chile erfolgte am Freitag in Genf.",
    "Das Abkommen wurde am Freitag in Genf von Peru und Chile gebilligt.",
    "Peru und Chile setzten am Freitag in Genf ihre Unterredung fort.",
    "Eine Begegnung zwischen Peru und Chile gab es am Freitag in Genf.",
    "Am Rande des Gipfeltreffens waren Peru und Chile am Freitag in Genf vertreten.",
    "Die dritte Gesprächsrunde zwischen Peru und Chile endete am Freitag in Genf.",
    "Die Sondierungen zwischen Peru und Chile endeten am Freitag in Genf.",
])
def test_meals_signings_approvals_and_other_words_for_talks_are_meetings(text):
    ex = run(text)
    assert [(m.place, m.day) for m in ex.meetings] == [("Genf", date(2026, 1, 23))]


@pytest.mark.parametrize("text", [
    "Peru und Chile verhandelten am Dienstag in Genf. Tags darauf trafen sich die Delegationen erneut.",
    "Peru und Chile verhandelten am Dienstag in Genf. Am folgenden Tag kamen die Unterhändler erneut zusammen.",
])
def test_day_after_a_named_meeting(text):
    ex = run(text)
    assert sorted(m.day for m in ex.meetings) == [date(2026, 1, 20), date(2026, 1, 21)]


def test_the_capital_named_by_its_country():
    ex = run("Peru und Chile verhandelten am Freitag in der norwegischen Hauptstadt.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Oslo", date(2026, 1, 23))]


def test_sides_of_the_talks_named_without_a_day_join_its_meetings():
    ex = run("Zur peruanischen Delegation gehörte Außenminister Tom Vik. Das Treffen zwischen Peru und Chile gilt "
             "als Durchbruch. Die Gespräche hatten am Dienstag in Genf begonnen.")
    assert [set(m.participants) for m in ex.meetings] == [{"country/peru", "country/chile"}]


def test_patronage_names_the_mediator():
    ex = run("Unter der Schirmherrschaft Norwegens verhandelten Peru und Chile am Freitag in Genf.")
    assert [m.mediators for m in ex.meetings] == [("country/norway",)]


def test_mediator_of_talks_at_one_place_mediates_their_other_days():
    ex = run("Peru und Chile verhandelten am Dienstag in Genf unter Vermittlung Norwegens. Am Freitag trafen sich "
             "Peru und Chile erneut in Genf.")
    assert [m.mediators for m in ex.meetings] == [("country/norway",)] * 2
    assert all("country/norway" in m.participants for m in ex.meetings)


def test_place_of_several_unknown_words():
    ex = run("Peru und Chile verhandelten am Freitag in Camp David.")
    assert [m.place for m in ex.meetings] == ["Camp David"]


def test_summit_resorts_are_places():
    ex = run("Am Freitag begann in Scharm el-Scheich die Friedenskonferenz mit Peru und Chile.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Scharm el-Scheich", date(2026, 1, 23))]


def test_a_visit_is_a_meeting():
    ex = run("Beim Besuch des chilenischen Außenministers am Freitag in Lima ging es um die Grenze.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Lima", date(2026, 1, 23))]


@pytest.mark.parametrize("text", [
    "Unter der Ägide Norwegens verhandelten Peru und Chile am Freitag in Genf.",
    "Die Gespräche zwischen Peru und Chile am Freitag in Genf moderierte Norwegen.",
    "Der Schlichter Norwegen leitete am Freitag in Genf die Gespräche zwischen Peru und Chile.",
])
def test_aegis_moderation_and_arbitration_name_the_mediator(text):
    ex = run(text)
    assert [m.mediators for m in ex.meetings] == [("country/norway",)]


@pytest.mark.parametrize("text,days", [
    ("Peru und Chile verhandelten am 12. und 13. Januar in Genf.", [date(2026, 1, 12), date(2026, 1, 13)]),
    ("Peru und Chile verhandelten am Montag und Dienstag in Genf.", [date(2026, 1, 19), date(2026, 1, 20)]),
])
def test_two_days_joined_by_und(text, days):
    ex = run(text)
    assert sorted(m.day for m in ex.meetings) == days


def test_town_adjective_names_the_place_of_the_talks():
    ex = run("Peru und Chile verhandelten am Freitag im Wiener Hotel Imperial.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Wien", date(2026, 1, 23))]


def test_seat_of_a_government_is_no_place_of_the_talks():
    ex = run("Peru und die Führung in Tirasberg haben sich in Oslo geeinigt. Die Gespräche endeten am Freitag.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Oslo", date(2026, 1, 23))]


def test_visited_country_gives_its_capital_as_place():
    ex = run("Der peruanische Außenminister hat Norwegen besucht. Am Freitag verhandelte er mit Chile. "
             "Ein Gegenbesuch in Lima ist geplant.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Oslo", date(2026, 1, 23))]


def test_agreement_reached_at_a_place_is_a_meeting():
    ex = run("Peru und Chile haben sich auf eine Waffenruhe verständigt. Die Einigung kam am Freitag in Genf "
             "zustande.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Genf", date(2026, 1, 23))]


def test_signatures_set_under_a_text_are_a_meeting():
    ex = run("Die Außenminister Perus und Chiles setzten am Freitag in Genf ihre Unterschriften unter das Papier.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Genf", date(2026, 1, 23))]


def test_parties_at_the_table_join_every_day_of_the_talks_still_spoken_of():
    ex = run("Die Runde in Genf hatte am Dienstag begonnen und endete am Freitag. Die Delegationen tagten lange. "
             "Die Unterhändler schwiegen. Am Tisch saßen außerdem Norwegen und Schweden.")
    assert all({"country/norway", "country/sweden"} <= set(m.participants) for m in ex.meetings)
    assert len(ex.meetings) == 2


def test_mediators_listed_after_als_vermittler_and_a_verb():
    ex = run("Peru und Chile verhandelten am Freitag in Genf. Als Vermittler sitzen die Vereinten Nationen (UN), "
             "Norwegen und Schweden mit am Tisch.")
    assert set(ex.meetings[0].mediators) == {"organization/united-nations", "country/norway", "country/sweden"}


@pytest.mark.parametrize("word", ["Kollege", "Amtskollege", "Amtskollegen"])
def test_colleague_named_with_the_adjective_of_his_country(word):
    ex = run(f"Der peruanische Präsident Luis Vega traf am Freitag seinen chilenischen {word} Pedro Soto in Genf.")
    assert any(a.actor == "person/pedro-soto" and a.party == "country/chile" for a in ex.affiliations)
    assert any(r.person == "person/pedro-soto" for r in ex.roles)


def test_erst_dann_makes_the_demand_before_a_condition():
    ex = run("Peru verlangt, dass Chile die Zölle senkt. Erst dann könne man über weitere Schritte beim "
             "Fischfang reden, sagte der Minister.")
    dem = positions(ex, "Demand")[0]
    assert "Zölle" in dem.content and dem.condition == "Fischfang"


def test_erst_wenn_clause_is_a_demand_with_a_condition():
    ex = run("Erst wenn Chile die Zölle senke, könne über eine Öffnung der Häfen gesprochen werden, sagte Perus "
             "Außenminister Luis Vega.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder in ("country/peru", "person/luis-vega") and "Zölle senke" in dem.content and dem.condition == "Öffnung der Häfen"


def test_erst_wenn_demand_of_the_circles_of_a_state():
    ex = run("Erst wenn Chile die Zölle senke, könne über eine Öffnung der Häfen gesprochen werden, hieß es aus "
             "peruanischen Regierungskreisen.")
    dem = positions(ex, "Demand")[0]
    assert dem.holder == "country/peru" and dem.condition == "Öffnung der Häfen"


def test_pronominal_adverb_points_past_an_object_to_the_infinitive():
    ex = run("Peru hatte beiden Nachbarn damit gedroht, die Gespräche über Fischerei auf Eis zu legen.")
    assert [p.content for p in positions(ex, "Threat")] == ["Gespräche über Fischerei auf Eis zu legen"]


@pytest.mark.parametrize("text,word", [
    ("Peru weigert sich, mit Chile an einem Tisch zu sitzen.", "Tisch"),
    ("Chile wies den Eindruck zurück, die Gespräche seien gescheitert.", "Eindruck"),
])
def test_table_and_impression_are_no_issues(text, word):
    assert word not in run(text).issues


def test_unknown_town_after_a_country_adjective_is_a_place():
    ex = run("Peru und Chile wollen am Freitag im chilenischen Arica wieder zusammentreten.")
    assert [(m.place, m.day) for m in ex.meetings] == [("Arica", date(2026, 1, 30))]


def test_reported_obligation_after_demand_verb_addresses_its_subject_and_beides_rejects_both():
    ex = run("Serbien forderte, Kosovo müsse seine Sondereinheiten aus dem Norden abziehen und die Zollblockade "
             "beenden. Pristina lehnt beides ab.")
    dem = positions(ex, "Demand")
    assert len(dem) == 2 and all(d.addressee == "country/kosovo" for d in dem)
    rej = positions(ex, "Rejection")
    assert sorted(ex.positions[r.target].content for r in rej) == sorted(d.content for d in dem)


def test_dass_clause_subject_is_addressee_and_topicalised_das_rejects_it():
    ex = run("Ankara verlangt vielmehr, dass Griechenland die Inseln entmilitarisiert. "
             "Das lehnt die Regierung in Athen ab.")
    dem = positions(ex, "Demand")[0]
    assert dem.addressee == "country/greece"
    rej = positions(ex, "Rejection")
    assert rej and rej[0].holder == "country/greece" and "Inseln" in rej[0].content


def test_country_adjectives_before_the_mediator_noun_are_mediators():
    ex = run("Unter norwegischer Vermittlung haben Kolumbien und die ELN am Montag in Oslo verhandelt. "
             "Am Dienstag berieten Israel und die Hamas in Doha mit ägyptischen und katarischen Vermittlern.")
    by_place = {m.place: m for m in ex.meetings}
    assert by_place["Oslo"].mediators == ("country/norway",)
    assert set(by_place["Doha"].mediators) == {"country/egypt", "country/qatar"}


def test_a_host_that_is_said_not_to_mediate_is_no_mediator():
    ex = run("Die Schweiz sei Gastgeberin, nicht Vermittlerin, betonte die Ministerin. "
             "Die Gespräche fanden am Samstag in Genf statt.")
    assert [m.mediators for m in ex.meetings] == [()]


def test_who_chairs_the_talks_mediates_them():
    ex = run("Ägypten und Äthiopien verhandelten am Mittwoch in Washington. Gastgeber war US-Finanzminister "
             "Steven Mnuchin, der die Gespräche im Finanzministerium leitete. Ägyptens Abordnung leitete Außenminister "
             "Samih Schukri.")
    assert [m.mediators for m in ex.meetings] == [("country/usa",)]
    ex = run("Serbien und Kosovo verhandelten am Donnerstag in Brüssel. Geleitet wurden die Beratungen von den "
             "Ko-Vorsitzenden: dem EU-Sonderbeauftragten Miroslav Lajčák und der UN-Vertreterin Maria Alvarez.")
    assert set(ex.meetings[0].mediators) == {"organization/european-union", "organization/united-nations"}
    ex = run("Iran und die USA verhandelten am Donnerstag in Wien. Geleitet wurde die Runde von Borrells "
             "Stellvertreter Enrique Mora.")
    assert ex.meetings[0].mediators == ("organization/european-union",)
    ex = run("Die Gespräche in Pretoria hatten am Dienstag begonnen. Geleitet wurden sie vom AU-Sondergesandten "
             "für das Horn von Afrika, dem früheren nigerianischen Staatschef Olusegun Obasanjo.")
    assert ex.meetings[0].mediators == ("organization/african-union",)


def test_nur_dann_and_nur_unter_dieser_bedingung_make_the_demands_before_a_condition():
    ex = run("Die Taliban verlangen die Freigabe der Zentralbankreserven und ein Ende der Sanktionen. "
             "Nur unter dieser Bedingung werde man einem Abkommen zustimmen.")
    assert [d.condition for d in positions(ex, "Demand")] == ["Abkommen", "Abkommen"]
    ex = run("Die Hamas fordert einen Abzug der Armee. Nur dann sei sie zu Verhandlungen bereit.")
    assert [d.condition for d in positions(ex, "Demand")] == ["Verhandlungen"]
    assert not positions(ex, "Offer")
    ex = run("Kiew fordert eine Garantie der Grenzen. Nur wenn diese gesichert sei, könne die Ukraine einem "
             "Waffenstillstand zustimmen, sagte Selenskyj.")
    assert positions(ex, "Demand")[0].condition == "Waffenstillstand"


def test_nur_wenn_after_the_main_clause_is_a_demand_for_what_the_main_clause_promises():
    ex = run("Serbien werde seine Grenzposten nur räumen, wenn Kosovo die Sondereinheiten abziehe, sagte Vučić.")
    dem = positions(ex, "Demand")
    assert len(dem) == 1 and dem[0].condition == "Grenzposten" and "Sondereinheiten" in dem[0].content
    assert dem[0].addressee == "country/kosovo"
    ex = run("Die Regierung in Juba werde erst dann Wahlen abhalten, wenn die Armee reformiert worden sei, "
             "sagte Präsident Salva Kiir.")
    dem = positions(ex, "Demand")
    assert len(dem) == 1 and dem[0].condition == "Wahlen" and dem[0].addressee == ""


def test_bevor_clause_after_a_demand_is_what_it_is_a_condition_for():
    ex = run("Die Hamas verlangte, dass die Söldner aus Russland das Land verlassen, bevor eine gemeinsame "
             "Polizeitruppe aufgebaut wird.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].condition == "Polizeitruppe" and "Söldner" in dem[0].content


def test_das_rejected_without_an_earlier_position_rejects_what_the_sentence_before_says():
    ex = run("Die Armee warf Serbien vor, die Waffenruhe gebrochen zu haben. Belgrad wies das zurück.")
    rej = positions(ex, "Rejection")
    assert rej and rej[0].holder == "country/serbia" and "Waffenruhe" in rej[0].content


def test_konjunktiv_obligation_continues_the_speaker_before_and_nicht_infrage_rejects():
    ex = run("Die Reform sei überfällig, erklärte Selenskyj. Die geplanten Wahlen müssten deshalb verschoben "
             "werden. Eine Verschiebung komme nicht infrage, sagte Putin.")
    dem = positions(ex, "Demand")
    assert dem and dem[0].holder == "person/wolodymyr-selenskyj" and "verschoben" in dem[0].content
    rej = positions(ex, "Rejection")
    assert any(r.holder == "person/wladimir-putin" and "Verschiebung" in r.content for r in rej)


def test_unknown_name_in_apposition_to_a_genitive_role():
    ex = run("Für die Rebellen spricht der Generalsekretär der Bewegung SPLM, Pagan Amum. "
             "Der Chef der Delegation, Lazaro Oketch, schwieg.")
    names = {e.label for e in ex.entities if e.type == "Person"}
    assert {"Pagan Amum", "Lazaro Oketch"} <= names


@pytest.mark.parametrize("text,holder,word", [
    ("Erdoğan hatte zuvor gewarnt, Ankara werde alle Optionen prüfen, sollte Athen die Inseln bewaffnen.",
     "person/recep-tayyip-erdogan", "Optionen"),
    ("Das sei ein Fehler, sagte Lawrow. Moskau werde entschlossen reagieren, sollte Washington weitere Waffen an "
     "Kiew liefern.", "person/sergej-lawrow", "reagieren"),
    ("Finanzminister Scott Bessent drohte: Sollte China die Vereinbarungen nicht einhalten, würden die Zölle "
     "wieder steigen.", "person/scott-bessent", "Zölle"),
])
def test_consequence_with_trailing_sollte_condition_or_after_a_colon_is_a_threat(text, holder, word):
    [threat] = positions(run(text), "Threat")
    assert threat.holder == holder and word in threat.content and threat.condition_text.startswith(("sollte", "Sollte"))


def test_chef_with_a_group_prefix_is_a_role_that_brings_the_group():
    ex = run("Am Abend traf der Gesandte den Hamas-Chef Omar Dschabari.")
    person = next(e for e in ex.entities if e.label == "Omar Dschabari")
    assert any(r.person == person.key and r.role == "Chef" for r in ex.roles)
    assert any(a.actor == person.key and a.party == "organization/hamas" for a in ex.affiliations)


def test_gapped_representation_and_fuer_segment_with_a_mistagged_verb():
    ex = run("Ankara wurde von Außenminister Kemal Aydın vertreten, Athen von Außenminister Nikos Petrou und "
             "Verteidigungsminister Jannis Karras. Für Nikosia verhandelten Außenministerin Eleni Charalambous "
             "und Innenminister Andreas Loizou.")
    by_party = {d.represents: set(d.members) for d in ex.delegations}
    labels = {e.key: e.label for e in ex.entities}
    assert {labels[m] for m in by_party["country/turkey"]} == {"Kemal Aydın"}
    assert {labels[m] for m in by_party["country/greece"]} == {"Nikos Petrou", "Jannis Karras"}
    assert {labels[m] for m in by_party["country/cyprus"]} == {"Eleni Charalambous", "Andreas Loizou"}


def test_compound_delegation_dative_ihr_gehoeren_and_the_principal_of_an_adviser():
    ex = run("Die Regierungsdelegation aus Kiew wird von Olexij Marenko angeführt, einem Berater von Präsident "
             "Petro Bondar. Ihr gehören auch der Minister für Energie, Taras Holub, und der Parlamentarier "
             "Ivan Sirko an.")
    labels = {e.key: e.label for e in ex.entities}
    [delegation] = ex.delegations
    assert delegation.represents == "country/ukraine"
    assert {labels[m] for m in delegation.members} == {"Olexij Marenko", "Taras Holub", "Ivan Sirko"}
    bondar = next(k for k, v in labels.items() if v == "Petro Bondar")
    assert any(a.actor == bondar and a.party == "country/ukraine" for a in ex.affiliations)


def test_breakaway_regions_are_actors_with_their_capitals_as_metonyms():
    ex = run("Tiraspol lehnt den Plan ab. Vertreter Abchasiens und Südossetiens verhandelten am Donnerstag in Genf "
             "mit Georgien.")
    assert [p.holder for p in positions(ex, "Rejection")] == ["organization/transnistria"]
    assert {"organization/abkhazia", "organization/south-ossetia"} <= set(ex.meetings[0].participants)


def test_delegation_sentences_keep_the_talks_the_topic_for_who_sat_at_the_table():
    ex = run("Serbien und Kosovo verhandelten am Donnerstag in Brüssel. Belgrad war durch Außenminister Ivan Petrović "
             "vertreten. Die Delegation Pristinas führte Besa Gashi an. Auch Vertreter der Vereinigten Staaten saßen "
             "mit am Tisch.")
    assert "country/usa" in ex.meetings[0].participants


def test_who_welcomes_the_talks_is_no_side_of_them():
    ex = run("Die Regierung des Südsudans verhandelt am Donnerstag in Nairobi mit den Rebellen. Die Vereinten "
             "Nationen und die Afrikanische Union begrüßten den Beginn der Gespräche.")
    assert not {"organization/united-nations", "organization/african-union"} & set(ex.meetings[0].participants)


def test_nominalised_verb_rejects_the_demand_that_used_the_verb():
    ex = run("Tiraspol verlangt, dass Chişinău die Strafverfahren gegen seine Beamten einstellt. "
             "Die moldauische Seite lehnt eine Einstellung ab.")
    [rejection] = positions(ex, "Rejection")
    assert "Strafverfahren" in ex.positions[rejection.target].content
