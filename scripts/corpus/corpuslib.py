"""Shared definitions for the event-detector corpus scripts (vocabularies, loaders).

The closed vocabularies here are the ones docs/codebook.md defines; change both together. The
type -> modes table is not repeated here: it is read from src/eventcoder/data/plover.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "events"

LABELS = ("event", "not_event", "unclear")
REASONS = (
    "figurative",
    "generic",
    "habitual",
    "opinion",
    "prediction",
    "conditional",
    "sports",
    "back_reference",
    "not_an_act",
    "other",
)
def _plover_modes() -> dict[str, tuple[str, ...]]:
    """The codebook's type -> modes table from the package's one definition
    (``src/eventcoder/data/plover.yaml``), read here without importing the package so the
    annotation tools run with a bare Python and PyYAML."""
    import yaml

    data = yaml.safe_load((ROOT / "src" / "eventcoder" / "data" / "plover.yaml").read_text(encoding="utf-8"))
    return {str(t): tuple(str(m) for m in ms) for t, ms in data.items()}


MODES: dict[str, tuple[str, ...]] = _plover_modes()
TYPES = tuple(MODES)
ACLED: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
FIELDS = (
    "id",
    "label",
    "reason",
    "type",
    "mode",
    "acled",
    "negated",
    "hypothetical",
    "historical",
    "source",
    "target",
    "same_as",
    "note",
)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(x) for x in fh if x.strip()]


def batch_name(path_or_name: str) -> str:
    return Path(path_or_name).name.removesuffix(".jsonl")


def candidates_path(batch: str, base: Path = CORPUS) -> Path:
    b = batch_name(batch)
    if b.startswith("rbatch"):  # the local, git-ignored research-use part
        base = base / "research-use"
    return base / "candidates" / f"{b}.jsonl"


def load_candidates(batch: str, base: Path = CORPUS) -> list[dict]:
    return read_jsonl(candidates_path(batch, base))


def load_docs(base: Path = CORPUS, research_use: bool = False) -> dict[str, dict]:
    docs = {}
    dirs = [base / "docs"] + ([base / "research-use" / "docs"] if research_use else [])
    for d in dirs:
        if d.is_dir():
            for f in sorted(d.glob("*.jsonl")):
                for r in read_jsonl(f):
                    docs[r["doc_id"]] = r
    return docs
