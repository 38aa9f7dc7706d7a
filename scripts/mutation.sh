#!/usr/bin/env bash
# Mutation testing of the status rules, the value readers and the comparison (setup.cfg [mutmut]).
# Not part of the test command: it takes several minutes. Prints the killed share at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check mutmut==3.8.1
rm -rf mutants
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" >/dev/null 2>&1 || true
.venv/bin/mutmut results --all true > mutants/results.txt || true
.venv/bin/python - <<'PY'
import collections, re
counts = collections.Counter()
per_file = collections.defaultdict(collections.Counter)
for line in open("mutants/results.txt"):
    m = re.match(r"\s*bvdata\.(\w+)\.\S+: (.+)", line)
    if m:
        counts[m[2]] += 1
        per_file[m[1]][m[2]] += 1
def score(c):
    total = sum(c.values())
    return f"{c['killed']}/{total} killed ({100 * c['killed'] / max(total, 1):.0f}%), survived {c['survived']}, other {total - c['killed'] - c['survived']}"
for name, c in sorted(per_file.items()):
    print(f"{name:10} {score(c)}")
print(f"{'all':10} {score(counts)}")
PY
