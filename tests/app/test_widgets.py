"""The pages' drawing helpers: figures made once per content and never changed once shared."""
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from bvdata.papers.figures import status_roundup
from pages.common.widgets import figure


def statuses(*keys: str) -> pd.DataFrame:
    return pd.DataFrame({"status": list(keys)})


def test_the_same_content_is_one_figure_made_once():
    calls = []

    def counted(df, title=None):
        calls.append(1)
        return status_roundup(df, title)

    first = figure(counted, statuses("complete", "overdue"), "Round-up")
    again = figure(counted, statuses("complete", "overdue"), "Round-up")     # equal, not the same table
    assert again is first and len(calls) == 1


@pytest.mark.parametrize("other", [
    (statuses("complete", "complete"), "Round-up"),          # other data
    (statuses("complete", "overdue"), "Another title"),      # another argument
])
def test_other_content_is_another_figure(other):
    base = figure(status_roundup, statuses("complete", "overdue"), "Round-up")
    assert figure(status_roundup, *other) is not base


def test_the_title_becomes_the_heading_and_leaves_the_figure():
    drawn = figure(status_roundup, statuses("complete"), "Tom &amp; Jerry's round-up")
    assert drawn.heading == "Tom & Jerry's round-up"
    assert not drawn.figure.layout.title.text


def _two_draws():
    import pandas as pd

    from bvdata.papers.figures import status_roundup
    from pages.common.widgets import chart, figure
    df = pd.DataFrame({"status": ["complete", "overdue"]})
    for key in ("first", "second"):            # the second draw gets the shared figure the first drew
        chart(figure(status_roundup, df, "Shared round-up"), key, "Two items.")


def test_a_shared_figure_draws_the_same_every_time():
    at = AppTest.from_function(_two_draws).run()
    assert not at.exception
    headings = [m.value for m in at.markdown if "Shared round" in m.value]
    assert len(headings) == 2
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert specs[0] == specs[1] and not specs[0]["layout"].get("title", {}).get("text")


def test_cards_hold_every_value_in_the_screen_formats_and_escaped():

    from bvdata.base.formats import change, percent
    from pages.common.widgets import card_texts
    df = pd.DataFrame({"No.": ["1.2", "[x](javascript:alert(1))"],
                       "Action": ["Review the *plan*", None],
                       "Due": [pd.Timestamp("2021-10-31"), pd.NaT],
                       "Done": [40.0, None], "Change": [0.5, -1.25]})
    first, second = card_texts(df, {"Done": percent, "Change": change}, wide=["Action"])
    assert "Review the \\*plan\\*" in first                                    # wording escaped
    assert first.replace("\\", "") == "**1.2**\n\nReview the *plan*\n\nDue: 31 Oct 2021 · Done: 40% · Change: +0.5"
    assert second.startswith("**\\[x\\]\\(javascript\\:alert\\(1\\)\\)**")       # shown as typed, never a link
    assert "Due: – · Done: – · Change: -1.2" in second.replace("\\", "")


def _sixty_cards():
    import pandas as pd

    from pages.common.widgets import phone_cards
    rows = pd.DataFrame({"No.": [f"A{i}" for i in range(60)], "Action": [f"Do thing {i}" for i in range(60)]})
    phone_cards(rows, "many", wide=["Action"], limit=50)
    phone_cards(rows.head(3), "few", wide=["Action"], limit=50)


def test_phone_cards_stop_at_their_limit_and_say_so():
    at = AppTest.from_function(_sixty_cards).run()
    many, few = (m.value for m in at.markdown)
    assert many.startswith("*The first 50 of 60 are shown here")
    assert many.count("\n\n---\n\n") == 50 and "**A49**" in many and "A50" not in many
    assert few.count("\n\n---\n\n") == 2 and "The first" not in few          # under the limit: every row, no line
