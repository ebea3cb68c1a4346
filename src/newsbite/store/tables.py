"""The store's tables at the newest schema revision, as SQLAlchemy Core objects for queries.

The migrations in `migrations/versions/` build these; they are written out there in full rather
than imported from here, so that an old revision keeps meaning what it meant when it shipped.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

metadata = MetaData()

# SQLite only gives an INTEGER PRIMARY KEY the rowid (and so autoincrement); PostgreSQL gets a bigint.
SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")

articles = Table(
    "articles",
    metadata,
    # Insertion order, the tie-breaker of paging and the rowid the SQLite full-text index keys on.
    Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
    Column("id", String(16), nullable=False, unique=True),
    # What makes two ingests the same article: the canonical URL, else the body's hash.
    Column("key", Text, nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False),
    Column("url", Text),
    Column("headline", Text),
    Column("standfirst", Text),
    Column("publisher", Text),
    Column("agency", Text),
    Column("section", Text),
    Column("language", Text),
    # The date the article gives, if believed (model.believed_published): null when it gives
    # none, or one more than a day after it was first seen.
    Column("published", Text),
    # UTC `YYYY-MM-DDTHH:MM:SSZ` of `published`, else of `added_at`: its best-known time, the
    # order of every listing.
    Column("sort_time", String(20), nullable=False),
    Column("added_at", String(20), nullable=False),  # when it was first seen; kept on update
    Column("bite", Text, nullable=False),  # the bite's JSON object
    # The whole article JSON (docs/json-schema.md); zstd-compressed bytes on SQLite.
    Column("document", Text, nullable=False),
)
# Full-text search is each backend's own (migration 0003), written by the store as it stores an
# article: SQLite's contentless FTS5 table `articles_search` (rowid = seq), and on PostgreSQL a
# `search` tsvector column with a GIN index, which only that backend's table has.
postgresql_articles = articles.to_metadata(MetaData())
postgresql_articles.append_column(Column("search", TSVECTOR))

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    Column("name_key", Text, primary_key=True),  # casefolded name: what entity filters match
    Column("name", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("salience", Float, nullable=False),
)

article_places = Table(
    "article_places",
    metadata,
    Column("article_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    Column("name_key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("mentions", Integer, nullable=False),
)

# The subscribed feeds (migration 0004): what conditional GET sends back, when to poll next, and
# the last outcome, so that a failing source is seen and backed off, never silently dropped.
feeds = Table(
    "feeds",
    metadata,
    Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("site_url", Text),
    Column("format", Text),  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1", ...
    Column("added_at", String(20), nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("poll_seconds", Integer),  # the interval the feed asked for, bounded
    Column("next_poll_at", String(20)),  # UTC stamps, like the articles'
    Column("last_polled_at", String(20)),
    Column("last_success_at", String(20)),
    Column("last_error_at", String(20)),
    Column("last_error_reason", Text),  # dns, refused, http_403, http_429, timeout, parse, empty, ...
    Column("last_error", Text),  # the one-line message
    Column("failures", Integer, nullable=False, server_default="0"),  # in a row
    Column("articles", Integer, nullable=False, server_default="0"),  # added from it, all time
)

# The merge stage (migration 0005). A story is named after the article that started it; its
# listing columns are kept up to date as articles join, its centroid (term ids and weights as
# int32/float32 bytes) and summed lead embedding are what story clustering resumes from.
stories = Table(
    "stories",
    metadata,
    Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
    Column("id", String(16), nullable=False, unique=True),
    Column("title", Text),
    Column("lead_article_seq", SEQUENCE, ForeignKey("articles.seq")),
    Column("articles", Integer, nullable=False),
    Column("items", Integer, nullable=False),  # one per syndicated dispatch or own report
    Column("sources", Integer, nullable=False),  # independent ones: wire copies count once
    Column("outlets", Integer, nullable=False),
    # The span of its articles' believed publication times, else (none being dated) of the times
    # they were first seen: `time_basis` says which (published, first_seen; migration 0006).
    Column("first_time", String(20), nullable=False),
    Column("last_time", String(20), nullable=False),
    Column("time_basis", Text, nullable=False, server_default="published"),
    Column("published_until", Text),  # the clusterer's clock: its latest publication time
    Column("term_ids", LargeBinary, nullable=False),
    Column("weights", LargeBinary, nullable=False),
    Column("embedding", LargeBinary),
    # Set when a later article showed two stories to be one: the id of the story it went into,
    # which now holds its articles; the row stays so that links to it still lead somewhere.
    Column("merged_into", String(16)),
    # Its place on the front page (StoryList.ranked), with merge_state's half-life (migration 0007);
    # null until the server's start, or the first ranked listing, fills them all.
    Column("rank", Float),
    # Bumped whenever an article joins the story or one of its articles is updated (migration
    # 0008): a story read at one version reads the same until it moves.
    Column("version", Integer, nullable=False, server_default="0"),
)

# Where each merged article went: its story, the first article of its copy group (null for an
# original), its MinHash fingerprint, the lead terms that find its story (null for a copy,
# which takes its original's story) and the wire source it comes from.
article_merge = Table(
    "article_merge",
    metadata,
    Column("article_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    Column("story_seq", SEQUENCE, ForeignKey("stories.seq"), nullable=False),
    Column("copy_of", SEQUENCE),
    Column("signature", LargeBinary, nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("lead_terms", LargeBinary),
    Column("lineage", Text),
)

# Story clustering's vocabulary with document frequencies (its online IDF), the one-row state
# (articles counted, a version that tells a process its cached state is stale, the method) and
# the articles stored but not yet merged.
merge_terms = Table(
    "merge_terms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("term", Text, nullable=False, unique=True),
    Column("documents", Integer, nullable=False),
)
merge_state = Table(
    "merge_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("method", Text),  # lexical or embeddings, fixed by the first merge
    Column("rank_half_life", Float),  # the story_half_life_hours the stories' ranks were made with
)
merge_pending = Table(
    "merge_pending",
    metadata,
    Column("article_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
)

# Readers and their state (migration 0009). A reader is a user of the server, or the one local
# reader (`local`) who holds the state while the server has no users; the first user added is
# the owner. Passwords are argon2 hashes, made and checked outside the store.
readers = Table(
    "readers",
    metadata,
    Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),  # casefolded: names are one per person
    Column("password_hash", Text),
    Column("api_password_hash", Text),  # the sync APIs' (migration 0011), apart from the web's
    # Moved by every change of the reader's item states and subscriptions (migration 0012): what
    # is counted from them is kept until it moves.
    Column("state_version", Integer, nullable=False, server_default="0"),
    Column("owner", Boolean, nullable=False, server_default=false()),
    Column("local", Boolean, nullable=False, server_default=false()),
    Column("created_at", String(20), nullable=False),
)

# A reader's credentials other than the password: API tokens, private feed tokens and sign-in
# sessions, each kept as the SHA-256 of the secret (which is shown once and never stored).
reader_tokens = Table(
    "reader_tokens",
    metadata,
    Column("seq", SEQUENCE, primary_key=True, autoincrement=True),
    Column("reader_seq", SEQUENCE, ForeignKey("readers.seq", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),  # api, feed or session
    Column("digest", String(64), nullable=False, unique=True),
    Column("label", Text),
    Column("created_at", String(20), nullable=False),
    Column("expires_at", String(20)),
    Column("last_used_at", String(20)),
    Column("revoked_at", String(20)),
)

# Which feeds a reader follows, under their own title and category. Feeds are polled once,
# whoever follows them.
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("reader_seq", SEQUENCE, ForeignKey("readers.seq", ondelete="CASCADE"), primary_key=True),
    Column("feed_seq", SEQUENCE, ForeignKey("feeds.seq", ondelete="CASCADE"), primary_key=True),
    Column("title", Text),
    Column("category", Text),
    Column("added_at", String(20), nullable=False),
)

# Which feeds carried each article: one article (one URL) may come through several. An article
# in none was added by hand (a file, the API, the samples), which every reader sees.
feed_articles = Table(
    "feed_articles",
    metadata,
    Column("feed_seq", SEQUENCE, ForeignKey("feeds.seq", ondelete="CASCADE"), primary_key=True),
    Column("article_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    # The sync APIs' entry id of the article in this feed when it is not the article's first feed
    # (migration 0013; store/entries.py): null, where the entry's id is the article's seq.
    Column("entry", SEQUENCE),  # unique (the migration's index)
)

# A reader's state of an item (a dispatch with all its copies, keyed by its first article's seq,
# as article_merge's copy_of names it): read and starred when their times are set. A copy that
# arrives later belongs to the same item, and so arrives read.
item_states = Table(
    "item_states",
    metadata,
    Column("reader_seq", SEQUENCE, ForeignKey("readers.seq", ondelete="CASCADE"), primary_key=True),
    Column("item_seq", SEQUENCE, ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    Column("read_at", String(20)),
    Column("starred_at", String(20)),
    Column("changed_at", String(20), nullable=False),  # the last change, for the sync APIs
)

# Secrets the server makes once for all its workers and restarts: the key that signs sessions.
server_keys = Table(
    "server_keys",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
