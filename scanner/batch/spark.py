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
from typing import Any

from scanner.batch.keys import LSH_BANDS, RowKeys, photo_bands, signature_bands
from scanner.batch.linkage import ExternalRecord, link
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

__all__ = ["get_session", "run_spark", "spark_index"]


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
