"""Reminders: one email per officer with open actions, checked as a real SMTP server (aiosmtpd on
loopback) receives them: recipients, subjects, every overdue action listed, hostile text escaped."""
import datetime as dt
import email
import email.policy
import os
import socket
import subprocess
import sys

import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from bvdata import load_tracker, store
from bvdata.base.errors import StoreError
from bvdata.owners.officers import save_officers
from bvdata.owners.remind import message, reminders, send, smtp_settings
from tests.conftest import ROOT, SAMPLE

AS_OF = dt.date(2022, 2, 14)
OFFICERS = pd.DataFrame([{"name": "Clair Hepburn", "email": "clair@example.org"},
                         {"name": "C Hepburn", "email": "clair@example.org"},
                         {"name": "Jenni Craig", "email": "jenni@example.org"},
                         {"name": "Nobody Here", "email": "idle@example.org"}])
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _actions() -> pd.DataFrame:
    return pd.DataFrame({
        "action_id": ["1", "2", "3", "4", "5"],
        "action": [HOSTILE, "Review surveys", "Done already", "Shared action", "Later work"],
        "lead_officer": ["Clair Hepburn", "Jenni Craig", "Clair Hepburn", "C Hepburn / C Myers", "Jenni Craig"],
        "due_date": pd.to_datetime(["2022-01-31", "2022-03-01", "2021-12-31", "2021-06-30", "2023-01-31"]),
        "completion": [50.0, 10.0, 100.0, None, 0.0],
        "progress": ["in_progress", "in_progress", "complete", None, "not_started"],
    })


def test_one_reminder_per_officer_with_open_actions_grouped_by_urgency():
    made = {r.email: r for r in reminders(_actions(), OFFICERS, AS_OF, due_within=30)}
    assert sorted(made) == ["clair@example.org", "jenni@example.org"]          # nobody with nothing open
    clair, jenni = made["clair@example.org"], made["jenni@example.org"]
    assert list(clair.overdue["action_id"]) == ["4", "1"] and clair.due_soon.empty and clair.other.empty
    assert list(jenni.due_soon["action_id"]) == ["2"] and list(jenni.other["action_id"]) == ["5"]


def test_tracker_text_is_escaped_in_the_html_and_kept_out_of_the_headers():
    clair = reminders(_actions(), OFFICERS, AS_OF)[0]
    mail = message(clair, "bv@council.example", "https://bv.council.example/", AS_OF)
    html = mail.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img" not in html
    assert HOSTILE in mail.get_body(("plain",)).get_content()
    assert mail["Subject"] == "Best Value actions: 2 overdue, 0 due soon, 0 other open"
    assert 'href="https://bv.council.example/my_actions"' in html
    assert '<li>4: Shared action, due 30 Jun 2021 (<a href="https://bv.council.example/my_actions?action=4">update</a>)' in html


@pytest.fixture
def smtp_server():
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
            return "250 OK"

    with socket.socket() as probe:              # a free port: aiosmtpd checks its server by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, received
    controller.stop()


def test_a_real_smtp_server_receives_every_reminder(smtp_server):
    controller, received = smtp_server
    due = reminders(_actions(), OFFICERS, AS_OF)
    smtp = smtp_settings({}, {"BVDATA_SMTP_HOST": "127.0.0.1", "BVDATA_SMTP_PORT": str(controller.port),
                              "BVDATA_SMTP_FROM": "bv@council.example"})
    assert send([message(r, smtp.sender, None, AS_OF) for r in due], smtp) == 2
    assert [tos for tos, _ in received] == [["clair@example.org"], ["jenni@example.org"]]
    clair = received[0][1]
    assert clair["From"] == "bv@council.example" and clair["Subject"].startswith("Best Value actions: 2 overdue")
    html = clair.get_body(("html",)).get_content()
    for action_id in ("1", "4"):
        assert f"<li>{action_id}:" in html
    assert "<script>" not in html


def test_no_server_or_a_refusing_one_is_one_sentence():
    with pytest.raises(StoreError, match="No SMTP server is set"):
        smtp_settings({}, {})
    smtp = smtp_settings({"host": "127.0.0.1", "port": 1, "sender": "bv@council.example"}, {})
    with pytest.raises(StoreError, match="could not be sent through 127.0.0.1:1"):
        send([], smtp)


def test_the_command_line_sends_from_the_latest_snapshot(smtp_server, tmp_path):
    controller, received = smtp_server
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = store.open_store(url)
    store.publish(engine, load_tracker(SAMPLE), SAMPLE.read_bytes(), label="Feb 2022", as_at=AS_OF)
    save_officers(engine, OFFICERS, "ana", "test")
    engine.dispose()
    env = {**os.environ, "BVDATA_SMTP_HOST": "127.0.0.1", "BVDATA_SMTP_PORT": str(controller.port),
           "BVDATA_SMTP_FROM": "bv@council.example", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "bvdata", "remind", "--as-of", "2022-02-14", "--send", "--database", url,
                          "--app-url", "https://bv.council.example"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Sent 2 reminders through 127.0.0.1:" + str(controller.port) + "."
    by_person = {tos[0]: mail for tos, mail in received}
    # the seed, as at 14 Feb 2022: Jenni Craig's action 14 is overdue (due 31 Oct 2021, 0%)
    jenni = by_person["jenni@example.org"].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Overdue:\n  - 14: Promote the #your part campaign" in jenni
    files = subprocess.run([sys.executable, "-m", "bvdata", "remind", "--out", str(tmp_path / "eml"), "--database", url],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert files.returncode == 0 and sorted(p.name for p in (tmp_path / "eml").iterdir()) == [
        "001-clair-at-example-org.eml", "002-jenni-at-example-org.eml"]


@pytest.mark.parametrize("address", ["../../../tmp/x@x.org", "/tmp/x@x.org", "..\\\\x@x.org", "a@b.org,evil"])
def test_emails_are_written_inside_their_folder_whatever_the_address(tmp_path, address):
    """Finding: an address such as ../../../tmp/x@x.org wrote its .eml outside --out DIR, and the zip kept
    the ../ (the import now refuses such addresses; the writers are safe on their own)."""
    import io
    import zipfile
    from email.message import EmailMessage

    from bvdata.owners.remind import eml_zip, write_eml
    mail = EmailMessage()
    mail["To"] = "x@example.org"
    del mail["To"]
    mail["To"] = address
    mail.set_content("hello")
    folder = tmp_path / "out"
    [written] = write_eml([mail], folder)
    assert written.parent == folder.resolve() and written.name.startswith("001-") and written.suffix == ".eml"
    assert list(tmp_path.rglob("*.eml")) == [written]
    names = zipfile.ZipFile(io.BytesIO(eml_zip([mail]))).namelist()
    assert names == [written.name] and "/" not in names[0] and ".." not in names[0]
