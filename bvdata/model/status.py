"""Status rules and the summaries built on them.

Each rule carries its test, its label, its plain-English definition, its colour (Okabe-Ito, safe
for colour-blind viewers) and a fill pattern, so the UI and the reports read everything from here
and colour never carries meaning alone. Rules are tried in order; the first that matches wins.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..base.labels import officer_names
from ..base.vocab import age_bands
from ..base.words import words_of
from ..read.cells.progress import CLOSED, COMPLETE, IN_PROGRESS, NOT_STARTED, PAUSED

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class StatusRule:
    key: str
    label: str
    definition: str
    colour: str
    pattern: str            # Plotly bar pattern shape: a second, non-colour cue
    applies: Callable[[pd.DataFrame, pd.Timestamp], pd.Series]


def _state(name: str):
    def applies(df, d):
        return df["progress"] == name
    return applies


def _overdue(df, d):
    return df["due_date"] < d


def _no_update(df, d):
    return df["progress"].isna()


def _due_soon(df, d):
    return (df["due_date"] >= d) & (df["due_date"] <= d + pd.Timedelta(days=DUE_SOON_DAYS))


def _everything(df, d):
    return pd.Series(True, index=df.index)


STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule("complete", "Complete", "Reported complete: 100%, or a word such as Implemented, or Blue.",
               "#009E73", "", _state(COMPLETE)),
    StatusRule("closed", "Closed", "Closed without being completed (superseded, withdrawn, no longer applicable): "
               "never overdue, never counted as complete.", "#56B4E9", "+", _state(CLOSED)),
    StatusRule("paused", "Paused", "Deferred, on hold or suspended: never overdue, shown apart.",
               "#F0E442", "|", _state(PAUSED)),
    StatusRule("overdue", "Overdue", "Due before the as-of date and not complete; nothing reported counts as not "
               "complete.", "#D55E00", "x", _overdue),
    StatusRule("no_update", "No update", "Nothing reported (no %, status or colour) and not overdue.",
               "#999999", "-", _no_update),
    StatusRule("not_started", "Not started", "Reported as 0% or not started.", "#CC79A7", "\\", _state(NOT_STARTED)),
    StatusRule("due_soon", "Due soon", f"Due within {DUE_SOON_DAYS} days of the as-of date.",
               "#E69F00", ".", _due_soon),
    StatusRule("in_progress", "In progress", "Started, not complete, and not due within "
               f"{DUE_SOON_DAYS} days.", "#0072B2", "/", _everything),
)
STATUS_LABELS = {r.key: r.label for r in STATUS_RULES}

# (first day, last day or None, label): how late an overdue action is
# how long overdue, in the one banding every screen and paper uses (vocab/age_bands.csv): (last day, label)
AGE_BANDS = age_bands()
AGE_LABELS = tuple(label for _, label in AGE_BANDS)


def as_timestamp(as_of: dt.date | pd.Timestamp | str | None) -> pd.Timestamp:
    return pd.Timestamp(as_of if as_of is not None else dt.date.today()).normalize()


def with_progress(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions with a progress state on every row that reported a %: a frame from a snapshot
    published before states were kept has only the %."""
    df = actions.copy()
    if "progress" not in df:
        df["progress"] = pd.Series(pd.NA, index=df.index, dtype="str")
    missing = df["progress"].isna() & df["completion"].notna()
    if missing.any():
        c = df.loc[missing, "completion"]
        df.loc[missing, "progress"] = np.select([c >= 100, c <= 0], [COMPLETE, NOT_STARTED], default=IN_PROGRESS)
    return df


def with_status(actions: pd.DataFrame, as_of) -> pd.DataFrame:
    """The actions with status, status_label, days_overdue and ageing columns as of a date."""
    d = as_timestamp(as_of)
    df = with_progress(actions)
    masks = [rule.applies(df, d).fillna(False).to_numpy(dtype=bool) for rule in STATUS_RULES]
    keys = np.select(masks, [r.key for r in STATUS_RULES], default=STATUS_RULES[-1].key)
    df["status"] = pd.array(keys, dtype="str")
    df["status_label"] = df["status"].map(STATUS_LABELS)
    late = (d - df["due_date"]).dt.days
    df["days_overdue"] = late.where(df["status"] == "overdue").astype("Int64")
    df["ageing"] = ageing_bucket(df["days_overdue"])
    return df


def ageing_bucket(days: pd.Series) -> pd.Series:
    """Each overdue item's age band (``AGE_BANDS``); NA for an item not overdue."""
    out = pd.Series(pd.NA, index=days.index, dtype="str")
    first = 1
    for last, label in AGE_BANDS:
        inside = days >= first if last is None else (days >= first) & (days <= last)
        out = out.mask(inside.fillna(False), label)
        first = (last or 0) + 1
    return out


