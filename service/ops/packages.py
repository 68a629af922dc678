"""The archive package of a submission: one ZIP with the record, the rendered forms, the
attachments and a manifest of SHA-256 sums, so what was registered can be archived and
checked later (issue #6 "submission package export")."""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

MANIFEST = "manifest.json"
MAX_UNPACKED = 1024 * 1024 * 1024   # a package that unpacks to more than 1 GB is refused (zip bombs)

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
    try:
        from generator.render import RenderRefused, render
        try:                        # the form as printed; a record with errors only as a draft
            rendered = render(form[0], [record], form[1])
        except RenderRefused:
            rendered = render(form[0], [record], form[1], draft=True)
    except Exception:  # the package is still complete without a form; the manifest says so
        return []
    return [(f"forms/{_safe(rendered.file_name)}", rendered.data)]


def build(info: dict, files) -> tuple[bytes, str]:
    latest = info["latest"]
    entries: list[tuple[str, bytes]] = [
        ("record.json", json.dumps(latest["record"], ensure_ascii=False, indent=2).encode("utf-8")),
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
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    stem = info.get("registration_no") or info.get("record_id") or f"提交{info['id']}"
    return buf.getvalue(), f"归档包-{_safe(stem)}-第{info['current_version']}版.zip"


def verify(data: bytes) -> dict:
    """Check every file of a package against its manifest."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
            return {"ok": False, "detail": "归档包解压后超过 1 GB，拒绝处理", "files": []}
        manifest = json.loads(z.read(MANIFEST))
        listed = [e for e in manifest["files"] if isinstance(e, dict)]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, NotImplementedError, EOFError):
        return {"ok": False, "detail": "不是有效的归档包（ZIP 中缺少 manifest.json 或其格式不正确）",
                "files": []}
    results = []
    names = set(z.namelist()) - {MANIFEST}
    for entry in listed:
        name = entry.get("name")
        if name not in names:
            results.append({"name": name, "ok": False, "problem": "缺少文件"})
            continue
        actual = hashlib.sha256(z.read(name)).hexdigest()
        results.append({"name": name, "ok": actual == entry.get("sha256"), "sha256": actual,
                        **({} if actual == entry.get("sha256") else {"problem": "SHA-256 不一致，文件已被改动"})})
        names.discard(name)
    results += [{"name": n, "ok": False, "problem": "清单中没有此文件"} for n in sorted(names)]
    ok = all(r["ok"] for r in results)
    return {"ok": ok, "detail": "归档包完整，所有文件与清单一致" if ok else "归档包与清单不一致",
            "submission": manifest.get("submission"), "files": results}


def contents(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The record JSON and the attachments of a verified package."""
    z = zipfile.ZipFile(io.BytesIO(data))
    attachments = [(name.split("/", 1)[1], z.read(name)) for name in z.namelist()
                   if name.startswith("attachments/") and not name.endswith("/")]
    return z.read("record.json"), attachments
