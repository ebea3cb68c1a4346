"""NewsBite: news from any input made clean, understood, bite-sized and merged.

The library is the product; the CLI, the API and the web reader are thin layers over it.
"""

from newsbite.config import Settings
from newsbite.errors import NewsBiteError
from newsbite.model import Article, Bite, Document, DocumentKind, Section

__version__ = "0.1.0"

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
