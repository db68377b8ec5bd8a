"""Benchmark drug NER: our dictionary matcher vs a spaCy EntityRuler over the same names.

    python scripts/bench_ner.py [--corpus DIR] [--runs 5] [--words 300000]

For each system a fresh child process reports: time until the vocabulary is ready, peak RSS
added by loading it, and matching throughput (words/s, one core, median of --runs passes)
over text from the corpus pages (Markdown/JSON/text scrapes and the seed page, repeated to
--words words). Load time and RSS are the median of --loads child processes.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_texts(corpus: Path, words: int) -> list[str]:
    """Paragraphs of real drug-page prose, repeated until there are `words` words."""
    parts: list[str] = [(REPO / "raw" / "baclofen-pna.txt").read_text(encoding="utf-8")]
    if corpus.is_dir():
        for p in sorted(corpus.rglob("*.md")):
            if p.name not in ("SOURCES.md", "README.md"):
                parts.append(p.read_text(encoding="utf-8"))
        for p in sorted(corpus.rglob("*.json")):
            parts.extend(re.findall(r'"content":\s*"((?:[^"\\]|\\.)*)"', p.read_text("utf-8")))
    paras = [q.strip() for t in parts for q in re.split(r"\n\s*\n", t) if q.strip()]
    out: list[str] = []
    n = 0
    while n < words:
        for q in paras:
            out.append(q)
            n += len(q.split())
            if n >= words:
                break
    return out


def child(system: str, corpus: Path, words: int, runs: int) -> dict[str, Any]:
    texts = bench_texts(corpus, words)
    nwords = sum(len(t.split()) for t in texts)
    # Code imports (the ingest package, spaCy) happen before the clock starts: what is timed
    # is getting the vocabulary ready.
    import spacy

    from ingest.ner import vocab
    from ingest.ner.matcher import DrugMatcher

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    if system == "drug_ner":
        matcher = DrugMatcher.load()
        load_s = time.perf_counter() - t0
        peak = _peak_mb() - rss0

        def run() -> int:
            return sum(len(matcher.find(t)) for t in texts)

    elif system == "drug_ner_spacy":  # the same matcher as a spaCy component (adds tokenizing)
        from ingest.ner import make_nlp

        nlp = make_nlp(DrugMatcher.load())
        load_s = time.perf_counter() - t0
        peak = _peak_mb() - rss0

        def run() -> int:
            return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=256))

    else:
        data = vocab.read(vocab.DEFAULT_PATH)
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        patterns = [
            {"label": data.entries[v.entry].label, "pattern": v.key, "id": str(v.entry)}
            for v in data.variants
        ]
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        load_s = time.perf_counter() - t0
        peak = _peak_mb() - rss0

        def run() -> int:
            return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=256))

    found = run()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return {
        "system": system,
        "load_s": load_s,
        "peak_rss_added_mb": peak,
        "words": nwords,
        "words_per_s": nwords / statistics.median(times),
        "entities": found,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--words", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--loads", type=int, default=3)
    ap.add_argument("--systems", default="drug_ner,drug_ner_spacy,entity_ruler")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.words, args.runs)))
        return 0

    rows = []
    for system in args.systems.split(","):
        results = []
        for i in range(args.loads):
            cmd = [sys.executable, __file__, "--child", system, "--corpus", str(args.corpus)]
            cmd += ["--words", str(args.words), "--runs", str(args.runs if i == 0 else 1)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
        rows.append(
            {
                "system": system,
                "load_s": statistics.median(r["load_s"] for r in results),
                "peak_rss_added_mb": statistics.median(r["peak_rss_added_mb"] for r in results),
                "words_per_s": results[0]["words_per_s"],
                "words": results[0]["words"],
                "entities": results[0]["entities"],
            }
        )
    print(f"{'system':<16} {'load s':>8} {'peak RSS +MB':>13} {'words/s':>12} {'entities':>9}")
    for r in rows:
        print(
            f"{r['system']:<16} {r['load_s']:8.2f} {r['peak_rss_added_mb']:13.1f}"
            f" {r['words_per_s']:12,.0f} {r['entities']:9d}"
        )
    print(f"(text: {rows[0]['words']:,} words; words/s = median of {args.runs} passes, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
