"""A committee paper wherever a tracker is accepted (issue 26): ``check``, ``publish`` (its bytes kept
like any file's) and ``compare`` against the workbook of the same plan; write-back refuses a paper in
one sentence."""
import json

import pytest

from bvdata.base.errors import StoreError
from bvdata.cli.main import main
from bvdata.owners.writeback import write_back
from tests.conftest import SAMPLE
from tests.paper_fixtures import word_paper


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_publish_and_compare_take_a_word_paper(tmp_path, capsys):
    paper = tmp_path / "Audit and Scrutiny Committee 14 Feb 2022.docx"
    paper.write_bytes(word_paper())
    code, out, _ = run(capsys, "check", paper, "--json")
    report = json.loads(out)
    assert code == 0 and report["actions"] == 40 and report["as_of"] == "2022-02-14"
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    code, out, _ = run(capsys, "publish", SAMPLE, "--database", db, "--label", "The workbook")
    assert code == 0
    # the paper shares all 40 actions with the workbook's plan, so it goes into that plan
    code, out, err = run(capsys, "publish", paper, "--database", db, "--label", "The paper", "--as-of", "2022-03-01")
    assert code == 0, err
    assert "shares 40 of its 40 actions" in out
    from bvdata.store.engine import open_store
    from bvdata.store.snapshots import snapshot_file
    engine = open_store(db)
    assert snapshot_file(engine, 2)[1] == paper.read_bytes()           # kept, bytes and all
    code, out, _ = run(capsys, "compare", SAMPLE, paper, "--json")
    moved = json.loads(out)
    assert code == 0 and moved["counts"]["new"] == 0 and moved["counts"]["removed"] == 0
    assert moved["counts"]["completed"] == 0 and moved["counts"]["went_backwards"] == 0


def test_write_back_into_a_paper_is_refused_in_one_sentence():
    with pytest.raises(StoreError, match="committee paper .* spreadsheet trackers only"):
        write_back(word_paper(), "paper.docx", [])
