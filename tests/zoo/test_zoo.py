"""The tracker zoo in the suite (issue 33): a fixed-seed sample of 60 trackers built from the parts real
files vary, in every format, each read back against its answer. None may be accepted with any figure wrong,
and at least 95% must be read right. ``bench/bench_fidelity.py`` runs any number, with any seed."""
import os
import random
import shutil

import pytest

from zoo.build import FORMATS, NO_PDF, judge, render, spec_of

SEED = 20261204
SAMPLE = 60


def formats() -> tuple[str, ...]:
    """Every format where LibreOffice and Chromium are installed (CI requires both); else those without PDFs."""
    office, browser = shutil.which("soffice") is not None, os.path.exists("/usr/bin/chromium")
    if office and browser:
        return FORMATS
    if os.environ.get("BVDATA_REQUIRE_OFFICE") == "1" or os.environ.get("BVDATA_REQUIRE_BROWSER") == "1":
        pytest.fail("the zoo's PDFs need LibreOffice and Chromium, which CI requires")
    return NO_PDF


def test_a_fixed_sample_of_the_zoo_reads_right_and_never_wrong(tmp_path):
    draw = random.Random(SEED)
    outcomes = {"right": [], "refused": [], "wrong": []}
    for _ in range(SAMPLE):
        spec = spec_of(draw.randrange(2**31), formats())
        data, name = render(spec, tmp_path)
        verdict = judge(spec, data, name)
        outcomes[verdict.outcome].append(f"spec_of({spec.seed}) [{spec.fmt}]: {verdict.why}")
    assert outcomes["wrong"] == []
    assert len(outcomes["right"]) >= 0.95 * SAMPLE, outcomes["refused"]


@pytest.mark.parametrize("seed", range(8))
def test_every_spec_has_its_answer_by_construction(seed):
    """The generator's own check: the answer lists every item once, with states the vocabulary names."""
    spec = spec_of(seed)
    assert len({i.number for i in spec.items}) == len(spec.items) >= 3
    assert {i.state for i in spec.items} <= {"complete", "in_progress", "not_started", "closed", "paused", None}
    assert spec.fmt in FORMATS


def test_what_the_reader_says_of_the_zoo_names_no_repository_path():
    """Issue 33, item 7: every warning and note is in the analyst's words."""
    from bvdata import TrackerError, load_tracker
    from zoo.build import NO_PDF
    draw = random.Random(SEED + 1)
    said = []
    for _ in range(30):
        spec = spec_of(draw.randrange(2**31), NO_PDF)
        try:
            said.extend(i.message for i in load_tracker(*render(spec)).issues)
        except TrackerError as refused:
            said.append(str(refused))
    assert said and not [s for s in said if any(p in s for p in ("bvdata/", "vocab/", ".py", "mean no values"))]
