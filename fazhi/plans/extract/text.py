"""Text normalisation: one clean simplified-Chinese line per paragraph.

Order matters: pinyin annotations are stripped before OpenCC (they sit right after the traditional
character), full-width forms are folded before patterns run, clutter lines go before broken lines are
rejoined (so a `浏览次数` line cannot glue two paragraphs together).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

# Full-width digits, Latin letters and the ASCII punctuation that patterns rely on. Chinese
# sentence punctuation (，。、；：) is kept as written: it is part of the text users read.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update(
    {
        "（": "(",
        "）": ")",
        "％": "%",
        "．": ".",
        "＋": "+",
        "－": "-",
        "／": "/",
        "\u3000": " ",
        "\xa0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\ufeff": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
    }
)
# re.sub over the few characters that occur is much faster than str.translate over a whole document.
_FOLD_RE = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")

# Variant characters OpenCC's t2s leaves alone (seen in provincial names and on portal pages).
_VARIANTS = dict(
    {
        "陜": "陕",
        "峯": "峰",
        "崑": "昆",
        "堃": "坤",
        "綫": "线",
        "衞": "卫",
        "啓": "启",
        "綉": "绣",
        "蔴": "麻",
        "麪": "面",
        "裏": "里",
        "溼": "湿",
        "牀": "床",
        "羣": "群",
        "鷄": "鸡",
        "晳": "皙",
        "敎": "教",
    }
)
_VARIANTS_RE = re.compile("[" + "".join(_VARIANTS) + "]")

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# An inline pinyin annotation as portals insert it: `發(fā)`, `會(huì )`. At least one tone-marked
# letter is required so that real parentheses with Latin text (`(PDF)`, `(App)`) survive.
PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONE}]*[{_TONE}])[a-zü{_TONE}]{{1,8}} ?\)")

# Lines that belong to the web page, not the plan. Anchored and length-limited (see is_clutter) so a
# plan sentence that mentions 打印 or 关闭 is not lost.
CLUTTER = re.compile(
    r"^(?:>|›|»|首页\s*[>›»]|(?:您|你)?(?:当前|现在)(?:的)?(?:所在)?位置|所在位置|"
    r"(?:发布|发文|更新|印发|信息)?(?:时间|日期)\s*[:：]|(?:信息|文章|稿件)?来源\s*[:：]|"
    r"(?:作者|编辑|责任编辑|审核|供稿|主题分类|公开方式|有效性)\s*[:：]|"
    r"【?\s*(?:字号|字体)|【?\s*(?:打印|关闭|收藏|分享|纠错|返回顶部|关闭窗口|打印本页|我要纠错)|"
    r"扫描二维码|扫一扫|本文链接|本文关键词|相关链接|解读链接|相关解读|上一篇|下一篇|分享到|"
    r"(?:https?://|www\.)\S+$|"
    r"(?:政府信息公开|政府信息|公开指南|公开制度|公开年报|依申请公开|网站地图|无障碍|English)\s*$)"
)
CLUTTER_ANYWHERE = re.compile(
    r"浏览次数|阅读次数|访问次数|点击次数|点击数\s*[:：]|浏览量\s*[:：]|"
    r"【\s*(?:大|中|小)\s*】|\[\s*(?:大|中|小)\s*\]"
)
CLUTTER_MAX = 80

CJK = r"\u3400-\u9fff"
_SPACE_INSIDE = re.compile(r"(?<=[^A-Za-z0-9])[ \t]+|[ \t]+(?=[^A-Za-z0-9 \t])")
_SENTENCE_END = '。！？!?；;：:）)」』】〕"”'


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s, phrase-aware) plus the variants it leaves."""
    return _VARIANTS_RE.sub(lambda m: _VARIANTS[m.group()], _converter().convert(text))


def normalise(text: str) -> str:
    """Unicode-level clean-up of a whole document (before it is split into lines)."""
    text = _FOLD_RE.sub(lambda m: _FULLWIDTH[m.group()], unicodedata.normalize("NFC", text))
    text = PINYIN.sub("", text)
    return to_simplified(text)


def squeeze(line: str) -> str:
    """Whitespace inside a Chinese line carries nothing: drop it, except between Latin words/numbers."""
    line = line.strip()
    if " " in line or "\t" in line:
        line = _SPACE_INSIDE.sub("", line)
    return line


def is_clutter(line: str) -> bool:
    if len(line) > CLUTTER_MAX:
        return False
    return bool(CLUTTER.match(line) or CLUTTER_ANYWHERE.search(line))


def clean_lines(text: str, is_label=None) -> list[str]:
    """The document as non-empty, clutter-free lines, with words broken across lines rejoined.

    `is_label(line)` tells whether a line starts with an item number; such lines are never glued to
    the line before.
    """
    raw = normalise(text).split("\n")
    lines: list[str] = []
    broken = ""  # "sure" / "maybe" when the previous kept line seems to stop inside a sentence
    for source in raw:
        line = squeeze(source)
        if not line or is_clutter(line):
            continue
        glue = (
            lines
            and broken
            and not (is_label and is_label(line))
            and re.match(rf"[{CJK}]", line)
            and (broken == "sure" or spans_word(lines[-1], line))
        )
        if glue:
            lines[-1] += line
        else:
            lines.append(line)
        broken = ends_mid_sentence(source.rstrip("\n"), lines[-1])
    return lines


def ends_mid_sentence(source: str, line: str) -> str:
    """Whether a line stops inside a sentence: "sure", "maybe" or "".

    A long prose line that stops on a bare character was broken by the page ("sure"). A shorter one
    with a trailing space may be a heading that ends without punctuation ("maybe": the caller checks
    whether a word spans the break, as 制 + 度化 does).
    """
    if len(line) < 8 or line[-1] in _SENTENCE_END or not re.match(rf"[{CJK}]", line[-1]):
        return ""
    has_clause = "," in line or "，" in line or "。" in line
    trailing_space = source[-1:] in (" ", "\t", "\xa0", "\u3000")
    if has_clause and len(line) >= 60:
        return "sure"
    if has_clause and trailing_space:
        return "sure" if len(line) >= 30 else "maybe"
    return ""


def spans_word(before: str, after: str) -> bool:
    """True when a dictionary word runs across the break: 制|度化 → 制度化, 规范|化 → 规范化."""
    last = before[-1]
    candidates = {last + after[:n] for n in (1, 2, 3) if len(after) >= n}
    if len(before) >= 2:  # 规范|化: a two-character word taking a one-character suffix
        candidates.add(before[-2:] + after[:1])
    return bool(candidates & dictionary_words(frozenset(candidates)))


@lru_cache(maxsize=256)
def dictionary_words(candidates: frozenset[str]) -> frozenset[str]:
    """Which of `candidates` are in jieba's dictionary (with a real frequency).

    The dictionary file is scanned directly: importing jieba and building its prefix dictionary takes
    seconds, and this check is needed only for the rare ambiguous line break.
    """
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")
    try:
        with open(path, encoding="utf-8") as handle:
            entries = "\n" + handle.read()
    except (OSError, ValueError):
        return frozenset()
    found = set()
    for word in candidates:
        # A line of dict.txt is `word frequency tag`; str.find runs in C over the whole file.
        at = entries.find(f"\n{word} ")
        if at != -1:
            frequency = entries[at + len(word) + 2 : at + len(word) + 12].split(" ", 1)[0]
            if frequency.isdigit() and int(frequency) >= 20:
                found.add(word)
    return frozenset(found)
