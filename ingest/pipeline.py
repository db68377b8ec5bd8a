"""`structure(page) -> Monograph`: the steps, in order.

    bytes ─load─▶ text ─read─▶ blocks ─link markers─▶ ─segment─▶ section tree
          ─link─▶ citations ─annotate─▶ drug mentions ─extract─▶ fields ─build─▶ Monograph

Everything after `read` is format-agnostic. Each step is a plain function in its
own module; this file only wires them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from ingest.blocks import Document
from ingest.errors import PageError
from ingest.fields import Fields, extract_fields
from ingest.headings import slugify
from ingest.identity import describe, main_drug
from ingest.language import guess_language
from ingest.linking import link, mark_glued_markers
from ingest.load import decode
from ingest.mentions import find_mentions
from ingest.ner import DrugMatcher, default_matcher
from ingest.quality import content_diagnostics
from ingest.readers import get_reader
from ingest.readers.html import read_html
from ingest.readers.sniff import sniff_format
from ingest.record import Diagnostic, Drug, DrugMention, Monograph, Source
from ingest.sections import SectionNode, build_sections
from ingest.serialize import to_sections
from ingest.site_profiles import SiteProfile, profile_for_page


def structure(
    raw: bytes | str,
    *,
    source: str = "page",
    fmt: str | None = None,
    matcher: DrugMatcher | None = None,
    profile: SiteProfile | None = None,
) -> Monograph:
    """Structure one raw page into a validated record.

    `source` is the page's path relative to the batch root (it names the record when
    no drug is found); `fmt` forces a reader instead of sniffing the content;
    `profile` forces a site profile (else one is chosen by the page's host).
    Raises `PageError` when the page cannot become a record.
    """
    page = decode(raw)
    document = _read(page.text, fmt or sniff_format(page.text, PurePath(source).name), profile)
    if not document.blocks:
        raise PageError("empty-page", "no text blocks were found in the page")
    document.notes[:0] = page.notes
    matcher = matcher or default_matcher()

    mark_glued_markers(document)
    roots = build_sections(document)
    links = link(document, roots)
    mentions = find_mentions(roots, matcher)
    language = guess_language(_sample_text(roots), document.language)
    drug = _identify(document.title or roots[0].heading, roots, mentions, matcher)
    # a page without a title of its own is named by its drug
    title = document.title or (drug.name if drug.normalized else roots[0].heading)
    english = language in (None, "en")
    fields = extract_fields(roots, matcher.find, drug.normalized or None) if english else Fields()
    diagnostics = [Diagnostic(code=code, message=message) for code, message in document.notes]
    diagnostics += links.diagnostics
    if not english:
        diagnostics.append(
            Diagnostic(
                code="language",
                message=f"page language is {language!r}: English-only facts were not extracted",
            )
        )
    if not drug.normalized:
        diagnostics.append(Diagnostic(code="no-main-drug", message="no drug name was found"))
    diagnostics += content_diagnostics(roots, fields)

    return Monograph(
        id=slugify(drug.normalized or PurePath(source).stem, fallback="page"),
        title=title,
        drug=drug,
        source=Source(
            path=source,
            sha256=page.sha256,
            format=document.format,
            url=document.url,
            site=document.site,
        ),
        sections=to_sections(roots),
        indications=fields.indications,
        limitations=fields.limitations,
        contraindications=fields.contraindications,
        warnings=fields.warnings,
        side_effects=fields.side_effects,
        interactions=fields.interactions,
        drug_mentions=mentions,
        references=links.references,
        citations=links.citations,
        diagnostics=diagnostics,
        language=language,
    )


def _identify(
    title: str,
    roots: Sequence[SectionNode],
    mentions: Sequence[DrugMention],
    matcher: DrugMatcher,
) -> Drug:
    kinds = {node.id: node.kind for root in roots for node in root.walk()}
    title_drugs = [m for m in matcher.find(title) if m.label == "DRUG"]
    drug = main_drug(title_drugs, mentions, kinds)
    if drug is None:
        return Drug(name=title, normalized="")
    return describe(drug, roots)


def _sample_text(roots: Sequence[SectionNode]) -> str:
    parts: list[str] = []
    for root in roots:
        for node in root.walk():
            parts.append(node.text)
            parts.extend(node.items[:20])
            if sum(len(p) for p in parts) > 8000:
                return " ".join(parts)
    return " ".join(parts)


def _read(text: str, fmt: str, profile: SiteProfile | None) -> Document:
    """The `read` step: the format's reader, with the site profile applied."""
    if fmt == "html":
        profile = profile or profile_for_page(text)
    try:
        if profile is not None and fmt == "html":
            document = read_html(text, content_root=profile.content_root, drop=profile.drop)
        else:
            document = get_reader(fmt)(text)
    except ValueError as error:  # readers raise ValueError for input they cannot read
        raise PageError(f"unreadable-{fmt}", str(error)) from None
    if profile is not None:
        profile.apply_kinds(document)
    return document
