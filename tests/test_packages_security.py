"""Archive packages that can be trusted (issue #12, items 5 and 8), on SQLite and PostgreSQL:
the manifest is signed with the installation's Ed25519 key, a package edited with its hashes
recomputed is "签名无效" and not imported, the public key is published so another installation
can verify, the form's QR code is compared with record.json; and a ZIP bomb is refused while
the server keeps answering."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import threading
import zipfile

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pg import ADMIN_KEY, APPLIED, Server, is_problem, make_service, sample


@pytest.fixture
def other_url(request, backend_url, tmp_path) -> str:
    """A second, empty database on the same backend: another installation's."""
    if backend_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'other.db'}"
    return request.getfixturevalue("postgres").new_database()


def exported(service) -> bytes:
    r = service.call("POST", "/api/v1/submissions", "alice",
                     data={"record": json.dumps(sample(APPLIED), ensure_ascii=False)},
                     files=[("files", ("用户报告.pdf", b"%PDF-1.4 user report", "application/pdf"))])
    assert r.status_code == 201, r.text
    package = service.call("GET", f"/api/v1/submissions/{r.json()['id']}/package", "alice")
    assert package.status_code == 200, package.text
    return package.content


def rewritten(package: bytes, changes: dict[str, bytes]) -> bytes:
    """The package with some files replaced and manifest.json's SHA-256 sums recomputed, the
    rest (the signature included) copied as they were: what a forger can do without the key."""
    z = zipfile.ZipFile(io.BytesIO(package))
    files = {n: changes.get(n, z.read(n)) for n in z.namelist()}
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        entry["sha256"] = hashlib.sha256(files[entry["name"]]).hexdigest()
        entry["size"] = len(files[entry["name"]])
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for name, data in files.items():
            w.writestr(name, data)
    return out.getvalue()


def test_a_package_edited_with_its_hashes_recomputed_is_signature_invalid_and_not_imported(service):
    package = exported(service)
    record = sample(APPLIED) | {"title": "伪造的成果名称"}
    forged = rewritten(package, {"record.json": json.dumps(record, ensure_ascii=False).encode("utf-8")})
    checked = service.call("POST", "/api/v1/packages/verify", "alice", content=forged)
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert all(f["ok"] for f in body["files"])           # the sums agree: only the signature tells
    assert body["ok"] is False
    assert body["signature"]["status"] == "invalid"
    assert "签名无效" in body["signature"]["message"] and "签名无效" in body["detail"]
    refused = is_problem(service.call("POST", "/api/v1/packages/import", "bob", content=forged), 422)
    assert "签名无效" in refused["detail"]
    # a package without its signature (stripped, then rewritten) is not trusted either
    z = zipfile.ZipFile(io.BytesIO(forged))
    unsigned = io.BytesIO()
    with zipfile.ZipFile(unsigned, "w") as w:
        for name in z.namelist():
            if name != "signature.json":
                w.writestr(name, z.read(name))
    body = service.call("POST", "/api/v1/packages/verify", "alice", content=unsigned.getvalue()).json()
    assert body["ok"] is False and body["signature"]["status"] == "unsigned"
    assert "未签名" in body["signature"]["message"]
    is_problem(service.call("POST", "/api/v1/packages/import", "bob", content=unsigned.getvalue()), 422)


def test_the_public_key_is_published_and_another_installation_verifies_with_it(service, other_url,
                                                                                tmp_path):
    published = service.call("GET", "/api/v1/packages/public-key")
    assert published.status_code == 200, published.text
    key = published.json()
    assert key["algorithm"] == "Ed25519"
    raw = base64.b64decode(key["public_key"])
    assert key["fingerprint"] == hashlib.sha256(raw).hexdigest()
    assert key["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    # the key is the installation's: the same on every answer, and kept private — in the data
    # dir on SQLite (one machine), in the database on PostgreSQL (every node signs with it)
    assert service.call("GET", "/api/v1/packages/public-key").json() == key
    secret = tmp_path / "data" / "package-signing-key.pem"
    if service.app.state.db.is_sqlite:
        assert secret.stat().st_mode & 0o777 == 0o600
    else:
        from service.store.models import InstallationSecret
        assert not secret.exists()
        with service.app.state.db.read() as s:
            assert s.get(InstallationSecret, "package-signing-key").value.startswith(b"-----BEGIN PRIVATE KEY-----")

    package = exported(service)
    z = zipfile.ZipFile(io.BytesIO(package))
    signature = json.loads(z.read("signature.json"))
    assert signature["key_fingerprint"] == key["fingerprint"]
    # anyone holding the published key checks the signature of manifest.json with it
    Ed25519PublicKey.from_public_bytes(raw).verify(base64.b64decode(signature["signature"]),
                                                   z.read("manifest.json"))
    own = service.call("POST", "/api/v1/packages/verify", "alice", content=package).json()
    assert own["ok"] is True and own["signature"]["status"] == "own"
    assert "本安装" in own["signature"]["message"]

    stranger = make_service(other_url, tmp_path / "other-data")
    stranger.build_world()
    body = stranger.call("POST", "/api/v1/packages/verify", "alice", content=package).json()
    assert body["ok"] is False and body["signature"]["status"] == "unknown-key"
    assert "PAPERWORK_TRUSTED_PACKAGE_KEYS" in body["signature"]["message"]
    is_problem(stranger.call("POST", "/api/v1/packages/import", "bob", content=package), 422)
    stranger.app.state.db.dispose()

    friend = make_service(other_url, tmp_path / "friend-data", trusted_package_keys=key["public_key"])
    friend.keys = stranger.keys
    body = friend.call("POST", "/api/v1/packages/verify", "alice", content=package).json()
    assert body["ok"] is True and body["signature"]["status"] == "trusted"
    assert key["fingerprint"] in body["signature"]["message"]
    imported = friend.call("POST", "/api/v1/packages/import", "bob", content=package)
    assert imported.status_code == 201, imported.text
    assert imported.json()["latest"]["record"] == sample(APPLIED)
    friend.app.state.db.dispose()


def test_the_forms_qr_code_is_compared_with_record_json(service, tmp_path):
    """Even a validly signed package is refused when its form was printed from another record."""
    package = exported(service)
    z = zipfile.ZipFile(io.BytesIO(package))
    body = service.call("POST", "/api/v1/packages/verify", "alice", content=package).json()
    assert body["form_qr"]["status"] == "match"
    from service.ops import package_signing
    record = sample(APPLIED) | {"title": "另一项成果"}
    changed = rewritten(package, {"record.json": json.dumps(record, ensure_ascii=False).encode("utf-8")})
    # signed again with this installation's key: the signature is valid, the form is not
    key = package_signing.installation_key_of(service.app.state.db, tmp_path / "data")
    files = {n: zipfile.ZipFile(io.BytesIO(changed)).read(n) for n in z.namelist()}
    files["signature.json"] = package_signing.signature_file(key, files["manifest.json"])
    resigned = io.BytesIO()
    with zipfile.ZipFile(resigned, "w") as w:
        for name, data in files.items():
            w.writestr(name, data)
    body = service.call("POST", "/api/v1/packages/verify", "alice", content=resigned.getvalue()).json()
    assert body["signature"]["status"] == "own"
    assert body["ok"] is False and body["form_qr"]["status"] == "mismatch"
    assert "二维码" in body["detail"]
    refused = is_problem(service.call("POST", "/api/v1/packages/import", "bob",
                                      content=resigned.getvalue()), 422)
    assert "二维码" in refused["detail"]


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps({"files": []}))
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


