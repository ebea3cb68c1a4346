"""A reader's API password, apart from the one they sign in with (as FreshRSS keeps them): the
sync APIs' apps (Google Reader's ClientLogin, Miniflux's HTTP Basic) store it on a phone, so it
is one a reader can change without changing the other.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("readers", sa.Column("api_password_hash", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("readers") as batch:
        batch.drop_column("api_password_hash")
