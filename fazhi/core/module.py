"""The platform's own declaration: organisation, accounts, roles, calendar, audit."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MENU
from fazhi.core.modules import Module

MODULE = Module(
    app="core",
    label="平台基础",
    capabilities=cap.LABELS,
    grants=cap.GRANTS,
    menu=tuple(MENU),
    actions={
        "unit.create": "新建单位", "unit.rename": "单位更名", "unit.move": "调整单位隶属",
        "unit.aliases": "修改单位简称", "unit.activate": "启用单位", "unit.deactivate": "停用单位",
        "user.create": "新建用户", "user.update": "修改用户", "user.password": "修改密码",
        "user.password_reset": "管理员重置密码", "login.unlock": "解除登录限制",
        "security_policy.update": "修改安全策略", "unit.attributes": "修改单位属性（机关类别、行政执法主体）",
        "role.create": "新建角色", "role.update": "修改角色", "session.force_logout": "强制下线",
        "api_token.create": "创建接口令牌", "api_token.revoke": "吊销接口令牌",
        "calendar.set_day": "修改工作日历", "calendar.import_year": "导入年度节假日",
        "calendar.seed": "初始化工作日历",
        "attachment.add": "上传附件", "attachment.link": "添加链接", "attachment.remove": "删除附件",
        "notification.read": "消息标为已读", "notification.read_all": "全部消息标为已读",
        "notification.digest": "发送每日待办摘要",
    },
    field_labels={
        "name": "名称", "kind": "类型", "level": "层级", "code": "代码", "parent": "上级单位", "aliases": "简称",
        "username": "账号", "full_name": "姓名", "unit": "单位", "roles": "角色", "data_scope": "数据范围",
        "is_active": "启用", "capabilities": "权限", "session": "会话", "ip": "IP", "prefix": "令牌前缀",
        "date": "日期", "day_type": "类型", "note": "说明", "year": "年份", "days": "天数", "source": "来源",
        "state": "状态", "reason": "理由", "title": "标题", "text": "内容", "on": "办理日期", "due": "到期日期",
        "due_on": "到期日期", "today": "扫描日期",
        "attachment": "附件", "slot": "用途", "size": "大小（字节）", "url": "链接",
        "read_at": "阅读时间", "count": "条数", "sent": "发送人数",
        "password_must_change": "下次登录须修改密码", "expires_at": "有效期至",
        "token_default_days": "接口令牌默认有效期（天）", "token_max_days": "接口令牌最长有效期（天）",
    },
    references={
        code: {"attachment": "core.Attachment"} for code in ("attachment.add", "attachment.link", "attachment.remove")
    },
)
