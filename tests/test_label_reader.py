"""The one label reader training uses: label CSV parsing, and ranges from a group or from S3."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from moto_lookoutequipment.data.label_files import (
    LabelFileError,
    parse_label_file,
    parse_timestamp,
)
from moto_lookoutequipment.exceptions import ResourceNotFoundException, ValidationException

ROLE = "arn:aws:iam::123456789012:role/lookout"


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


# Timestamps: the 21 documented formats, written out for 2021-03-04 05:06(:07).

WITH_SECONDS = [
    "2021-03-04-05-06-07",
    "2021-03-04T05:06:07",
    "2021-03-04 05:06:07",
    "2021-03-04-05:06:07",
    "2021/03/04T05:06:07",
    "2021/03/04 05:06:07",
    "20210304T05:06:07",
    "20210304 05:06:07",
    "20210304050607",
    "2021 03 04T05:06:07",
    "2021 03 04 05:06:07",
]
WITHOUT_SECONDS = [
    "2021-03-04T05:06",
    "2021-03-04 05:06",
    "2021-03-04-05:06",
    "20210304T05:06",
    "20210304 05:06",
    "202103040506",
    "2021/03/04T05:06",
    "2021/03/04 05:06",
    "2021 03 04T05:06",
    "2021 03 04 05:06",
]


@pytest.mark.parametrize("text", WITH_SECONDS)
def test_documented_formats_with_seconds(text: str) -> None:
    assert parse_timestamp(text) == utc(2021, 3, 4, 5, 6, 7)


@pytest.mark.parametrize("text", WITHOUT_SECONDS)
def test_documented_formats_without_seconds(text: str) -> None:
    assert parse_timestamp(text) == utc(2021, 3, 4, 5, 6)


def test_there_are_twenty_one_documented_formats() -> None:
    assert len(set(WITH_SECONDS + WITHOUT_SECONDS)) == 21


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-01T20:00:00.000000", utc(2020, 2, 1, 20)),
        ("2020-02-01 20:00:00.25", datetime(2020, 2, 1, 20, 0, 0, 250000, tzinfo=timezone.utc)),
        ("  2020-02-01T20:00:00  ", utc(2020, 2, 1, 20)),
    ],
)
def test_fractional_seconds_and_surrounding_spaces(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1/1/2020 0:00",
        "2020-1-1 00:00",
        "2020-02-30 00:00",
        "2020-02-01 24:00",
        "2020-02-01",
        "2020-02-01T20:00:00Z",
        "2020-02-01T20:00.5",
        "start",
        "",
    ],
)
def test_undocumented_or_impossible_timestamps_are_not_read(text: str) -> None:
    assert parse_timestamp(text) is None


# Label files


def test_label_file_rows_in_file_order() -> None:
    content = (
        b"\xef\xbb\xbf2020-02-05T00:00:00.000000,2020-02-06T00:00:00.000000\r\n"
        b"\r\n"
        b"2020/02/01 20:00,2020/02/03 00:00,bearing,ignored\n"
    )
    assert parse_label_file(content) == [
        (utc(2020, 2, 5), utc(2020, 2, 6)),
        (utc(2020, 2, 1, 20), utc(2020, 2, 3)),
    ]


def test_an_empty_label_file_has_no_ranges() -> None:
    assert parse_label_file(b"") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"2020-02-01 00:00\n", "line 1 has 1 column; a label row is start,end"),
        (
            b"2020-02-01 00:00,2020-02-02 00:00\nstart,end\n",
            "line 2: 'start' is not a timestamp in a supported format",
        ),
        (
            b"2020-02-01 00:00,1/2/2020 0:00\n",
            "line 1: '1/2/2020 0:00' is not a timestamp in a supported format",
        ),
        (
            b"2020-02-02 00:00,2020-02-02 00:00\n",
            "line 1: the end '2020-02-02 00:00' is not after the start '2020-02-02 00:00'",
        ),
        (b"\xff\xfe2\x000\x00", "the file is not UTF-8 text"),
    ],
)
def test_unreadable_label_files_say_where(content: bytes, message: str) -> None:
    with pytest.raises(LabelFileError) as raised:
        parse_label_file(content)
    assert str(raised.value) == message


# Ranges from a label group


def test_ranges_from_a_label_group_are_its_anomalies_sorted_by_start(
    client: Any, backend: Any
) -> None:
    client.create_label_group(LabelGroupName="pumps")
    for day, rating in ((9, "ANOMALY"), (1, "NO_ANOMALY"), (3, "ANOMALY"), (5, "NEUTRAL")):
        client.create_label(
            LabelGroupName="pumps",
            StartTime=utc(2024, 1, day),
            EndTime=utc(2024, 1, day + 1),
            Rating=rating,
        )
    ranges = backend.labels.label_ranges({"LabelGroupName": "pumps"}, ROLE)
    assert ranges == [(utc(2024, 1, 3), utc(2024, 1, 4)), (utc(2024, 1, 9), utc(2024, 1, 10))]
    assert all(start.tzinfo is not None for start, _ in ranges)


def test_ranges_from_a_group_without_labels_are_empty(client: Any, backend: Any) -> None:
    client.create_label_group(LabelGroupName="empty")
    assert backend.labels.label_ranges({"LabelGroupName": "empty"}, None) == []


def test_ranges_from_a_missing_label_group_are_not_found(backend: Any) -> None:
    with pytest.raises(ResourceNotFoundException, match="Label group 'nope' does not exist."):
        backend.labels.label_ranges({"LabelGroupName": "nope"}, ROLE)


def test_require_group_returns_the_group_or_raises_not_found(client: Any, backend: Any) -> None:
    arn = client.create_label_group(LabelGroupName="pumps", FaultCodes=["a"])["LabelGroupArn"]
    group = backend.labels.require_group("pumps")
    assert (group.name, group.arn, group.fault_codes) == ("pumps", arn, ["a"])
    with pytest.raises(ResourceNotFoundException):
        backend.labels.require_group("nope")


# Ranges from label files in S3


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="labels-bucket")
    return "labels-bucket"


def s3_config(bucket: str, prefix: str | None = "labels/") -> dict[str, Any]:
    location = {"Bucket": bucket} if prefix is None else {"Bucket": bucket, "Prefix": prefix}
    return {"S3InputConfiguration": location}


def test_ranges_from_every_label_file_under_the_prefix_sorted(
    s3: Any, bucket: str, backend: Any
) -> None:
    s3.put_object(
        Bucket=bucket,
        Key="labels/b.csv",
        Body=b"2020-03-01T00:00:00.000000,2020-03-02T00:00:00.000000\n",
    )
    s3.put_object(
        Bucket=bucket,
        Key="labels/pump/a.CSV",
        Body=b"2020-02-01 20:00:00,2020-02-03 00:00:00\n2020-04-01 00:00,2020-04-02 00:00\n",
    )
    s3.put_object(Bucket=bucket, Key="labels/readme.txt", Body=b"not a label file")
    s3.put_object(Bucket=bucket, Key="other/c.csv", Body=b"garbage")

    assert backend.labels.label_ranges(s3_config(bucket), ROLE) == [
        (utc(2020, 2, 1, 20), utc(2020, 2, 3)),
        (utc(2020, 3, 1), utc(2020, 3, 2)),
        (utc(2020, 4, 1), utc(2020, 4, 2)),
    ]


def test_without_a_prefix_the_whole_bucket_is_read(s3: Any, bucket: str, backend: Any) -> None:
    s3.put_object(Bucket=bucket, Key="labels.csv", Body=b"2020-02-01 00:00,2020-02-02 00:00\n")
    expected = [(utc(2020, 2, 1), utc(2020, 2, 2))]
    assert backend.labels.label_ranges(s3_config(bucket, None), ROLE) == expected
    assert backend.labels.label_ranges(s3_config(bucket, ""), ROLE) == expected


def test_a_missing_bucket_names_the_location(backend: Any, aws: None) -> None:
    with pytest.raises(ValidationException) as raised:
        backend.labels.label_ranges(s3_config("no-such-bucket"), ROLE)
    assert raised.value.message == (
        "The label location s3://no-such-bucket/labels/ is not readable: no such bucket."
    )


def test_no_label_file_under_the_prefix_names_the_location(
    s3: Any, bucket: str, backend: Any
) -> None:
    s3.put_object(Bucket=bucket, Key="labels/notes.txt", Body=b"x")
    s3.put_object(Bucket=bucket, Key="elsewhere/labels.csv", Body=b"x")
    with pytest.raises(ValidationException) as raised:
        backend.labels.label_ranges(s3_config(bucket), ROLE)
    assert (
        raised.value.message == "No label file (.csv) was found under s3://labels-bucket/labels/."
    )


def test_a_bad_row_names_the_file_and_line(s3: Any, bucket: str, backend: Any) -> None:
    s3.put_object(
        Bucket=bucket,
        Key="labels/a.csv",
        Body=b"2020-02-01 00:00,2020-02-02 00:00\n2020-02-05 00:00,2020-02-04 00:00\n",
    )
    with pytest.raises(ValidationException) as raised:
        backend.labels.label_ranges(s3_config(bucket), ROLE)
    assert raised.value.message == (
        "The label file s3://labels-bucket/labels/a.csv cannot be read: line 2: the end "
        "'2020-02-04 00:00' is not after the start '2020-02-05 00:00'."
    )


def test_the_bucket_is_looked_up_in_the_given_account(s3: Any, bucket: str, backend: Any) -> None:
    s3.put_object(Bucket=bucket, Key="labels/a.csv", Body=b"2020-02-01 00:00,2020-02-02 00:00\n")
    with pytest.raises(ValidationException, match="no such bucket"):
        backend.labels.label_ranges(s3_config(bucket), ROLE, account_id="210987654321")


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"LabelGroupName": "pumps", "S3InputConfiguration": {"Bucket": "labels-bucket"}},
    ],
)
def test_exactly_one_source_must_be_given(backend: Any, config: dict[str, Any]) -> None:
    with pytest.raises(ValidationException) as raised:
        backend.labels.label_ranges(config, ROLE)
    assert raised.value.message == (
        "LabelsInputConfiguration must give exactly one of S3InputConfiguration and LabelGroupName."
    )
