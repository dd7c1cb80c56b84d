"""The vectorised byte walk gives py3langid's scores bit for bit (``eventcoder.langid``)."""

from __future__ import annotations

import random

import pytest

np = pytest.importorskip("numpy")
langid = pytest.importorskip("py3langid.langid")

from eventcoder.langid import identifier_class, walk_states  # noqa: E402

TEXTS = [
    "Militants stormed a checkpoint near the provincial capital overnight, officials said.",
    "Les manifestants se sont rassemblés devant le parlement mardi soir pour protester.",
    "Die Regierung kündigte am Montag neue Sanktionen gegen die Rebellen an.",
    "Los soldados detuvieron a tres sospechosos cerca de la frontera el domingo.",
    "Полиция задержала десятки участников акции протеста в центре города.",
    "المتظاهرون تجمعوا أمام البرلمان مساء الثلاثاء",
    "警方周二在首都逮捕了数十名抗议者。",
    "Rebels attacked village 12.",
    "SHOUTED HEADLINE IN CAPITALS ABOUT A STRIKE",
    "", "a", "ab", "abcdef", " ", "\n\n", "12345",
]


@pytest.fixture(scope="module")
def pair():
    slow = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    fast = identifier_class()(slow.nb_ptc, slow.nb_pc, slow.nb_classes, slow.tk_nextmove, slow.tk_output,
                              norm_probs=True, tk_row=slow.tk_row)
    return slow, fast


def _random_texts(n: int) -> list[str | bytes]:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz éèüößçñ абвгдежз 中文日本語 العربية ελληνικά 0123.,!?\n"
    out: list[str | bytes] = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(n)]
    out += [bytes(rng.randrange(256) for _ in range(rng.randint(0, 200))) for _ in range(n // 4)]
    return out


def test_same_scores_and_decisions(pair):
    slow, fast = pair
    for text in TEXTS + [t * 3 for t in TEXTS] + _random_texts(400):
        assert fast._decide(text).tobytes() == slow._decide(text).tobytes(), text
        assert fast.classify(text) == slow.classify(text)
    assert fast.rank(TEXTS[1]) == slow.rank(TEXTS[1])


def test_walk_states_are_the_python_walk(pair):
    slow, fast = pair
    rowbase = [r << 8 for r in slow.tk_row]
    for text in TEXTS + _random_texts(50):
        data = slow._encode(text)
        if not data:
            continue
        states = walk_states(fast._np_nextmove, fast._np_rowbase, np.frombuffer(data, dtype=np.uint8))
        state, expected = 0, []
        for byte in data:
            state = slow.tk_nextmove[rowbase[state] + byte]
            expected.append(state)
        assert states is not None and states.tolist() == expected


def test_a_window_too_short_is_detected_and_walked_the_slow_way(pair, monkeypatch):
    slow, fast = pair
    data = np.frombuffer(TEXTS[0].encode(), dtype=np.uint8)
    assert walk_states(fast._np_nextmove, fast._np_rowbase, data, window=1) is None
    import eventcoder.langid as mod

    monkeypatch.setattr(mod, "WINDOW", 1)
    monkeypatch.setattr(mod, "walk_states", lambda nm, rb, d, window=1: walk_states(nm, rb, d, window))
    assert fast._decide(TEXTS[0]).tobytes() == slow._decide(TEXTS[0]).tobytes()


def test_any_text_scores_the_same(pair):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    slow, fast = pair

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120), st.binary(max_size=120)))
    def check(text):
        assert fast._decide(text).tobytes() == slow._decide(text).tobytes()

    check()
