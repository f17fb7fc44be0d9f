import datetime
import random

from fazhi.search.backend import SearchDocument

# Characters of the random corpus: simplified and traditional forms of the same words, full-width and
# upper-case Latin and digits, punctuation of both widths, characters NFKC expands (①, ﬁ, …), a Greek
# letter, a character beyond the BMP and private-use characters (which the index itself uses).
ALPHABET = (
    list("行政处罚听证罚款规定办法条例管理的和了在第一二三条") * 3
    + list("處罰聽證規定辦法條例管理")
    + list("abcxyzABCＡＢＣ0129１２")
    + list("，。、；：（）()《》\"'-*.:%_")
    + [" ", "\n", "\u3000", "①", "ﬁ", "…", "Σ", "σ", "ß", "\U00020000", "\ue000", "\uf8ff", "\U000f0041"]
)


def random_text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def random_corpus(seed: int = 7, size: int = 160) -> list[SearchDocument]:
    rng = random.Random(seed)
    docs = []
    for i in range(size):
        day = (
            datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
            if rng.random() < 0.9
            else None
        )
        docs.append(
            SearchDocument(
                key=f"t:{i}",
                title=random_text(rng, 1, 16),
                body=random_text(rng, 0, 80),
                kind=rng.choice(["normdoc", "law"]),
                issuer=rng.choice(["甲县人民政府", "乙县司法局", ""]),
                date=day,
                status=rng.choice(["现行有效", "已废止"]),
                year=day.year if day else None,
                doc_type=rng.choice(["规章", "规范性文件", ""]),
                public=rng.random() < 0.85,
                url=f"/d/{i}/",
            )
        )
    return docs
