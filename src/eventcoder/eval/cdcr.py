"""Cross-document coreference evaluation: what ``eval ecbplus`` and ``eval gvc`` share.

Both score documents grouped into stories (B-cubed of the predicted ``story_id`` against a
gold grouping: ECB+ sub-topics, GVC incidents) and, where the gold set has them, event
mentions clustered inside those stories (MUC, B-cubed, CEAF-e, CoNLL F1). The stories are
built here exactly as the product builds them (:func:`eventcoder.clusters.text.story_vectors`,
:meth:`eventcoder.clusters.stories.Stories.assign_batch`, IDF from the part's documents) and
every score is reported under the same keys, so the two sets differ only in how they read
their gold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..clusters.events import EventClusters, PairModel
from ..clusters.features import EventViews
from ..clusters.stories import Stories
from ..clusters.text import DocFreq, story_vectors
from . import coref
from .coref import Clustering


def stories_of(docs: Sequence[dict[str, Any]], date_key: str | None = None) -> tuple[dict[str, str], DocFreq, int]:
    """(story of each document, the document frequencies, stories compared). Documents are
    dicts with ``doc_id`` and ``text`` (and a publication date under ``date_key``)."""
    df = DocFreq()
    vecs = story_vectors(df, [d["text"] for d in docs])
    st = Stories()
    story = st.assign_batch([d["doc_id"] for d in docs], vecs, [d.get(date_key) if date_key else None for d in docs])
    return story, df, st.compared


def document_scores(prefix: str, gold: Clustering, pred: Clustering, count_key: str) -> dict[str, Any]:
    """B-cubed P/R/F1 of a document grouping (``{prefix}_bcubed_*``) and its group count."""
    out: dict[str, Any] = coref.prf(f"{prefix}_bcubed", *coref.bcubed(gold, pred))
    out[count_key] = len(set(pred.values()))
    return out


def cluster_mentions(views: EventViews, pf: Any, block_of: Callable[[int], str], model: PairModel, threshold: float | None = None) -> dict[str, str]:
    """The product's event clustering over gold mentions (every candidate compared)."""
    ec = EventClusters(model, threshold=threshold, max_candidates=10_000, max_members=10_000)
    got = ec.assign_all(pf, list(range(len(views))), [block_of(i) for i in range(len(views))])
    return {views.ids[i]: got[i] for i in range(len(views))}


def lemma_baseline(views: EventViews, block_of: Callable[[int], str]) -> dict[str, str]:
    """Mentions with the same trigger stem inside one story corefer (the usual baseline)."""
    return {views.ids[i]: f"{block_of(i)}:{views.stems[i]}" for i in range(len(views))}


def mention_scores(gold: Clustering, pred: Clustering, baselines: dict[str, Clustering] | None = None) -> dict[str, Any]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 of a mention clustering, its cluster count and the
    CoNLL F1 of each baseline (``{name}_conll_f1``)."""
    out: dict[str, Any] = {"mentions": len(gold), "gold_chains": len(set(gold.values()))}
    out.update(coref.conll(gold, pred))
    out["clusters"] = len(set(pred.values()))
    for name, b in (baselines or {}).items():
        out[f"{name}_conll_f1"] = coref.conll(gold, b)["conll_f1"]
    return out


__all__ = ["cluster_mentions", "document_scores", "lemma_baseline", "mention_scores", "stories_of"]
