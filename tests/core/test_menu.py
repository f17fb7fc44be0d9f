"""The menu: entries by capability, one entry per page, the longest matching entry active."""

from fazhi.core.menu import menu_for


def _items(menu):
    return [item for _, items in menu for item in items]


def test_an_entry_opened_by_either_capability_shows_once(users):
    office = [i["url"] for i in _items(menu_for(users.office))]
    assert office.count("/normdocs/documents/") == 1
    reporter = [i["url"] for i in _items(menu_for(users.reporter))]
    assert reporter.count("/normdocs/documents/") == 1


def test_the_longest_matching_entry_is_active(users):
    active = [i["url"] for i in _items(menu_for(users.office, "/plans/imports/12/")) if i.get("active")]
    assert active == ["/plans/imports/"]  # not also 规划方案 (/plans/)
    active = [i["url"] for i in _items(menu_for(users.office, "/plans/7/")) if i.get("active")]
    assert active == ["/plans/"]
    assert not [i for i in _items(menu_for(users.office, "/plansx/")) if i.get("active")]
    assert [i["url"] for i in _items(menu_for(users.office, "/")) if i.get("active")] == ["/"]


def test_the_calendar_is_in_everyones_menu(users):
    for user in (users.reporter, users.leader, users.office):
        assert "工作日历" in [i["label"] for i in _items(menu_for(user))]


def test_the_page_marks_its_entry(login, users):
    page = login(users.office).get("/plans/imports/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'active" aria-current="page" href="/plans/imports/"' in page
