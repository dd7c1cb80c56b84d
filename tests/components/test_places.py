"""``places``: an event's place from its own clause, the whole country, the event it refers
back to, or the scene the narrative is at (sentences written for these tests)."""

from __future__ import annotations

import pytest

UP_TO_PLACES = ["focus", "triggers", "relevance", "roles", "modality", "dates", "places"]


def _draft(ctx, trigger: str, sentence_part: str):
    ds = [d for d in ctx.drafts if d.tok.text == trigger and sentence_part in d.sentence.text]
    assert ds, [(d.tok.text, d.sentence.text[:40]) for d in ctx.drafts]
    return ds[0]


def test_nationwide_event_is_at_the_country_not_the_capital(analyse):
    text = (
        "Talks between the government and the opposition in Caracas collapsed on Monday. "
        "Venezuela's opposition then staged nationwide protests against the government on Friday."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "protests", "nationwide")
    assert d.location is not None and d.location.country == "VEN"
    assert d.location.precision == "country" and d.location.text == "Venezuela"


def test_protests_across_the_country_are_at_the_country(analyse):
    text = (
        "Police in Nairobi fired tear gas at traders on Monday. "
        "In Kenya, teachers held strikes across the country on Wednesday over unpaid wages."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "strikes", "across the country")
    assert d.location is not None and d.location.precision == "country" and d.location.country == "KEN"


def test_a_protest_in_a_town_stays_in_the_town(analyse):
    text = "Venezuela's opposition held protests in Maracaibo on Friday against the government."
    d = _draft(analyse(text, UP_TO_PLACES), "protests", "Maracaibo")
    assert d.location is not None and d.location.text == "Maracaibo"


def test_the_attack_refers_back_to_the_placed_attack(analyse):
    text = (
        "A suicide attack killed five soldiers at a checkpoint in Kandahar on Sunday. "
        "Police in Kabul arrested two men on Monday. "
        "Officials said the attack had been planned for weeks by a cell of the group."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "attack", "planned for weeks")
    assert d.location is not None and d.location.text == "Kandahar"
    assert d.location.basis == "article"


@pytest.mark.parametrize("det", ["the", "this"])
def test_a_later_placed_mention_also_counts(analyse, det):
    text = (
        f"Prosecutors said 20 people took part in {det} failed attack. "
        "The president survived an attack on his convoy in the city of Maracaibo on 4 August, "
        "and officials in Florida offered to help the inquiry."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "attack", "took part")
    assert d.location is not None and d.location.text == "Maracaibo"


def test_a_new_indefinite_event_does_not_borrow_a_place(analyse):
    text = (
        "A suicide attack killed five soldiers in Kandahar on Sunday.\n\n"
        "Separately, an attack was reported by local media, without saying where."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "attack", "Separately")
    assert d.location is None or d.location.basis != "trigger"
    assert d.location is None or d.location.text != "Kandahar" or d.location.basis == "article"


def test_a_caption_after_a_scene_is_at_that_scene(analyse):
    # three scenes named alike: no main place, but the line after Lyon's paragraph is there
    text = (
        "A parcel bomb exploded outside a bakery in Lyon on Friday, injuring 13 people.\n"
        "Soldiers were deployed to guard the street.\n"
        "In Paris, officials raised the alert level. Police in Marseille were also reinforced."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "deployed", "Soldiers")
    assert d.location is not None and d.location.text == "Lyon" and d.location.basis == "article"


def test_a_country_as_a_noun_modifier_is_not_the_sentence_place(analyse):
    # "US" modifies the actor: a nationality, not where the strikes were; the note
    # says where in its next sentence, so the article's place is the answer
    text = (
        "On 2 May, US military forces carried out airstrikes against militants. "
        "It was the first strike since the truce, in Nad Ali district, Helmand."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "airstrikes", "US military")
    assert d.location is None or d.location.country == "AFG"


def test_a_town_of_the_sentence_beats_the_country_holding_it(analyse):
    text = (
        "A parcel bomb went off outside a shop in Lyon on Friday. "
        "Paris' anti-terror prosecutors, who act for the whole of France, said they opened an inquiry into the blast."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "inquiry", "prosecutors")
    assert d.location is None or d.location.precision != "country"


def test_an_unplaced_act_of_a_state_organ_is_in_its_country(analyse):
    # nothing places the order, and the article has two scenes; the subject says whose
    # minister gave it, and the article names the country
    text = (
        "A parcel bomb went off in Lyon on Friday.\n\n"
        "Another device was defused in Marseille.\n\n"
        "France has raised its alert level.\n\n"
        "The French interior minister ordered prefects to tighten security at public sites."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "ordered", "prefects")
    assert d.location is not None and d.location.country == "FRA"


def test_an_army_abroad_is_not_put_at_home(analyse):
    text = (
        "Fighting went on in Idlib and in Aleppo on Monday.\n\n"
        "The United States has sent envoys.\n\n"
        "US troops withdrew from two bases, officials said."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "withdrew", "US troops")
    assert d.location is None or d.location.country != "USA"


def test_a_country_only_event_is_at_the_incident_town_of_its_type(analyse):
    text = (
        "Government forces shelled the town of Saraqeb on Tuesday, killing four civilians. "
        "The bombardment hit a market and a school in the town, residents said. "
        "Syrian troops also shelled rebel positions, state media in Syria reported."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "shelled", "rebel positions")
    assert d.location is not None and d.location.text == "Saraqeb"
    assert d.location.basis == "article" and d.location.precision == "point"


