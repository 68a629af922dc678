"""notifications: the outbox of events, webhook endpoints, deliveries and their attempts, web
notices and preferences, contact addresses of keys and bodies (issue #17)

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(length=320), nullable=True))
    with op.batch_alter_table("bodies") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(length=320), nullable=True))
    op.create_table(
        "notification_events",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", TZ, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id"), nullable=True),
        sa.Column("body_id", sa.Integer(), sa.ForeignKey("bodies.id"), nullable=True),
        sa.Column("key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), nullable=True),
        sa.Column("once", sa.String(length=120), nullable=True, unique=True),
        sa.Column("dispatched_at", TZ, nullable=True),
    )
    op.create_index("ix_notification_events_type", "notification_events", ["type"])
    op.create_index("ix_notification_events_submission_id", "notification_events", ["submission_id"])
    op.create_index("ix_notification_events_key_id", "notification_events", ["key_id"])
    op.create_index("ix_notification_events_dispatched_at", "notification_events", ["dispatched_at"])
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("deleted_at", TZ, nullable=True),
    )
    op.create_index("ix_webhook_endpoints_key_id", "webhook_endpoints", ["key_id"])
    op.create_table(
        "notification_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.String(length=40), sa.ForeignKey("notification_events.id"), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), sa.ForeignKey("webhook_endpoints.id"), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=True),
        sa.Column("recipient_key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=False),
        sa.Column("lease_until", TZ, nullable=True),
        sa.Column("finished_at", TZ, nullable=True),
        sa.UniqueConstraint("event_id", "endpoint_id", "address"),
    )
    op.create_index("ix_notification_deliveries_event_id", "notification_deliveries", ["event_id"])
    op.create_index("ix_notification_deliveries_endpoint_id", "notification_deliveries", ["endpoint_id"])
    op.create_index("ix_notification_deliveries_due", "notification_deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "notification_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("delivery_id", sa.Integer(), sa.ForeignKey("notification_deliveries.id"), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("excerpt", sa.String(length=1100), nullable=False),
    )
    op.create_index("ix_notification_attempts_delivery_id", "notification_attempts", ["delivery_id"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), nullable=False),
        sa.Column("event_id", sa.String(length=40), sa.ForeignKey("notification_events.id"), nullable=False),
        sa.Column("read_at", TZ, nullable=True),
        sa.UniqueConstraint("key_id", "event_id"),
    )
    op.create_index("ix_notices_key_id", "notices", ["key_id"])
    op.create_table(
        "notice_preferences",
        sa.Column("key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), primary_key=True),
        sa.Column("event_type", sa.String(length=40), primary_key=True),
        sa.Column("web", sa.Boolean(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    for table in ("notice_preferences", "notices", "notification_attempts", "notification_deliveries",
                  "webhook_endpoints", "notification_events"):
        op.drop_table(table)
    with op.batch_alter_table("bodies") as batch:
        batch.drop_column("contact_email")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("contact_email")
