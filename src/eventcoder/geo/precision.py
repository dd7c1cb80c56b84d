"""How precise a place's coordinates are, in the four steps ACLED's geo-precision uses.

A map reader needs to know whether a dot is the town where the event happened or the
centroid of a country drawn as if the event were in the desert. ACLED codes 1 (the town),
2 (a part of a region, near a town), 3 (a larger region); we keep the reason in words:

* ``point``: a populated place or a spot (GeoNames classes P and S: towns, villages,
  neighbourhoods, buildings, airports, squares);
* ``admin2``: a second-or-lower-level division (ADM2-ADM5) or a natural feature of about
  that size (a lake, a valley, an island, a single mountain, a strait);
* ``admin1``: a first-level division (state, province, governorate) or a wide feature
  (a river, a mountain range, a desert, a sea, an archipelago, a region);
* ``country``: a country (PCL*), a territory, an ocean or a continent.

The export maps them to ACLED's codes (``store.to_acled``: point 1, admin2 2, admin1 and
country 3; a town that is only the article's main place is at best 2, "near" it).

The GeoNames feature class.code decides. A name the gazetteer does not know that is
placed approximately at another place (a street, a building, :func:`.locate.to_place`)
takes the precision of that place: its coordinates are only as good as the anchor's.
"""

from __future__ import annotations

#: precision values, finest first
LEVELS: tuple[str, ...] = ("point", "admin2", "admin1", "country")

#: natural features about the size of a district
_ADMIN2_FEATURES = frozenset({
    "T.MT", "T.PK", "T.HLL", "T.PASS", "T.VAL", "T.ISL", "T.ATOL", "T.CNYN", "T.PLN",
    "T.DPR", "T.PEN", "L.PEN", "H.LK", "H.BAY", "H.CNL", "H.SHOL", "H.STRT", "V.FRST",
    "L.PRK", "L.AREA", "L.PPLX",
})  # fmt: skip
#: features a country or larger
_COUNTRY_FEATURES = frozenset({"L.TERR", "A.TERR", "H.OCN", "L.CONT"})


def minor_division(feature: str | None) -> bool:
    """A division below the first level (ADM2-ADM5, ADMD): a district, a constituency, a
    ward. Code that once tested ``== "A.ADM2"`` asks this, so a GeoNames dump's ADM3 rows
    and the local layers' wards (``geo/local.py``) are districts too, not backdrop."""
    return bool(feature) and feature.startswith("A.ADM") and not feature.startswith("A.ADM1")


def precision(feature: str | None) -> str | None:
    """``"point" | "admin2" | "admin1" | "country"`` for a GeoNames ``class.code`` (None: unknown)."""
    if not feature:
        return None
    cls, _, code = feature.partition(".")
    if cls in ("P", "S"):
        return "point"
    if cls == "A":
        if code == "ADM1" or code.startswith("ADM1"):
            return "admin1"
        if code.startswith("ADM") or code.startswith("ADMD"):
            return "admin2"
        if code.startswith("PCL"):
            return "country"
    if feature in _COUNTRY_FEATURES:
        return "country"
    if feature in _ADMIN2_FEATURES:
        return "admin2"
    # rivers, ranges, deserts, seas, gulfs, plateaus, regions: wide
    return "admin1"

