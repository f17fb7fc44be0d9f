"""登录失败处理 (等保 2.0 身份鉴别): failed sign-ins slow a client address and an account name down with a
growing delay, never lock anybody out for good, and the security administrator lifts a delay at once.

The expected waits are worked out from the policy in docs/security.md, with the defaults
FAZHI_LOCKOUT_ATTEMPTS = 5 and FAZHI_LOCKOUT_MINUTES = 15: the 5th failure of a key is followed by a
1-minute wait, the 6th by 2, the 7th by 4, the 8th by 8, the 9th and later by 15 (the cap).
"""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.core.models import LoginLog, LoginUnlock, OperationLog, User
from tests.conftest import PASSWORD

WRONG = "Wrong#Pass1"
ATTACKER = "10.66.0.1"


@pytest.fixture
def clock():
    """`clock(seconds)`: pretend that many seconds have passed since the test began."""
    start = timezone.now()

    def at(seconds: float):
        return mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=seconds))

    return at


def sign_in(username: str, password: str, ip: str):
    return Client().post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response) -> bool:
    return response.status_code == 302


def fail(username: str, ip: str, times: int = 1) -> None:
    for _ in range(times):
        assert sign_in(username, WRONG, ip).status_code == 401


def test_an_address_waits_longer_after_each_further_failure(users, clock):
    # Five different names from one address: the address rule alone (each name failed once).
    with clock(0):
        for n in range(5):
            fail(f"guess{n}", ATTACKER)
        refused = sign_in("t_reporter", PASSWORD, ATTACKER)  # even the right password waits
    assert refused.status_code == 401 and "请 1 分钟后再试" in refused.content.decode()
    assert "安全管理员" in refused.content.decode()
    with clock(61):
        fail("guess5", ATTACKER)  # 6th failure: 2 minutes
    with clock(61 + 119):
        assert "请 1 分钟后再试" in sign_in("t_reporter", PASSWORD, ATTACKER).content.decode()
    with clock(61 + 121):
        fail("guess6", ATTACKER)  # 7th: 4 minutes
    with clock(182 + 239):
        assert not signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    with clock(182 + 241):
        fail("guess7", ATTACKER)  # 8th: 8 minutes
    with clock(423 + 481):
        fail("guess8", ATTACKER)  # 9th: 15 minutes, the cap
    with clock(904 + 14 * 60):
        assert "请 1 分钟后再试" in sign_in("t_reporter", PASSWORD, ATTACKER).content.decode()
    with clock(904 + 15 * 60 + 1):
        fail("guess9", ATTACKER)  # 10th: still 15 minutes, it grows no further
    with clock(1805 + 15 * 60 + 1):
        assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    # Another address was never slowed down.
    assert signed_in(sign_in("t_office", PASSWORD, "10.0.0.20"))


def test_attempts_refused_during_the_wait_do_not_prolong_it(users, clock):
    with clock(0):
        fail("t_reporter", ATTACKER, 5)
    for second in range(5, 60, 5):  # hammering through the minute
        with clock(second):
            assert "请 1 分钟后再试" in sign_in("t_reporter", WRONG, ATTACKER).content.decode()
    with clock(61):
        assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    refused = LoginLog.objects.filter(username="t_reporter", reason__startswith="登录受限")
    assert refused.count() == 11  # logged for the auditor, not counted as guesses


def test_guesses_spread_over_addresses_still_slow_the_account(users, clock):
    with clock(0):
        for n in range(5):
            fail("t_reporter", f"10.77.0.{n}")
        refused = sign_in("t_reporter", PASSWORD, "10.77.0.99")
    assert "请 1 分钟后再试" in refused.content.decode()
    with clock(61):
        assert signed_in(sign_in("t_reporter", PASSWORD, "10.77.0.99"))


def test_failures_elsewhere_do_not_lock_the_administrator_out_of_their_workstation(users):
    # Issue #10: five wrong passwords by anyone locked any account, the administrators' included.
    assert signed_in(sign_in("t_auditor", PASSWORD, "10.0.0.5"))
    for n in range(10):
        fail("t_auditor", f"10.99.1.{n}")
    assert signed_in(sign_in("t_auditor", PASSWORD, "10.0.0.5"))


