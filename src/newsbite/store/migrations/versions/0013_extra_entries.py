"""An entry number for an article's second and later feeds: the sync APIs' apps keep entry ids in
32-bit integers (newsboat reads them into a C int), so an entry's id is its article's seq, except
where a second feed carried the same article, whose entry takes a number of its own from
EXTRA_ENTRIES up (store/entries.py). Links made before this revision get theirs here, the first
feed of each article (the lowest seq) keeping the article's.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

EXTRA_ENTRIES = 1 << 30


def upgrade() -> None:
    op.add_column("feed_articles", sa.Column("entry", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
    op.execute(
        f"""
        UPDATE feed_articles SET entry = (
            SELECT {EXTRA_ENTRIES - 1} + numbered.place FROM (
                SELECT later.feed_seq, later.article_seq,
                       row_number() OVER (ORDER BY later.article_seq, later.feed_seq) AS place
                FROM feed_articles AS later
                WHERE EXISTS (
                    SELECT 1 FROM feed_articles AS first
                    WHERE first.article_seq = later.article_seq AND first.feed_seq < later.feed_seq
                )
            ) AS numbered
            WHERE numbered.feed_seq = feed_articles.feed_seq
              AND numbered.article_seq = feed_articles.article_seq
        )
        """
    )
    op.create_index("feed_articles_by_entry", "feed_articles", ["entry"], unique=True)


def downgrade() -> None:
    op.drop_index("feed_articles_by_entry", "feed_articles")
    with op.batch_alter_table("feed_articles") as batch:
        batch.drop_column("entry")
