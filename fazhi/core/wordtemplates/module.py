"""The 文书模板 settings: who uploads an office's own templates, and what the log rows are called."""

from fazhi.core import capabilities as cap
from fazhi.core.menu import MenuEntry
from fazhi.core.modules import Module

MODULE = Module(
    app="wordtemplates",
    label="文书模板",
    capabilities={cap.MANAGE_WORD_TEMPLATES: "维护文书模板（红头、措辞）"},
    grants={"office": (cap.MANAGE_WORD_TEMPLATES,)},
    menu=(MenuEntry("系统管理", "文书模板", "wordtemplates:settings", cap.MANAGE_WORD_TEMPLATES, 60),),
    actions={"wordtemplate.set": "上传文书模板", "wordtemplate.reset": "恢复默认文书模板"},
    field_labels={"word_template": "文书模板文件"},
)
