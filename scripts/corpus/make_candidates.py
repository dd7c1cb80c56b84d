"""Candidate triggers for the event-detector training corpus (corpus/events/).

    cd /work/wt/corpus && export PYTHONPATH=src
    nice /work/main/.venv/bin/python scripts/corpus/make_candidates.py            # shippable sources
    nice /work/main/.venv/bin/python scripts/corpus/make_candidates.py --research-use   # + ECB+/GVC, local only
    nice /work/main/.venv/bin/python scripts/corpus/make_candidates.py --new-only       # what a new lexicon adds

Reads documents from the allowed training sources under ``--bench`` (default
``../shared/bench`` beside the repository, i.e. /work/shared/bench), splits them into sentences
with spaCy ``en_core_web_sm``, and marks as a candidate every token whose lemma is in the
project's trigger lexicon (``src/eventcoder/data/triggers.yaml``, every lemma, ignoring its
``with``/``without``/``obj`` constraints) or in the wider list ``scripts/corpus/extra_triggers.txt``.
Candidates are written in batches of about 200, whole documents kept in one batch, to
``corpus/events/candidates/batch-NNN.jsonl``; the text of every used document goes once to
``corpus/events/docs/<source>.jsonl``.

Reproducible: inputs are read in sorted order, documents are sampled with a fixed seed, and the
candidate id is a hash of (doc_id, trigger offsets), so re-running gives byte-identical files
(for the same spaCy model version, which is recorded in ``corpus/events/candidates/MANIFEST.json``).

``--new-only`` (issue 11): when the trigger lexicon grows, the new entries' drafts are unlabelled.
This mode reads the documents already in the corpus (``corpus/events/docs/*.jsonl``), runs the
current lexicon's full ``match`` (constraints included, as the pipeline does) and keeps only the
matches that (1) the lexicon of ``--since`` (a git commit; default the commit before issue 11's
entries) would not make with the same type on that token and (2) no existing batch holds as a
candidate (same document and trigger offsets). They go to ``candidates/lbatch-NNN.jsonl`` with
``MANIFEST-lbatch.json``; the docs files are not rewritten (every candidate's document is there).

``--muc4-more N`` (issue 11, more real news): about N candidates from MUC-4 train documents not yet in
``docs/muc4.jsonl`` — the next documents of the same seeded order, same candidate rules, templates or
not (documents without one are the hard negatives) — as ``candidates/mbatch-NNN.jsonl`` with
``MANIFEST-mbatch.json``; their text goes to ``docs/muc4-more.jsonl``, which no other mode writes.

Sources and exclusions (see corpus/events/README.md for the why):
- muc4: ``muc4/train.jsonl`` only (never ``dev.jsonl``). Public domain.
- event-location: only rows outside the project's held-out 20 % (``eventcoder.geo.evaluate.heldout``
  on the row key, exactly as ``scripts/train_event_location.py`` splits), minus any row whose text
  also occurs in a held-out row, minus the Wikipedia rows (``source == "wiki"``, CC BY-SA), deduplicated
  by text. MIT.
- ECB+ (topics 1-22 only) and GVC (``split == "train"``, minus every document overlapping a
  news-events gold text): their TEXTS are (c) their publishers, research use only (only the
  annotation layers are CC BY), so they are NOT written into the repository by default. With
  ``--research-use`` their candidates go to ``corpus/events/research-use/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEED = 20261206
BATCH_SIZE = 200
# per-source targets in candidates (the shippable part and the optional research-use part)
TARGETS = {"muc4": 3400, "event-location": 3200, "ecbplus": 1600, "gvc": 1600}
MAX_PER_LEMMA = 4  # per document
MAX_PER_DOC = 60  # longer documents would fill a batch alone; they are skipped, not cut

LICENCES = {
    "muc4": "public domain (CC0 1.0 per dstl/muc3); credit NIST MUC",
    "event-location": "MIT (c) 2019 Andy Halterman (ahalterman/event_location)",
    "ecbplus": "annotations CC BY 3.0; text (c) publisher, research use only",
    "gvc": "annotations CC BY 4.0; text (c) publisher, research use only",
    "ngec-synthetic": "MIT (declared by ahalterman/NGEC-2025); synthetic text written by a language model, not news",
    "synthetic-news": "MIT (eventcoder); synthetic long-form news written for this project by its developers (language-model instances), not real reporting",
    "gate-news": "MIT (eventcoder); short general-news articles written for the relevance gate (corpus/gate/), not real reporting",
}
# long-form synthetic articles carry more candidates than wire copy; they are the point
MAX_PER_DOC_BY_SOURCE = {"synthetic-news": 120}
RESEARCH_USE = {"ecbplus", "gvc"}

# reporting verbs are in triggers.yaml only as "X said Y must ...": keep them only next to a modal
REPORTING = {
    "say",
    "tell",
    "add",
    "state",
    "write",
    "argue",
    "remind",
    "conclude",
    "stress",
    "reiterate",
}
MODALS = re.compile(r"\b(must|should|ought to|has to|have to|had to|needs to|need to)\b", re.I)
POS_OK = {"VERB", "NOUN", "ADJ"}


def lexicon() -> tuple[set[str], set[str]]:
    """(lemmas of triggers.yaml, extra lemmas) in lower case."""
    data = yaml.safe_load((ROOT / "src" / "eventcoder" / "data" / "triggers.yaml").read_text())
    lex: set[str] = set()
    for t in data["triggers"]:
        lem = t["lemma"]
        lex.update(x.lower() for x in ([lem] if isinstance(lem, str) else lem))
    extra: set[str] = set()
    for line in (HERE / "extra_triggers.txt").read_text().splitlines():
        line = line.split("#", 1)[0]
        extra.update(w.lower() for w in line.split())
    return lex, extra - lex


def stable_hash(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


# ----------------------------------------------------------------------------- sources
def read_jsonl(p: Path) -> list[dict]:
    with open(p, encoding="utf-8") as fh:
        return [json.loads(x) for x in fh if x.strip()]


def load_muc4(bench: Path) -> list[dict]:
    docs = []
    for r in read_jsonl(bench / "muc4" / "train.jsonl"):
        docs.append(
            {
                "doc_id": "muc4-" + r["id"],
                "source_corpus": "muc4",
                "orig_id": r["id"],
                "title": None,
                "published": r.get("published"),
                "text": r["text"],
                "has_template": bool(r.get("templates")),
            }
        )
    return sorted(docs, key=lambda d: d["doc_id"])


def load_event_location(bench: Path) -> tuple[list[dict], dict]:
    from eventcoder.eval.sets.event_location import (
        heldout,  # the project's own split, not a copy of it
    )

    rows = read_jsonl(bench / "event-location" / "sentences.jsonl")
    key = [str(r["_id"]) if r.get("_id") is not None else r["text"] for r in rows]
    held_texts = {r["text"].strip() for r, k in zip(rows, key, strict=False) if heldout(k)}
    stats = Counter()
    seen: set[str] = set()
    docs = []
    for r, k in zip(rows, key, strict=False):
        t = r.get("text") or ""
        if heldout(k):
            stats["held_out_20pct"] += 1
            continue
        if t.strip() in held_texts:
            stats["text_also_in_held_out"] += 1
            continue
        if r.get("source") == "wiki":
            stats["wikipedia_cc_by_sa"] += 1
            continue
        if not t.strip() or t.strip() in seen:
            stats["duplicate_or_empty"] += 1
            continue
        seen.add(t.strip())
        docs.append(
            {
                "doc_id": "evloc-" + stable_hash(k, n=12),
                "source_corpus": "event-location",
                "orig_id": k,
                "orig_source": r.get("source"),
                "title": None,
                "published": None,
                "text": t,
            }
        )
        stats["kept"] += 1
    return sorted(docs, key=lambda d: d["doc_id"]), dict(stats)


def load_ngec(bench: Path) -> list[dict]:
    """NGEC synthetic stories (MIT): news-style text on every PLOVER type, written by a
    language model. Annotated here under the codebook like any text, they augment the corpus
    with the diplomatic and verbal events the conflict wire copy has few of; their prompt
    labels are not used."""
    out = []
    for r in read_jsonl(bench / "ngec-synthetic" / "stories.jsonl"):
        if r.get("text", "").strip():
            out.append(
                {
                    "doc_id": "ngec-" + stable_hash(r["id"], n=12),
                    "source_corpus": "ngec-synthetic",
                    "orig_id": r["id"],
                    "title": None,
                    "published": None,
                    "text": r["text"],
                }
            )
    return out


def load_synthetic_news(corpus: Path, name: str) -> list[dict]:
    """Long-form articles written for this project (``corpus/events/sources/synthetic-news/``):
    modern war reporting, live blogs, politics, courts, local crime, protests, and the genres
    that supply hard negatives (sport, business, culture, opinion). Real news of these genres
    is not licensed for a shipped model; these texts are the project's own (MIT)."""
    out = []
    for p in [corpus / "sources" / "synthetic-news" / f"{name}.jsonl"]:
        for r in read_jsonl(p):
            if r.get("text", "").strip():
                out.append(
                    {
                        "doc_id": "snews-" + stable_hash(r["id"], n=12),
                        "source_corpus": "synthetic-news",
                        "orig_id": r["id"],
                        "genre": r.get("genre"),
                        "title": r.get("title"),
                        "published": r.get("published"),
                        "text": r["text"],
                    }
                )
    return out


