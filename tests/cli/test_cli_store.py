"""publish / snapshots / compare on the command line, against a throwaway SQLite store."""
import json
import os
import subprocess
import sys

from tests.conftest import ROOT, SAMPLE

EARLIER = ROOT / "sample_data" / "bv_tracker_2021-02-08_ILLUSTRATIVE.xlsx"


def run(tmp_path, *args):
    env = {**os.environ, "BVDATA_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}
    return subprocess.run([sys.executable, "-m", "bvdata", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def test_publish_list_compare(tmp_path):
    first = run(tmp_path, "publish", str(EARLIER), "--label", "Earlier (illustrative)")
    assert first.returncode == 0 and "Published snapshot 1" in first.stdout
    assert run(tmp_path, "publish", str(SAMPLE), "--label", "A&S Committee, 14 Feb 2022").returncode == 0
    again = run(tmp_path, "publish", str(SAMPLE))
    assert again.returncode == 1 and "already published as snapshot 2" in again.stderr
    assert "Traceback" not in again.stderr
    listed = json.loads(run(tmp_path, "snapshots", "--json").stdout)
    assert [s["label"] for s in listed] == ["Earlier (illustrative)", "A&S Committee, 14 Feb 2022"]
    out = json.loads(run(tmp_path, "compare", "1", "2", "--json").stdout)
    assert "23" in {w["id"] for w in out["wording_changed"]}
    assert sum(len(v) for v in out["movement"].values()) == 40


def test_compare_unknown_snapshot_is_one_sentence(tmp_path):
    proc = run(tmp_path, "compare", "7", "8")
    assert proc.returncode == 1 and proc.stderr.strip() == "There is no snapshot 7."
