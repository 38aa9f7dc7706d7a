"""One measurement in a fresh process: `python bench/_measure_load.py (bvdata|openpyxl|calamine) FILE`.

Prints JSON: seconds for the load alone (imports excluded on both sides) and peak resident memory of
this process and of its children (the bvdata reader child), in MB.
"""
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# the reader's own modules imported here, outside the timing, as they are in a running app (the package
# and some functions import them lazily, which would otherwise count their import as loading)
import importlib  # noqa: E402

import pandas as pd  # noqa: E402

for _name in ("tracker", "mapping", "progress", "assemble", "asat", "values", "vocab", "layout", "safe_read",
              "themes", "status", "read.assembly.tracker", "read.assembly.mapping", "read.cells.progress",
              "read.assembly.assemble", "read.finding.asat", "read.cells.values", "read.finding.layout",
              "read.door.guard", "read.assembly.themes"):
    try:
        importlib.import_module(f"bvdata.{_name}")
    except ImportError:        # an older version of the code without that module
        pass
from bvdata.model.status import by_recommendation, with_status  # noqa: E402
from bvdata.read.assembly.tracker import load_tracker  # noqa: E402

how, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if how == "bvdata":
    tracker = load_tracker(path)
    df = with_status(tracker.actions, tracker.as_at)   # validate: statuses and the summary tables
    by_recommendation(df, tracker.recommendations)
    rows = len(df)
elif how == "openpyxl":
    rows = len(pd.read_excel(path, engine="openpyxl", sheet_name=None)["Action Plan"])
else:
    rows = len(pd.read_excel(path, engine="calamine", sheet_name=None)["Action Plan"])
seconds = time.perf_counter() - start
self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"how": how, "rows": rows, "seconds": seconds, "peak_mb": self_mb, "child_peak_mb": child_mb}))
