"""Evaluate drug NER against the hand-annotated gold set (tests/data/ner-gold/).

Gold files are JSONL, one passage per line, with offsets into the page's raw text (the file
decoded as UTF-8), so no page text is stored in the repository:

    {"source": "mayoclinic-text-scrape-md/baclofen-oral-route.md", "passage": [start, end],
     "sha256": "<first 16 hex of the passage text's sha256>",
     "mentions": [[start, end, "Lioresal", "baclofen", "DRUG"], ...]}

Scores: mention level = exact span and label; name level = the set of normalized DRUG names per
passage. The baseline is `drug_named_entity_recognition.find_drugs` (the vocabulary's source
package) fed the passage's word tokens; it is skipped when the package is not installed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.evaluation.scores import Score
from ingest.ner.matcher import DrugMatcher

Span = tuple[int, int, str]  # start, end, label
Finder = Callable[[str], list[tuple[int, int, str, str]]]  # -> (start, end, label, normalized)

REPO_ROOT = Path(__file__).resolve().parents[2]
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Passage:
    group: str  # the gold file's name without extension ("mayoclinic", "heldout-medlineplus")
    source: str
    start: int
    end: int
    text: str
    # (start, end) relative to the passage, covered text, normalized name, label
    mentions: list[tuple[int, int, str, str, str]]


@dataclass(slots=True)
class SystemReport:
    name: str
    mentions: Score = field(default_factory=Score)  # label DRUG, exact span
    names: Score = field(default_factory=Score)  # distinct normalized DRUG names per passage
    classes: Score = field(default_factory=Score)  # label DRUG_CLASS, exact span
    by_group: dict[str, Score] = field(default_factory=dict)  # DRUG mentions per gold file
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NerReport:
    passages: int
    sources: int
    gold_drugs: int
    gold_classes: int
    systems: list[SystemReport]
    notes: list[str] = field(default_factory=list)


def load_gold(gold_dir: Path, corpus_dir: Path) -> list[Passage]:
    """Read every *.jsonl under `gold_dir`; check that the pages still hold the annotated text."""
    pages: dict[str, str] = {}
    out: list[Passage] = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            where = f"{path.name}:{lineno}"
            src = rec["source"]
            if src not in pages:
                page = _page_path(src, corpus_dir)
                pages[src] = page.read_text(encoding="utf-8")
            start, end = rec["passage"]
            text = pages[src][start:end]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            if digest != rec["sha256"]:
                raise ValueError(f"{where}: passage text changed in {src}")
            mentions = []
            for s, e, covered, normalized, label in rec["mentions"]:
                if pages[src][s:e] != covered or not start <= s < e <= end:
                    raise ValueError(f"{where}: mention {covered!r} not at [{s}, {e}]")
                mentions.append((s - start, e - start, covered, normalized, label))
            out.append(Passage(path.stem, src, start, end, text, mentions))
    return out


def _page_path(source: str, corpus_dir: Path) -> Path:
    """A "repo:raw/baclofen-pna.txt" source is in this repository; others are corpus pages."""
    if source.startswith("repo:"):
        return REPO_ROOT / source.removeprefix("repo:")
    return corpus_dir / source


def matcher_finder(matcher: DrugMatcher) -> Finder:
    def find(text: str) -> list[tuple[int, int, str, str]]:
        return [(m.start, m.end, m.label, m.normalized) for m in matcher.find(text)]

    return find


def baseline_finder() -> Finder | None:
    """`drug_named_entity_recognition.find_drugs` over word tokens, or None if not installed."""
    try:
        from drug_named_entity_recognition import find_drugs
    except ImportError:
        return None

    def find(text: str) -> list[tuple[int, int, str, str]]:
        words = list(_WORD.finditer(text))
        found: dict[tuple[int, int], str] = {}
        for data, i, j in find_drugs([w.group() for w in words]):
            span = (words[i].start(), words[j - 1].end())
            found.setdefault(span, str(data.get("name") or data.get("matching_string", "")).lower())
        return [(s, e, "DRUG", n) for (s, e), n in sorted(found.items())]

    return find


def score(name: str, finder: Finder, passages: Iterable[Passage]) -> SystemReport:
    rep = SystemReport(name)
    for p in passages:
        pred = finder(p.text)
        for label, sc in (("DRUG", rep.mentions), ("DRUG_CLASS", rep.classes)):
            gold_spans = {(s, e) for s, e, _, _, lab in p.mentions if lab == label}
            pred_spans = {(s, e) for s, e, lab, _ in pred if lab == label}
            sc.tp += len(gold_spans & pred_spans)
            sc.fp += len(pred_spans - gold_spans)
            sc.fn += len(gold_spans - pred_spans)
            if label == "DRUG":
                g = rep.by_group.setdefault(p.group, Score())
                g.tp += len(gold_spans & pred_spans)
                g.fp += len(pred_spans - gold_spans)
                g.fn += len(gold_spans - pred_spans)
                for s, e in sorted(pred_spans - gold_spans):
                    rep.false_positives.append(_show(p, s, e))
                for s, e in sorted(gold_spans - pred_spans):
                    rep.false_negatives.append(_show(p, s, e))
        gold_names = {n for _, _, _, n, lab in p.mentions if lab == "DRUG"}
        pred_names = {n for _, _, lab, n in pred if lab == "DRUG"}
        rep.names.tp += len(gold_names & pred_names)
        rep.names.fp += len(pred_names - gold_names)
        rep.names.fn += len(gold_names - pred_names)
    return rep


def _show(p: Passage, s: int, e: int) -> str:
    left = p.text[max(0, s - 30) : s].replace("\n", " ")
    right = p.text[e : e + 30].replace("\n", " ")
    return f"{p.source}@{p.start + s}: …{left}[{p.text[s:e]}]{right}…"


def evaluate(gold_dir: Path, corpus_dir: Path, matcher: DrugMatcher | None = None) -> NerReport:
    """Score the drug matcher (and the baseline, when installed) on the gold passages."""
    passages = load_gold(gold_dir, corpus_dir)
    if matcher is None:
        from ingest.ner import default_matcher

        matcher = default_matcher()
    report = NerReport(
        passages=len(passages),
        sources=len({p.source for p in passages}),
        gold_drugs=sum(1 for p in passages for m in p.mentions if m[4] == "DRUG"),
        gold_classes=sum(1 for p in passages for m in p.mentions if m[4] == "DRUG_CLASS"),
        systems=[score("drug_ner (ours)", matcher_finder(matcher), passages)],
    )
    base = baseline_finder()
    if base is None:
        report.notes.append("baseline skipped: drug-named-entity-recognition is not installed")
    else:
        report.systems.append(score("baseline find_drugs", base, passages))
    return report


def format_report(report: NerReport, show_errors: int = 15) -> str:
    lines = [
        f"Drug NER evaluation: {report.passages} passages from {report.sources} pages, "
        f"{report.gold_drugs} DRUG mentions, {report.gold_classes} DRUG_CLASS mentions",
        "",
        f"{'system':<22} {'level':<22} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn",
    ]
    for rep in report.systems:
        for level, sc in (
            ("mention (DRUG, exact)", rep.mentions),
            ("distinct names", rep.names),
            ("mention (DRUG_CLASS)", rep.classes),
        ):
            lines.append(
                f"{rep.name:<22} {level:<22} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f}"
                f"   {sc.tp}/{sc.fp}/{sc.fn}"
            )
    lines.append("")
    lines.append(
        "DRUG mention F1 by gold file (heldout-* were annotated after the vocabulary froze):"
    )
    for group in sorted(report.systems[0].by_group):
        cells = []
        for rep in report.systems:
            sc = rep.by_group[group]
            cells.append(f"{rep.name} {sc.f1:.3f} ({sc.tp}/{sc.fp}/{sc.fn})")
        lines.append(f"  {group:<22} " + "   ".join(cells))
    lines.extend(report.notes)
    ours = report.systems[0]
    for title, items in (
        ("false positives", ours.false_positives),
        ("misses", ours.false_negatives),
    ):
        if items and show_errors:
            lines.append(f"\n{ours.name} {title} ({len(items)}):")
            lines.extend(f"  {x}" for x in items[:show_errors])
    return "\n".join(lines)


def main(gold_dir: Path, corpus_dir: Path) -> int:
    """Print the report (`ingest eval ner`)."""
    print(format_report(evaluate(gold_dir, corpus_dir)))
    return 0
