"""Which events ACLED would code from an article: the product logic behind ``acled-csv``.

ACLED codes one event per happening (an actor pair at a place on a day), and a short report
such as an ACLED note describes exactly one. A coder, however, emits an event per trigger:
"Taliban attacked a checkpoint, killing 3 soldiers" holds an attack and a killing, and the
ACLED row for it is one Battle. :func:`primary_acled` chooses the event that stands for a
report by ACLED's own coding rules (the tiers below); :func:`acled_report` applies it to a
whole article, one row per happening, and is what ``eventcoder export --to acled-csv``
writes. ``eventcoder eval acled`` scores :func:`primary_acled` on ACLED's notes — each note is
one happening, so the export of a note is that same choice (``eval`` reports how often the
export of a note is exactly the scored row: ``export_agreement``).

The unit of the export is the **happening within an article**: the article's events are
grouped by (event date, stated place) — two events on the same day at the same place are,
for ACLED, one event — and each group yields at most one row, its primary event. An event
whose place is not stated (none, or only the pipeline's sentence/article guess) joins the
happening the text told nearest before it on that day. Sentences are not the unit: an
attack re-mentioned three sentences later ("the attack") is one ACLED event, and a sentence
naming two places on two days is two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Which events may stand for the whole note, strongest evidence first. An event is a
#: dict in the ``Event.to_dict()`` layout. The tiers follow ACLED's own coding rules:
#:  6   territory changing hands (ACLED codes it as a Battles sub-type even when fighting is
#:      reported with it);
#:  5.5 an explosion that was a disrupted weapon use (detonated prematurely, by accident):
#:      what follows from it is not an attack (Strategic developments: Disrupted weapons
#:      use); weapons found or defused are ordinary Strategic developments (tier 0);
#:  5   a remote weapon stated as the act's means — its mode, read from the trigger phrase,
#:      subject or instrument (IED, landmine, bomb, airstrike, drone, suicide bomber,
#:      grenade): ACLED codes the event as Explosions/Remote violence when the remote
#:      weapon is how the harm was done;
#:  4.9 force used on protesters (Protests: Excessive force against protesters);
#:  4.7 riots (violent demonstration, mob violence);
#:  4.5 demonstrations: a short report that mentions a demonstration is about it — a killing
#:      mentioned with it is usually its grievance ("protested against the killing of ...");
#:  4   direct armed engagement — a Battles event whose target is armed ("militants killed by
#:      forces repulsing their attack" is a Battle) — and violence against a resolved
#:      civilian target, abduction, sexual violence: the target decides the type;
#:  3   shelling/missile/rocket (mode heavy-weapons) (remote, but when fighting is reported they are part
#:      of the Battle, hence below tier 4);
#:  2   violence whose ACLED type came from the mapping's defaults (no resolved target);
#:  0   Strategic developments (arrests, looting, agreements, moves) — only when nothing
#:      violent is reported.
#: Ties go to the higher confidence, then to the earlier event. One composition rule
#: follows ACLED's definition of a riot: when the chosen event is a peaceful demonstration
#: (or one with intervention) and the same report has the participants fighting or
#: destroying — a Riots event, property destroyed or violence done by civilians, or a
#: Battles-type clash no armed or state actor is the source of ("running battles with
#: police"; not the militia attack the crowd protests) — the primary event becomes Riots: Violent
#: demonstration (a copy with ``"acled_basis": "composed"``; the input is not changed).
#: A second follows ACLED's rule for abductions: someone abducted and then killed is an
#: Attack, so when the chosen event is an abduction and the report also has a killing
#: (ASSAULT by direct violence or no stated weapon, mapped Attack or Armed clash), the best
#: such killing is the primary event.
ARMED = frozenset({"MIL", "COP", "REB", "UAF", "SPY", "INS"})
CIVILIAN = frozenset({"CVL", "JRN", "REF", "EDU", "MED", "REL", "NGO", "BUS", "LAB", "AGR", "PRO"})
#: sectors of state actors (their force on a crowd is no riot; as classify.STATE_SECTORS)
STATE = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
REMOTE_SUBTYPES = frozenset(
    {"Remote explosive/landmine/IED", "Air/drone strike", "Suicide bomb", "Grenade"}
)
#: PLOVER modes of a remote weapon (docs/codebook.md §4): the means the text states
REMOTE_MODES = frozenset({"explosives", "aerial", "drone", "suicide-attack", "heavy-weapons"})
#: modes of a killing by direct violence, or none stated ("killed")
DIRECT_MODES = frozenset({None, "firearms", "primitive", "beat", "execute", "targeted", "torture"})


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if d is None:
            return None
        d = d.get(k) if isinstance(d, dict) else getattr(d, k, None)
    return d


def _as_dict(ev: Any) -> dict:
    return ev if isinstance(ev, dict) else ev.to_dict()


def acled_tier(ev: dict) -> float:
    """The evidence tier of one event (see the table above); -1 if it cannot be primary."""
    acled = ev.get("acled")
    if not acled or ev.get("negated") or ev.get("hypothetical"):
        return -1
    et, st = acled.get("event_type"), acled.get("sub_event_type")
    mode = ev.get("mode")
    tgt = _get(ev, "target_actor", "sector")
    if st in ("Government regains territory", "Non-state actor overtakes territory"):
        return 6
    if st == "Disrupted weapons use" and mode in REMOTE_MODES:
        return 5.5
    if et == "Explosions/Remote violence":
        if mode in REMOTE_MODES and mode != "heavy-weapons" and st in REMOTE_SUBTYPES:
            return 5
        if mode in REMOTE_MODES:
            return 3
        return 2
    if et == "Protests":
        return 4.9 if st == "Excessive force against protesters" else 4.5
    if et == "Riots":
        return 4.7
    if et == "Battles":
        # a reciprocal fight ("Borana and Somalis clashed", "clashes erupted") is two armed
        # sides engaging: direct evidence of a battle like an armed target
        return 4 if tgt in ARMED or _reciprocal(ev) else 2
    if et == "Violence against civilians":
        if st in ("Abduction/forced disappearance", "Sexual violence"):
            return 4
        return 4 if tgt in CIVILIAN else 2
    return 0


_RECIPROCAL = re.compile(r"^(clash|fight|fought|battl|skirmish|firefight|gunfight|exchang)", re.I)


def _reciprocal(ev: dict) -> bool:
    return bool(_RECIPROCAL.match(str(_get(ev, "trigger", "text") or "")))


def _riot_evidence(ev: dict) -> bool:
    """Participants fighting or destroying (used to turn a demonstration into a riot)."""
    if ev.get("negated") or ev.get("hypothetical"):
        return False
    acled = ev.get("acled") or {}
    if acled.get("event_type") == "Riots":
        return True
    src = _get(ev, "source_actor", "sector")
    name = (_get(ev, "source_actor", "name") or "").lower()
    by_crowd = src in ("CVL", "PRO") or name.startswith(("protester", "rioter", "demonstrator"))
    if ev.get("mode") == "destroy" or acled.get("sub_event_type") == "Looting/property destruction":
        return by_crowd
    if ev.get("type") != "ASSAULT":
        return False
    # an abduction or a rape is no demonstrators' violence (ACLED's violent demonstration is
    # clashes, stone-throwing, destruction): in a demonstration's report it is what the crowd
    # protests ("marched to demand justice for a kidnapped activist")
    if acled.get("sub_event_type") in ("Abduction/forced disappearance", "Sexual violence"):
        return False
    # stones, bottles, crude weapons used by anyone but the state in a report of a
    # demonstration: the demonstrators' force
    by_hand = ev.get("mode") == "primitive" and src not in STATE
    # a fight ("running battles with police") is the crowd's when no armed, organised actor
    # is its source: police firing on the crowd, or the militia attack the crowd protests
    # against ("residents protested after al-Shabaab attacked the town"), is not a riot. And
    # it is a fight only when two sides engage (a reciprocal word: clash, fight, battle); a
    # one-sided act mapped Battles whose doer is not named ("protested, saying an officer had
    # shot two suspects", "against gangs that keep killing people") is the grievance as often
    fought = acled.get("event_type") == "Battles" and src not in ARMED and src not in STATE and _reciprocal(ev)
    return by_crowd or by_hand or fought


def _unattributed_force(protest: dict, ev: dict) -> bool:
    """Violence the report tells after a demonstration without naming who used it ("Students
    protested ... They beat up and injured the deputy principal", "Second day of workers'
    protests. Some of the group attacked an official"): in the report of a demonstration,
    force by no named actor is the crowd's (ACLED: a demonstration whose participants use
    violence is a violent demonstration). Force by a named actor is read by
    :func:`_riot_evidence` (the state's is an intervention, not a riot); force told before the
    demonstration or in its sentence is as often its grievance ("protested over a spate of
    killings"), so only a later sentence is read."""
    if ev.get("negated") or ev.get("hypothetical") or ev.get("type") != "ASSAULT":
        return False
    if _get(ev, "source_actor", "name") or _get(ev, "source_actor", "sector"):
        return False
    return ev.get("sentence") != protest.get("sentence") and (ev.get("start") or 0) >= (protest.get("end") or 0)


def _intervention(protest: dict, ev: dict) -> str | None:
    """How the authorities acted on a demonstration in a later sentence of its report, if
    ``ev`` is that act: ``"Protest with intervention"`` for an arrest or force short of
    shooting ("... protested over pay. 31 teachers arrested at the site", "Police injure two in
    dispersing the crowds"), ``"Excessive force against protesters"`` for state force with
    firearms or a killing ("Police shoot at the crowd, seriously injuring two"). ACLED's
    intervention is an attempt to disperse or suppress a peaceful demonstration, its
    excessive force lethal or seriously injuring violence on it; a short report tells the
    response after the demonstration, in a sentence of its own. An act told before the
    demonstration or in its sentence is not read: it is as often what the demonstration was
    against ("protest police raids on media", "after a rider was shot by police, his
    comrades protested")."""
    if ev.get("negated") or ev.get("hypothetical") or ev.get("sentence") == protest.get("sentence"):
        return None
    if (ev.get("start") or 0) < (protest.get("end") or 0):
        return None
    src = _get(ev, "source_actor", "sector")
    if ev.get("type") == "COERCE" and _get(ev, "acled", "sub_event_type") == "Arrests":
        return "Protest with intervention"
    if ev.get("type") != "ASSAULT" or src not in STATE:
        return None
    if ev.get("mode") == "firearms" or _get(ev, "acled", "event_type") in ("Battles", "Violence against civilians") and ev.get("mode") is None and _KILL.match(str(_get(ev, "trigger", "text") or "")):
        return "Excessive force against protesters"
    return "Protest with intervention"


_KILL = re.compile(r"^(kill|shot|shoot|gun)", re.I)


#: words that may stand between a demonstration and what it was against ("protested against
#: the demolition", "to protest the recent killing of"): a noun phrase, no clause
_GRIEVANCE_GAP = re.compile(r"^\s*(?:(?:against|over|about|at|the|a|an|of|their|his|her|its|recent|alleged|latest|continued|ongoing|planned|brutal|in|protest)\s+){0,5}$", re.I)

#: a longer gap that opens with what the demonstration was about ("protested over increased
#: insecurity and frequent attacks by ...", "demonstrated following the killing of"): a
#: grievance preposition first, then at most eight words with no punctuation, and no
#: coordinator just before the act ("protested over fees and burned a bus" is the crowd's act)
_GRIEVANCE_PHRASE = re.compile(
    r"^\s*(?:against|over|about|following|after)\s+(?:[\w'-]+\s+){0,7}?(?<!\band\s)(?<!\bthen\s)(?<!\bbefore\s)$", re.I
)


def _grievance(protest: dict, ev: dict) -> bool:
    """Whether ``ev`` is what the demonstration was against ("traders protested the
    demolition of their kiosks", "students protest the Garissa attack"): the act named right
    after the protest trigger in its sentence. A grievance is not something the demonstrators
    did, so it is no evidence of a riot."""
    if ev.get("start") != protest.get("start") or ev.get("sentence") != protest.get("sentence"):
        return False
    p_end, e_start = _get(protest, "trigger", "end"), _get(ev, "trigger", "start")
    if p_end is None or e_start is None or e_start < p_end:
        return False
    s0 = protest.get("start") or 0
    gap = str(protest.get("sentence") or "")[p_end - s0 : e_start - s0]
    return _GRIEVANCE_GAP.match(gap) is not None or _GRIEVANCE_PHRASE.match(gap) is not None


def primary_acled(events: Iterable[Any]) -> dict | None:
    """The one event that stands for a short report, or None (see :func:`acled_tier`).

    Only events that are neither negated nor hypothetical and have an ACLED mapping count.
    """
    evs = [_as_dict(e) for e in events]
    best: tuple | None = None
    chosen = None
    for i, ev in enumerate(evs):
        tier = acled_tier(ev)
        if tier < 0:
            continue
        key = (tier, report_rank(ev), -i)
        if best is None or key > best:
            best, chosen = key, ev
    if (
        chosen is not None
        and chosen["acled"].get("event_type") == "Protests"
        and chosen["acled"].get("sub_event_type") != "Excessive force against protesters"
        and any(_riot_evidence(e) or _unattributed_force(chosen, e) for e in evs if e is not chosen and not _grievance(chosen, e))
    ):
        chosen = {**chosen, "acled": {"event_type": "Riots", "sub_event_type": "Violent demonstration"}, "acled_basis": "composed"}
    if (
        chosen is not None
        and chosen["acled"].get("sub_event_type") == "Peaceful protest"
        and (responses := [r for e in evs if e is not chosen and (r := _intervention(chosen, e))])
    ):
        sub = "Excessive force against protesters" if "Excessive force against protesters" in responses else "Protest with intervention"
        chosen = {**chosen, "acled": {"event_type": "Protests", "sub_event_type": sub}, "acled_basis": "composed"}
    if chosen is not None and chosen["acled"].get("sub_event_type") == "Abduction/forced disappearance":
        kills = [
            (acled_tier(e), report_rank(e), -i, i)
            for i, e in enumerate(evs)
            if e is not chosen and e.get("type") == "ASSAULT" and e.get("mode") in DIRECT_MODES
            and _get(e, "acled", "sub_event_type") in ("Attack", "Armed clash") and acled_tier(e) >= 0
        ]
        if kills:
            chosen = evs[max(kills)[3]]
    if chosen is not None and not _get(chosen, "source_actor", "name"):
        # "3 soldiers were killed following an attack by Taliban militants": the report
        # names the perpetrator in another mention of the same happening
        donors = [
            e for e in evs
            if e is not chosen and e.get("type") == chosen.get("type") and _get(e, "source_actor", "name")
            and not e.get("negated") and not e.get("hypothetical")
            and _get(e, "source_actor", "name") != _get(chosen, "target_actor", "name")
        ]
        same = [e for e in donors if _get(e, "acled", "event_type") == _get(chosen, "acled", "event_type")]
        if same or donors:
            chosen = {**chosen, "source_actor": (same or donors)[0]["source_actor"], "source_basis": "report"}
    return chosen


# --------------------------------------------------------------------------- one row per happening


#: location bases that state where the event happened; "sentence" and "article" are the
#: pipeline's flagged guesses (another place of the sentence, the article's main place)
STATED_BASES = frozenset({"trigger"})


def happening_key(ev: dict) -> tuple[str | None, str | None]:
    """(event date, stated place) of an event: the grouping key of :func:`acled_report`.

    The place is the GeoNames id when the location is resolved, else its case-folded name or
    text — but only when the text states it as the event's place (basis ``trigger``): a
    fallback guess is no evidence of a second happening. ``None`` where there is no date or
    no stated place.
    """
    date = _get(ev, "date", "value")
    loc = ev.get("location") or {}
    if loc.get("basis", "trigger") not in STATED_BASES:
        place: str | None = None
    elif loc.get("geonameid") is not None:
        place = f"gn:{loc['geonameid']}"
    elif loc.get("name") or loc.get("text"):
        place = "t:" + str(loc.get("name") or loc.get("text")).casefold()
    else:
        place = None
    return date, place


def _attach_unplaced(keys: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """Give each event without a stated place the place of the nearest event of its date
    told before it (else the first told after it): a killing re-told without its place
    belongs to the happening the text was telling."""
    out = list(keys)
    for i, (date, place) in enumerate(keys):
        if place is not None:
            continue
        same = [(k, p) for k, (d, p) in enumerate(keys) if p is not None and d == date]
        before = [p for k, p in same if k < i]
        after = [p for k, p in same if k > i]
        if before or after:
            out[i] = (date, before[-1] if before else after[0])
    return out


def acled_report(events: Iterable[Any]) -> list[dict]:
    """The ACLED events of one article, in text order: one primary event per happening.

    Events (in text order) are grouped by :func:`happening_key`; an event without a stated
    place joins the happening told nearest before it on the same date
    (:func:`_attach_unplaced`). Every event of a group — negated and unmapped ones included
    — is passed to :func:`primary_acled`, so the composition rules see the whole happening;
    a group without an ACLED-codable event yields nothing. An article whose events share
    one date and at most one stated place yields exactly ``[primary_acled(events)]``: the
    row ``eventcoder eval acled`` scores for an ACLED note.
    """
    evs = [_as_dict(e) for e in events]
    keys = _attach_unplaced([happening_key(e) for e in evs])
    groups: dict[tuple[str | None, str | None], list[dict]] = {}
    for ev, key in zip(evs, keys, strict=True):
        groups.setdefault(key, []).append(ev)
    rows = []
    for group in groups.values():
        chosen = primary_acled(group)
        if chosen is not None:
            rows.append(chosen)
    return rows


__all__ = [
    "ARMED",
    "CIVILIAN",
    "DIRECT_MODES",
    "REMOTE_MODES",
    "REMOTE_SUBTYPES",
    "STATED_BASES",
    "acled_report",
    "acled_tier",
    "happening_key",
    "primary_acled",
]


def report_rank(ev: dict[str, Any]) -> float:
    """How strongly an event stands for its report: its salience (records before salience
    existed: their confidence)."""
    v = ev.get("salience")
    return float(v if v is not None else ev.get("confidence") or 0.0)
