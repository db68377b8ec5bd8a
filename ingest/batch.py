"""Batch runs: find pages, structure each, write records, report failures.

Readers -> steps -> writers, as in datatrove: `discover` lists the pages, an
executor maps `structure_file` over them (in this process, or in a pool of worker
processes: same function, swappable), and the results are written in input order.
A page that fails is reported with its path and reason and never stops the batch;
its previous record, if any, is left untouched.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ingest.errors import PageError
from ingest.headings import slugify
from ingest.pipeline import structure
from ingest.record import Monograph
from ingest.site_profiles import SiteProfile
from ingest.writer import write_record

# Documentation that sits beside pages in collected folders, not pages.
DEFAULT_EXCLUDES = ("README*", "SOURCES*", "LICENSE*", "COPYING*", ".*")
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml", ".txt", ".md", ".markdown", ".json"})


@dataclass(frozen=True, slots=True)
class PageInput:
    path: Path  # on disk
    name: str  # relative to the batch root, with forward slashes: Source.path


@dataclass(slots=True)
class PageResult:
    page: PageInput
    record: Monograph | None = None
    error: str | None = None


@dataclass(slots=True)
class BatchReport:
    written: list[tuple[PageInput, Path]] = field(default_factory=list)
    failed: list[PageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def discover(paths: Sequence[Path], excludes: Sequence[str] = DEFAULT_EXCLUDES) -> list[PageInput]:
    """Files as given, folders searched recursively for page files; sorted, so that
    record ids and output order do not depend on the file system."""
    pages: list[PageInput] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = file.relative_to(path)
                if file.suffix.lower() in PAGE_SUFFIXES and not _excluded(rel, excludes):
                    pages.append(PageInput(file, rel.as_posix()))
        elif path.is_file():
            pages.append(PageInput(path, path.name))
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return pages


def _excluded(rel: Path, excludes: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in excludes)


def structure_file(page: PageInput, profile: SiteProfile | None = None) -> PageResult:
    """Structure one page; every failure becomes a result, never an exception."""
    try:
        raw = page.path.read_bytes()
        return PageResult(page, record=structure(raw, source=page.name, profile=profile))
    except PageError as error:
        return PageResult(page, error=f"{error.code}: {error.reason}")
    except OSError as error:
        return PageResult(page, error=f"unreadable: {error.strerror or error}")
    except Exception as error:  # a bug must not stop the batch; report it with its type
        return PageResult(page, error=f"internal-error: {type(error).__name__}: {error}")


Executor = Callable[[Callable[[PageInput], PageResult], Sequence[PageInput]], Iterator[PageResult]]


def local_executor(
    fn: Callable[[PageInput], PageResult], pages: Sequence[PageInput]
) -> Iterator[PageResult]:
    return map(fn, pages)


def pool_executor(jobs: int) -> Executor:
    """Worker processes; results still come back in input order."""

    def run(
        fn: Callable[[PageInput], PageResult], pages: Sequence[PageInput]
    ) -> Iterator[PageResult]:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(fn, pages, chunksize=max(1, len(pages) // (jobs * 8) or 1))

    return run


def unique_ids(results: Iterable[PageResult]) -> Iterator[PageResult]:
    """Make record ids unique in the batch: later pages with a taken id get their
    file stem added (`baclofen` -> `baclofen-baclofen-oral-route`), then a number."""
    taken: set[str] = set()
    for result in results:
        record = result.record
        if record is not None and record.id in taken:
            base = f"{record.id}-{slugify(Path(result.page.name).stem, fallback='page')}"
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            result.record = record.model_copy(update={"id": candidate})
        if result.record is not None:
            taken.add(result.record.id)
        yield result


def run_batch(
    pages: Sequence[PageInput],
    out_dir: Path,
    executor: Executor = local_executor,
    on_result: Callable[[PageResult], None] | None = None,
    profile: SiteProfile | None = None,
) -> BatchReport:
    report = BatchReport()
    work = partial(structure_file, profile=profile)
    for result in unique_ids(executor(work, pages)):
        if on_result is not None:
            on_result(result)
        if result.record is None:
            report.failed.append(result)
            continue
        try:
            report.written.append((result.page, write_record(result.record, out_dir)))
        except OSError as error:
            result.error = f"unwritable: {error}"
            report.failed.append(result)
    return report


def prune_stale(out_dir: Path, report: BatchReport) -> list[Path]:
    """Delete records in `out_dir` that this run did not write, except those of pages
    that failed this time (their last good record stays). Returns what was deleted."""
    written = {path.resolve() for _, path in report.written}
    failed_sources = {result.page.name for result in report.failed}
    deleted: list[Path] = []
    for path in sorted(out_dir.glob("*.json")):
        if path.resolve() in written:
            continue
        try:
            source = Monograph.model_validate_json(path.read_bytes()).source.path
        except (OSError, ValueError):
            continue  # not one of our records: never delete what we cannot read
        if source not in failed_sources:
            path.unlink()
            deleted.append(path)
    return deleted
