"""The staff reports on a phone and a desk: the charts fit their box with every label
whole and readable, and the switches between measures are big enough for a finger."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.geometry import check_layout, keep_screenshot, small_tap_targets
from tests.reports.conftest import scenario  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DESK = {"width": 1280, "height": 900}
URL = "/staff/reports/?period=2025&step=month"

# Each chart: how much wider it is than the box it sits in, and its smallest label on screen.
CHARTS = """() => [...document.querySelectorAll("svg.chart__svg")].map((svg) => ({
  id: svg.closest("figure").id,
  overhang: svg.getBoundingClientRect().width - svg.closest("figure").clientWidth,
  smallest: Math.min(...[...svg.querySelectorAll("text")].map(
    (text) => text.getBoundingClientRect().height)),
}))"""


@pytest.mark.usefixtures("scenario")
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_charts_fit_their_box_with_readable_labels(
    person, live_server, staff, request, viewport
):
    page = person(staff, viewport=viewport)
    page.goto(live_server.url + URL)
    expect(page.locator("svg.chart__svg")).to_have_count(4)
    keep_screenshot(page, request, "reports")
    for chart in page.evaluate(CHARTS):
        assert chart["overhang"] <= 0.5, chart  # no sideways scrolling to find the months
        assert chart["smallest"] >= 11, chart  # scaled down, a label stays readable
    assert check_layout(page) == []
    assert small_tap_targets(page, ".measure-switch a") == []


@pytest.mark.usefixtures("scenario")
def test_the_figures_fold_under_each_chart_and_open_as_cards_on_a_phone(person, live_server, staff):
    page = person(staff, viewport=PHONE)
    page.goto(live_server.url + URL)
    tables = page.locator(".chart__numbers table")
    expect(tables).to_have_count(4)
    assert all(not table.is_visible() for table in tables.all())
    assert small_tap_targets(page, ".chart__numbers > summary") == []
    page.locator(".chart__numbers > summary").first.click()
    expect(tables.first).to_be_visible()
    first_row = tables.first.locator("tbody tr").first
    expect(first_row.locator(".table__label").first).to_be_visible()  # a card, labelled
    assert check_layout(page) == []
