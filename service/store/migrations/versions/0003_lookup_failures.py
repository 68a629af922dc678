"""lookup failures: one row per invalid CIP/ISBN look-up, counted in a time window

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


# the branch is lookups-and-leaks; Alembic allows no '-' in a revision id
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lookup_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['api_keys.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lookup_failures_key_at', 'lookup_failures', ['key_id', 'at'])


def downgrade() -> None:
    op.drop_index('ix_lookup_failures_key_at', table_name='lookup_failures')
    op.drop_table('lookup_failures')
