import json
import os
import subprocess
import sys
import tempfile
import time

import pytest
from hostile import HOSTILE, ROOT

from bvdata import TrackerError, load_tracker


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for case, (filename, build, words) in HOSTILE.items():
        path = folder / filename
        path.write_bytes(build())
        files[case] = (path, words)
    return files


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_refused_in_process(case, hostile_files):
    path, words = hostile_files[case]
    with pytest.raises(TrackerError) as info:
        load_tracker(path.read_bytes(), path.name)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("case", list(HOSTILE))
def test_check_command_refuses_quickly_with_one_sentence(case, hostile_files):
    path, words = hostile_files[case]
    returncode, stdout, stderr, elapsed, peak_kb = run_measured([sys.executable, "-m", "bvdata", "check", str(path)])
    assert returncode == 1
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], stderr
    assert "Traceback" not in stderr
    assert elapsed < 20, f"took {elapsed:.1f}s"
    # the largest of this command and the reader it starts, in kB: every read stays far under a gigabyte
    assert 0 < peak_kb < 1_000_000, f"peak {peak_kb} kB"


def run_measured(argv: list[str]) -> tuple[int, str, str, float, int]:
    """Run a command and measure it alone: exit code, output, seconds, and the peak resident memory
    of it and the children it waited for (os.wait4 gives this process tree's own figure, which the
    cumulative RUSAGE_CHILDREN of the test process cannot)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode(), err.read().decode(), elapsed, usage.ru_maxrss


def test_the_memory_measure_sees_a_big_child():
    """The check above can fail: a child that holds 300 MB is measured as holding it."""
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'b = bytearray(300_000_000); b[::4096] = b\\'x\\' * len(b[::4096])'])"
    _, _, _, _, peak_kb = run_measured([sys.executable, "-c", code])
    assert peak_kb > 290_000


def test_json_mode_reports_the_error(hostile_files):
    path, _ = hostile_files["empty"]
    proc = subprocess.run([sys.executable, "-m", "bvdata", "check", str(path), "--json"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert "empty" in json.loads(proc.stdout)["errors"][0]["message"]


def test_a_reader_crash_does_not_take_the_caller_down(hostile_files):
    path, _ = hostile_files["absurd sheet extent"]
    for _ in range(2):
        with pytest.raises(TrackerError):
            load_tracker(path)
    assert load_tracker(ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx").actions.shape[0] == 40


def _write_xls(path, rows):
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Plan")
    date_style = xlwt.easyxf(num_format_str="dd-mmm-yy")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value, date_style) if hasattr(value, "year") else ws.write(i, j, value)
    wb.save(str(path))


def _write_ods(path, rows):
    import pandas as pd
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(path, engine="odf", index=False)


@pytest.mark.parametrize("suffix, writer", [(".xls", _write_xls), (".ods", _write_ods)])
def test_xls_and_ods_read_through_the_same_reader(suffix, writer, tmp_path):
    import datetime as dt
    rows = [["No.", "Action", "Timescales", "% Complete"],
            [1, "First", dt.datetime(2022, 3, 31), 0.5], [2, "Second", dt.datetime(2023, 1, 31), 1.0]]
    path = tmp_path / ("plan" + suffix)
    writer(path, rows)
    a = load_tracker(path).actions
    assert list(a["action_id"]) == ["1", "2"]
    assert list(a["completion"]) == [50.0, 100.0]
    assert str(a["due_date"].iloc[0].date()) == "2022-03-31"
    assert list(a["source_row"]) == [2, 3]


def test_a_prefetched_read_is_taken_by_the_same_bytes_and_only_once(tmp_path):
    from bvdata.read.door import guard as safe_read
    path = ROOT / "sample_data" / "bv_tracker_2022-02-14.xlsx"
    data = path.read_bytes()
    safe_read.prefetch(str(path))
    assert len(safe_read._PREFETCHED) == 1
    prefetched = safe_read.read_grids(data, path.name)
    assert safe_read._PREFETCHED == {}                 # taken, so a second read starts its own child
    assert [(g.sheet, g.rows) for g in prefetched] == [(g.sheet, g.rows) for g in safe_read.read_grids(data, path.name)]
    # other bytes under the same name and length are never answered with the prefetched cells
    safe_read.prefetch(str(path))
    changed = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(TrackerError):
        safe_read.read_grids(changed, path.name)
    safe_read._PREFETCHED.clear()


def test_prefetch_leaves_missing_and_refused_files_to_the_read(tmp_path):
    from bvdata.read.door import guard as safe_read
    safe_read.prefetch(str(tmp_path / "absent.xlsx"))
    (tmp_path / "empty.xlsx").write_bytes(b"")
    safe_read.prefetch(str(tmp_path / "empty.xlsx"))
    assert safe_read._PREFETCHED == {}
    with pytest.raises(TrackerError, match="empty"):
        safe_read.read_grids(b"", "empty.xlsx")


def test_the_command_line_starts_reading_before_pandas_is_imported():
    """The overlap that makes `check` quick: `import bvdata` and the argument parsing stay free of pandas."""
    probe = ("import sys, bvdata, bvdata.cli.args, bvdata.read.door.guard; "
             "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- issue 21: CSV is read in the capped reader child, never padded ------------------------------------

def test_the_reader_child_alone_stays_under_300_mb_on_the_wide_csv(tmp_path):
    """Finding: CSV rows were padded to the widest row in the app's own process: this 1 MB file took about
    2.8 GB in 5 s. Now it is parsed in the reader child, measured here alone (its own peak, by os.wait4)."""
    from hostile import wide_csv

    from bvdata.read.door.child import CHILD_PROGRAM
    path = tmp_path / "wide.csv"
    path.write_bytes(wide_csv())
    # Linux folds the memory of the process that forks into the child's peak at exec, so the child is started
    # by a small launcher (not by this test process, which is large by now) that reports its own peak
    launcher = ("import os, subprocess, sys, time; start = time.monotonic(); "
                f"p = subprocess.Popen([sys.executable, '-P', {str(CHILD_PROGRAM)!r}, '3072', 'bvdata.read.formats.delimited'], "
                f"stdin=open({str(path)!r}, 'rb'), stdout=open({str(tmp_path / 'out')!r}, 'wb')); "
                "_, status, usage = os.wait4(p.pid, 0); print(status, usage.ru_maxrss, time.monotonic() - start)")
    status, peak_kb, elapsed = subprocess.run([sys.executable, "-c", launcher], capture_output=True, text=True,
                                              check=True).stdout.split()
    assert int(status) == 0 and float(elapsed) < 5 and int(peak_kb) < 300_000, (elapsed, peak_kb)
    assert b"wide 2 1000001" in (tmp_path / "out").read_bytes()


@pytest.mark.parametrize("rows, widths", [
    ([["No.", "Action", "Timescales", "Notes"], ["1", "Do it"], ["2", "Do more", "31/03/2022", "Fine", "", ""]],
     [4, 2, 4]),
    ([["No.", "Action"], [], ["1", "x", "", "", ""]], [2, 0, 2]),
])
def test_csv_rows_are_never_padded_and_still_read(rows, widths):
    from helpers import csv_bytes

    from bvdata.read.door import guard as safe_read
    [grid] = safe_read.read_grids(csv_bytes(rows), "t.csv")
    assert [len(r) for r in grid.rows] == widths
    assert len(load_tracker(csv_bytes(rows), "t.csv").actions) == len([r for r in rows[1:] if r])


def test_a_csv_row_wider_than_excel_is_refused_and_one_at_the_limit_is_read():
    with pytest.raises(TrackerError, match="row 2 has 16,385 columns"):
        load_tracker(b"No.,Action\n" + b"," * 16_384 + b"\n", "t.csv")
    at_limit = b"No.,Action\n1,Do it" + b"," * 16_382 + b"x\n"
    assert len(load_tracker(at_limit, "t.csv").actions) == 1


def test_control_characters_are_taken_out_at_the_door_each_with_a_warning():
    """Finding: a tracker cell with a vertical tab made export --out x.xlsx and report --out x.docx fail."""
    import io as _io
    import zipfile

    from helpers import replace_parts, xlsx_bytes
    book = xlsx_bytes({"Plan": [["No.", "Action", "Timescales", "Notes"], [1, "Do MARKA", "31/03/2022", "MARKB note"]]})
    part = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(_io.BytesIO(book)).read(part).replace(b"MARKA", b"it_x000B_now").replace(b"MARKB", b"_x0001_")
    for data, name in ((replace_parts(book, {part: xml}), "t.xlsx"),
                       (b"No.,Action,Timescales,Notes\n1,Do it\x0bnow,31/03/2022,\x01 note\n", "t.csv")):
        tracker = load_tracker(data, name)
        assert tracker.actions.loc[0, "action"] == "Do itnow" and tracker.actions.loc[0, "notes"] == "note"
        said = [(i.row, i.column) for i in tracker.warnings if "control characters" in i.message]
        assert said == [(2, "B"), (2, "D")]
