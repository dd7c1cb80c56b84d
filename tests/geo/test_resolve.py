"""Resolution: which gazetteer entry each toponym is."""

from __future__ import annotations

from eventcoder.geo.normalize import key_variants


def test_admin1_and_country_context_disambiguate(gp, nlp, near):
    ps = gp.find_in_text("Gunmen killed two people in Dawlat Abad district, Balkh province.", nlp)
    balkh = next(p for p in ps if p.text.startswith("Balkh"))
    assert balkh.country == "AFG" and balkh.feature == "A.ADM1"
    ps = gp.find_in_text("The governor of Illinois spoke in Springfield on Monday.", nlp)
    sp = next(p for p in ps if p.text == "Springfield")
    assert sp.admin1 == "Illinois" and near(sp, 39.80, -89.64)
    ps = gp.find_in_text("Heavy rain flooded Hyderabad, in the Pakistani province of Sindh.", nlp)
    hy = next(p for p in ps if p.text == "Hyderabad")
    assert hy.country == "PAK"


def test_transliteration_variants_in_text(gp, nlp, near):
    text = "Clashes erupted in Deir al-Zour and Boukamal, near the Iraqi border, and in Raqqa."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Deir al-Zour"], 35.34, 40.14, 60)
    assert near(ps["Boukamal"], 34.45, 40.92)
    assert near(ps["Raqqa"], 35.95, 39.01, 30)
    assert "Iraqi" not in ps


def test_country_name_beats_capital_alternate_name(gp, nlp):
    ps = gp.find_in_text("Migrants crossed from Guatemala into Mexico on Monday.", nlp)
    mx = next(p for p in ps if p.text == "Mexico")
    assert mx.feature == "A.PCLI" and mx.country == "MEX"


def test_alternate_names_and_big_namesakes(gp, nlp, near):
    text = "The White House said the president spoke in Washington about the economy."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    wh = ps.get("White House")
    assert wh is None or wh.country == "USA"  # an alternate name of Casablanca
    assert near(ps["Washington"], 38.9, -77.04, 50)  # not Watervliet (a former name)
    # a city far bigger than its namesakes wins unless the context is strong
    ps = {p.text: p for p in gp.find_in_text("Houston beat Portland 96-94 in Texas.", nlp)}
    assert near(ps["Portland"], 45.52, -122.68, 50)
    text = "The mayor of Louisville met officials in Columbus and Cleveland."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Louisville"], 38.25, -85.76, 50)  # not Louisville, Ohio


def test_ezafe_spellings_and_named_divisions(gp, nlp, near):
    assert {"puli khumri", "pul khumri", "pul e khumri"} <= key_variants("Pul-e Khumri")
    assert "pul e alam" in key_variants("Pul-i-Alam") or "puli alam" in key_variants("Pul-e Alam")
    text = "Two guards died when insurgents opened fire near a bridge in Pul-e Khumri, Baghlan."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Pul-e Khumri"], 35.94, 68.71, 30)
    # a small town of the name outside the division named after it is another place:
    # the name is kept, located at the division
    text = "Insurgents stormed a police post overnight in Chora district, Urozgan."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    chora = ps["Chora"]
    assert chora.country == "AFG" and near(chora, 32.9, 66.1, 161)  # not Chora, Greece


