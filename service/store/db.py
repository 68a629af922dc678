"""Opening the database, running the migrations, and write transactions.

SQLite runs in WAL mode so readers never wait for the writer. Write transactions that must be
serialised (issuing a 成果登记号) start with ``BEGIN IMMEDIATE`` on SQLite, which takes the
write lock up front, and lock the counter row with ``SELECT … FOR UPDATE`` on PostgreSQL.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock's key for start-up work (any 64-bit number no other code uses)
STARTUP_LOCK = 0x7061_7065_7277_6B01     # "paperwk" + 1


def _sqlite_connect(dbapi_conn, _record):
    # We emit BEGIN ourselves (the pysqlite recipe in SQLAlchemy's docs) so that a write
    # transaction can be BEGIN IMMEDIATE.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable against a killed process in WAL mode; only power loss can drop the
    # last commits
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_begin(conn):
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, connect_args={"check_same_thread": False,
                                                                   "timeout": 30})
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._immediate = self.engine.execution_options(immediate=True)
        self._writers = sessionmaker(self._immediate, expire_on_commit=False)
        # SQLite has one writer at a time. Threads of this process queue on a lock instead of
        # polling the file lock (busy_timeout), which starves some of them under load; other
        # processes still wait through busy_timeout.
        self._write_lock = threading.Lock() if self.is_sqlite else nullcontext()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (run at start-up).

        Any number of processes may start at once on an empty database: the upgrade runs in
        one transaction that first takes the start-up lock, so the first process migrates and
        the others wait, then find the schema at head and do nothing (without the lock the
        second one's CREATE TABLE failed with UniqueViolation)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._immediate.begin() as conn:
            self.hold_startup_lock(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def hold_startup_lock(self, conn) -> None:
        """Until the transaction ends, be the only process migrating or making the admin key.

        PostgreSQL: a transaction-level advisory lock, released by COMMIT or ROLLBACK (or by
        the server when the process dies). SQLite: the transaction is BEGIN IMMEDIATE, which
        already holds the database's write lock; other processes wait in busy_timeout."""
        if not self.is_sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STARTUP_LOCK})

    def schema_at_head(self) -> bool:
        """Whether the database's Alembic revision is the newest this code has (/readyz)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        heads = set(ScriptDirectory.from_config(cfg).get_heads())
        with self.engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads()) == heads

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def write(self):
        """A transaction that commits on success; serialised on SQLite (BEGIN IMMEDIATE)."""
        with self._write_lock, self._writers() as s:
            with s.begin():
                yield s

    @contextmanager
    def write_statements(self):
        """A write transaction on a plain connection, without an ORM session: for the counter
        that every request raises (a session costs several times the statement)."""
        with self._write_lock, self._immediate.begin() as conn:
            yield conn

    @contextmanager
    def read(self):
        with self._sessions() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    db = Database(url)
    if migrate:
        db.migrate()
    return db
