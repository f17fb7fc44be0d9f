"""Full-text search benchmark: build time, size and query latency of the portal search on both backends,
side by side with a tokenised engine (tantivy over jieba tokens) and a `LIKE` scan, on one query set.

Builds an index of N generated normative documents (`bench/corpus_gen.py`: sentences of the national
law corpus, 2–20 KB each, one in a hundred in traditional characters) in a database of its own, never
the project's, and a tantivy index of the same documents, then times every query on both engines in
turn (interleaved: a load change hits both alike).

    .venv/bin/python bench/search_bench.py --db sqlite --docs 20000
    .venv/bin/python bench/search_bench.py --db postgres --docs 20000
    .venv/bin/python bench/search_bench.py --db sqlite --docs 200000 --reps 3

The query set (`make_queries`, 200+ queries, seeded): drawn the way users search, from the corpus's
own words (jieba's segmentation of the sentences the documents are made of) — one to three terms,
common and rare, one- and two-character terms in a quarter of the queries, phrases that cross word
boundaries (pasted text), traditional input, terms absent from the corpus, and the slow class: two or
three common terms of three characters or more (`法治政府 决策事项目录`). Ground truth is a plain substring
test (`term in fold(title) or term in fold(text)` for every term, the portal's default filter applied)
over all documents; recall = the share of the true hits an engine finds, averaged over the queries that
have any (Fazhi's from all its matches, read untimed; tantivy's from its count, which holds no false
hits: a phrase of adjacent tokens is a substring).

Engines, each timed as one call, in wall time and in this process's CPU time (`time.process_time`: SQLite
and tantivy run in the process; under load the wall time is mostly waiting for a core): Fazhi = the whole portal search (count up to 10,001, the top-20 page
with title matches first, snippets) with the portal's default filter (现行有效, public); tantivy =
top 20 by BM25 + the count, each term a phrase of its jieba tokens in the title or the text, the
status as a term (tantivy is a bench-only dependency, installed into the running interpreter by pip when
missing; never a product dependency); LIKE = `LIKE '%term%'` on the stored texts (count up to 10,001 +
newest 20), once per query, without folding.

Options: `--reps N` timed runs per query and engine (default 5, after one warm-up), `--rebuild`
(a database that already holds exactly --docs documents is reused otherwise; so is a tantivy index),
`--no-floor` (skip the LIKE scans), `--floor-every N` (the LIKE scan on every Nth query only), `--batch N` (documents per transaction while loading on PostgreSQL; SQLite loads in one call, a transaction per 500), `--load-rebuild` (PostgreSQL: load the
entries as SQLite does, then one `rebuild`, which chooses the vocabulary of common terms, instead of indexing batch by batch), `--no-build`
(query the database as it is), `--build-only` (stop after building the database's index: e.g. to build
one backend while the other is being queried), `--truth-only` (compute and save the ground truth's answers,
read back by later runs of the same corpus and queries), `--anchor-pages` (also time tantivy doing a page's
work, as the portal call does: the hits' stored titles and texts read back and snippets made by tantivy's
`SnippetGenerator`, from a second index that stores them, `/tmp/fazhi_search_bench_tantivy_pages_<N>/` or
`$FAZHI_BENCH_TANTIVY_PAGES`). The report goes to stdout, ending with Markdown tables.

Databases: SQLite `/tmp/fazhi_search_bench_<N>.sqlite3`; PostgreSQL `search_bench_<N>` (or `$FAZHI_BENCH_PG_DB`) on
`$FAZHI_BENCH_PG` (default `postgresql://postgres@127.0.0.1:5432`), created when missing; tantivy
`/tmp/fazhi_search_bench_tantivy_<N>/` (or `$FAZHI_BENCH_TANTIVY`). Delete them by hand when done.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import pickle
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

PORTAL_FILTER = {"status": "现行有效"}
PG_SERVER = os.environ.get("FAZHI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
SQLITE_PATH = ""  # set by configure(): one file per corpus size, in /tmp, never in the repository


def sqlite_path(n: int) -> str:
    """`$FAZHI_BENCH_SQLITE`, or one file per corpus size (e.g. to build a second layout beside one in use)."""
    return os.environ.get("FAZHI_BENCH_SQLITE") or f"/tmp/fazhi_search_bench_{n}.sqlite3"


def pg_name(n: int) -> str:
    return os.environ.get("FAZHI_BENCH_PG_DB") or f"search_bench_{n}"


def configure(db: str, n: int) -> None:
    global SQLITE_PATH
    os.environ["FAZHI_EMBEDDED"] = "1"
    # A persistent connection, as in production (docs/configuration.md): PostgreSQL's RUM statements are
    # prepared only then (fazhi.search.rum.persistent).
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    if db == "sqlite":
        SQLITE_PATH = sqlite_path(n)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        name = pg_name(n)
        try:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            sys.exit(f"无法连接 PostgreSQL（{PG_SERVER}）：{exc}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ratio_spread(rows: list[dict], engine: str, anchor: str, suffix: str, resamples: int = 1000) -> str:
    """How firm the p95 ratio `engine` / `anchor` is: the ratio of each timed run alone (the k-th timing
    of every query), and a 95 % interval over the query set resampled with replacement (seeded), for
    this machine moves both engines' tails between runs (`docs/benchmarks.md`, "fifteenth session")."""
    runs = min(len(r[engine + suffix]) for r in rows)
    per_run = [
        percentile([r[engine + suffix][k] for r in rows], 0.95)
        / percentile([r[anchor + suffix][k] for r in rows], 0.95)
        for k in range(runs)
    ]
    rng = random.Random(5)
    ratios = []
    for _ in range(resamples):
        drawn = rng.choices(rows, k=len(rows))
        ratios.append(
            percentile([t for r in drawn for t in r[engine + suffix]], 0.95)
            / percentile([t for r in drawn for t in r[anchor + suffix]], 0.95)
        )
    return (
        "每轮 " + " / ".join(f"{x:.2f}" for x in per_run)
        + f"，查询重抽样 95% 区间 {percentile(ratios, 0.025):.2f}–{percentile(ratios, 0.975):.2f}"
    )


