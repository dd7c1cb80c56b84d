"""Locating: unknown names, the article's focus, event locations."""

from __future__ import annotations

from eventcoder.geo import Geoparser


def test_facility_inherits_the_place_around_it(gp, nlp, near):
    text = "A man was shot in Chicago late on Sunday. Doctors at Northwestern Memorial Hospital could not save him."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    hosp = ps.get("Northwestern Memorial Hospital")
    assert hosp is not None and hosp.geonameid is None and hosp.score <= 0.1
    assert near(hosp, 41.85, -87.65, 50)


def test_facility_named_after_a_far_place(gp, nlp, near):
    text = (
        "Residents of Fresno, California, gathered on Tuesday. "
        "They met at Carnegie Library. A fire broke out near Hampton Avenue."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    for name in ("Carnegie Library", "Hampton Avenue"):  # in Fresno, not Carnegie PA
        assert ps[name].geonameid is None and near(ps[name], 36.75, -119.77, 50)


def test_unknown_place_takes_the_hinted_country_when_nothing_resolves(gp, nlp):
    text = "In Kayole, traders marched against plans to close their market."
    (k,) = [p for p in gp.find_in_text(text, nlp) if p.text == "Kayole"]
    assert k.geonameid is None and k.lat is None  # nothing to place it by
    (k,) = [p for p in gp.find_in_text(text, nlp, country_hints=["KEN"]) if p.text == "Kayole"]
    assert k.geonameid is None and k.country == "KEN" and k.score <= 0.1


def test_unknown_names_take_the_place_after_them_or_the_main_country(gp, nlp):
    text = (
        "Tunisia said troops fought militants in Tunis and Sfax. The minister flew to "
        "Brussels on Monday. Soldiers later searched Mount Chaambi, Kasserine, for a week."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    m = ps["Mount Chaambi"]
    assert m.geonameid is None and m.country == "TUN"  # not at Brussels


def test_event_location_convention(gp, nlp):
    # a macro-region is backdrop, not the place the event is attached to
    doc = nlp("Militants attacked a convoy in the Middle East on Sunday.")
    ps = gp.find(doc.text, [doc], [0])
    loc = gp.event_location(doc, 0, 1, ps)
    assert loc is None or loc.basis != "trigger"
    # a place in the trigger's own clause through "of" counts
    doc = nlp("Some 700 residents of the resort of Sharm el-Sheikh demonstrated on Sunday.")
    ps = gp.find(doc.text, [doc], [0])
    trig = next(t.i for t in doc if t.text == "demonstrated")
    loc = gp.event_location(doc, 0, trig, ps)
    assert loc is not None and loc.text == "Sharm el-Sheikh" and loc.basis == "trigger"


def test_event_location_model_and_rule_fallback(gp, nlp):
    from eventcoder.geo.event_model import MODEL_PATH, EventLocationModel, default_model

    assert MODEL_PATH.is_file() and default_model() is not None
    meta = EventLocationModel.load().meta
    assert meta["licence"] == "MIT" and "444a2dfa" in meta["commit"]
    doc = nlp("Two soldiers were killed in an attack in Saraqeb on Monday.")
    ps = gp.find(doc.text, [doc], [0])
    trig = next(t.i for t in doc if t.text == "killed")
    opts, cand, none = gp.event_options(doc, 0, trig, ps)
    assert [o[0].text for o in opts] == ["Saraqeb"] and len(cand) == 1 and none
    loc = gp.event_location(doc, 0, trig, ps)
    assert loc is not None and loc.text == "Saraqeb" and loc.basis == "trigger"
    rules = Geoparser(gazetteer=gp.gaz)
    rules.use_model = False  # the rule-based path (no model file) still works
    loc = rules.event_location(doc, 0, trig, ps)
    assert loc is not None and loc.text == "Saraqeb" and loc.basis == "trigger"


def test_specificity_and_main_countries():
    from eventcoder.geo.locate import is_macro, main_countries, specificity
    from eventcoder.records import Place

    town = Place("Homs", 0, 4, geonameid=1, country="SYR", feature="P.PPL", score=1.0)
    country = Place("Iraq", 10, 14, geonameid=2, country="IRQ", feature="A.PCLI", score=1.0)
    region = Place("Middle East", 20, 31, geonameid=3, feature="L.RGN", score=1.0)
    assert specificity(town) > specificity(country) > specificity(region)
    assert is_macro(region) and not is_macro(town)
    assert main_countries([town, town, country]) == ["SYR", "IRQ"]
    actor = Place("Iraq", 40, 44, geonameid=2, country="IRQ", feature="A.PCLI", role="actor")
    assert main_countries([actor]) == ["IRQ"]


def test_focus_is_returned_to_the_caller(gp, parse):
    from eventcoder.geo.locate import article_focus

    text = "In Kayole, traders marched against plans to close their market."
    ms = gp.mentions(text, *parse(text))
    assert article_focus(gp.gaz, ms, ["KE"]) == gp.gaz.countries["KE"][1]
    assert article_focus(gp.gaz, ms, []) is None


def _locate(gp, parse, text: str, trigger: str):
    """The event location of the sentence holding ``trigger``, as the pipeline asks for it."""
    docs, offs = parse(text)
    ps = gp.find(text, docs, offs)
    (k,) = [k for k, d in enumerate(docs) if any(t.text == trigger for t in d)]
    trig = next(t.i for t in docs[k] if t.text == trigger)
    return gp.event_location(docs[k], offs[k], trig, ps, text)


def test_unplaced_event_takes_its_paragraph_place(gp, parse):
    text = (
        "A parcel bomb exploded in Lyon on Friday. Thirteen people were hurt.\n"
        "In Strasbourg, police raided a flat on Monday. Two men were detained.\n"
        "Ministers met in Paris on Tuesday to discuss security."
    )
    loc = _locate(gp, parse, text, "detained")
    assert loc is not None and loc.text == "Strasbourg" and loc.basis == "article"
    assert loc.precision == "point"


def test_the_scene_goes_on_across_headings_and_captions(gp, parse):
    # a report of several scenes: a subheading and a caption line between two paragraphs
    # are no step back of the narrative; the scene named in the paragraph before them holds
    text = (
        "A parcel bomb exploded in Lyon on Friday. Lyon police closed the street.\n"
        "Soldiers were sent to guard the square\n"
        "Calls for calm\n"
        "A witness said she heard a loud bang and then saw smoke. Nobody was killed.\n"
        "Strasbourg police raided a flat on Monday. Strasbourg was calm.\n"
        "Ministers met in Paris on Tuesday. Paris police stayed on alert."
    )
    loc = _locate(gp, parse, text, "heard")
    assert loc is not None and loc.text == "Lyon" and loc.basis == "article"
    # a paragraph of the narrative between them is a step: no place is carried over it
    text = text.replace("Calls for calm\n", "Officials gave no details of the device on Saturday.\n")
    assert _locate(gp, parse, text, "heard") is None


def test_is_heading():
    from eventcoder.geo.locate import _is_heading

    assert _is_heading("Calls for calm") and _is_heading("Soldiers were sent to guard the square")
    assert not _is_heading("Nobody was killed.") and not _is_heading("")
    assert not _is_heading(" ".join(["word"] * 20))  # a long line is a paragraph


def test_article_place_only_when_the_article_has_one_scene(gp, parse):
    # one scene: the event is plausibly there
    text = (
        "A suicide bomber struck a market in Kabul on Sunday. Kabul police sealed the area.\n"
        "Officials said two suspects were detained."
    )
    loc = _locate(gp, parse, text, "detained")
    assert loc is not None and loc.text == "Kabul" and loc.basis == "article"
    # three cities named alike: no main place to give an unplaced event
    text = (
        "Officials said two suspects were detained.\n"
        "A parcel bomb exploded in Lyon on Friday. Lyon police closed the street.\n"
        "Strasbourg police raided a flat on Monday. Strasbourg was calm.\n"
        "Ministers met in Paris on Tuesday. Paris police stayed on alert."
    )
    assert _locate(gp, parse, text, "detained") is None


def test_unknown_name_is_held_by_the_country_after_it(gp, nlp):
    text = (
        "Talks on Syria resumed in Geneva on Tuesday. Thousands of women live in the "
        "al-Hol camp in north-east Syria."
    )
    (hol,) = [p for p in gp.find_in_text(text, nlp) if "Hol" in p.text]
    assert hol.country == "SYR"  # not at Geneva, the local place before it


def test_a_campus_in_a_state_holds_its_name(gp, nlp):
    # "Los Andes" is a Chilean town; a campus "in <Venezuelan state>" is no Chilean town
    text = "Students clashed with police at the Universidad de Los Andes campus in Merida state on Tuesday."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Los Andes"].country == "VEN" and ps["Los Andes"].geonameid is None
    assert ps["Merida"].country == "VEN"
