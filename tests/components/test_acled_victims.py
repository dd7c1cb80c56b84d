"""``acled`` on short reports worded as non-military notes are (mob justice, cattle raids,
communal clashes, road blockades): Battles vs Violence against civilians turns on whether the
victim is armed, and Protests vs Riots on what the demonstrators did (ACLED's definitions)."""

from __future__ import annotations

import pytest

from eventcoder.acled import _grievance, primary_acled
from eventcoder.clean import clean
from eventcoder.records import Origin, RawRecord

UP_TO_ACLED = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "modes", "acled"]


def _pair(ctx, trigger: str) -> tuple[str, str] | None:
    d = next(d for d in ctx.drafts if d.tok.text == trigger)
    return (d.acled["event_type"], d.acled["sub_event_type"]) if d.acled else None


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # the victim's noun decides when no actor is resolved for it
        ("A herdsman was shot dead by gunmen near the river on Tuesday.", "shot", ("Violence against civilians", "Attack")),
        ("Gunmen shot dead two officers at a roadblock on Tuesday.", "shot", ("Battles", "Armed clash")),
        # the perpetrator's own noun is no armed victim; a one-sided raid is an attack
        ("A communal militia attacked a village at night, killing two.", "attacked", ("Violence against civilians", "Attack")),
        ("Four people died in a cattle raid on a settlement near the border.", "raid", ("Violence against civilians", "Attack")),
        # two communities that clash are two armed sides for ACLED
        ("Two rival communities clashed over grazing land, leaving three dead.", "clashed", ("Battles", "Armed clash")),
    ],
)
def test_the_victim_decides_battle_or_violence_against_civilians(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def test_a_demonstration_told_on_in_the_next_sentence(analyse) -> None:
    # "what the demonstrators did" is often the sentence after the demonstration
    calm = "Hundreds of traders marched through the town to protest new market fees."
    assert _pair(analyse(calm, UP_TO_ACLED), "protest") == ("Protests", "Peaceful protest")
    violent = calm + " Youths in the crowd were later seen carrying stones and clubs."
    assert _pair(analyse(violent, UP_TO_ACLED), "protest") == ("Riots", "Violent demonstration")


def test_a_sentence_with_an_acled_act_of_its_own_is_no_continuation(analyse) -> None:
    calm = "Hundreds of traders marched through the town to protest new market fees."
    ctx = analyse(calm + " Two days later, masked men burned a kiosk and looted its stock.", UP_TO_ACLED)
    assert _pair(ctx, "protest") == ("Protests", "Peaceful protest")


def test_stones_thrown_by_the_demonstrators_make_the_report_a_riot(pipeline) -> None:
    # the stone-throwing is an act of its own (ASSAULT, primitive force); the report is one
    # ACLED event, a violent demonstration
    text = "Hundreds of traders marched through the town to protest new market fees. Some of them later hurled stones at passing cars."
    events = pipeline.code(clean(RawRecord(text=text, origin=Origin("<test>")))).events
    assert primary_acled(events)["acled"] == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}
    ctx_text = "Students demonstrating against higher fees threw stones at passing vehicles on Monday."
    ev = pipeline.code(clean(RawRecord(text=ctx_text, origin=Origin("<test>")))).events
    assert primary_acled(ev)["acled"] == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # what the demonstration is against is not what the demonstrators did
        ("Villagers protested against the burning of their chapel by unknown people.", "protested", ("Protests", "Peaceful protest")),
        ("Hundreds of parents protested the arrest of a popular headteacher on Friday.", "protested", ("Protests", "Peaceful protest")),
        # ... but their own acts count
        ("Hundreds of parents protested in the town, burning tyres on the main road.", "protested", ("Riots", "Violent demonstration")),
    ],
)
def test_the_grievance_is_not_read(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def test_an_act_named_in_the_grievance_is_not_the_demonstrators(analyse) -> None:
    # the demolition is what the vendors protested, not something they did
    ctx = analyse("Fish vendors protested the demolition of their stalls by county officers on Monday.", UP_TO_ACLED)
    assert _pair(ctx, "protested") == ("Protests", "Peaceful protest")
    assert _pair(ctx, "demolition") == ("Strategic developments", "Looting/property destruction")


def test_a_road_blockade_is_a_violent_demonstration(analyse) -> None:
    ctx = analyse("Boda boda riders blocked the main highway on Monday to protest police harassment.", UP_TO_ACLED)
    assert ("Riots", "Violent demonstration") in {_pair(ctx, d.tok.text) for d in ctx.drafts if d.type == "PROTEST"}


def _ev(sentence: str, trigger: str, type_: str, pair: tuple[str, str], src: str | None = None) -> dict:
    i = sentence.index(trigger)
    return {
        "type": type_, "mode": None, "sentence": sentence, "start": 0, "confidence": 0.7,
        "trigger": {"text": trigger, "start": i, "end": i + len(trigger)},
        "acled": {"event_type": pair[0], "sub_event_type": pair[1]},
        "source_actor": {"name": "traders", "sector": src} if src else None, "target_actor": None,
        "negated": False, "hypothetical": False,
    }


def test_what_a_demonstration_is_against_is_no_riot() -> None:
    s = "Street vendors protested against the demolition of their stalls, and later torched a truck."
    protest = _ev(s, "protested", "PROTEST", ("Protests", "Peaceful protest"))
    demolition = _ev(s, "demolition", "COERCE", ("Strategic developments", "Looting/property destruction"), "CVL")
    torched = _ev(s, "torched", "COERCE", ("Strategic developments", "Looting/property destruction"), "CVL")
    assert _grievance(protest, demolition) and not _grievance(protest, torched)
    assert primary_acled([protest, demolition])["acled"]["event_type"] == "Protests"
    assert primary_acled([protest, demolition, torched])["acled"]["event_type"] == "Riots"


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # "riot police" names the force sent to the crowd, not a riot by the crowd
        ("Supporters of a losing candidate marched to the tallying centre; anti-riot police stood by.", "marched", ("Protests", "Peaceful protest")),
        ("Several traders rallied outside the county offices as riot police watched.", "rallied", ("Protests", "Peaceful protest")),
        # ... while a crowd that riots still makes one
        ("Several traders rallied outside the county offices and later rioted in the market.", "rallied", ("Riots", "Violent demonstration")),
    ],
)
def test_riot_police_is_no_riot(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def test_a_riot_police_unit_is_no_riot_event(analyse) -> None:
    # a capitalised "Riot" modifying "police" opens the note: a noun modifier, not an event
    ctx = analyse("Riot police dispersed a crowd outside the law courts.", ["focus", "triggers"])
    assert not any(d.tok.text == "Riot" for d in ctx.drafts)


def test_a_fight_by_an_armed_group_in_a_demonstration_report_is_no_riot() -> None:
    # residents protest after militants attacked the town: the attack is what they protest,
    # not their own fighting; a crowd's running battle is
    s = "Residents protested on Monday after militants attacked the town and clashed with police."
    protest = _ev(s, "protested", "PROTEST", ("Protests", "Peaceful protest"))
    attack = _ev(s, "attacked", "ASSAULT", ("Battles", "Armed clash"), "REB")
    assert primary_acled([protest, attack])["acled"]["event_type"] == "Protests"
    crowd = _ev(s, "clashed", "ASSAULT", ("Battles", "Armed clash"))
    assert primary_acled([protest, crowd])["acled"]["event_type"] == "Riots"


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # members of a named gang killed, nobody named as the killer: their fight with the forces
        ("Two suspected Mungiki members were killed in Kayole on Sunday.", "killed", ("Battles", "Armed clash")),
        # police shooting suspects: a shoot-out with an armed gang ...
        ("Police shot dead two suspects in Eastleigh on Sunday.", "shot", ("Battles", "Armed clash")),
        # ... but torture in custody is violence against the suspect
        ("Police arrested and tortured a terrorism suspect in Mombasa.", "tortured", ("Violence against civilians", "Attack")),
    ],
)
def test_suspects_and_gang_members(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def _casualties(analyse, text: str) -> list[tuple[list[str], bool]]:
    from eventcoder.components.acled import casualties_of, responders_of

    ctx = analyse(text, UP_TO_ACLED)
    return [(sorted(casualties_of(p.doc)), responders_of(p.doc)) for p in ctx.parsed]


def test_the_casualties_of_a_sentence_are_its_victims_not_its_doers(analyse) -> None:
    # passive subject, object; a number stands for
    # its of-phrase; the doer of a killing is a responder only when it is the state's force
    assert _casualties(analyse, "Two rangers were shot dead near the park gate.") == [(["ranger"], False)]
    assert _casualties(analyse, "Bandits killed a herder and a police reservist on Monday.") == [(["herder", "reservist"], False)]
    assert _casualties(analyse, "Security forces responded, shooting dead four of the raiders.") == [(["four", "raider"], True)]


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        # the attack's own sentence names no victim; the next names armed casualties
        ("Armed raiders attacked a farm near the forest at night. Two police reservists were killed.", ("Battles", "Armed clash")),
        ("Armed raiders attacked a farm near the forest at night. Two farm hands were killed.", ("Violence against civilians", "Attack")),
        # the state's forces fighting back in the next sentence make it two armed sides
        ("A gang attacked a bus carrying displaced families near the town. Police intervened, shooting dead two of the attackers.", ("Battles", "Armed clash")),
    ],
)
def test_the_report_names_the_side_the_attack_hit(analyse, text: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), "attacked") == acled
