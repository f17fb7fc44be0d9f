"""Full-text search and the law corpus."""

from fazhi.core.modules import Module

MODULE = Module(
    app="search",
    label="全文检索",
    actions={"search.import_laws": "导入法律法规库", "search.rebuild": "重建全文索引（重选常见词）"},
)
