"""The ``ActorDictionary``: loading the data files and matching mentions."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from ..lang import words
from .entries import (
    KINDS,
    SECTORS,
    ActorEntry,
    ActorMatch,
    _Country,
    _CountryWord,
    _Head,
    _HeadGroup,
)
from .files import DATA_DIR, _as_list, _package_doc, _read_csv, _read_yaml, _truthy
from .text import (
    _ADJACENT,
    _BACKED,
    _CAPS_WORDS,
    _COORD,
    _EXACT,
    _P_BARE,
    _P_COMPOSED,
    _P_EXPLICIT,
    _TOKEN,
    _UNLOCALISE,
    _alias_tokens,
    _codes,
    _key,
    _norm_phrase,
    _shouting,
    _tokens,
    _Trie,
    _variants,
)

# --------------------------------------------------------------------------- dictionary


class ActorDictionary:
    """Actor mentions -> :class:`ActorEntry`. Build with :meth:`default` or :meth:`load`."""

    _default: ActorDictionary | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.countries: dict[str, _Country] = {}
        self.entries: dict[str, ActorEntry] = {}  # explicit entries by canonical name
        self.aliases: dict[str, list[str]] = {}  # canonical name -> aliases
        self.conflicts: list[tuple[str, str, str]] = []  # (alias, kept, dropped)
        self._main = _Trie()
        self._heads = _Trie()
        self._members = _Trie()
        self._governing: frozenset[str] = frozenset()
        self._modifiers: set[str] = set()
        self._blocked_after: dict[str, frozenset[str]] = {}
        self._state_sectors: dict[str, tuple[str, str | None]] = {}
        self._state_cache: dict[tuple[str, str], ActorEntry] = {}
        #: phrase -> ``resolve(phrase)``: the stages resolve the same noun phrases again and again
        #: (a candidate per draft, a speaker per quotation); bounded, cleared when full
        self._resolved: dict[str, ActorEntry | None] = {}
        self._generic_groups: dict[str, _HeadGroup] = {}  # generic name -> group
        self._armed: _HeadGroup | None = None
        self._country_words: dict[str, _CountryWord] = {}
        self._explicit_keys: dict[tuple, tuple[str, bool]] = {}  # alias -> (name, user)
        self._pending: list[tuple[str, tuple]] = []
        # state bodies mapped to a canonical (country, sector) entry ("Kremlin")
        self._state_alias_entries: dict[str, ActorEntry] = {}
        self._acronyms: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ construction

    @classmethod
    def default(cls) -> ActorDictionary:
        """The package data, built once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = _cached_default(cls)
        return cls._default

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> ActorDictionary:
        """Package data plus user YAML/CSV files (same format); user entries win conflicts."""
        d = cls()
        d._load_countries(_package_doc(DATA_DIR / "countries.csv"))
        d._load_heads(_package_doc(DATA_DIR / "heads.yaml"))
        for p in sorted(DATA_DIR.glob("*.yaml")):
            if p.name == "heads.yaml":
                continue
            d._load_actor_doc(_package_doc(p), source=str(p), user=False)
        for p in extra_paths:
            p = Path(p)
            if not p.exists():
                raise UsageError("E002", path=str(p))
            doc = _read_csv(p) if p.suffix.lower() in (".csv", ".tsv") else _read_yaml(p)
            d._load_user_doc(doc, source=str(p))
        d._finish()
        return d

    def _load_countries(self, doc: dict) -> None:
        for row in doc.get("countries") or []:
            iso3 = row["iso3"]
            self.countries[iso3] = _Country(
                iso3,
                row["name"],
                row.get("acled_country") or row["name"],
                _truthy(row.get("acled_article")),
            )
            pop = int(row.get("population") or 0)
            for form, forms in (
                ("name", _as_list(row.get("aliases")) or [row["name"]]),
                ("capital", _as_list(row.get("capitals"))),
                ("demonym", _as_list(row.get("demonyms"))),
                ("people", _as_list(row.get("people"))),
            ):
                for w in forms:
                    self._add_country_word(w, _CountryWord(iso3, form, pop))

    def _add_country_word(self, word: str, cw: _CountryWord, user: bool = False) -> None:
        for v in _variants(word):
            toks = _alias_tokens(v)
            keys = tuple(_key(t) for t in toks)
            k = " ".join(keys)
            old = self._country_words.get(k)
            # a word of two countries goes to the more populous one ("Congolese" -> COD);
            # a name beats a demonym of the same spelling ("US")
            if old is not None and not user:
                if old.iso3 != cw.iso3 and old.population >= cw.population:
                    continue
                if old.iso3 == cw.iso3 and old.form in ("name", "capital"):
                    continue
            self._country_words[k] = cw
            if old is None or old.iso3 != cw.iso3 or user:
                self._main.add_tokens(toks, keys, _codes(toks), ("C", k))

    def _load_heads(self, doc: dict) -> None:
        for sector, spec in (doc.get("state_sectors") or {}).items():
            self._state_sectors[sector] = (spec["name"], spec.get("acled_name"))
        for g in doc.get("heads") or []:
            sector = g["sector"]
            kind = g.get("kind", "generic")
            if kind == "state":
                name, acled = self._state_sectors[sector]
                name = g.get("name", name)
                acled = g.get("acled_name", acled)
            else:
                name, acled = g["name"], g.get("acled_name")
            group = _HeadGroup(
                sector=sector,
                kind=kind,
                name=name,
                generic_name=g["generic_name"],
                acled_name=acled,
                tags=tuple(g.get("tags") or ()),
                generic=kind != "state",
            )
            if g.get("armed_default"):
                self._armed = group
            self._generic_groups.setdefault(group.generic_name, group)
            no_alone = {_norm_phrase(w) for w in g.get("not_standalone") or []}
            standalone = g.get("standalone", True)
            for w in g["words"]:
                alone = standalone and _norm_phrase(w) not in no_alone
                for v in _variants(w):
                    self._heads.add(v, _Head(group, alone, w))
        for w in doc.get("modifiers") or []:
            self._modifiers.add(_key(w))
        for w in doc.get("member_heads") or []:
            self._members.add(w, True)
        self._governing = frozenset(_key(w) for w in doc.get("governing_heads") or [])
        for w, nexts in (doc.get("not_followed_by") or {}).items():
            self._blocked_after[_key(w)] = frozenset(_key(x) for x in nexts)
        for q in doc.get("qualifiers") or []:
            tags = tuple(q["tags"])
            for w in q["words"]:
                for v in _variants(w):
                    self._main.add(v, ("Q", tags))

    def _state_entry(self, iso3: str, sector: str, group: _HeadGroup | None = None) -> ActorEntry:
        key = (iso3, sector) if group is None else (iso3, sector, group)
        e = self._state_cache.get(key)
        if e is None:
            c = self.countries[iso3]
            if group is None:
                name, acled = self._state_sectors[sector]
                tags: tuple[str, ...] = ("state",)
                if sector in ("MIL", "COP", "SPY"):
                    tags += ("armed",)
                kind = "state"
                generic = False
            else:
                name, acled, tags, kind, generic = (
                    group.name,
                    group.acled_name,
                    group.tags,
                    group.kind,
                    group.generic,
                )
            e = ActorEntry(c.fmt(name), iso3, sector, kind, c.fmt(acled), tags, generic)
            self._state_cache[key] = e
        return e

    def _load_actor_doc(self, doc: dict, source: str, user: bool) -> None:
        if not isinstance(doc, dict):
            raise ConfigError("E003", path=source, reason="expected a mapping at the top level")
        if doc.get("countries"):
            for row in doc["countries"]:
                self._user_country(row, source)
        for row in doc.get("actors") or []:
            self._add_actor(row, source, user)

    def _load_user_doc(self, doc: Any, source: str) -> None:
        if isinstance(doc, list):
            doc = {"actors": doc}
        self._load_actor_doc(doc, source, user=True)

    def _user_country(self, row: dict, source: str) -> None:
        iso3 = row.get("iso3")
        if not iso3:
            raise ConfigError("E003", path=source, reason=f"country row without iso3: {row}")
        if iso3 not in self.countries:
            name = row.get("name") or iso3
            self.countries[iso3] = _Country(
                iso3, name, row.get("acled_country") or name, _truthy(row.get("acled_article"))
            )
        pop = 10**12  # user words win
        for form, field in (
            ("name", "aliases"),
            ("capital", "capitals"),
            ("demonym", "demonyms"),
            ("people", "people"),
        ):
            words = _as_list(row.get(field))
            if form == "name" and row.get("name"):
                words.append(row["name"])
            for w in words:
                self._add_country_word(w, _CountryWord(iso3, form, pop), user=True)

    def _add_actor(self, row: dict, source: str, user: bool) -> None:
        if not isinstance(row, dict):
            raise ConfigError("E003", path=source, reason=f"actor row is not a mapping: {row!r}")
        aliases = _as_list(row.get("aliases"))
        state = row.get("state")
        if state:
            if state not in self.countries:
                raise ConfigError("E003", path=source, reason=f"unknown country {state!r}")
            sector = row.get("sector") or "GOV"
            if sector not in self._state_sectors:
                raise ConfigError("E003", path=source, reason=f"no state sector {sector!r}")
            if row.get("name"):
                entry = ActorEntry(
                    row["name"],
                    state,
                    sector,
                    "state",
                    row.get("acled_name", self._state_entry(state, sector).acled_name),
                    tuple(_as_list(row.get("tags"))) or self._state_entry(state, sector).tags,
                    False,
                )
            else:
                entry = self._state_entry(state, sector)
        else:
            name = row.get("name")
            if not name:
                raise ConfigError("E003", path=source, reason=f"actor row without name: {row}")
            country = row.get("country") or None
            if country is not None and country not in self.countries:
                raise ConfigError(
                    "E003", path=source, reason=f"{name}: unknown country {country!r}"
                )
            sector = row.get("sector") or None
            if sector is not None and sector not in SECTORS:
                raise ConfigError("E003", path=source, reason=f"{name}: unknown sector {sector!r}")
            kind = row.get("kind") or "group"
            if kind not in KINDS:
                raise ConfigError("E003", path=source, reason=f"{name}: unknown kind {kind!r}")
            tags = list(_as_list(row.get("tags")))
            if sector in ("REB", "UAF", "MIL", "CRM") and "armed" not in tags:
                tags.append("armed")
            generic = _truthy(row.get("generic"))
            entry = ActorEntry(
                name,
                country,
                sector,
                kind,
                row.get("acled_name") or None,
                tuple(tags),
                bool(generic),
            )
            if not aliases:
                aliases = [name]
            if row.get("name_is_alias", True) and name not in aliases:
                aliases.insert(0, name)
        old = self.entries.get(entry.name)
        if old is not None and not state:
            if not user:
                raise ConfigError(
                    "E003", path=source, reason=f"duplicate canonical name {entry.name!r}"
                )
            # user entry replaces the package entry; its aliases point to the new one
            aliases = self.aliases.get(entry.name, []) + aliases
        if not state or row.get("name"):
            self.entries[entry.name] = entry
        else:
            self._state_alias_entries[entry.name] = entry
        known = self.aliases.setdefault(entry.name, [])
        for a in aliases:
            if a not in known:
                known.append(a)
            for v in _variants(a):
                toks = _alias_tokens(v)
                if not toks:
                    continue
                k = (tuple(_key(t) for t in toks), _codes(toks))
                prev = self._explicit_keys.get(k)
                if prev is not None and prev[0] != entry.name:
                    if not user and not prev[1]:
                        self.conflicts.append((v, prev[0], entry.name))
                        continue
                    if prev[1] and not user:
                        continue
                self._explicit_keys[k] = (entry.name, user)
                self._pending.append((toks, k))

    def _finish(self) -> None:
        # the explicit aliases are put into the trie last, resolved to their final entry
        seen = set()
        for toks, k in self._pending:
            if k in seen:
                continue
            seen.add(k)
            name = self._explicit_keys[k][0]
            self._main.add_tokens(toks, k[0], k[1], ("E", name))
        self._pending = []
        self._acronyms = frozenset(
            atoks[0]
            for node in self._main.root.values()
            for codes, atoks, _p in node.get(None, ())
            if len(atoks) == 1 and codes == (_EXACT,)
        )

    @property
    def acronyms(self) -> frozenset[str]:
        """The one-word names the dictionary matches only as spelt, in capitals ("FARC", "NATO")."""
        return self._acronyms

    # ------------------------------------------------------------------ matching

    def _head_chain(self, toks, keys, j: int, limit: int = 5):
        """Longest run of heads and modifiers from token j ending on a head.

        Returns (end, head) for the last head, or None."""
        best = None
        steps = 0
        n = len(keys)
        while j < n and steps < limit:
            steps += 1
            longest = None
            for end, _c, _a, head in self._heads.walk(toks, keys, j):
                longest = (end, head)
            if longest is not None:
                best = longest
                j = longest[0]
                continue
            if keys[j] in self._modifiers:
                j += 1
                continue
            break
        return best

    def _explicit_at(self, toks, keys, i: int):
        """Longest explicit entry match at i: (end, entry) or None."""
        best = None
        for end, codes, atoks, payload in self._main.walk(toks, keys, i):
            if payload[0] != "E":
                continue
            if (
                _EXACT in codes
                and atoks[0] in _CAPS_WORDS
                and _shouting(toks, i, end, self._acronyms)
            ):
                continue
            best = (end, self._resolve_explicit(payload[1]))
        return best

    def _resolve_explicit(self, name: str) -> ActorEntry:
        e = self.entries.get(name)
        if e is None:
            e = self._state_alias_entries.get(name)
        return e

    def _country_entry(self, cw: _CountryWord) -> ActorEntry:
        c = self.countries[cw.iso3]
        key = ("bare", cw.iso3, cw.form)
        e = self._state_cache.get(key)
        if e is None:
            if cw.form in ("name", "capital"):
                base = self._state_entry(cw.iso3, "GOV")
                e = replace(base, kind="country")
            elif cw.form == "people":
                g = self._generic_groups.get("Civilians")
                e = ActorEntry(
                    c.fmt(g.name) if g else f"Civilians ({c.acled_country})",
                    cw.iso3,
                    "CVL",
                    "generic",
                    c.fmt(g.acled_name) if g else None,
                    g.tags if g else ("civilian",),
                    True,
                )
            else:
                e = ActorEntry(c.name, cw.iso3, None, "country", None, (), False)
            self._state_cache[key] = e
        return e

    def _compose(self, iso3: str | None, head: _Head, tags: tuple[str, ...] = ()) -> ActorEntry:
        g = head.group
        if iso3 is None:
            if tags and g.kind == "state" and g.sector in ("MIL", "COP") and self._armed:
                g = self._armed
            e = self._generic_entry(g)
            if tags:
                e = replace(e, tags=tuple(dict.fromkeys(e.tags + tags)))
            return e
        if g.kind == "state" and g.name == self._state_sectors.get(g.sector, ("",))[0]:
            return self._state_entry(iso3, g.sector)
        return self._state_entry(iso3, g.sector, g)

    def _generic_entry(self, g: _HeadGroup) -> ActorEntry:
        key = ("generic", g)
        e = self._state_cache.get(key)
        if e is None:
            acled = _UNLOCALISE.sub("", g.acled_name).strip() if g.acled_name else None
            e = ActorEntry(g.generic_name, None, g.sector, "generic", acled or None, g.tags, True)
            self._state_cache[key] = e
        return e

    def _candidates_at(self, toks, keys, i: int):
        """Best (end, priority, entry, start) for a mention starting at token i."""
        best: tuple[int, int, ActorEntry, int] | None = None

        def offer(end: int, prio: int, entry: ActorEntry | None, start: int = i) -> None:
            nonlocal best
            if entry is None:
                return
            if best is None or (end, prio) > (best[0], best[1]):
                best = (end, prio, entry, start)

        n = len(keys)
        for end, codes, atoks, payload in self._main.walk(toks, keys, i):
            tag = payload[0]
            if tag == "E":
                if (
                    _EXACT in codes
                    and atoks[0] in _CAPS_WORDS
                    and _shouting(toks, i, end, self._acronyms)
                ):
                    continue
                entry = self._resolve_explicit(payload[1])
                e2 = end
                governing = False
                if entry.kind in ("group", "igo", "ngo", "media") and end < n:
                    for mend, _c, _a, _p in self._members.walk(toks, keys, end):
                        if mend > e2:
                            e2 = mend
                            governing = keys[mend - 1] in self._governing
                if governing and entry.sector in ("PTY", "OPP") and entry.country in self.countries:
                    # "a Labour government", "the ANC government": the state a party governs,
                    # not the party (its members, "Labour ministers", stay the party's)
                    entry = self._state_entry(entry.country, "GOV")
                offer(e2, _P_EXPLICIT, entry)
            elif tag == "C":
                cw = self._country_words[payload[1]]
                if (
                    _EXACT in codes
                    and atoks[0] in _CAPS_WORDS
                    and _shouting(toks, i, end, self._acronyms)
                ):
                    continue
                self._offer_country(toks, keys, i, end, cw, offer)
            elif tag == "Q":
                tags = payload[1]
                j = end
                # "Kurdish and Arab militias"
                while j + 1 < n and keys[j] in _COORD:
                    more = [
                        (e, p) for e, _c, _a, p in self._main.walk(toks, keys, j + 1) if p[0] == "Q"
                    ]
                    if not more:
                        break
                    e, p = more[-1]
                    tags = tags + p[1]
                    j = e
                hc = self._head_chain(toks, keys, j)
                if hc is not None:
                    offer(hc[0], _P_COMPOSED, self._compose(None, hc[1], tags))
        # a head noun on its own: "the army", "gunmen", "protesters"
        hc = self._head_chain(toks, keys, i)
        if hc is not None:
            first = None
            for _end, _c, _a, head in self._heads.walk(toks, keys, i):
                first = head
            if first is not None and first.standalone:
                blocked = self._blocked_after.get(keys[i])
                if not (blocked and hc[0] < n and hc[0] == i + 1 and keys[hc[0]] in blocked):
                    offer(hc[0], _P_BARE, self._compose(None, hc[1]))
        return best

    def _offer_country(self, toks, keys, i, end, cw: _CountryWord, offer) -> None:
        n = len(keys)
        pro = i >= 2 and keys[i - 1] == "-" and keys[i - 2] == "pro"
        if cw.form == "people":
            offer(end, _P_BARE, self._country_entry(cw))
            return
        j = end
        # possessive: "Syria's army"
        if j + 1 < n and keys[j] == "'" and keys[j + 1] == "s":
            j += 2
        elif j < n and keys[j] == "'" and toks[j - 1][2].endswith("s"):
            j += 1
        # "Iran-backed militias", "US-backed SDF": the actor is not of that country
        if end + 1 < n and (
            (keys[end] == "-" and keys[end + 1] in _BACKED) or keys[end] in _BACKED
        ):
            k = end + 2 if keys[end] == "-" else end + 1
            if k < n:
                ex = self._explicit_at(toks, keys, k)
                if ex is not None:
                    offer(ex[0], _P_COMPOSED, ex[1])
                    return
                hc = self._head_chain(toks, keys, k)
                if hc is not None:
                    offer(hc[0], _P_COMPOSED, self._compose(None, hc[1], ("proxy",)))
                    return
        hc = self._head_chain(toks, keys, j)
        if hc is not None:
            if pro:
                s = i - 2
                offer(hc[0], _P_COMPOSED, self._compose(None, hc[1], ("proxy",)), s)
            else:
                offer(hc[0], _P_COMPOSED, self._compose(cw.iso3, hc[1]))
            return
        # coordination: "Syrian and Iranian officials" -> Syrian gets the head of the last
        # conjunct; commas only in a list closed by and/or ("Syrian, Iraqi and Iranian ...")
        k = end
        joined = False
        while k + 1 < n and keys[k] in _COORD:
            joined = joined or keys[k] != ","
            nxt = None
            for e2, _c, _a, p in self._main.walk(toks, keys, k + 1):
                if p[0] == "C" and self._country_words[p[1]].form != "people":
                    nxt = e2
            if nxt is None:
                break
            hc = self._head_chain(toks, keys, nxt)
            if hc is not None:
                if joined:
                    offer(end, _P_COMPOSED, self._compose(cw.iso3, hc[1]))
                    return
                break
            k = nxt
        if not pro:
            offer(end, _P_BARE, self._country_entry(cw))

    def find(self, text: str) -> list[ActorMatch]:
        """All actor mentions in text: longest first, left to right, non-overlapping."""
        toks = _tokens(text)
        if not toks:
            return []
        keys = [_key(t[2]) for t in toks]
        root = self._main.root
        heads = self._heads.root
        out: list[ActorMatch] = []
        i = 0
        n = len(toks)
        while i < n:
            k = keys[i]
            if k not in root and k not in heads:
                i += 1
                continue
            best = self._candidates_at(toks, keys, i)
            if best is None:
                i += 1
                continue
            end, _prio, entry, start = best
            if out and toks[start][0] < out[-1].end:
                start = i
            s, e = toks[start][0], toks[end - 1][1]
            out.append(ActorMatch(text[s:e], s, e, entry))
            i = end
        return out

    # ------------------------------------------------------------------ phrases

    _BOUNDARY = words("phrase_boundaries")

    def resolve(self, phrase: str) -> ActorEntry | None:
        """The entry for a noun phrase: the mention covering its head, preferably.

        "The Syrian army and its allies" -> Military Forces of Syria; "an unknown gunman" ->
        Unidentified Armed Group; "protesters in Nairobi" -> Protesters (Kenya) (a generic
        head takes the country of a place named in the phrase). Memoised by the phrase: the
        dictionary does not change once loaded, and entries are immutable."""
        memo = self._resolved
        got = memo.get(phrase, _UNSEEN)
        if got is _UNSEEN:
            got = self._resolve(phrase)
            if len(memo) >= _RESOLVED_MAX:
                memo.clear()
            memo[phrase] = got
        return got

    def _resolve(self, phrase: str) -> ActorEntry | None:
        matches = self.find(phrase)
        if not matches:
            return None
        # the head region ends at the first preposition / relative / punctuation after
        # the first mention
        cut = len(phrase)
        for m in _TOKEN.finditer(phrase, matches[0].end):
            if m.group().lower() in self._BOUNDARY and not any(
                x.start <= m.start() < x.end for x in matches
            ):
                cut = m.start()
                break
        head = [m for m in matches if m.start < cut] or matches
        # a country word right before another mention modifies it ("Yemen's Houthi rebels")
        head = [
            m
            for n, m in enumerate(head)
            if not (
                m.entry.kind == "country"
                and n + 1 < len(head)
                and _ADJACENT.match(phrase, m.end, head[n + 1].start)
            )
        ] or head
        with_sector = [m for m in head if m.entry.sector is not None]
        # a named actor beats a generic one in apposition ("the rebel group M23")
        chosen = next((m for m in with_sector if not m.entry.generic), None)
        if chosen is None and with_sector:
            chosen = with_sector[0]
        if chosen is None:
            chosen = next((m for m in matches if m.entry.sector is not None), head[0])
        e = chosen.entry
        if e.generic and e.country is None:
            for m in matches:
                if m is not chosen and m.entry.kind == "country" and m.entry.country:
                    return self.localise(e, m.entry.country)
        return e

    def localise(self, entry: ActorEntry, iso3: str | None) -> ActorEntry:
        """A generic entry given a country: "Protesters" + KEN -> "Protesters (Kenya)"."""
        if not entry.generic or entry.country is not None or iso3 not in self.countries:
            return entry
        g = self._generic_groups.get(entry.name)
        if g is None or g.sector != entry.sector:
            return replace(entry, country=iso3)
        e = self._state_entry(iso3, g.sector, g)
        extra = tuple(t for t in entry.tags if t not in e.tags)
        return replace(e, tags=e.tags + extra) if extra else e

    def country_of(self, word: str) -> str | None:
        """ISO3 for a country name, alias, demonym, people noun or capital."""
        k = " ".join(_key(t[2]) for t in _tokens(word.strip()))
        cw = self._country_words.get(k)
        if cw is not None:
            return cw.iso3
        for m in self.find(word):
            if m.entry.country:
                return m.entry.country
        return None

    def country_name(self, iso3: str) -> str | None:
        c = self.countries.get(iso3)
        return c.name if c else None

    # ------------------------------------------------------------------ stats

    def stats(self) -> dict[str, int]:
        return {
            "countries": len(self.countries),
            "entries": len(self.entries),
            "aliases": sum(len(v) for v in self.aliases.values()),
            "country_words": len(self._country_words),
        }


