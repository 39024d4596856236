"""Reading and writing objects in moto's own S3, in the caller's account."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._compat import read_key_part
from .common import partition_for

CHUNK_SIZE = 1024 * 1024


def s3_url(bucket: str, key: str = "") -> str:
    """``s3://bucket/key``: how the service names an object, or with a prefix a folder."""
    return f"s3://{bucket}/{key}"


@dataclass(frozen=True)
class S3Object:
    bucket: str
    key: str
    size: int

    @property
    def url(self) -> str:
        return s3_url(self.bucket, self.key)


@functools.cache
def _s3_backends() -> Any:
    """moto's S3 backends, imported on first use (a catch-up writes thousands of objects)."""
    from moto.s3.models import s3_backends

    return s3_backends


def _s3_backend(account_id: str, region: str) -> Any:
    backends = _s3_backends()[account_id]
    try:
        return backends[partition_for(region)]
    except KeyError:
        # moto releases before partition-keyed S3 backends keep one "global" backend.
        return backends["global"]


def _bucket(account_id: str, region: str, bucket: str) -> Any | None:
    backend = _s3_backend(account_id, region)
    buckets = backend.buckets
    return buckets.get(bucket)


def bucket_exists(account_id: str, region: str, bucket: str) -> bool:
    return _bucket(account_id, region, bucket) is not None


class Bucket:
    """A bucket of moto's S3 looked up once for the many objects that one request reads (a read
    after a long time jump reads thousands of small ones)."""

    def __init__(self, name: str, found: Any) -> None:
        self.name = name
        self._found = found

    def objects(self, prefix: str = "") -> list[S3Object]:
        """The current objects under ``prefix``, in key order."""
        return [
            S3Object(bucket=self.name, key=name, size=int(key.size))
            for name, key in self._current(prefix)
        ]

    def names(self, prefix: str = "") -> list[str]:
        """The keys of the current objects under ``prefix``, in key order."""
        return [name for name, _ in self._current(prefix)]

    def _current(self, prefix: str) -> Iterator[tuple[str, Any]]:
        keys = self._found.keys
        for name in sorted(keys.keys()):
            if not name.startswith(prefix):
                continue
            key = keys.get(name)
            if key is None or getattr(key, "is_delete_marker", False) or not hasattr(key, "size"):
                continue
            yield name, key

    def chunks(self, key: str) -> Iterator[bytes]:
        """The object's bytes in chunks, never the whole object at once; none when it is
        missing."""
        fake_key = self._found.keys.get(key)
        if fake_key is None:
            return
        position = 0
        while True:
            chunk = read_key_part(fake_key, position, CHUNK_SIZE)
            if chunk:
                yield chunk
            # A short read is the end of the object: a small one takes a single read.
            if len(chunk) < CHUNK_SIZE:
                return
            position += len(chunk)


def find_bucket(account_id: str, region: str, bucket: str) -> Bucket | None:
    found = _bucket(account_id, region, bucket)
    return None if found is None else Bucket(bucket, found)


def list_objects(account_id: str, region: str, bucket: str, prefix: str = "") -> list[S3Object]:
    """The current objects under ``prefix``, in key order; empty when the bucket is missing."""
    found = find_bucket(account_id, region, bucket)
    return [] if found is None else found.objects(prefix)


def read_chunks(account_id: str, region: str, bucket: str, key: str) -> Iterator[bytes]:
    """The object's bytes in chunks, never the whole object at once."""
    found = find_bucket(account_id, region, bucket)
    if found is not None:
        yield from found.chunks(key)


def read_object(account_id: str, region: str, bucket: str, key: str) -> bytes:
    return b"".join(read_chunks(account_id, region, bucket, key))


def put_object(account_id: str, region: str, bucket: str, key: str, body: bytes) -> bool:
    """Write an object; ``False`` when the bucket does not exist."""
    backend = _s3_backend(account_id, region)
    if backend.buckets.get(bucket) is None:
        return False
    backend.put_object(bucket, key, body)
    return True