def load_gate_news(root: Path) -> list[dict]:
    """The relevance gate's general-news articles (``corpus/gate/articles.jsonl``: sport,
    business, technology, culture, science, obituaries, and a few with a real event in those
    genres). They carry the figurative and sporting senses of event words ("attack", "shot",
    "hostile takeover", "price war") that conflict news almost never has, so the detector's
    topic features have something to learn from. The gate's own sentence marks are not copied:
    every candidate is annotated under the codebook, blind."""
    out = []
    for r in read_jsonl(root / "corpus" / "gate" / "articles.jsonl"):
        if r.get("text", "").strip():
            out.append(
                {
                    "doc_id": "gnews-" + stable_hash(r["id"], n=12),
                    "source_corpus": "gate-news",
                    "orig_id": r["id"],
                    "genre": r.get("genre"),
                    "title": r.get("title"),
                    "published": None,
                    "text": r["text"],
                }
            )
    return out


def _shingles(text: str, n: int = 8) -> set[str]:
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i : i + n]) for i in range(max(len(w) - n + 1, 0))}


def load_gvc(bench: Path) -> tuple[list[dict], dict]:
    gold = read_jsonl(bench / "news-events" / "gold.jsonl")
    gold_sh = [_shingles(g["text"]) for g in gold]
    stats = Counter()
    docs = []
    for r in read_jsonl(bench / "gvc-dev" / "gvc_docs_train_dev.jsonl"):
        if r.get("split") != "train":
            stats["dev_split"] += 1
            continue
        sh = _shingles(r["text"])
        if any(len(sh & g) >= 3 for g in gold_sh):
            stats["overlaps_news_events_gold"] += 1
            continue
        docs.append(
            {
                "doc_id": "gvc-" + r["doc_id"],
                "source_corpus": "gvc",
                "orig_id": r["doc_id"],
                "title": r.get("title"),
                "published": r.get("dct"),
                "text": r["text"],
                "incident": r.get("gvc_event_id"),
            }
        )
        stats["kept"] += 1
    return sorted(docs, key=lambda d: d["doc_id"]), dict(stats)


