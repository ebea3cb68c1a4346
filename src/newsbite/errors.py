"""Every failure a NewsBite caller may want to handle, each carrying the input it concerns.

    NewsBiteError                 anything NewsBite reports about an input (has `.origin`)
    ├── InputError                the input cannot be read as a document
    │   ├── InputNotFound         no such file or directory
    │   ├── EmptyInput            nothing but whitespace
    │   ├── BinaryInput           not text (an image, an archive, an executable)
    │   ├── InputTooLarge         over the per-document size limit
    │   └── MalformedRecord       a JSON record that is not an object or has no usable body
    ├── FetchError                a URL could not be fetched (unreachable, HTTP error, refused)
    ├── FeedError                 a feed could not be read (not a feed, not well-formed, no entries)
    ├── ExtractionError           the document was read but held no article text
    ├── StageFailed               a stage raised something unexpected on one document (a bug)
    ├── DocumentTimedOut          a stage ran past `document_timeout_seconds` on one document
    ├── ModelNotInstalled         the configured spaCy pipeline is not installed (understand/nlp.py)
    ├── StoreError                the database cannot be opened, read or written (store/errors.py;
    │   └── DatabaseURLError      `origin` names the database) or is not a usable URL
    ├── ReaderError               a user cannot be added, changed or removed as asked (store/errors.py)
    ├── BatchError                a batch cannot run as asked: its output folder, its scheduler
    │   └── BatchExtraMissing     (batch/errors.py); the batch extra is not installed
    └── ConfigError               a setting's value, or the settings file, cannot be used

Each room's own errors are defined in that room (understand/nlp.py, store/errors.py,
batch/errors.py) so that this module imports nothing; they are drawn here so that the whole tree
can be read in one place. A dependency's exceptions (SQLAlchemy's, httpx's, lxml's, Dask's) are
translated into these where they enter.

Misuse of the library (wrong argument types and the like) raises TypeError/ValueError as usual and
is deliberately outside this tree, so catching NewsBiteError never hides a bug.
"""

from __future__ import annotations


class NewsBiteError(Exception):
    """A problem with one input, named by `origin` (a path, URL or `corpus.jsonl:12`)."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from (origin, problem) plus any fields a subclass adds, so that an error
        # crosses a process boundary (parallel pipelines) whole.
        return (type(self), (self.origin, self.problem), self.__dict__)


class InputError(NewsBiteError):
    """The input cannot be read as a document."""


class InputNotFound(InputError):
    """No such file or directory."""


class EmptyInput(InputError):
    """The input holds nothing but whitespace."""


class BinaryInput(InputError):
    """The input is not text."""


class InputTooLarge(InputError):
    """The input is over the per-document size limit."""

    @classmethod
    def over_limit(
        cls, origin: str, limit: int, size: int | None = None, what: str = "input"
    ) -> InputTooLarge:
        """The error for `what` (input, response, ...) over `limit` bytes, with the way to raise it."""
        shown = f" ({size:,} bytes)" if size is not None else ""
        return cls(
            origin,
            f"the {what} is over the {limit:,}-byte limit{shown}; "
            "raise NEWSBITE_MAX_DOCUMENT_BYTES to allow it",
        )


class MalformedRecord(InputError):
    """A JSON record that is not an object, or has neither text nor HTML."""


class FetchError(NewsBiteError):
    """A URL could not be fetched; `reason` is a short code for source health (dns, refused,
    timeout, blocked, robots, http_403, http_429, ...)."""

    def __init__(self, origin: str, problem: str, reason: str = "unreachable") -> None:
        super().__init__(origin, problem)
        self.reason = reason


class FeedError(NewsBiteError):
    """A feed could not be read; `reason` is a short code for source health (parse, empty, ...)."""

    def __init__(self, origin: str, problem: str, reason: str = "parse") -> None:
        super().__init__(origin, problem)
        self.reason = reason


class ExtractionError(NewsBiteError):
    """The document was read but held no article text."""


class StageFailed(NewsBiteError):
    """A stage raised something other than a NewsBiteError on one document (a bug, reported per
    document so that the rest of the run goes on)."""


class DocumentTimedOut(NewsBiteError):
    """A stage ran past `document_timeout_seconds` on one document, which was given up."""


class ConfigError(NewsBiteError):
    """A setting cannot be used; `origin` is the environment variable or the settings file."""