_UNSEEN: Any = object()
_RESOLVED_MAX = 100_000


# --------------------------------------------------------------------------- on-disk cache
def _default_key() -> str:
    """What the default dictionary is built from: the package's actor data, the code that
    builds it and the word lists it reads (``lang/``), and the Python it was pickled by."""
    import sys

    from ..resources import content_key

    here = Path(__file__).parent
    lang = here.parent / "lang"
    files = [*sorted(DATA_DIR.iterdir()), *sorted(here.glob("*.py")), *sorted(lang.glob("*/*.yaml")), lang / "__init__.py"]
    return content_key(f"{sys.version_info[:2]}", *[f for f in files if f.is_file()])


def _cached_default(cls: type[ActorDictionary]) -> ActorDictionary:
    """The package's dictionary from the user cache (``actors-default-KEY.pickle``), else
    built from the data files and cached there (``resources.cached_pickle``).

    Building it parses six data files and fills three tries, about a tenth of a second of
    every start; unpickling the built dictionary takes a seventh of that. The key covers
    everything the build reads (``_default_key``), so an edited data file, builder or word
    list builds anew. The object is pickled right after ``load``, before any look-up fills a
    memo, so it is the one ``load`` returns (``tests/actors/test_dictionary_cache.py``)."""
    from ..resources import cached_pickle

    return cached_pickle("actors-default", _default_key(), cls.load, lambda d: type(d) is cls)
