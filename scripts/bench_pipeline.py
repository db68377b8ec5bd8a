"""Throughput of the whole pipeline, side by side with trafilatura.extract.

    python scripts/bench_pipeline.py [--corpus DIR] [--repeat 5]

Reads every page of the corpus once (I/O is not timed), then times, over the same
HTML pages, `ingest.structure` (NER included) and `trafilatura.extract`, and our
pipeline over all pages it can read. Reports medians of --repeat runs, the
ratio, and peak RSS. Shared machines are noisy: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ingest import structure
from ingest.batch import discover
from ingest.errors import PageError
from ingest.ner import default_matcher


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _structure_all(pages: Sequence[tuple[str, bytes]]) -> None:
    for name, raw in pages:
        with contextlib.suppress(PageError):  # failing pages cost time too: keep them
            structure(raw, source=name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus" / "real")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    pages = [(p.name, p.path.read_bytes()) for p in discover([args.corpus])]
    html = [(n, r) for n, r in pages if n.endswith((".html", ".htm"))]
    if not html:
        print(f"no HTML pages under {args.corpus}", file=sys.stderr)
        return 2

    start = time.perf_counter()
    default_matcher()
    load_s = time.perf_counter() - start
    _structure_all(html)  # warm-up: readers imported, caches filled

    ours_html = _median_seconds(lambda: _structure_all(html), args.repeat)
    ours_all = _median_seconds(lambda: _structure_all(pages), args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"pages: {len(html)} HTML, {len(pages)} in all; median of {args.repeat} runs")
    print(f"vocabulary load:          {load_s:6.2f} s")
    print(f"ingest.structure, HTML:   {len(html) / ours_html:7.1f} pages/s")
    print(f"ingest.structure, all:    {len(pages) / ours_all:7.1f} pages/s")
    try:
        import trafilatura
    except ImportError:
        print("trafilatura not installed (pip install -e '.[bench]'): no comparison")
    else:
        texts = [raw.decode("utf-8", "replace") for _, raw in html]
        for text in texts:
            trafilatura.extract(text)
        theirs = _median_seconds(lambda: [trafilatura.extract(t) for t in texts], args.repeat)
        print(f"trafilatura.extract:      {len(html) / theirs:7.1f} pages/s")
        print(f"ratio (ours / trafilatura, HTML): {theirs / ours_html:5.1f}x  (target >= 5x)")
    print(f"peak RSS: {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
