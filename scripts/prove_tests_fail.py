"""Shows that the tests fixed in issue "Fail closed…" fail when the behaviour they name is broken.

Run from a throwaway checkout (git worktree add /tmp/prove HEAD; ln -s $PWD/.venv /tmp/prove/.venv), because
it edits the code: python scripts/prove_tests_fail.py /tmp/prove. Each line says FAILS (good) or PASSES (bad).
"""
import subprocess, sys, os
ROOT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/prove"
CASES = [
 ("reader refuses every file", "bvdata/read/assembly/tracker.py", '    report = report or (lambda fraction, message: None)\n    found = _scan(grids, mappings)',
  '    raise TrackerError("broken")\n    found = _scan(grids, mappings)', "tests/read/test_tracker.py::test_generated_trackers_round_trip"),
 ("secrets not ignored by git", ".gitignore", ".streamlit/secrets.toml\n", "", "tests/app/test_config.py::test_no_secrets_committed"),
 ("require_analyst lets anyone in", "pages/common/identity.py", "    if not current_identity().can_publish:", "    if False:",
  "tests/app/test_page_signin.py::test_the_data_page_itself_checks_the_role"),
 ("CSV without a BOM", "bvdata/papers/exports.py", '.encode("utf-8-sig")', '.encode("utf-8")', "tests/papers/test_exports.py::test_csv_export_neutralised_with_bom"),
 ("reader child uses 2 GB", "bvdata/read/door/child_main.py", "    data = sys.stdin.buffer.read()\n", "    data = sys.stdin.buffer.read()\n    _hog = bytearray(1_200_000_000); _hog[::4096] = b'x' * len(_hog[::4096])\n",
  "tests/read/test_safe_read.py::test_check_command_refuses_quickly_with_one_sentence"),
 ("mean completion rounded to 1 place", "bvdata/model/status.py", 'None if pd.isna(mean) else round(float(mean), 2)', 'None if pd.isna(mean) else round(float(mean), 1)',
  "tests/model/test_status.py::test_headline_and_sentence"),
 ("broken secrets fall back to no sign-in", "bvdata/base/settings.py", '''            raise SettingsError(f"The secrets file {p} could not be read''', '''            return LOCAL_DEFAULT
            raise SettingsError(f"The secrets file {p} could not be read''', "tests/app/test_page_signin.py::test_a_broken_secrets_file_stops_the_app"),
 ("unverified email matched", "bvdata/base/access.py", 'if claim == "email" and claims.get("email_verified") is not True:', 'if False:',
  "tests/base/test_access.py::test_identity_from_claims_fails_closed"),
 ("XML scan reads 4 KB only", "bvdata/read/door/guard.py", "            first = fh.read(_CHUNK)", "            first = fh.read(4096)\n            fh = io.BytesIO(b'')",
  "tests/read/test_safe_read.py::test_hostile_file_is_refused_in_process"),
 ("report closes the shared Chromium", "bvdata/papers/report.py", '''        """Nothing to close: the server is shared by every report in this process until it exits."""''',
  '''        global _server_started
        with _server_lock:
            _stop_server()
            _server_started = False''', "tests/papers/test_report.py::test_two_reports_at_once_share_one_renderer"),
 ("unwritable --out gives a traceback", "bvdata/cli/common.py", '''    except OSError as exc:
        raise CliError(f"{path} could not be written''', '''    except ZeroDivisionError as exc:
        raise CliError(f"{path} could not be written''', "tests/cli/test_cli_failures.py"),
]
for name, path, old, new, test in CASES:
    full = os.path.join(ROOT, path)
    original = open(full).read()
    assert old in original, (name, old[:50])
    open(full, "w").write(original.replace(old, new, 1))
    try:
        env = {**os.environ, "BVDATA_DEBUG": "0"}
        r = subprocess.run([".venv/bin/python", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test],
                           cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-200:]
        print(f"{'FAILS (good)' if r.returncode != 0 else 'PASSES (bad)'} | {name} | {test} | {last}")
    finally:
        open(full, "w").write(original)
