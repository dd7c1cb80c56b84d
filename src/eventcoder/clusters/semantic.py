"""What a mention means, as static word vectors: its trigger, its sentence, its arguments.

Two reports of one incident often name it with different words ("shooting"/"gunfire",
"hit"/"strike", "quake"/"earthquake") that neither the stem, the head key nor a prior
learned on training topics joins; two incidents of one kind share the word and differ in
their participants. The shipped static vectors (:mod:`eventcoder.vectors`) give both a
graded similarity that needs no parse and no training topic.

:class:`MentionVectors` computes each mention's vectors ONCE (the pair features then take
dot products of 64-float rows): the head word of its trigger, the whole trigger phrase, the
content words of its sentence, its argument words by kind (participants, places, times,
speakers)
and each argument word on its own (for the best match of one trigger among the other
mention's arguments). A missing vector is a zero row, so its cosines are 0 (unknown), as
for every other feature of the pair model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .. import vectors

if TYPE_CHECKING:
    from .features import EventViews


#: head words at least this close name one kind of event ("attack"/"assault" 0.56,
#: "killed"/"died" 0.75; "arrested"/"killed" about 0)
CLOSE = 0.5


_EDGE = ".,;:!?'\"()[]{}‘’“”"


def _content(words: list[str]) -> list[str]:
    """The content words, punctuation stripped from their edges ("said," is "said": fewer
    distinct words to tokenise, and commas carry no meaning)."""
    out = []
    for w in words:
        w = w.strip(_EDGE)
        if w and w.lower() not in ENGLISH_STOP_WORDS and any(c.isalnum() for c in w):
            out.append(w)
    return out


def head_word(trigger: str) -> str:
    """The trigger's head, as :func:`arguments.head_key` takes it (its last content word)."""
    parts = trigger.lower().strip(" .,;:'\"").split()
    content = _content(parts)
    return (content or parts or [""])[-1]


class MentionVectors:
    """Unit vectors per mention row (zero rows where a mention has nothing to embed)."""

    def __init__(self, views: EventViews, wv: vectors.WordVectors | None = None) -> None:
        wv = wv or vectors.load()
        n, d = len(views), wv.dims
        self.head = np.zeros((n, d), dtype=np.float32)
        self.trigger = np.zeros((n, d), dtype=np.float32)
        self.sentence = np.zeros((n, d), dtype=np.float32)
        self.participants = np.zeros((n, d), dtype=np.float32)
        self.places = np.zeros((n, d), dtype=np.float32)
        self.times = np.zeros((n, d), dtype=np.float32)
        self.speakers = np.zeros((n, d), dtype=np.float32)
        arg_rows: list[np.ndarray] = []
        arg_owner: list[int] = []
        sent_cache: dict[str, np.ndarray | None] = {}
        for i in range(n):
            trig = views.triggers[i] if views.triggers else ""
            _put(self.head, i, wv.word(head_word(trig)))
            _put(self.trigger, i, wv.text(_content(trig.lower().split()) or trig.lower().split()))
            s = views.sentences[i]
            if s not in sent_cache:
                sent_cache[s] = wv.text(_content(s.split()))
            _put(self.sentence, i, sent_cache[s])
            a = views.args[i]
            _put(self.participants, i, wv.text(sorted(a.participants)))
            _put(self.places, i, wv.text(sorted(a.places)))
            _put(self.times, i, wv.text(sorted(a.times)))
            if a.speakers:
                _put(self.speakers, i, wv.text(sorted(a.speakers)))
            for w in sorted(a.participants | a.places):
                v = wv.word(w)
                if v is not None:
                    arg_rows.append(v)
                    arg_owner.append(i)
        # every argument word's vector, grouped by the mention that owns it
        self.args = np.array(arg_rows, dtype=np.float32).reshape(-1, d)
        owner = np.array(arg_owner, dtype=np.int64)
        self.arg_start = np.searchsorted(owner, np.arange(n), side="left")
        self.arg_end = np.searchsorted(owner, np.arange(n), side="right")

    def best_arg(self, vec: np.ndarray, js: np.ndarray) -> np.ndarray:
        """For each mention ``j`` of ``js``, the highest cosine of ``vec`` to one of j's
        argument words (0 when j has none)."""
        out = np.zeros(len(js), dtype=np.float32)
        if not len(self.args):
            return out
        starts, ends = self.arg_start[js], self.arg_end[js]
        has = np.flatnonzero(ends > starts)
        if not len(has):
            return out
        # gather the argument rows of the mentions that have some, then one max per mention
        idx = np.concatenate([np.arange(starts[k], ends[k]) for k in has])
        sims = self.args[idx] @ vec
        bounds = np.concatenate([[0], np.cumsum(ends[has] - starts[has])[:-1]])
        out[has] = np.maximum.reduceat(sims, bounds)
        return out


    def neighbourhood(self, article: list[str], blocks: dict[str, list[int]], close: float = CLOSE, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
        """Per mention, over the mentions of the OTHER articles of its block: the highest
        cosine of their head words to its own (0 when it stands alone), and the share of
        those articles with a head word at least ``close`` to it. Computed in row chunks (one
        ``chunk`` x block matrix at a time, so a big story needs no n² matrix)."""
        n = len(article)
        near = np.zeros(n, dtype=np.float32)
        share = np.zeros(n, dtype=np.float32)
        for rows in blocks.values():
            r = np.array(rows, dtype=np.int64)
            names = sorted({article[k] for k in rows})
            if len(names) < 2:
                continue
            pos = {a: k for k, a in enumerate(names)}
            art = np.array([pos[article[k]] for k in rows], dtype=np.int64)
            H = self.head[r]
            for s in range(0, len(r), chunk):
                G = H[s : s + chunk] @ H.T
                G[art[s : s + chunk, None] == art[None, :]] = -1.0
                near[r[s : s + chunk]] = np.maximum(G.max(axis=1), 0.0)
                # articles with a close head word: a (chunk x articles) hit table
                hits = np.zeros((G.shape[0], len(names)), dtype=bool)
                rr, cc = np.nonzero(G >= close)
                hits[rr, art[cc]] = True
                share[r[s : s + chunk]] = hits.sum(axis=1) / (len(names) - 1)
        return near, share


def _put(m: np.ndarray, i: int, v: np.ndarray | None) -> None:
    if v is not None:
        m[i] = v


__all__ = ["MentionVectors", "head_word"]