def load_ecbplus(bench: Path) -> tuple[list[dict], dict]:
    stats = Counter()
    docs = []
    for r in read_jsonl(bench / "ecbplus" / "ecbplus_docs.jsonl"):
        if not 1 <= int(r["topic"]) <= 22:
            stats["topic_not_1_22"] += 1
            continue
        docs.append(
            {
                "doc_id": "ecbplus-" + r["doc_id"],
                "source_corpus": "ecbplus",
                "orig_id": r["doc_id"],
                "title": None,
                "published": None,
                "text": r["text"],
                "topic": r["topic"],
            }
        )
        stats["kept"] += 1
    return sorted(docs, key=lambda d: d["doc_id"]), dict(stats)


# ----------------------------------------------------------------------------- candidates
# MUC-4 is lower case, so spaCy's parser often runs several sentences together: split its
# sentences again after . ! ? (and a closing quote) followed by space, unless the word before
# the stop is a known abbreviation or a single letter ("gen.", "u.s.", "a.m.").
_LC_STOP = re.compile(r"""(?<=[.!?])(["'”)\]]*)\s+(?=["'“(\[]?[a-z0-9])""")
_LC_ABBR = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|gen|col|lt|maj|capt|sgt|gov|sen|rep|st|no|jan|feb|mar|apr|jun|jul|aug|"
    r"sep|sept|oct|nov|dec|vs|etc|inc|ltd|co|corp|jr|sr|msgr|rev|fr|sr|engr|lic|atty|arch|cmdr|adm|"
    r"brig|cpl|pvt|messrs)\.|\b[a-z]\.(?:[a-z]\.)*)$"
)


