"""Geoparsing: find toponyms in article text, resolve them to GeoNames, locate events.

from eventcoder.geo import Gazetteer, Geoparser
gp = Geoparser(gazetteer=Gazetteer.default())
places = gp.find(text, docs, offsets)
"""

from .gazetteer import Entry, Gazetteer
from .geoparser import Geoparser, haversine_km

__all__ = ["Entry", "Gazetteer", "Geoparser", "haversine_km"]
