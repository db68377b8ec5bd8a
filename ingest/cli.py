"""The `ingest` command: thin wrappers over the Python API.

Exit codes: 0 all good, 1 some pages (or records) failed, each named with its
reason, 2 usage error (typer's own, or a path that does not exist).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ingest.batch import (
    DEFAULT_EXCLUDES,
    PageResult,
    discover,
    local_executor,
    pool_executor,
    prune_stale,
    run_batch,
)
from ingest.diff import diff_records
from ingest.errors import PageError
from ingest.record import Monograph
from ingest.schema import SCHEMA_PATH, schema_json
from ingest.site_profiles import ProfileError, SiteProfile, resolve_profile
from ingest.writer import to_json, write_atomic

app = typer.Typer(
    help="Turn scraped drug monograph pages into structured, validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Measure accuracy on the annotated real pages.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
# soft_wrap: one message per line, whatever the terminal width (logs get parsed).
err = Console(stderr=True, highlight=False, soft_wrap=True)

USAGE_ERROR = 2
PROFILE_OPTION = typer.Option(
    "--profile", help="Site profile: a built-in name or a .toml file (default: by the page's host)."
)


def _profile(name: str | None) -> SiteProfile | None:
    if name is None:
        return None
    try:
        return resolve_profile(name)
    except ProfileError as error:
        err.print(f"error: {error}")
        raise typer.Exit(USAGE_ERROR) from None


@app.command()
def run(
    paths: Annotated[
        list[Path], typer.Argument(help="Page files or folders (searched recursively).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the JSON records.")] = Path(
        "structured"
    ),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    include_all: Annotated[
        bool,
        typer.Option(help=f"Also read files named like {', '.join(DEFAULT_EXCLUDES)}."),
    ] = False,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    prune: Annotated[
        bool,
        typer.Option(
            help="Delete records in OUT no page of this run produced (failed pages keep theirs)."
        ),
    ] = False,
) -> None:
    """Structure every page under PATHS into OUT/<id>.json."""
    site_profile = _profile(profile)
    try:
        pages = discover(paths, excludes=() if include_all else DEFAULT_EXCLUDES)
    except FileNotFoundError as error:
        err.print(f"error: {error}")
        raise typer.Exit(USAGE_ERROR) from None
    if not pages:
        err.print("error: no page files found under the given paths")
        raise typer.Exit(USAGE_ERROR)
    executor = local_executor if jobs == 1 else pool_executor(jobs)
    show_progress = not quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]structuring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("pages", total=len(pages))

        def advance(result: PageResult) -> None:
            progress.advance(task)
            if result.error:
                progress.console.print(
                    f"failed {result.page.path}: {result.error}", style="red", markup=False
                )

        report = run_batch(pages, out, executor=executor, on_result=advance, profile=site_profile)
    if prune:
        for path in prune_stale(out, report):
            err.print(f"deleted stale record {path}")
    err.print(f"{len(report.written)} records written to {out}, {len(report.failed)} pages failed")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def show(
    page: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="One page file.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="Force a reader: html, text, markdown, spl...")
    ] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
) -> None:
    """Structure one page and print its record."""
    from ingest.pipeline import structure

    site_profile = _profile(profile)
    try:
        record = structure(page.read_bytes(), source=page.name, fmt=fmt, profile=site_profile)
    except PageError as error:
        err.print(f"{page}: {error.code}: {error.reason}")
        raise typer.Exit(1) from None
    sys.stdout.write(to_json(record))


@app.command()
def schema(
    out: Annotated[Path, typer.Option(help="Where to write the JSON Schema.")] = SCHEMA_PATH,
    check: Annotated[bool, typer.Option(help="Only check that OUT is up to date.")] = False,
) -> None:
    """Write the record's JSON Schema (generated from the pydantic models)."""
    text = schema_json()
    if check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            err.print(f"{out} is stale: run `ingest schema`")
            raise typer.Exit(1)
        return
    write_atomic(out, text)
    err.print(f"wrote {out}")


@app.command()
def validate(
    folder: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Folder of records.")
    ],
) -> None:
    """Check that every JSON record in FOLDER is valid against the contract."""
    files = sorted(folder.glob("*.json"))
    bad = 0
    for file in files:
        try:
            Monograph.model_validate_json(file.read_bytes())
        except ValidationError as error:
            bad += 1
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            err.print(f"{file}: {error.error_count()} errors, first at {where}: {first['msg']}")
    err.print(f"{len(files) - bad} of {len(files)} records valid")
    if bad:
        raise typer.Exit(1)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(exists=True, help="Old record, or folder of records.")],
    new: Annotated[Path, typer.Argument(exists=True, help="New record, or folder of records.")],
) -> None:
    """Show what changed between two records (or two folders of records), fact by fact."""
    pairs: list[tuple[str, Path | None, Path | None]]
    if old.is_dir() and new.is_dir():
        names = sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")})
        pairs = [(n, _existing(old / n), _existing(new / n)) for n in names]
    elif old.is_file() and new.is_file():
        pairs = [(new.name, old, new)]
    else:
        err.print("error: give two files or two folders")
        raise typer.Exit(USAGE_ERROR)
    changed = 0
    for name, a, b in pairs:
        if a is None or b is None:
            changed += 1
            print(f"{'+' if a is None else '-'} record {name}")
            continue
        lines = diff_records(_load(a), _load(b))
        if lines:
            changed += 1
            print(f"@ {name}")
            print("\n".join(f"  {line}" for line in lines))
    err.print(f"{changed} of {len(pairs)} records changed")


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


def _load(path: Path) -> Monograph:
    try:
        return Monograph.model_validate_json(path.read_bytes())
    except ValidationError as error:
        err.print(f"{path}: not a valid record ({error.error_count()} errors)")
        raise typer.Exit(1) from None


@eval_app.command("ner")
def eval_ner(
    gold: Annotated[Path, typer.Option(help="Folder of NER gold annotations.")] = Path(
        "tests/data/ner-gold"
    ),
    corpus: Annotated[Path | None, typer.Option(help="The real-page corpus folder.")] = None,
) -> None:
    """Drug NER precision / recall / F1 against the annotated real pages, with a baseline."""
    from ingest.ner.evaluate import main as ner_main

    raise typer.Exit(ner_main(gold, corpus or _default_corpus()))


@eval_app.command("fields")
def eval_fields(
    gold: Annotated[Path, typer.Option(help="Folder of per-page field gold files.")] = Path(
        "tests/data/field-gold"
    ),
    corpus: Annotated[Path | None, typer.Option(help="The real-page corpus folder.")] = None,
) -> None:
    """Per-field precision / recall / F1 against the annotated real pages."""
    from ingest.evaluation.fields import REPO_ROOT
    from ingest.evaluation.fields import main as fields_main

    raise typer.Exit(fields_main(gold, corpus or _default_corpus(), REPO_ROOT))


def _default_corpus() -> Path:
    here = Path.cwd()
    for base in (here, *here.parents):
        candidate = base.parent / "shared" / "corpus" / "real"
        if candidate.is_dir():
            return candidate
    err.print("error: corpus not found; pass --corpus")
    raise typer.Exit(USAGE_ERROR)


if __name__ == "__main__":  # pragma: no cover
    app()
