"""Issue 32 on the command line: a store whose analysts are limited to plans needs --by (finding 13), the
limit is the same whoever's login runs it, a name too long is refused whole, and odd digits in an id are a
sentence, never a traceback (finding 12)."""
import datetime as dt

import pytest
from plans_data import plan_csv

from bvdata.cli.main import main

LIMITS = '[bvtracker.plan_analysts]\n"ia@council.gov.uk" = ["Internal audit"]\n'


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def limited(tmp_path, monkeypatch):
    """A working folder whose secrets limit ia@ to the plan 'Internal audit', and a store with two plans."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(LIMITS)
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for kind, name in (("bv", "Best Value plan"), ("ia", "Internal audit")):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(plan_csv(kind, 5, dt.date(2023, 1, 1)))
        assert main(["publish", str(path), "--database", db, "--plan", name, "--by", "bea@council.gov.uk"]) == 0
    return tmp_path, db


def test_a_store_with_plan_limits_needs_by(limited, capsys):
    folder, db = limited
    capsys.readouterr()
    later = folder / "bv2.csv"
    later.write_bytes(plan_csv("bv", 5, dt.date(2023, 2, 1), done=1))
    code, _, err = run(capsys, "publish", later, "--database", db)
    assert code == 1 and err.strip() == ("This store limits analysts to plans ([bvtracker.plan_analysts] in the "
                                         "secrets), so say who you are with --by ADDRESS.")
    code, _, err = run(capsys, "publish", later, "--database", db, "--by", "ia@council.gov.uk")
    assert code == 1 and "may not publish to the plan 'Best Value plan'" in err and "Traceback" not in err
    code, _, err = run(capsys, "withdraw", "1", "--reason", "mine", "--database", db, "--by", "ia@council.gov.uk")
    assert code == 1 and "may not withdraw snapshot 1 of the plan 'Best Value plan'" in err
    code, out, _ = run(capsys, "publish", later, "--database", db, "--by", "bea@council.gov.uk")
    assert code == 0


def test_a_name_too_long_is_refused_whole(limited, capsys):
    folder, db = limited
    capsys.readouterr()
    other = folder / "in.csv"
    other.write_bytes(plan_csv("in", 4, dt.date(2023, 1, 1)))
    code, _, err = run(capsys, "publish", other, "--database", db, "--plan", "p" * 10_000, "--by", "bea@council.gov.uk")
    assert code == 1 and "10,000 characters long; a name has at most 200" in err
    code, out, _ = run(capsys, "plans", "--database", db, "--json")
    assert "ppppp" not in out


@pytest.mark.parametrize("odd", ["\u00b2", "9" * 5000, "\u0663"])
def test_odd_digits_in_an_id_are_a_sentence(limited, capsys, odd):
    folder, db = limited
    capsys.readouterr()
    code, _, err = run(capsys, "report", odd, "--database", db, "--out", folder / "r.docx")
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
