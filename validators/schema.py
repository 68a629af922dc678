"""JSON Schema checking, and the one place jsonschema errors become findings (E8).

Messages are written in Chinese from the field's ``title`` (the label on the official form),
never from jsonschema's English text. Validators are compiled once per kind and reused.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from validators.catalogue import finding
from validators.findings import Finding
from validators.kinds import KINDS, SCHEMA_DIR

# Where each kind's own document says a field may not be left blank: a blank field cites it
# (S008), since a blank is the form's rule, not only the record's shape.
BLANK_FIELD_CLAUSE = {
    "nssf-publication": "000 附件 二.3①（页面上的必填项必须填写完整）",
    "achievement-registration": "002 三.3（审查资料的完整性和规范性）；003 方式二 3（形式审查）",
    "nssf-change-request": "001 四（确认无误后提交）",
    "nssf-completion": "001 五.1（须逐个完善各项信息，请真实填写项目结项相关信息）",
    "nssf-budget-adjustment": "001 六（提交时会对所填写的预算信息进行校验）",
    "journal-assessment": "004 填表说明 三（不得空项，没有内容的填写“无”）",
}

TYPE_ZH = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否（true/false）",
            "object": "对象", "array": "列表", "null": "空"}


def json_type(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def _decimals_keyword(validator, places, instance, schema):
    """``x-decimals``: at most N decimal places, judged on the number as written in the JSON
    (``multipleOf: 0.01`` is unusable for money: binary floats make 0.07 fail it)."""
    if isinstance(instance, float) and not isinstance(instance, bool):
        exponent = Decimal(repr(instance)).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            yield ValidationError(f"more than {places} decimal places")


PaperworkValidator = validators.extend(Draft202012Validator, {"x-decimals": _decimals_keyword})


@cache
def registry() -> Registry:
    resources = []
    for p in sorted(SCHEMA_DIR.glob("*.schema.json")):
        s = json.loads(p.read_text("utf-8"))
        resources.append((s["$id"], Resource.from_contents(s)))
    return Registry().with_resources(resources)


@cache
def schema_for(kind: str) -> dict:
    return json.loads(KINDS[kind].schema_path.read_text("utf-8"))


def _inline(node, base: str):
    """Replace every ``$ref`` by the schema it points to (our schemas are not recursive), so
    validation does no reference resolution per record — it was 77% of the time."""
    if isinstance(node, list):
        return [_inline(n, base) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _inline(v, base) for k, v in node.items() if k != "$defs"} | (
        {"$defs": node["$defs"]} if "$defs" in node else {})
    ref = node.pop("$ref", None)
    if ref is None:
        return node
    target = registry().resolver(base_uri=base).lookup(ref)
    resolved = _inline(target.contents, target.resolver._base_uri or base)
    return {**resolved, **node}


@cache
def compiled_schema(kind: str) -> dict:
    schema = schema_for(kind)
    return _inline(schema, schema["$id"])


@cache
def validator_for(kind: str) -> Draft202012Validator:
    schema = compiled_schema(kind)
    return PaperworkValidator(schema, registry=registry(),
                              format_checker=Draft202012Validator.FORMAT_CHECKER)


def _decimal_paths(node, path=()) -> list[tuple]:
    """Where ``x-decimals`` applies, as key paths with ``None`` for "every array item"."""
    found = []
    if isinstance(node, dict):
        if "x-decimals" in node:
            found.append((path, node["x-decimals"]))
        for key, sub in node.get("properties", {}).items():
            found.extend(_decimal_paths(sub, path + (key,)))
        if isinstance(node.get("items"), dict):
            found.extend(_decimal_paths(node["items"], path + (None,)))
        for branch in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(branch, []):
                found.extend(_decimal_paths(sub, path))
        for branch in ("then", "else"):
            if isinstance(node.get(branch), dict):
                found.extend(_decimal_paths(node[branch], path))
    return found


def _values_at(instance, path):
    if not path:
        yield instance
        return
    head, rest = path[0], path[1:]
    if head is None and isinstance(instance, list):
        for item in instance:
            yield from _values_at(item, rest)
    elif isinstance(instance, dict) and head in instance:
        yield from _values_at(instance[head], rest)


@cache
def fast_check(kind: str):
    """A compiled yes/no check for the common case of a valid record; only a record it rejects
    goes through jsonschema for the detailed, Chinese findings. Both read the same inlined
    schema under the same draft (2020-12) and the same ``date`` format (RFC 3339 full-date).

    jsonschema-rs (Rust) rather than fastjsonschema (generated Python, draft-07): 0.21 s
    against 1.01 s for 10,000 achievement registrations, most of a 10,000-row summary's
    validation. Anything it cannot take (an integer beyond 64 bits, a non-string key) counts
    as "not known valid" and goes the detailed way."""
    schema = {k: v for k, v in compiled_schema(kind).items() if k not in ("$id", "$defs")}
    compiled = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    decimals = _decimal_paths(schema)

    def is_valid(record) -> bool:
        try:
            if not compiled.is_valid(record):
                return False
        except Exception:   # noqa: BLE001 — a value the Rust side cannot convert
            return False
        for path, places in decimals:
            for v in _values_at(record, path):
                if isinstance(v, float) and -Decimal(repr(v)).as_tuple().exponent > places:
                    return False
        return True
    return is_valid


def pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _resolve(schema: dict, kind: str) -> dict:
    ref = schema.get("$ref")
    if not ref:
        return schema
    base = schema_for(kind)["$id"]
    resolved = registry().resolver(base_uri=base).lookup(ref).contents
    merged = dict(resolved)
    merged.update({k: v for k, v in schema.items() if k != "$ref"})
    return merged


def _subschemas(schema: dict, key, kind: str) -> list[dict]:
    """The schemas that apply to child ``key`` of an instance described by ``schema``."""
    schema = _resolve(schema, kind)
    found = []
    if isinstance(key, int):
        if isinstance(schema.get("items"), dict):
            found.append(schema["items"])
    else:
        props = schema.get("properties", {})
        if key in props:
            found.append(props[key])
    for branch in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(branch, []):
            found.extend(_subschemas(sub, key, kind))
    for sub in ("then", "else"):
        if isinstance(schema.get(sub), dict):
            found.extend(_subschemas(schema[sub], key, kind))
    return found


@cache
def _title_at(kind: str, parts: tuple) -> str:
    schemas = [schema_for(kind)]
    titles = []
    for key in parts:
        nxt = []
        for s in schemas:
            nxt.extend(_subschemas(s, key, kind))
        if not nxt:
            titles.append(str(key))
            schemas = []
            continue
        schemas = nxt
        title = next((s.get("title") for s in nxt if s.get("title")), None)
        if title is None:
            title = next((_resolve(s, kind).get("title") for s in nxt
                          if _resolve(s, kind).get("title")), None)
        if isinstance(key, int):
            titles.append(f"第{key + 1}项")
        else:
            titles.append(title or str(key))
    return " › ".join(titles) if titles else KINDS[kind].title


def title_for(kind: str, parts) -> str:
    generic = tuple(p for p in parts)
    return _title_at(kind, generic)


def _short(v, limit=40) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def error_to_findings(kind: str, error) -> list[Finding]:
    """The findings of one jsonschema error: one, or one per unknown field (S007)."""
    parts = list(error.absolute_path)
    path = pointer(parts)
    kw = error.validator
    sch = error.schema if isinstance(error.schema, dict) else {}
    title = title_for(kind, parts)
    name = str(parts[-1]) if parts else kind
    if kw in ("required", "dependentRequired"):
        # jsonschema reports one error per keyword, naming all the fields it lacks: each one
        # is a finding, so a blank record shows every missing section at once
        wanted = error.validator_value if kw == "required" else [
            p for present, deps in error.validator_value.items()
            if isinstance(error.instance, dict) and present in error.instance for p in deps]
        missing = [p for p in dict.fromkeys(wanted) if isinstance(error.instance, dict)
                   and p not in error.instance]
        return [finding("S001", pointer(parts + [p]), title=title_for(kind, parts + [p]), name=p)
                for p in missing]
    if kw == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return [finding("S002", path, title=title, name=name,
                        expected="或".join(TYPE_ZH.get(t, t) for t in expected),
                        expected_en=" or ".join(expected),
                        actual=TYPE_ZH.get(json_type(error.instance), "?"))]
    if kw in ("enum", "const"):
        allowed = error.validator_value if kw == "enum" else [error.validator_value]
        return [finding("S003", path, title=title, name=name, value=_short(error.instance),
                        allowed="、".join(_short(a, 20) for a in allowed))]
    if kw in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return [finding("S008", path, source=BLANK_FIELD_CLAUSE.get(kind), title=title, name=name)]
    if kw in ("pattern", "format"):
        hint = sch.get("x-format-hint") or (
            "日期请写成 YYYY-MM-DD，例如 2025-06-30。" if error.validator_value == "date"
            else sch.get("description") or "请检查格式。")
        return [finding("S004", path, title=title, name=name, value=_short(error.instance),
                        format_hint=hint)]
    if kw == "x-decimals":
        return [finding("S011", path, title=title, name=name, places=error.validator_value,
                        value=_short(error.instance))]
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        lo, hi = sch.get("minimum", sch.get("exclusiveMinimum")), sch.get("maximum",
                                                                           sch.get("exclusiveMaximum"))
        if kw == "multipleOf":
            bound = f"最多保留 {_decimals(error.validator_value)} 位小数"
        elif lo is not None and hi is not None:
            bound = f"{lo}～{hi}"
        elif lo is not None:
            bound = f"{'大于' if 'exclusiveMinimum' in sch else '不小于'} {lo}"
        else:
            bound = f"{'小于' if 'exclusiveMaximum' in sch else '不大于'} {hi}"
        return [finding("S005", path, title=title, name=name, value=_short(error.instance),
                        bound=bound)]
    if kw in ("minItems", "maxItems", "minLength", "maxLength"):
        n = error.validator_value
        unit = " 项" if "Items" in kw else " 个字符"
        actual = len(error.instance)
        if kw.startswith("min"):
            what, limit = f"至少需要 {n}{unit}，现有 {actual}{unit}", f"不少于 {n}{unit}"
        else:
            what, limit = f"最多 {n}{unit}，现有 {actual}{unit}", f"不超过 {n}{unit}"
        return [finding("S006", path, title=title, name=name, what=what, what_en=f"{kw} {n}",
                        limit=limit)]
    if kw in ("additionalProperties", "unevaluatedProperties"):
        allowed = set(sch.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed) if isinstance(
            error.instance, dict) else []
        return [finding("S007", pointer(parts + [k]), title=title, field=k) for k in extra] or \
             [finding("S007", path, title=title, field="?")]
    if kw == "uniqueItems":
        return [finding("S010", path, title=title, name=name)]
    return [finding("S009", path, title=title, name=name, value=_short(error.instance))]


def _decimals(step) -> int:
    s = repr(step)
    return len(s.split(".")[1]) if "." in s else 0


def check(kind: str, record: dict) -> list:
    if fast_check(kind)(record):
        return []
    out = []
    for error in validator_for(kind).iter_errors(record):
        if error.validator in ("anyOf", "oneOf") and error.context:
            # report the branch errors of the closest variant instead of "matches none"
            best = min(error.context, key=lambda e: len(list(e.absolute_path)) * -1)
            errs = [e for e in error.context if e.relative_schema_path[0] == best.relative_schema_path[0]]
            for e in errs:
                out.extend(error_to_findings(kind, e))
            continue
        out.extend(error_to_findings(kind, error))
    return out
