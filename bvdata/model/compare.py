"""What moved between two versions of the tracker.

Actions are matched by id, then (for ids that were renumbered) by wording: exactly after
normalising, then by close similarity when few are left. Anything unmatched is reported as new or
removed, never dropped. Movement categories, each a rule with its label, as for the statuses:
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..base.labels import action_label
from ..base.vocab import normalise
from ..read.cells.progress import COMPLETE, STATE_RANK
from .status import by_recommendation

# (key, label, definition) in the order the Compare page shows them
MOVEMENTS = (
    ("completed", "Completed since", "Reached 100% since the earlier snapshot."),
    ("progressed", "Progressed", "Completion went up, short of 100%."),
    ("no_movement", "No movement", "Completion is the same (or blank in both)."),
    ("went_backwards", "Went backwards", "Completion went down, or was cleared."),
    ("new", "New", "In the later snapshot only."),
    ("removed", "Removed", "In the earlier snapshot only."),
)
MOVEMENT_LABELS = {key: label for key, label, _ in MOVEMENTS}
FUZZY_LIMIT = 300        # beyond this many unmatched actions on each side, only exact wording matches
FUZZY_RATIO = 0.85


@dataclass
class Matching:
    pairs: list[tuple[int, int]]                      # (old position, new position)
    how: list[str]                                    # "id" | "wording" | "similar wording", per pair
    removed_old_positions: list[int] = field(default_factory=list)
    new_positions: list[int] = field(default_factory=list)


def _ids_with_occurrence(ids: pd.Series) -> list[tuple[str, int] | None]:
    """('14', 0), ('14', 1)... so duplicate ids pair up in order rather than all with the first."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for value in ids:
        if isinstance(value, str) and value:
            out.append((value, seen[value]))
            seen[value] += 1
        else:
            out.append(None)
    return out


def same_wording(a, b, ratio: float = FUZZY_RATIO) -> bool:
    """Is this the same action's wording, exactly after normalising, or as a close rewording?"""
    left, right = normalise(a), normalise(b)
    return left == right or difflib.SequenceMatcher(None, left, right).ratio() >= ratio


def _unique_ids(ids: pd.Series) -> bool:
    """Is every id given, as non-empty text, once? (Then ids pair up without counting occurrences.)"""
    return bool(len(ids)) and bool(ids.map(lambda v: isinstance(v, str) and v != "").all()) and ids.is_unique


