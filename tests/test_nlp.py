"""nlp: the memoized lemmatizer gives spaCy's own lemmas."""

from __future__ import annotations

import spacy

from eventcoder.nlp import MODEL_CANDIDATES, load_model, memoize_lemmatizer


def _fresh():
    for name in MODEL_CANDIDATES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise AssertionError("no spaCy model installed")


def test_memoized_lemmas_equal_spacys():
    texts = [
        "The protesters were dispersed after they had blocked the roads leading to parliament.",
        "She reads; he read; they are reading the reports the ministers wrote.",
        "Better armed fighters took the best positions and held them for days.",
    ] * 2
    plain = _fresh()
    memo = load_model()
    assert getattr(memo.get_pipe("lemmatizer"), "_eventcoder_memo", False)
    for a, b in zip(plain.pipe(texts), memo.pipe(texts), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_memoize_is_idempotent_and_bounded():
    nlp = _fresh()
    memoize_lemmatizer(nlp, max_entries=5)
    first = nlp.get_pipe("lemmatizer").lemmatize
    memoize_lemmatizer(nlp)
    assert nlp.get_pipe("lemmatizer").lemmatize is first
    doc = nlp("Soldiers were fighting in many villages while talks continued.")
    assert [t.lemma_ for t in doc][:3] == ["soldier", "be", "fight"]


def test_a_clock_time_before_a_weekday_or_time_zone_ends_no_sentence() -> None:
    from eventcoder.nlp import split_sentences

    text = "Shots rang out at about 11:15 p.m. Saturday outside a bar. Officers said one man died."
    assert [s.text for s in split_sentences(text)] == [
        "Shots rang out at about 11:15 p.m. Saturday outside a bar.",
        "Officers said one man died.",
    ]
    assert len(split_sentences("The rally began at 6 a.m. GMT on Sunday. Thousands came.")) == 2
    # before anything else a.m./p.m. may end the sentence
    assert [s.text for s in split_sentences("The shop shut at 8 p.m. Deputies arrived an hour later.")] == [
        "The shop shut at 8 p.m.",
        "Deputies arrived an hour later.",
    ]


def test_entities_added_later_equal_the_full_pipelines() -> None:
    """en_core_web_sm's NER has its own tok2vec: parsed without it, then run alone on some of
    the docs, those docs get exactly the full pipeline's entities (and the same parse)."""
    from eventcoder.nlp import add_entities, entities_separable, has_entities

    nlp = load_model()
    assert entities_separable(nlp)
    texts = [
        "Government troops retook the town of Marib from Houthi fighters on Tuesday, officials in Sanaa said.",
        "The prime minister, Ann Roe, met the French president in Paris to discuss the 2019 accord.",
        "nothing here is capitalised and nobody was hurt.",
        "Two police officers were wounded when protesters stormed the governor's office in Kisumu.",
    ]
    full = list(nlp.pipe(texts))
    part = list(nlp.pipe(texts, disable=["ner"]))
    assert not any(has_entities(d) for d in part)
    add_entities(nlp, [part[0], part[1], part[3]])
    assert [has_entities(d) for d in part] == [True, True, False, True]
    for i in (0, 1, 3):
        assert [(e.start, e.end, e.label_) for e in full[i].ents] == [(e.start, e.end, e.label_) for e in part[i].ents]
        assert [t.ent_type_ for t in full[i]] == [t.ent_type_ for t in part[i]]
    for f, p in zip(full, part, strict=True):
        assert [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in f] == [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in p]
    assert {e.label_ for e in part[0].ents} >= {"GPE", "DATE"}
    add_entities(nlp, [])  # nothing to do is no error


def test_a_model_whose_ner_listens_to_a_shared_tok2vec_is_not_separable() -> None:
    from eventcoder.nlp import entities_separable

    nlp = spacy.blank("en")
    assert not entities_separable(nlp)  # no NER at all
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                         "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
                                         "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}})
    assert not entities_separable(nlp)


def test_compiled_attribute_ruler_sets_the_stock_rulers_attributes() -> None:
    """The attribute ruler's lookup tables give every token the tag, POS, morphology, lemma and
    dependency the stock Matcher-based ruler gives, including its two-token and regex rules
    ("gon na", "y'all", "there is") and its rules on whitespace tokens."""
    from eventcoder.nlp import compile_attribute_ruler

    texts = [
        "Rebels said they had shelled the town, but it was not clear who fired first.",
        "I ain't gonna sign it, y'all know that; let's wait.",
        "There is a curfew here and there were clashes there yesterday.",
        "  She told him  \n\n that we would meet them ourselves.",
        "Who did they blame? Those who did nothing, and anyone who gets paid got off.",
        "You and I saw it; it hit you, not me, said the officer who does the reports.",
    ]
    stock = _fresh()
    fast = _fresh()
    compile_attribute_ruler(fast)
    assert getattr(fast.get_pipe("attribute_ruler"), "_eventcoder_compiled", False)
    compile_attribute_ruler(fast)  # idempotent
    assert getattr(load_model().get_pipe("attribute_ruler"), "_eventcoder_compiled", False)

    def attrs(doc):
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert attrs(a) == attrs(b)
    # the one-text path (nlp(text)) too, and the rules really ran: pronoun lemma and morphology
    doc = fast("They ain't gonna stop.")
    assert attrs(doc) == attrs(stock("They ain't gonna stop."))
    assert doc[0].lemma_ == "they" and doc[0].pos_ == "PRON" and "Case=Nom" in str(doc[0].morph)
    assert [t.lemma_ for t in doc][1:5] == ["be", "not", "go", "to"]


def test_load_models_speed_ups_give_the_stock_models_annotations() -> None:
    """``load_model`` multiplies through numpy's BLAS (not blis), keys the compiled attribute
    ruler by word classes and answers the lemma index from sets: every token of invented news
    sentences gets the stock model's tag, POS, morphology, lemma, head, dependency and entity."""
    from thinc.api import NumpyOps

    texts = [
        "Insurgents ambushed a convoy near Kandahar on Friday, killing four soldiers, officials said.",
        "The striking dockworkers' unions rejected the employers' latest offers and vowed to continue.",
        "Ms Okafor, who chairs the committee, accused the ministry of hiding the audits' findings.",
        "Prices rose sharply as traders feared renewed sanctions; analysts were less worried.",
        "y'all ain't gonna believe what there is in the ransacked warehouses' basements",
    ]
    stock = _fresh()
    fast = load_model()
    ops = [n.ops for _, p in fast.pipeline if hasattr(getattr(p, "model", None), "walk") for n in p.model.walk()]
    assert ops and all(isinstance(o, NumpyOps) and not o.use_blis for o in ops)

    def attrs(doc):
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc]

    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert attrs(a) == attrs(b)


