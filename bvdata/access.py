"""Who may do what. Analysts are an email allowlist; everyone else who signs in is a viewer.

The decision is made from the identity provider's claims, on the server. It fails closed: a
person is matched against the allowlist only by the claim the settings name (never a fallback
such as ``sub``), and never by an email address the provider says is unverified.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ANALYST = "analyst"
VIEWER = "viewer"
_FALSE = (False, "false", "False", "FALSE", 0)


@dataclass(frozen=True)
class Identity:
    name: str                 # what the sidebar shows and what a snapshot records as its publisher
    role: str | None          # "analyst", "viewer", or None for an anonymous visitor
    signed_in: bool
    local: bool = False       # no sign-in configured: the single local analyst
    note: str | None = None   # why a signed-in person was not matched, shown to them

    @property
    def can_publish(self) -> bool:
        return self.role == ANALYST


def role_for(email: str | None, analysts: list[str] | tuple[str, ...]) -> str:
    """ANALYST if the email is on the allowlist (letter case ignored), else VIEWER."""
    wanted = (email or "").strip().casefold()
    return ANALYST if wanted and wanted in {a.strip().casefold() for a in analysts} else VIEWER


def identity_from_claims(claims: Mapping, analysts: list[str] | tuple[str, ...], claim: str = "email") -> Identity:
    """The signed-in person and their role, from the provider's claims.

    ``claim`` is the one that names a person ("email" for Google, "preferred_username" for
    Microsoft Entra ID). Without it the person is a viewer; with ``email_verified: false`` on an
    email claim they are a viewer whatever the address.
    """
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return Identity(f"signed in without '{claim}'", VIEWER, signed_in=True,
                        note=f"Your sign-in did not include '{claim}', so you have viewer rights.")
    name = value.strip()
    if claim == "email" and claims.get("email_verified", True) in _FALSE:
        return Identity(name, VIEWER, signed_in=True,
                        note="Your identity provider says this email address is not verified, so you have viewer rights.")
    return Identity(name, role_for(name, analysts), signed_in=True)


LOCAL_ANALYST = Identity("local analyst", ANALYST, signed_in=False, local=True)
ANONYMOUS = Identity("anonymous", None, signed_in=False)
