"""Check the hand-curated gazetteer table ``src/eventcoder/geo/data/features.tsv``.

For every data row it reports

(a) names and aliases that the gazetteer already indexes to another entry (a GeoNames
    place, country, admin division, continent, spelling variant or another curated row),
    with that entry's feature code, country, population and distance from the row's point;
(b) names and aliases that more than one row of the file uses (same normalised key);
(c) malformed rows: column count, empty or padded fields, lat/lon that are not numbers in
    range, a feature code not of the form ``X.CODE``, an unknown country code, an
    importance that is not a non-negative integer, an empty source.

Conflicts of kind (a) are split into

* ``town``: the other entry is a populated place of fewer than ``--town-pop`` people (a
  homonymous small town, or the small main town of an island): acceptable;
* ``homonym``: the other entry is an admin division of fewer than ``--town-pop`` people
  more than ``--near-km`` away (a small municipality or county elsewhere that shares
  the name, e.g. "La Palma" in Colombia): acceptable;
* ``accepted``: a pair listed in ``ACCEPTED`` below, kept on purpose (with the reason);
* ``CONFLICT``: anything else: drop the row or the alias.

Rows already in the committed file (``git show HEAD:...``) are marked ``[committed]``;
``--new-only`` skips them. The exit status is 1 when there is a malformed row, a
duplicate within the file or a ``CONFLICT`` on a checked row, else 0.

    .venv/bin/python scripts/check_features.py [--new-only] [--town-pop 100000] [-q]
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REL = "src/eventcoder/geo/data/features.tsv"
PATH = ROOT / REL
COLUMNS = ["name", "aliases", "feature", "lat", "lon", "cc", "importance", "source"]
FEATURE_RE = re.compile(r"^[AHLPRSTUV]\.[A-Z0-9]{2,6}$")
NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")

#: (normalised key, name of the other gazetteer entry) -> why the curated name is kept
#: although the key also names that (big, distant) entry
ACCEPTED = {
    ("berkshire", "Berkshire County"): "the English county (920k) the gazetteer lacks; "
    "Berkshire County, Massachusetts (alternate name, 5,300 km away) stays a candidate",
    ("ulster", "Ulster County"): "the Irish province (Northern Ireland); Ulster County, "
    "New York (alternate name, 5,000 km away) stays a candidate",
    ("white house", "Casablanca"): "a translation among Casablanca's alternate names; the "
    "geoparser drops alternate names made of common words",
    ("the white house", "Casablanca"): "as above (the ADM2's alternate name)",
    ("whitehall", "Atlanta"): "a historic alternate name of Atlanta; the London street is "
    "the news sense, Atlanta keeps its main name",
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def read_rows(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(header fields, [(line number, raw data line)]) as the loader sees them."""
    header: list[str] = []
    rows: list[tuple[int, str]] = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if not header:
            header = line.split("\t")
            continue
        rows.append((no, line))
    return header, rows


