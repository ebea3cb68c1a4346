"""What stops a batch as a whole (its output folder, its scheduler, its extra), under NewsBiteError.

Failures of single documents are not among them: those go to the `failures` table and the batch
goes on.

    NewsBiteError
    └── BatchError                the batch cannot run as asked
        └── BatchExtraMissing     the batch extra (Dask, pyarrow, fsspec, bokeh) is not installed
"""

from __future__ import annotations

from newsbite.errors import NewsBiteError


class BatchError(NewsBiteError):
    """The batch cannot run as asked; `origin` is the output folder, scheduler or worker concerned.

    Its message is `problem`, one sentence that names the origin where it reads best
    ("run1 holds another batch ...", "cannot reach the Dask scheduler at tcp://...").
    """

    def __str__(self) -> str:
        return self.problem


class BatchExtraMissing(BatchError):
    """`newsbite batch` was asked for without the packages of `newsbite[batch]`."""
