"""Records per second: our validation path against a naive baseline, in one run.

Naive baseline (issue #2): ``jsonschema.validate`` with the schema loaded from disk on every
call (and therefore checked and compiled on every call). Our path: ``validators.engine.validate``
— the compiled validator reused, plus every business rule of the kind.

    .venv/bin/python bench/validate.py [--records 3000]
"""
from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from validators.context import Context
from validators.engine import validate

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
SAMPLES = ROOT / "samples" / "records"


def naive(record: dict, kind: str) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    common = json.loads((SCHEMAS / "common.schema.json").read_text("utf-8"))
    registry = Registry().with_resource(common["$id"], Resource.from_contents(common))
    try:
        jsonschema.validate(record, schema, registry=registry)
    except jsonschema.ValidationError:
        pass


def records_for(kind: str, n: int) -> list[dict]:
    bases = [json.loads(p.read_text("utf-8")) for p in sorted((SAMPLES / kind).glob("*.json"))]
    out = []
    for i in range(n):
        r = copy.deepcopy(bases[i % len(bases)])
        r["id"] = f"BENCH-{i:06d}"
        out.append(r)
    return out


def rate(fn, records, kind) -> float:
    start = time.perf_counter()
    for r in records:
        fn(r, kind)
    return len(records) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=3000)
    args = parser.parse_args()
    ctx = Context()
    ours = lambda r, kind: validate(r, ctx)  # noqa: E731
    print(f"{'kind':28} {'ours rec/s':>11} {'naive rec/s':>12} {'ratio':>7}")
    for kind in ("achievement-registration", "nssf-publication"):
        records = records_for(kind, args.records)
        validate(records[0], ctx)  # warm: compile once, as the service does at start-up
        naive_n = max(50, args.records // 20)
        ours_rate = rate(ours, records, kind)
        naive_rate = rate(naive, records[:naive_n], kind)
        print(f"{kind:28} {ours_rate:11.0f} {naive_rate:12.0f} {ours_rate / naive_rate:6.1f}×")


if __name__ == "__main__":
    main()