def test_each_zip_bound_is_refused_naming_its_limit(service, backend_url, tmp_path):
    refusals = {
        "package-compression-ratio": ([("attachments/zeros.pdf", bytes(4 * 1024 * 1024))], 413,
                                      "100:1"),
        "package-nested-archive": ([("attachments/inner.pdf", zipped([]))], 422, "压缩包"),
        "package-duplicate-name": ([("record.json", b"{}"), ("record.json", b"{}")], 422, "同名"),
    }
    for slug, (entries, status, limit) in refusals.items():
        for route in ("verify", "import"):
            body = is_problem(service.call("POST", f"/api/v1/packages/{route}", "admin",
                                           content=zipped(entries)), status)
            assert body["type"].endswith(slug) and limit in body["detail"], body
    small = make_service(backend_url, tmp_path / "small", package_max_total_bytes=1_000_000,
                         package_max_entries=3)
    random = [(f"attachments/{n}.pdf", os.urandom(600_000)) for n in range(2)]
    body = is_problem(small.call("POST", "/api/v1/packages/verify", "admin", content=zipped(random)), 413)
    assert body["type"].endswith("package-too-large") and "0.953674 MB" in body["detail"], body
    many = [(f"attachments/{n}.pdf", b"") for n in range(3)]
    body = is_problem(small.call("POST", "/api/v1/packages/verify", "admin", content=zipped(many)), 413)
    assert "4 个文件，超过上限 3 个" in body["detail"], body
    small.app.state.db.dispose()


# --- ZIP bombs, against a real server -------------------------------------------------------

def zeros_bomb() -> bytes:
    """A package-shaped ZIP of under 1 MB that unpacks to 1,000,000,000 bytes of zeros."""
    out = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", json.dumps({"files": [
            {"name": "attachments/zeros.pdf", "sha256": "0" * 64, "size": 10 ** 9}]}))
        with z.open("attachments/zeros.pdf", "w", force_zip64=True) as f:
            for _ in range(10 ** 9 // len(chunk)):
                f.write(chunk)
            f.write(bytes(10 ** 9 % len(chunk)))
    return out.getvalue()


def entries_bomb() -> bytes:
    """100,000 empty entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", json.dumps({"files": []}))
        for n in range(100_000):
            z.writestr(f"attachments/{n}.pdf", b"")
    return out.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"size": zeros_bomb(), "entries": entries_bomb()}


def test_a_zip_bomb_is_refused_while_healthz_answers(backend_url, tmp_path, bombs):
    assert len(bombs["size"]) < 1024 * 1024
    server = Server(tmp_path / "data", backend_url).start()
    try:
        auth = {"Authorization": f"Bearer {ADMIN_KEY}"}
        for kind, bomb in bombs.items():
            answers: dict = {}

            def send(bomb=bomb, answers=answers):
                answers["bomb"] = httpx.post(f"{server.base}/api/v1/packages/verify", content=bomb,
                                             headers=auth, timeout=60)

            sender = threading.Thread(target=send)
            sender.start()
            health = []
            while not health or (sender.is_alive() and len(health) < 50):   # while the bomb is in flight
                health.append(httpx.get(f"{server.base}/healthz", timeout=1))
            sender.join(60)
            assert all(h.status_code == 200 for h in health), kind
            body = is_problem(answers["bomb"], 413)
            assert body["type"].endswith({"size": "package-entry-too-large",
                                          "entries": "package-too-many-entries"}[kind]), body
            assert ("上限" in body["detail"]), body
        assert server.errors() == ""
    finally:
        server.stop()
