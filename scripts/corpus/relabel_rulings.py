"""Apply the lead's rulings of docs/codebook.md §17 (x22rulings, issue 11) to the corpus labels.

    python3 scripts/corpus/relabel_rulings.py [--dry-run]

Three rulings, each a list of candidate ids below with the new label (the reading of each row is
in its ``note``, which gets the ruling's tag appended):
1. an accidental shooting of or at a person is ASSAULT/firearms, ACLED null (§17.1);
2. a criminal charge, by police, prosecutors or anyone, is ACCUSE/allege, ACLED null, an event of
   its own beside an arrest in the same sentence (§17.2);
3. a candidate of a later batch (``lbatch-000``) re-mentioning an event whose head is a candidate
   of the same sentence in an older batch is ``event`` + ``same_as`` the head (§6, §17.3).

Only the annotator used for training (the first in name order where a batch was annotated twice,
as ``scripts/train_detector.py`` joins them) is changed; blind second passes keep their labels so
the agreement figures stay what was measured. Idempotent: a row already as wanted is left alone.
``same_as`` rows copy type, mode, ACLED and flags from their head (as ``annotate.py`` does) and
keep null spans. Needs only the Python standard library.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuslib import CORPUS  # noqa: E402

ACCUSE = {"type": "ACCUSE", "mode": "allege", "acled": None}
SHOT = {"type": "ASSAULT", "mode": "firearms", "acled": None}

# (id, changes, why) — "S:<id>" in changes' same_as means: copy the head's type/mode/ACLED/flags.
RULING_1 = [  # accidental shootings (§17.1)
    ("a1e0c10eea0b3a29", {**SHOT, "label": "event", "source": ("A man", 0)}, "accidental shot fired into a building"),
    ("262a76b512915369", {"label": "event", "same_as": "a1e0c10eea0b3a29"}, "re-mention of the shot"),
    ("c54edcfd7186363d", {"label": "event", "same_as": "a1e0c10eea0b3a29"}, "re-mention of the shot"),
    ("22d02a93d934047f", {"label": "event", "same_as": "a1e0c10eea0b3a29"}, "re-mention of the shot"),
    ("46381d93b7c01d4e", {**SHOT, "label": "event", "source": ("A 6-year-old boy", 0), "target": ("A 6-year-old boy", 0)},
     "child's accidental self-shooting (reflexive: the shooter is the target)"),
    ("0c850c4ece2d2c04", {"label": "event", "same_as": "46381d93b7c01d4e"}, "death, the shooting's consequence (§6)"),
    ("1f2fc3de983498b4", {"label": "event", "same_as": "46381d93b7c01d4e"}, "re-mention of the shooting"),
    ("0ecf729f46924631", {"label": "event", "same_as": "46381d93b7c01d4e"}, "re-mention of the shot"),
    ("37d8bf580b923abf", {"label": "event", "same_as": "46381d93b7c01d4e"}, "re-mention of the shooting"),
    ("9466642700d39252", {"label": "event", "type": "ACCUSE", "mode": "investigate", "acled": None},
     "police investigation of the shooting, as for any shooting (§14.4)"),
]

RULING_2 = [  # charges (§17.2)
    # heads that were COERCE/arrest charges: retyped, their same_as rows follow
    ("79c8054f94362698", {**ACCUSE, "label": "event"}, "the garda charge"),
    ("491a2cf0907d11eb", {"label": "event", "same_as": "79c8054f94362698"}, "re-mention of the charge"),
    ("1c4a699ecfbd396e", {"label": "event", "same_as": "79c8054f94362698"}, "re-mention of the charge"),
    ("c0be02b57bf5a731", {"label": "event", "same_as": "79c8054f94362698"}, "re-mention of the charge"),
    ("cda667ba4ec3cb67", {**ACCUSE, "label": "event"}, "charge by the police"),
    ("ceb6c58e036da92f", {"label": "event", "same_as": "cda667ba4ec3cb67"}, "re-mention of the charge"),
    ("290814b966feb50d", {"label": "event", "same_as": "cda667ba4ec3cb67"}, "re-mention of the charge"),
    ("db30e18df5bfa201", {**ACCUSE, "label": "event"}, "charges laid by police"),
    ("52488623437a9370", {**ACCUSE, "label": "event"}, "charge by police"),
    ("ee5756c2ce71b64f", {**ACCUSE, "label": "event"}, "charge by police (historical)"),
    ("8a6a597090c9b098", {**ACCUSE, "label": "event"}, "charge by police, beside the arrest"),
    ("f269b50142976fc0", {**ACCUSE, "label": "event"}, "charges to be answered in court"),
    ("ec147fd7a3083b33", {**ACCUSE, "label": "event"}, "police summons for an offence: a charge"),
    # charges that were same_as an arrest: their own ACCUSE event now
    ("b824358df02c4659", {**ACCUSE, "label": "event", "same_as": None, "target": ("top opposition man", 0)},
     "the charge the arrest was ordered on, its own accusation"),
    ("9c25ca753b05c719", {**ACCUSE, "label": "event", "same_as": None, "target": ("Eleven farmworkers", 0)},
     "arrested and charged: the charge is a second act"),
    ("018c83ac094db2da", {**ACCUSE, "label": "event", "same_as": None, "hypothetical": True, "target": ("23 people", 0)},
     "announced charge (hyp), a second act beside the arrests"),
    ("6ec8b11e1a87b690", {**ACCUSE, "label": "event", "same_as": None, "historical": True, "target": ("Mr Ssempala", 0)},
     "detained and charged: the charge is a second act"),
    ("c3114d1dc19faf8a", {"label": "event", "same_as": "6ec8b11e1a87b690"}, "re-mention of the charges"),
]

RULING_3 = [  # lbatch-000: same-sentence parts of an event headed in an older batch (§6, §17.3)
    ("c0272745857ab11c", "3adb82b11b766074"),  # lodged -> complaint
    ("49b9d701028093ab", "0bbcd7c7b811fe5d"),  # gathered -> protest
    ("b1fc30e5e2b4112d", "323014793062e627"),  # file -> complaint
    ("bd0be88c35ea3bf6", "83155503826b6ec1"),  # filed -> complaint
    ("c6b2d675363142f6", "02126c413a6eaa13"),  # file -> complaint
    ("d40ba7da61312f5c", "8c8a34c89fd35528"),  # filed -> complaint (itself relabelled below)
    ("441604caf205b4b4", "7a45f71f69910f97"),  # cordoned -> deployed
    ("cfd1ba57b07ecba6", "52770eeb8bf1c80a"),  # gathered -> protest
    ("56daea18abb3d672", "1b8806ff561921e0"),  # freezing -> sanctions
    ("dd667a6052ebd9ee", "7f42ac01166c74b4"),  # summoned -> protest (diplomatic)
    ("f01cc3cce39df408", "6abf38c7a193bc90"),  # gathered -> Protest (heading)
    ("e7ecd296bcb4f674", "2f38556ac0c030fd"),  # filed -> complaint
    ("5f18f3f43e89d75f", "08580e8ef5f79f07"),  # file -> lawsuit
    ("0c844153ce7cb221", "97172191ebab5dfc"),  # file -> complaint
    ("3c75089c4b329e06", "288e14bd16e2bf1d"),  # warrant -> arrested (the annotator's reading)
    ("551b9b9545700503", "81933a78477bf1aa"),  # file -> lawsuit
    ("ed71b919b587720d", "e34098baa01993f4"),  # filing -> complaint
    ("4968be74dc24b355", "1a5a30db6260d228"),  # filed -> lawsuit
    ("9dfcf199772347db", "f826bfcc88f09cbd"),  # questioned -> opened (investigation)
    ("5754624ee61a8211", "4b501454be249263"),  # file -> threatened (announced act, §6)
]
# the head of one lbatch row was labelled `other`: a family's complaint to the police is ACCUSE/allege
EXTRA_3 = [
    ("8c8a34c89fd35528", {**ACCUSE, "label": "event", "source": ("Ram Kishan", 0)},
     "a family's police complaint against the husband is ACCUSE/allege (as the corpus's other complaints)"),
]

TAGS = {1: "x22rulings §17.1", 2: "x22rulings §17.2", 3: "x22rulings §17.3"}


def load() -> tuple[dict, dict, dict, dict]:
    docs, cands = {}, {}
    for p in sorted((CORPUS / "docs").glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            d = json.loads(line)
            docs[d["doc_id"]] = d
    for p in sorted((CORPUS / "candidates").glob("*batch-*.jsonl")):
        for line in p.open(encoding="utf-8"):
            c = json.loads(line)
            cands[c["id"]] = c
    files: dict[str, Path] = {}  # batch -> the training annotator's file
    for ann in sorted(p for p in (CORPUS / "annotations").iterdir() if p.is_dir()):
        for p in sorted(ann.glob("*batch-*.jsonl")):
            files.setdefault(p.stem, p)
    rows: dict[str, dict] = {}
    for p in files.values():
        for line in p.open(encoding="utf-8"):
            a = json.loads(line)
            rows[a["id"]] = a
    return docs, cands, files, rows


def span(doc: dict, cand: dict, text: str) -> dict:
    """The mention ``text`` nearest before (else after) the candidate's trigger."""
    t = doc["text"]
    at = t.rfind(text, 0, cand["trigger_start"] + 1)
    if at < 0:
        at = t.find(text, cand["trigger_start"])
    if at < 0:
        raise SystemExit(f"{cand['id']}: {text!r} not in {cand['doc_id']}")
    return {"text": text, "start": at, "end": at + len(text)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    docs, cands, files, rows = load()
    plan: list[tuple[int, str, dict, str]] = [(1, i, ch, why) for i, ch, why in RULING_1]
    plan += [(2, i, ch, why) for i, ch, why in RULING_2]
    plan += [(3, i, ch, why) for i, ch, why in EXTRA_3]
    plan += [(3, i, {"label": "event", "same_as": h}, "same-sentence part of the event headed by an older batch's candidate")
             for i, h in RULING_3]
    new = {i: dict(rows[i]) for _, i, _, _ in plan}
    for n, i, ch, why in plan:  # heads first (they precede their re-mentions in each list)
        r, c = new[i], cands[i]
        r["label"], r["reason"] = "event", None
        for k in ("type", "mode", "acled", "negated", "hypothetical", "historical", "same_as"):
            if k in ch:
                r[k] = ch[k]
        for k in ("source", "target"):
            if k in ch:
                r[k] = span(docs[c["doc_id"]], c, ch[k][0])
        head = r.get("same_as")
        if head:
            h = new.get(head, rows[head])
            if h["label"] != "event" or h["same_as"]:
                raise SystemExit(f"{i}: head {head} is not a first mention")
            for k in ("type", "mode", "acled", "negated", "hypothetical", "historical"):
                r[k] = h[k]
            r["source"] = r["target"] = None
        elif r["type"] is None:
            raise SystemExit(f"{i}: an event needs a type")
        tag = f"{TAGS[n]}: {why}"
        note = r.get("note") or ""
        if tag not in note:
            r["note"] = f"{note}; {tag}" if note else tag
    changed: dict[Path, int] = {}
    for p in files.values():
        lines = p.read_text(encoding="utf-8").splitlines()
        out, k = [], 0
        for line in lines:
            a = json.loads(line)
            if a["id"] in new and new[a["id"]] != a:
                line = json.dumps(new[a["id"]], ensure_ascii=False)
                k += 1
            out.append(line)
        if k:
            changed[p] = k
            if not args.dry_run:
                p.write_text("\n".join(out) + "\n", encoding="utf-8")
    for p, k in changed.items():
        print(f"{p.relative_to(CORPUS.parent.parent)}: {k} rows")
    print(f"{sum(changed.values())} rows changed ({len(plan)} in the plan)" + (" (dry run)" if args.dry_run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
