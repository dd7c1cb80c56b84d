"""Build ``src/eventcoder/data/vectors/wordllama-l2-supercat-64.npz`` from the WordLlama package.

Why: event coreference, typing and detection need to know that "strike" and "hit" or
"shooting" and "gunfire" name alike things and "arrested" and "killed" do not; spaCy's small
model has no static vectors and its context tensors rank any two verbs alike. WordLlama
(MIT, https://github.com/dleemiller/WordLlama) ships, inside its PyPI wheel, a 32,000-token
embedding table trained for similarity (MTEB) from the concatenated token codebooks of
LLaMA 2 70B and phi-3 medium, with Matryoshka dimensions: its first 64 of 256 columns keep
nearly all of the word-similarity signal. This script keeps those 64 columns (float16), the
tokenizer's pieces and BPE merges, so eventcoder needs neither WordLlama, ``tokenizers`` nor
anything downloaded at run time: ``eventcoder.vectors`` re-implements the byte-pair encoding
and WordLlama's average pooling with numpy.

Run in a throw-away environment (it is a build step, not a runtime dependency)::

    python -m venv /tmp/wl && /tmp/wl/bin/pip install wordllama==0.4.0.post1
    /tmp/wl/bin/python scripts/build_vectors.py

The output is deterministic (same wheel, same file).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src/eventcoder/data/vectors/wordllama-l2-supercat-64.npz"
DIMS = 64


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dims", type=int, default=DIMS)
    args = ap.parse_args()
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install wordllama==0.4.0.post1 in this environment first (see the docstring)")
    root = Path(next(iter(spec.submodule_search_locations)))
    from safetensors.numpy import load_file  # noqa: PLC0415 - build-time dependency of wordllama

    table = load_file(str(root / "weights/l2_supercat_256.safetensors"))["embedding.weight"]
    cfg = json.loads((root / "tokenizers/l2_supercat_tokenizer_config.json").read_text(encoding="utf-8"))
    model = cfg["model"]
    if model["type"] != "BPE" or not model.get("byte_fallback"):
        raise SystemExit(f"unexpected tokenizer model: {model['type']}")
    vocab: dict[str, int] = model["vocab"]
    pieces = [""] * len(vocab)
    for piece, i in vocab.items():
        pieces[i] = piece
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    emb = np.asarray(table[:, : args.dims], dtype=np.float16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        embedding=emb,
        pieces=np.array(pieces, dtype=str),
        merges=np.array(merges, dtype=str),
        meta=np.array(json.dumps({
            "source": "wordllama==0.4.0.post1 weights/l2_supercat_256.safetensors",
            "tokenizer": "wordllama==0.4.0.post1 tokenizers/l2_supercat_tokenizer_config.json",
            "dims": args.dims, "tokens": len(pieces), "merges": len(merges),
        })),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {len(pieces)} pieces, {len(merges)} merges, {args.dims} dims")


if __name__ == "__main__":
    main()
