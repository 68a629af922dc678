"""The service's store: SQLite (WAL) in PAPERWORK_DATA_DIR by default, PostgreSQL when
PAPERWORK_DATABASE_URL says so; attachments content-addressed on disk."""