def test_a_country_only_event_stays_at_the_country_when_the_story_moves(analyse):
    text = (
        "Government forces shelled the town of Saraqeb on Tuesday, killing four civilians. "
        "On Wednesday, jets shelled a market in Deir ez-Zor, residents said. "
        "Syrian troops also shelled rebel positions, state media in Syria reported."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "shelled", "rebel positions")
    assert d.location is not None and d.location.precision == "country" and d.location.country == "SYR"


def test_a_national_government_act_nothing_places_is_at_the_country(analyse):
    text = (
        "Thousands of people marched in Lusaka, Zambia's capital, on Monday against rising food prices.\n\n"
        "The government banned all public rallies on Tuesday."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "banned", "public rallies")
    assert d.location is not None and d.location.country == "ZMB" and d.location.precision == "country"


def test_a_local_body_act_stays_at_the_town(analyse):
    text = (
        "Thousands of people marched in Lusaka, Zambia's capital, on Monday against rising food prices.\n\n"
        "The city council banned all public rallies on Tuesday."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "banned", "public rallies")
    assert d.location is None or d.location.precision != "country"


def test_the_other_party_of_talks_is_not_the_object_place(analyse):
    # roles makes Turkey the target (a participant); the talks are not placed in Turkey by it
    d = _draft(analyse("Greece opened negotiations with Turkey on Monday.", UP_TO_PLACES), "negotiations", "Greece")
    assert d.object_place is not None and d.object_place.text == "Turkey"
    assert d.location is None or d.location.basis != "trigger"


def test_an_act_on_the_area_is_at_the_last_placed_scene(analyse):
    text = (
        "A parcel bomb exploded outside a pharmacy in Leeds on Friday, wounding six people. "
        "Officials in London and Bristol condemned the bombing.\n\n"
        "A witness said the windows of the shop were blown out and glass covered the pavement.\n\n"
        "Police have cordoned off the area."
    )
    ctx = analyse(text, UP_TO_PLACES)
    d = _draft(ctx, "cordoned", "the area")
    # three towns named alike: no article place; the scene is the bombing's, not the statement's
    assert d.location is not None and d.location.basis == "article" and d.location.text == "Leeds"


def test_government_forces_are_no_national_body():
    from eventcoder.geo.locate import national_body
    from eventcoder.nlp import load_model

    nlp = load_model()
    for text, want in [
        ("The government banned rallies.", True),
        ("Opposition parties boycotted the vote.", True),
        ("Government forces shelled the town.", False),
        ("The city government banned rallies.", False),
        ("Opposition leader Ana Ruiz boycotted the vote.", False),
    ]:
        doc = nlp(text)
        subj = next(t for t in doc if t.dep_ == "nsubj")
        span = doc[subj.left_edge.i : subj.right_edge.i + 1]
        assert national_body(span) is want, text


def test_a_court_ruling_its_sentence_places_at_the_country_is_at_the_courts_seat(analyse):
    # "the UK's highest court" is a court (seat_body), the article names its seat later
    text = (
        "Holding asylum seekers without a hearing is unlawful, Britain's highest court has ruled.\n\n"
        "The judges of the House of Lords backed the appeal of six men held in a prison in Kent."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "ruled", "highest court")
    assert d.location is not None and d.location.name == "UK Parliament"
    assert d.location.country == "GBR" and d.location.basis == "article"


def test_a_seat_the_subject_names_is_the_place(analyse):
    text = "Unions marched in Haifa on Monday.\n\nOn Tuesday the Knesset condemned the violence."
    d = _draft(analyse(text, UP_TO_PLACES), "condemned", "Knesset")
    assert d.location is not None and d.location.name == "Knesset" and d.location.country == "ISR"


def test_a_court_with_no_seat_named_gets_no_guessed_seat(analyse):
    text = "Protesters gathered in Lyon on Monday.\n\nThe court rejected the appeal on Tuesday."
    d = _draft(analyse(text, UP_TO_PLACES), "rejected", "appeal")
    assert d.location is None or d.location.feature not in ("S.BLDG", "S.PAL", "S.CSTL")


def test_seat_bodies_are_legislatures_and_courts_not_local_ones():
    from eventcoder.geo.locate import seat_body
    from eventcoder.nlp import load_model

    nlp = load_model()
    for text, want in [
        ("The country's highest court ruled on Monday.", True),
        ("Parliament voted on Monday.", True),
        ("The county court ruled on Monday.", False),
        ("The government ruled on Monday.", False),
    ]:
        doc = nlp(text)
        subj = next(t for t in doc if t.dep_ == "nsubj")
        assert seat_body(doc[subj.left_edge.i : subj.i + 1]) is want, text


def test_a_statement_the_article_places_at_a_region_is_at_the_seat_named_before(analyse):
    text = (
        "Two climbers from Scotland died in the Alps, the first minister said in a statement to "
        "the Scottish Parliament on Tuesday. Families in Scotland were told on Monday.\n\n"
        "The first minister also praised the rescue teams for their courage."
    )
    d = _draft(analyse(text, UP_TO_PLACES), "praised", "rescue teams")
    assert d.location is not None and d.location.name == "Scottish Parliament"
    assert d.location.basis == "article"


def test_a_capital_or_seat_acting_as_its_government_is_where_it_acts(analyse):
    text = (
        "Protesters rallied in Damascus on Monday against the regime.\n\n"
        "Washington condemned the crackdown on Tuesday and the Kremlin denied any role."
    )
    ctx = analyse(text, UP_TO_PLACES)
    d = _draft(ctx, "condemned", "Washington")
    assert d.location is not None and d.location.text == "Washington" and d.location.country == "USA"
    d = _draft(ctx, "denied", "Kremlin")
    assert d.location is not None and d.location.text == "Kremlin" and d.location.country == "RUS"
    # the crackdown is still at the scene, not at a capital reacting to it
    assert _draft(ctx, "crackdown", "Washington").location.text == "Damascus"
