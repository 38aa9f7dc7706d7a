"""The secrets file, read so that a broken one can never switch sign-in off."""
import pytest

from bvdata.base.errors import SettingsError
from bvdata.base.settings import LOCAL_DEFAULT, read_settings

GOOD = """
BVDATA_DATABASE_URL = "postgresql://u:p@db/bv"
[auth]
redirect_uri = "https://bv.example/oauth2callback"
cookie_secret = "long and random"
[bvtracker]
analysts = ["a@council.gov.uk", "B@Council.gov.uk"]
identity_claim = "preferred_username"
"""


def write(tmp_path, text, name="secrets.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_no_file_at_all_is_the_local_default(tmp_path):
    assert read_settings([str(tmp_path / "missing.toml"), str(tmp_path / "also-missing.toml")]) == LOCAL_DEFAULT
    assert LOCAL_DEFAULT.local and LOCAL_DEFAULT.database_url is None


def test_a_good_file_is_read_whole(tmp_path):
    s = read_settings([str(write(tmp_path, GOOD))])
    assert s.auth and not s.local
    assert s.analysts == ("a@council.gov.uk", "B@Council.gov.uk")
    assert s.identity_claim == "preferred_username"
    assert s.database_url == "postgresql://u:p@db/bv"


def test_a_later_file_overrides_an_earlier_one(tmp_path):
    first = write(tmp_path, GOOD, "one.toml")
    second = write(tmp_path, 'BVDATA_DATABASE_URL = "sqlite:///x"\n', "two.toml")
    assert read_settings([str(first), str(second)]).database_url == "sqlite:///x"


def test_the_reminder_settings_are_read(tmp_path):
    text = GOOD + 'app_url = "https://bv.example"\n[smtp]\nhost = "smtp.example"\nsender = "bv@example"\n'
    s = read_settings([str(write(tmp_path, text))])
    assert s.app_url == "https://bv.example" and s.smtp == {"host": "smtp.example", "sender": "bv@example"}


def test_the_identity_claim_defaults_to_email(tmp_path):
    text = GOOD.replace('identity_claim = "preferred_username"\n', "")
    assert read_settings([str(write(tmp_path, text))]).identity_claim == "email"


@pytest.mark.parametrize("change, words", [
    (lambda t: t.replace("[bvtracker]", "[bvtracker"), "could not be read"),
    (lambda t: t.replace('analysts = ["a@council.gov.uk", "B@Council.gov.uk"]', 'analysts = "a@council.gov.uk"'),
     "analysts must be a list"),
    (lambda t: t.replace('analysts = ["a@council.gov.uk", "B@Council.gov.uk"]', "analysts = [1, 2]"),
     "analysts must be a list"),
    (lambda t: t.replace('redirect_uri = "https://bv.example/oauth2callback"\n', ""), "[auth] has no redirect_uri"),
    (lambda t: t.replace('cookie_secret = "long and random"', 'cookie_secret = ""'), "[auth] has no cookie_secret"),
    (lambda t: t.replace('"preferred_username"', '"sub"'), "identity_claim must be one of"),
    (lambda t: t.replace('"postgresql://u:p@db/bv"', "5"), "BVDATA_DATABASE_URL must be"),
    (lambda t: 'smtp = "smtp.council.gov.uk"\n' + t, "[smtp] must be a section"),
    (lambda t: t + 'app_url = "javascript:alert(1)"\n', "app_url must be a web address"),
    (lambda t: "auth = 3\n" + t.split("[auth]")[1].split("[bvtracker]")[0].split("\n", 1)[0], "[auth] must be a section"),
])
def test_a_broken_file_fails_closed_naming_itself(tmp_path, change, words):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(SettingsError) as caught:
        read_settings([str(path)])
    message = str(caught.value)
    assert words in message and str(path) in message
    assert "\n" not in message


def test_an_unreadable_file_fails_closed(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_bytes(b"\xff\xfe[auth]\n")
    with pytest.raises(SettingsError, match="could not be read"):
        read_settings([str(path)])


def test_a_folder_where_the_file_should_be_fails_closed(tmp_path):
    (tmp_path / "secrets.toml").mkdir()
    with pytest.raises(SettingsError, match="is a folder"):
        read_settings([str(tmp_path / "secrets.toml")])
