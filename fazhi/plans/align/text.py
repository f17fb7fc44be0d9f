"""Turning an item's text into comparable features: words (jieba) and character bigrams.

The responsibility parenthesis at the end of an item ("(县司法局牵头,各镇、各部门按职责分工负责)") names
who does the work, not what the work is; every item of a county plan has one, so it is cut before
segmenting. Words that every rule-of-law plan uses in every paragraph (加强, 健全, 推进, 工作 …) are
stop-words here: they would make any two items look alike.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

# Generic verbs, function words and boilerplate of plan prose (方案套话). Domain terms that carry the
# topic (行政复议, 备案, 裁量, 应诉 …) are deliberately not here.
_STOP_TEXT = """
的 地 得 和 与 及 以及 或 或者 等 等等 并 并且 对 对于 把 将 由 于 在 为 以 按 按照 依照 根据 通过 围绕 聚焦
要 应 应当 必须 可 可以 不 不得 严禁 及时 进一步 全面 深入 切实 认真 积极 大力 不断 持续 逐步 基本 着力
充分 坚决 扎实 加快 加大 加强 强化 健全 完善 建立 建立健全 健全完善 推进 推动 推行 深化 落实 全面落实 严格
严格落实 贯彻 贯彻落实 坚持 提高 提升 做好 实现 确保 开展 实施 实行 发挥 促进 保障 规范 优化 统筹 形成
构建 工作 制度 机制 体系 水平 能力 作用 要求 情况 有关 相关 各项 各类 各级 各地 各部门 各镇 部门 单位 政府
我县 全县 全省 全市 本县 本级 本部门 县 镇 省 市 各 年 每年 年度 底 前 月 日 之 其 该 这 此 上 下 中 内 个
牵头 配合 负责 按职责分工负责 法治政府建设 法治政府 法治 建设 依法 行政机关 国家 职责 分工 方面 领域 有效 重要 重点 主要 一 二 三 四 五 六 七 八 九 十 次
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())

# A responsibility parenthesis: (…牵头…) / （…负责） at the end of a sentence or item.
_RESPONSIBILITY = re.compile(r"[(（][^()（）]{0,80}?(?:牵头|负责|配合)[^()（）]{0,80}?[)）]")
_NON_CJK = re.compile(r"[^\u4e00-\u9fff0-9a-zA-Z%]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

# Terms jieba splits apart but that a plan uses as one concept.
DOMAIN_WORDS = (
    "行政执法",
    "行政复议",
    "行政应诉",
    "行政裁决",
    "行政调解",
    "行政许可",
    "行政规范性文件",
    "规范性文件",
    "合法性审查",
    "合法性审核",
    "备案审查",
    "重大行政决策",
    "裁量权基准",
    "行政裁量权",
    "权责清单",
    "告知承诺制",
    "证明事项",
    "政务公开",
    "政务服务",
    "政府信息公开",
    "案卷评查",
    "出庭应诉",
    "学法用法",
    "法律顾问",
    "示范创建",
    "年度报告",
    "涉企",
    "双随机一公开",
    "执法监督",
    "协调监督",
    "持证上岗",
    "执法人员",
    "执法事项",
    "执法检查",
    "投诉举报",
    "司法建议",
    "检察建议",
    "旁听庭审",
    "专项整治",
    "法治专题讲座",
    "全程网办",
    "一网通办",
    "减证便民",
    "统一公开查询平台",
    "法治督察",
    "强基工程",
)

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    """A private jieba tokenizer with the domain words added (the global one is left untouched)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word, freq=2000)
                _tokenizer = tokenizer
    return _tokenizer


def clean(text: str) -> str:
    """The item's text without responsibility parentheses."""
    return _RESPONSIBILITY.sub("", text or "")


def words(text: str, stop_words: Iterable[str] = STOP_WORDS) -> list[str]:
    """Content words of `text` in order: jieba segments minus stop-words, punctuation and bare numbers."""
    stop = stop_words if isinstance(stop_words, (set, frozenset)) else frozenset(stop_words)
    out = []
    for token in _jieba().lcut(clean(text)):
        token = token.strip()
        if not token or token in stop or _NON_CJK.fullmatch(token) or token.isdigit():
            continue
        if len(token) == 1:  # a lone character says little; the bigrams keep its neighbourhood
            continue
        out.append(token)
    return out


def bigrams(text: str, stop_words: Iterable[str] = STOP_WORDS) -> list[str]:
    """Character bigrams inside the runs of Chinese left after stop-words are cut out.

    Bigrams catch what segmentation splits differently in two plans (裁量权基准 / 裁量基准).
    """
    stop = stop_words if isinstance(stop_words, (set, frozenset)) else frozenset(stop_words)
    kept = []
    for token in _jieba().lcut(clean(text)):
        kept.append(" " if token in stop else token)
    out = []
    for run in _CJK_RUN.findall("".join(kept)):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
