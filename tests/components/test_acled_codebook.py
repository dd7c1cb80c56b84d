"""ACLED's codebook read on short notes (issue 11, sixteenth session): attempted violence is
violence, a killing told as "X to death", livestock raids, the authorities' response to a
demonstration told after it, force by nobody named in a demonstration's report, what a
demonstration is against, and crowds of residents or students turning on someone. The texts
are paraphrased illustrations, not bench notes."""

from __future__ import annotations

import pytest

from eventcoder.acled import _grievance, primary_acled
from eventcoder.classify import AcledMapper

FLAGS = ["triggers", "modality"]
UP_TO_ACLED = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "modes", "acled"]


def _draft(ctx, trigger: str):
    return next(d for d in ctx.drafts if d.tok.text == trigger)


@pytest.mark.parametrize(
    ("text", "trigger", "hypothetical"),
    [
        # violence tried on a victim is violence done (ACLED codes the attempt as the attack)
        ("A crowd tried to lynch a man who had knocked down a cyclist.", "lynch", False),
        ("Unknown gunmen attempted to abduct two traders outside the market.", "abduct", False),
        # a tried forced entry, a tried seizure of ground, a tried talk: not what they name
        ("The teachers attempted to storm the education offices but were barred by police.", "storm", True),
        ("Militants tried to take control of the border town.", "take", True),
        ("Elders tried to negotiate with the two clans.", "negotiate", True),
        # other governors keep their meaning
        ("The militia threatened to attack the village.", "attack", True),
    ],
)
def test_an_attempt_of_violence_happened(analyse, text: str, trigger: str, hypothetical: bool) -> None:
    assert _draft(analyse(text, FLAGS), trigger).hypothetical is hypothetical


@pytest.mark.parametrize(
    ("text", "trigger", "etype"),
    [
        ("Villagers burnt a suspected thief to death on Sunday night.", "burnt", "ASSAULT"),
        ("A vigilante group stoned two drivers to death near the stage.", "stoned", "ASSAULT"),
        ("Youths burnt three houses in the village.", "burnt", "COERCE"),
        ("Armed raiders stole 300 cattle from herders near the border.", "stole", "ASSAULT"),
    ],
)
def test_killings_and_livestock_raids(analyse, text: str, trigger: str, etype: str) -> None:
    assert _draft(analyse(text, ["focus", "triggers"]), trigger).type == etype


def test_a_livestock_raid_is_read_by_the_attack_rules(analyse) -> None:
    d = _draft(analyse("Armed raiders stole 300 cattle from herders near the border.", UP_TO_ACLED), "stole")
    assert d.acled == {"event_type": "Violence against civilians", "sub_event_type": "Attack"}


@pytest.mark.parametrize(
    ("text", "trigger", "pair"),
    [
        ("Residents attacked and killed a suspected robber in the estate.", "attacked", ("Riots", "Mob violence")),
        ("Students of a boarding school pelted their principal's house with stones.", "pelted", ("Riots", "Mob violence")),
        # gunmen are no crowd
        ("Gunmen attacked and killed a trader in the estate.", "attacked", ("Violence against civilians", "Attack")),
    ],
)
def test_a_crowd_turning_on_someone_is_mob_violence(analyse, text: str, trigger: str, pair: tuple[str, str]) -> None:
    d = _draft(analyse(text, UP_TO_ACLED), trigger)
    assert (d.acled["event_type"], d.acled["sub_event_type"]) == pair


def test_source_has_reads_the_source_words() -> None:
    mapper = AcledMapper.default()
    crowd = mapper.map("attack", "CVL", "CVL", ["resident", "attack", "man"], source_lemmas=["resident"])
    assert crowd == {"event_type": "Riots", "sub_event_type": "Mob violence"}
    # residents as the victims are not the crowd
    victims = mapper.map("attack", None, "CVL", ["resident", "attack", "gunman"], source_lemmas=["gunman"])
    assert victims == {"event_type": "Violence against civilians", "sub_event_type": "Attack"}


# --- primary_acled: a report of a demonstration ------------------------------------------


def _ev(text: str, sentence: str, trigger: str, type_: str, pair: tuple[str, str] | None, src: str | None = None, mode: str | None = None) -> dict:
    start = text.index(sentence)
    i = start + sentence.index(trigger)
    return {
        "type": type_, "mode": mode, "sentence": sentence, "start": start, "end": start + len(sentence), "confidence": 0.7,
        "trigger": {"text": trigger, "start": i, "end": i + len(trigger)},
        "acled": {"event_type": pair[0], "sub_event_type": pair[1]} if pair else None,
        "source_actor": {"name": "police" if src == "COP" else "someone", "sector": src} if src else None, "target_actor": None,
        "negated": False, "hypothetical": False,
    }


PEACEFUL = ("Protests", "Peaceful protest")
S1 = "Nurses marched to the county offices over unpaid salaries."