def committed_lines() -> set[str]:
    try:
        out = subprocess.run(
            ["git", "show", f"HEAD:{REL}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {ln for _, ln in read_rows(out)[1]}


def malformed(fields: list[str], known_cc: set[str]) -> list[str]:
    errs = []
    if len(fields) != len(COLUMNS):
        return [f"{len(fields)} columns, expected {len(COLUMNS)}"]
    r = dict(zip(COLUMNS, fields, strict=True))
    for c, v in r.items():
        if v != v.strip():
            errs.append(f"{c!r} has leading/trailing white space")
    if not r["name"]:
        errs.append("empty name")
    if r["aliases"]:
        for a in r["aliases"].split("|"):
            if not a or a != a.strip():
                errs.append(f"empty or padded alias in {r['aliases']!r}")
                break
    if not FEATURE_RE.match(r["feature"]):
        errs.append(f"feature {r['feature']!r} is not CLASS.CODE")
    for c, lim in (("lat", 90.0), ("lon", 180.0)):
        if not NUM_RE.match(r[c]):
            errs.append(f"{c} {r[c]!r} is not a number")
        elif not -lim <= float(r[c]) <= lim:
            errs.append(f"{c} {r[c]} out of range")
    if r["cc"] and (not re.fullmatch(r"[A-Z]{2}", r["cc"]) or r["cc"] not in known_cc):
        errs.append(f"unknown country code {r['cc']!r}")
    if not re.fullmatch(r"\d+", r["importance"]):
        errs.append(f"importance {r['importance']!r} is not a non-negative integer")
    if not r["source"]:
        errs.append("empty source")
    return errs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--new-only", action="store_true", help="skip rows committed at HEAD")
    ap.add_argument(
        "--town-pop",
        type=int,
        default=100_000,
        help="a place or division below this is a tolerated homonym (default 100000)",
    )
    ap.add_argument(
        "--near-km",
        type=float,
        default=300.0,
        help="a small division nearer than this is the same feature, not a homonym",
    )
    ap.add_argument("-q", "--quiet", action="store_true", help="only the summary")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from eventcoder.geo.gazetteer import CURATED_ID_BASE, Gazetteer
    from eventcoder.geo.normalize import key_variants, normalize

    header, rows = read_rows(PATH.read_text(encoding="utf-8"))
    old = committed_lines()
    g = Gazetteer.default()
    known_cc = set(g.countries)

    n_bad = n_dup = n_conf = n_town = n_hom = n_acc = n_checked = 0
    lines_out: list[str] = []
    if header != COLUMNS:
        lines_out.append(f"header: {header} != {COLUMNS}")
        n_bad += 1

    # (b) duplicate keys within the file, over all rows
    owners: dict[str, list[int]] = defaultdict(list)
    parsed: list[list[str]] = []
    for n, (_, line) in enumerate(rows):
        f = line.split("\t")
        parsed.append(f)
        if len(f) < 2:
            continue
        names = [f[0], *[a for a in f[1].split("|") if a]]
        keys = {k for nm in names for k in key_variants(nm)}
        for k in keys:
            owners[k].append(n)

    for n, ((no, line), f) in enumerate(zip(rows, parsed, strict=True)):
        is_old = line in old
        if args.new_only and is_old:
            continue
        n_checked += 1
        tag = " [committed]" if is_old else ""
        msgs: list[str] = []
        # (c)
        for e in malformed(f, known_cc):
            msgs.append(f"  MALFORMED: {e}")
            n_bad += 1
        if len(f) != len(COLUMNS):
            lines_out.append(f"line {no}: {f[0]!r}{tag}")
            lines_out.extend(msgs)
            continue
        r = dict(zip(COLUMNS, f, strict=True))
        names = [r["name"], *[a for a in r["aliases"].split("|") if a]]
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            lat = lon = 0.0
        gid = CURATED_ID_BASE + n
        # (b)
        seen_keys: dict[str, str] = {}
        for nm in names:
            k = normalize(nm)
            if k in seen_keys and seen_keys[k] != nm:
                msgs.append(f"  note: alias {nm!r} has the same key as {seen_keys[k]!r}")
            seen_keys.setdefault(k, nm)
            for kv in key_variants(nm):
                others = [m for m in owners[kv] if m != n]
                if others:
                    other = ", ".join(repr(parsed[m][0]) for m in others)
                    msgs.append(f"  DUPLICATE: {nm!r} (key {kv!r}) also in row(s) {other}")
                    n_dup += 1
        # (a)
        reported: set[tuple[str, int]] = set()
        for nm in names:
            for kv in sorted(key_variants(nm)):
                for i, alt in g.lookup_key(kv):
                    if g.gid[i] == gid or (nm, i) in reported:
                        continue
                    if g.gid[i] >= CURATED_ID_BASE:
                        continue  # another curated row: reported as a duplicate above
                    reported.add((nm, i))
                    feat, pop = g.feature[i], g.pop[i]
                    d = km(lat, lon, g.lat[i], g.lon[i])
                    why = ACCEPTED.get((kv, g.name[i]))
                    if feat.startswith("P") and pop < args.town_pop:
                        kind = "town"
                        n_town += 1
                    elif feat.startswith("A.ADM") and pop < args.town_pop and d > args.near_km:
                        kind = "homonym"
                        n_hom += 1
                    elif why:
                        kind = "accepted"
                        n_acc += 1
                    else:
                        kind = "CONFLICT"
                        n_conf += 1
                    how = "alt name of" if alt else "name of"
                    msgs.append(
                        f"  {kind}: {nm!r} (key {kv!r}) is the {how} {g.name[i]!r} "
                        f"[{feat} {g.cc[i] or '--'} pop {pop:,}] {d:,.0f} km away"
                        + (f" -- {why}" if why else "")
                    )
        if msgs:
            lines_out.append(f"line {no}: {r['name']!r} {r['feature']} {r['cc']}{tag}")
            lines_out.extend(msgs)

    if not args.quiet:
        print("\n".join(lines_out))
    n_old = sum(1 for _, ln in rows if ln in old)
    print(
        f"\nrows: {len(rows)} ({n_old} committed, {len(rows) - n_old} new); "
        f"checked {n_checked}\n"
        f"malformed: {n_bad}; duplicates within the file: {n_dup}; "
        f"conflicts with other gazetteer entries: {n_conf}; "
        f"small-town homonyms (pop < {args.town_pop:,}): {n_town}; "
        f"distant small-division homonyms (> {args.near_km:,.0f} km): {n_hom}; "
        f"accepted exceptions: {n_acc}"
    )
    return 1 if (n_bad or n_dup or n_conf) else 0


if __name__ == "__main__":
    sys.exit(main())