def _split_lower(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, start = [], a
    for m in _LC_STOP.finditer(text, a, b):
        head = text[start : m.start()]
        if _LC_ABBR.search(head) or len(head.strip()) < 2:
            continue
        out.append((start, m.end(1)))
        start = m.end()
    out.append((start, b))
    return out


def sentences(doc, lower_case: bool = False) -> list[tuple[int, int]]:
    """(start, end) character offsets of the non-blank sentences, whitespace trimmed."""
    out = []
    text = doc.text
    spans = [(s.start_char, s.end_char) for s in doc.sents]
    if lower_case:
        spans = [p for a, b in spans for p in _split_lower(text, a, b)]
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def candidate_record(d: dict, sents: list[tuple[int, int]], si: int, tok, lem: str, *, in_lexicon: bool, licence: str) -> dict:
    """One candidate record: the token ``tok`` of sentence ``si`` of document ``d``, with the two
    sentences before it as context (the one shape every batch file holds)."""
    text = d["text"]
    a, b = sents[si]
    s0, s1 = tok.idx, tok.idx + len(tok.text)
    return {
        "id": stable_hash(d["doc_id"], str(s0), str(s1)),
        "doc_id": d["doc_id"],
        "source_corpus": d["source_corpus"],
        "licence": licence,
        "title": d.get("title"),
        "published": d.get("published"),
        "sentence_index": si,
        "sentence": text[a:b],
        "sentence_start": a,
        "trigger": tok.text,
        "trigger_start": s0,
        "trigger_end": s1,
        "lemma": lem,
        "pos": tok.pos_,
        "in_lexicon": in_lexicon,
        "context_before": " ".join(text[x:y] for x, y in sents[max(si - 2, 0) : si]),
    }


def candidates_of(d: dict, doc, lex: set[str], extra: set[str]) -> list[dict]:
    text = d["text"]
    sents = sentences(doc, lower_case=d["source_corpus"] == "muc4")
    out = []
    per_lemma: Counter = Counter()
    for si, (a, b) in enumerate(sents):
        stext = text[a:b]
        if d["source_corpus"] == "ecbplus" and si == 0 and stext.startswith("http"):
            continue  # ECB+ puts the page URL as sentence zero
        for tok in doc.char_span(a, b, alignment_mode="expand") or []:
            lem = tok.lemma_.lower()
            low = tok.text.lower()
            if tok.pos_ not in POS_OK or not tok.text.strip():
                continue
            hit_lex = lem in lex or low in lex
            hit_extra = lem in extra or low in extra
            if not (hit_lex or hit_extra):
                continue
            if lem in REPORTING and not MODALS.search(stext):
                continue
            if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                continue  # "according to" (lemma "accord") is attribution, never an act
            per_lemma[lem] += 1
            if per_lemma[lem] > MAX_PER_LEMMA:
                continue  # the first few mentions (re-mentions included) are enough
            out.append(candidate_record(d, sents, si, tok, lem, in_lexicon=hit_lex, licence=LICENCES[d["source_corpus"]]))
    return out


def seeded_order(docs: list[dict]) -> list[dict]:
    """The source's documents in the fixed-seed random order every sample of that source uses."""
    order = list(docs)
    rnd = random.Random(f"{SEED}-{docs[0]['source_corpus']}")
    rnd.shuffle(order)
    return order


def pick(docs: list[dict], target: int, nlp, lex, extra, log, exclude: frozenset[str] = frozenset()) -> list[tuple]:
    """Documents in seeded random order, parsed until ``target`` candidates are collected.

    ``exclude``: doc ids already in the corpus; they keep their place in the seeded order and are
    passed over, so a second sample continues the first one's order (``--muc4-more``)."""
    order = [d for d in seeded_order(docs) if d["doc_id"] not in exclude]
    chosen, n = [], 0
    batch = 32
    for i in range(0, len(order), batch):
        chunk = order[i : i + batch]
        for d, doc in zip(
            chunk, nlp.pipe([x["text"] for x in chunk], batch_size=batch), strict=False
        ):
            c = candidates_of(d, doc, lex, extra)
            if not c or len(c) > MAX_PER_DOC_BY_SOURCE.get(d["source_corpus"], MAX_PER_DOC):
                continue
            chosen.append((d, c))
            n += len(c)
            if n >= target:
                return chosen
        log(f"  {docs[0]['source_corpus']}: {n} candidates from {len(chosen)} docs")
    return chosen


def pack(groups: list[list[tuple]], size: int) -> list[list[dict]]:
    """Interleave the sources document by document and cut batches of about ``size``."""
    queue = []
    its = [iter(g) for g in groups]
    weights = [sum(len(c) for _, c in g) for g in groups]
    done = [0] * len(groups)
    while True:
        # next document from the source that is furthest behind its share
        live = [k for k in range(len(its)) if done[k] is not None]
        if not live:
            break
        k = min(live, key=lambda k: done[k] / max(weights[k], 1))
        nxt = next(its[k], None)
        if nxt is None:
            done[k] = None
            continue
        queue.append(nxt)
        done[k] += len(nxt[1])
    batches, cur = [], []
    for _d, c in queue:
        if cur and len(cur) + len(c) > size + 20 and len(cur) >= size - 40:
            batches.append(cur)
            cur = []
        cur.extend(c)
        if len(cur) >= size:
            batches.append(cur)
            cur = []
    if cur:
        batches.append(cur)
    return batches


def write(
    out: Path, groups: list[list[tuple]], manifest: dict, prefix: str = "batch", manifest_name: str = "MANIFEST.json", docs_name: str | None = None
) -> None:
    (out / "candidates").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    for old in (out / "candidates").glob(f"{prefix}-*.jsonl"):
        old.unlink()
    for g in groups:
        if not g:
            continue
        src = g[0][0]["source_corpus"]
        with open(out / "docs" / f"{docs_name or src}.jsonl", "w", encoding="utf-8") as fh:
            for d, _ in sorted(g, key=lambda x: x[0]["doc_id"]):
                rec = {k: v for k, v in d.items() if k != "has_template"}
                rec["licence"] = LICENCES[src]
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    batches = pack(groups, BATCH_SIZE)
    per_batch = []
    for i, b in enumerate(batches):
        name = f"{prefix}-{i:03d}"
        with open(out / "candidates" / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for c in b:
                fh.write(json.dumps({**c, "batch": name}, ensure_ascii=False) + "\n")
        per_batch.append(
            {
                "batch": name,
                "candidates": len(b),
                "docs": len({c["doc_id"] for c in b}),
                "by_source": dict(Counter(c["source_corpus"] for c in b)),
            }
        )
    manifest["batches"] = per_batch
    (out / "candidates" / manifest_name).write_text(json.dumps(manifest, indent=1) + "\n")

# ----------------------------------------------------------------------------- new lexicon only
#: the commit whose lexicon the new-only mode compares against: main before issue 11's recall
#: classes were added (pinned so re-running after the merge gives the same lbatch files)
SINCE = "b185f4f6c57d869cde050f38197bf64404c40d88"
NEW_PREFIX = "lbatch"


def _git_show(commit: str, rel: str) -> str:
    import subprocess

    return subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{rel}"], check=True, capture_output=True, text=True).stdout


def held_candidates(cand_dir: Path, skip_prefix: str = NEW_PREFIX) -> set[tuple[str, int, int]]:
    """(doc_id, trigger_start, trigger_end) of every candidate some batch already holds (the
    batches this mode writes itself excluded, so a re-run reproduces them)."""
    out: set[tuple[str, int, int]] = set()
    for p in sorted(cand_dir.glob("*.jsonl")):
        if p.name.startswith(skip_prefix + "-"):
            continue
        for c in read_jsonl(p):
            out.add((c["doc_id"], int(c["trigger_start"]), int(c["trigger_end"])))
    return out


MORE_PREFIX = "mbatch"
MORE_DOCS = "muc4-more"  # docs/muc4-more.jsonl: written by --muc4-more only; the main run writes docs/muc4.jsonl


def muc4_more(out: Path, bench: Path, target: int, nlp, lex, extra, log) -> int:
    """Write about ``target`` candidates from MUC-4 **train** documents not yet in the corpus as
    ``mbatch-NNN.jsonl`` + ``MANIFEST-mbatch.json``, their text to ``docs/muc4-more.jsonl``.

    The documents are the next ones of the same seeded order the first sample (``docs/muc4.jsonl``)
    was drawn from, with the same candidate rules; documents without any MUC template (speeches,
    interviews, politics) are kept like the others — they are the hard negatives. The templates
    themselves are never written."""
    held = {r["doc_id"] for p in (out / "docs").glob("muc4*.jsonl") if p.stem != MORE_DOCS for r in read_jsonl(p)}
    docs = load_muc4(bench)
    chosen = pick(docs, target, nlp, lex, extra, log, exclude=frozenset(held))
    manifest = {
        "seed": SEED,
        "spacy_model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "lexicon_lemmas": len(lex),
        "extra_lemmas": len(extra),
        "exclusions": {
            "muc4": "dev.jsonl never read",
            "already_in_corpus": len(held),
            "train_docs": len(docs),
        },
        "per_source": {
            "muc4": {
                "docs": len(chosen),
                "candidates": sum(len(c) for _, c in chosen),
                "docs_with_template": sum(1 for d, _ in chosen if d["has_template"]),
            }
        },
    }
    write(out, [chosen], manifest, prefix=MORE_PREFIX, manifest_name=f"MANIFEST-{MORE_PREFIX}.json", docs_name=MORE_DOCS)
    log(json.dumps(manifest["per_source"]))
    return 0


def corpus_docs(out: Path) -> list[dict]:
    """Every document the corpus already uses, once, in a fixed order (file name, then line)."""
    seen: set[str] = set()
    docs = []
    for p in sorted((out / "docs").glob("*.jsonl")):
        for d in read_jsonl(p):
            if d["doc_id"] not in seen and d.get("text", "").strip():
                seen.add(d["doc_id"])
                docs.append(d)
    return docs


def new_candidates_of(d: dict, doc, new_lex, old_lex, held: set[tuple[str, int, int]], stats: Counter | None = None) -> list[dict]:
    """The new lexicon's matches in one parsed document that the old lexicon does not make
    (same token, same type) and no batch holds, as candidate records. ``stats`` counts the new
    matches by fate: already held by a batch (labelled or queued), capped, or written."""
    stats = Counter() if stats is None else stats
    sents = sentences(doc, lower_case=d["source_corpus"] == "muc4")
    old = {(m.i, m.entry.type) for m in old_lex.match(doc)}
    out = []
    per_lemma: Counter = Counter()
    for m in new_lex.match(doc):
        if (m.i, m.entry.type) in old:
            continue
        tok = doc[m.i]
        s0, s1 = tok.idx, tok.idx + len(tok.text)
        stats["new_matches"] += 1
        if (d["doc_id"], s0, s1) in held:
            stats["already_held"] += 1
            continue
        si = next((k for k, (a, b) in enumerate(sents) if a <= s0 < b), None)
        if si is None:
            continue
        lem = tok.lemma_.lower()
        per_lemma[lem] += 1
        if per_lemma[lem] > MAX_PER_LEMMA:
            stats["capped_per_lemma"] += 1
            continue
        stats["written"] += 1
        rec = candidate_record(d, sents, si, tok, lem, in_lexicon=True, licence=d.get("licence") or LICENCES[d["source_corpus"]])
        # the key order of the committed lbatch files: the lexicon type before the context
        context = rec.pop("context_before")
        out.append({**rec, "lexicon_type": m.entry.type, "context_before": context})
    return out


def new_only(out: Path, nlp, since: str, log) -> int:
    """Write ``lbatch-NNN.jsonl`` + ``MANIFEST-lbatch.json``: only what the current lexicon adds."""
    from eventcoder.classify import TriggerLexicon

    rel = "src/eventcoder/data/triggers.yaml"
    new_text = (ROOT / rel).read_text("utf-8")
    new_lex = TriggerLexicon.from_yaml(new_text, rel)
    # a lexicon older than the declared ``kinds`` (E547) is read with the current declaration
    old_data = yaml.safe_load(_git_show(since, rel))
    old_data.setdefault("kinds", yaml.safe_load(new_text).get("kinds"))
    old_lex = TriggerLexicon.from_yaml(yaml.safe_dump(old_data), f"{since[:10]}:{rel}")
    held = held_candidates(out / "candidates")
    docs = corpus_docs(out)
    groups: dict[str, list[tuple]] = {}
    stats: Counter = Counter()
    for i in range(0, len(docs), 32):
        chunk = docs[i : i + 32]
        for d, doc in zip(chunk, nlp.pipe([x["text"] for x in chunk], batch_size=32), strict=True):
            c = new_candidates_of(d, doc, new_lex, old_lex, held, stats)
            if c:
                groups.setdefault(d["source_corpus"], []).append((d, c))
        log(f"  new-only: {i + len(chunk)}/{len(docs)} docs, {sum(len(c) for g in groups.values() for _, c in g)} candidates")
    cand_dir = out / "candidates"
    for old in cand_dir.glob(f"{NEW_PREFIX}-*.jsonl"):
        old.unlink()
    ordered = [groups[k] for k in sorted(groups)]
    per_batch = []
    for k, b in enumerate(pack(ordered, BATCH_SIZE) if ordered else []):
        name = f"{NEW_PREFIX}-{k:03d}"
        with open(cand_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for c in b:
                fh.write(json.dumps({**c, "batch": name}, ensure_ascii=False) + "\n")
        per_batch.append({"batch": name, "candidates": len(b), "docs": len({c["doc_id"] for c in b}),
                          "by_source": dict(Counter(c["source_corpus"] for c in b))})
    all_c = [x for g in ordered for _, cs in g for x in cs]
    manifest = {
        "mode": "new-only",
        "seed": SEED,
        "spacy_model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "since_commit": since,
        "lexicon_sha1": hashlib.sha1(new_text.encode("utf-8")).hexdigest(),
        "docs_read": len(docs),
        "held_candidates": len(held),
        "new_matches": dict(stats),
        "max_per_lemma_per_doc": MAX_PER_LEMMA,
        "per_source": {k: {"docs": len(groups[k]), "candidates": sum(len(c) for _, c in groups[k])} for k in sorted(groups)},
        "by_lexicon_type": dict(sorted(Counter(c["lexicon_type"] for c in all_c).items())),
        "by_lemma": dict(sorted(Counter(c["lemma"] for c in all_c).items())),
        "batches": per_batch,
    }
    (cand_dir / f"MANIFEST-{NEW_PREFIX}.json").write_text(json.dumps(manifest, indent=1) + "\n")
    log(json.dumps(manifest["per_source"]))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent.parent / "shared" / "bench")
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "events")
    ap.add_argument(
        "--research-use",
        action="store_true",
        help="also write ECB+/GVC candidates to OUT/research-use/ (git-ignored)",
    )
    ap.add_argument(
        "--ngec",
        type=int,
        default=0,
        metavar="N",
        help="only write about N candidates from the NGEC synthetic stories as nbatch-NNN (the other batches are left alone)",
    )
    ap.add_argument(
        "--muc4-more",
        type=int,
        default=0,
        metavar="N",
        help="only write about N candidates from MUC-4 train documents not yet in docs/muc4.jsonl (the next ones of the "
        "same seeded order) as mbatch-NNN, their text to docs/muc4-more.jsonl (the other batches are left alone)",
    )
    ap.add_argument(
        "--synthetic-news",
        metavar="NAME",
        help="only write the candidates of the project's own synthetic long-form articles of one writer "
        "(sources/synthetic-news/NAME.jsonl) as sbatch-NAME-NNN (the other batches are left alone)",
    )
    ap.add_argument(
        "--gate-news",
        action="store_true",
        help="only write the candidates of the relevance gate's general-news articles "
        "(corpus/gate/articles.jsonl) as gbatch-NNN (the other batches are left alone)",
    )
    ap.add_argument(
        "--new-only",
        action="store_true",
        help="only write the candidates the current trigger lexicon makes that the lexicon of --since does not "
        "and no existing batch holds, as lbatch-NNN (the other batches and the docs files are left alone)",
    )
    ap.add_argument("--since", default=SINCE, metavar="COMMIT", help="the commit whose lexicon --new-only compares against")
    a = ap.parse_args(argv)
    if not (a.bench / "muc4").is_dir():
        a.bench = Path("/work/shared/bench")
    from eventcoder.nlp import load_model  # en_core_web_sm or its pinned PyPI mirror

    nlp = load_model()

    def log(m):
        print(m, file=sys.stderr, flush=True)

    if a.new_only:  # the lexicon's object constraints read entity labels: keep the recogniser
        return new_only(a.out, nlp, a.since, log)
    if "ner" in nlp.pipe_names:
        nlp.disable_pipe("ner")
    lex, extra = lexicon()

    def one_source(docs: list[dict], target: int, source: str, prefix: str, manifest_name: str, docs_name: str | None = None) -> int:
        """Write one source's candidates as their own batches (the other batches are left alone)."""
        groups = [pick(docs, target, nlp, lex, extra, log)]
        manifest = {
            "seed": SEED,
            "spacy_model": f"{nlp.meta['name']} {nlp.meta['version']}",
            "per_source": {source: {"docs": len(groups[0]), "candidates": sum(len(c) for _, c in groups[0])}},
        }
        write(a.out, groups, manifest, prefix=prefix, manifest_name=manifest_name, docs_name=docs_name)
        log(json.dumps(manifest["per_source"]))
        return 0

    if a.synthetic_news:
        name = a.synthetic_news
        return one_source(load_synthetic_news(a.out, name), 10**9, "synthetic-news", f"sbatch-{name}",
                          f"MANIFEST-synthetic-news-{name}.json", f"synthetic-news-{name}")
    if a.gate_news:
        return one_source(load_gate_news(ROOT), 10**9, "gate-news", "gbatch", "MANIFEST-gate-news.json")
    if a.muc4_more:
        return muc4_more(a.out, a.bench, a.muc4_more, nlp, lex, extra, log)
    if a.ngec:
        return one_source(load_ngec(a.bench), a.ngec, "ngec-synthetic", "nbatch", "MANIFEST-ngec.json")
    muc = load_muc4(a.bench)
    evl, evl_stats = load_event_location(a.bench)
    log(f"muc4 train docs {len(muc)}; event-location rows kept {evl_stats}")
    groups = [
        pick(muc, TARGETS["muc4"], nlp, lex, extra, log),
        pick(evl, TARGETS["event-location"], nlp, lex, extra, log),
    ]
    manifest = {
        "seed": SEED,
        "spacy_model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "lexicon_lemmas": len(lex),
        "extra_lemmas": len(extra),
        "exclusions": {"muc4": "dev.jsonl never read", "event-location": evl_stats},
        "per_source": {
            g[0][0]["source_corpus"]: {"docs": len(g), "candidates": sum(len(c) for _, c in g)}
            for g in groups
            if g
        },
    }
    write(a.out, groups, manifest)
    log(json.dumps(manifest["per_source"]))
    if a.research_use:
        gvc, gvc_stats = load_gvc(a.bench)
        ecb, ecb_stats = load_ecbplus(a.bench)
        rgroups = [
            pick(ecb, TARGETS["ecbplus"], nlp, lex, extra, log),
            pick(gvc, TARGETS["gvc"], nlp, lex, extra, log),
        ]
        rman = {
            "seed": SEED,
            "spacy_model": manifest["spacy_model"],
            "exclusions": {"gvc": gvc_stats, "ecbplus": ecb_stats},
            "per_source": {
                g[0][0]["source_corpus"]: {"docs": len(g), "candidates": sum(len(c) for _, c in g)}
                for g in rgroups
                if g
            },
        }
        write(a.out / "research-use", rgroups, rman, prefix="rbatch")
        log(json.dumps(rman["per_source"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
