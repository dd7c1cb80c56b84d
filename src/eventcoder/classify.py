"""Event triggers, event types and the ACLED mapping.

Method: a trigger lexicon (``data/triggers.yaml``) over spaCy's parse. A lexicon is
auditable, extendable by users, and needs no training data whose licence would forbid
shipping a model (ACLED's does). Two steps:

1. ``TriggerLexicon.could_match`` — a set lookup on the lower-cased words of a sentence.
   Sentences that fail it are never parsed: the main speed lever of the whole pipeline.
2. ``TriggerLexicon.match`` — on the parsed sentence, lemma + part of speech + required or
   forbidden dependents + the kind of object decide which entry fires.

``AcledMapper`` applies ``data/plover_acled.yaml``: the ACLED sub-type depends on who did
it to whom (a state retaking a town is "Government regains territory", a group taking it is
"Non-state actor overtakes territory"), so it runs after the actors are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .errors import ConfigError
from .lang import SAFE_YAML, words
from .plover import MODES
from .records import PLOVER_TYPES

STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "UAF", "SPY"})
CIVILIAN_SECTORS = frozenset({"CVL", "JRN", "REF", "EDU", "MED", "REL", "NGO", "BUS", "LAB"})

PLACE_NOUNS = words("place_nouns")
PERSON_NOUNS = words("person_nouns")


EFFORT_NOUNS = words("effort_nouns")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    lemmas: frozenset[str]
    pos: str | None
    with_: frozenset[str]
    without: frozenset[str]
    obj: str | None
    type: str
    mode: str | None
    acled: str | None
    weight: float
    comp_aux: frozenset[str] = frozenset()


@dataclass(slots=True)
class TriggerMatch:
    i: int  # token index of the trigger head in the sentence doc
    entry: TriggerEntry
    support: int | None = None  # index of the required dependent that licensed it (e.g. "control")


class TriggerLexicon:
    def __init__(self, entries: list[TriggerEntry], irregular: dict[str, list[str]]) -> None:
        self.entries = entries
        self.by_lemma: dict[str, list[TriggerEntry]] = {}
        for e in entries:
            for lem in e.lemmas:
                self.by_lemma.setdefault(lem, []).append(e)
        forms: set[str] = set()
        # surface form -> the word sets one of which must also occur for some entry of it
        # to fire; None when an entry of that form needs nothing else ("attacked")
        needs: dict[str, set[str] | None] = {}
        for lem, entries in self.by_lemma.items():
            lem_forms = _inflections(lem) | set(irregular.get(lem, []))
            forms.update(lem_forms)
            required: set[str] | None = set()
            for e in entries:
                if not e.with_ and not e.comp_aux:
                    required = None
                    break
                for w in e.with_ | e.comp_aux:
                    required.update(_inflections(w) | set(irregular.get(w, [])))  # type: ignore[union-attr]
            for f in lem_forms:
                if f in needs and needs[f] is None:
                    continue
                if required is None:
                    needs[f] = None
                else:
                    needs[f] = (needs.get(f) or set()) | required
        self.surface_forms = frozenset(forms)
        # surface form -> the entries of the lemmas it inflects, for tokens the lemmatizer
        # got wrong ("raped" -> "rap", "lynches" -> "lynche"): the lexicon's own forms say
        # which lemma the word belongs to
        self._by_form: dict[str, list[TriggerEntry]] = {}
        for lem, lem_entries in self.by_lemma.items():
            for f in _inflections(lem) | set(irregular.get(lem, [])):
                self._by_form.setdefault(f, []).extend(lem_entries)
        self._needs = {f: (frozenset(v) if v is not None else None) for f, v in needs.items()}

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> TriggerLexicon:
        return cls.from_yaml(resources.files("eventcoder.data").joinpath("triggers.yaml").read_text("utf-8"), "data/triggers.yaml")

    @classmethod
    def from_yaml(cls, text: str, path: str = "<trigger lexicon>") -> TriggerLexicon:
        data = yaml.load(text, Loader=SAFE_YAML)
        entries = []
        kinds = _validate_lexicon(data, path)
        for raw in data["triggers"]:
            lemmas = raw["lemma"] if isinstance(raw["lemma"], list) else [raw["lemma"]]
            if raw.get("mode") is not None and raw["mode"] not in MODES[raw["type"]] and raw["mode"] not in kinds.get(raw["type"], ()):
                raise ConfigError("E547", path=path, entry=_entry_name(raw), type=raw["type"], mode=raw["mode"])
            entries.append(
                TriggerEntry(
                    lemmas=frozenset(_word(x) for x in lemmas),
                    pos=raw.get("pos"),
                    with_=frozenset(_word(w) for w in raw.get("with", []) or []),
                    without=frozenset(_word(w) for w in raw.get("without", []) or []),
                    obj=raw.get("obj"),
                    type=raw["type"],
                    mode=raw.get("mode"),
                    acled=raw.get("acled"),
                    weight=float(raw.get("weight", 0.5)),
                    comp_aux=frozenset(_word(w) for w in raw.get("comp_aux", []) or []),
                )
            )
        return cls(entries, data.get("irregular", {}) or {})

    _WORD = re.compile(r"[a-z][a-z'-]*")

    def could_match(self, text: str) -> bool:
        """Can this sentence carry an event? A word-set test, no parse: a trigger form must
        occur, and for triggers that need a companion word ("take" + "control") so must
        one of those. Never rejects a sentence ``match`` would code."""
        needs = self._needs
        words = self._WORD.findall(text.lower())
        pending: list[frozenset[str]] = []
        for w in words:
            parts = [w, *w.split("-")] if "-" in w else [w]
            for p in parts:
                if p in needs:
                    req = needs[p]
                    if req is None:
                        return True
                    pending.append(req)
        if not pending:
            return False
        present = set(words)
        for w in words:
            if "-" in w:
                present.update(w.split("-"))
        return any(req & present for req in pending)

    def match(self, doc: Any) -> list[TriggerMatch]:
        out: list[TriggerMatch] = []
        for tok in doc:
            lemma = tok.lemma_.lower()
            cands = self.by_lemma.get(lemma)
            if cands is None and tok.lower_ in self.by_lemma and tok.pos_ == "NOUN":
                cands = self.by_lemma.get(tok.lower_)  # plural nouns the lemmatizer missed
            if cands is None:
                cands = self._by_form.get(tok.lower_)
            if not cands:
                continue
            headline = _headline_verb(tok)
            if not headline and _headline_verb(tok, phrase=True):
                # a noun read as an intransitive headline verb ("clans fight over cattle") only
                # by the word after it: a verb entry if one holds, else the noun as it stands
                # ("stages demonstration against violence")
                best = self._best(tok, cands, headline=True)
                if best is not None:
                    out.append(best)
                    continue
            if not headline and (tok.pos_ in ("AUX", "ADP", "DET") or (tok.pos_ == "PROPN" and not _capitalised_word(tok))):
                continue
            if not headline and not _can_be_event(tok):
                continue
            best = self._best(tok, cands, headline)
            if best is not None:
                out.append(best)
        return _drop_nested(out, doc)

    def holding(self, tok: Any, entries: Any, required: bool = True) -> TriggerMatch | None:
        """The best of ``entries`` whose conditions (part of speech, ``with``, ``without``,
        ``obj``, ``comp_aux``) hold for ``tok``, scored as ``match`` scores them, or None: what
        ``retype`` may move a draft into when it chooses another type for the word. With
        ``required=False`` the words an entry requires (``with``, ``obj``, ``comp_aux``) are not
        asked for; its part of speech and ``without`` words still are."""
        original = {}
        if not required:
            relaxed = []
            for e in entries:
                r = replace(e, with_=frozenset(), obj=None, comp_aux=frozenset())
                original[id(r)] = e
                relaxed.append(r)
            entries = relaxed
        headline = _headline_verb(tok)
        best = None
        if not headline and _headline_verb(tok, phrase=True):
            best = self._best(tok, entries, headline=True)  # as ``match`` tries it first
        if best is None:
            best = self._best(tok, entries, headline)
        if best is not None and id(best.entry) in original:
            best = TriggerMatch(best.i, original[id(best.entry)], None)
        return best

    def _best(self, tok: Any, cands: Any, headline: bool) -> TriggerMatch | None:
        """The entry of ``cands`` that wins for ``tok`` (see the lexicon's header), or None."""
        best: TriggerMatch | None = None
        best_score = -1.0
        for e in cands:
            if headline:
                if e.pos not in (None, "VERB"):
                    continue
            elif tok.pos_ == "PROPN":
                if e.pos not in (None, "NOUN"):
                    continue  # a capitalised common word: a noun ("Riot breaks out")
            elif e.pos and not _pos_ok(tok, e.pos):
                continue
            deps = _dependent_lemmas(tok)
            if e.without and deps & e.without:
                continue
            support = None
            if e.with_:
                hit = [d for d in _dependents(tok) if d.lemma_.lower() in e.with_ or d.lower_ in e.with_]
                if not hit:
                    continue
                support = hit[0].i
            if e.obj == "any":
                if not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
                    continue
            elif e.obj and _object_kind(tok) != e.obj:
                continue
            if e.comp_aux and _complement_aux(tok, e.comp_aux) is None:
                continue
            score = e.weight + (0.3 if e.with_ or e.comp_aux else 0) + (0.2 if e.obj and e.obj != "any" else 0)
            if score > best_score:
                best, best_score = TriggerMatch(tok.i, e, support), score
        return best


def _word(v: Any) -> str:
    """YAML 1.1 reads an unquoted on/off/yes/no as a boolean; in a word list it is a word."""
    if v is True:
        return "on"
    if v is False:
        return "off"
    return str(v).lower()


#: the keys a trigger entry may carry (a misspelt key would silently drop its constraint)
_ENTRY_KEYS = frozenset({"lemma", "pos", "with", "without", "obj", "type", "mode", "acled", "weight", "comp_aux"})
_ENTRY_POS = frozenset({"VERB", "NOUN", "ADJ"})
_ENTRY_OBJ = frozenset({"place", "person", "thing", "any"})
_LEMMA = re.compile(r"[a-z][a-z'-]*")


def _entry_name(raw: Any) -> str:
    lem = raw.get("lemma") if isinstance(raw, dict) else None
    return "/".join(map(str, lem)) if isinstance(lem, list) else str(lem)


@lru_cache(maxsize=1)
def _acled_keys() -> frozenset[str]:
    data = yaml.load(resources.files("eventcoder.data").joinpath("plover_acled.yaml").read_text("utf-8"), Loader=SAFE_YAML)
    return frozenset(data)


def _validate_lexicon(data: Any, path: str) -> dict[str, frozenset[str]]:
    """Check a trigger lexicon before it is used, and return its declared ``kinds``.

    A lexicon is data users extend (docs/detector.md "Recall"), and a wrong entry does not
    fail, it silently codes the wrong thing or nothing: a misspelt ``wiht`` drops a
    constraint, an unknown ``acled`` key maps every match to no ACLED type, a mode outside
    the type's PLOVER modes (docs/codebook.md §4) reaches the output. So every entry is
    checked here (E546, E547), and the lexicon's own kinds of act that are not PLOVER modes
    (features the detector was trained with) must be declared under ``kinds``."""
    if not isinstance(data, dict) or not isinstance(data.get("triggers"), list) or not data["triggers"]:
        raise ConfigError("E546", path=path, entry="-", reason="the top level needs a non-empty list 'triggers'")
    raw_kinds = data.get("kinds") or {}
    if not isinstance(raw_kinds, dict) or any(t not in PLOVER_TYPES or not isinstance(v, list) for t, v in raw_kinds.items()):
        raise ConfigError("E546", path=path, entry="kinds", reason="'kinds' maps a PLOVER type to a list of kind names")
    kinds = {t: frozenset(str(k) for k in v) for t, v in raw_kinds.items()}
    acled = _acled_keys()
    for raw in data["triggers"]:
        name = _entry_name(raw)

        def bad(reason: str, name: str = name) -> ConfigError:
            return ConfigError("E546", path=path, entry=name, reason=reason)

        if not isinstance(raw, dict):
            raise bad("an entry must be a mapping")
        if unknown := set(raw) - _ENTRY_KEYS:
            raise bad(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_ENTRY_KEYS)}")
        if "lemma" not in raw or "type" not in raw:
            raise bad("an entry needs 'lemma' and 'type'")
        lemmas = raw["lemma"] if isinstance(raw["lemma"], list) else [raw["lemma"]]
        if not lemmas or any(not isinstance(x, str) or not _LEMMA.fullmatch(x) for x in lemmas):
            raise bad("lemmas must be lower-case words")
        if raw["type"] not in PLOVER_TYPES:
            raise bad(f"unknown PLOVER type {raw['type']!r}")
        if raw.get("pos") is not None and raw["pos"] not in _ENTRY_POS:
            raise bad(f"pos {raw['pos']!r} is not one of {sorted(_ENTRY_POS)}")
        if raw.get("obj") is not None and raw["obj"] not in _ENTRY_OBJ:
            raise bad(f"obj {raw['obj']!r} is not one of {sorted(_ENTRY_OBJ)}")
        if raw.get("acled") is not None and raw["acled"] not in acled:
            raise bad(f"acled key {raw['acled']!r} is not in plover_acled.yaml")
        w = raw.get("weight", 0.5)
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0.0 < float(w) <= 1.0:
            raise bad(f"weight {w!r} is not in (0, 1]")
        for key in ("with", "without", "comp_aux"):
            if raw.get(key) is not None and not isinstance(raw[key], list):
                raise bad(f"'{key}' must be a list of words")
    return kinds


