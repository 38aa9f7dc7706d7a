"""Plans from the command line (issue 24): publish with and without --plan, the refusal sentence,
``plans --json``, ``snapshots --plan``, compare refused across plans, report and export of a plan, the
portfolio paper, and remind covering every plan in one email per officer."""
import datetime as dt
import io
import json

import pytest
from plans_data import plan_csv

from bvdata.cli.main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    """Two updates of a Best Value plan, one of an internal audit tracker, written as files."""
    made = {}
    for key, kind, n, day, done in (("bv1", "bv", 10, dt.date(2023, 1, 1), 2), ("bv2", "bv", 10, dt.date(2023, 3, 1), 5),
                                    ("ia1", "ia", 6, dt.date(2023, 2, 1), 1)):
        made[key] = tmp_path / f"{key}.csv"
        made[key].write_bytes(plan_csv(kind, n, day, done=done, title="Best Value plan 2021" if kind == "bv" else None,
                                       due="31/01/2023"))
    return made


def test_publishing_with_and_without_plan(tmp_path, capsys, files):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    code, out, _ = run(capsys, "publish", files["bv1"], "--database", db)
    assert code == 0 and "Created the plan 'Best Value plan 2021' (Best Value), named from the file." in out
    code, out, _ = run(capsys, "publish", files["bv2"], "--database", db)
    assert code == 0 and "The file shares 10 of its 10 actions with Best Value plan 2021, so it goes into that plan." in out
    code, _, err = run(capsys, "publish", files["ia1"], "--database", db)
    assert code == 1 and err.strip() == (
        "ia1.csv shares fewer than half its actions with any plan ('Best Value plan 2021' shares 0 of 6); name the "
        "plan it goes into with --plan (a new name makes a new plan).")
    code, out, _ = run(capsys, "publish", files["ia1"], "--database", db, "--plan", "Internal audit", "--kind",
                       "internal_audit", "--body", "Council")
    assert code == 0 and "Created the plan 'Internal audit' (Internal audit)." in out and "in the plan 'Internal audit'" in out

    code, out, _ = run(capsys, "plans", "--database", db, "--json", "--as-of", "2023-03-15")
    listed = {p["name"]: p for p in json.loads(out)}
    assert set(listed) == {"Best Value plan 2021", "Internal audit"}
    bv = listed["Best Value plan 2021"]
    assert (bv["kind"], bv["snapshots"], bv["items"], bv["complete"], bv["overdue"], bv["latest_as_at"]) == \
        ("Best Value", 2, 10, 5, 5, "2023-03-01")
    assert listed["Internal audit"]["body"] == "Council"

    code, out, _ = run(capsys, "snapshots", "--database", db, "--plan", "internal audit", "--json")
    assert [(s["id"], s["plan"]) for s in json.loads(out)] == [(3, "Internal audit")]
    code, out, _ = run(capsys, "snapshots", "--database", db, "--json")
    assert {s["plan"] for s in json.loads(out)} == {"Best Value plan 2021", "Internal audit"}


def test_compare_across_plans_is_refused_and_report_and_export_take_a_plan(tmp_path, capsys, files):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for f, plan in ((files["bv1"], "Best Value"), (files["ia1"], "Internal audit"), (files["bv2"], "Best Value")):
        assert run(capsys, "publish", f, "--database", db, "--plan", plan)[0] == 0
    code, _, err = run(capsys, "compare", "1", "2", "--database", db)
    assert code == 1 and err.strip() == ("Snapshot 1 is of the plan 'Best Value' and snapshot 2 of 'Internal audit'; "
                                         "only two updates of one plan can be compared.")
    code, out, _ = run(capsys, "compare", "1", "3", "--database", db, "--json")
    assert code == 0 and json.loads(out)["counts"]["completed"] == 3
    code, _, _ = run(capsys, "export", "--plan", "Internal audit", "--database", db, "--out", tmp_path / "ia.csv")
    assert code == 0 and (tmp_path / "ia.csv").read_text(encoding="utf-8-sig").count("IA") == 6
    code, out, _ = run(capsys, "report", "--plan", "Best Value", "--database", db, "--out", tmp_path / "bv.docx",
                       "--no-history")
    assert code == 0 and "10 actions" in out


def test_the_portfolio_paper_names_every_plan_and_its_pdf_is_tagged(tmp_path, capsys, files):
    import re
    import subprocess

    import docx
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for f, plan in ((files["bv1"], "Best Value"), (files["ia1"], "Internal audit"), (files["bv2"], "Best Value")):
        run(capsys, "publish", f, "--database", db, "--plan", plan)
    code, out, _ = run(capsys, "report", "--portfolio", "--database", db, "--out", tmp_path / "all.docx",
                       "--as-of", "2023-03-15")
    assert code == 0 and "2 plans: Best Value, Internal audit" in out
    document = docx.Document(io.BytesIO((tmp_path / "all.docx").read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Best Value" in headings and "Internal audit" in headings
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells][:2] == ["Plan", "Kind"]
    assert [r.cells[0].text for r in summary.rows[1:]] == ["Best Value", "Internal audit"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Since 'Update as at 01 Jan 2023': completed since 3" in text

    from browser import need_office
    need_office()
    code, _, _ = run(capsys, "report", "--portfolio", "--database", db, "--out", tmp_path / "all.pdf")
    assert code == 0
    info = subprocess.run(["pdfinfo", str(tmp_path / "all.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    words = subprocess.run(["pdftotext", str(tmp_path / "all.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Best Value" in words and "Internal audit" in words


def test_remind_sends_one_email_per_officer_covering_every_plan(tmp_path, capsys, files):
    from email import policy
    from email.parser import BytesParser
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for f, plan in ((files["bv2"], "Best Value"), (files["ia1"], "Internal audit")):
        run(capsys, "publish", f, "--database", db, "--plan", plan)
    officers = tmp_path / "officers.csv"
    officers.write_text("name,email\nClair Hepburn,clair@example.org\nChris Myers,chris@example.org\n")
    assert run(capsys, "officers", "import", officers, "--database", db)[0] == 0
    code, out, _ = run(capsys, "remind", "--database", db, "--as-of", "2023-03-15", "--out", tmp_path / "mail",
                       "--app-url", "https://bv.example.org")
    assert code == 0
    mails = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(mails) == 2                                           # one each, not one per plan
    clair = BytesParser(policy=policy.default).parsebytes(next(m for m in mails if "clair" in m.name).read_bytes())
    body = clair.get_body(("plain",)).get_content()
    assert "== Best Value ==" in body and "== Internal audit ==" in body
    html = clair.get_body(("html",)).get_content()
    assert "my_actions?plan=2&amp;action=IA" in html and "my_actions?plan=1&amp;action=BV" in html
