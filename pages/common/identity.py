"""Who is using the app and what they may do, decided on the server from the settings.

The settings come from the secrets files and fail closed: a file that exists but cannot be read
stops the app (``dashboard.py``) instead of switching sign-in off. With no secrets file at all the
app runs for one local analyst.
"""
from __future__ import annotations

import streamlit as st

from bvdata.base.access import (
    ANONYMOUS,
    LOCAL_ANALYST,
    Identity,
    demo_email,
    demo_officer_identity,
    identity_from_claims,
)
from bvdata.base.settings import demo_officer

from .connection import app_settings, get_store, store_url


def _streamlit_identity() -> Identity:
    """The identity check: Streamlit's OIDC sign-in when [auth] is configured, else the local analyst."""
    settings = app_settings()
    if settings.local:
        trying = demo_officer(settings, store_url())
        if trying is None:
            return LOCAL_ANALYST
        return demo_officer_identity(trying, _demo_officer_email(trying))
    if not st.user.is_logged_in:
        return ANONYMOUS
    person = identity_from_claims(st.user.to_dict(), settings.analysts, settings.identity_claim)
    _record_sign_in(person, settings.identity_claim)
    return person


def _record_sign_in(person: Identity, claim: str) -> None:
    """The role decision for a signed-in person goes in the audit trail, once per session."""
    state = st.session_state
    if state.get("bv_signed_in_as") == (person.name, person.role):
        return
    state["bv_signed_in_as"] = (person.name, person.role)
    from bvdata.store.audit import SIGN_IN, record
    from bvdata.store.engine import writer
    engine, _ = get_store()
    if engine is not None:
        with writer(engine) as connection:
            record(connection, person.name, SIGN_IN, None,
                   f"{person.role} (matched by '{claim}')" + (f"; {person.note}" if person.note else ""))


def _demo_officer_email(name: str) -> str:
    """The address the demo's officer table gives the officer being tried, adding them if it names none
    (once per session; demo only)."""
    known = st.session_state.get("bv_demo_officer")
    if known is not None and known[0] == name:
        return known[1]
    from bvdata.owners.officers import ensure_officer
    engine, _ = get_store()
    email = demo_email(name) if engine is None else ensure_officer(engine, name, demo_email(name), "the demo's --as-officer")
    st.session_state["bv_demo_officer"] = (name, email)
    return email


# The one place identity is decided; tests replace it with a function returning an Identity.
identity_provider = _streamlit_identity


def current_identity() -> Identity:
    return identity_provider()


def current_user() -> str:
    """Who is using the dashboard, as a snapshot records its publisher."""
    return current_identity().name


def require_analyst(what: str = "upload or publish trackers") -> None:
    """Stop a page that changes data for anyone who is not an analyst (the page is also hidden)."""
    if not current_identity().can_publish:
        st.error(f"Only analysts can {what}.")
        st.stop()
