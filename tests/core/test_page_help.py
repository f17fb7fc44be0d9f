"""使用说明 (issue #14 item 13): every page of the menu has a short Chinese text, shown in a help panel."""

from django.urls import reverse

from fazhi.core.menu import all_entries
from fazhi.core.pagehelp import help_table


def test_every_menu_page_has_a_help_text():
    table = help_table()
    missing = sorted({e.url_name for e in all_entries()} - set(table))
    assert missing == [], f"这些菜单页面没有使用说明（fazhi/core/pagehelp.py 或模块的 Module.help）：{missing}"
    for url_name, text in table.items():
        assert "使用者" in text, f"{url_name} 的说明没有写明使用者"


def test_the_panel_shows_the_text_of_the_page(users, login):
    page = login(users.reporter).get(reverse("core:calendar")).content.decode()
    assert '<details class="fz-help' in page and "法定节假日与调休工作日" in page
