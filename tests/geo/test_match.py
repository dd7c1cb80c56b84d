"""The gazetteer phrase matcher: leftmost-longest names, glued spellings, "the"."""

from __future__ import annotations

from eventcoder.geo.match import gap_ok, match, tokens


def test_leftmost_longest_and_the_article(gp):
    text = "Talks in the Middle East and in New York City ended."
    found = [(text[m.start : m.end], m.key) for m in match(gp.gaz, text)]
    assert ("Middle East", "middle east") in found  # "the" is not part of the toponym
    assert any(s.startswith("New York") for s, _ in found)
    assert not any(s == "York" for s, _ in found)


def test_glued_spellings_and_capitals(gp):
    # a spelling written in two words matches the glued gazetteer name
    (m,) = [m for m in match(gp.gaz, "Shelling hit Abu Kamal again.") if m.key.startswith("abu")]
    assert m.key in ("abu kamal", "abukamal")
    # all capitals are noted (datelines, acronyms)
    (m,) = match(gp.gaz, "ALEPPO, Syria")[:1]
    assert m.all_caps and m.key == "aleppo"


def test_the_da_vinci_code_does_not_crash(gp, nlp):
    # "The Da" read glued is an alternate name of a town; a glued match has no "the" to
    # strip, which crashed the matcher
    text = "The Da Vinci Code was filmed in Paris."
    assert [p.text for p in gp.find(text)] == ["Paris"]
    assert [p.text for p in gp.find_in_text(text, nlp)] == ["Paris"]
    assert not any(m.key == "theda" for m in match(gp.gaz, "The Da Vinci story"))


def test_tokens_and_gaps():
    assert [t[2] for t in tokens("Deir ez-Zor’s port")] == ["deir", "ez", "zor", "s", "port"]
    assert gap_ok("Deir ez-Zor", 7, 8) and gap_ok("A B", 1, 2)
    assert not gap_ok("A\nB", 1, 2) and not gap_ok("A  ,  B", 1, 6)


def test_text_words_is_tokens_and_the_lower_case_words_in_one_scan():
    # what recognition reads from one scan: the matcher's words and the article's lower-case
    # words, every run of WORD counted for the latter whatever its gazetteer key
    from eventcoder.geo.match import text_words
    from eventcoder.geo.words import WORD

    text = "Rebels shelled the town of Deir ez-Zor’s port; ²officials in Élysée said ﬁve died."
    toks, lower = text_words(text)
    assert toks == tokens(text)
    assert lower == {w for w in WORD.findall(text) if w.islower()}
    assert "shelled" in lower and "Rebels" not in lower and "ez" in lower
