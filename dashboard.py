"""Best Value tracker dashboard. Run: bash scripts/dashboard.sh (or streamlit run dashboard.py)."""
import os
import time

import streamlit as st
from PIL import Image

from bvdata.base.errors import SettingsError
from bvdata.base.settings import demo_officer
from pages.common.connection import app_settings, store_url
from pages.common.dataset import current_tracker, init_state
from pages.common.identity import current_identity
from pages.common.navigation import deep_link
from pages.common.plans import follow_plan_link, leave_withdrawn_plan
from pages.common.portfolio import committee_plan_count
from pages.common.sidebar import render_sidebar
from pages.common.widgets import CARDS_CSS, md_escape

# the favicon is drawn here: a Material icon would make every browser fetch it from Google's servers
RUN_STARTED = time.perf_counter()
st.set_page_config(page_title="Best Value tracker", page_icon=Image.new("RGB", (32, 32), "#1F4E9C"), layout="wide")

# Fail closed: a secrets file that exists but cannot be read stops the app here, before any page,
# any store or any sign-in decision; it never falls back to "no sign-in" or to another database.
try:
    demo_officer(app_settings(), store_url())        # --as-officer outside the local demo stops the app here
except SettingsError as exc:
    problem = str(exc)

    def refused() -> None:
        st.title("Best Value tracker")
        st.error(md_escape(problem))

    # a navigation of this one page, so Streamlit does not list the pages/ folder either
    st.navigation([st.Page(refused, title="Settings problem", icon=":material/error:")], position="hidden").run()
    st.stop()
init_state()

# A constant style sheet, never data: the date picker's day/month/year fields are 18 px wide, under
# the 24 px touch-target minimum of WCAG 2.2 (2.5.8).
ACCESSIBILITY_CSS = """<style>
/* the shared screen (issue 34): the page starts near the top, so each page's lead chart is whole above the
   fold at 1440 x 900 (Streamlit's default leaves 6rem empty above the title) */
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px;
  text-align: center; padding: 2px 1px; }
/* WCAG 2.2 2.4.7 and 2.4.11: a keyboard focus ring that is always visible and never looks like the
   current-page highlight (which is a background tint): a 3 px dark outline with a white gap */
:focus-visible, [data-testid="stSidebarNav"] a:focus-visible, [role="combobox"]:focus-visible {
  outline: 3px solid #0b0c0c !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #ffffff !important; }
/* a text box's own outline is clipped by its wrapper, so the ring goes round the wrapper instead */
div:has(> input:focus-visible) { box-shadow: 0 0 0 2px #ffffff, 0 0 0 5px #0b0c0c !important; }
div:has(> input:focus-visible) > input:focus-visible { outline: none !important; box-shadow: none !important; }
</style>""" + CARDS_CSS
st.html(ACCESSIBILITY_CSS)

def main_pages(words, several: bool) -> list:
    """The pages everyone sees, titled in the file's own words (its items and what groups them); with
    two or more plans, All plans first, and the page a visit opens on."""
    first = [st.Page("pages/all_plans.py", title="All plans", icon=":material/dashboard:", default=True)] if several else []
    return first + [
        st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=not several),
        st.Page("pages/progress.py", title=f"Progress by {words.group.singular}", icon=":material/bar_chart:"),
        st.Page("pages/overdue.py", title="Overdue", icon=":material/schedule:"),
        st.Page("pages/themes.py", title="Themes", icon=":material/radar:"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("pages/actions.py", title=words.item.titles, icon=":material/list:"),
        st.Page("pages/my_actions.py", title=f"My {words.item.plural}", icon=":material/assignment_ind:"),
    ]

ANALYST_PAGES = [st.Page("pages/data.py", title="Data", icon=":material/upload_file:"),
                 st.Page("pages/review.py", title="Review updates", icon=":material/fact_check:"),
                 st.Page("pages/officers.py", title="Officers and reminders", icon=":material/contact_mail:")]


def sign_in() -> None:
    st.title("Best Value tracker")
    st.write("Sign in with your organisation account to see the Best Value improvement plan.")
    st.button("Sign in", type="primary", key="signin_button", on_click=st.login)


def welcome() -> None:
    st.title("Best Value tracker")
    if st.session_state.get("bv_start_problem"):
        st.error(md_escape(st.session_state["bv_start_problem"]))
    if current_identity().can_publish:
        st.write("This store holds no update yet. Upload your council's tracker on the Data page: it is "
                 "checked first, and you choose when to publish it.")
        st.page_link("pages/data.py", label="Upload the first tracker", icon=":material/upload_file:")
    else:
        st.info("No update has been published yet. The dashboard will show the improvement plan once an "
                "analyst publishes it.")


person = current_identity()
if person.role is None:       # sign-in is configured and nobody is signed in: only the sign-in page
    st.navigation([st.Page(sign_in, title="Sign in", icon=":material/login:")]).run()
    st.stop()
leave_withdrawn_plan()      # a plan withdrawn (in another session) since this one's last run is left at once
if st.session_state["bv_dataset"] is None:     # an empty production store: nothing published yet
    st.navigation([st.Page(welcome, title="Welcome", icon=":material/waving_hand:", default=True)]
                  + (ANALYST_PAGES if person.can_publish else [])).run()
    st.stop()
follow_plan_link()          # a link naming a plan (?plan=3) opens on it
allowed = main_pages(current_tracker().words, committee_plan_count() >= 2) + (ANALYST_PAGES if person.can_publish else [])
navigation = st.navigation(allowed)
# a deep link that arrived before st.navigation was in force (see pages.common.navigation.require_app)
if asked := deep_link(person.can_publish):
    st.switch_page(asked[0], query_params=asked[1] or None)

if st.session_state.get("bv_start_problem"):
    st.warning(st.session_state["bv_start_problem"])
render_sidebar(current_tracker())
navigation.run()

# For the load benchmark: each completed server run's duration, when asked for (bench/load_sessions.py).
if run_log := os.environ.get("BVDATA_RUN_LOG"):
    with open(run_log, "a") as log:
        log.write(f"{time.perf_counter() - RUN_STARTED:.4f}\n")
