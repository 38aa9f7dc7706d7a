"""Small drawing helpers the pages share. None of them lets data reach HTML."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import pickle
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bvdata.base.formats import CHANGE_COLUMN, PERCENT_COLUMN, SCORE_COLUMN, change, day, percent, score

_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def md_escape(text: object) -> str:
    """Text for an st.error/st.info message, which read Markdown: every special character escaped,
    so a file name or value from the data shows as typed and never becomes a link or an image."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))


@dataclass(frozen=True)
class Drawn:
    """A figure ready for the screen, and the heading written above it. Shared by every session that
    asks for the same figure of the same data, so it is never changed once made."""

    heading: str
    figure: go.Figure


def figure(builder, *args, **kwargs) -> Drawn:
    """``builder(*args, **kwargs)``, made once per content: the figure is cached on a digest of the
    builder and of its arguments' pickled bytes (tables by their values), so reopening a page, or
    another person opening it on the same data, skips Plotly's validation of every property (tens of
    milliseconds a chart, most of a page's run). A different table, filter or date is another digest.

    The figure's title is taken out and written above it as a heading, which wraps with the page on a
    phone or a narrow column, instead of inside the figure, where it would run off the edge or over
    the top axis label (the report keeps the title in the picture, at a fixed width)."""
    what = (builder.__module__, builder.__qualname__, args, sorted(kwargs.items()))
    digest = hashlib.sha256(pickle.dumps(what, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    return _drawn(digest, builder, args, kwargs)


@st.cache_resource(max_entries=128, show_spinner=False)
def _drawn(digest: str, _builder, _args: tuple, _kwargs: dict) -> Drawn:
    fig = _builder(*_args, **_kwargs)
    title = fig.layout.title.text or ""
    if title:
        fig.update_layout(title_text="", margin_t=max((fig.layout.margin.t or 70) - 50, 20))
    return Drawn(html.unescape(title), fig)


def chart(drawn: Drawn, key: str, summary: str, **kwargs):
    """Draw a figure (from ``figure``) under its heading, with its message as alt text and as a
    caption: no chart relies on sight alone."""
    if drawn.heading:
        st.markdown(f"#### {md_escape(drawn.heading)}")
    # theme=None keeps the figure's own large, high-contrast type for the projector
    event = st.plotly_chart(drawn.figure, key=key, alt=summary, theme=None, config={"displaylogo": False}, **kwargs)
    st.caption(md_escape(summary))
    return event


def opened_expander(label: str, key: str):
    """An expander whose contents are drawn only while it is open, or None while it is closed: Streamlit
    reruns the page when it is opened, so a closed one costs the browser nothing on a page's open."""
    box = st.expander(md_escape(label), key=key, on_change="rerun")
    return box if box.open else None


def download_buttons(view: pd.DataFrame, stem: str, key_prefix: str, sheet: str, what: str = "", words=None) -> None:
    """Excel and CSV downloads of a table view, built only when clicked (a big tracker's export takes
    seconds, and should not slow every rerun); headings in the file's own words when given."""
    from bvdata.papers.exports import to_csv_bytes, to_xlsx_bytes
    left, right = st.columns(2)
    left.download_button(f"Download {what}(Excel)".replace("( ", "("), lambda: to_xlsx_bytes({sheet: view}, words),
                         f"{stem}.xlsx", key=f"{key_prefix}_download_xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button(f"Download {what}(CSV)", lambda: to_csv_bytes(view, words), f"{stem}.csv",
                          key=f"{key_prefix}_download_csv", on_click="ignore", mime="text/csv")


# A table with wording is drawn twice (``table(cards=True)``): as a table on a wide screen, as cards below
# this width (a tablet held upright, a phone), where its wording, due date and lead would run off the screen.
CARDS_BELOW = 1100
CARDS_CSS = (f"<style>@media (max-width: {CARDS_BELOW - 1}px) {{ div[class*=\"st-key-wide_\"] {{ display: none !important; }} }}"
             f"@media (min-width: {CARDS_BELOW}px) {{ div[class*=\"st-key-cards_\"] {{ display: none !important; }} }}</style>")


def table(df: pd.DataFrame, key: str | None = None, scores=(), percents=(), wide=(), signed=(), cards: bool = False,
          card_columns=None, **column_config) -> None:
    """A table as every page shows one: blanks as a dash (never "None"), scores to one decimal place,
    percentages whole, changes signed, long text columns wide. Column names are as shown (already labelled).

    With ``cards``, a screen narrower than ``CARDS_BELOW`` gets the rows as cards instead, so no column is
    off screen: the first column as each card's heading, the wide columns whole, the rest as "label:
    value" (the constant style sheet in dashboard.py shows one or the other by the screen's width);
    ``card_columns`` chooses and orders the columns a card shows (a link or a small chart left out)."""
    shown = df.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].astype("object").where(shown[column].notna(), "–")
    config = {c: st.column_config.NumberColumn(format=SCORE_COLUMN) for c in scores if c in shown}
    config |= {c: st.column_config.NumberColumn(format=PERCENT_COLUMN) for c in percents if c in shown}
    config |= {c: st.column_config.NumberColumn(format=CHANGE_COLUMN) for c in signed if c in shown}
    config |= {c: st.column_config.TextColumn(width="large") for c in wide if c in shown}
    if len(shown.columns) and shown.columns[0] not in config:
        # the first column (the reference) stays in view while a narrow screen scrolls the rest
        config[shown.columns[0]] = st.column_config.Column(pinned=True)
    config |= column_config
    if not cards or key is None:
        st.dataframe(shown, hide_index=True, width="stretch", placeholder="–", key=key, column_config=config)
        return
    with st.container(key=f"wide_{key}"):
        st.dataframe(shown, hide_index=True, width="stretch", placeholder="–", key=key, column_config=config)
    phone_cards(df if card_columns is None else df[list(card_columns)], key, scores, percents, wide, signed)


def phone_cards(df: pd.DataFrame, key: str, scores=(), percents=(), wide=(), signed=(), limit: int | None = None) -> None:
    """The rows as cards, for a phone only (the style sheet hides them on a wider screen, where the table
    keyed ``wide_{key}`` is shown instead): one element for every card, a rule between them, because each
    element drawn delays the page's chart. With ``limit``, the first rows only, and a line saying so."""
    kinds = {**dict.fromkeys(scores, score), **dict.fromkeys(percents, percent), **dict.fromkeys(signed, change)}
    texts = card_texts(df if limit is None else df.head(limit), kinds, wide)
    if limit is not None and len(df) > limit:
        texts.insert(0, f"*The first {limit:,} of {len(df):,} are shown here: the filters and the search narrow them.*")
    st.container(key=f"cards_{key}").markdown("\n\n---\n\n".join(texts))


def card_texts(df: pd.DataFrame, kinds: dict, wide=()) -> list[str]:
    """Each row as a card's Markdown: the first column in bold, the wide (wording) columns as their own
    paragraphs, the rest as "label: value" on one line (a long value on a line of its own); every value
    escaped, dates as "14 Feb 2022", figures by ``kinds`` (column -> a function of bvdata.base.formats)."""
    def shown(column, value) -> str:
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return "–"
        if column in kinds:
            return kinds[column](value) or "–"
        return day(value) if isinstance(value, (pd.Timestamp, dt.date)) else str(value)

    texts = []
    for row in df.itertuples(index=False):
        values = dict(zip(df.columns, row))
        first, *rest = df.columns
        lines = [f"**{md_escape(shown(first, values[first]))}**"]
        lines += [md_escape(shown(c, values[c])) for c in rest if c in wide]
        fields = [(c, shown(c, values[c])) for c in rest if c not in wide]
        lines.append(" · ".join(f"{md_escape(c)}: {md_escape(v)}" for c, v in fields if len(v) <= 60))
        lines += [f"{md_escape(c)}: {md_escape(v)}" for c, v in fields if len(v) > 60]     # long notes apart
        texts.append("\n\n".join(line for line in lines if line))
    return texts


def page_links(links: list[tuple[str, str, str]]) -> None:
    """Links to other pages side by side; left out when the page runs outside the app's navigation
    (a page file run on its own has no pages to link to)."""
    from streamlit.errors import StreamlitAPIException
    for column, (path, label, icon) in zip(st.columns(len(links)), links):
        try:
            column.page_link(path, label=label, icon=icon)
        except StreamlitAPIException:
            return
