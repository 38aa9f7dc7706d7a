"""Who may do what. Analysts are an email allowlist; everyone else who signs in is a viewer.

The decision is made from the identity provider's claims, on the server. It fails closed: a
person is matched against the allowlist only by the claim the settings name (never a fallback
such as ``sub``), never by an email address the provider has not marked verified with JSON ``true``,
and never by an address that is not plain ASCII: "\u212aate@…" (a Kelvin sign) casefolds to
"kate@…", so a look-alike could otherwise take another person's role or actions.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

ANALYST = "analyst"
VIEWER = "viewer"


def address_key(text: object) -> str | None:
    """An email address or sign-in name as compared everywhere: ASCII lower case, spaces trimmed. None
    for text that holds anything but ASCII, or that NFKC would change: such a name never matches."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not value or not value.isascii() or unicodedata.normalize("NFKC", value) != value:
        return None
    return value.lower()


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
    """ANALYST if the email is on the allowlist (ASCII letter case ignored), else VIEWER."""
    wanted = address_key(email)
    return ANALYST if wanted and wanted in {address_key(a) for a in analysts} else VIEWER


def identity_from_claims(claims: Mapping, analysts: list[str] | tuple[str, ...], claim: str = "email") -> Identity:
    """The signed-in person and their role, from the provider's claims.

    ``claim`` is the one that names a person ("email" for Google, "preferred_username" for
    Microsoft Entra ID). Without it the person is a viewer; an email claim counts only when
    ``email_verified`` is JSON ``true`` (None, "0", "no" or a missing claim do not).
    """
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return Identity(f"signed in without '{claim}'", VIEWER, signed_in=True,
                        note=f"Your sign-in did not include '{claim}', so you have viewer rights.")
    name = value.strip()
    if claim == "email" and claims.get("email_verified") is not True:
        return Identity(name, VIEWER, signed_in=True,
                        note="Your identity provider does not say this email address is verified, so you have viewer rights.")
    if address_key(name) is None:
        return Identity(name, VIEWER, signed_in=True,
                        note="Your sign-in name holds characters other than plain letters, digits and punctuation, "
                             "so it cannot be matched to the analysts' list; you have viewer rights.")
    return Identity(name, role_for(name, analysts), signed_in=True)


LOCAL_ANALYST = Identity("local analyst", ANALYST, signed_in=False, local=True)


def demo_email(name: str) -> str:
    """An illustrative address for a demo officer: "Clair Hepburn" -> "clair.hepburn@example.org"."""
    slug = ".".join(part for part in "".join(c.lower() if c.isalnum() else " " for c in name).split())
    return f"{slug or 'officer'}@example.org"


def demo_officer_identity(name: str, email: str) -> Identity:
    """Trying My actions as a lead officer in the local demo (``--as-officer``): a viewer, never an analyst."""
    return Identity(email, VIEWER, signed_in=True,
                    note=f"Demo only: you are trying the dashboard as the lead officer {name}.")
ANONYMOUS = Identity("anonymous", None, signed_in=False)
