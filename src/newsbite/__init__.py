"""NewsBite: news from any input made clean, understood, bite-sized and merged.

The library is the product; the CLI, the API and the web reader are thin layers over it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# The public names, imported on first use (PEP 562): `newsbite --version` must not pay for
# pydantic's import to print a string.
_EXPORTS = {
    "Article": "newsbite.model",
    "Bite": "newsbite.model",
    "Document": "newsbite.model",
    "DocumentKind": "newsbite.model",
    "NewsBiteError": "newsbite.errors",
    "Section": "newsbite.model",
    "Settings": "newsbite.config",
}

__all__ = [
    "Article",
    "Bite",
    "Document",
    "DocumentKind",
    "NewsBiteError",
    "Section",
    "Settings",
    "__version__",
]

if TYPE_CHECKING:
    from newsbite.config import Settings
    from newsbite.errors import NewsBiteError
    from newsbite.model import Article, Bite, Document, DocumentKind, Section


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'newsbite' has no attribute {name!r}")
