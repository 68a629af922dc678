"""A fill-in form generated from a record kind's JSON Schema (pre-check page, issue #6: "fill a
generated form from the schema"), and the way back from the posted fields to a record.

Each field is named by the JSON Pointer of its value. Scalars get an input of their type
(enum → select, date → date picker, long text → text area); lists of plain values are one per
line; lists of objects are edited as JSON. Empty fields are left out, so the schema's own
findings say what is missing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from validators.schema import registry, schema_for

MAX_DEPTH = 5


@dataclass(frozen=True)
class Field:
    pointer: str
    label: str         # titles from the top, "成果信息 › 成果名称"
    title: str
    description: str
    widget: str        # text, textarea, number, date, select, bool, lines, json, const
    options: tuple = ()
    required: bool = False
    depth: int = 0
    value: object = None
    numeric: bool = False   # the value (or each line) may be a number: convert when it reads as one

    @property
    def section(self) -> str:
        return self.label.split(" › ")[0]

    @property
    def name(self) -> str:
        return self.label.split(" › ")[-1]


def _resolve(node: dict, resolver):
    """Follow ``$ref`` (local keywords win); returns the node and the resolver for its refs."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        resolved = resolver.lookup(node["$ref"])
        node = {**resolved.contents, **{k: v for k, v in node.items() if k != "$ref"}}
        resolver = resolved.resolver
        seen += 1
    return node, resolver


def _types(node: dict, resolver) -> set:
    node, resolver = _resolve(node, resolver)
    t = node.get("type")
    found = set(t) if isinstance(t, list) else {t} if t else set()
    for branch in node.get("anyOf", []) + node.get("oneOf", []):
        found |= _types(branch, resolver)
    return found


def _widget(node: dict) -> tuple[str, tuple]:
    if "const" in node:
        return "const", (node["const"],)
    if "enum" in node:
        return "select", tuple(node["enum"])
    t = node.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if t == "boolean":
        return "bool", ()
    if t in ("integer", "number"):
        return "number", ()
    if t == "array":
        return "lines", ()   # or "json" for lists of objects, decided by the caller
    if node.get("format") == "date" or str(node.get("pattern", "")).startswith("^\\d{4}-\\d{2}-\\d{2}"):
        return "date", ()
    if (node.get("maxLength") or 0) > 2000:
        return "textarea", ()
    return "text", ()


def fields_for(kind: str) -> list[Field]:
    schema = schema_for(kind)
    root = registry().resolver(base_uri=schema["$id"])
    out: list[Field] = []

    def walk(node: dict, resolver, pointer: str, labels: list[str], required: bool, depth: int):
        node, resolver = _resolve(node, resolver)
        title = node.get("title") or pointer.rsplit("/", 1)[-1]
        if node.get("type") == "object" and "properties" in node and depth < MAX_DEPTH:
            needed = set(node.get("required", []))
            for name, child in node["properties"].items():
                child_title = child.get("title") or _resolve(child, resolver)[0].get("title") or name
                walk(child, resolver, f"{pointer}/{name}", labels + [child_title], name in needed,
                     depth + 1)
            return
        widget, options = _widget(node)
        numeric = bool(_types(node, resolver) & {"number", "integer"})
        if widget in ("lines", "json"):
            items = _resolve(node.get("items") or {}, resolver)[0]
            widget = "json" if items.get("type") == "object" else "lines"
            numeric = bool(_types(items, resolver) & {"number", "integer"})
        out.append(Field(pointer, " › ".join(labels), title, node.get("description", ""), widget,
                         options, required, depth, numeric=numeric))

    walk(schema, root, "", [], True, 0)
    return out


def _set(record: dict, pointer: str, value) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node = record
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text   # the schema reports it as "应为数字"


def record_from_form(kind: str, form) -> dict:
    """Build the record from posted fields (``form`` maps pointer → text)."""
    record: dict = {}
    for f in fields_for(kind):
        raw = form.get(f.pointer)
        if f.widget == "const":
            _set(record, f.pointer, f.options[0])
            continue
        text = str(raw).strip() if raw is not None else ""
        if not text:
            continue
        if f.widget == "number" or (f.numeric and f.widget == "text"):
            value = _number(text)
        elif f.widget == "bool":
            value = text == "true"
        elif f.widget == "lines":
            value = [_number(line.strip()) if f.numeric else line.strip()
                     for line in text.splitlines() if line.strip()]
        elif f.widget == "json":
            try:
                value = json.loads(text)
            except ValueError:
                value = text   # reported by the schema as the wrong type
        else:
            value = text
        _set(record, f.pointer, value)
    record.setdefault("kind", kind)
    return record
