"""The tracker zoo: trackers built from the parts real files vary, each with its answer known by construction.

A ``Spec`` is drawn from a seed (``spec_of(seed)``, deterministic; ``specs()`` is the same as a hypothesis
strategy): heading words from ``headings.csv`` (audit, inspection, corrective-action, project task and risk
trackers), where the table starts, title rows, a block beside the table, a colour key; status as a %, a word,
an RAG word, a fill colour only, or a tick; due dates written every way people write them; groups as a
column, as numbered rows or as merged rows; blank template and formula-only rows; other sheets. ``render``
writes it as .csv, UTF-16 .txt, .xlsx, .ods, .docx or a LibreOffice PDF; ``judge`` reads it back and says
"right", "refused" (one sentence) or "wrong" (accepted with any figure differing from the answer).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ("csv", "txt", "xlsx", "ods", "docx", "pdf", "html.pdf")
NO_PDF = ("csv", "txt", "xlsx", "ods", "docx")
STATUS_KINDS = ("percent", "word", "rag", "colour", "tick")
# status words with the state each means, as trackers write them
WORDS = [("Complete", "complete"), ("Completed", "complete"), ("In progress", "in_progress"),
         ("On track", "in_progress"), ("Not started", "not_started"), ("Superseded", "closed"),
         ("On hold", "paused"), ("Ongoing", "in_progress")]
RAG = [("Blue", "complete", "0070C0"), ("Green", "in_progress", "00B050"), ("Amber", "in_progress", "FFC000"),
       ("Red", "in_progress", "FF0000")]
LEADS = ["Siân Jones", "Chris Myers", "Jenni Craig", "A. Patel", "Head of Finance", "Depute Chief Executive", None]
VERBS = ["Review", "Refresh", "Publish", "Agree", "Train", "Survey", "Report", "Embed", "Strengthen", "Develop",
         "Reconcile", "Test", "Approve", "Map", "Consult on"]
OBJECTS = ["the scheme of delegation", "the workforce plan", "members on scrutiny", "tenants on repairs",
           "payroll leavers monthly", "the risk register", "the capital programme", "locality plans",
           "the complaints process", "the digital strategy", "supplier contracts", "the equality outcomes",
           "the budget consultation", "performance reports", "the asset register"]
GROUP_TEXT = ["Improve governance and scrutiny", "Strengthen community engagement", "Deliver financial sustainability",
              "Develop the workforce", "Use of resources", "Partnership working"]
TITLES = ["Anytown Council – Best Value improvement plan", "Internal audit recommendations tracker",
          "Corrective action log 2023", "Project task list", "Care inspectorate action plan"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _headings() -> dict[str, list[str]]:
    with open(HERE / "headings.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["field"], []).append(row["heading"])
    return out


HEADINGS = _headings()


@dataclass
class Item:
    number: str
    wording: str
    due_text: object               # as written (a date, or text)
    due: dt.date | None            # the answer
    lead: str | None
    status_text: object            # as written ("" when the status is a fill or blank)
    state: str | None              # the answer
    fill: str | None = None        # a blank status cell's fill
    group: str | None = None       # the answer, when the file groups its items


@dataclass
class Spec:
    seed: int
    fmt: str
    status: str
    grouping: str                  # "column", "rows", "merged" or "none"
    headings: dict[str, str]       # role -> heading
    order: list[str]               # the table's columns, left to right (roles, and "extra:<heading>")
    items: list[Item]
    groups: list[str] = field(default_factory=list)
    title: str | None = None
    start_row: int = 0
    start_col: int = 0
    side_block: bool = False
    template_rows: int = 0
    formula_rows: int = 0
    key: list[str] = field(default_factory=list)
    other_sheets: bool = False


def _date_text(rng: random.Random, due: dt.date, fmt: str) -> tuple[object, dt.date | None]:
    """A due date written one of the ways people write it, and the date it means."""
    month_end = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    ways = ["dmy", "dmy", "long", "month", "fquarter", "fyear", "revised", "ongoing"]
    if fmt in ("xlsx", "ods"):
        ways += ["date", "date"]
    way = rng.choice(ways)
    if way == "date":
        return due, due
    if way == "dmy":
        return f"{due:%d/%m/%Y}", due
    if way == "long":
        return f"{due.day} {MONTHS[due.month - 1]} {due.year}", due
    if way == "month":
        return f"{MONTHS[due.month - 1][:3] if rng.random() < 0.5 else MONTHS[due.month - 1]} {due.year}", month_end
    if way == "fquarter":
        start = due.year if due.month >= 4 else due.year - 1
        quarter = (due.month - 4) % 12 // 3 + 1
        end_month = {1: 6, 2: 9, 3: 12, 4: 3}[quarter]
        end_year = start + 1 if quarter == 4 else start
        end = (dt.date(end_year, end_month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return f"Q{quarter} {start}/{str(start + 1)[2:]}", end
    if way == "fyear":
        start = due.year if due.month >= 4 else due.year - 1
        return f"{start}/{str(start + 1)[2:]}", dt.date(start + 1, 3, 31)
    if way == "revised":
        earlier = due - dt.timedelta(days=rng.choice([90, 180, 365]))
        return f"{earlier:%d/%m/%Y} (revised to {due:%d/%m/%Y})", due
    return rng.choice(["Ongoing", "On-going"]), None


def _status(rng: random.Random, kind: str, fmt: str) -> tuple[object, str | None, str | None]:
    """(as written, the state it means, a fill for a colour-only cell)."""
    if kind == "percent":
        pct = rng.choice([0, 25, 50, 75, 100])
        return f"{pct}%", "complete" if pct == 100 else "not_started" if pct == 0 else "in_progress", None
    if kind == "word":
        word, state = rng.choice(WORDS)
        return word, state, None
    if kind == "rag":
        word, state, _ = rng.choice(RAG)
        return word, state, None
    if kind == "colour":
        word, state, fill = rng.choice(RAG)
        return "", state, fill
    done = rng.random() < 0.5
    return ("✓" if done else ""), ("complete" if done else None), None


def spec_of(seed: int, formats: tuple[str, ...] = FORMATS) -> Spec:
    rng = random.Random(seed)
    fmt = rng.choice(formats)
    kinds = [k for k in STATUS_KINDS if k != "colour" or fmt not in ("csv", "txt")]
    status = rng.choice(kinds)
    grouping = rng.choice(["column", "rows", "none"] + (["merged"] if fmt in ("xlsx", "docx", "pdf", "html.pdf") else []))
    status_role = {"percent": "percent", "word": "word", "tick": "word", "rag": "rag", "colour": "rag"}[status]
    roles = ["action_id", "action", "due_date", "lead_officer", status_role]
    if grouping == "column":
        roles.insert(rng.choice([0, 1]), "group")
    headings = {role: rng.choice(HEADINGS[role]) for role in roles}
    # a paper's table is printed to be read: at most two columns the tracker does not use
    extras = rng.sample(HEADINGS["extra"], rng.choice([0, 0, 1, 2] if fmt in ("pdf", "html.pdf") else [0, 0, 1, 2, 4]))
    order = roles[:]
    rest = [r for r in order if r not in ("action_id", "action", "group")]
    rng.shuffle(rest)
    head = [r for r in order if r in ("group", "action_id")] + ["action"]
    order = head + rest
    for extra in extras:
        order.insert(rng.randint(1, len(order)), f"extra:{extra}")
    n_groups = rng.randint(2, 4) if grouping != "none" else 0
    groups = rng.sample(GROUP_TEXT, n_groups) if n_groups else []
    items: list[Item] = []
    n = rng.randint(3, 18)
    phrases = rng.sample([f"{v} {o}" for v in VERBS for o in OBJECTS], n)
    for k in range(n):
        g = k * n_groups // n if n_groups else None
        due = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
        due_text, due_answer = _date_text(rng, due, fmt)
        text, state, fill = _status(rng, status, fmt)
        items.append(Item("", phrases[k], due_text, due_answer, rng.choice(LEADS), text, state, fill))
        if g is not None:
            items[-1].group = groups[g]
    _number(items, groups, grouping)
    key = []
    if status == "colour" and rng.random() < 0.5:
        key = ["Key: Blue – complete", "Green – on track", "Amber – at risk", "Red – off track"]
    if status == "colour" and key and rng.random() < 0.5:       # a colour only the key explains
        key.append("Grey – superseded")
        for item in rng.sample(items, max(1, n // 4)):
            item.fill, item.state = "A6A6A6", "closed"
    spec = Spec(seed, fmt, status, grouping, headings, order, items, groups,
                title=rng.choice(TITLES) if rng.random() < 0.6 else None,
                start_row=rng.choice([0, 0, 1, 3]), start_col=rng.choice([0, 0, 1, 2]),
                side_block=rng.random() < 0.25, template_rows=rng.choice([0, 0, 3, 40]),
                formula_rows=rng.choice([0, 0, 25]) if fmt == "xlsx" else 0, key=key,
                other_sheets=fmt in ("xlsx", "ods") and rng.random() < 0.4)
    if grouping in ("rows", "merged"):
        for item in items:                  # the group's name as the reader gives it: "1 Improve governance"
            item.group = f"{groups.index(item.group) + 1} {item.group}"
    return spec


def _number(items: list[Item], groups: list[str], grouping: str) -> None:
    if grouping in ("rows", "merged"):
        count: dict[str, int] = {}
        for item in items:
            g = groups.index(item.group) + 1
            count[item.group] = count.get(item.group, 0) + 1
            item.number = f"{g}.{count[item.group]}"
    else:
        for k, item in enumerate(items, start=1):
            item.number = str(k)


def table_rows(spec: Spec) -> list[list]:
    """The sheet as a grid of values: title rows, the header, the items (with group rows), template rows."""
    def cell(item: Item, role: str):
        return {"action_id": item.number, "action": item.wording, "due_date": item.due_text,
                "lead_officer": item.lead or "", "percent": item.status_text, "word": item.status_text,
                "rag": item.status_text, "group": item.group or ""}.get(role, "") if not role.startswith("extra:") \
            else random.Random(f"{spec.seed}{item.number}{role}").choice(["see note", "TBC", "–", "x1", "Board"])

    pad = [""] * spec.start_col
    rows: list[list] = [[] for _ in range(spec.start_row)]
    if spec.title:
        rows += [pad + [spec.title], []]
    header = [spec.headings.get(r, r[6:]) if not r.startswith("extra:") else r[6:] for r in spec.order]
    width = len(header)
    side = ["", "Total items", str(len(spec.items))] if spec.side_block else []
    rows.append(pad + header + side)
    last_group = None
    for item in spec.items:
        if spec.grouping in ("rows", "merged") and item.group != last_group:
            number, text = item.group.split(" ", 1)
            rows.append(pad + [number] + ([text] * (width - 1) if spec.grouping == "merged" else [text]
                                           + [""] * (width - 2)))
            last_group = item.group
        rows.append(pad + [cell(item, r) for r in spec.order])
    for k in range(spec.template_rows):          # a template's blank rows, numbered on
        rows.append(pad + [str(len(spec.items) + k + 1)] + [""] * (width - 1))
    if spec.key:
        rows.append([])
        rows += [pad + [line] for line in spec.key]
    return rows


def render(spec: Spec, folder: Path | None = None) -> tuple[bytes, str]:
    """The file, and its name."""
    rows = table_rows(spec)
    name = f"zoo-{spec.seed}.{spec.fmt}"
    if spec.fmt == "csv":
        return _csv(rows).encode("utf-8"), name
    if spec.fmt == "txt":
        return b"\xff\xfe" + _csv(rows, "\t").encode("utf-16-le"), name
    if spec.fmt == "xlsx":
        return _xlsx(spec, rows), name
    if spec.fmt == "ods":
        return _ods(spec, rows), name
    if spec.fmt == "html.pdf":
        return _html_pdf(spec, rows), f"zoo-{spec.seed}.pdf"
    data = _docx(spec, rows)
    if spec.fmt == "docx":
        return data, name
    import tempfile

    from paper_fixtures import pdf_of
    with tempfile.TemporaryDirectory(dir=folder) as where:
        return pdf_of(data, Path(where)), name


_BROWSER: list = []


def _html_pdf(spec: Spec, rows: list[list]) -> bytes:
    """The table as a web page printed to PDF by Chromium (one browser for the whole run)."""
    import html
    if not _BROWSER:
        import atexit

        from playwright.sync_api import sync_playwright
        driver = sync_playwright().start()
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
        _BROWSER.extend([driver, browser, browser.new_page()])
        atexit.register(lambda: (browser.close(), driver.stop()))
    page = _BROWSER[2]
    header = _header_index(rows, spec)
    body = [r[spec.start_col:] for r in rows[header:] if r and any(c != "" for c in r) and r[spec.start_col:][:1] != [""]]
    body = [r for r in body if r[0] not in spec.key]
    width = len(spec.order)

    def tr(row):
        row = (row + [""] * width)[:width]
        if spec.grouping == "merged" and len(set(c for c in row[1:] if c)) == 1 and row[0] not in \
                {i.number for i in spec.items} and row is not body[0]:
            return f"<tr><td>{html.escape(row[0])}</td><td colspan={width - 1}>{html.escape(_text(row[1]))}</td></tr>"
        fill = fills.get(row[number_col]) if row is not body[0] else None

        def td(j, c):
            shade = f" style='background: #{fill}'" if fill and j == status_col else ""
            return f"<td{shade}>{html.escape(_text(c))}</td>"
        return "<tr>" + "".join(td(j, c) for j, c in enumerate(row)) + "</tr>"
    fills = {item.number: item.fill for item in spec.items if item.fill}
    status_col = next(j for j, r in enumerate(spec.order) if r in ("percent", "word", "rag"))
    number_col = spec.order.index("action_id")
    title = f"<p>{html.escape(spec.title)}</p>" if spec.title else ""
    key = "".join(f"<p>{html.escape(line)}</p>" for line in spec.key)
    page.set_content(f"<html><body style='font: 10pt sans-serif; -webkit-print-color-adjust: exact'>{title}"
                     f"<table style='border-collapse: collapse' border=1 cellpadding=4>{''.join(tr(r) for r in body)}"
                     f"</table>{key}</body></html>")
    return page.pdf(format="A4", landscape=True, print_background=True)


def _text(value) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else str(value)


def _csv(rows: list[list], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([[_text(c) for c in r] for r in rows])
    return out.getvalue()


def _header_index(rows: list[list], spec: Spec) -> int:
    return spec.start_row + (2 if spec.title else 0)


def _xlsx(spec: Spec, rows: list[list]) -> bytes:
    import openpyxl
    from openpyxl.styles import PatternFill
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    if spec.other_sheets:
        guide = book.create_sheet("Guidance", 0)
        for line in ["How to fill in the tracker", "Use the drop-down for the status.", "Dates as dd/mm/yyyy."]:
            guide.append([line])
        lists = book.create_sheet("Lists")
        for word, _ in WORDS:
            lists.append([word])
    for row in rows:
        sheet.append(row)
    header = _header_index(rows, spec)
    status_col = next(j for j, r in enumerate(spec.order) if r in ("percent", "word", "rag")) + spec.start_col
    r = header + 2                             # the first item's spreadsheet row
    last_group = None
    for item in spec.items:
        if spec.grouping in ("rows", "merged") and item.group != last_group:
            if spec.grouping == "merged":
                sheet.merge_cells(start_row=r, start_column=spec.start_col + 2, end_row=r,
                                  end_column=spec.start_col + len(spec.order))
            last_group = item.group
            r += 1
        if item.fill:
            sheet.cell(r, status_col + 1).fill = PatternFill("solid", fgColor=item.fill)
        r += 1
    for k in range(spec.formula_rows):         # formulas with no saved value, below the entries
        row = r + spec.template_rows + k
        sheet.cell(row, status_col + 1).value = f'=IF(A{row}="","",A{row})'
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods(spec: Spec, rows: list[list]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    document = OpenDocumentSpreadsheet()
    sheets = ([("Guidance", [["How to fill in the tracker"], ["Use the drop-down for the status."]])]
              if spec.other_sheets else []) + [("Tracker", rows)]
    fills = {item.number: item.fill for item in spec.items if item.fill}
    status_col = spec.start_col + next(j for j, r in enumerate(spec.order) if r in ("percent", "word", "rag"))
    number_col = spec.start_col + spec.order.index("action_id")
    styles: dict[str, Style] = {}
    for hex_text in sorted(set(fills.values())):         # a blank status cell's background, as LibreOffice writes it
        styles[hex_text] = Style(name=f"fill{hex_text}", family="table-cell")
        styles[hex_text].addElement(TableCellProperties(backgroundcolor=f"#{hex_text.lower()}"))
        document.automaticstyles.addElement(styles[hex_text])
    for title, grid in sheets:
        table = Table(name=title)
        for row in grid:
            tr = TableRow()
            fill = fills.get(row[number_col]) if title == "Tracker" and len(row) > max(status_col, number_col) else None
            for j, value in enumerate(row):
                tc = TableCell(valuetype="string", **({"stylename": styles[fill]} if fill and j == status_col else {}))
                if _text(value):
                    tc.addElement(P(text=_text(value)))
                tr.addElement(tc)
            table.addElement(tr)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _docx(spec: Spec, rows: list[list]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    document = docx.Document()
    section = document.sections[0]            # a wide table goes on a landscape page, as committee papers do
    section.orientation, section.page_width, section.page_height = \
        WD_ORIENT.LANDSCAPE, section.page_height, section.page_width
    if spec.title:
        document.add_paragraph(spec.title)
    header = _header_index(rows, spec)
    body = [r[spec.start_col:] for r in rows[header:] if r and any(c != "" for c in r)]
    body = [r for r in body if r[0] not in spec.key]
    width = len(spec.order)
    table = document.add_table(rows=len(body), cols=width)
    table.style = "Table Grid"
    fills = {item.number: item.fill for item in spec.items if item.fill}
    status_col = next(j for j, r in enumerate(spec.order) if r in ("percent", "word", "rag"))
    number_col = spec.order.index("action_id")
    for i, row in enumerate(body):
        row = (row + [""] * width)[:width]
        is_group = spec.grouping in ("rows", "merged") and i > 0 and row[0] and row[0] not in \
            {item.number for item in spec.items} and len(set(c for c in row[1:] if c)) == 1
        if is_group and spec.grouping == "merged":
            merged = table.cell(i, 1).merge(table.cell(i, width - 1))
            table.cell(i, 0).text, merged.text = row[0], next(c for c in row[1:] if c)
            continue
        for j, value in enumerate(row):
            table.cell(i, j).text = _text(value)
        if i > 0 and row[number_col] in fills:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), fills[row[number_col]])
            table.cell(i, status_col)._tc.get_or_add_tcPr().append(shading)
    for line in spec.key:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Verdict:
    outcome: str                   # "right", "refused" or "wrong"
    why: str = ""


def judge(spec: Spec, data: bytes, name: str) -> Verdict:
    """Read the file back and compare every figure with the answer."""
    import pandas as pd

    from bvdata import TrackerError, load_tracker
    try:
        tracker = load_tracker(data, name)
    except TrackerError as exc:
        return Verdict("refused", str(exc))
    a = tracker.actions
    want = spec.items
    if len(a) != len(want):
        return Verdict("wrong", f"{len(a)} items read, {len(want)} in the file")

    def day(v):
        return None if v is None or pd.isna(v) else pd.Timestamp(v).date()

    checks = [("number", [str(x) for x in a["action_id"]], [i.number for i in want]),
              ("state", [None if pd.isna(x) else x for x in a["progress"]], [i.state for i in want]),
              ("due", [day(x) for x in a["due_date"]], [i.due for i in want]),
              ("lead", [None if pd.isna(x) else x for x in a["lead_officer"]], [i.lead for i in want])]
    if spec.grouping != "none":
        checks.append(("group", list(a["recommendation"]), [i.group for i in want]))
    for what, got, expected in checks:
        if got != expected:
            k = next(k for k, (g, e) in enumerate(zip(got, expected)) if g != e)
            return Verdict("wrong", f"{what} of item {k + 1}: read {got[k]!r}, the file says {expected[k]!r}")
    return Verdict("right")


def specs():
    """The zoo as a hypothesis strategy."""
    from hypothesis import strategies as st
    return st.integers(0, 2**31 - 1).map(spec_of)
