"""withdraw, restore, audit, backup, restore FILE and doctor from the command line."""
import json

import pytest

from bvdata.cli.main import main
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_withdraw_restore_audit_backup_and_move(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BVDATA_BACKUP_KEY", "the council's backup key, 32+ chars")
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert run(capsys, "publish", SAMPLE, "--database", db, "--by", "ana")[0] == 0
    code, _, err = run(capsys, "withdraw", "1", "--database", db, "--reason", "   ")
    assert code == 1 and err.strip() == "Say why the snapshot is withdrawn: the reason is kept in the audit trail."
    assert run(capsys, "withdraw", "1", "--database", db, "--reason", "Wrong file", "--by", "bob")[0] == 0
    code, out, _ = run(capsys, "snapshots", "--database", db, "--json")
    assert json.loads(out)[0]["withdrawn"]["why"] == "Wrong file"
    assert run(capsys, "restore", "1", "--database", db)[0] == 0
    code, out, _ = run(capsys, "audit", "--database", db, "--json")
    assert [e["action"] for e in json.loads(out)] == ["restore", "withdraw", "publish", "plan created"]
    assert run(capsys, "backup", "--database", db, "--out", tmp_path / "store.bvbackup")[0] == 0
    other = f"sqlite:///{tmp_path / 'b.sqlite'}"
    code, out, _ = run(capsys, "restore", tmp_path / "store.bvbackup", "--database", other)
    assert code == 0 and "1 snapshots" in out
    code, _, err = run(capsys, "restore", tmp_path / "store.bvbackup", "--database", other)
    assert code == 1 and "already holds data" in err and len(err.strip().splitlines()) == 1


def test_doctor_says_each_thing_and_fails_on_a_broken_store(tmp_path, capsys):
    code, out, _ = run(capsys, "doctor", "--database", f"sqlite:///{tmp_path / 'd.sqlite'}")
    lines = out.strip().splitlines()
    assert [l.split(":")[0].split(" ", 1)[1].strip() for l in lines] == [
        "sign-in", "mode", "store", "migrations", "snapshots", "audit trail", "report charts", "PDF of the report"]
    from bvdata.store.engine import MIGRATIONS
    latest = max(p.name[:4] for p in (MIGRATIONS / "versions").glob("0*.py"))
    assert "production" in lines[1] and f"revision {latest} (the latest)" in lines[3]
    code, out, _ = run(capsys, "doctor", "--database", "sqlite:////no/such/dir/x.sqlite")
    assert code == 1 and any(l.startswith("FAIL store") for l in out.splitlines())


def test_publish_without_a_date_asks_for_one(tmp_path, capsys):
    path = tmp_path / "undated.csv"
    path.write_text("No.,Action,Timescales\n1,A,31/12/2030\n")
    code, _, err = run(capsys, "publish", path, "--database", f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert code == 1 and "--as-of" in err
    assert run(capsys, "publish", path, "--as-of", "2026-11-02", "--database", f"sqlite:///{tmp_path / 'a.sqlite'}")[0] == 0


@pytest.mark.browser
def test_report_from_a_store_carries_the_burnup_and_forecast(tmp_path, capsys):
    import io

    from browser import need_browser
    from docx import Document
    need_browser()
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    for path in (ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx", SAMPLE):
        assert run(capsys, "publish", path, "--database", db, "--by", "ana")[0] == 0
    assert run(capsys, "report", "2", "--database", db, "--out", tmp_path / "r.docx")[0] == 0
    doc = Document(io.BytesIO((tmp_path / "r.docx").read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("Burn-up and forecast")
    assert "all 40 actions complete" in texts[at + 1] or "never be complete" in texts[at + 1]
    assert run(capsys, "report", "2", "--database", db, "--out", tmp_path / "n.docx", "--no-history")[0] == 0
    assert "Burn-up and forecast" not in [p.text for p in Document(io.BytesIO((tmp_path / "n.docx").read_bytes())).paragraphs]


def test_doctor_never_prints_a_password(capsys):
    """Finding (issue 21): doctor printed passwords given as URL parameters."""
    for url in ("postgresql://bv@127.0.0.1:1/bv?password=s3cret-one&sslmode=disable",
                "postgresql://bv:s3cret-two@127.0.0.1:1/bv", "postgresql://bv@127.0.0.1:1/bv?PGPASSWORD=s3cret-three"):
        code, out, err = run(capsys, "doctor", "--database", url)
        assert code == 1 and "FAIL store" in out
        assert "s3cret" not in out + err and "127.0.0.1:1/bv" in out
