"""Per-field accuracy of the records against the gold annotations (`ingest eval fields`).

Every gold page (tests/data/field-gold/*.json) is structured with `ingest.structure` and each
annotated field is scored; counts are summed over pages (micro average). Rules (see
GUIDELINES.md beside the gold files):

- headings: one-to-one, order-preserving match on normalized text (case, punctuation and
  whitespace ignored). Values listed under a gold file's `optional` (site boilerplate
  headings, borderline names) are neither hits nor extras, in every field.
- section_kinds: accuracy of the kind on matched headings; a wrong kind counts as one fp and
  one fn, so P = R = F1 = accuracy.
- side_effects, indications, interactions, drug_mentions: distinct normalized values per
  page; side_effect_frequency and interaction_severity are label accuracies on the matched
  ones (a record naming a term twice keeps its strongest label).
- reference_titles / _dates / _urls: facts keyed by reference number; a reference's title
  fact (number + title) always exists, date and url facts only when not null.
  reference_fields sums the three.
- citations: one-to-one match of "[number] heading of the section holding the marker"
  (repeats count; the gold may accept the parent's heading for a run-in sub-heading).
- overall: micro average over every field above (reference_fields is not counted twice).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import PageError
from ingest.evaluation.gold import GoldPage, GoldReference, load_gold
from ingest.evaluation.matching import (
    Outcome,
    normalize,
    normalize_condition,
    normalize_url,
    score_labels,
    score_texts,
)
from ingest.evaluation.scores import Score
from ingest.record import Monograph, Reference, Section

FIELDS: tuple[str, ...] = (
    "headings",
    "section_kinds",
    "side_effects",
    "side_effect_frequency",
    "indications",
    "interactions",
    "interaction_severity",
    "reference_titles",
    "reference_dates",
    "reference_urls",
    "citations",
    "drug_mentions",
)
REFERENCE_FIELDS = ("reference_titles", "reference_dates", "reference_urls")
# The targets (project issue 4); shown beside the numbers, not enforced.
TARGETS: dict[str, float] = {
    "headings": 0.95,
    "side_effects": 0.95,
    "citations": 0.95,
    "reference_fields": 0.98,
}
_FREQUENCY_RANK = {"serious": 2, "common": 1, "unspecified": 0}
_SEVERITY_RANK = {"major": 3, "moderate": 2, "minor": 1, "unspecified": 0}

REPO_ROOT = Path(__file__).resolve().parents[2]
BASELINE = REPO_ROOT / "tests" / "data" / "field-baseline.json"
GOLD_DIR = REPO_ROOT / "tests" / "data" / "field-gold"
UPDATE_COMMAND = "python -m ingest.evaluation.fields --write-baseline"


@dataclass(slots=True)
class PageResult:
    name: str  # the gold file's stem
    source: str
    layout: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    error: str | None = None  # why the page could not be structured

    @property
    def score(self) -> Score:
        total = Score()
        for outcome in self.outcomes.values():
            total.add(outcome.score)
        return total


@dataclass(slots=True)
class FieldReport:
    pages: list[PageResult]
    totals: dict[str, Score]  # FIELDS that were annotated somewhere, + reference_fields, overall


def evaluate(gold_dir: Path, corpus_dir: Path, repo_dir: Path) -> FieldReport:
    """Structure every gold page and score each annotated field."""
    from ingest.pipeline import structure  # the NLP stack loads only when pages are scored

    results: list[PageResult] = []
    for gold in load_gold(gold_dir):
        path, source = page_path(gold.source, corpus_dir, repo_dir)
        result = PageResult(gold.name, gold.source, gold.layout)
        record: Monograph | None
        try:
            record = structure(path.read_bytes(), source=source)
        except PageError as error:
            record, result.error = None, f"{error.code}: {error.reason}"
        except Exception as error:  # a crash on one page is a finding, not the end of the run
            record, result.error = None, f"crash: {type(error).__name__}: {error}"
        result.outcomes = score_page(gold, record)
        results.append(result)
    return FieldReport(results, sum_pages(results))


def page_path(source: str, corpus_dir: Path, repo_dir: Path) -> tuple[Path, str]:
    """The file of a gold `source`, and the relative path the record is made under."""
    if source.startswith("repo:"):
        relative = source.removeprefix("repo:")
        return repo_dir / relative, relative
    return corpus_dir / source, source


def sum_pages(pages: Sequence[PageResult]) -> dict[str, Score]:
    totals: dict[str, Score] = {}
    for name in FIELDS:
        scored = [p.outcomes[name].score for p in pages if name in p.outcomes]
        if scored:
            totals[name] = Score()
            for s in scored:
                totals[name].add(s)
    if any(name in totals for name in REFERENCE_FIELDS):
        totals["reference_fields"] = Score()
        for name in REFERENCE_FIELDS:
            if name in totals:
                totals["reference_fields"].add(totals[name])
    totals["overall"] = Score()
    for name in FIELDS:
        if name in totals:
            totals["overall"].add(totals[name])
    return totals


def score_page(gold: GoldPage, record: Monograph | None) -> dict[str, Outcome]:
    """Score the annotated fields of one page; `record` None means the page failed."""
    out: dict[str, Outcome] = {}
    sections = _flatten(record.sections) if record else []
    if gold.headings is not None:
        predicted = [s.heading for s in sections]
        out["headings"], pairs = score_texts(
            [text for text, _ in gold.headings],
            predicted,
            ignore=gold.optional.get("headings", ()),
            ordered=True,
        )
        out["section_kinds"] = score_labels(
            (predicted[j], gold.headings[i][1], sections[j].kind) for i, j in pairs
        )
    if gold.side_effects is not None:
        effects = _strongest(
            [(e.term, e.frequency) for e in record.side_effects] if record else [],
            normalize,
            _FREQUENCY_RANK,
        )
        out["side_effects"], out["side_effect_frequency"] = _score_labelled(
            gold.side_effects, effects, gold.optional.get("side_effects", ())
        )
    if gold.indications is not None:
        conditions = _distinct([i.condition for i in record.indications] if record else [])
        out["indications"], _ = score_texts(
            gold.indications,
            conditions,
            ignore=gold.optional.get("indications", ()),
            normalizer=normalize_condition,
        )
    if gold.interactions is not None:
        drugs = _strongest(
            [(i.drug, i.severity) for i in record.interactions] if record else [],
            normalize,
            _SEVERITY_RANK,
        )
        out["interactions"], out["interaction_severity"] = _score_labelled(
            gold.interactions, drugs, gold.optional.get("interactions", ())
        )
    if gold.references is not None:
        out.update(score_references(gold.references, record.references if record else []))
    if gold.citations is not None:
        heading_of = {s.id: s.heading for s in sections}
        out["citations"], _ = score_texts(
            [_cite_variants(n, headings) for n, headings in gold.citations],
            [
                f"[{c.reference}] {heading_of.get(c.section, c.section)}"
                for c in (record.citations if record else [])
            ],
            ignore=[v for n, hs in gold.optional_citations for v in _cite_variants(n, hs)],
        )
    if gold.drug_mentions is not None:
        names = _distinct([m.normalized for m in record.drug_mentions] if record else [])
        out["drug_mentions"], _ = score_texts(
            gold.drug_mentions, names, ignore=gold.optional.get("drug_mentions", ())
        )
    return out


def _cite_variants(number: int, headings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"[{number}] {h}" for h in headings)


def score_references(
    gold: Sequence[GoldReference], predicted: Sequence[Reference]
) -> dict[str, Outcome]:
    """Title (with number), date and url facts of the numbered references."""
    by_number: dict[int, Reference] = {}
    for ref in predicted:
        by_number.setdefault(ref.number, ref)
    titles, dates, urls = Outcome(), Outcome(), Outcome()
    for g in gold:
        p = by_number.get(g.number)
        title = None if p is None else p.title or "(no title)"
        accepted = {normalize(t) for t in g.title} if g.title else {normalize("(no title)")}
        hit = title is not None and normalize(title) in accepted
        _fact(titles, g.number, g.title[0] if g.title else "(no title)", title, hit)
        date = None if p is None else p.date
        _fact(dates, g.number, g.date, date, date is not None and date == g.date)
        url = None if p is None else p.url
        hit = url is not None and g.url is not None and any(_same_url(url, u) for u in g.url)
        _fact(urls, g.number, g.url[0] if g.url else None, url, hit)
    known = {g.number for g in gold}
    for number, p in by_number.items():
        if number not in known:
            _fact(titles, number, None, p.title or "(no title)", False)
            _fact(dates, number, None, p.date, False)
            _fact(urls, number, None, p.url, False)
    return {"reference_titles": titles, "reference_dates": dates, "reference_urls": urls}


def _same_url(a: str, b: str) -> bool:
    return normalize_url(a) == normalize_url(b)


def _fact(out: Outcome, number: int, want: str | None, got: str | None, hit: bool) -> None:
    """One fact: a hit when both exist and agree; otherwise a miss and/or an extra."""
    if want is not None and got is not None and hit:
        out.score.tp += 1
        return
    if want is not None:
        out.score.fn += 1
        out.misses.append(f"[{number}] {want!r}")
    if got is not None:
        out.score.fp += 1
        out.extras.append(f"[{number}] {got!r}")


def _score_labelled(
    gold: Sequence[tuple[tuple[str, ...], str]],
    predicted: dict[str, tuple[str, str]],
    optional: Sequence[str],
) -> tuple[Outcome, Outcome]:
    """Text match of labelled entries, then label accuracy on the matched ones."""
    shown = [text for text, _ in predicted.values()]
    labels = [label for _, label in predicted.values()]
    texts, pairs = score_texts([v for v, _ in gold], shown, ignore=optional)
    return texts, score_labels((shown[j], (gold[i][1],), labels[j]) for i, j in pairs)


def _strongest(
    entries: Sequence[tuple[str, str]], key: Callable[[str], str], rank: dict[str, int]
) -> dict[str, tuple[str, str]]:
    """Distinct values (by `key`), each with the strongest label the record gives it."""
    out: dict[str, tuple[str, str]] = {}
    for text, label in entries:
        k = key(text)
        if k not in out or rank[label] > rank[out[k][1]]:
            out[k] = (out[k][0] if k in out else text, label)
    return out


def _distinct(values: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(normalize(v), v)
    return list(seen.values())


def _flatten(sections: Sequence[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(_flatten(s.children))
    return out


# -- report ------------------------------------------------------------------------------


def format_report(report: FieldReport, worst: int = 5, show: int = 8) -> str:
    """The per-field table, one line per page, and the worst pages with their errors."""
    lines = [
        f"Field accuracy on {len(report.pages)} gold pages "
        f"({len({p.layout for p in report.pages})} layouts); micro-averaged over pages",
        "",
        f"{'field':<22} {'P':>6} {'R':>6} {'F1':>6}  {'target':>6}   tp/fp/fn",
    ]
    for name in (*FIELDS, "reference_fields", "overall"):
        sc = report.totals.get(name)
        if sc is None:
            continue
        target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
        lines.append(
            f"{name:<22} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f}  {target:>6}"
            f"   {sc.tp}/{sc.fp}/{sc.fn}"
        )
    legend = ", ".join(f"{v}={k}" for k, v in _SHORT.items())
    lines += ["", f"Per page ({legend}):", f"{'page':<34} {'layout':<22} {'F1':>6}  fields (F1)"]
    for page in report.pages:
        cells = " ".join(f"{_short(n)}={_cell(o.score)}" for n, o in page.outcomes.items())
        flag = f"  FAILED {page.error}" if page.error else ""
        lines.append(f"{page.name:<34} {page.layout:<22} {page.score.f1:6.3f}  {cells}{flag}")
    ranked = sorted(report.pages, key=lambda p: (p.score.f1, p.name))[:worst]
    if ranked:
        lines += ["", f"Worst {len(ranked)} pages (lowest page F1): misses (-), extras (+)"]
    for page in ranked:
        lines.append(f"\n{page.name} ({page.source}) F1 {page.score.f1:.3f}")
        if page.error:
            lines.append(f"  page failed: {page.error}")
        for name, outcome in page.outcomes.items():
            if not outcome.misses and not outcome.extras:
                continue
            sc = outcome.score
            lines.append(f"  {name}: F1 {sc.f1:.3f} ({sc.tp}/{sc.fp}/{sc.fn})")
            lines += _listing("-", outcome.misses, show)
            lines += _listing("+", outcome.extras, show)
    return "\n".join(lines)


_SHORT = {
    "headings": "head",
    "section_kinds": "kind",
    "side_effects": "se",
    "side_effect_frequency": "freq",
    "indications": "ind",
    "interactions": "int",
    "interaction_severity": "sev",
    "reference_titles": "rtitle",
    "reference_dates": "rdate",
    "reference_urls": "rurl",
    "citations": "cite",
    "drug_mentions": "drugs",
}


def _cell(score: Score) -> str:
    """A field's page F1, or "-" when the page has nothing to find and nothing was found."""
    return f"{score.f1:.2f}" if score.tp + score.fp + score.fn else "-"


