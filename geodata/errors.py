"""One exception class per kind of failure; messages are made at the edge (CLI, app)."""

from dataclasses import dataclass


class LayerError(Exception):
    """Base class of every error this package raises on bad input."""


class DateError(LayerError, ValueError):
    """A date string is not valid EDTF, or not one this project accepts."""


class LoadError(LayerError):
    """A file cannot be read as a layer at all (missing, too big, wrong encoding, not JSON)."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one feature (or with the file, when `feature_id` is None)."""

    path: str
    feature_id: str | None
    index: int | None
    field: str
    message: str

    def __str__(self):
        if self.index is None:
            return f"{self.path}: {self.field}: {self.message}"
        fid = self.feature_id if self.feature_id is not None else "?"
        return f"{self.path}: feature {fid} (#{self.index}): {self.field}: {self.message}"


class ValidationError(LayerError):
    """A layer breaks the schema or the rules of time; holds every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
