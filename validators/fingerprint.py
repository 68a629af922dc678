"""Record fingerprint and the verification QR payload printed on every form.

A printed form carries a QR code so that archive staff (and the PDF-intake checks) can tell
whether a paper copy matches the record that was registered. The payload names the form, the
record kind, the record id (or the 成果登记号 once issued) and a SHA-256 fingerprint of the
record's canonical JSON.

Canonical JSON (``canonical_json``), chosen to agree with RFC 8785 (JCS) for every record this
project stores:

- UTF-8, no BOM, no insignificant whitespace (separators ``,`` and ``:``);
- object keys sorted (our keys are ASCII, so code-point order equals JCS's UTF-16 order);
- strings as JSON strings with non-ASCII characters kept as they are (not ``\\uXXXX``);
- integral floats written as integers (``120.0`` → ``120``, as JCS/ECMAScript would), other
  numbers with Python's shortest round-trip repr (``120.5``); NaN and infinities refused.

Payload (one line, ASCII apart from the values, fields separated by ``;``)::

    PW1;form=registration_form;kind=achievement-registration;id=AR-2025-0001;no=1402025Y0123;st=final;sha256=<64 hex>

``id`` is :func:`record_id` (the record's ``id``, or what names it on paper for kinds
without one). ``PW1`` is the payload version. ``no`` appears only when a 成果登记号 exists. A form built from
several records (the summary tables) carries ``n=<count>`` instead of ``id`` and fingerprints
the canonical JSON *array* of the records in the order printed. Values are percent-encoded
(``urllib.parse.quote``) so a ``;`` or ``=`` inside an id cannot break the format.

``st`` says whether the paper is a draft (``st=draft``: printed with the 草稿 watermark, not to
be filed) or a final form (``st=final``), so that whoever scans it is told a draft is a draft
even when its fingerprint matches the record. Forms printed before ``st`` existed carry no
``st``; they were final forms or watermarked drafts, and :func:`payload_state` reads a payload
without it as ``final`` (the watermark on the paper still shows a draft of that time).
"""
from __future__ import annotations

import hashlib
import json
from urllib.parse import quote, unquote

from validators.loader import NOT_A_NUMBER, refuse_lone_surrogates

PAYLOAD_VERSION = "PW1"


def _normalise(value):
    # dispatch on the exact type first: most values are strings and leave at once
    t = type(value)
    if t is str:
        return value
    if t is dict:
        return {k: v if type(v) is str else _normalise(v) for k, v in value.items()}
    if t is list or t is tuple:
        return [v if type(v) is str else _normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    return value


def canonical_json(record) -> bytes:
    """The record (or a list of records) as canonical JSON bytes.

    >>> canonical_json({"b": 1.0, "a": ["成果", 120.5]})
    b'{"a":["\\xe6\\x88\\x90\\xe6\\x9e\\x9c",120.5],"b":1}'
    """
    try:
        text = json.dumps(_normalise(record), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False, allow_nan=False)
    except ValueError:                     # NaN or an infinity: JSON has no such number
        raise ValueError(NOT_A_NUMBER) from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:             # half of a UTF-16 pair: say where, in Chinese
        refuse_lone_surrogates(record)
        raise


def fingerprint(record) -> str:
    """SHA-256 of :func:`canonical_json`, lower-case hex (64 characters)."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def registration_number(record: dict) -> str | None:
    """The 成果登记号 of an achievement registration, if issued."""
    reg = record.get("registration") if isinstance(record, dict) else None
    if isinstance(reg, dict) and isinstance(reg.get("number"), str) and reg["number"].strip():
        return reg["number"].strip()
    return None


def record_id(record: dict) -> str:
    """What names a record on paper: its ``id``; a change request's ``request_id``; otherwise the
    project's 批准号 (completion, budget adjustment); a periodical's CN number and year.

    >>> record_id({"request_id": "CR-7"}), record_id({"project": {"approval_number": "22BTQ041"}})
    ('CR-7', '22BTQ041')
    >>> record_id({"basic_info": {"cn": "50-1023/C"}, "assessment_year": 2025})
    '50-1023/C-2025'
    """
    for value in (record.get("id"), record.get("request_id"),
                  (record.get("project") or {}).get("approval_number")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    cn = (record.get("basic_info") or {}).get("cn")
    if isinstance(cn, str) and cn.strip():
        year = record.get("assessment_year")
        return f"{cn.strip()}-{year}" if year else cn.strip()
    return ""


DRAFT, FINAL = "draft", "final"


def qr_payload(form: str, record, sha256: str | None = None, *, draft: bool = False) -> str:
    """The text encoded in the form's QR code (see the module docstring).

    >>> p = qr_payload("registration_form", {"kind": "achievement-registration", "id": "AR-1"})
    >>> p[:56]
    'PW1;form=registration_form;kind=achievement-registration'
    >>> parse_payload(p)["id"]
    'AR-1'
    """
    fields = [("form", form)]
    if isinstance(record, (list, tuple)):
        kinds = sorted({str(r.get("kind", "")) for r in record})
        fields += [("kind", ",".join(kinds)), ("n", str(len(record)))]
    else:
        fields += [("kind", str(record.get("kind", ""))), ("id", record_id(record))]
        number = registration_number(record)
        if number:
            fields.append(("no", number))
    fields.append(("st", DRAFT if draft else FINAL))
    fields.append(("sha256", sha256 or fingerprint(list(record) if isinstance(record, tuple)
                                                   else record)))
    return ";".join([PAYLOAD_VERSION] + [f"{k}={quote(v, safe='-_.,')}" for k, v in fields])


def parse_payload(text: str) -> dict:
    """Split a QR payload back into its fields; raises ValueError if it is not ours."""
    parts = text.strip().split(";")
    if not parts or parts[0] != PAYLOAD_VERSION:
        raise ValueError(f"不是 paperwork 表格的校验码（应以 {PAYLOAD_VERSION} 开头）")
    out = {"version": parts[0]}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"校验码字段格式不正确：{part[:40]}")
        out[key] = unquote(value)
    if "sha256" not in out or len(out["sha256"]) != 64:
        raise ValueError("校验码缺少 SHA-256 指纹")
    return out


def payload_state(fields: dict) -> str:
    """``draft`` or ``final`` from :func:`parse_payload`'s fields; an older payload without
    ``st`` is a final.

    >>> payload_state(parse_payload("PW1;form=f;kind=k;id=A;st=draft;sha256=" + "0" * 64))
    'draft'
    >>> payload_state(parse_payload("PW1;form=f;kind=k;id=A;sha256=" + "0" * 64))
    'final'
    """
    return DRAFT if fields.get("st") == DRAFT else FINAL
