"""The verification QR code printed on paperwork's forms, read back from a PDF.

The payload is defined once, in :mod:`validators.fingerprint`:
``PW1;form=…;kind=…;id=…;[no=…;]st=draft|final;sha256=<64 hex>``, where the fingerprint is the SHA-256 of the
record's canonical JSON. A printed form matches a record when the fingerprint in its code is
the record's fingerprint; a record changed after printing (a forged or outdated paper copy)
gives a mismatch. Codes are found with zxing-cpp on pages rendered by pypdfium2.

>>> payload_fingerprint('PW1;form=registration_form;kind=x;id=A;sha256=' + 'ab' * 32)
'abababababababababababababababababababababababababababababababab'
>>> payload_fingerprint('https://example.invalid/') is None
True
"""
from __future__ import annotations

import re

from validators.fingerprint import DRAFT, fingerprint, parse_payload, payload_state

_HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def decode_image(image) -> list[str]:
    """Texts of every QR code in a PIL image."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"),
                                                   formats=zxingcpp.BarcodeFormat.QRCode)]


def payload_fingerprint(text: str) -> str | None:
    """The record fingerprint in a payload: our ``PW1`` format, or any 64-hex string."""
    try:
        return parse_payload(text)["sha256"].lower()
    except ValueError:
        m = _HEX64.search(text.lower())
        return m.group(0) if m else None


def compare(codes: list[dict], record: dict | None) -> dict:
    """``codes``: ``[{page, text}]`` → ``{status, expected, codes}``.

    ``status``: ``match`` (a code carries the record's fingerprint), ``mismatch`` (codes of
    ours were found, none with the record's fingerprint), ``no-code`` (no code of ours found),
    ``found`` (codes of ours, no record to compare with). Each code of ours has ``state``
    (``draft`` or ``final``; a code of ours without ``st``, or a bare fingerprint, is a final);
    ``drafts`` lists the pages whose code says draft.
    """
    ours = []
    for c in codes:
        fp = payload_fingerprint(c["text"])
        if fp:
            entry = {"page": c["page"], "fingerprint": fp, "payload": c["text"][:300], "state": "final"}
            try:
                fields = parse_payload(c["text"])
                entry.update({k: fields[k] for k in ("form", "kind", "id", "no") if k in fields})
                entry["state"] = payload_state(fields)
            except ValueError:
                pass
            ours.append(entry)
    if not ours:
        return {"status": "no-code", "codes": [], "other_codes": len(codes)}
    drafts = sorted({c["page"] for c in ours if c["state"] == DRAFT})
    if record is None:
        return {"status": "found", "codes": ours, "drafts": drafts}
    expected = fingerprint(record)
    status = "match" if any(c["fingerprint"] == expected for c in ours) else "mismatch"
    return {"status": status, "expected": expected, "codes": ours, "drafts": drafts}
