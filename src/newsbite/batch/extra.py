"""Whether `newsbite[batch]` is installed, checked before anything of Dask or pyarrow is imported.

Importing nothing but the standard library, this module (with `newsbite.batch.errors`) is what a
caller can reach without the extra.
"""

from __future__ import annotations

from importlib.util import find_spec

from newsbite.batch.errors import BatchExtraMissing

# The modules of the batch extra's packages (pyproject.toml): Dask and its scheduler, the
# dashboard's bokeh, Parquet's pyarrow and fsspec for remote inputs.
BATCH_MODULES = ("dask", "distributed", "bokeh", "pyarrow", "fsspec")


def missing_batch_modules() -> list[str]:
    """The batch extra's modules that cannot be imported here; empty when the extra is installed."""
    return [name for name in BATCH_MODULES if find_spec(name) is None]


def require_batch_extra() -> None:
    """Return when the batch extra is installed; otherwise raise BatchExtraMissing saying how to
    install it."""
    missing = missing_batch_modules()
    if missing:
        raise BatchExtraMissing(
            "newsbite batch",
            f"newsbite batch needs the batch extra ({', '.join(missing)} not installed): "
            "pip install 'newsbite[batch]'",
        )
