"""Event clusters: events reporting the same real-world event share a ``cluster_id``.

A :class:`PairModel` (logistic regression over :data:`features.FEATURES`, trained by
``scripts/train_event_clusters.py``, weights and provenance in ``data/models/``) gives the
probability that two event mentions corefer. :class:`EventClusters` assigns events online,
in a fixed order, inside blocks (a story): an event joins the candidate cluster of highest
mean probability over (a bounded sample of) its members when that reaches the model's
threshold (a block's new events taken most connected first, :meth:`EventClusters.order`), else founds a cluster whose id is a hash of its first event. A reporting mention
("said", "reported") whose speaker is known joins only a cluster in which its speaker is
named (:meth:`features.PairFeatures.speaker_named`). The same procedure
serves a whole corpus and an incremental run, which only loads the clusters of the stories
its new articles joined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..records import content_hash
from .features import CANNOT, FEATURES, MUST, KeyPrior, PairFeatures, constraints

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "event_clusters.json"


@dataclass(frozen=True)
class PairModel:
    """Standardised logistic regression: p = sigmoid(((x - mean) / scale) . coef + b)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: dict
    #: the learned coreference rate of two head keys (``key_prior``); None: the base rate 0
    prior: KeyPrior | None = None

    def prob(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def load(cls, path: str | Path | None = None) -> PairModel:
        p = Path(path) if path else MODEL_PATH
        try:
            d = json.loads(Path(p).read_text("utf-8"))
            if tuple(d["features"]) != FEATURES:
                raise ValueError(f"features {d['features']} differ from the code's {list(FEATURES)}")
            return cls(
                np.array(d["mean"], dtype=np.float64),
                np.array(d["scale"], dtype=np.float64),
                np.array(d["coef"], dtype=np.float64),
                float(d["intercept"]),
                float(d["threshold"]),
                {k: v for k, v in d.items() if k not in ("mean", "scale", "coef", "key_prior")},
                KeyPrior.from_json(d["key_prior"]) if d.get("key_prior") else None,
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ConfigError("E401", path=str(p), reason=str(err)) from None

    def to_json(self, **meta: object) -> dict:
        return {
            "features": list(FEATURES),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
            **meta,
            **({"key_prior": self.prior.to_json()} if self.prior is not None else {}),
        }


#: the most rows of one block each new event is compared with to order the block
#: (:meth:`EventClusters.order`); a larger block is ordered against an evenly spaced sample
ORDER_SAMPLE = 400


def cluster_id_of(event_id: str) -> str:
    """A cluster's id: a hash of the event that founded it (stable while that event stays)."""
    return "c" + content_hash("cluster", event_id)[:15]


class EventClusters:
    """Online average-link clustering of event rows of one :class:`PairFeatures`."""

    def __init__(self, model: PairModel, threshold: float | None = None, max_candidates: int = 40, max_members: int = 8) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.max_candidates = max_candidates
        self.max_members = max_members
        self.members: dict[str, list[int]] = {}
        self.blocks: dict[str, list[str]] = {}
        self.pairs_scored = 0

    def seed(self, cid: str, rows: list[int], block: str) -> None:
        """Restore a stored cluster (incremental runs)."""
        if cid not in self.members:
            self.members[cid] = []
            self.blocks.setdefault(block, []).append(cid)
        self.members[cid].extend(rows)

    def _sample(self, rows: list[int]) -> list[int]:
        if len(rows) <= self.max_members:
            return rows
        half = self.max_members // 2
        return rows[:half] + rows[-half:]

    def order(self, pf: PairFeatures, rows: list[int], sample: int = ORDER_SAMPLE) -> list[int]:
        """``rows`` (new events of one block), most connected first: by how many of the
        block's other rows (or of an evenly spaced sample of ``sample`` of them, so the cost
        stays linear in a giant story) the model links them to with p >= 0.5; ties keep
        their order. Clusters are then founded by the story's central mentions (its main
        incident, told in most reports) rather than by whichever report came first, whose
        side events ("said", a passing arrest) otherwise seed clusters that later mentions
        chain into. ECB+ dev CoNLL 0.789 -> 0.795 over the articles' order (docs/clusters.md)."""
        if len(rows) < 3:
            return rows
        r = np.array(rows, dtype=np.int64)
        ref = r if len(r) <= sample else r[np.linspace(0, len(r) - 1, sample).astype(np.int64)]
        degree = np.zeros(len(r), dtype=np.int64)
        for k, i in enumerate(r):
            js = ref[ref != i]
            degree[k] = int((self.model.prob(pf.pairs(int(i), js, self.model.prior)) >= 0.5).sum())
            self.pairs_scored += len(js)
        return [rows[k] for k in np.argsort(-degree, kind="stable")]

    def assign_all(self, pf: PairFeatures, rows: list[int], blocks: list[str]) -> dict[int, str]:
        """The cluster of every row of ``rows`` (``blocks[row]`` its story), each block's rows
        assigned in :meth:`order`."""
        by_block: dict[str, list[int]] = {}
        for i in rows:
            by_block.setdefault(blocks[i], []).append(i)
        out: dict[int, str] = {}
        for b, rs in by_block.items():
            for i in self.order(pf, rs):
                out[i] = self.assign(pf, i, b)
        return out

    def assign(self, pf: PairFeatures, i: int, block: str) -> str:
        """The cluster of event row ``i`` in ``block`` (joined or founded)."""
        cands = self.blocks.get(block, [])[-self.max_candidates :]
        best, best_p = None, -1.0
        if cands:
            rows = [self._sample(self.members[c]) for c in cands]
            flat = np.array([r for rs in rows for r in rs], dtype=np.int64)
            p = self.model.prob(pf.pairs(i, flat, self.model.prior))
            link = constraints(pf.v, pf, i, flat)
            p = np.where(link == MUST, 1.0, p)
            self.pairs_scored += len(flat)
            k = 0
            for c, rs in zip(cands, rows, strict=True):
                part = slice(k, k + len(rs))
                k += len(rs)
                if (link[part] == CANNOT).any():
                    continue  # the report itself sets this event apart from a member
                if not pf.speaker_named(i, flat[part]):
                    continue  # a statement of another voice
                m = float(p[part].mean())
                if m > best_p:
                    best, best_p = c, m
        if best is None or best_p < self.threshold:
            best = cluster_id_of(pf.v.ids[i])
            self.members[best] = []
            self.blocks.setdefault(block, []).append(best)
        self.members[best].append(i)
        return best


__all__ = ["MODEL_PATH", "ORDER_SAMPLE", "EventClusters", "PairModel", "cluster_id_of"]
