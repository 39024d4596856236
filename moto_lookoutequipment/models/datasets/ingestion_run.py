"""One data ingestion: the CSV objects of a dataset's components read from moto's S3.

The whole job fails only when nothing can be ingested: a missing bucket, no object matching the
prefix and key pattern, a header with a character the service does not accept, or no file with
a usable row. A file that cannot be read, whose columns do not fit, or that holds no usable
value is discarded and listed; bad values inside ingested files are counted, never fatal.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ... import spec
from ...data.component_ingest import ComponentCounts, ComponentIngest
from ...data.csv_reader import CsvReadError, CsvStream
from ...data.key_patterns import KeyPattern, derived_schema, schema_columns
from ...data.sensor_data import DatasetData
from ...data.statistics import component_statistics, empty_statistics, quality_summary
from ...data.timestamps import TimestampParser
from ...exceptions import bounded
from ...validation import matches
from .. import s3_access
from ..common import DATA_LIMITS
from ..s3_access import S3Object
from .schema import schema_problems

_NOT_A_TABLE = "it is not a CSV file with a timestamp column and at least one sensor column"

log = logging.getLogger(__name__)


@dataclass
class IngestionOutcome:
    """What a finished ingestion (or import) learnt; ``failed_reason`` set when it failed."""

    failed_reason: str | None = None
    files: dict[str, Any] | None = None
    quality: dict[str, Any] | None = None
    statistics: list[dict[str, Any]] = field(default_factory=list)
    data: DatasetData | None = None
    size: int | None = None
    schema: dict[str, Any] | None = None
    key_pattern: str | None = None
    detail: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.failed_reason is None


class _InvalidHeader(Exception):
    pass


class IngestionRun:
    """Reads what ``s3_input`` (an ``IngestionS3InputConfiguration``) points at into a dataset
    with ``schema`` (``None``: derive one from the objects)."""

    def __init__(
        self,
        account_id: str,
        region: str,
        s3_input: dict[str, Any],
        schema: dict[str, Any] | None,
        pattern: KeyPattern,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.bucket: str = s3_input["Bucket"]
        self.prefix: str = s3_input.get("Prefix", "")
        self.schema = schema
        self.pattern = pattern
        self.parser = TimestampParser()
        self.builders: dict[str, ComponentIngest] = {}
        self.headers: dict[str, list[str]] = {}
        self.discarded: list[tuple[S3Object, str]] = []
        self.ingested: list[S3Object] = []
        self.sensor_name_pattern = spec.shape("SensorName").metadata["pattern"]
        self.component_name_pattern = spec.shape("ComponentName").metadata["pattern"]

    @property
    def location(self) -> str:
        return s3_access.s3_url(self.bucket, self.prefix)

    def run(self) -> IngestionOutcome:
        began = time.perf_counter()
        outcome = self._outcome()
        rows = sum(len(c) for c in outcome.data.components.values()) if outcome.data else 0
        log.info(
            "Ingestion of %s: %d objects, %d rows, %.1f MB in %.2f s%s",
            self.location,
            len(self.ingested),
            rows,
            sum(o.size for o in self.ingested) / 1e6,
            time.perf_counter() - began,
            "" if outcome.succeeded else f"; failed: {outcome.failed_reason}",
        )
        return outcome

    def _outcome(self) -> IngestionOutcome:
        if not s3_access.bucket_exists(self.account_id, self.region, self.bucket):
            return IngestionOutcome(
                f"Cannot read {self.location}: the S3 bucket '{self.bucket}' does not exist."
            )
        candidates = self._candidates()
        if not candidates:
            return IngestionOutcome(self._nothing_found())
        beyond = self._beyond_limits(candidates)
        if beyond is not None:
            return IngestionOutcome(bounded(beyond))
        try:
            for component, s3_object in candidates:
                self._read(component, s3_object)
        except _InvalidHeader as error:
            return IngestionOutcome(str(error))
        files = self._files_summary(len(candidates))
        if not self.ingested:
            return IngestionOutcome(self._nothing_usable(len(candidates)), files=files)
        schema = self.schema or derived_schema(
            [(name, self.headers[name]) for name in self.builders if name in self.headers]
        )
        problems = schema_problems(schema) if self.schema is None else []
        if problems:
            # A derived schema obeys the limits of one given to CreateDataset.
            return IngestionOutcome(
                bounded(
                    f"The schema derived from the objects under {self.location} is not valid: "
                    + "; ".join(problems)
                    + "."
                ),
                files=files,
            )
        return self._success(files, schema)

    # Finding the objects

    def _candidates(self) -> list[tuple[str | None, S3Object]]:
        """Every object the pattern gives a component, with that component (``None`` when the
        name the key gives is not a valid component name), in key order."""
        schema_components = (
            {c["ComponentName"] for c in self.schema["Components"]} if self.schema else None
        )
        found: list[tuple[str | None, S3Object]] = []
        for s3_object in s3_access.list_objects(
            self.account_id, self.region, self.bucket, self.prefix
        ):
            if s3_object.key.endswith("/"):
                continue
            relative = s3_object.key[len(self.prefix) :]
            if schema_components is not None:
                owner = self.pattern.owner(relative, schema_components)
                if owner is not None:
                    found.append((owner, s3_object))
                continue
            name = self.pattern.component_of(relative)
            if name is not None:
                valid = matches(self.component_name_pattern, name)
                found.append((name if valid else None, s3_object))
        return found

    def _beyond_limits(self, candidates: list[tuple[str | None, S3Object]]) -> str | None:
        """Why the objects found exceed what a dataset may hold (files per component, bytes
        in all), or ``None``. Files too large to read are left out of the total: they are
        discarded one by one."""
        per_component = Counter(component for component, _ in candidates if component is not None)
        limit = DATA_LIMITS["files_per_component"]
        for component, count in per_component.items():
            if count > limit:
                return (
                    f"Component '{component}' has {count} files under {self.location}; a "
                    f"dataset takes at most {limit} files per component."
                )
        readable = [o.size for _, o in candidates if o.size <= DATA_LIMITS["bytes_per_file"]]
        total, limit = sum(readable), DATA_LIMITS["bytes_per_dataset"]
        if total > limit:
            return (
                f"The {len(readable)} files under {self.location} hold {total} bytes, more than "
                f"the {limit} bytes a dataset may hold."
            )
        return None

    def _nothing_found(self) -> str:
        components = ""
        if self.schema:
            names = ", ".join(c["ComponentName"] for c in self.schema["Components"])
            components = f" for the components of the dataset's schema ({names})"
        return bounded(
            f"No object under {self.location} matches the key pattern "
            f"'{self.pattern.text}'{components}."
        )

    # Reading one object

    def _read(self, component: str | None, s3_object: S3Object) -> None:
        if component is None:
            name = self.pattern.component_of(s3_object.key[len(self.prefix) :])
            self._discard(s3_object, f"the component name '{name}' its key gives is not valid")
            return
        limit = DATA_LIMITS["bytes_per_file"]
        if s3_object.size > limit:
            self._discard(
                s3_object, f"it holds {s3_object.size} bytes, more than the {limit} a file may hold"
            )
            return
        chunks = s3_access.read_chunks(
            self.account_id, self.region, s3_object.bucket, s3_object.key
        )
        try:
            stream = CsvStream(chunks)
        except CsvReadError as error:
            self._discard(s3_object, str(error))
            return
        header = stream.header
        if not header:
            self._discard(s3_object, "the object is empty")
            return
        if len(header) < 2:
            self._discard(s3_object, _NOT_A_TABLE)
            return
        self._check_header_characters(s3_object.url, header)
        repeated = sorted(name for name, count in Counter(header).items() if count > 1)
        if repeated:
            self._discard(s3_object, f"its header repeats the column '{repeated[0]}'")
            return
        builder = self._builder(component, header)
        problem = builder.header_problem(header)
        if problem is None:
            problem = builder.add_file(header, stream.column_batches())
        if problem is not None:
            self._discard(s3_object, problem)
            return
        self.ingested.append(s3_object)
        self.headers.setdefault(component, list(header))

    def _check_header_characters(self, where: str, header: list[str]) -> None:
        for name in header:
            if not matches(self.sensor_name_pattern, name):
                raise _InvalidHeader(
                    bounded(
                        f"The header of {where} has the column name '{name}', which is empty, "
                        "longer than 200 characters or holds a character other than letters, "
                        "digits and : # $ . - _; an invalid header fails the whole ingestion."
                    )
                )

    def _builder(self, component: str, header: list[str]) -> ComponentIngest:
        builder = self.builders.get(component)
        # Without a schema, a component's columns are those of its first file that is ingested.
        if builder is None or (self.schema is None and component not in self.headers):
            if self.schema is not None:
                columns = next(
                    c for c in self.schema["Components"] if c["ComponentName"] == component
                )
                timestamp, sensors = schema_columns(columns)
            else:
                timestamp, sensors = header[0], header[1:]
            builder = ComponentIngest(component, timestamp, sensors, self.parser)
            self.builders[component] = builder
        return builder

    def _discard(self, s3_object: S3Object, reason: str) -> None:
        self.discarded.append((s3_object, reason))

    # The outcome

    def _files_summary(self, total: int) -> dict[str, Any]:
        return {
            "TotalNumberOfFiles": total,
            "IngestedNumberOfFiles": len(self.ingested),
            "DiscardedFiles": [{"Bucket": o.bucket, "Key": o.key} for o, _ in self.discarded],
        }

    def _reasons(self) -> str:
        return "; ".join(f"{o.url}: {reason}" for o, reason in self.discarded)

    def _nothing_usable(self, total: int) -> str:
        return bounded(
            f"None of the {total} files under {self.location} that match the key pattern "
            f"'{self.pattern.text}' could be ingested: {self._reasons()}."
        )

    def _success(self, files: dict[str, Any], schema: dict[str, Any]) -> IngestionOutcome:
        data = DatasetData()
        statistics: list[dict[str, Any]] = []
        counts: list[ComponentCounts] = []
        for component in schema["Components"]:
            name = component["ComponentName"]
            builder = self.builders.get(name)
            if builder is None or name not in self.headers:
                statistics.extend(empty_statistics(name, schema_columns(component)[1]))
                continue
            component_data = builder.finish()
            data.components[name] = component_data
            counts.append(builder.counts)
            statistics.extend(component_statistics(component_data, builder.counts))
        detail = None
        if self.discarded:
            detail = bounded(
                f"Discarded {len(self.discarded)} of {files['TotalNumberOfFiles']} files: "
                f"{self._reasons()}."
            )
        return IngestionOutcome(
            files=files,
            quality=quality_summary(statistics, counts),
            statistics=statistics,
            data=data,
            size=sum(o.size for o in self.ingested),
            schema=schema,
            key_pattern=self.pattern.text if self.schema is None else None,
            detail=detail,
            start=data.start,
            end=data.end,
        )
