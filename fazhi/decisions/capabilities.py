"""The decision and contract modules' capabilities (labelled and granted in their `module.py`)."""

MANAGE_DECISIONS = "decisions.manage"  # the deciding body's office: catalogue, collective decision, publication
UNDERTAKE_DECISIONS = "decisions.undertake"  # 决策承办单位: drafts, participation, experts, risk, submits review
REVIEW_DECISIONS = "decisions.review"  # 负责合法性审查的部门 (decisions and administrative contracts)
