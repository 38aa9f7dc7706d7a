"""The project's own exceptions and the validation-report entry.

Every message is one plain sentence that a page can show to an analyst as it is.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


class TrackerError(Exception):
    """A file gave no usable data. ``str(error)`` is the sentence to show the user."""


class StoreError(Exception):
    """The snapshot store refused an operation. ``str(error)`` is the sentence to show."""


@dataclass(frozen=True)
class Issue:
    """One entry of the validation report: where it is and what is wrong with it."""

    level: str  # "error" | "warning" | "info"
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    kind: str = ""      # what kind of entry, a key of vocab/issue_kinds.csv: the report groups by it

    def as_dict(self) -> dict:
        return asdict(self)

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class SettingsError(Exception):
    """The app's settings (its secrets file) are unusable; ``str(error)`` names the file and the problem."""


class AccessRefused(StoreError):
    """Someone asked for something their role or their actions do not allow; it is written to the audit trail."""
