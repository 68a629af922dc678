"""The installation's Ed25519 key and the signature of an archive package's manifest.

The manifest lists every file of a package with its SHA-256, so signing ``manifest.json`` (its
bytes as stored in the ZIP) signs the package: a file edited and its sum recomputed leaves a
signature that no longer verifies. ``signature.json`` carries the signature and the signer's
key fingerprint (SHA-256 of the raw 32-byte public key, hex).

The private key (PKCS #8) is made at first start. On PostgreSQL, where the nodes of an
installation may be several machines, it is kept in the database (``installation_secrets``),
made once under the start-up lock, so every API node and worker signs with the same key; the
first process takes this machine's ``package-signing-key.pem`` if it has one (an installation
that ran on one machine keeps its key). On SQLite (one machine) it is that file in the data
directory (mode 0600), created by linking a finished file into place, so two processes starting
at once keep the same one.
Other installations' public keys are trusted through ``PAPERWORK_TRUSTED_PACKAGE_KEYS``.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from service.settings import BadSetting
from service.store import installation_secrets
from service.store.db import Database

KEY_FILE = "package-signing-key.pem"
SIGNATURE = "signature.json"
ALGORITHM = "Ed25519"
PUBLIC_KEY_URL = "GET /api/v1/packages/public-key"


SECRET_NAME = "package-signing-key"


def installation_key_of(db: Database, data_dir: Path) -> Ed25519PrivateKey:
    """The installation's key: in the database on PostgreSQL, in the data directory on SQLite."""
    if db.is_sqlite:
        return installation_key(data_dir)

    def first_key() -> bytes:
        path = Path(data_dir) / KEY_FILE
        return path.read_bytes() if path.exists() else _new_pem()
    return serialization.load_pem_private_key(installation_secrets.shared(db, SECRET_NAME, first_key),
                                              password=None)


def _new_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def installation_key(data_dir: Path) -> Ed25519PrivateKey:
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        _create(path)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = _new_pem()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-key-")   # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)        # never replaces a key another process made first
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_fingerprint(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw(public)).hexdigest()


def parse_trusted(setting: str) -> dict[str, Ed25519PublicKey]:
    """``PAPERWORK_TRUSTED_PACKAGE_KEYS``: raw public keys in base64, separated by commas."""
    trusted = {}
    for text in (t.strip() for t in setting.split(",")):
        if not text:
            continue
        try:
            public = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
        except (ValueError, binascii.Error):
            raise BadSetting(f"PAPERWORK_TRUSTED_PACKAGE_KEYS 中的“{text[:60]}”不是 Ed25519 公钥："
                                f"应为另一安装 {PUBLIC_KEY_URL} 公布的 public_key（32 字节的 base64），"
                                "多个以逗号分隔") from None
        trusted[key_fingerprint(public)] = public
    return trusted


@dataclass(frozen=True)
class PackageKeys:
    """This installation's key and the other installations' keys it trusts."""
    own: Ed25519PrivateKey
    trusted: dict[str, Ed25519PublicKey] = field(default_factory=dict)

    def public_key(self) -> dict:
        public = self.own.public_key()
        pem = public.public_bytes(serialization.Encoding.PEM,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        return {"algorithm": ALGORITHM, "public_key": base64.b64encode(raw(public)).decode("ascii"),
                "fingerprint": key_fingerprint(public), "pem": pem.decode("ascii")}

    def check(self, signature: bytes | None, manifest: bytes) -> dict:
        """``{status, message, key_fingerprint}``; status ``own`` or ``trusted`` is a valid
        signature by a key we know, ``unknown-key``, ``invalid`` and ``unsigned`` are not."""
        if signature is None:
            return _said("unsigned", "未签名：归档包中没有 signature.json，无法确认它出自哪个安装且未被改动；"
                                     "请从原安装重新导出")
        try:
            signed = json.loads(signature)
            fp, sig = str(signed["key_fingerprint"]), base64.b64decode(signed["signature"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error):
            return _said("invalid", "签名无效：signature.json 格式不正确；请从原安装重新导出")
        own = self.own.public_key()
        public = own if fp == key_fingerprint(own) else self.trusted.get(fp)
        if public is None:
            return _said("unknown-key", f"签名者未知：签名所用公钥（指纹 {fp[:64]}）不是本安装的，也不在 "
                                        "PAPERWORK_TRUSTED_PACKAGE_KEYS 中；如信任该安装，请将其 "
                                        f"{PUBLIC_KEY_URL} 公布的 public_key 加入此设置", fp)
        try:
            public.verify(sig, manifest)
        except InvalidSignature:
            return _said("invalid", "签名无效：manifest.json 或其中列出的文件在签名后被改动；"
                                    "此归档包不可信，请从原安装重新导出", fp)
        if public is own:
            return _said("own", f"签名有效：由本安装签名（公钥指纹 {fp}）", fp)
        return _said("trusted", f"签名有效：由受信任的其他安装签名（公钥指纹 {fp}）", fp)


def _said(status: str, message: str, fp: str | None = None) -> dict:
    return {"status": status, "message": message, "key_fingerprint": fp}


def signature_file(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """``signature.json`` for the bytes of ``manifest.json``."""
    return json.dumps({"algorithm": ALGORITHM, "key_fingerprint": key_fingerprint(key.public_key()),
                       "signature": base64.b64encode(key.sign(manifest)).decode("ascii")},
                      indent=2).encode("utf-8")
