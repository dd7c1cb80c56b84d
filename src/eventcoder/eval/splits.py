"""The frozen dev/test split of every gold set (``eval/splits/<set>.json``).

Each set was split ONCE into a dev part (develop, tune, gate) and a test part (report; look
rarely). A split file freezes the test ids, the sha256 of the gold file it was made from and
the counts, so the parts cannot drift when a rule or a file changes: a gold file whose
digest differs from its split's is refused (E014) rather than silently re-split. The rules
that drew each split are recorded in the file (``rule``) and in ``docs/eval.md``; they are
deterministic (a sha256 rank of the item id, or a date cut), so ``scripts/make_splits.py``
reproduces the same files from the same gold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from .base import repo_root

PARTS = ("dev", "test", "all")


def splits_dir() -> Path:
    """``eval/splits`` of the repository."""
    return repo_root() / "eval" / "splits"


@lru_cache(maxsize=32)
def _sha256_cached(path: str, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_file(path: str | Path) -> str:
    """sha256 of a file's bytes (cached per path, size and mtime: the gate asks often)."""
    st = Path(path).stat()
    return _sha256_cached(str(Path(path).resolve()), st.st_size, st.st_mtime)


def ids_digest(ids: Iterable[str]) -> str:
    """sha256 of the sorted ids, one a line: the fingerprint of a part."""
    return hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def rank(key: str) -> float:
    """A stable pseudo-random number in [0, 1) for an id (the first 52 bits of its sha256)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:13], 16) / float(1 << 52)


def pick_test(ids: Sequence[str], fraction: float, salt: str) -> list[str]:
    """The ``round(len(ids) * fraction)`` ids of lowest :func:`rank` — a deterministic draw."""
    uniq = sorted(set(ids))
    n = round(len(uniq) * fraction)
    return sorted(sorted(uniq, key=lambda i: rank(f"{salt}:{i}"))[:n])


@dataclass(frozen=True, slots=True)
class Split:
    """One frozen split as stored in ``eval/splits/<name>.json``."""

    name: str
    file: str
    gold_sha256: str
    test_ids: frozenset[str]
    counts: dict[str, int]
    rule: str
    ids_sha256: str

    def keep(self, part: str) -> Any:
        """The id predicate of ``part`` (None for ``all``: nothing is filtered)."""
        if part == "all":
            return None
        if part == "test":
            return self.test_ids.__contains__
        return lambda i: i not in self.test_ids

    def check(self, path: Path) -> None:
        """Raise E014 when ``path`` is not the gold file this split was made from."""
        found = sha256_file(path)
        if found != self.gold_sha256:
            raise ConfigError("E014", path=str(path), split=self.name, found=found[:16], expected=self.gold_sha256[:16])

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "file": self.file,
            "gold_sha256": self.gold_sha256,
            "rule": self.rule,
            "counts": self.counts,
            "test_ids_sha256": self.ids_sha256,
            "test_ids": sorted(self.test_ids),
        }


def load_split(name: str, directory: Path | None = None) -> Split | None:
    """The split named ``name`` (None when there is none); its ids digest is verified."""
    p = (directory or splits_dir()) / f"{name}.json"
    if not p.is_file():
        return None
    d = json.loads(p.read_text("utf-8"))
    ids = frozenset(str(i) for i in d["test_ids"])
    if ids_digest(ids) != d["test_ids_sha256"]:
        raise ConfigError("E017", path=str(p), found=ids_digest(ids)[:16], expected=d["test_ids_sha256"][:16])
    return Split(d["set"], d["file"], d["gold_sha256"], ids, dict(d["counts"]), d["rule"], d["test_ids_sha256"])


def all_splits(directory: Path | None = None) -> dict[str, Split]:
    """Every frozen split, by name."""
    d = directory or splits_dir()
    out = {}
    for p in sorted(d.glob("*.json")) if d.is_dir() else ():
        s = load_split(p.stem, d)
        if s is not None:
            out[p.stem] = s
    return out


def split_for_file(path: Path) -> Split | None:
    """The split made from exactly this file's bytes (a ``--path`` copy of a bench file)."""
    digest = sha256_file(path)
    for s in all_splits().values():
        if s.gold_sha256 == digest:
            return s
    return None


def make_split(name: str, file: str, gold: Path, all_ids: Sequence[str], test_ids: Iterable[str], rule: str) -> Split:
    """A new split record (not written: ``scripts/make_splits.py`` writes it once)."""
    uniq = set(all_ids)
    test = frozenset(test_ids) & uniq
    counts = {"all": len(uniq), "dev": len(uniq - test), "test": len(test)}
    return Split(name, file, sha256_file(gold), test, counts, rule, ids_digest(test))


def check_part(part: str | None) -> str | None:
    """Validate a ``--part`` value (None: the default, decided by whether a split exists)."""
    if part is not None and part not in PARTS:
        raise UsageError("E006", name=f"--part {part}", choices=", ".join(PARTS))
    return part


__all__ = [
    "PARTS",
    "Split",
    "all_splits",
    "check_part",
    "ids_digest",
    "load_split",
    "make_split",
    "pick_test",
    "rank",
    "sha256_file",
    "split_for_file",
    "splits_dir",
]
