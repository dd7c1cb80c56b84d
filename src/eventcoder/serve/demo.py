"""Databases for tests, demos and the benchmark of ``eventcoder serve``.

* ``build_sample_db(path)`` codes the bundled sample articles with the real ``Pipeline`` into
  ``path``; when the pipeline cannot run here (e.g. the spaCy model is missing) it falls back
  to ``build_fixture_db``.
* ``build_fixture_db(path)`` cleans the same samples with ``eventcoder.clean`` and stores
  hand-made events for them (so the API can be tested without the NLP stack).
* ``fill_synthetic(path, n)`` writes ``n`` synthetic events spread over the world and over
  a few years, straight in SQL (the load benchmark uses 100,000).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_PUBLISHED = "2017-11-20"

# (sample file, trigger, type, mode, acled, source text/name/country/sector, target ..., place, date text+value, reported by, flags)
_PLACES = {
    "Albu Kamal": (170794, 34.45226, 40.91860, "SYR", "Deir ez-Zor"),
    "Nairobi": (184745, -1.28333, 36.81667, "KEN", "Nairobi Area"),
    "Mogadishu": (53654, 2.03711, 45.34375, "SOM", "Banaadir"),
    "Afgoye": (58933, 2.13810, 45.12120, "SOM", "Lower Shabeelle"),
    "Balkh": (1147290, 36.75, 66.9, "AFG", "Balkh"),
    "Kabul": (1138958, 34.52813, 69.17233, "AFG", "Kabul"),
    "Istanbul": (745044, 41.01384, 28.94966, "TUR", "Istanbul"),
    "Kharkiv": (706483, 49.98081, 36.25272, "UKR", "Kharkiv"),
    "Sanaa": (71137, 15.35472, 44.20667, "YEM", "Amanat Al Asimah"),
    "Jizan": (105299, 16.88917, 42.55111, "SAU", "Jazan"),
}

_EVENTS: list[dict[str, Any]] = [
    # the CGTN article (tagged "europe" by the scraper: a Syria story)
    dict(f="cgtn-albu-kamal", trig="took complete control", type="ASSAULT", mode="occupy", acled=("Battles", "Government regains territory"),
         src=("The Syrian army", "Syrian Armed Forces", "SYR", "MIL"), tgt=None, place="Albu Kamal",
         date=("on Sunday", "2017-11-19", "day"), rep="a military news service run by Hezbollah"),
    dict(f="cgtn-albu-kamal", trig="staged a counter-attack", type="ASSAULT", mode=None, acled=("Battles", "Armed clash"),
         src=("the jihadists", "ISIL", None, "REB"), tgt=None, place="Albu Kamal",
         date=("earlier this month", "2017-11-01", "month"), rep=None),
    dict(f="cgtn-albu-kamal", trig="have expelled", type="COERCE", mode="expel", acled=("Battles", "Government regains territory"),
         src=("The Syrian Army", "Syrian Armed Forces", "SYR", "MIL"), tgt=("Daesh", "ISIL", None, "REB"), place="Albu Kamal",
         date=None, rep="the Hezbollah news service"),
    dict(f="cgtn-albu-kamal", trig="withdrew", type="RETREAT", mode=None, acled=None,
         src=("most ISIL members", "ISIL", None, "REB"), tgt=None, place="Albu Kamal",
         date=("on Sunday", "2017-11-19", "day"), rep="The British-based Syrian Observatory for Human Rights"),
    dict(f="cgtn-albu-kamal", trig="waged an offensive", type="ASSAULT", mode=None, acled=("Battles", "Armed clash"),
         src=("Syria's army", "Syrian Armed Forces", "SYR", "MIL"), tgt=None, place=None, date=None, rep=None, conf=0.55),
    # short illustrative samples
    dict(f="kenya-nairobi-protest", trig="fired tear gas", type="COERCE", mode="crowd control", acled=("Protests", "Protest with intervention"),
         src=("Kenyan police", "Kenya Police", "KEN", "COP"), tgt=("protesters", "Protesters", "KEN", "CVL"), place="Nairobi",
         date=("on Tuesday", "2017-11-14", "day"), rep="witnesses"),
    dict(f="kenya-nairobi-protest", trig="marched", type="PROTEST", mode="demonstrate", acled=("Protests", "Peaceful protest"),
         src=("demonstrators", "Protesters", "KEN", "CVL"), tgt=None, place="Nairobi", date=("on Tuesday", "2017-11-14", "day"), rep="witnesses"),
    dict(f="kenya-nairobi-protest", trig="arrested", type="COERCE", mode="arrest", acled=("Protests", "Protest with intervention"),
         src=("Police", "Kenya Police", "KEN", "COP"), tgt=("23 people", None, None, None), place="Nairobi", date=None, rep="a police spokesman"),
    dict(f="kenya-nairobi-protest", trig="threatened to hold more protests", type="THREATEN", mode=None, acled=None,
         src=("Opposition leaders", "Opposition", "KEN", "OPP"), tgt=None, place=None,
         date=("next week", "2017-11-27", "week"), rep=None, hyp=True),
    dict(f="somalia-mogadishu-bombing", trig="exploded", type="ASSAULT", mode="bombing", acled=("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         src=("A car bomb", None, None, None), tgt=("four Somali soldiers", "Somali Armed Forces", "SOM", "MIL"), place="Mogadishu",
         date=("on Monday", "2017-11-13", "day"), rep="police"),
    dict(f="somalia-mogadishu-bombing", trig="recaptured", type="ASSAULT", mode="occupy", acled=("Battles", "Government regains territory"),
         src=("Somali troops", "Somali Armed Forces", "SOM", "MIL"), tgt=("al-Shabaab militants", "Al-Shabaab", "SOM", "REB"), place="Afgoye",
         date=None, rep="the defence ministry"),
    dict(f="afghanistan-balkh-clash", trig="repulsed", type="ASSAULT", mode=None, acled=("Battles", "Armed clash"),
         src=("Afghan forces", "Afghan Armed Forces", "AFG", "MIL"), tgt=("Taliban", "Taliban", "AFG", "REB"), place="Balkh",
         date=("on Saturday", "2017-11-18", "day"), rep="the provincial governor's office"),
    dict(f="afghanistan-balkh-clash", trig="denied losing", type="REJECT", mode=None, acled=None,
         src=("The Taliban", "Taliban", "AFG", "REB"), tgt=None, place=None, date=None, rep=None, neg=True),
    dict(f="afghanistan-balkh-clash", trig="killed", type="ASSAULT", mode="kill", acled=("Violence against civilians", "Attack"),
         src=("unidentified gunmen", None, None, None), tgt=("a religious scholar", None, "AFG", "REL"), place="Kabul",
         date=("on Friday", "2017-11-17", "day"), rep="police"),
    dict(f="ukraine-talks", trig="agreed to exchange prisoners", type="AGREE", mode=None, acled=None,
         src=("Ukrainian and Russian negotiators", "Ukraine", "UKR", "GOV"), tgt=None, place="Istanbul",
         date=("on Wednesday", "2017-11-15", "day"), rep="Turkey's foreign ministry"),
    dict(f="ukraine-talks", trig="shelled", type="ASSAULT", mode="shelling", acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         src=("Russian forces", "Russian Armed Forces", "RUS", "MIL"), tgt=None, place="Kharkiv",
         date=("overnight", "2017-11-19", "day"), rep="Ukrainian officials"),
    dict(f="ukraine-talks", trig="imposed new sanctions", type="SANCTION", mode=None, acled=None,
         src=("The European Union", "European Union", None, "IGO"), tgt=("Russia", "Russia", "RUS", "GOV"), place=None,
         date=("last week", "2017-11-13", "week"), rep=None),
    dict(f="yemen-sanaa-airstrike", trig="carried out airstrikes", type="ASSAULT", mode="air strike", acled=("Explosions/Remote violence", "Air/drone strike"),
         src=("The Saudi-led coalition", "Saudi-led coalition", "SAU", "MIL"), tgt=("Houthi positions", "Houthis", "YEM", "REB"), place="Sanaa",
         date=("on Thursday", "2017-11-16", "day"), rep="Saudi state media"),
    dict(f="yemen-sanaa-airstrike", trig="fired a ballistic missile", type="ASSAULT", mode=None, acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         src=("The Houthis", "Houthis", "YEM", "REB"), tgt=None, place="Jizan",
         date=("earlier this month", "2017-11-01", "month"), rep="the coalition"),
    dict(f="yemen-sanaa-airstrike", trig="accused", type="ACCUSE", mode=None, acled=None,
         src=("A Houthi spokesman", "Houthis", "YEM", "REB"), tgt=("the coalition", "Saudi-led coalition", "SAU", "MIL"), place=None, date=None, rep=None),
]  # fmt: skip


def build_sample_db(path: str | os.PathLike[str], fallback: bool = True) -> str:
    """Code the bundled samples into ``path``; returns "pipeline" or "fixture" (what built it)."""
    try:
        from ..engine import run

        run([str(SAMPLES)], str(path), published=SAMPLE_PUBLISHED)
        return "pipeline"
    except Exception:  # noqa: BLE001 - the pipeline cannot run here: use hand-made events
        if not fallback:
            raise
        if os.path.exists(path):
            os.remove(path)
        build_fixture_db(path)
        return "fixture"


def build_fixture_db(path: str | os.PathLike[str]) -> None:
    """The samples, cleaned for real, with hand-made events (offsets found in the cleaned text)."""
    from ..clean import clean
    from ..ingest import read
    from ..records import Actor, Attribution, CodedArticle, Event, EventDate, Location, Place
    from ..store import Store

    coded = []
    for raw in read([str(SAMPLES)]):
        art = clean(raw, published=SAMPLE_PUBLISHED)  # type: ignore[arg-type]
        name = Path(raw.origin.path).stem  # type: ignore[union-attr]
        if "europe" in art.tags and name == "cgtn-albu-kamal":
            art.warnings.append(
                "tag 'europe' does not match the article's countries (SYR): a scraper tag, ignored"
            )
        art.countries = sorted(
            {_PLACES[e["place"]][3] for e in _EVENTS if e["f"] == name and e["place"]}
        )
        events, places = [], {}
        for spec in (e for e in _EVENTS if e["f"] == name):
            t0 = art.text.find(spec["trig"])
            if t0 < 0:
                raise ValueError(f"trigger {spec['trig']!r} not in {name}")
            t1 = t0 + len(spec["trig"])
            s0 = max(art.text.rfind("\n", 0, t0) + 1, 0)
            s1 = art.text.find("\n", t1)
            s1 = len(art.text) if s1 < 0 else s1
            sent = art.text[s0:s1]

            def span(
                text: str | None, body: str = art.text, s0: int = s0, s1: int = s1
            ) -> tuple[int, int] | None:
                if not text:
                    return None
                i = body.find(text, s0, s1)
                if i < 0:
                    i = body.find(text)
                return (i, i + len(text)) if i >= 0 else None

            def actor(a: tuple | None, span=span) -> Actor | None:  # type: ignore[no-untyped-def]
                if not a:
                    return None
                sp = span(a[0])
                return Actor(a[0], a[1], a[2], a[3], *sp) if sp else None

            loc = None
            if spec["place"]:
                gid, lat, lon, cc, adm = _PLACES[spec["place"]]
                sp = span(spec["place"]) or span(spec["place"].split()[0])
                if sp:
                    basis = "sentence" if s0 <= sp[0] < s1 else "article"
                    loc = Location(
                        spec["place"],
                        spec["place"],
                        gid,
                        lat,
                        lon,
                        cc,
                        adm,
                        sp[0],
                        sp[1],
                        basis,
                        "P.PPL",
                    )
                    places[sp] = Place(
                        spec["place"],
                        sp[0],
                        sp[1],
                        spec["place"],
                        gid,
                        lat,
                        lon,
                        cc,
                        adm,
                        "P.PPL",
                        0.9,
                    )
            date = EventDate()
            if spec["date"]:
                sp = span(spec["date"][0])
                date = EventDate(
                    spec["date"][1], spec["date"][2], spec["date"][0], *(sp or (None, None))
                )
            rep = []
            if spec["rep"]:
                sp = span(spec["rep"])
                if sp:
                    rep.append(
                        Attribution(
                            spec["rep"], spec["rep"].removeprefix("the ").removeprefix("The "), *sp
                        )
                    )
            ev = Event(
                article_id=art.id, type=spec["type"], mode=spec["mode"], trigger=spec["trig"], trigger_start=t0,
                trigger_end=t1, sentence=sent, start=s0, end=s1, source_actor=actor(spec["src"]),
                target_actor=actor(spec["tgt"]), location=loc, date=date, reported_by=rep,
                negated=spec.get("neg", False), hypothetical=spec.get("hyp", False),
                acled={"event_type": spec["acled"][0], "sub_event_type": spec["acled"][1]} if spec["acled"] else None,
                confidence=spec.get("conf", 0.8 if spec["acled"] else 0.65),
            )  # fmt: skip
            ev.assign_id()
            events.append(ev)
        coded.append(CodedArticle(art, events, list(places.values())))
    with Store(path) as st:
        run_id = st.start_run([str(SAMPLES)], {"fixture": True, "published": SAMPLE_PUBLISHED})
        n = st.write_batch(coded, [], [], run_id)
        st.finish_run(run_id, {"events": n})


_SYNTH_TYPES = [
    "ASSAULT",
    "COERCE",
    "PROTEST",
    "THREATEN",
    "AGREE",
    "CONSULT",
    "ACCUSE",
    "AID",
    "SANCTION",
    "MOBILIZE",
]


def fill_synthetic(path: str | os.PathLike[str], n_events: int = 100_000, seed: int = 7) -> None:
    """Append ``n_events`` synthetic events (and one article per 10 events) in a few SQL statements.

    Events cluster around 400 "cities" spread over the land masses, over 2015..2019; each
    record is a complete event JSON, so every endpoint works on them as on real ones.
    """
    import duckdb

    from ..store import Store

    Store(path).close()  # create / migrate the schema
    n_articles = max(1, n_events // 10)
    types = "[" + ",".join(f"'{t}'" for t in _SYNTH_TYPES) + "]"
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SELECT setseed({(seed % 100) / 100})")
        con.execute(
            """
            CREATE TEMP TABLE cities AS
            SELECT i AS city,
                   -35 + 95 * random() AS lat,
                   -120 + 260 * random() AS lon,
                   ['SYR','IRQ','YEM','AFG','SOM','NGA','UKR','MEX','COL','IND','PAK','KEN','SDN','MLI','MMR'][1 + (i % 15)] AS cc
            FROM range(400) t(i)
            """
        )
        con.execute(
            """
            INSERT INTO articles
            SELECT 'syn' || lpad(CAST(i AS VARCHAR), 8, '0'), 'coded', NULL,
                   'Synthetic article ' || i, ['Agency A','Agency B','Daily C','Wire D'][1 + (i % 4)],
                   '[]', DATE '2015-01-01' + CAST(i % 1826 AS INTEGER), NULL, 'en',
                   'Forces attacked positions near the city, officials said.',
                   '[]', '[]', '[]', '[]', '[]', NULL, 'synthetic', '{}', 10, 'synthetic', now()
            FROM range(?) t(i)
            """,
            [n_articles],
        )
        con.execute(
            f"""
            INSERT INTO events
            WITH base AS (
              SELECT i, 'syn' || lpad(CAST(i // 10 AS VARCHAR), 8, '0') AS article_id,
                     {types}[1 + CAST(floor(random() * {len(_SYNTH_TYPES)}) AS INTEGER)] AS type,
                     c.lat + (random() - 0.5) * 2 AS lat, c.lon + (random() - 0.5) * 2 AS lon, c.cc,
                     DATE '2015-01-01' + CAST((i // 10) % 1826 AS INTEGER) AS d,
                     round(random(), 3) AS conf, random() < 0.03 AS neg, random() < 0.05 AS hyp
              FROM range(?) t(i) JOIN cities c ON c.city = (i * 7919) % 400
            )
            SELECT md5(CAST(i AS VARCHAR))[1:16], article_id, type, NULL, NULL, NULL,
                   'Forces', cc, 'MIL', 'Positions', NULL, NULL,
                   'City ' || cc, NULL, cc, NULL, lat, lon, d, 'day', 'on Monday', 'officials',
                   neg, hyp, 'attacked', 'Forces attacked positions near the city, officials said.',
                   0, 56, conf, ['Agency A','Agency B','Daily C','Wire D'][1 + ((i // 10) % 4)], d,
                   json_object(
                     'event_id', md5(CAST(i AS VARCHAR))[1:16], 'article_id', article_id, 'type', type, 'mode', NULL,
                     'acled', NULL,
                     'source_actor', json_object('text', 'Forces', 'name', 'Forces', 'country', cc, 'sector', 'MIL', 'start', 0, 'end', 6),
                     'target_actor', json_object('text', 'positions', 'name', 'Positions', 'country', NULL, 'sector', NULL, 'start', 16, 'end', 25),
                     'location', json_object('text', 'the city', 'name', 'City ' || cc, 'geonameid', NULL, 'lat', lat, 'lon', lon,
                                             'country', cc, 'admin1', NULL, 'start', 31, 'end', 39, 'basis', 'sentence'),
                     'date', json_object('value', strftime(d, '%Y-%m-%d'), 'precision', 'day', 'text', NULL, 'start', NULL, 'end', NULL),
                     'reported_by', json_array(json_object('text', 'officials', 'name', 'officials', 'start', 41, 'end', 50)),
                     'negated', neg, 'hypothetical', hyp,
                     'trigger', json_object('text', 'attacked', 'start', 7, 'end', 15),
                     'sentence', 'Forces attacked positions near the city, officials said.', 'start', 0, 'end', 56,
                     'confidence', conf),
                   'synthetic'
            FROM base
            """,
            [n_events],
        )
    finally:
        con.close()