def finish_index(loaded: bool = False) -> float:
    """After a bulk load: on SQLite the FTS5 index of every loaded entry, in id order (`rebuild`: places
    laid out, automerge 0, one 'optimize'; only 'optimize' where every entry is indexed already); on
    PostgreSQL the GIN indexes (after a `rebuild` of the `loaded` entries) + VACUUM ANALYZE.
    Returns the seconds it took."""
    from django.db import connection

    from fazhi.search.backend import get_backend

    started = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            from fazhi.search import rum
            from fazhi.search.postgres import create_indexes

            if loaded:
                get_backend().rebuild()  # chooses the vocabulary, indexes every entry, creates the indexes
            else:
                create_indexes(cur, rum.available(connection))
            if rum.available(connection):
                cur.execute(f"VACUUM ANALYZE {rum.TABLE}")
            cur.execute("VACUUM ANALYZE search_pg")
            cur.execute("VACUUM ANALYZE search_searchentry")
        else:
            from fazhi.search.models import SearchEntry

            if SearchEntry.objects.filter(place__isnull=True).exists():
                get_backend().rebuild()  # loaded entries: all indexed in id order, automerge 0, one optimize
            else:
                get_backend().optimize()  # an index already built (`--no-build`)
    return time.perf_counter() - started


def _children_cpu() -> float:
    """CPU seconds of this process's ended child processes (a rebuild's worker processes)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(n: int, batch: int, sentences: list[str], load_then_rebuild: bool = False) -> dict:
    from django.db import connection, transaction

    from fazhi.core.iterables import batches
    from fazhi.search.backend import get_backend
    from fazhi.search.models import SearchEntry

    backend = get_backend()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        backend._clear()
    if connection.vendor == "postgresql":
        from fazhi.search.postgres import drop_indexes

        with connection.cursor() as cur:  # a GIN index is built far faster in one go than row by row
            drop_indexes(cur)
        from fazhi.search import rum
        from fazhi.search.backend import entry_id

        if rum.available(connection):
            # The RUM table's parts laid out for the documents to come, as `search_rebuild` does for the
            # stored ones (the corpus comes in random date order: the open part alone would take it all).
            with connection.cursor() as cur:
                rum.lay_out(cur, [entry_id(d.key, d.date) for d in bench_documents(n, sentences)])
    started, cpu_started, load_children = time.perf_counter(), time.process_time(), _children_cpu()
    chars = 0
    made = {"s": 0.0, "cpu_s": 0.0}  # making the synthetic texts: the load's part that is not Fazhi's

    def documents():
        nonlocal chars
        texts = bench_documents(n, sentences)
        for i in itertools.count(1):
            wall, cpu = time.perf_counter(), time.process_time()
            doc = next(texts, None)
            made["s"] += time.perf_counter() - wall
            made["cpu_s"] += time.process_time() - cpu
            if doc is None:
                return
            chars += len(doc.body) + len(doc.title)
            if i % 10_000 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {i:>7} 件  {elapsed:7.1f} s  ({i / elapsed:.0f} 件/s)", flush=True)
            yield doc

    if connection.vendor == "sqlite" or load_then_rebuild:
        # A bulk load (entries now, one rebuild at the end lays the places out and indexes them in id
        # order, `finish_index`; slotting each document of a random-date corpus between its neighbours
        # would move placed ones again and again), in one call: its worker packs the texts of the next
        # batches while it saves the batch before. The rebuild also chooses the vocabulary of common terms.
        backend.load(documents())
    else:
        for docs in batches(documents(), batch):
            with transaction.atomic():
                backend.index(docs)
    loaded, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    load_children = _children_cpu() - load_children
    cpu_started, children = time.process_time(), _children_cpu()
    finish = finish_index(load_then_rebuild)
    return {
        "docs": n,
        "chars": chars,
        "load_s": loaded,
        "load_cpu_s": load_cpu,
        "store_s": loaded - made["s"],
        "store_cpu_s": load_cpu - made["cpu_s"],
        "load_workers_cpu_s": load_children,
        "finish_s": finish,
        "finish_cpu_s": time.process_time() - cpu_started,
        "finish_workers_cpu_s": _children_cpu() - children,  # the rebuild's row makers (SQLite)
    }


def read_through(path: str) -> float:
    """Read a database file once, so that the OS page cache holds it before the queries are timed, as it
    does on a serving machine; returns the seconds. Without it, a run right after a build found part of
    the file out of the cache (1.5 of 3.4 GB on the fifteenth session's machine) and each query paid
    the reads in system CPU time: p95 9.55 against 8.83 ms warm (`docs/benchmarks.md`)."""
    started = time.perf_counter()
    with open(path, "rb") as f:
        while f.read(16 << 20):
            pass
    return time.perf_counter() - started


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            out = {}
            for table in ("search_pg", "search_rum", "search_searchentry"):
                cur.execute(  # a partitioned table (search_rum) has no storage of its own: sum its parts
                    "SELECT coalesce(sum(pg_total_relation_size(relid)), 0), "
                    "coalesce(sum(pg_indexes_size(relid)), 0) FROM pg_partition_tree(to_regclass(%s))",
                    [table],
                )
                out[table] = cur.fetchone()
            return {
                "index_bytes": out["search_pg"][0] + out["search_rum"][0],
                "entries_bytes": out["search_searchentry"][0],
                "gin_bytes": out["search_pg"][1],
                "rum_table_bytes": out["search_rum"][0] - out["search_rum"][1],
                "rum_index_bytes": out["search_rum"][1],
            }
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size of the database, not of a pending WAL
        total = Path(SQLITE_PATH).stat().st_size
        cur.execute("PRAGMA freelist_count")
        free = cur.fetchone()[0]
        cur.execute("PRAGMA page_size")
        free *= cur.fetchone()[0]
        try:
            cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
            fts = cur.fetchone()[0]
            cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts_title%'")
            title = cur.fetchone()[0]
            cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts_chars%'")
            chars = cur.fetchone()[0]
            cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_searchentry%'")
            entries = cur.fetchone()[0]
        except Exception:  # dbstat is an optional SQLite module
            fts = title = chars = entries = None
        return {
            "file_bytes": total,
            "index_bytes": fts,
            "title_table_bytes": title,
            "chars_table_bytes": chars,
            "entries_bytes": entries,
            "free_bytes": free,
        }


def like_floor(text: str) -> tuple[float, int]:
    from django.db import connection

    from fazhi.search.backend import parse_query

    terms = parse_query(text)
    body = "body"
    if connection.vendor == "sqlite":  # texts are stored compressed there (`PackedTextField`)
        from fazhi.search.backend import unpacked_text

        connection.ensure_connection()
        connection.connection.create_function("unpack", 1, unpacked_text, deterministic=True)
        body = "unpack(body)"
    cond = " AND ".join(f"(title LIKE %s OR {body} LIKE %s)" for _ in terms)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_searchentry WHERE {cond} LIMIT 10001) s", params
        )
        count = cur.fetchone()[0]
        cur.execute(f"SELECT id FROM search_searchentry WHERE {cond} ORDER BY id DESC LIMIT 20", params)
        cur.fetchall()
    return (time.perf_counter() - started) * 1000, count


# --------------------------------------------------------------------------------- the query set

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Words a user might try that the law sentences do not hold (checked against the ground truth: the
# report marks any that has hits).
ABSENT = [
    "量子纠缠",
    "鹦鹉",
    "麋鹿",
    "元宇宙",
    "区块链挖矿",
    "火星探测器",
    "恐龙化石",
    "冰淇淋",
    "蹦极",
    "电子竞技",
]
# Hand-picked queries kept from the first version of this benchmark, and the slow example.
FIXED = [
    ("法", "1–2 字·常见"),
    ("的", "1–2 字·常见"),
    ("罚", "1–2 字·常见"),
    ("听证", "1–2 字·常见"),
    ("罚款", "1–2 字·常见"),
    ("备案", "1–2 字·常见"),
    ("麋", "无结果"),
    ("规范性", "3 字及以上·常见"),
    ("的规定", "3 字及以上·常见"),
    ("行政处罚", "3 字及以上·常见"),
    ("重大行政决策", "3 字及以上·常见"),
    ("中华人民共和国", "3 字及以上·常见"),
    ("第一百条", "3 字及以上·罕见"),
    ("听证 罚款", "多词·含 1–2 字"),
    ("城市 管理 办法", "多词·含 1–2 字"),
    ("耕地 听证 公示", "多词·含 1–2 字"),
    ("法治政府 决策事项目录", "多词·常见长词"),
    ("行政处罚 听证程序", "多词·常见长词"),
    ("行政處罰", "繁体输入"),
    ("聽證\u3000罰款", "繁体输入"),
    ("2023", "3 字及以上·常见"),
]
CLASSES = [  # (class, how many drawn)
    ("1–2 字·常见", 12),
    ("1–2 字·罕见", 8),
    ("3 字及以上·常见", 24),
    ("3 字及以上·罕见", 22),
    ("短语（跨词）", 22),
    ("多词·含 1–2 字", 14),
    ("多词·常见长词", 38),
    ("多词·混合", 18),
    ("繁体输入", 20),
    ("无结果", 9),
]


def make_queries(sentences: list[str], seed: int = 13) -> list[tuple[str, str]]:
    """The query set: FIXED plus queries drawn from the corpus's words by CLASSES (see the module doc)."""
    import logging

    import jieba
    import opencc

    jieba.setLogLevel(logging.WARNING)
    rng = random.Random(seed)
    sample = rng.sample(sentences, min(30_000, len(sentences)))
    freq = collections.Counter(w for text in sample for w in jieba.lcut(text) if CJK_RUN.fullmatch(w))
    ranked = [w for w, _ in freq.most_common()]
    short_common = [w for w in ranked if len(w) <= 2][:150]
    long_common = [w for w in ranked if len(w) >= 3][:200]
    short_rare = [w for w in ranked if len(w) == 2 and freq[w] <= 2]
    long_rare = [w for w in ranked if len(w) >= 3 and freq[w] <= 2]

    def phrase() -> str:
        runs = [r for r in CJK_RUN.findall(rng.choice(sample)) if len(r) >= 8]
        while not runs:
            runs = [r for r in CJK_RUN.findall(rng.choice(sample)) if len(r) >= 8]
        run, size = rng.choice(runs), rng.randint(4, 8)
        start = rng.randint(0, len(run) - size)
        return run[start : start + size]

    def terms(*pools: list[str]) -> str:
        chosen: list[str] = []
        for pool in pools:
            word = rng.choice(pool)
            while word in chosen:
                word = rng.choice(pool)
            chosen.append(word)
        return " ".join(chosen)

    draw = {
        "1–2 字·常见": lambda: rng.choice(short_common),
        "1–2 字·罕见": lambda: rng.choice(short_rare),
        "3 字及以上·常见": lambda: rng.choice(long_common),
        "3 字及以上·罕见": lambda: rng.choice(long_rare),
        "短语（跨词）": phrase,
        "多词·含 1–2 字": lambda: terms(
            short_common, *rng.choice([[long_common], [long_common, short_common]])
        ),
        "多词·常见长词": lambda: terms(*[long_common] * rng.choice([2, 2, 3])),
        "多词·混合": lambda: terms(
            *rng.choice([[long_common, long_rare], [short_common, long_rare, long_common]])
        ),
    }
    to_traditional = opencc.OpenCC("s2t")
    queries = list(FIXED)
    for name, count in CLASSES:
        made = 0
        while made < count:
            if name == "繁体输入":
                simplified = draw[rng.choice(list(draw))]()
                text = to_traditional.convert(simplified)
                if text == simplified:  # nothing to convert: not traditional input
                    continue
            elif name == "无结果":
                text = ABSENT[made % len(ABSENT)]
                if made % 3 == 2:
                    text = f"{rng.choice(long_common)} {text}"
            else:
                text = draw[name]()
            if (text, name) in queries:
                continue
            queries.append((text, name))
            made += 1
    return queries


# ------------------------------------------------------------------------------------- ground truth


def bench_documents(n: int, sentences: list[str]):
    """The SearchDocuments of the benchmark corpus, in order (deterministic)."""
    import corpus_gen

    from fazhi.search.backend import SearchDocument

    for i, g in enumerate(corpus_gen.generate(n, seed=1, sentences=sentences), 1):
        yield SearchDocument(
            key=g.key,
            title=g.title,
            body=f"{g.doc_number}\n{g.body}",
            kind="normdoc",
            issuer=g.issuer,
            date=g.date,
            status=g.status,
            year=g.date.year,
            doc_type=g.doc_type,
            public=True,
            url=f"/portal/doc/{i}/",
        )


class GroundTruth:
    """The folded texts of the documents the portal's default filter keeps: matching by `in`."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.titles: list[str] = []
        self.bodies: list[str] = []

    def add(self, doc) -> None:
        from fazhi.search.text import fold

        if doc.public and all(getattr(doc, k) == v for k, v in PORTAL_FILTER.items()):
            self.keys.append(doc.key)
            self.titles.append(fold(doc.title))
            self.bodies.append(fold(doc.body))

    def hits(self, text: str) -> set[str]:
        from fazhi.search.text import parse_query

        terms = parse_query(text)
        if not terms:
            return set()
        return {
            key
            for key, title, body in zip(self.keys, self.titles, self.bodies, strict=True)
            if all(t in title or t in body for t in terms)
        }


class SavedTruth:
    """The ground truth's answers to one query set, saved beside the databases: at 200,000 documents
    generating and folding the corpus again for the truth costs more CPU than the queries, and each
    backend's run needs the same answers. Keeps the documents' keys once and each query's hits as a
    bitmap over them."""

    def __init__(self, keys: list[str], hits: dict[str, bytes], raw_bytes: int) -> None:
        self.keys, self._hits, self.raw_bytes = keys, hits, raw_bytes

    @staticmethod
    def path(n: int) -> Path:
        return Path(os.environ.get("FAZHI_BENCH_TRUTH") or f"/tmp/fazhi_search_bench_truth_{n}.pickle")

    @classmethod
    def compute(cls, truth: GroundTruth, queries: list[str], raw_bytes: int) -> SavedTruth:
        index = {key: i for i, key in enumerate(truth.keys)}
        hits = {}
        for text in queries:
            bits = bytearray((len(truth.keys) + 7) // 8)
            for key in truth.hits(text):
                bits[index[key] // 8] |= 1 << (index[key] % 8)
            hits[text] = zlib.compress(bytes(bits))
        return cls(truth.keys, hits, raw_bytes)

    @classmethod
    def load(cls, n: int, queries: list[str]) -> SavedTruth | None:
        """The saved answers, if they cover every query of `queries`."""
        try:
            saved = pickle.loads(cls.path(n).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        if not all(q in saved["hits"] for q in queries):
            return None
        return cls(saved["keys"], saved["hits"], saved["raw_bytes"])

    def save(self, n: int) -> None:
        data = {"keys": self.keys, "hits": self._hits, "raw_bytes": self.raw_bytes}
        self.path(n).write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def of(cls, n: int, sentences: list[str], texts: list[str]) -> SavedTruth:
        """The saved answers to `texts`, or the answers computed from the corpus and saved."""
        saved = cls.load(n, texts)
        if saved is None:
            truth, raw_bytes = GroundTruth(), 0
            for doc in bench_documents(n, sentences):
                raw_bytes += len(doc.title.encode()) + len(doc.body.encode())
                truth.add(doc)
            saved = cls.compute(truth, texts, raw_bytes)
            saved.save(n)
        return saved

    def hits(self, text: str) -> set[str]:
        bits = zlib.decompress(self._hits[text])
        return {
            self.keys[i * 8 + b] for i, byte in enumerate(bits) if byte for b in range(8) if byte >> b & 1
        }


# -------------------------------------------------------------------------------- tantivy (anchor)


def bench_dependency(name: str):
    """The module `name` (its pip package's name too), installed with pip into the running interpreter
    when missing: tantivy, pyroaring (bench only, never a product dependency)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        print(f"安装 {name}（仅基准使用）…", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", name], check=True)
        return importlib.import_module(name)


_JIEBA_BLOCKS: dict[str, tuple[str, ...]] = {}


def jieba_tokens(folded: str) -> str:
    """jieba's tokens of `folded`, space-separated. jieba cuts each run of Han characters and word
    characters (its `re_han_default` blocks) on its own, so the tokens of a text are its blocks' tokens
    in order: a block's are kept once computed. The generated documents are recombined sentences, so
    most blocks repeat, and the anchor's 200,000-document build takes minutes instead of hours of jieba
    — with the same tokens (checked on 2,000 documents, docs/benchmarks.md)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokens: list[str] = []
    for block in jieba.re_han_default.split(folded):
        if not block:
            continue
        cut = _JIEBA_BLOCKS.get(block)
        if cut is None:
            cut = tuple(jieba.cut(block))
            if jieba.re_han_default.match(block):  # other blocks are cheap and rarely repeat
                _JIEBA_BLOCKS[block] = cut
        tokens += cut
    return " ".join(tokens)


class TantivyAnchor:
    """tantivy over jieba tokens of the folded texts: each query term is the phrase of its tokens."""

    stored = False  # the title and the text kept in the index (`TantivyPageAnchor`)

    def __init__(self, path: Path) -> None:
        self.tantivy = tantivy = bench_dependency("tantivy")
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True, indexed=False)
        for field in ("title", "body"):
            builder.add_text_field(
                field, stored=self.stored, tokenizer_name="default", index_option="position"
            )
        builder.add_text_field("status", stored=False, tokenizer_name="raw")
        self.schema = builder.build()
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))

    def count(self) -> int:
        self.index.reload()
        return self.index.searcher().num_docs

    def build(self, docs, truth: GroundTruth | None = None) -> dict:
        """Index `docs` (recreating the directory); returns the seconds of jieba and of tantivy."""
        from fazhi.search.text import fold

        shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        self.index = self.tantivy.Index(self.schema, path=str(self.path))
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        cut_s = index_s = 0.0
        for i, doc in enumerate(docs):
            if truth is not None:
                truth.add(doc)
            started = time.perf_counter()
            title, body = jieba_tokens(fold(doc.title)), jieba_tokens(fold(doc.body))
            cut_s += time.perf_counter() - started
            started = time.perf_counter()
            writer.add_document(self.tantivy.Document(id=i, title=title, body=body, status=doc.status))
            index_s += time.perf_counter() - started
        started = time.perf_counter()
        writer.commit()
        writer.wait_merging_threads()
        index_s += time.perf_counter() - started
        self.index.reload()
        return {"jieba_s": cut_s, "index_s": index_s}

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def query(self, text: str):
        from fazhi.search.text import parse_query

        query, occur = self.tantivy.Query, self.tantivy.Occur
        must = [(occur.Must, query.term_query(self.schema, "status", v)) for v in PORTAL_FILTER.values()]
        for term in parse_query(text):
            tokens = re.findall(r"\w+", jieba_tokens(term))
            if not tokens:
                continue
            either = [
                (occur.Should, query.term_query(self.schema, f, tokens[0]))
                if len(tokens) == 1
                else (occur.Should, query.phrase_query(self.schema, f, tokens))
                for f in ("title", "body")
            ]
            must.append((occur.Must, query.boolean_query(either)))
        return query.boolean_query(must)

    def search(self, text: str, searcher=None) -> tuple[int, list[int]]:
        """Top 20 by BM25 (their stored ids, `page`) and the count."""
        searcher = searcher or self.index.searcher()
        query = self.query(text)
        result = searcher.search(query, 20, count=True)
        return result.count, self.page(searcher, query, result.hits)

    def page(self, searcher, query, hits) -> list[int]:
        """The hits' stored ids."""
        return [searcher.doc(address)["id"][0] for _score, address in hits]


class TantivyPageAnchor(TantivyAnchor):
    """The anchor doing a page's work too, as the portal call does: the top 20 and the count, then each
    hit's stored title and text read back and a highlighted snippet of about 140 characters made by
    tantivy's own `SnippetGenerator` (of the stored text, jieba's tokens joined by spaces). Only with
    `--anchor-pages`: a like-for-like reading of the portal call beside the issue's anchor, never instead
    of it."""

    stored = True

    def page(self, searcher, query, hits) -> list[int]:
        """The hits' stored ids, each hit's stored document read back and its snippet made, as the portal's
        page shows a title and a snippet."""
        snippets = self.tantivy.SnippetGenerator.create(searcher, query, self.schema, "body")
        snippets.set_max_num_chars(140)
        page = []
        for _score, address in hits:
            doc = searcher.doc(address)
            page.append((doc["id"][0], doc["title"][0], snippets.snippet_from_doc(doc).to_html()))
        return [pk for pk, _title, _snippet in page]


# --------------------------------------------------------------------------------------- the runs


def fazhi_all_matches(text: str) -> set[str]:
    """Every match Fazhi finds (untimed: the recall check), as keys."""
    from django.db import connection

    from fazhi.search.backend import get_backend, parse_query, query_facets
    from fazhi.search.models import SearchEntry

    terms = parse_query(text)
    if not terms:
        return set()
    from fazhi.search.backend import SearchQuery

    required, any_of = query_facets(SearchQuery(text=text, filters=PORTAL_FILTER, public_only=True))
    backend = get_backend(connection)
    backend._count(terms, required, any_of, 10**9)  # on RUM the page is cut from the counted matches
    ids = [pk for pk, _ in backend._match_page(terms, required, any_of, 0, 1_000_000)]
    keys = dict(SearchEntry.objects.filter(pk__in=ids).values_list("pk", "key")) if ids else {}
    return set(keys.values())


def run_queries(
    queries, reps: int, floor: int, anchor: TantivyAnchor, truth: SavedTruth, pages: TantivyPageAnchor | None
) -> list[dict]:
    """Times every query; `floor` = run the LIKE scan on every floor-th query (0: never); `pages`: the
    anchor doing a page's work too, timed as well where given."""
    from fazhi.search.backend import SearchQuery, get_backend, parse_query, search

    searcher = anchor.index.searcher()
    page_searcher = pages.index.searcher() if pages else None
    rows = []
    for n, (text, label) in enumerate(queries, 1):
        query = SearchQuery(text=text, filters=PORTAL_FILTER, public_only=True, limit=20)
        terms = parse_query(text)
        result = search(query)  # warm-up
        anchor.search(text, searcher)
        if pages:
            pages.search(text, page_searcher)
        fazhi_ms, tantivy_ms, fazhi_cpu, tantivy_cpu, index_ms, index_cpu = [], [], [], [], [], []
        page_ms, page_cpu = [], []
        for _ in range(reps):  # interleaved: a change of load hits every engine alike
            started, cpu = time.perf_counter(), time.process_time()
            result = search(query)
            fazhi_ms.append((time.perf_counter() - started) * 1000)
            fazhi_cpu.append((time.process_time() - cpu) * 1000)
            # The index's part alone (count + the page's ids), the same work as tantivy's call below, on a
            # backend of its own as the portal call has: one kept across calls remembered the vocabulary
            # look-up and the join's choices, 0.2 ms at p50 (until the fifteenth session it was kept).
            started, cpu = time.perf_counter(), time.process_time()
            if terms:
                get_backend().matches(query, terms)
            index_ms.append((time.perf_counter() - started) * 1000)
            index_cpu.append((time.process_time() - cpu) * 1000)
            started, cpu = time.perf_counter(), time.process_time()
            tantivy_count, _ids = anchor.search(text, searcher)
            tantivy_ms.append((time.perf_counter() - started) * 1000)
            tantivy_cpu.append((time.process_time() - cpu) * 1000)
            if pages:
                started, cpu = time.perf_counter(), time.process_time()
                pages.search(text, page_searcher)
                page_ms.append((time.perf_counter() - started) * 1000)
                page_cpu.append((time.process_time() - cpu) * 1000)
        true_hits = truth.hits(text)
        found = fazhi_all_matches(text)
        row = {
            "q": text,
            "label": label,
            "true": len(true_hits),
            "hits": f"{result.total}{'+' if result.total_is_lower_bound else ''}",
            "count_right": result.total == min(len(true_hits), 10_000)
            and result.total_is_lower_bound == (len(true_hits) > 10_000),
            "fazhi": fazhi_ms,
            "tantivy": tantivy_ms,
            "fazhi_cpu": fazhi_cpu,
            "tantivy_cpu": tantivy_cpu,
            "pages": page_ms,
            "pages_cpu": page_cpu,
            "index": index_ms,
            "index_cpu": index_cpu,
            "fazhi_recall": len(found & true_hits) / len(true_hits) if true_hits else None,
            "fazhi_false": len(found - true_hits),
            "tantivy_count": tantivy_count,
            "tantivy_recall": min(1.0, tantivy_count / len(true_hits)) if true_hits else None,
        }
        if floor and (n - 1) % floor == 0:
            row["like_ms"], row["like_hits"] = like_floor(text)
        rows.append(row)
        print(
            f"  {n:>3} {text:<16} {label:<12} 真 {len(true_hits):>6}  Fazhi {row['hits']:>6} "
            f"p50 {statistics.median(fazhi_ms):7.1f} ms  tantivy {tantivy_count:>6} "
            f"p50 {statistics.median(tantivy_ms):6.1f} ms"
            + (f"  LIKE {row['like_ms']:7.0f} ms" if "like_ms" in row else ""),
            flush=True,
        )
    return rows


def summary_line(name: str, members: list[dict]) -> str:
    fazhi = [t for r in members for t in r["fazhi"]]
    tant = [t for r in members for t in r["tantivy"]]
    recalls = [r["fazhi_recall"] for r in members if r["fazhi_recall"] is not None]
    t_recalls = [r["tantivy_recall"] for r in members if r["tantivy_recall"] is not None]
    like = [r["like_ms"] for r in members if "like_ms" in r]

    def mean(xs):
        return f"{sum(xs) / len(xs):.3f}" if xs else "–"

    return (
        f"| {name} | {len(members)} | {percentile(fazhi, 0.5):.1f} | {percentile(fazhi, 0.95):.1f} | "
        f"{percentile(fazhi, 0.99):.1f} | {mean(recalls)} | {percentile(tant, 0.5):.1f} | "
        f"{percentile(tant, 0.95):.1f} | {percentile(tant, 0.99):.1f} | {mean(t_recalls)} | "
        + (f"{percentile(like, 0.5):.0f} |" if like else "– |")
    )


def report(rows: list[dict]) -> None:
    print(
        "\n| 查询类别 | 查询数 | Fazhi p50 ms | p95 | p99 | 召回 | tantivy p50 ms | p95 | p99 | 召回 | LIKE p50 ms |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for name in dict.fromkeys(r["label"] for r in rows):
        print(summary_line(name, [r for r in rows if r["label"] == name]))
    print(summary_line("**全部**", rows))
    wrong = [r["q"] for r in rows if not r["count_right"]]
    false = sum(r["fazhi_false"] for r in rows)
    absent_with_hits = [r["q"] for r in rows if r["label"] == "无结果" and r["true"]]
    short = sum(1 for r in rows if any(len(t) <= 2 for t in r["q"].split()))
    print(
        f"\n{len(rows)} 个查询，含 1–2 字词的 {short} 个；Fazhi 命中数不对的查询：{wrong or '无'}；"
        f"Fazhi 多出的（不该命中的）文件：{false}；“无结果”类实有命中的：{absent_with_hits or '无'}"
    )
    engines = ["fazhi", "index", "tantivy"] + (["pages"] if rows and rows[0]["pages"] else [])
    for clock, suffix in (("CPU ms（本进程，time.process_time）", "_cpu"), ("墙钟 ms", "")):
        print(
            f"\n| {clock} | 查询数 | Fazhi 门户调用 p50 | p95 | p99 | Fazhi 仅索引（计数 + 本页 id） p50 | p95 | p99 "
            "| tantivy p50 | p95 | p99 |"
            + (" tantivy 带本页（取文 + 摘要） p50 | p95 | p99 |" if "pages" in engines else "")
            + "\n| --- | ---: |"
            + " ---: |" * 3 * len(engines)
        )
        for name in [*dict.fromkeys(r["label"] for r in rows), "**全部**"]:
            members = rows if name == "**全部**" else [r for r in rows if r["label"] == name]
            cells = []
            for engine in engines:
                times = [t for r in members for t in r[engine + suffix]]
                cells += [f"{percentile(times, p):.2f}" for p in (0.5, 0.95, 0.99)]
            print(f"| {name} | {len(members)} | " + " | ".join(cells) + " |")
        p95 = {e: percentile([t for r in rows for t in r[e + suffix]], 0.95) for e in engines}
        print(
            f"p95 Fazhi 门户调用 / tantivy = {p95['fazhi'] / p95['tantivy']:.2f}，"
            f"Fazhi 仅索引 / tantivy = {p95['index'] / p95['tantivy']:.2f}"
            + (
                f"，Fazhi 门户调用 / tantivy 带本页 = {p95['fazhi'] / p95['pages']:.2f}"
                if "pages" in engines
                else ""
            )
            + f"（{clock.split('（')[0]}）"
        )
        print(
            f"门户调用 / tantivy：{ratio_spread(rows, 'fazhi', 'tantivy', suffix)}；"
            f"仅索引 / tantivy：{ratio_spread(rows, 'index', 'tantivy', suffix)}"
        )
    if any("like_ms" in r for r in rows):
        floors = [r["like_ms"] for r in rows if "like_ms" in r]
        print(
            f"LIKE 扫描（{len(floors)} 个查询）：p50 {percentile(floors, 0.5):.0f} ms，"
            f"p95 {percentile(floors, 0.95):.0f} ms"
        )
    print(
        "\n| 查询 | 类别 | 真命中 | Fazhi | p50 ms | tantivy 数 | p50 ms | LIKE ms |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in rows:
        like = f"{r['like_ms']:.0f}" if "like_ms" in r else "–"
        print(
            f"| `{r['q']}` | {r['label']} | {r['true']} | {r['hits']} | {statistics.median(r['fazhi']):.1f} | "
            f"{r['tantivy_count']} | {statistics.median(r['tantivy']):.1f} | {like} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="全文检索基准")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if an index of this size exists")
    parser.add_argument("--no-floor", action="store_true", help="skip the LIKE scans")
    parser.add_argument(
        "--floor-every",
        type=int,
        default=1,
        help="the LIKE scan on every Nth query only (at 200,000 a scan takes seconds)",
    )
    parser.add_argument("--no-build", action="store_true", help="query the database of --docs as it is")
    parser.add_argument("--queries", type=int, default=0, help="only the first N queries (a quick look)")
    parser.add_argument("--build-only", action="store_true", help="stop after building the database's index")
    parser.add_argument(
        "--load-rebuild",
        action="store_true",
        help="PostgreSQL: load the entries, then one rebuild (which chooses the vocabulary of common terms)",
    )
    parser.add_argument(
        "--truth-only", action="store_true", help="compute and save the ground truth, then stop"
    )
    parser.add_argument(
        "--anchor-pages",
        action="store_true",
        help="also time tantivy doing a page's work (stored texts read back, snippets): a second index",
    )
    args = parser.parse_args()

    configure(args.db, args.docs)
    import corpus_gen
    from django.db import connection

    from fazhi.search.backend import get_backend

    print(
        f"# {args.db} {connection.vendor} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPU · Python {platform.python_version()}"
    )
    if connection.vendor == "sqlite":
        import sqlite3

        print(f"SQLite {sqlite3.sqlite_version}")
    else:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            print(f"PostgreSQL {cur.fetchone()[0]}")
    print(f"负载（loadavg，开始时）：{os.getloadavg()}", flush=True)
    sentences = corpus_gen.load_sentences()
    existing = get_backend().count()
    if args.no_build:
        print(f"不建索引：库中现有 {existing} 件（目标 {args.docs} 件）；收尾 {finish_index():.0f} s")
    elif existing != args.docs or args.rebuild:
        print(f"建索引：{args.docs} 件", flush=True)
        stats = build(args.docs, args.batch, sentences, args.load_rebuild)
        print(
            f"建索引 {stats['docs']} 件（{stats['chars'] / 1e6:.0f} M 字）：写入 {stats['load_s']:.0f} s"
            f"（CPU {stats['load_cpu_s']:.0f} s；其中 Fazhi 存条目 {stats['store_s']:.0f} s，CPU {stats['store_cpu_s']:.0f} s，"
            f"另有工作进程 {stats['load_workers_cpu_s']:.0f} s；余为生成合成文本），收尾（SQLite 按 id 顺序建 FTS5 索引 + optimize / GIN 建索引 + VACUUM ANALYZE）"
            f"{stats['finish_s']:.0f} s（CPU {stats['finish_cpu_s']:.0f} s，另有工作进程 {stats['finish_workers_cpu_s']:.0f} s；"
            "PostgreSQL 服务端的不计）；"
            f"负载 {os.getloadavg()}",
            flush=True,
        )
    else:
        print(f"复用已有索引：{existing} 件")
    print("大小：" + "，".join(f"{k} {v / 2**20:.0f} MiB" for k, v in sizes().items() if v), flush=True)
    if args.build_only:
        return

    queries = make_queries(sentences)
    if args.queries:
        queries = queries[: args.queries]
    texts = [text for text, _label in queries]
    truth = GroundTruth()
    if args.truth_only:  # the answers alone, e.g. while the anchor is still being built by another run
        SavedTruth.of(args.docs, sentences, texts)
        print(f"真值：{len(texts)} 个查询，存于 {SavedTruth.path(args.docs)}；负载 {os.getloadavg()}")
        return
    anchor = TantivyAnchor(
        Path(os.environ.get("FAZHI_BENCH_TANTIVY") or f"/tmp/fazhi_search_bench_tantivy_{args.docs}")
    )
    raw_bytes = 0
    saved = None if args.rebuild else SavedTruth.load(args.docs, texts)
    if saved is not None and anchor.count() == args.docs:
        raw_bytes = saved.raw_bytes
        print(f"真值：读自 {SavedTruth.path(args.docs)}", flush=True)
    elif anchor.count() != args.docs or args.rebuild:
        docs = list(bench_documents(args.docs, sentences))
        raw_bytes = sum(len(d.title.encode()) + len(d.body.encode()) for d in docs)
        stats = anchor.build(docs, truth)
        print(
            f"tantivy：jieba 分词 {stats['jieba_s']:.0f} s，建索引 {stats['index_s']:.0f} s；"
            f"负载 {os.getloadavg()}",
            flush=True,
        )
    else:
        for doc in bench_documents(args.docs, sentences):
            raw_bytes += len(doc.title.encode()) + len(doc.body.encode())
            truth.add(doc)
    if saved is None:
        saved = SavedTruth.compute(truth, texts, raw_bytes)
        saved.save(args.docs)
    del truth  # the folded corpus: gigabytes at 200,000 documents
    print(
        f"原文 {raw_bytes / 2**20:.0f} MiB（UTF-8）；tantivy 索引 {anchor.size() / 2**20:.0f} MiB", flush=True
    )
    pages = None
    if args.anchor_pages:
        pages = TantivyPageAnchor(
            Path(
                os.environ.get("FAZHI_BENCH_TANTIVY_PAGES")
                or f"/tmp/fazhi_search_bench_tantivy_pages_{args.docs}"
            )
        )
        if pages.count() != args.docs or args.rebuild:
            stats = pages.build(bench_documents(args.docs, sentences))
            print(f"tantivy（存原文，带本页）：jieba 分词 {stats['jieba_s']:.0f} s，建索引 {stats['index_s']:.0f} s")
        print(f"tantivy（存原文）索引 {pages.size() / 2**20:.0f} MiB", flush=True)
    if connection.vendor == "sqlite":
        print(f"预读数据库文件（进入操作系统页缓存）：{read_through(SQLITE_PATH):.1f} s", flush=True)
    print(f"{len(queries)} 个查询；负载（loadavg）：{os.getloadavg()}", flush=True)
    rows = run_queries(
        queries,
        args.reps,
        floor=0 if args.no_floor else args.floor_every,
        anchor=anchor,
        truth=saved,
        pages=pages,
    )
    print(f"负载（loadavg，结束时）：{os.getloadavg()}")
    report(rows)


if __name__ == "__main__":
    main()
