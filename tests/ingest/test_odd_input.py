"""Odd but readable input, read as a careful user expects (issue 15, item 7)."""

from __future__ import annotations

from eventcoder.clean import clean
from eventcoder.ingest import read
from eventcoder.records import Quarantine, RawRecord


def _items(*paths, **kw):
    return list(read([str(p) for p in paths], **kw))


def test_unterminated_csv_quote_loses_no_good_row(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text(
        "title,text\n"
        'A,"Troops shelled a village near the border, officials said."\n'
        'B,"This row opens a quote and never closes it\n'
        'C,"Protesters blocked a highway outside the capital."\n'
        'D,"Police detained two journalists, their newspaper said."\n'
    )
    items = _items(p)
    assert [type(i).__name__ for i in items] == ["RawRecord", "Quarantine", "RawRecord", "RawRecord"]
    assert [i.title for i in items if isinstance(i, RawRecord)] == ["A", "C", "D"]
    assert items[1].code == "E110" and items[1].origin.line == 3
    assert items[2].text == "Protesters blocked a highway outside the capital."


def test_unterminated_quote_at_the_end_and_multiline_fields_still_read(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text(
        'title,text\nA,"First paragraph of a story.\n\nSecond paragraph, after a blank line."\n'
        'B,"the quote that never ends\nC,Rebels ambushed a convoy on the northern road.\n'
    )
    a, q, c = _items(p)
    assert a.text == "First paragraph of a story.\n\nSecond paragraph, after a blank line."
    assert isinstance(q, Quarantine) and q.origin.line == 5
    assert c.title == "C" and c.text.startswith("Rebels ambushed")


def test_seed_with_leading_blank_lines(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text('\n\n  \nArmy retakes the town\nSome Agency\n["africa"]\nThe army retook the town on Sunday.\n')
    (rec,) = _items(p)
    assert (rec.title, rec.source, rec.tags) == ("Army retakes the town", "Some Agency", ["africa"])
    assert rec.text.strip() == "The army retook the town on Sunday." and "blank line" in rec.warnings[0]


def test_debris_only_file_is_not_an_article_titled_share(tmp_path, pipeline):
    p = tmp_path / "share.txt"
    p.write_text("Share\n\nShare this with\nEmail\nFacebook\nTwitter\nWhatsApp\nCopy this link\n")
    (rec,) = _items(p)
    out = pipeline.prepare(rec)
    assert type(out).__name__ == "Skip" and out.reason == "no text after cleaning"
    assert out.article.title is None and "only page debris" in " ".join(out.article.warnings)


def test_a_short_story_under_share_buttons_is_kept():
    rec = RawRecord(text="Share\nCopied\nRebels attacked village 12.\n", origin=_o(), title="Share")
    art = clean(rec)
    assert art.text == "Rebels attacked village 12." and art.language in (None, "en")


def test_declared_windows_1251_is_honoured(tmp_path):
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><article>'
        "<p>Полиция задержала двадцать три человека в Москве во вторник вечером.</p>"
        "<p>Демонстранты шли по центру города, сообщили свидетели.</p></article></body></html>"
    )
    p = tmp_path / "ru.html"
    p.write_bytes(html.encode("cp1251"))  # as cp1252 these bytes decode without error, into mojibake
    (rec,) = _items(p)
    assert "Полиция задержала" in rec.text


def test_undeclared_cyrillic_single_byte_is_guessed_with_a_warning(tmp_path):
    p = tmp_path / "ru.txt"
    p.write_bytes(("Полиция задержала двадцать три человека в Москве во вторник. " * 5).encode("cp1251"))
    (rec,) = _items(p)
    assert "Полиция" in rec.text and any("not UTF-8" in w for w in rec.warnings)


def test_mixed_encodings_each_line_decoded(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("Protesters gathered in São Paulo on Monday.\n".encode() + "Police said the café was closed.\n".encode("cp1252"))
    (rec,) = _items(p)
    assert "São Paulo" in rec.text and "café" in rec.text
    assert any("mixed encodings: 1 line" in w for w in rec.warnings)


def test_mojibake_is_kept_with_a_warning(tmp_path):
    p = tmp_path / "moji.txt"
    p.write_text("The cafÃ© owners protested in SÃ£o Paulo; the mayorâ€™s office said nothing.\n")
    (rec,) = _items(p)
    assert any("mojibake" in w for w in rec.warnings)


def test_nul_and_bidi_overrides_are_removed_with_warnings(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"title": "Clashes\\u202e in the north", "text": "Rebels\\u0000 attacked a \\u202egnol convoy\\u202c near Gao."}\n')
    (rec,) = _items(p)
    art = clean(rec)
    assert art.text == "Rebels attacked a gnol convoy near Gao." and art.title == "Clashes in the north"
    assert any("NUL" in w for w in art.warnings) and any("bidirectional" in w for w in art.warnings)


def test_a_few_nul_bytes_do_not_make_a_text_file_binary(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Police arrested ten people in Kabul on Monday.\x00\nThe arrests followed a protest.\n")
    (rec,) = _items(p)
    assert "\x00" not in clean(rec).text


def test_short_english_items_are_not_another_language(pipeline):
    for text in ("Rebels attacked village 12.", "Troops shelled Kako.", "Gunmen killed 3 in Jos."):
        out = pipeline.prepare(RawRecord(text=text, origin=_o()))
        assert type(out).__name__ == "Article", (text, getattr(out, "reason", None))
    # a short text in another language is still recognised when the identifier is sure
    out = pipeline.prepare(RawRecord(text="Les rebelles ont attaqué le village hier soir.", origin=_o()))
    assert type(out).__name__ == "Skip" and out.reason == "language: fr"


def _o():
    from eventcoder.records import Origin

    return Origin("t")
