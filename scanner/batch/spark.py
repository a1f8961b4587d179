"""`--engine spark`: the same per-applicant work on Spark executors, linkage as DataFrame joins.

Executors run exactly `runner.process_row` (collect, extract, every non-NW check, linkage keys)
and send each row back as the same JSON line the local pool and checkpoint use. The identifier
index is built in Spark: identifiers are exploded into a DataFrame, grouped by (kind, key), and
references are joined against applicants' own phones and mailboxes; LSH buckets for résumés and
photos are grouped the same way. Only the groups (values held by two or more rows) come back to
the driver, where `linkage.link` resolves them exactly as the local engine does: the findings
and clusters are identical by construction (tests/test_spark.py checks it).

Needs the `spark` extra (`pip install 'profile-scanner[spark]'`) and Java. Under `spark-submit` or
on Databricks the active session is used; otherwise a local session is started on
`$SCANNER_SPARK_MASTER` (default `local[*]`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from scanner.batch.keys import LSH_BANDS, RowKeys, photo_bands, signature_bands
from scanner.batch.linkage import ExternalRecord, external_rows, link
from scanner.batch.runfile import parse_record
from scanner.batch.runner import (
    BatchSettings,
    RowResult,
    RowTask,
    finish_report,
    line_to_result,
    linkage_options,
    linkage_rows,
    process_row,
    result_to_line,
)
from scanner.batch.spreadsheet import Sheet
from scanner.identifiers import IDENTS_PER_ROW
from scanner.model import Report

__all__ = ["get_session", "run_spark", "run_spark_stream", "spark_index"]


def get_session(master: str | None = None) -> Any:
    """The active Spark session (spark-submit, Databricks), or a local one."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName("scanner-batch")
        .master(master or os.environ.get("SCANNER_SPARK_MASTER", "local[*]"))
        .config("spark.ui.enabled", "false")
        .config(
            "spark.sql.shuffle.partitions", os.environ.get("SCANNER_SPARK_SHUFFLE_PARTITIONS", "8")
        )
        .config("spark.driver.memory", os.environ.get("SCANNER_SPARK_DRIVER_MEMORY", "2g"))
    )
    return builder.getOrCreate()


def _process_partition(settings: BatchSettings) -> Any:
    def run(tasks: Iterator[RowTask]) -> Iterator[str]:
        from scanner.registry import registry

        registry.load()
        for task in tasks:
            yield result_to_line(process_row(task, settings))

    return run


