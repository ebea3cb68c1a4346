"""The merge stage's state: near-duplicate fingerprints, stories and what story clustering learnt.

Every article already stored is queued for merging, so an older store gets its stories on the
next ingest.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(16), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("lead_article_seq", SEQUENCE, sa.ForeignKey("articles.seq")),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("first_time", sa.String(20), nullable=False),
        sa.Column("last_time", sa.String(20), nullable=False),
        sa.Column("published_until", sa.Text),
        sa.Column("term_ids", sa.LargeBinary, nullable=False),
        sa.Column("weights", sa.LargeBinary, nullable=False),
        sa.Column("embedding", sa.LargeBinary),
        sa.Column("merged_into", sa.String(16)),
    )
    op.create_index("stories_last_time", "stories", ["last_time", "seq"])
    op.create_table(
        "article_merge",
        sa.Column(
            "article_seq", SEQUENCE, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("story_seq", SEQUENCE, sa.ForeignKey("stories.seq"), nullable=False),
        sa.Column("copy_of", SEQUENCE),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("lead_terms", sa.LargeBinary),
        sa.Column("lineage", sa.Text),
    )
    op.create_index("article_merge_story", "article_merge", ["story_seq"])
    op.create_index("article_merge_copy_of", "article_merge", ["copy_of"])
    op.create_table(
        "merge_terms",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("term", sa.Text, nullable=False, unique=True),
        sa.Column("documents", sa.Integer, nullable=False),
    )
    op.create_table(
        "merge_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("method", sa.Text),
    )
    op.create_table(
        "merge_pending",
        sa.Column(
            "article_seq", SEQUENCE, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.execute("INSERT INTO merge_state (id, version, documents) VALUES (1, 0, 0)")
    op.execute("INSERT INTO merge_pending (article_seq) SELECT seq FROM articles")


def downgrade() -> None:
    for table in ("merge_pending", "merge_state", "merge_terms", "article_merge", "stories"):
        op.drop_table(table)
