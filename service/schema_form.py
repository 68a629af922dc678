"""The edit form of a record, built from its kind's JSON Schema (issue #18 item 4), and the way
back from the posted fields to the record.

Every control is named by the JSON Pointer of its value (``/completers/1/name``) and its id is
``f`` + that pointer, so a finding's path finds its control and a link ``#f/completers/1/name``
jumps to it. Objects are fieldsets; lists of objects are rows, each with 删除此行, and the list
has 增加一行 — plain submit buttons, so rows are added and removed by re-rendering the form on
the server with every value kept (no JavaScript needed). Enumerations are selects, dates date
pickers, lists of plain values one per line. Fields the server owns are shown, never posted:
their values come from the store (a new version) or are left to the registering body.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from validators.schema import registry, schema_for

MAX_DEPTH = 6
ADD, REMOVE = "_add", "_remove"     # the names of the row buttons; their value is a pointer


@dataclass
class Node:
    pointer: str
    title: str
    description: str = ""
    widget: str = "text"  # object, rows, text, textarea, number, date, month, select, bool, lines, json, const, server
    options: tuple = ()
    required: bool = False
    value: object = None       # a scalar as its control shows it
    children: list = field(default_factory=list)   # an object's fields; a list's rows
    findings: list = field(default_factory=list)
    numeric: bool = False
    max_items: int | None = None

    @property
    def anchor(self) -> str:
        return "f" + self.pointer

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


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


def _scalar_widget(node: dict) -> tuple[str, tuple]:
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
    pattern = str(node.get("pattern", ""))
    if node.get("format") == "date" or pattern.startswith("^\\d{4}-\\d{2}-\\d{2}"):
        return "date", ()
    if pattern == "^(19|20)\\d{2}-(0[1-9]|1[0-2])$":
        return "month", ()
    if (node.get("maxLength") or 0) > 2000:
        return "textarea", ()
    return "text", ()


def _kind_of(node: dict, resolver) -> str:
    """object, rows (a list of objects), lines (a list of plain values), json, or scalar."""
    if node.get("type") == "object" and "properties" in node:
        return "object"
    if node.get("type") == "array":
        items, item_resolver = _resolve(node.get("items") or {}, resolver)
        if items.get("type") == "object" and "properties" in items:
            return "rows"
        return "json" if _types(items, item_resolver) & {"array", "object"} else "lines"
    return "scalar"


def _shown(value, widget: str):
    if value is None:
        return None
    if widget == "lines" and isinstance(value, list):
        return "\n".join(str(x) for x in value)
    if widget == "json" or isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _template(pointer: str) -> str:
    """``/completers/3/name`` → ``/completers/*/name``: the schema's place of a pointer."""
    return "/".join("*" if p.isdigit() else p for p in pointer.split("/"))


def form_for(kind: str, record: dict | None, findings=(), server_owned=()) -> Node:
    """The form of ``record`` (None: empty), each finding on the control of its path (or the
    nearest enclosing one), ``server_owned`` pointers read-only."""
    schema = schema_for(kind)
    resolver = registry().resolver(base_uri=schema["$id"])
    owned = set(server_owned)
    fresh = record is None

    def build(node, resolver, pointer, title, required, value, depth) -> Node:
        node, resolver = _resolve(node, resolver)
        title = node.get("title") or title
        out = Node(pointer, title, node.get("description", ""), required=required)
        shape = _kind_of(node, resolver)
        if pointer in owned or _template(pointer) in owned:
            out.widget, out.value = "server", value if isinstance(value, str) else _shown(value, "json")
        elif shape == "object" and depth < MAX_DEPTH:
            out.widget = "object"
            needed = set(node.get("required", []))
            given = value if isinstance(value, dict) else {}
            for name, child in node["properties"].items():
                out.children.append(build(child, resolver, f"{pointer}/{name}", name, name in needed,
                                          given.get(name), depth + 1))
        elif shape == "rows" and depth < MAX_DEPTH:
            out.widget, out.max_items = "rows", node.get("maxItems")
            # an empty form opens a list that needs an item with its first row ready
            rows = value if isinstance(value, list) else [{}] if fresh and node.get("minItems") else []
            for i, row in enumerate(rows):
                child = build(node["items"], resolver, f"{pointer}/{i}", "第", True, row, depth + 1)
                child.title = f"{child.title} {i + 1}"
                out.children.append(child)
        elif shape in ("lines", "json"):
            items = _resolve(node.get("items") or {}, resolver)[0]
            out.widget, out.numeric = shape, bool(_types(items, resolver) & {"number", "integer"})
            out.value = _shown(value, shape)
        else:
            out.widget, out.options = _scalar_widget(node)
            out.numeric = bool(_types(node, resolver) & {"number", "integer"})
            out.value = _shown(value, out.widget)
        return out

    root = build(schema, resolver, "", schema.get("title", kind), True, record or {}, 0)
    by_pointer = {n.pointer: n for n in root.walk()}
    for f in findings:
        path = f.get("path") or ""
        while path and path not in by_pointer:
            path = path.rsplit("/", 1)[0]
        by_pointer.get(path, root).findings.append(f)
    return root


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text   # the schema reports it as "应为数字"


def _row_indices(form, pointer: str) -> list[int]:
    prefix = pointer + "/"
    found = set()
    for name in form.keys():
        if name.startswith(prefix):
            head = name[len(prefix):].split("/", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def _scalar(n: Node, text: str):
    if n.widget == "const":
        return n.options[0]
    if not text:
        return None
    if n.widget == "number" or (n.numeric and n.widget == "text"):
        return _number(text)
    if n.widget == "bool":
        return text == "true"
    if n.widget == "lines":
        return [_number(x.strip()) if n.numeric else x.strip() for x in text.splitlines() if x.strip()]
    if n.widget == "json":
        try:
            return json.loads(text)
        except ValueError:
            return text   # reported by the schema as the wrong type
    return text


def record_from_form(kind: str, form, server_owned=()) -> dict:
    """The record the posted fields (pointer → text) describe; empty fields left out, so the
    schema's own findings say what is missing. ``server_owned`` fields are never read from it."""
    schema = schema_for(kind)
    resolver = registry().resolver(base_uri=schema["$id"])
    owned = set(server_owned)

    def read(node, resolver, pointer, depth, keep_empty=False):
        if pointer in owned or _template(pointer) in owned:
            return None
        node, resolver = _resolve(node, resolver)
        shape = _kind_of(node, resolver)
        if shape == "object" and depth < MAX_DEPTH:
            out = {}
            for name, child in node["properties"].items():
                v = read(child, resolver, f"{pointer}/{name}", depth + 1)
                if v is not None:
                    out[name] = v
            return out if out or keep_empty else None
        if shape == "rows" and depth < MAX_DEPTH:
            rows = [read(node["items"], resolver, f"{pointer}/{i}", depth + 1, keep_empty=True)
                    for i in _row_indices(form, pointer)]
            return rows or None
        probe = Node(pointer, "")
        if shape in ("lines", "json"):
            items = _resolve(node.get("items") or {}, resolver)[0]
            probe.widget, probe.numeric = shape, bool(_types(items, resolver) & {"number", "integer"})
        else:
            probe.widget, probe.options = _scalar_widget(node)
            probe.numeric = bool(_types(node, resolver) & {"number", "integer"})
        raw = form.get(pointer)
        return _scalar(probe, str(raw).strip() if isinstance(raw, str) else "")

    record = read(schema, resolver, "", 0, keep_empty=True)
    record.setdefault("kind", kind)
    return record


def with_row_change(record: dict, form) -> tuple[dict, str | None]:
    """``record`` with the row a 增加一行 / 删除此行 button asks for added or removed, and the
    anchor to show next (the new row, or the list); None when no row button was pressed."""
    add, remove = form.get(ADD), form.get(REMOVE)
    target = add if isinstance(add, str) and add else remove if isinstance(remove, str) and remove else None
    if target is None:
        return record, None
    parts = target.split("/")[1:]
    if remove and parts and parts[-1].isdigit():
        index, parts = int(parts[-1]), parts[:-1]
    else:
        index = None
    node = record
    for p in parts[:-1]:
        if isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        elif isinstance(node, dict):
            node = node.setdefault(p, {})
        else:
            return record, None
    if not isinstance(node, dict) or not parts:
        return record, None
    rows = node.get(parts[-1])
    rows = rows if isinstance(rows, list) else []
    list_pointer = "/" + "/".join(parts)
    if index is None:
        rows.append({})
        node[parts[-1]] = rows
        return record, f"f{list_pointer}/{len(rows) - 1}"
    if index < len(rows):
        del rows[index]
    node[parts[-1]] = rows
    return record, f"f{list_pointer}"
