"""The archive package of a submission: one ZIP with the record, the rendered forms, the
attachments, a manifest of SHA-256 sums and the manifest's Ed25519 signature, so what was
registered can be archived and checked later, here or at another installation (issue #6
"submission package export", issue #12 "Trust").

A package sent to us is unpacked within bounds in a child process (:mod:`package_zip`), then
judged here: every file against the manifest, the manifest against its signature
(:mod:`package_signing`), and the form's QR code against record.json."""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from generator.render import RenderRefused, render
from service.ops.package_signing import SIGNATURE, PackageKeys, signature_file
from service.ops.package_zip import NotAPackage, Unpacked, ZipBounds, unpack
from validators.pdf import qr

MANIFEST = "manifest.json"
RECORD = "record.json"

# the forms rendered into a package, per kind (when the forms renderer is installed)
PACKAGE_FORMS = {"achievement-registration": ("registration_form", "pdf"),
                 "nssf-change-request": ("change_approval", "pdf"),
                 "nssf-completion": ("completion", "pdf"),
                 "nssf-budget-adjustment": ("budget_adjustment", "pdf"),
                 "journal-assessment": ("journal_assessment", "pdf"),
                 "nssf-publication": ("publication_mailing", "pdf")}


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name)[:150] or "file"


def _rendered_forms(record: dict) -> list[tuple[str, bytes]]:
    form = PACKAGE_FORMS.get(record.get("kind"))
    if form is None:
        return []
    try:                            # the form as printed; a record with errors only as a draft
        rendered = render(form[0], [record], form[1])
    except RenderRefused:
        try:
            rendered = render(form[0], [record], form[1], draft=True)
        except RenderRefused:       # not even a draft can be laid out: the manifest lists no form
            return []
    return [(f"forms/{_safe(rendered.file_name)}", rendered.data)]


def build(info: dict, files, keys: PackageKeys) -> tuple[bytes, str]:
    latest = info["latest"]
    entries: list[tuple[str, bytes]] = [
        (RECORD, json.dumps(latest["record"], ensure_ascii=False, indent=2).encode("utf-8")),
        ("findings.json", json.dumps(latest["findings"], ensure_ascii=False, indent=2).encode("utf-8")),
    ]
    entries += _rendered_forms(latest["record"])
    seen = set()
    for a in latest["attachments"]:
        name = f"attachments/{_safe(a['file_name'])}"
        if name in seen:
            name = f"attachments/{a['sha256'][:8]}-{_safe(a['file_name'])}"
        seen.add(name)
        entries.append((name, files.get(a["sha256"])))
    manifest = {
        "submission": {k: info[k] for k in ("id", "kind", "record_id", "title", "registration_no",
                                            "status", "current_version")},
        "registration": info.get("registration"), "receipt": info.get("receipt"),
        "forms_included": any(n.startswith("forms/") for n, _ in entries),
        "files": [{"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                  for n, d in entries],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
        z.writestr(MANIFEST, manifest_bytes)
        z.writestr(SIGNATURE, signature_file(keys.own, manifest_bytes))
    stem = info.get("registration_no") or info.get("record_id") or f"提交{info['id']}"
    return buf.getvalue(), f"归档包-{_safe(stem)}-第{info['current_version']}版.zip"


NOT_A_PACKAGE = "不是有效的归档包（ZIP 中缺少 manifest.json 或其格式不正确）"
VERIFY_READS = (MANIFEST, SIGNATURE, RECORD, "forms/")
IMPORT_READS = VERIFY_READS + ("attachments/",)


def verify(data: bytes, keys: PackageKeys, bounds: ZipBounds) -> dict:
    """Check every file of a package against its manifest, the manifest against its signature
    and the form's QR code against record.json. Raises ``PackageRefused`` (a ZIP bound)."""
    return check(data, keys, bounds, VERIFY_READS)[0]


def check(data: bytes, keys: PackageKeys, bounds: ZipBounds,
          reads: tuple[str, ...] = IMPORT_READS) -> tuple[dict, Unpacked | None]:
    """:func:`verify`'s report, and the unpacked files (``reads``) of a package that has a manifest."""
    try:
        unpacked = unpack(data, bounds, reads)
        manifest = json.loads(unpacked.contents[MANIFEST])
        listed = [e for e in manifest["files"] if isinstance(e, dict)]
    except (NotAPackage, KeyError, ValueError, TypeError):
        return {"ok": False, "detail": NOT_A_PACKAGE, "files": []}, None
    files = _files(listed, unpacked)
    signature = keys.check(unpacked.contents.get(SIGNATURE), unpacked.contents[MANIFEST])
    form_qr = _form_qr(unpacked)
    complete = all(f["ok"] for f in files)
    signed = signature["status"] in ("own", "trusted")
    qr_ok = form_qr["status"] in ("match", "no-form")
    if not complete:
        detail = "归档包与清单不一致"
    elif not signed:
        detail = signature["message"]
    elif not qr_ok:
        detail = form_qr["message"]
    else:
        detail = f"归档包完整，所有文件与清单一致；{signature['message']}"
    return ({"ok": complete and signed and qr_ok, "detail": detail,
             "submission": manifest.get("submission") if isinstance(manifest, dict) else None,
             "signature": signature, "form_qr": form_qr, "files": files}, unpacked)


def _files(listed: list[dict], unpacked: Unpacked) -> list[dict]:
    results = []
    names = set(unpacked.sums) - {MANIFEST, SIGNATURE}
    for entry in listed:
        name = entry.get("name")
        if name not in names:
            results.append({"name": name, "ok": False, "problem": "缺少文件"})
            continue
        actual = unpacked.sums[name][0]
        results.append({"name": name, "ok": actual == entry.get("sha256"), "sha256": actual,
                        **({} if actual == entry.get("sha256") else {"problem": "SHA-256 不一致，文件已被改动"})})
        names.discard(name)
    return results + [{"name": n, "ok": False, "problem": "清单中没有此文件"} for n in sorted(names)]


def _form_qr(unpacked: Unpacked) -> dict:
    """The QR code of each form PDF against the fingerprint of record.json."""
    if not unpacked.form_codes:
        return {"status": "no-form", "message": "归档包中没有表格 PDF，未核对二维码", "forms": []}
    try:
        record = json.loads(unpacked.contents.get(RECORD, b""))
    except ValueError:
        record = None
    if not isinstance(record, dict):
        return {"status": "mismatch", "message": "record.json 缺失或无法读取，无法与表格二维码核对", "forms": []}
    forms = []
    for name, codes in sorted(unpacked.form_codes.items()):
        result = {"status": "unreadable"} if codes is None else qr.compare(codes, record)
        forms.append({"name": name, **result})
    bad = [f for f in forms if f["status"] != "match"]
    if not bad:
        return {"status": "match", "message": "表格二维码与 record.json 一致", "forms": forms}
    why = {"mismatch": "二维码中的指纹与 record.json 不一致（表格不是按此记录生成的）",
           "no-code": "未找到本系统的二维码", "unreadable": "PDF 无法读取"}
    return {"status": "mismatch", "forms": forms,
            "message": "表格二维码与 record.json 不一致：" + "；".join(
                f"{f['name']} {why.get(f['status'], f['status'])}" for f in bad)}


def contents(unpacked: Unpacked) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The record JSON and the attachments of a verified package."""
    attachments = [(name.split("/", 1)[1], data) for name, data in unpacked.contents.items()
                   if name.startswith("attachments/")]
    return unpacked.contents[RECORD], attachments
