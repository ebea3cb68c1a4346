"""Sizes that bound a page of results or a batch task.

They live apart from the store and batch/ so that the CLI can declare its options' bounds and
defaults from them without loading SQLAlchemy or Dask (`newsbite --help` stays fast).
"""

# The most rows one listing returns (the CLI's --limit, the API's limit).
MAX_PAGE = 200

# Documents per partition: what one task holds in memory at once (articles of a few hundred KB
# at most, and spaCy's parses of one nlp.pipe batch), and the unit a re-run skips.
PARTITION_SIZE = 500
