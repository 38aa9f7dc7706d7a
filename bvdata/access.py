"""Who may do what. Analysts are an email allowlist; everyone else who signs in is a viewer."""
from __future__ import annotations

from dataclasses import dataclass

ANALYST = "analyst"
VIEWER = "viewer"


@dataclass(frozen=True)
class Identity:
    name: str                 # what the sidebar shows and what a snapshot records as its publisher
    role: str | None          # "analyst", "viewer", or None for an anonymous visitor
    signed_in: bool
    local: bool = False       # no sign-in configured: the single local analyst

    @property
    def can_publish(self) -> bool:
        return self.role == ANALYST


def role_for(email: str | None, analysts: list[str] | tuple[str, ...]) -> str:
    """ANALYST if the email is on the allowlist (letter case ignored), else VIEWER."""
    wanted = (email or "").strip().casefold()
    return ANALYST if wanted and wanted in {a.strip().casefold() for a in analysts} else VIEWER


LOCAL_ANALYST = Identity("local analyst", ANALYST, signed_in=False, local=True)
ANONYMOUS = Identity("anonymous", None, signed_in=False)
