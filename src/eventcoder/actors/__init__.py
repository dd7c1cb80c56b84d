"""The actor dictionary: normalise actor mentions to a canonical name, country and sector.

A mention is one of

* a **named** actor from the data files (``ISIL``, ``Hezbollah news service``, ``UNHCR``),
  optionally followed by a generic head that belongs to it (``ISIL militants``);
* a **state** actor composed from a country word (name, demonym, capital, ``Syria's``) and
  a head noun (``army``, ``police``, ``officials``): ``the Syrian army`` ->
  ``Military Forces of Syria`` (MIL, SYR); coordinated (``Syrian and Iranian officials``);
* a **country** word on its own: a name or capital is the country's government by metonymy
  (``Damascus`` -> GOV SYR, kind ``country``), a bare demonym only says the country
  (``Syrian soil`` -> sector None), a plural people noun is its civilians (``Syrians``);
* a **generic** agent (``gunmen``, ``the jihadists``, ``protesters``, ``the army``), with
  country None unless a country word modifies it (``Kenyan protesters``).
  :func:`link_generic` links it to a named group of the same article when the tags fit.

Matching runs over a token trie built once per dictionary (one dict look-up per token that
cannot start a mention), so :meth:`ActorDictionary.find` is cheap enough for every sentence
of a large crawl. The data format is documented in ``docs/actors.md``.
"""

from __future__ import annotations

from .dictionary import ActorDictionary
from .entries import KINDS, SECTORS, ActorEntry, ActorMatch, link_generic
from .files import DATA_DIR

__all__ = ["SECTORS", "KINDS", "ActorEntry", "ActorMatch", "ActorDictionary", "link_generic", "DATA_DIR"]
