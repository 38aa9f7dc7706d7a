"""Officers and reminders in AppTest: import the officer table, see the names that map to nobody,
preview the reminders and send them to a real SMTP server."""
import socket

import pytest
from aiosmtpd.controller import Controller
from apptest_helpers import open_page

from bvdata import store
from bvdata.owners.officers import officer_table
from bvdata.store import audit
from tests.helpers import csv_bytes

OFFICERS_CSV = csv_bytes([["name", "email"], ["Clair Hepburn", "clair@example.org"], ["C Hepburn", "clair@example.org"],
                          ["Jenni Craig", "jenni@example.org"]])


@pytest.fixture
def smtp(monkeypatch):
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("BVDATA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BVDATA_SMTP_PORT", str(port))
    monkeypatch.setenv("BVDATA_SMTP_FROM", "bv@council.example")
    yield received
    controller.stop()


def test_import_officers_preview_and_send_reminders(smtp):
    at = open_page("officers")
    assert at.caption and not at.exception
    at.file_uploader(key="officers_upload").set_value(("officers.csv", OFFICERS_CSV, "text/csv")).run()
    at.button(key="officers_import").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Saved 3 spellings")
    engine = store.open_store()
    assert officer_table(engine)["email"].tolist() == ["clair@example.org", "clair@example.org", "jenni@example.org"]
    unmapped = at.dataframe[-1].value
    # the seed's other leads: Jenny Wilkinson 5, Chris Myers 4, Jason McDonald 2, C Myers, Jen Holland, John Curry 1
    assert unmapped.iloc[:3].values.tolist() == [["Jenny Wilkinson", 5], ["Chris Myers", 4], ["Jason McDonald", 2]]
    assert len(unmapped) == 6
    assert [e.label.split(":")[0] for e in at.expander] == ["clair@example.org", "jenni@example.org"]
    at.button(key="officers_send").click().run()
    assert not at.exception, at.exception
    assert smtp == [["clair@example.org"], ["jenni@example.org"]]
    assert audit.trail(engine, limit=1).iloc[0]["action"] == "reminders sent"