def _short(name: str) -> str:
    return _SHORT.get(name, name)


def _listing(sign: str, items: Sequence[str], show: int) -> list[str]:
    out = [f"    {sign} {item}" for item in items[:show]]
    if len(items) > show:
        out.append(f"    {sign} ... and {len(items) - show} more")
    return out


# -- regression gate ---------------------------------------------------------------------


def baseline_json(report: FieldReport) -> str:
    data = {
        "note": (
            "Per-field scores of `ingest eval fields` on tests/data/field-gold, checked by "
            "tests/test_eval_fields.py (fails when a field's F1 drops by more than 0.01). "
            "After an improvement, or after changing the gold files, update with "
            f"`{UPDATE_COMMAND}`."
        ),
        "pages": len(report.pages),
        "fields": {
            name: {
                "precision": round(sc.precision, 4),
                "recall": round(sc.recall, 4),
                "f1": round(sc.f1, 4),
                "tp": sc.tp,
                "fp": sc.fp,
                "fn": sc.fn,
            }
            for name, sc in report.totals.items()
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def check_regression(
    report: FieldReport, baseline_path: Path, tolerance: float = 0.01
) -> list[str]:
    """Fields whose F1 dropped by more than `tolerance` from the recorded baseline."""
    recorded = json.loads(baseline_path.read_text(encoding="utf-8"))["fields"]
    problems: list[str] = []
    for name, numbers in recorded.items():
        base = float(numbers["f1"])
        current = report.totals.get(name)
        if current is None:
            problems.append(f"{name}: no longer measured (baseline F1 {base:.4f})")
        elif current.f1 < base - tolerance:
            problems.append(
                f"{name}: F1 {current.f1:.4f} < baseline {base:.4f} - {tolerance} "
                f"(tp/fp/fn {current.tp}/{current.fp}/{current.fn}, "
                f"was {numbers['tp']}/{numbers['fp']}/{numbers['fn']})"
            )
    return problems


def main(gold_dir: Path, corpus_dir: Path, repo_dir: Path) -> int:
    """Print the report (`ingest eval fields`)."""
    print(format_report(evaluate(gold_dir, corpus_dir, repo_dir)))
    return 0


def default_corpus(repo_dir: Path = REPO_ROOT) -> Path:
    """The shared corpus beside the checkout, like tests/conftest.py (MONOGRAPH_SHARED wins)."""
    shared = Path(os.environ.get("MONOGRAPH_SHARED", repo_dir.parent / "shared"))
    return shared / "corpus" / "real"


def _cli(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.evaluation.fields", description=__doc__)
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--write-baseline", action="store_true", help="record the numbers")
    parser.add_argument("--check", action="store_true", help="exit 1 on a regression")
    parser.add_argument("--worst", type=int, default=5, help="worst pages to detail")
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus()
    report = evaluate(args.gold, corpus, REPO_ROOT)
    print(format_report(report, worst=args.worst))
    if args.write_baseline:
        args.baseline.write_text(baseline_json(report), encoding="utf-8")
        print(f"\nwrote {args.baseline}", file=sys.stderr)
    if args.check:
        problems = check_regression(report, args.baseline)
        for line in problems:
            print(f"regression: {line}", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(_cli())
