"""cluster: what several nodes must share beyond the jobs themselves (issue #16) — a job's
attempts, its runner and when it is taken for lost (the watchdog); a new API key waiting, sealed,
for its one display on whichever node the redirect lands; the package signing key of a
PostgreSQL installation

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("runner", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("lost_after_seconds", sa.Integer(), nullable=True))
    op.create_table(
        "key_displays",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("session_hash"),
    )
    op.create_table(
        "installation_secrets",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("installation_secrets")
    op.drop_table("key_displays")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("lost_after_seconds")
        batch.drop_column("runner")
        batch.drop_column("attempts")