#: finite verb tags: a sentence with none of them is a headline or a caption
_FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})
#: what can open the object of a headline verb ("kidnaps an official", "attack two villages")
_OBJECT_START = frozenset({"DET", "NOUN", "PROPN", "NUM", "ADJ", "PRON"})
#: prepositions that open the phrase of an intransitive headline verb ("clans fight over
#: cattle", "traders protest against fees"); not "of" or "in", which continue a noun phrase
_HEADLINE_PREPS = frozenset({"over", "against", "after", "with", "outside", "near"})


def _headline_verb(tok: Any, phrase: bool = False) -> bool:
    """Did the tagger read a headline's verb as a noun? Headlines and ACLED notes drop
    articles ("Group kidnaps official", "Bandits raid villages"), and the tagger then reads
    subject + verb + object as one noun compound. Decided from the parse, not a word list:
    the token is a common noun (or a capitalised word tagged a proper noun), its sentence
    has no finite verb, a noun phrase ends just before it (the subject) and another opens
    just after it (the object). Only a verb entry of the lexicon may then match it."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ not in ("NN", "NNS", "NNP"):
        return False
    if tok.pos_ == "PROPN" and not _capitalised_word(tok, initial=False):
        return False
    sent = tok.sent
    if tok.i == sent.start or tok.i + 1 >= sent.end:
        return False
    if any(t.tag_ in _FINITE for t in sent):
        return False
    doc = tok.doc
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    if not (before.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and before.tag_ != "POS"):
        return False
    if not phrase:
        return after.pos_ in _OBJECT_START
    # ``phrase``: an object that opens with a participle ("protest increased fees", "condemn
    # alleged harassment"), or an intransitive headline verb with its phrase ("clans fight
    # over cattle", "students riot against fees") — weaker evidence than an object, so the
    # lexicon tries the verb reading first and keeps the noun reading otherwise
    return (after.tag_ == "VBN" and after.dep_ == "amod") or (after.pos_ == "ADP" and after.lower_ in _HEADLINE_PREPS)


def _capitalised_word(tok: Any, initial: bool = True) -> bool:
    """A common word tagged a proper noun only for its capital letter: a title-cased word
    alone (no proper noun beside it, so not part of a name like "Attack Force Command") and,
    when ``initial``, first in its sentence ("Riot breaks out at funeral")."""
    if not tok.is_title:  # the entity recogniser, too, takes "Riot" for a name: not asked
        return False
    if initial and tok.i != tok.sent.start:
        return False
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
    prev = doc[tok.i - 1] if tok.i > tok.sent.start else None
    return not any(t is not None and t.pos_ == "PROPN" for t in (nxt, prev))


def _can_be_event(tok: Any) -> bool:
    """Words that describe rather than report: "missile power", "the alliance of Iran",
    "backed by a US-led coalition" (a reduced relative stating who supports whom)."""
    if tok.pos_ == "NOUN" or tok.pos_ == "PROPN":  # PROPN: a capitalised common word ("Riot police")
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in EFFORT_NOUNS and tok.head.dep_ in ("dobj", "nsubj", "nsubjpass"):
            return True  # "launched a mediation effort", "a rescue mission"
        if tok.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss"):
            return False
        if tok.dep_ == "conj" and tok.head.dep_ in ("compound", "amod", "nmod"):
            return False
        if tok.head.i != tok.i and tok.head.pos_ == "NOUN" and tok.dep_ == "conj" and tok.head.lemma_ not in ("attack", "clash"):
            return tok.head.dep_ not in ("compound", "amod")
    if tok.pos_ == "ADJ":
        # "is willing/ready/prepared to ...": a predicate adjective with a clause says
        # what its subject means to do; any other adjective describes
        return tok.dep_ in ("acomp", "ROOT") and any(c.dep_ == "xcomp" for c in tok.children)
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and tok.lemma_ in ("back", "support", "ally", "lead", "base", "run", "hold"):
        return False
    if tok.lemma_ in ("back", "support") and tok.dep_ in ("acl", "advcl", "amod", "conj") and _participle_clause(tok):
        # "an offensive ... backed by allied air power": a participle clause describing who
        # stands behind whom is background with no occasion (GUIDELINES), not an event
        return False
    return True


def _participle_clause(tok: Any) -> bool:
    """A verb with an agent ("by ...") and neither subject nor auxiliary: a reduced clause."""
    kids = [c.dep_ for c in tok.children]
    return "agent" in kids and not any(k in ("nsubj", "nsubjpass", "aux", "auxpass") for k in kids)


def _pos_ok(tok: Any, pos: str) -> bool:
    if pos == "VERB":
        return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")
    return tok.pos_ == pos


def _dependents(tok: Any) -> list[Any]:
    out = []
    for c in tok.children:
        out.append(c)
        if c.dep_ in ("prep", "agent", "prt", "compound", "amod", "nmod", "dobj", "pobj"):
            out.extend(c.children)
    # nouns: the verb governing them ("went on strike", "staged a counter-attack")
    if tok.pos_ == "NOUN" and tok.head.i != tok.i:
        out.append(tok.head)
    return out


def _dependent_lemmas(tok: Any) -> set[str]:
    return {d.lemma_.lower() for d in _dependents(tok)} | {d.lower_ for d in _dependents(tok)}


def _complement_aux(tok: Any, auxes: frozenset[str]) -> Any | None:
    """The clausal complement of ``tok`` whose verb carries one of ``auxes`` ("said that
    China must drop barriers" -> "drop"), or None."""
    for c in tok.children:
        if c.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ in auxes for g in c.children):
            return c
    return None