def test_curated_islands_rivers_and_counties(gp, nlp, near):
    text = (
        "Rents on Oahu rose again. Boats sailed from Martha's Vineyard. The race moved "
        "to Silverstone, Northamptonshire, and flooding hit the Danube River."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Oahu"].feature == "T.ISL" and near(ps["Oahu"], 21.47, -157.98, 50)
    assert ps["Martha's Vineyard"].country == "USA"
    assert ps["Northamptonshire"].country == "GBR" and near(ps["Silverstone"], 52.09, -1.03)
    assert ps["Danube River"].feature == "H.STM"


def test_state_named_with_its_place_word(gp, nlp):
    text = "A former governor of Enugu State fled. The Osun State Police Command spoke."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Enugu State"].feature == "A.ADM1" and ps["Enugu State"].country == "NGA"
    assert ps["Osun State"].name == "Osun"


def test_a_list_of_states_makes_washington_the_state(gp, nlp, near):
    text = "Tech firms keep moving to states like California or Washington, analysts say."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Washington"].feature == "A.ADM1"
    text = "The tour will stop in Guam, Alaska, Hawaii, Florida and Washington, D.C., next year."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Washington"], 38.9, -77.04, 30) and near(ps["D.C"], 38.9, -77.04, 30)
    # only the biggest town of a capital's name is the capital
    gaz = gp.gaz
    caps = [i for i, _ in gaz.lookup_key("washington") if gaz.feature[i] == "P.PPLC"]
    assert [gaz.admin1[i] for i in caps] == ["DC"]


def test_a_small_town_abroad_nothing_supports_is_not_read(gp, nlp):
    text = (
        "Police in New Orleans said the fire spread from Metairie. Louisiana officials and "
        "Baton Rouge firefighters helped. Dubreuil, who built the house, left it to Zara."
    )
    ps = gp.find_in_text(text, nlp)
    assert "Zara" not in [p.text for p in ps]  # a town in Turkey; here a name
    dub = [p for p in ps if p.text == "Dubreuil"]
    assert all(p.country == "USA" and p.geonameid is None for p in dub)  # not Mauritius
    # with its country named, a small foreign town keeps its reading
    text = "Police in New Orleans and Metairie, Louisiana, met a delegation from Zara, Turkey."
    zara = [p for p in gp.find_in_text(text, nlp) if p.text == "Zara"]
    assert zara and zara[0].country == "TUR"


def test_container_and_named_state_pick_washington_state(gp, nlp, near):
    ps = {p.text: p for p in gp.find_in_text("A baker from Tacoma, Washington shared tips.", nlp)}
    assert ps["Washington"].feature == "A.ADM1" and near(ps["Tacoma"], 47.25, -122.44)
    text = "CAMP MURRAY, Wash. - The team has served Washington for 18 years."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Washington"].feature == "A.ADM1"
    # a list is not a container: Washington, New York and Boston are three cities
    text = "He toured Washington, New York and Boston before flying home."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Washington"], 38.9, -77.04, 30) and near(ps["New York"], 40.71, -74.0, 30)


def test_a_state_beats_a_smaller_town_of_its_name(gp, nlp):
    (p,) = gp.find_in_text("A court in Wyoming blocked the new mining rule on Tuesday.", nlp)
    assert p.feature == "A.ADM1" and p.country == "USA"


def test_georgia_is_the_state_only_in_a_local_american_story(gp, nlp):
    text = "Police in Macon and Savannah said the suspect fled Georgia, officials in Bulloch County said."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Georgia"].country == "USA" and ps["Georgia"].feature == "A.ADM1"
    text = "WASHINGTON (AP) — The U.S. will send military advisers to Georgia, the State Department said."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Georgia"].country == "GEO"


def test_a_division_after_a_typed_name_and_longer_typed_names(gp, nlp):
    text = "Two soldiers died when insurgents overran an army outpost in Charbolak district, Balkh."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert (
        ps["Balkh"].country == "AFG" and ps["Charbolak"].country == "AFG"
    )  # Balkh: PERSON to spaCy
    text = "Three troops died in a raid in the Band Temur area of Maywand district, Kandahar."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert (
        ps["Band Temur"].geonameid is None and ps["Band Temur"].country == "AFG"
    )  # not the town Band


def test_a_foreign_town_named_inside_a_local_district_is_another_place(gp, nlp):
    text = "A sniper shot a policeman dead in the Rabat area of Maywand district, Kandahar."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Rabat"].geonameid is None and ps["Rabat"].country == "AFG"  # not Morocco's capital
    text = "Insurgents ambushed a patrol in the Bazar area of Tarnak Wa Jaldak district, Zabul."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert "Wa" not in ps  # a connector of the name, not Wa in Ghana
    # the same word on its own stays the capital
    ps = {p.text: p for p in gp.find_in_text("The king returned to Rabat on Monday.", nlp)}
    assert ps["Rabat"].country == "MAR"


def test_places_of_a_named_district(gp, nlp):
    text = "A policeman was shot dead at a checkpoint, in Saidan of Nahri Saraj district, Helmand."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Saidan"].geonameid is None and ps["Saidan"].country == "AFG"  # not Seyyedan, Iran
    text = "Gunmen shot three guards at a post, in Band Temur of Maywand district, Kandahar."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Band Temur"].country == "AFG" and ps["Maywand"].role == "place"


def test_a_county_named_in_a_short_note_makes_small_foreign_namesakes_local(gp, nlp):
    text = "A herder was shot dead by bandits in Raya area of Balambala sub-county, Garissa county."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Raya"].geonameid is None and ps["Raya"].country == "KEN"


def test_priors_rank_kinds_of_places(gp):
    from eventcoder.geo.resolve import prior

    g = gp.gaz
    country = next(i for i, a in g.lookup_key("france") if g.feature[i] == "A.PCLI")
    town = max(
        (i for i, _ in g.lookup_key("paris") if g.feature[i] == "P.PPL"), key=g.pop.__getitem__
    )
    assert prior(g, country, 0) > prior(g, country, 1)  # the own name beats an alternate one
    assert prior(g, country, 0) > prior(g, town, 0)


def test_a_place_word_narrows_the_readings(gp):
    from eventcoder.geo.mention import Mention
    from eventcoder.geo.resolve import restrict_by_head_word

    g = gp.gaz
    m = Mention(0, 5, "Balkh", g.lookup_key("balkh"), head_word="province")
    restrict_by_head_word(g, [m])
    assert m.cands and all(g.feature[i] in ("A.ADM1", "A.ADM2") for i, _ in m.cands)
    m = Mention(0, 5, "Balkh", g.lookup_key("balkh"), head_word="city")
    restrict_by_head_word(g, [m])
    assert m.cands and all(g.feature[i].startswith("P") for i, _ in m.cands)


def test_resolution_state_is_returned_not_kept(gp, parse):
    from eventcoder.geo.recognise import recognise
    from eventcoder.geo.resolve import resolve

    text = "Rain fell on Springfield, Illinois, and on Peoria."
    docs, offs = parse(text)
    ms = recognise(gp.gaz, text, docs, offs)
    r = resolve(gp.gaz, text, ms, ("USA",), 0.2, 0.35)
    assert r.hint_order == ["US"]
    sp = next(m for m in ms if m.text == "Springfield")
    assert r.container_of[id(sp)].text == "Illinois"
    assert gp.gaz.admin1[sp.best] == "IL"


def test_namesakes_read_near_the_story_not_near_each_other(gp, nlp, near):
    # two names each with a US namesake (a Richmond in Kentucky; Twickenham, a former name
    # of Huntsville, Alabama) must not vouch for each other against the London story
    text = (
        "Two men were stabbed outside a pub in Richmond on Saturday night.\n\n"
        "Officers were called shortly after 11pm and both men were taken to hospital in London.\n\n"
        "A 24-year-old man from Twickenham was arrested on suspicion of attempted murder."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Richmond"], 51.46, -0.30)
    assert near(ps["Twickenham"], 51.45, -0.34)
    assert gp.main_countries(list(ps.values())) == ["GBR"]


def test_spatial_support_counts_other_names_only(gp):
    from eventcoder.geo.mention import Mention, name_key
    from eventcoder.geo.resolve import spatial_support

    g = gp.gaz

    def mention(text: str, start: int) -> Mention:
        m = Mention(start=start, end=start + len(text), text=text)
        m.cands = list(g.lookup_key(name_key(text)))
        return m

    ga, at, ga2 = mention("Georgia", 0), mention("Atlanta", 20), mention("Georgia", 40)
    sup = spatial_support(g, [ga, at, ga2])
    state = next(i for i, _ in ga.cands if g.feature[i] == "A.ADM1" and g.cc[i] == "US")
    country = next(i for i, _ in ga.cands if g.feature[i] == "A.PCLI")
    # the US state holds Atlanta's likeliest reading; the country holds none of its readings
    assert sup.get((id(ga), state), 0) > 0.2
    assert sup.get((id(ga), country), 0) == 0
    # a name repeated does not support itself: without Atlanta nothing supports Georgia
    sup = spatial_support(g, [ga, ga2])
    assert not any(k[0] in (id(ga), id(ga2)) for k in sup)


def test_seats_of_legislatures_and_courts(gp, nlp, near):
    from eventcoder.geo.seats import find_seats

    # a parliament's building, not Westminster, Colorado, nor an unknown name anchored there
    text = (
        "MPs at Westminster rejected the bill on Monday, while ministers met at Stormont "
        "and the Scottish Parliament debated the budget."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["Westminster"], 51.50, -0.12, 5)
    assert near(ps["Stormont"], 54.60, -5.83, 5)
    # an institution's own name is no toponym (geo/seats.py places events there, not find)
    assert "Scottish Parliament" not in ps
    # a bare "Duma" stays the Syrian town's name: only "the State Duma" is the parliament
    ps = {p.text: p for p in gp.find_in_text("Shelling hit Duma, east of Damascus, on Sunday.", nlp)}
    assert ps.get("Duma") is None or ps["Duma"].country == "SYR"

    # the seats layer: the institution at its building, a place after "to"/"in", else an actor
    text = "The minister told the Commons on Monday, and in a statement to the Scottish Parliament on Tuesday."
    seats = find_seats(text, gp.gaz.iso3)
    assert [(q.text, q.role, q.country) for q in seats] == [
        ("the Commons", "actor", "GBR"),
        ("the Scottish Parliament", "place", "GBR"),
    ]
    assert near(seats[0], 51.50, -0.12, 5) and near(seats[1], 55.95, -3.18, 5)
    assert find_seats("Rebels shelled Dail and the Duma bloc said.", gp.gaz.iso3)[0].text == "the Duma"


def test_seat_names_trie_regex_matches_exactly_the_names_longest_first():
    """``seats._trie_regex``: one branch per character (a flat alternation of 70 names cost
    ~1 ms an article), the same matches as the names themselves, the longest name winning."""
    import re

    from eventcoder.geo.seats import _trie_regex

    names = ["House of Lords", "House of Commons", "House", "Dail", "Dáil Éireann"]
    pat = re.compile(r"(?<![\w-])" + _trie_regex(sorted(names)) + r"(?![\w-])")
    text = "The House of Lords and the House of Commonsx met; the House and the Dáil Éireann, Dail."
    assert [m.group(0) for m in pat.finditer(text)] == ["House of Lords", "House", "House", "Dáil Éireann", "Dail"]
    assert all(pat.fullmatch(n) for n in names) and not pat.fullmatch("House of")


def test_prior_is_memoised_per_entry_and_alt_flag(gp):
    """``prior`` memoises ``_prior`` (feature code and population of an entry, main or alternate
    name) in the gazetteer's own dict: the same value for every entry and flag asked."""
    from eventcoder.geo.resolve import _prior, prior

    gaz = gp.gaz
    entries = [i for key in ("london", "paris", "kabul", "garissa", "jordan") for i, _alt in gaz.lookup_key(key)]
    assert entries
    for i in entries:
        for alt in (0, 1, True, False):
            assert prior(gaz, i, alt) == _prior(gaz, i, alt)
            assert prior(gaz, i, alt) == _prior(gaz, i, alt)  # the memo's answer
    assert gaz.__dict__["_prior_memo"]


def test_a_quarter_named_with_its_city_is_not_a_namesake_abroad(gp, nlp, near):
    # a bare name, a comma and a much larger town of another country: a part of that town
    text = "Traders in Eastleigh, Nairobi closed their shops after a grenade attack."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Eastleigh"].geonameid is None and ps["Eastleigh"].country == "KEN"
    assert near(ps["Eastleigh"], -1.28, 36.82, 30)  # at Nairobi, not in Hampshire
    # a name typed as an estate, then "in" its town
    text = "A man was beaten by a mob at Dallas estate in Embu town on Sunday."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Dallas"].country == "KEN"
    # two cities side by side, and a fronted place phrase, are no part and whole
    text = "In Nairobi, London officials said the talks had failed."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Nairobi"].country == "KEN" and ps["London"].country == "GBR"
    text = "Springfield, Illinois police said the suspect had fled."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Springfield"].admin1 == "Illinois"