def headline(df: pd.DataFrame) -> dict:
    """Counts for the overview: actions, complete, closed without completion, paused, overdue, no
    update, and the mean completion over the actions that give a %."""
    counts = df["status"].value_counts()
    mean = df["completion"].mean()
    return {
        "actions": len(df),
        "complete": int(counts.get("complete", 0)),
        "closed": int(counts.get("closed", 0)),
        "paused": int(counts.get("paused", 0)),
        "overdue": int(counts.get("overdue", 0)),
        "no_update": int(counts.get("no_update", 0)),
        "mean_completion": None if pd.isna(mean) else round(float(mean), 2),
    }


def summary_sentence(df: pd.DataFrame, noun=None) -> str:
    """'17 of 40 actions are complete; 2 are overdue, …' in the file's own words (Words, or the item's
    (singular, plural))."""
    noun = words_of(noun).noun
    h = headline(df)
    if h["actions"] == 0:
        return f"No {noun[1]} match the current filters."
    verb = f"{noun[0]} is" if h["actions"] == 1 else f"{noun[1]} are"
    text = f"{h['complete']:,} of {h['actions']:,} {verb} complete"
    if h["overdue"]:
        oldest = int(df["days_overdue"].max())
        text += f"; {h['overdue']:,} {'is' if h['overdue'] == 1 else 'are'} overdue, the oldest by {oldest:,} day{'s' if oldest != 1 else ''}"
    else:
        text += "; none is overdue"
    apart = []
    if h["closed"]:
        apart.append(f"{h['closed']} {'was' if h['closed'] == 1 else 'were'} closed without completion")
    if h["paused"]:
        apart.append(f"{h['paused']} {'is' if h['paused'] == 1 else 'are'} paused")
    if h["no_update"]:
        apart.append(f"{h['no_update']} {'has' if h['no_update'] == 1 else 'have'} no update")
    if apart:
        text += (", and " if len(apart) == 1 else "; ") + (", ".join(apart[:-1]) + " and " + apart[-1]
                                                           if len(apart) > 1 else apart[0])
    return text + "."


def by_recommendation(df: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Per recommendation: actions, mean completion over non-blank values, and a count per status."""
    order = order or list(dict.fromkeys(df["recommendation"]))
    grouped = df.groupby("recommendation", sort=False)
    out = pd.DataFrame({
        "actions": grouped.size(),
        "mean_completion": grouped["completion"].mean().round(2),
    })
    complete = (df["status"] == "complete").groupby(df["recommendation"], sort=False).sum()
    out["share_complete"] = (complete.astype("float64") / out["actions"] * 100).round(2)
    counts = df.groupby(["recommendation", "status"], sort=False).size().unstack(fill_value=0)
    for rule in STATUS_RULES:
        out[rule.key] = counts[rule.key] if rule.key in counts else 0
    out = out.reindex([r for r in order if r in out.index])
    out[[r.key for r in STATUS_RULES]] = out[[r.key for r in STATUS_RULES]].fillna(0).astype("int64")
    return out.rename_axis("recommendation").reset_index()


def overdue_list(df: pd.DataFrame) -> pd.DataFrame:
    """Overdue actions, most overdue first."""
    late = df[df["status"] == "overdue"]
    columns = ["action_id", "action", "lead_officer", "due_date", "days_overdue", "ageing", "completion",
               "notes", "recommendation", "source_sheet", "source_row"]
    columns += [c for c in ("original_due_date", "times_moved", "progress_word", "rag", "progress_text") if c in df]
    return late.sort_values(["days_overdue", "source_row"], ascending=[False, True])[columns].reset_index(drop=True)


def ageing_counts(df: pd.DataFrame) -> pd.DataFrame:
    counts = df.loc[df["status"] == "overdue", "ageing"].value_counts()
    return pd.DataFrame({"ageing": list(AGE_LABELS), "actions": [int(counts.get(b, 0)) for b in AGE_LABELS]})


def by_lead_officer(df: pd.DataFrame) -> pd.DataFrame:
    officer = officer_names(df["lead_officer"])
    grouped = df.assign(lead_officer=officer).groupby("lead_officer", sort=True)
    out = pd.DataFrame({
        "actions": grouped.size(),
        "complete": grouped["status"].agg(lambda s: int((s == "complete").sum())),
        "overdue": grouped["status"].agg(lambda s: int((s == "overdue").sum())),
        "mean_completion": grouped["completion"].mean().round(2),
    })
    return out.sort_values(["overdue", "actions"], ascending=False).rename_axis("lead_officer").reset_index()


def roundup_text(df: pd.DataFrame) -> str:
    """The round-up in words, the statuses that occur with their counts and the rest named as none:
    "Complete 17; In progress 16; Overdue 2 (none closed or paused)"."""
    counts = df["status"].value_counts()
    shown = "; ".join(f"{r.label} {int(counts[r.key]):,}" for r in STATUS_RULES if counts.get(r.key, 0))
    none = [r.label.lower() for r in STATUS_RULES if not counts.get(r.key, 0)]
    if not none:
        return shown
    rest = none[0] if len(none) == 1 else f"{', '.join(none[:-1])} or {none[-1]}"
    return f"{shown} (none {rest})" if shown else f"none {rest}"
