"""File bytes every server process can read: attachments, and the results of jobs.

One interface, :class:`Blobs`, over two places, content-addressed by SHA-256:

* PostgreSQL (``PAPERWORK_DATABASE_URL``): the bytes are ``blobs.content`` (BYTEA), written in
  the transaction that writes the row referring to them, so a node never sees a row whose bytes
  another node has not yet committed, and a rolled-back upload leaves nothing behind.
* SQLite (the single-machine default): the bytes are files under the data directory
  (:class:`service.store.files.FileStore`), ``blobs`` holds only the sum and size.

Use::

    with db.write() as s:
        sha = blobs.put(s, data)          # inside the transaction of the referring row
        s.add(Row(..., sha256=sha))
    blobs.get(sha)                        # the bytes, their sum checked again (CorruptFile)
    blobs.delete_unreferenced(older_than) # blobs no column of REFERENCES names any more

A table whose rows refer to blobs appends its column to :data:`REFERENCES`, so that
``delete_unreferenced`` keeps what it still needs.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from service.store.auth_failures import INSERT
from service.store.db import Database
from service.store.files import CorruptFile, FileStore
from service.store.models import Blob, VersionAttachment, utcnow

SHA256 = re.compile(r"[0-9a-f]{64}")
# the columns that refer to a blob by its sha256
REFERENCES = [VersionAttachment.sha256]


class Blobs:
    def __init__(self, db: Database, disk: FileStore):
        self.db, self.disk = db, disk
        self.in_database = not db.is_sqlite

    def put(self, s: Session, data: bytes) -> str:
        """Keep ``data`` (in ``s``'s transaction) and return its SHA-256. Putting bytes that are
        already kept stores nothing new, and marks them as just used (``created_at``), so a
        ``delete_unreferenced`` running at the same time cannot take them away."""
        sha = hashlib.sha256(data).hexdigest()
        if not self.in_database:
            self.disk.put(data)
        now = utcnow()
        row = {"sha256": sha, "size": len(data), "created_at": now}
        if self.in_database:
            row["content"] = data
        upsert = INSERT[s.get_bind().dialect.name](Blob).values(**row)
        s.execute(upsert.on_conflict_do_update(index_elements=[Blob.sha256], set_={
            "created_at": now,
            # bytes kept on disk before they moved into PostgreSQL come in with the next put
            **({"content": func.coalesce(Blob.content, upsert.excluded.content)}
               if self.in_database else {})}))
        return sha

    def has(self, s: Session, sha256: str) -> bool:
        """Whether the bytes of ``sha256`` are kept (in ``s``'s transaction: a delete of
        unreferenced blobs cannot take them away before it commits); bytes kept before they
        moved into PostgreSQL may be only on this machine's disk."""
        if not SHA256.fullmatch(sha256 or ""):
            return False
        return (s.scalar(select(Blob.sha256).where(Blob.sha256 == sha256)) is not None
                or self.disk.path_for(sha256).is_file())

    def get(self, sha256: str) -> bytes:
        if not self.in_database:
            return self.disk.get(sha256)
        with self.db.read() as s:
            data = s.scalar(select(Blob.content).where(Blob.sha256 == sha256))
        if data is None:
            # kept before the bytes moved into PostgreSQL: still on this machine's disk
            return self.disk.get(sha256)
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise CorruptFile(sha256, actual)
        return bytes(data)

    def delete_unreferenced(self, older_than: datetime) -> list[str]:
        """Delete the blobs last put before ``older_than`` that nothing refers to; returns their sums."""
        unreferenced = [~exists().where(column == Blob.sha256) for column in REFERENCES]
        with self.db.write() as s:
            gone = list(s.scalars(select(Blob.sha256).where(Blob.created_at < older_than,
                                                           *unreferenced)))
            if gone:
                s.execute(delete(Blob).where(Blob.sha256.in_(gone)))
            if not self.in_database:
                # inside the write transaction (BEGIN IMMEDIATE on SQLite): a put of the same
                # bytes waits for it, then writes the file again
                for sha in gone:
                    self.disk.path_for(sha).unlink(missing_ok=True)
        return gone