def _id_pairs(old: pd.DataFrame, new: pd.DataFrame) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(id pairs in old order, unmatched old positions, unmatched new positions)."""
    old_ids, new_ids = old["action_id"], new["action_id"]
    if _unique_ids(old_ids) and _unique_ids(new_ids):        # the usual case, done by index lookup
        found = pd.Index(new_ids.astype(object)).get_indexer(old_ids.astype(object))
        pairs = [(i, int(j)) for i, j in enumerate(found) if j >= 0]
        used = {j for _, j in pairs}
        return pairs, [i for i, j in enumerate(found) if j < 0], [j for j in range(len(new)) if j not in used]
    pairs, unmatched_old = [], []
    new_index = {key: j for j, key in enumerate(_ids_with_occurrence(new_ids)) if key}
    for i, key in enumerate(_ids_with_occurrence(old_ids)):
        j = new_index.get(key) if key else None
        if j is not None:
            pairs.append((i, j))
        else:
            unmatched_old.append(i)
    used = {j for _, j in pairs}
    return pairs, unmatched_old, [j for j in range(len(new)) if j not in used]


def match_actions(old: pd.DataFrame, new: pd.DataFrame) -> Matching:
    pairs, unmatched_old, unmatched_new = _id_pairs(old, new)
    how = ["id"] * len(pairs)

    # renumbered actions: the same wording under another id
    old_words, new_words = old["action"].tolist(), new["action"].tolist()
    by_wording: dict[str, list[int]] = defaultdict(list)
    for j in unmatched_new:
        by_wording[normalise(new_words[j])].append(j)
    still_old = []
    for i in unmatched_old:
        candidates = by_wording.get(normalise(old_words[i]))
        if candidates:
            j = candidates.pop(0)
            pairs.append((i, j))
            how.append("wording")
            unmatched_new.remove(j)
        else:
            still_old.append(i)

    if still_old and unmatched_new and len(still_old) <= FUZZY_LIMIT and len(unmatched_new) <= FUZZY_LIMIT:
        scored = []
        for i in still_old:
            a = normalise(old_words[i])
            for j in unmatched_new:
                ratio = difflib.SequenceMatcher(None, a, normalise(new_words[j])).ratio()
                if ratio >= FUZZY_RATIO:
                    scored.append((ratio, i, j))
        taken_old, taken_new = set(), set()
        for ratio, i, j in sorted(scored, reverse=True):
            if i not in taken_old and j not in taken_new:
                pairs.append((i, j))
                how.append("similar wording")
                taken_old.add(i)
                taken_new.add(j)
        still_old = [i for i in still_old if i not in taken_old]
        unmatched_new = [j for j in unmatched_new if j not in taken_new]
    return Matching(pairs, how, still_old, sorted(unmatched_new))


def movement_by_state(old: str | None, new: str | None) -> str:
    """Movement for trackers that report a word or a colour, not a %: by how far along each state is."""
    if old == new:
        return "no_movement"
    if new is None:
        return "went_backwards"
    if new == COMPLETE:
        return "completed"
    if old is None:
        return "progressed" if STATE_RANK[new] > 0 else "no_movement"
    if STATE_RANK[new] > STATE_RANK[old]:
        return "progressed"
    return "went_backwards" if STATE_RANK[new] < STATE_RANK[old] else "no_movement"


def movement_between(o: dict, n: dict) -> str:
    """By the % when both versions give one, else by the progress state where either has one (a file
    that moved from a % to a status word is still compared), else both are blank: no movement."""
    if not (pd.isna(o["completion"]) or pd.isna(n["completion"])):
        return movement_of(o["completion"], n["completion"])
    if _state(o) is not None or _state(n) is not None:
        return movement_by_state(_state(o), _state(n))
    return movement_of(o["completion"], n["completion"])


def _state(record: dict) -> str | None:
    value = record.get("progress")
    return value if isinstance(value, str) else None


def movements(old_completion, new_completion, old_state, new_state) -> np.ndarray:
    """``movement_between`` for many pairs at once (arrays of the old and new %, and the old and new
    progress states, None or NaN where blank): one movement key per pair."""
    oc, nc = pd.to_numeric(pd.Series(old_completion), errors="coerce").to_numpy(float), \
        pd.to_numeric(pd.Series(new_completion), errors="coerce").to_numpy(float)
    os_, ns = (pd.Series(x, dtype=object).where(pd.Series(x, dtype=object).map(lambda v: isinstance(v, str)))
               for x in (old_state, new_state))
    orank, nrank = os_.map(STATE_RANK).to_numpy(float), ns.map(STATE_RANK).to_numpy(float)
    os_, ns = os_.to_numpy(object), ns.to_numpy(object)
    ob, nb = np.isnan(oc), np.isnan(nc)
    by_pct = ~ob & ~nb
    by_state = ~by_pct & (pd.notna(os_) | pd.notna(ns))
    same_state = (os_ == ns) | (pd.isna(os_) & pd.isna(ns))
    pct = np.select([nb & ob, nb, (nc >= 100) & (ob | (oc < 100)), ob & (nc > 0), ob, nc > oc, nc < oc],
                    ["no_movement", "went_backwards", "completed", "progressed", "no_movement", "progressed",
                     "went_backwards"], default="no_movement")
    state = np.select([same_state, pd.isna(ns), ns == COMPLETE, pd.isna(os_) & (nrank > 0), pd.isna(os_),
                       nrank > orank, nrank < orank],
                      ["no_movement", "went_backwards", "completed", "progressed", "no_movement", "progressed",
                       "went_backwards"], default="no_movement")
    return np.where(by_state, state, pct)


def movement_of(old: float, new: float) -> str:
    old_blank, new_blank = pd.isna(old), pd.isna(new)
    if old_blank and new_blank:
        return "no_movement"
    if new_blank:
        return "went_backwards"
    if new >= 100 and (old_blank or old < 100):
        return "completed"
    if old_blank:
        return "progressed" if new > 0 else "no_movement"
    if new > old:
        return "progressed"
    if new < old:
        return "went_backwards"
    return "no_movement"


@dataclass
class Comparison:
    actions: pd.DataFrame               # one row per action in either snapshot, with its movement
    movement: dict[str, list[str]]      # category -> action ids (as written)
    due_date_changed: list[dict]
    wording_changed: list[dict]
    recommendations: pd.DataFrame

    def export_table(self) -> pd.DataFrame:
        """The per-action table as people read it: movement in words (headings come from bvdata.base.labels)."""
        return self.actions.assign(movement=self.actions["movement"].map(MOVEMENT_LABELS))

    def as_json(self) -> dict:
        return {"movement": self.movement, "due_date_changed": self.due_date_changed,
                "wording_changed": self.wording_changed,
                "counts": {k: len(v) for k, v in self.movement.items()}}


ACTION_TABLE = ("action_id", "old_action_id", "matched_by", "recommendation", "action",
                "old_completion", "new_completion", "old_due_date", "new_due_date", "movement")


def _pair(o: dict | None, n: dict | None, how: str | None) -> tuple:
    """One row of the comparison table (ACTION_TABLE's order) for a matched, new or removed action."""
    either = n if n is not None else o
    movement = movement_between(o, n) if o is not None and n is not None else "new" if o is None else "removed"
    return (action_label(either), None if o is None else action_label(o), how, either["recommendation"],
            either["action"], None if o is None else o["completion"], None if n is None else n["completion"],
            None if o is None else o["due_date"], None if n is None else n["due_date"], movement)


def _justifications(amendments: pd.DataFrame | None) -> dict[str, str]:
    """Action number -> the amended-actions table's reason for changing its wording."""
    if amendments is None or not len(amendments):
        return {}
    return {r.action_id: r.justification for r in amendments.itertuples()
            if isinstance(r.action_id, str) and isinstance(r.justification, str)}


def _same_date(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def compare(old: pd.DataFrame, new: pd.DataFrame, new_amendments: pd.DataFrame | None = None,
            old_status: pd.DataFrame | None = None, new_status: pd.DataFrame | None = None) -> Comparison:
    """Per-action movement, due-date and wording changes, and the change per recommendation.

    ``old_status``/``new_status`` (the frames with status columns as at each snapshot's date) are
    used for the per-recommendation table when given.
    """
    matching = match_actions(old, new)
    justification = _justifications(new_amendments)
    old_records, new_records = _records(old), _records(new)
    rows, due_changes, wording_changes = [], [], []
    for (i, j), how in zip(matching.pairs, matching.how):
        o, n = old_records[i], new_records[j]
        rows.append(_pair(o, n, how))
        action_id = rows[-1][0]
        if not _same_date(o["due_date"], n["due_date"]):
            due_changes.append({"id": action_id, "old": _iso(o["due_date"]), "new": _iso(n["due_date"])})
        if normalise(o["action"]) != normalise(n["action"]):
            reason = n.get("justification")
            reason = reason if isinstance(reason, str) and reason else justification.get(action_id)
            wording_changes.append({"id": action_id, "old": _text(o["action"]), "new": _text(n["action"]),
                                    "justification": reason})
    rows += [_pair(None, new_records[j], None) for j in matching.new_positions]
    rows += [_pair(old_records[i], None, None) for i in matching.removed_old_positions]
    actions = pd.DataFrame(rows, columns=list(ACTION_TABLE))
    for column in ("old_completion", "new_completion"):
        actions[column] = pd.to_numeric(actions[column], errors="coerce").astype("float64")
    movement = {key: actions.loc[actions["movement"] == key, "action_id"].tolist() for key, _, _ in MOVEMENTS}
    return Comparison(actions, movement, due_changes, wording_changes,
                      recommendation_change(old_status if old_status is not None else old,
                                            new_status if new_status is not None else new))


def recommendation_change(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Per recommendation: actions and mean completion in each snapshot, and the change."""
    def summary(frame):
        if "status" not in frame:
            frame = frame.assign(status="in_progress")
        return by_recommendation(frame).set_index("recommendation")[["actions", "mean_completion", "complete"]]
    a, b = summary(old), summary(new)
    order = list(dict.fromkeys(list(b.index) + list(a.index)))
    out = pd.DataFrame(index=pd.Index(order, name="recommendation"))
    out["old_actions"] = a["actions"]
    out["new_actions"] = b["actions"]
    out["old_mean_completion"] = a["mean_completion"]
    out["new_mean_completion"] = b["mean_completion"]
    out["change"] = out["new_mean_completion"] - out["old_mean_completion"]
    out["old_complete"] = a["complete"]
    out["new_complete"] = b["complete"]
    for column in ("old_actions", "new_actions", "old_complete", "new_complete"):
        out[column] = out[column].fillna(0).astype("int64")
    return out.reset_index()


_COMPARED = ("action_id", "action", "recommendation", "completion", "progress", "due_date", "justification",
             "source_sheet", "source_row")


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of just the compared columns (far quicker than DataFrame.to_dict)."""
    columns = [c for c in _COMPARED if c in frame.columns]
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _iso(value) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _text(value) -> str | None:
    return value if isinstance(value, str) else None
