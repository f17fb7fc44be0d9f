"""A generator of realistic normative-document texts for the search benchmark.

Sentences are sampled from the national law corpus (real legal Chinese) and recombined under generated
titles ("宝鸡市人民政府关于加强城市道路管理的通知"), issuers, numbers and dates; 2–20 KB of UTF-8 each
(log-uniform, so most documents are short, as real ones are). One in a hundred is written in
traditional characters, to exercise folding. Deterministic for a given seed.

    .venv/bin/python bench/corpus_gen.py --docs 3      # print three
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _find_corpus() -> Path:
    """`shared/corpus/laws-national.jsonl.gz` beside the checkout, or beside a folder of worktrees."""
    for folder in Path(__file__).resolve().parents[1:]:
        candidate = folder / "shared" / "corpus" / "laws-national.jsonl.gz"
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws-national.jsonl.gz"


CORPUS = _find_corpus()

PLACES = [
    "宝鸡市",
    "陇县",
    "千阳县",
    "凤翔区",
    "嘉兴市",
    "嘉善县",
    "平湖市",
    "许昌市",
    "禹州市",
    "长葛市",
    "银川市",
    "西安市",
    "咸阳市",
    "渭南市",
    "汉中市",
    "杭州市",
    "湖州市",
    "郑州市",
    "洛阳市",
    "开封市",
    "吴忠市",
    "石嘴山市",
    "固原市",
    "中卫市",
    "延安市",
    "榆林市",
    "安康市",
    "商洛市",
    "铜川市",
    "绍兴市",
    "金华市",
]
BODIES = [
    "人民政府",
    "人民政府办公室",
    "司法局",
    "发展和改革局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "市场监督管理局",
    "生态环境局",
    "卫生健康委员会",
    "教育局",
    "民政局",
    "人力资源和社会保障局",
    "应急管理局",
    "城市管理综合执法局",
    "文化和旅游局",
    "医疗保障局",
    "水利局",
]
VERBS = ["加强", "规范", "进一步做好", "推进", "完善", "深化", "做好", "健全", "优化", "严格"]
TOPICS = [
    "城市道路",
    "农村公路",
    "行政执法",
    "行政处罚裁量基准",
    "重大行政决策",
    "规范性文件备案审查",
    "政务公开",
    "安全生产",
    "食品安全",
    "校外培训",
    "物业服务",
    "建筑垃圾",
    "户外广告",
    "生活垃圾分类",
    "住房公积金",
    "政府投资项目",
    "国有资产",
    "公共资源交易",
    "河湖长制",
    "耕地保护",
    "秸秆禁烧",
    "燃气安全",
    "养老服务",
    "医疗保障基金",
    "行政复议",
    "信访工作",
    "法律援助",
    "人民调解",
    "营商环境",
    "招标投标",
    "预算绩效",
]
KINDS = ["管理", "监督管理", "工作", "体系建设", "专项整治", "规范化建设"]
DOC_TYPES = [
    ("通知", "规范性文件"),
    ("意见", "规范性文件"),
    ("办法", "规章"),
    ("规定", "规范性文件"),
    ("实施细则", "规范性文件"),
    ("暂行办法", "规范性文件"),
]
STATUSES = ["现行有效"] * 8 + ["已废止", "已失效"]
SECTION_NUMBERS = "一二三四五六七八九十"
ADDRESSEES = [
    "各县区人民政府，市政府各工作部门，各直属机构：",
    "各乡镇人民政府，县政府各部门：",
    "各有关单位：",
]

_SENTENCE = re.compile(r"[^。！？\n]{8,160}[。！？]")
_ARTICLE_PREFIX = re.compile(r"^(第[一二三四五六七八九十百零〇]+条\s*)")


@dataclass
class GeneratedDocument:
    key: str
    title: str
    body: str
    issuer: str
    date: datetime.date
    status: str
    doc_type: str
    doc_number: str


def load_sentences(path: Path = CORPUS, limit: int = 200_000) -> list[str]:
    """Sentences of the law corpus (article numbers stripped, headings skipped)."""
    sentences: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            for para in text.splitlines():
                if para.startswith("#"):
                    continue
                for s in _SENTENCE.findall(para):
                    sentences.append(_ARTICLE_PREFIX.sub("", s.strip()))
            if len(sentences) >= limit:
                break
    return sentences


def _size(rng: random.Random) -> int:
    """Bytes of UTF-8, log-uniform in 2–20 KB."""
    return int(math.exp(rng.uniform(math.log(2_000), math.log(20_000))))


def generate(n: int, seed: int = 1, sentences: list[str] | None = None) -> Iterator[GeneratedDocument]:
    rng = random.Random(seed)
    sentences = sentences or load_sentences()
    to_traditional = None
    for i in range(n):
        place = rng.choice(PLACES)
        body_name = rng.choice(BODIES)
        issuer = place + body_name
        topic = rng.choice(TOPICS)
        suffix, doc_type = rng.choice(DOC_TYPES)
        if suffix == "通知":
            title = f"{issuer}关于{rng.choice(VERBS)}{topic}{rng.choice(KINDS)}的通知"
        elif suffix == "意见":
            title = f"{issuer}关于{rng.choice(VERBS)}{topic}{rng.choice(KINDS)}的实施意见"
        else:
            title = f"{place}{topic}{rng.choice(KINDS)}{suffix}"
        date = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 9300))
        number = f"{place[:1]}{body_name[:1]}发〔{date.year}〕{rng.randint(1, 60)}号"
        target = _size(rng)
        parts = [
            rng.choice(ADDRESSEES),
            f"为{rng.choice(VERBS)}{topic}{rng.choice(KINDS)}，结合本地实际，现就有关事项通知如下。",
        ]
        size = sum(len(p.encode()) for p in parts)
        section = 0
        while size < target:
            if section < len(SECTION_NUMBERS) and rng.random() < 0.12:
                heading = (
                    f"{SECTION_NUMBERS[section]}、{rng.choice(VERBS)}{rng.choice(TOPICS)}{rng.choice(KINDS)}"
                )
                parts.append(heading)
                section += 1
                size += len(heading.encode())
            para = "".join(rng.choice(sentences) for _ in range(rng.randint(1, 5)))
            parts.append(para)
            size += len(para.encode())
        parts.append(
            f"本{suffix if suffix != '通知' else '通知'}自{date.year}年{date.month}月{date.day}日起施行。"
        )
        parts.append(f"{issuer}\n{date.year}年{date.month}月{date.day}日")
        body = "\n".join(parts)
        if rng.random() < 0.01:
            if to_traditional is None:
                import opencc

                to_traditional = opencc.OpenCC("s2t")
            title, body = to_traditional.convert(title), to_traditional.convert(body)
        yield GeneratedDocument(
            key=f"bench:{i}",
            title=title,
            body=body,
            issuer=issuer,
            date=date,
            status=rng.choice(STATUSES),
            doc_type=doc_type,
            doc_number=number,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for doc in generate(args.docs, args.seed):
        print(f"# {doc.title}（{doc.doc_number}，{doc.date}，{doc.status}，{len(doc.body.encode())} 字节）")
        print(doc.body[:400], "…\n")


if __name__ == "__main__":
    main()
