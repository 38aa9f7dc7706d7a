"""bvdata: the Best Value tracker's domain code. Pure Python and pandas; never imports streamlit."""
from .errors import Issue, StoreError, TrackerError
from .status import STATUS_RULES, StatusRule, with_status
from .themes import ThemeScores, load_theme_scores
from .tracker import Tracker, load_tracker

__all__ = [
    "Issue", "StoreError", "TrackerError", "STATUS_RULES", "StatusRule", "with_status",
    "ThemeScores", "load_theme_scores", "Tracker", "load_tracker",
]
