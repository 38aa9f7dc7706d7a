from apptest_helpers import open_page, open_sections, plotly_specs


def test_radar_first_and_the_change_table_on_demand():
    at = open_page("themes")
    spec = plotly_specs(at)[0]
    assert [t["name"] for t in spec["data"]] == ["2020/21", "2021/22", "Target"]
    assert spec["layout"]["polar"]["radialaxis"]["range"] == [1, 5]
    assert len(at.dataframe) == 0          # drawn only once its section is opened
    assert at.expander[0].label == "Change per theme, 2020/21 to 2021/22"
    table = open_sections(at, "themes_open_change").dataframe[0].value
    assert len(table) == 7 and "Change" in table.columns


def test_a_phone_gets_a_radar_with_numbered_spokes_and_a_key():
    """The style sheet shows one radar or the other by the screen's width: the names round the circle,
    or on a phone the numbers, with a key naming them, so the circle is not squeezed by the names."""
    at = open_page("themes")
    wide, phone = plotly_specs(at)[:2]
    assert wide["data"][0]["theta"][0] == "Vision and<br>Leadership"
    assert phone["data"][0]["theta"] == ["1", "2", "3", "4", "5", "6", "7", "1"]
    assert phone["data"][0]["customdata"][1] == "Governance and Accountability"     # the hover names it
    key = next(m.value for m in at.markdown if m.value.startswith("**1** "))
    assert key.split("  \n")[1] == "**2** Governance and Accountability" and key.count("  \n") == 6


def test_choosing_one_period():
    at = open_page("themes")
    at.multiselect(key="themes_periods").unselect("2020/21").run()
    spec = plotly_specs(at)[0]
    assert [t["name"] for t in spec["data"]] == ["2021/22", "Target"]


def test_self_assessment_sample_gives_heatmap_and_gaps():
    at = open_page("themes")
    open_sections(at, "themes_open_assessment").button(key="themes_sample").click().run()
    assert not at.exception, at.exception
    specs = plotly_specs(at)
    assert [s["data"][0]["type"] for s in specs] == ["scatterpolar", "scatterpolar", "heatmap"]   # radar, phone radar
    flags = [w.value.replace("\\", "") for w in at.warning]
    # the illustrative Theme column links no action to these two themes, both scored below target
    assert any(f.startswith("Sustainable Development scored") and "no open action addresses it" in f for f in flags)
    assert any(f.startswith("Fairness and Equality scored") for f in flags)
    assert "Download draft statement (.docx)" in [b.label for b in at.get("download_button")]


def test_bad_self_assessment_upload_keeps_the_one_shown():
    at = open_page("themes")
    open_sections(at, "themes_open_assessment").button(key="themes_sample").click().run()
    at.file_uploader(key="themes_upload").set_value(("junk.xlsx", b"not a workbook", "application/octet-stream")).run()
    assert not at.exception
    assert "not a spreadsheet" in at.error[0].value.replace("\\", "")