def test_a_later_arrest_is_an_intervention() -> None:
    text = S1 + " Twelve were arrested at the gate."
    protest = _ev(text, S1, "marched", "PROTEST", PEACEFUL)
    arrest = _ev(text, "Twelve were arrested at the gate.", "arrested", "COERCE", ("Strategic developments", "Arrests"))
    assert primary_acled([protest, arrest])["acled"] == {"event_type": "Protests", "sub_event_type": "Protest with intervention"}


def test_later_police_gunfire_is_excessive_force() -> None:
    text = S1 + " Police shot at the crowd, wounding two."
    protest = _ev(text, S1, "marched", "PROTEST", PEACEFUL)
    shot = _ev(text, "Police shot at the crowd, wounding two.", "shot", "ASSAULT", ("Violence against civilians", "Attack"), "COP", "firearms")
    assert primary_acled([protest, shot])["acled"] == {"event_type": "Protests", "sub_event_type": "Excessive force against protesters"}


def test_state_force_told_before_the_demonstration_is_its_grievance() -> None:
    first = "Police shot a rider on Sunday."
    text = first + " " + S1
    shot = _ev(text, first, "shot", "ASSAULT", ("Violence against civilians", "Attack"), "COP", "firearms")
    protest = _ev(text, S1, "marched", "PROTEST", PEACEFUL)
    protest["salience"], shot["salience"] = 0.9, 0.1
    assert primary_acled([shot, protest])["acled"] == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}


def test_force_by_nobody_named_after_a_demonstration_is_the_crowds() -> None:
    text = S1 + " They later beat up a clerk."
    protest = _ev(text, S1, "marched", "PROTEST", PEACEFUL)
    beat = _ev(text, "They later beat up a clerk.", "beat", "ASSAULT", ("Violence against civilians", "Attack"))
    assert primary_acled([protest, beat])["acled"] == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}
    # in the demonstration's own sentence, an act by nobody named is as often its grievance
    s = "Residents protested over a spate of killings in the estate."
    protest2 = _ev(s, s, "protested", "PROTEST", PEACEFUL)
    killings = _ev(s, s, "killings", "ASSAULT", ("Violence against civilians", "Attack"))
    assert primary_acled([protest2, killings])["acled"]["event_type"] == "Protests"


def test_a_longer_grievance_phrase() -> None:
    s = "Residents protested over increased insecurity and frequent attacks by militants."
    protest = _ev(s, s, "protested", "PROTEST", PEACEFUL)
    attacks = _ev(s, s, "attacks", "ASSAULT", ("Battles", "Armed clash"))
    assert _grievance(protest, attacks)
    s2 = "Traders protested over fees and burned a lorry."
    assert not _grievance(_ev(s2, s2, "protested", "PROTEST", PEACEFUL), _ev(s2, s2, "burned", "COERCE", None))


# --- x23kenya: riot evidence is the crowd's act; a remote weapon decides before the victim ---


def test_a_one_sided_act_nobody_did_is_no_riot_evidence() -> None:
    # a killing mapped Battles with no doer named, told with the demonstration: its grievance
    s = "Villagers marched to the chief's office, saying an officer had shot two young men."
    protest = _ev(s, s, "marched", "PROTEST", PEACEFUL)
    shot = _ev(s, s, "shot", "ASSAULT", ("Battles", "Armed clash"))
    assert primary_acled([protest, shot])["acled"] == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    # a two-sided fight nobody armed is the source of is still the crowd's
    s2 = "Traders marched through the market and clashed with council guards."
    protest2 = _ev(s2, s2, "marched", "PROTEST", PEACEFUL)
    clash = _ev(s2, s2, "clashed", "ASSAULT", ("Battles", "Armed clash"))
    assert primary_acled([protest2, clash])["acled"] == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}


@pytest.mark.parametrize("pair", [("Violence against civilians", "Abduction/forced disappearance"), ("Violence against civilians", "Sexual violence")])
def test_an_abduction_or_rape_is_what_the_crowd_protests(pair: tuple[str, str]) -> None:
    s = "Women marched on the police station, demanding answers after the abduction of a teacher."
    protest = _ev(s, s, "marched", "PROTEST", PEACEFUL)
    act = _ev(s, s, "abduction", "ASSAULT", pair, "CVL")
    protest["salience"], act["salience"] = 0.9, 0.5
    assert primary_acled([protest, act])["acled"]["event_type"] == "Protests"


def test_a_remote_weapon_decides_before_a_civilian_victim() -> None:
    mapper = AcledMapper.default()
    bomb = mapper.map("attack", None, "CVL", ["blast", "target", "civilian"], mode="explosives")
    assert bomb == {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED"}
    grenade = mapper.map("attack", "REB", "CVL", ["grenade", "attack", "school"], mode="explosives", means=["grenade"])
    assert grenade == {"event_type": "Explosions/Remote violence", "sub_event_type": "Grenade"}
    # no stated remote means: the civilian victim decides as before
    gun = mapper.map("attack", "REB", "CVL", ["gunman", "attack", "village"], mode="firearms")
    assert gun == {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