def _object_kind(tok: Any) -> str | None:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    if not objs:
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("over", "of")]
        objs = [p for prep in preps for p in prep.children if p.dep_ == "pobj"]
    if not objs:
        return None
    o = objs[0]
    if o.ent_type_ in ("GPE", "LOC", "FAC") or o.lemma_.lower() in PLACE_NOUNS or o.lower_ in PLACE_NOUNS:
        return "place"
    if o.ent_type_ in ("PERSON", "NORP") or o.lemma_.lower() in PERSON_NOUNS or o.lower_ in PERSON_NOUNS:
        return "person"
    if o.ent_type_ == "" and o.pos_ == "NOUN":
        return "thing"
    if o.pos_ == "PROPN":
        return "place" if o.ent_type_ not in ("ORG",) else "person"
    return None


def _drop_nested(matches: list[TriggerMatch], doc: Any) -> list[TriggerMatch]:
    """One event per happening: a noun trigger that is the object/support of a verb trigger
    of the same type ("launched an attack", "took control") is folded into the verb."""
    by_i = {m.i: m for m in matches}
    folded = []
    for m in matches:
        tok = doc[m.i]
        head = tok.head
        if tok.pos_ == "NOUN" and head.i in by_i and head.i != tok.i:
            hm = by_i[head.i]
            if hm.entry.type == m.entry.type or hm.support == m.i:
                continue
        folded.append(m)
    # a word that licensed a kept trigger is part of it ("took control"); the verb a folded
    # noun leaned on ("granted asylum") stays
    return [m for m in folded if not any(o.support == m.i for o in folded if o is not m)]


