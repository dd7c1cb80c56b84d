"""Build ``corpus/gate/articles.jsonl`` from the hand-written ``sources/*.txt``.

    python corpus/gate/build.py

A source file holds articles, each opened by a header line
``### ID | GENRE | none|event | TITLE`` and followed by its paragraphs. In an ``event`` article
the sentences that carry the political event (``docs/codebook.md``) are wrapped in ``[[ ... ]]``;
the brackets are removed and their character spans kept as ``event_spans``, so the trainer can
label a sentence by whether it holds the event rather than by the article's topic. Output lines:
``{id, genre, title, text, event, event_spans}``, sorted by id (deterministic).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = re.compile(r"^### (\S+) \| ([^|]+?) \| (none|event) \| (.+)$")


def parse(path: Path) -> list[dict]:
    out: list[dict] = []
    cur: dict | None = None
    body: list[str] = []

    def flush() -> None:
        if cur is None:
            return
        raw = "\n".join(body).strip()
        text, spans, pos = [], [], 0
        for m in re.finditer(r"\[\[(.+?)\]\]", raw, flags=re.S):
            text.append(raw[pos : m.start()])
            start = sum(len(x) for x in text)
            text.append(m.group(1))
            spans.append([start, start + len(m.group(1))])
            pos = m.end()
        text.append(raw[pos:])
        cur["text"] = "".join(text)
        cur["event_spans"] = spans
        if "[[" in cur["text"] or "]]" in cur["text"]:
            raise ValueError(f"{path}: unbalanced [[ ]] in {cur['id']}")
        if cur["event"] and not spans:
            raise ValueError(f"{path}: event article {cur['id']} marks no event sentence")
        if not cur["event"] and spans:
            raise ValueError(f"{path}: no-event article {cur['id']} marks an event sentence")
        out.append(cur)

    for line in path.read_text("utf-8").splitlines():
        m = HEAD.match(line)
        if m:
            flush()
            cur = {"id": m.group(1), "genre": m.group(2).strip(), "title": m.group(4).strip(), "event": m.group(3) == "event"}
            body = []
        elif cur is not None:
            body.append(line)
    flush()
    return out


def main() -> int:
    arts = [a for p in sorted((HERE / "sources").glob("*.txt")) for a in parse(p)]
    ids = [a["id"] for a in arts]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate ids: {sorted(dup)}")
    arts.sort(key=lambda a: a["id"])
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps({k: a[k] for k in ("id", "genre", "title", "text", "event", "event_spans")}, ensure_ascii=False) + "\n")
    words = [len(a["text"].split()) for a in arts]
    print(f"{len(arts)} articles ({sum(a['event'] for a in arts)} with an event), {min(words)}-{max(words)} words, {sum(words)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