def test_word_list_answers_in_from_a_set_and_stays_a_list() -> None:
    import pickle

    from eventcoder.nlp import _WordList

    words = _WordList(["attack", "protest", "attack"])
    assert "protest" in words and "riot" not in words
    assert words == ["attack", "protest", "attack"] and isinstance(words, list)
    back = pickle.loads(pickle.dumps(words))
    assert "attack" in back and "riot" not in back and back == words


def test_doc_text_is_the_docs_text_built_once() -> None:
    from eventcoder.nlp import doc_text

    doc = load_model()("Police fired tear gas at  protesters outside parliament on Monday.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # kept, not rebuilt
    span = doc[2:5]
    assert doc_text(span) == span.text == "tear gas at"


def test_numpy_blas_is_held_to_one_thread_per_process(monkeypatch) -> None:
    """A worker is one process per core: after ``use_numpy_blas`` numpy's BLAS runs one thread
    (``EVENTCODER_BLAS_THREADS`` chooses another number)."""
    from threadpoolctl import threadpool_info

    from eventcoder.nlp import limit_blas_threads, use_numpy_blas

    nlp = load_model()
    monkeypatch.delenv("EVENTCODER_BLAS_THREADS", raising=False)
    nlp._eventcoder_numpy_blas = False  # run it again, as a fresh load would
    use_numpy_blas(nlp)
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)
    limit_blas_threads(0)  # 0: left as it is
    assert all(i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas")


def test_model_loaded_without_the_default_tokenizer_is_spacys() -> None:
    """``load_spacy`` starts the model's tokenizer empty instead of from the language
    defaults, which ``from_disk`` discards: the same special cases, patterns, strings,
    vocabulary and config as ``spacy.load``, so the same tokens."""
    from eventcoder.nlp import _package_model_dir, load_spacy

    name = next((n for n in MODEL_CANDIDATES if _package_model_dir(n) is not None), None)
    assert name is not None, "no packaged spaCy model installed"
    fast, stock = load_spacy(spacy, name), spacy.load(name)

    def state(nlp):
        tok = nlp.tokenizer
        return (
            sorted(tok.rules.items()),
            [getattr(tok, a).__self__.pattern for a in ("prefix_search", "suffix_search", "infix_finditer", "url_match")],
            tok.token_match,
            tok.faster_heuristics,
            sorted(nlp.vocab.strings),
            len(nlp.vocab),
            nlp.config.to_str(),
        )

    assert state(fast) == state(stock)
    text = "Mr. O'Neill's U.S.-backed group can't meet on 3/4, e.g. at https://example.org/a?b=1 :-) (he said)."
    assert [t.text for t in fast(text)] == [t.text for t in stock(text)]
    assert _package_model_dir("eventcoder") is None  # a package without model data


def test_the_multi_token_rules_matcher_runs_only_where_a_rule_can_open() -> None:
    """``_first_token_gate``: false only for a sentence none of whose tokens can open one of
    the ruler's multi-token rules (a word they start with, a regular expression's word, an
    ``expl``); None — always run the Matcher — when a rule's first token has no such test."""
    from eventcoder.nlp import _first_token_gate

    nlp = load_model()
    strings = nlp.vocab.strings
    gate = _first_token_gate(
        [[{"LOWER": "gon"}, {"LOWER": "na"}], [{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}],
         [{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]],
        strings,
    )
    assert gate is not None
    assert not gate(nlp("Rebels shelled the town on Sunday."))
    assert gate(nlp("We are gon na wait."))
    assert gate(nlp("Y all know it."))  # ("y'all" is one token here: no opener)
    assert gate(nlp("There is a curfew in the city."))
    assert _first_token_gate([[{"LOWER": "a", "OP": "?"}, {"LOWER": "b"}]], strings) is None
    assert _first_token_gate([[{"TAG": "NN"}, {"LOWER": "b"}]], strings) is None
    # the shipped ruler's own rules: every sentence the stock ruler test reads is set the same
    # (test_compiled_attribute_ruler_sets_the_stock_rulers_attributes), and a sentence
    # without an opener gets no Matcher match at all
    ruler = nlp.get_pipe("attribute_ruler")
    assert ruler.match(nlp("Police arrested two men after the protest.")) == []
    assert ruler.match(nlp("I ain't gonna sign it.")) != []
