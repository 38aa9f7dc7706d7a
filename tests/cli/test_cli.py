import json
import subprocess
import sys

from tests.conftest import ROOT, SAMPLE


def run(*args):
    return subprocess.run([sys.executable, "-m", "bvdata", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_check_json_on_sample():
    proc = run("check", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["actions"] == 40 and report["complete"] == 17
    assert sorted(report["overdue"], key=int) == ["14", "37"]
    assert len(report["recommendations"]) == 8
    first = report["recommendations"][0]
    assert first["actions"] == 4 and first["mean_completion"] == 81.25
    assert {t["theme"] for t in report["themes"]} >= {"Sustainable Development", "Fairness and Equality"}
    assert all(set(t) == {"theme", "period", "score", "target"} for t in report["themes"])
    assert report["warnings"] == [] and "errors" not in report


def test_check_as_of_changes_overdue():
    report = json.loads(run("check", str(SAMPLE), "--json", "--as-of", "2022-07-01").stdout)
    assert "14" in report["overdue"] and "5" in report["overdue"]


def test_check_readable_summary():
    proc = run("check", str(SAMPLE))
    assert proc.returncode == 0
    assert "17 of 40 actions are complete" in proc.stdout


def test_warnings_carry_sheet_row_column_value(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("No.,Action,Timescales\n1,x,TBC\n", encoding="utf-8")
    report = json.loads(run("check", str(path), "--json").stdout)
    tbc = [w for w in report["warnings"] if w["value"] == "TBC"][0]
    assert (tbc["sheet"], tbc["row"], tbc["column"]) == ("CSV", 2, "Timescales (C)")


def test_bad_as_of_is_a_usage_error():
    proc = run("check", str(SAMPLE), "--as-of", "14/02/2022")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr


def test_template_commands_write_workbooks_the_reader_accepts(tmp_path):
    from openpyxl import load_workbook
    tracker = tmp_path / "t.xlsx"
    sa = tmp_path / "sa.xlsx"
    assert run("template", "tracker", "--out", str(tracker)).returncode == 0
    assert run("template", "self-assessment", "--out", str(sa), "--period", "2023/24").returncode == 0
    assert run("check", str(tracker), "--json").returncode == 0
    wb = load_workbook(sa)
    assert len(wb.sheetnames) == 9 and wb["About"]["B3"].value == "2023/24"


def test_statement_command(tmp_path):
    out = tmp_path / "s.docx"
    assessment = ROOT / "sample_data" / "self_assessment_2022-23_ILLUSTRATIVE.xlsx"
    proc = run("statement", str(SAMPLE), "--assessment", str(assessment), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000


def test_the_round_up_of_a_tracker_with_no_percent_counts_what_is_complete(tmp_path):
    """Issue 33, item 7: the round-up read "mean no values" where a tracker has no %; and an unknown status
    word is warned about in the analyst's words, never with a repository path."""
    from helpers import csv_bytes
    path = tmp_path / "words.csv"
    path.write_bytes(csv_bytes([["Recommendation", "No.", "Action", "Status"],
                                ["Governance", "1", "Refresh the plan", "Complete"],
                                ["Governance", "2", "Train members", "Not started"],
                                ["Governance", "3", "Review the scheme", "Wibbly"]]))
    proc = run("check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "no values" not in proc.stdout and "1 of 3 complete" in proc.stdout
    assert "bvdata/" not in proc.stdout and "vocab" not in proc.stdout
    assert "or map the column on the Data page" in proc.stdout