def _inflections(lemma: str) -> set[str]:
    out = {lemma}
    if lemma.endswith("e"):
        out.update({lemma + "s", lemma + "d", lemma[:-1] + "ing"})
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out.update({lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out.update({lemma + "es", lemma + "ed", lemma + "ing"})
    else:
        out.update({lemma + "s", lemma + "ed", lemma + "ing"})
        if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
            out.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return out


# --- ACLED mapping -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcledRule:
    when: tuple[tuple[str, Any], ...]
    acled: tuple[str, str] | None


class AcledMapper:
    def __init__(self, rules: dict[str, list[AcledRule]]) -> None:
        self.rules = rules

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> AcledMapper:
        data = yaml.load(resources.files("eventcoder.data").joinpath("plover_acled.yaml").read_text("utf-8"), Loader=SAFE_YAML)
        rules: dict[str, list[AcledRule]] = {}
        for key, items in data.items():
            rules[key] = [
                AcledRule(
                    when=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in (it.get("when") or {}).items()),
                    acled=tuple(it["acled"]) if it.get("acled") else None,  # type: ignore[arg-type]
                )
                for it in items
            ]
        return cls(rules)

    def map(
        self,
        key: str | None,
        source_sector: str | None,
        target_sector: str | None,
        sentence_lemmas: Iterable[str],
        target_is_protester: bool = False,
        mode: str | None = None,
        means: Iterable[str] = (),
        source_lemmas: Iterable[str] = (),
        two_sides: bool = False,
        other_lemmas: Iterable[str] | None = None,
    ) -> dict[str, str] | None:
        """The ACLED pair of one event. ``mode`` and ``means`` are what the text states about
        how *this* act was done (``ModeResolver``): a weapon word elsewhere in the sentence
        ("an offensive backed by allied air power") does not make a ground offensive an air
        strike. ``source_lemmas`` are the words naming the source (``source_has``); ``two_sides``
        whether the sentence names the violence as between two parties (``two_sides``);
        ``other_lemmas`` the sentence's words outside those naming the source (``others_have``;
        the sentence's words when not given)."""
        if not key or key not in self.rules:
            return None
        lemmas = set(sentence_lemmas)
        how = (mode, frozenset(means))
        src_words = frozenset(source_lemmas)
        others = lemmas if other_lemmas is None else set(other_lemmas)
        for rule in self.rules[key]:
            if all(
                self._holds(k, v, source_sector, target_sector, others if k == "others_have" else lemmas, target_is_protester, how, src_words, two_sides)
                for k, v in rule.when
            ):
                return {"event_type": rule.acled[0], "sub_event_type": rule.acled[1]} if rule.acled else None
        return None

    @staticmethod
    def _holds(
        k: str, v: Any, src: str | None, tgt: str | None, lemmas: set[str], protester: bool,
        how: tuple[str | None, frozenset[str]] = (None, frozenset()),
        src_words: frozenset[str] = frozenset(),
        two_sides: bool = False,
    ) -> bool:
        if k == "two_sides":
            return two_sides == bool(v)
        if k == "source_has":
            return bool(src_words & set(v))
        if k == "mode":
            return how[0] in (set(v) if isinstance(v, tuple | list) else {v})
        if k == "means_has":
            return bool(how[1] & set(v))
        if k == "source_state":
            if src is None:
                return False
            return (src in STATE_SECTORS) == bool(v)
        if k == "nonstate_source":
            # police shooting into a crowd is not mob violence; an unknown source may be
            return (src is None or src not in STATE_SECTORS) == bool(v)
        if k == "target_civilian":
            return (tgt in CIVILIAN_SECTORS) == bool(v) if tgt else False
        if k == "target_armed":
            return (tgt in ARMED_SECTORS) == bool(v) if tgt else False
        if k == "target_protester":
            return protester == bool(v)
        if k in ("sentence_has", "sentence_also", "others_have"):
            return bool(lemmas & set(v))
        if k == "source_sector":
            return src in set(v) if isinstance(v, tuple | list) else src == v
        if k == "target_sector":
            return tgt in set(v) if isinstance(v, tuple | list) else tgt == v
        raise ValueError(f"unknown condition {k!r} in plover_acled.yaml")


# --- PLOVER modes --------------------------------------------------------------------------

#: The closed mode table of docs/codebook.md §4, per type. The order is the priority when the
#: text states several means of one act ("gunmen and suicide bombers attacked": suicide-attack):
#: the more specific first. AGREE, SUPPORT, CONCEDE and COOPERATE have no modes.
PLOVER_MODES: dict[str, tuple[str, ...]] = MODES  # data/plover.yaml, modes in priority order
#: ASSAULT modes that name the act itself ("kidnapped" is abduct whatever the weapon): read
#: from the trigger phrase only, and before any means
ACT_MODES = frozenset({"abduct", "sexual", "execute", "targeted", "torture", "beat", "destroy"})
#: verbal types whose mode is what the demand, refusal or threat is about (its complement)
CONTENT_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN"})
#: prepositions that introduce a means or what is moved/given ("with machetes", "in an air
#: strike", "by a roadside bomb", "backed by air power")
MEANS_PREPS = frozenset({"with", "using", "by", "in", "during", "from", "via", "through"})
INSTRUMENT_VERBS = words("instrument_verbs")
LIGHT_VERBS = words("light_verbs")
PLACE_NOT_MEANS = words("place_not_means")


class ModeResolver:
    """The PLOVER mode an event's text states, or None (docs/codebook.md §4).

    Why not the lexicon's mode: a trigger lexicon gives every "attack" the mode firearms, every
    deployment "troops"; the codebook codes the weapon or content the text names and null
    otherwise. The words are the ``mode_<type>_<mode>`` concepts of ``lang/en/modes.yaml``; they
    are looked up in three rings around the trigger, nearest first: the trigger phrase (the
    trigger, its compounds and modifiers: "car bomb", "air strike"), its participants and
    instrument (subject, "with"/"using"/"by"/"in" objects, the object of an instrument verb;
    for a noun trigger those of the light verb that carries it: "gunmen launched an attack"),
    and for demands, refusals and threats the act demanded. Words elsewhere in the sentence
    ("an offensive backed by allied air power") are not this act's means.
    """

    def __init__(self, cues: dict[str, list[tuple[str, frozenset[str]]]]) -> None:
        self.cues = cues

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> ModeResolver:
        from .lang import vocabulary

        return cls.from_vocabulary(vocabulary())

    @classmethod
    def from_vocabulary(cls, vocab: dict[str, frozenset[str]]) -> ModeResolver:
        """Every ``mode_<type>_<mode>`` concept, checked against the codebook's table (E330)."""
        from .errors import ConfigError

        by_name = {f"mode_{t.lower()}_{m.replace('-', '_')}": (t, m) for t, ms in PLOVER_MODES.items() for m in ms}
        found: dict[str, dict[str, frozenset[str]]] = {}
        for concept, ws in vocab.items():
            if not concept.startswith("mode_"):
                continue
            if concept not in by_name:
                raise ConfigError("E330", concept=concept, reason="no such type and mode in the codebook's table")
            t, m = by_name[concept]
            found.setdefault(t, {})[m] = ws
        # in the table's priority order
        cues = {t: [(m, found[t][m]) for m in PLOVER_MODES[t] if m in found.get(t, {})] for t in PLOVER_MODES}
        return cls(cues)

    def resolve(self, tok: Any, etype: str, support: Any = None) -> tuple[str | None, frozenset[str]]:
        """(mode, the lemmas of the trigger phrase and its participants/instrument)."""
        cues = self.cues.get(etype)
        phrase, around = _trigger_phrase(tok, support), _participants(tok, etype)
        means = frozenset(_keys(phrase) | _keys(around))
        if not cues:
            return None, means
        rings = [phrase, around]
        if etype in CONTENT_TYPES:
            rings.append(_content(tok))
        if etype == "ASSAULT":
            act = self._pick(cues, _keys(phrase), ACT_MODES)
            if act:
                return act, means
            return self._pick(cues, means, None), means
        for ring in rings:
            hit = self._pick(cues, _keys(ring), None)
            if hit:
                return hit, means
        return None, means

    @staticmethod
    def _pick(cues: list[tuple[str, frozenset[str]]], keys: set[str] | frozenset[str], only: frozenset[str] | None) -> str | None:
        for mode, ws in cues:
            if only is not None and mode not in only:
                continue
            if keys & ws:
                return mode
        return None


def _keys(toks: Iterable[Any]) -> set[str]:
    """Lemmas and forms of the tokens, their hyphen parts, and "modifier head" pairs ("air
    strike", "air force"), so a word list can name a compound whose parts alone mean nothing
    ("in the air")."""
    out: set[str] = set()
    for t in toks:
        out.add(t.lemma_.lower())
        out.add(t.lower_)
        if "-" in t.lower_:
            out.update(t.lower_.split("-"))
        if t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i:
            out.add(f"{t.lemma_.lower()} {t.head.lemma_.lower()}")
            out.add(f"{t.lower_} {t.head.lower_}")
    return out


def _modifiers(tok: Any) -> list[Any]:
    """A noun with its compounds and modifiers, two levels ("suicide car bomb", "roadside bomb")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            out.append(c)
            out.extend(g for g in c.children if g.dep_ in ("compound", "amod", "nmod"))
    return out


def _trigger_phrase(tok: Any, support: Any = None) -> list[Any]:
    out = _modifiers(tok)
    out.extend(c for c in tok.children if c.dep_ == "prt")
    if support is not None:
        out.append(support)
    return out


def _np(tok: Any) -> list[Any]:
    """A participant noun phrase: the noun, its modifiers, coordinated nouns, "of" objects
    ("an exchange of fire", "Taliban gunmen and suicide bombers")."""
    out = _modifiers(tok)
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_modifiers(c))
        elif c.dep_ == "prep" and c.lower_ == "of":
            out.extend(m for p in c.children if p.dep_ == "pobj" for m in _modifiers(p))
    return out


def _participants(tok: Any, etype: str) -> list[Any]:
    """Subject, instrument and means of the act; for a noun trigger carried by a light verb
    ("launched an attack", "staged a counter-attack using ...") also that verb's; for a verb
    the means shared with a coordinated verb ("was killed and two were wounded by a blast")
    and, for an assault, the cause a "when" clause states ("killed when a roadside bomb hit
    their vehicle")."""
    heads = [tok]
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.lemma_.lower() in LIGHT_VERBS:
        heads.append(tok.head)
    out: list[Any] = []
    if tok.dep_ == "relcl" and tok.head.i != tok.i:
        out.extend(_np(tok.head))  # "a blast which injured several people"
    if tok.dep_ in ("advcl", "xcomp") and tok.tag_ == "VBG" and not any(c.dep_.startswith("nsubj") for c in tok.children):
        # "shelling hit a house, killing one civilian": the participle's doer is the clause's subject
        out.extend(m for c in tok.head.children if c.dep_ in ("nsubj", "csubj") for m in _np(c))
        if tok.head.lemma_.lower() in INSTRUMENT_VERBS:  # "threw grenades into a cafe, wounding two"
            out.extend(m for c in tok.head.children if c.dep_ == "dobj" for m in _np(c))
    for h in heads:
        for c in h.children:
            dep = c.dep_
            if dep in ("nsubj", "nsubjpass", "csubj") and c.i != tok.i:
                if dep == "nsubjpass" and etype == "ASSAULT":
                    continue  # the victim of "were attacked"
                out.extend(_np(c))
            elif dep == "advcl" and etype == "ASSAULT":
                out.extend(_cause(c))
            elif dep in ("dobj", "nsubjpass") and (etype != "ASSAULT" or h.lemma_.lower() in INSTRUMENT_VERBS) and c.i != tok.i:
                out.extend(_np(c))
            elif dep == "prep" and c.lower_ == "of" and h.i == tok.i and etype != "ASSAULT":
                out.extend(m for p in c.children if p.dep_ == "pobj" for m in _np(p))  # "deployment of police"
            if dep in ("advcl", "xcomp", "acl") and c.lemma_.lower() in INSTRUMENT_VERBS:
                out.extend(m for g in c.children if g.dep_ == "dobj" for m in _np(g))  # "using drones"
    siblings = [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        siblings.append(tok.head)
    for h in [*heads, *siblings]:
        for c in h.children:
            if h.i != tok.i and c.dep_ == "advcl" and etype == "ASSAULT" and h in siblings:
                out.extend(_cause(c))
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in MEANS_PREPS):
                out.extend(m for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() not in PLACE_NOT_MEANS for m in _np(p))
                out.extend(m for p in c.children if p.dep_ == "pcomp" for q in p.children if q.dep_ == "dobj" for m in _np(q))
    return out


def _cause(clause: Any) -> list[Any]:
    """What a "when"/"after" clause says did the harm ("killed when their vehicle ran over an
    IED", "injured after a grenade was hurled at a kiosk"): its subject and the objects of its
    verb and prepositions."""
    out: list[Any] = []
    for g in clause.children:
        if g.dep_ in ("nsubj", "nsubjpass", "csubj", "dobj", "agent") or (g.dep_ == "prep" and g.lower_ in ("over", "by", "with", "on")):
            out.extend(_np(g) if g.dep_ not in ("prep", "agent") else [m for p in g.children if p.dep_ == "pobj" for m in _np(p)])
    return out


def _content(tok: Any) -> list[Any]:
    """What a demand, refusal or threat is about: the head of its complement ("urged X to
    *release* ..."), its object ("rejected the *quota* idea") or what it asks *for* ("called for
    the *release* of ..."), each with its object and "of" noun — not every word of the clause
    ("urged X to look at how a regime could *support* ..." asks for a review, not for aid)."""
    out: list[Any] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            out.append(c)
            out.extend(m for g in c.children if g.dep_ in ("dobj", "nsubjpass", "prt") for m in _np(g))
        elif c.dep_ in ("dobj", "attr"):
            out.extend(_np(c))
        elif c.dep_ == "prep" and c.lower_ in ("for", "to", "on"):
            out.extend(m for p in c.children if p.dep_ in ("pobj", "pcomp") for m in _np(p))
    return out