def spark_index(
    spark: Any, rows: Sequence[RowKeys], lsh_bands: int = LSH_BANDS
) -> tuple[dict[str, dict[str, int | list[int]]], list[list[int]], list[list[int]]]:
    """The identifier index and LSH buckets, computed with DataFrame group-bys and a join.

    Returns what `linkage.link` takes as `index`, `resume_buckets` and `photo_buckets`: only the
    values held by two or more rows, plus references that match some applicant's own contact.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField("kind", StringType()),
            StructField("key", StringType()),
            StructField("packed", LongType()),
        ]
    )
    idents = [
        (i.kind, i.key, r.index * IDENTS_PER_ROW + pos)
        for r in rows
        for pos, i in enumerate(r.idents[:IDENTS_PER_ROW])
    ]
    df = spark.createDataFrame(idents, schema).cache()
    groups = df.groupBy("kind", "key").agg(
        F.collect_list("packed").alias("packed"), F.count("*").alias("n")
    )
    shared = groups.where(F.col("n") > 1)
    # References that are some applicant's own phone or mailbox (a join, not a scan per reference).
    refs = df.where(F.col("kind") == "reference").select("key").distinct()
    own = df.where(F.col("kind").isin("phone", "email")).select("key").distinct()
    matched = refs.join(own, "key").withColumn("matched", F.lit(True))
    wanted = groups.join(matched, "key", "left").where(
        (F.col("n") > 1) | (F.col("matched") & F.col("kind").isin("reference", "phone", "email"))
    )
    index: dict[str, dict[str, int | list[int]]] = {}
    for rec in wanted.select("kind", "key", "packed").toLocalIterator():
        index.setdefault(rec["kind"], {})[rec["key"]] = sorted(rec["packed"])
    del shared
    df.unpersist()

    def buckets(pairs: list[tuple[str, int]]) -> list[list[int]]:
        if not pairs:
            return []
        bdf = spark.createDataFrame(pairs, "band string, idx long")
        grouped = (
            bdf.groupBy("band").agg(F.collect_set("idx").alias("rows")).where(F.size("rows") > 1)
        )
        return [sorted(r["rows"]) for r in grouped.toLocalIterator()]

    resume = [
        (b, r.index) for r in rows if r.resume_sig for b in signature_bands(r.resume_sig, lsh_bands)
    ]
    photos = [
        (b, r.index) for r in rows if r.photo_hash is not None for b in photo_bands(r.photo_hash)
    ]
    return index, buckets(resume), buckets(photos)


def run_spark(
    sheet: Sheet,
    settings: BatchSettings,
    *,
    external: Iterable[ExternalRecord] = (),
    notes: Iterable[str] = (),
    spark: Any = None,
    partitions: int | None = None,
    watchlist: Any = None,
) -> Report:
    """Process the sheet's rows on Spark executors, link with DataFrames, and build the report."""
    spark = spark or get_session()
    external = list(external)
    tasks = [RowTask(i, row) for i, row in enumerate(sheet.rows())]
    if not tasks:
        results: list[RowResult] = []
    else:
        sc = spark.sparkContext
        slices = partitions or max(2, min(len(tasks) // 50 + 1, sc.defaultParallelism * 4))
        lines = sc.parallelize(tasks, slices).mapPartitions(_process_partition(settings)).collect()
        results = sorted((line_to_result(x) for x in lines), key=lambda r: r.index)
    rows, _ = linkage_rows(results, external)
    opts = linkage_options(settings.config)
    index, resume_buckets, photo_buckets = (
        spark_index(spark, rows, opts.lsh_bands) if rows else ({}, [], [])
    )
    linkage = link(
        rows, opts, index=index, resume_buckets=resume_buckets, photo_buckets=photo_buckets
    )
    report = finish_report(
        results, settings, external=external, notes=[*notes], linkage=linkage, watchlist=watchlist
    )
    report.notes.append(f"engine: spark ({spark.sparkContext.master})")
    return report


# --------------------------------------------------------------------------------------------
# The streaming contract on Spark: nothing of the whole batch is held by the driver
# --------------------------------------------------------------------------------------------


def _signed(h: int) -> int:
    """A 64-bit hash as Spark's signed long."""
    return h - (1 << 64) if h >= 1 << 63 else h


def _stage_rows(sheet: Sheet, path: Path) -> int:
    """The sheet's rows as JSON lines (index, row number, id, fields, problems), read once by
    the driver and streamed to disk; returns how many."""
    import json

    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(sheet.rows()):
            data = {"i": i, "n": row.number, "id": row.id, "f": dict(row.fields)}
            if row.empty:
                data["e"] = True
            if row.problems:
                data["p"] = list(row.problems)
            fh.write(json.dumps(data, ensure_ascii=False) + "\n")
            n = i + 1
    return n


def _row_task(line: str) -> RowTask:
    import json

    from scanner.batch.spreadsheet import SheetRow

    data = json.loads(line)
    row = SheetRow(
        number=data["n"],
        id=data["id"],
        fields=data["f"],
        empty=bool(data.get("e")),
        problems=tuple(data.get("p", ())),
    )
    return RowTask(data["i"], row)


_RESULT_COLUMNS = (
    "index", "line", "out_start", "out_end", "table", "hashes", "score", "level", "complete",
    "worst", "codes", "placeholders", "store_error",
)  # fmt: skip


def _result_schema() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    return StructType(
        [
            StructField("index", LongType(), False),
            StructField("line", StringType(), False),
            StructField("out_start", IntegerType(), False),
            StructField("out_end", IntegerType(), False),
            StructField("table", StringType(), True),
            StructField("hashes", ArrayType(LongType()), False),
            StructField("score", IntegerType(), False),
            StructField("level", StringType(), False),
            StructField("complete", BooleanType(), False),
            StructField("worst", IntegerType(), False),
            StructField("codes", ArrayType(StringType()), False),
            StructField("placeholders", ArrayType(ArrayType(StringType())), False),
            StructField("store_error", StringType(), True),
        ]
    )


def _as_result(o: Any) -> tuple[Any, ...]:
    """A `stream.RowOut` as a row of the results table (the line as text: it is UTF-8)."""
    line = o.line.decode("utf-8")
    # Offsets of the report part in characters, for slicing the text back out.
    start = len(o.line[: o.out_start].decode("utf-8"))
    end = start + len(o.line[o.out_start : o.out_end].decode("utf-8"))
    s = o.summary
    return (
        o.index, line, start, end, o.table.decode("utf-8") if o.table else None,
        [_signed(h) for h in o.hashes], s.score, s.level, s.complete, s.worst, list(s.codes),
        [list(p) for p in s.placeholders], o.store_error,
    )  # fmt: skip


def _check_partition(settings: Any, run_key: str, run_at: str, chunk: int) -> Any:
    def run(lines: Iterator[str]) -> Iterator[tuple[Any, ...]]:
        from scanner.batch import stream
        from scanner.registry import registry

        registry.load()
        state = stream._State(settings, run_key, run_at)
        items = (stream._Fresh(_row_task(line)) for line in lines)
        for batch in stream._chunks(items, chunk):
            yield from (_as_result(o) for o in stream.work_chunk(state, batch))

    return run


def _again_partition(settings: Any, run_key: str, run_at: str, lookups: Any, chunk: int) -> Any:
    def run(rows: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
        from scanner.batch import stream
        from scanner.registry import registry

        registry.load()
        wanted = lookups.value
        state = stream._State(settings, run_key, run_at)
        items = (
            stream._Again(r["index"], r["line"].encode("utf-8"), wanted[r["index"]]) for r in rows
        )
        for batch in stream._chunks(items, chunk):
            yield from (_as_result(o) for o in stream.work_chunk(state, batch))

    return run


def run_spark_stream(
    sheet: Sheet,
    settings: Any,
    *,
    fmt: str,
    out: IO[bytes] | None = None,
    out_dir: Path | None = None,
    work_dir: Path,
    external: Iterable[ExternalRecord] = (),
    notes: Sequence[str] = (),
    html_top: int = 500,
    spark: Any = None,
    partitions: int | None = None,
) -> tuple[Any, str | None]:
    """The streaming contract on Spark: the executors check the rows (`stream.work_chunk`, as
    the local pool does), linkage runs on the rows that share a hash (found with a group-by),
    the linked rows are finished again on the executors, and the report is written in row order
    from the results: to `out` (any format, streamed through the driver one partition at a time)
    or, for `jsonl` and `parquet`, as a folder of part files in `out_dir` (written by the
    executors) with `clusters.json` beside them. The driver never holds the batch.
    """
    import json
    import secrets
    from datetime import UTC, datetime

    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from scanner.batch import stream
    from scanner.batch.index import link_subset

    spark = spark or get_session()
    sc = spark.sparkContext
    work_dir.mkdir(parents=True, exist_ok=True)
    run_key, run_at = secrets.token_hex(8), datetime.now(UTC).isoformat()
    staged = work_dir / "rows.jsonl"
    n = _stage_rows(sheet, staged)
    slices = partitions or max(2, min(n // 200 + 1, sc.defaultParallelism * 4))
    schema = _result_schema()
    checked = sc.textFile(str(staged), minPartitions=slices).mapPartitions(
        _check_partition(settings, run_key, run_at, stream.CHUNK)
    )
    first = work_dir / "results"
    spark.createDataFrame(checked, schema).write.mode("overwrite").parquet(str(first))
    results = spark.read.parquet(str(first)).persist(StorageLevel.DISK_ONLY)

    # Each distinct "not run" list was written once, by whichever executor met it first.
    tables: dict[str, Any] = {}
    for r in results.where(F.col("table").isNotNull()).select("table").distinct().collect():
        item = json.loads(r["table"])
        tables[item["k"]] = item["v"]
    settings = replace(settings, tables=tables)

    # Linkage: the rows that share a hash (with each other or with stored people).
    options = linkage_options(settings.batch.config)
    stored = external_rows(external, n)
    from scanner.batch.index import link_hashes

    stored_hashes = [
        (p.index, _signed(h)) for p in stored for h in link_hashes(p, options.lsh_bands)
    ]
    pairs = results.select("index", F.explode("hashes").alias("h"))
    if stored_hashes:
        pairs = pairs.unionByName(spark.createDataFrame(stored_hashes, "index long, h long"))
    shared = (
        pairs.groupBy("h")
        .agg(F.collect_set("index").alias("rows"))
        .where(F.size("rows") > 1)
        .select(F.explode("rows").alias("index"))
        .distinct()
    )
    shared_batch = shared.where(F.col("index") < n)
    batch_keys = [
        replace(_keys_line(r["line"]), index=int(r["index"]))
        for r in results.join(shared_batch, "index")
        .select("index", "line")
        .orderBy("index")
        .toLocalIterator()
    ]
    stored_ids = {int(r["index"]) for r in shared.where(F.col("index") >= n).collect()}
    stored_keys = [p for p in stored if p.index in stored_ids]
    ph = (  # counted in the order the rows give them (first row, then place in the row)
        results.select("index", F.posexplode("placeholders").alias("pos", "p"))
        .select(
            (F.col("index") * 1024 + F.col("pos")).alias("at"),
            F.col("p")[0].alias("kind"),
            F.lower(F.col("p")[1]).alias("raw"),
        )
        .groupBy("kind", "raw")
        .agg(F.count("*").alias("n"), F.min("at").alias("first"))
        .orderBy("first")
        .collect()
    )
    placeholders = {(r["kind"], r["raw"]): int(r["n"]) for r in ph}
    linkage, positions = link_subset(batch_keys, stored_keys, options, placeholders)

    # The rows with a link or a cluster, finished again with their links on the executors.
    lookups = {
        positions[pos]: linkage.lookup_for(pos, batch_keys[pos].id)
        for pos in range(len(positions))
        if linkage.links.get(pos) or linkage.cluster_of.get(pos)
    }
    final = results
    if lookups:
        again_ids = spark.createDataFrame([(i,) for i in lookups], "index long")
        redo = results.join(again_ids, "index").select("index", "line")
        redone = redo.rdd.mapPartitions(
            _again_partition(settings, run_key, run_at, sc.broadcast(lookups), stream.CHUNK)
        )
        final = results.join(again_ids, "index", "left_anti").unionByName(
            spark.createDataFrame(redone, schema)
        )
    final = final.withColumn("out", F.expr("substring(line, out_start + 1, out_end - out_start)"))
    second = work_dir / "final"
    final.select(
        "index", "out", "line", "score", "level", "complete", "worst", "codes", "store_error"
    ).write.mode("overwrite").parquet(str(second))
    final = spark.read.parquet(str(second))

    stats = final.agg(
        F.max("worst").alias("worst"), F.min(F.col("complete").cast("int")).alias("complete")
    ).collect()[0]
    levels = {lv: 0 for lv in stream._LEVELS}
    for r in final.groupBy("level").count().collect():
        levels[r["level"]] = int(r["count"])
    codes = {
        r["code"]: int(r["count"])
        for r in final.select(F.explode("codes").alias("code")).groupBy("code").count().collect()
    }
    problems = [
        r["store_error"] for r in final.where(F.col("store_error").isNotNull()).limit(1).collect()
    ]
    all_notes = [*sheet.warnings, *notes, *linkage.notes]
    if stored:
        all_notes.append(f"linked against {len(stored)} stored people from the history store")
    all_notes += problems
    all_notes.append(f"engine: spark ({sc.master})")
    complete = bool(stats["complete"]) if n else True
    members = {m for cl in linkage.clusters for m in cl.members}
    names = {k.id: k.name for k in batch_keys if k.id in members}
    from scanner.reporters.json_report import cluster_dict
    from scanner.reporters.stream import BatchEnd, open_writer, render_batch_html

    end = BatchEnd(
        datetime.now(UTC), complete, linkage.clusters, all_notes, names, settings.report_settings
    )
    page: str | None = None
    ordered = final.orderBy("index")
    if out_dir is not None and fmt in ("jsonl", "parquet"):
        out_dir.mkdir(parents=True, exist_ok=True)
        if fmt == "jsonl":
            ordered.select("out").write.mode("overwrite").text(str(out_dir / "candidates"))
        else:  # the candidate object stays JSON text beside the columns to filter on
            ordered.select(
                "index", F.get_json_object("out", "$.id").alias("id"), "score", "level", "complete",
                F.col("out").alias("candidate"),
            ).write.mode("overwrite").parquet(str(out_dir / "candidates"))  # fmt: skip
        tail = {"clusters": [cluster_dict(c) for c in linkage.clusters], "notes": all_notes}
        (out_dir / "clusters.json").write_text(json.dumps(tail, ensure_ascii=False) + "\n")
    elif fmt == "html":
        top = (
            ordered.orderBy(F.desc("score"), "index")
            .limit(html_top)
            .select("index", "line")
            .collect()
        )
        state = stream._State(settings, run_key, run_at)
        where = {i: pos for pos, i in enumerate(positions)}
        cands = []
        for r in sorted(top, key=lambda r: r["index"]):
            _i, _row, report, _keys, _s = parse_record(r["line"], tables)
            at = where.get(int(r["index"]))
            lookup = linkage.lookup_for(at, report.id) if at is not None else None
            cands.append(stream.finish(state, report, lookup))
        page = render_batch_html(cands, end, total=n, levels=levels, codes=codes)
    else:
        assert out is not None
        writer = open_writer(fmt, out, end)
        writer.begin()
        for r in ordered.select("out").toLocalIterator():
            writer.row(r["out"].encode("utf-8"))
        writer.end()
    outcome = stream.BatchOutcome(
        rows=n,
        clusters=list(linkage.clusters),
        notes=all_notes,
        levels=levels,
        worst=int(stats["worst"]) if n else -1,
        complete=complete,
    )
    results.unpersist()
    return outcome, page


def _keys_line(line: str) -> RowKeys:
    from scanner.batch.stream import _keys_of

    return _keys_of(line.encode("utf-8"))