def test_anonymous_traffic_cannot_keep_an_administrator_out(users, clock):
    with clock(0):
        assert signed_in(sign_in("t_secadmin", PASSWORD, "10.0.0.5"))  # the administrator's workstation
    # An attacker spreads 120 guesses at the account over 40 addresses (3 each: no address rule) and keeps
    # going every minute for an hour.
    for minute in range(1, 61):
        with clock(minute * 60):
            for n in range(2):
                sign_in("t_secadmin", WRONG, f"10.88.{minute % 20}.{n}")
    with clock(3590):  # and a last burst just before the administrator arrives
        for n in range(5):
            sign_in("t_secadmin", WRONG, f"10.99.0.{n}")
    with clock(3600):
        # From an address the account never used, it waits, at most the cap (15 minutes) after the
        # attack's last counted failure: the refused attempts never extend it.
        refused = sign_in("t_secadmin", PASSWORD, "10.0.0.6").content.decode()
    with clock(3601):
        # The administrator's own workstation is never kept out.
        assert signed_in(sign_in("t_secadmin", PASSWORD, "10.0.0.5"))
    minutes = int(re.search(r"请 (\d+) 分钟后再试", refused).group(1))
    assert 1 <= minutes <= 15
    last_counted = LoginLog.objects.filter(username="t_secadmin", success=False).exclude(
        reason__startswith="登录受限").order_by("-at").first().at
    assert timezone.now() + datetime.timedelta(seconds=3600) - last_counted < datetime.timedelta(minutes=15)


def test_warning_before_the_delay(users):
    fail("t_reporter", ATTACKER, 2)
    third = sign_in("t_reporter", WRONG, ATTACKER).content.decode()
    assert "再失败 2 次将暂停登录" in third


def test_security_administrator_lifts_an_account_wait_and_it_is_logged(users, clock):
    admin = Client()
    admin.force_login(users.secadmin)
    with clock(0):
        fail("t_reporter", ATTACKER, 5)
        page = admin.get("/security/lockouts/").content.decode()
        assert "t_reporter" in page and ATTACKER in page
        assert not signed_in(sign_in("t_reporter", PASSWORD, "10.0.0.8"))
    with clock(1):
        response = admin.post("/security/lockouts/unlock/", {"username": "t_reporter", "reason": "本人来电确认"})
        assert response.status_code == 302
    with clock(2):
        assert signed_in(sign_in("t_reporter", PASSWORD, "10.0.0.8"))  # the account's wait is gone
        assert not signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))  # the attacker's address still waits
    with clock(3):
        admin.post("/security/lockouts/unlock/", {"ip": ATTACKER})
    with clock(4):
        assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    row = OperationLog.objects.filter(action="login.unlock").order_by("id").first()
    assert row.actor == users.secadmin and row.reason == "本人来电确认" and row.after["username"] == "t_reporter"
    auditor = Client()
    auditor.force_login(users.auditor)
    assert "解除登录限制：账号 t_reporter" in auditor.get("/logs/operations/").content.decode()
    assert LoginUnlock.objects.count() == 2


def test_only_the_security_administrator_unlocks(users):
    fail("t_reporter", ATTACKER, 5)
    sysadmin = Client()
    sysadmin.force_login(users.sysadmin)
    assert sysadmin.post("/security/lockouts/unlock/", {"username": "t_reporter"}).status_code == 403
    assert not LoginUnlock.objects.exists()


def test_unlock_refuses_nonsense(users):
    admin = Client()
    admin.force_login(users.secadmin)
    admin.post("/security/lockouts/unlock/", {"ip": "not-an-address"})
    admin.post("/security/lockouts/unlock/", {})
    assert not LoginUnlock.objects.exists()


def test_unlock_command_lists_and_lifts(users, capsys):
    fail("t_reporter", ATTACKER, 5)
    call_command("unlock_login")
    listed = capsys.readouterr().out
    assert "账号 t_reporter：失败 5 次" in listed and f"地址 {ATTACKER}：失败 5 次" in listed
    call_command("unlock_login", username="t_reporter", ip=ATTACKER, reason="值班员处理")
    assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    row = OperationLog.objects.get(action="login.unlock")
    assert row.actor is None and row.reason == "值班员处理"
    call_command("unlock_login")
    assert "当前没有受限的账号或地址" in capsys.readouterr().out


def test_a_success_clears_the_count(users):
    fail("t_reporter", ATTACKER, 4)
    assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    fail("t_reporter", ATTACKER, 4)
    assert signed_in(sign_in("t_reporter", PASSWORD, ATTACKER))
    assert User.objects.get(username="t_reporter").is_active
