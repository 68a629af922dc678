"""Real Chinese examples for the OpenAPI page, taken from ``samples/records/`` (E6: the sample
records double as API examples)."""
from __future__ import annotations

import json
from functools import cache

from validators.kinds import KINDS, SAMPLES_DIR

RECORDS = SAMPLES_DIR / "records"


def _title(record: dict) -> str:
    for path in (("achievement", "name"), ("book", "title"), ("project", "title"),
                 ("journal", "name")):
        node = record
        for p in path:
            node = node.get(p) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node
    return record.get("kind", "")


@cache
def records(kind: str | None = None, invalid: bool = False) -> dict[str, dict]:
    """{example name: {"summary", "value"}} for the valid (or invalid) samples of a kind."""
    out = {}
    for k in ([kind] if kind else KINDS):
        folder = RECORDS / k / ("invalid" if invalid else "")
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            if path.name.endswith(".context.json"):
                continue
            try:
                record = json.loads(path.read_text("utf-8"))
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            label = f"{KINDS[k].title}：{_title(record)}"
            if invalid:
                label = f"有问题的记录（{path.stem}）：{_title(record)}"
            out[f"{k}/{path.stem}"] = {"summary": label, "value": record}
    return out


def first(kind: str) -> dict | None:
    found = records(kind)
    return next(iter(found.values()))["value"] if found else None


def json_body(description: str, examples: dict, schema: dict | None = None) -> dict:
    """An ``openapi_extra`` request body for handlers that read the raw body themselves."""
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": schema or {"type": "object"}, "examples": examples}}}}


def validate_examples() -> dict:
    examples = dict(list(records().items())[:6])
    for name, ex in list(records("achievement-registration", invalid=True).items())[:2]:
        examples[name] = ex
    batch = [ex["value"] for ex in list(records().values())[:3]]
    if batch:
        examples["batch"] = {"summary": f"批量校验 {len(batch)} 条记录", "value": {"records": batch}}
    return examples
