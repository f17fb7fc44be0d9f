"""The capability of 行政应诉 and 司法建议 / 检察建议 (labelled and granted in module.py)."""

MANAGE = "litigation.manage"
