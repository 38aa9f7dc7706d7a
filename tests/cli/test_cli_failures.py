"""Every command's failures are one sentence on stderr and a non-zero exit, never a traceback."""
import pytest

from bvdata.cli.main import main
from tests.conftest import SAMPLE

NO_DIR_OUT = "/no/such/dir/out"
MISSING = "/no/such/tracker.xlsx"

# (command line with {out}, {file}, {date} and {db} to fill, what is wrong, words the sentence must hold)
CASES = [
    ("check {file}", "missing file", "could not be opened"),
    ("check {sample} --as-of {date}", "bad date", "not a date"),
    ("publish {file} --database {db}", "missing file", "could not be opened"),
    ("compare {file} {sample} --database {db}", "missing file", "could not be opened"),
    ("compare 1 2 --database {db}", "missing snapshot", "no snapshot 1"),
    ("report {file} --out {out}.docx --no-history", "missing file", "could not be opened"),
    ("report {sample} --out {out}.docx --as-of {date}", "bad date", "not a date"),
    ("report {sample} --out {out}.docx --no-history", "unwritable out", "could not be written"),
    ("export {file} --out {out}.xlsx", "missing file", "could not be opened"),
    ("export {sample} --out {out}.xlsx", "unwritable out", "could not be written"),
    ("export {sample} --out {out}.csv --view overdue", "unwritable out", "could not be written"),
    ("export {sample} --out {out}.xlsx --view digest", "unwritable out", "could not be written"),
    ("export {sample} --out {out}.xlsx --as-of {date}", "bad date", "not a date"),
    ("export {sample} --out x.pdf", "wrong kind of out", "must end in .xlsx or .csv"),
    ("template tracker --out {out}.xlsx", "unwritable out", "could not be written"),
    ("template self-assessment --out {out}.xlsx", "unwritable out", "could not be written"),
    ("statement {file} --out {out}.docx", "missing file", "could not be opened"),
    ("statement {sample} --out {out}.docx", "unwritable out", "could not be written"),
    ("statement {sample} --assessment {file} --out x.docx", "missing assessment", "could not be opened"),
    ("statement {sample} --out {out}.docx --as-of {date}", "bad date", "not a date"),
    ("snapshots --database sqlite:////no/such/dir/x.sqlite", "unreachable store", "could not be opened"),
    ("officers import {file} --database {db}", "missing file", "could not be opened"),
    ("officers import --database {db}", "no file named", "Name the file to import"),
    ("officers import {sample} --database {db}", "not an officer list", "lists no officers"),
    ("remind --out {out} --database {db}", "empty store", "holds no snapshot yet"),
    ("remind --send --database {db}", "empty store", "holds no snapshot yet"),
    ("remind --database {db}", "neither send nor out", "One of the arguments --send --out is required"),
    ("nonsense", "unknown command", "invalid choice"),
    # issue 21: a hostile mapping file is one sentence, never "failed unexpectedly"
    ("check {sample} --mapping {huge_row}", "header row 1e400", "header_row must be a whole number"),
    ("check {sample} --mapping {negative_row}", "negative header row", "header_row must be a whole number"),
    ("check {sample} --mapping {nested}", "deeply nested mapping", "nested far deeper"),
    ("check {sample} --mapping {doubled}", "two columns to one field", "more than one column"),
    ("backup --database {db} --out {out}.bvbackup", "no backup key", "No backup key is set"),
]
MAPPINGS = {
    "huge_row": '{"name": "x", "sheet": "CSV", "header_row": 1e400, "headers": [], "columns": {"A": "action"}}',
    "negative_row": '{"name": "x", "sheet": "CSV", "header_row": -3, "headers": [], "columns": {"A": "action"}}',
    "nested": "[" * 100_000 + "]" * 100_000,
    "doubled": '{"name": "x", "sheet": "CSV", "header_row": 1, "headers": [], "columns": {"A": "action", "B": "action"}}',
}


@pytest.mark.parametrize("line, what, words", CASES, ids=[f"{c[0].split()[0]}: {c[1]}" for c in CASES])
def test_failure_is_one_sentence_and_non_zero(line, what, words, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("BVDATA_BACKUP_KEY", raising=False)
    monkeypatch.chdir(tmp_path)                       # no secrets file here
    mappings = {}
    for name, text in MAPPINGS.items():
        (tmp_path / f"{name}.json").write_text(text)
        mappings[name] = tmp_path / f"{name}.json"
    argv = line.format(file=MISSING, sample=SAMPLE, out=NO_DIR_OUT, date="31/02/2022",
                       db=f"sqlite:///{tmp_path / 'store.sqlite'}", **mappings).split()
    try:
        code = main(argv)
    except SystemExit as exit_:          # argparse's own exit, for a command-line mistake
        code = exit_.code
    out, err = capsys.readouterr()
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert words in lines[0], lines[0]
    assert "Traceback" not in err and out == ""
