"""Footnotes: parse reference entries, find glued markers in text scrapes, link markers.

Pure functions over `ingest.blocks` objects; no I/O, regexes compiled once.

Reference parsing (`parse_reference`)
-------------------------------------
* title: a quoted part ("…", “…”, „…“, «…», ‘…’, '…') that opens an entry or follows
  `.`, `,`, `:`, `;`, `)` wins (a quoted word in the middle of a sentence is a scare quote,
  not a title). Otherwise an author-year prefix ("Smith, J. (2009).") or an author list
  ("Smith J, Doe A.", "Kardaun S et al.", "National Cancer Institute.") is skipped and the
  next sentence is the title. Otherwise the first sentence is the title (the
  "Title. Publisher. Year." shape). An author-like "Work, Publisher" with nothing after
  it ("Persona, Mozilla") is a work title and its publisher. Vancouver entries keep their
  subtitle sentences: the title runs up to the journal, the sentence(s) before the year
  segment ("Title. Subtitle. J Clin Investig. 1988;82(6):1826.", "... N. Engl. J. Med.
  2003;348:1.", "... Br J Dermatol 2013;169:1071"). A chapter title stops at its book
  (", in Book Name" when a sentence-case title meets a Title-Case name; "In: Book" always).
  An explanatory note or back-reference ("For exceptions, see …", "See …", "Ibid.") with
  no date and no URL has no title. Trailing `,.;:` and the quotes are removed.
* date: the publication date, ISO 8601 at the precision written ("2013-02-08", "2009-05",
  "2009"). Title text, URLs and DOIs are blanked first so a year inside a title is not read
  as the date. A date introduced by "accessed", "retrieved", "archived", "cited"... is when
  the work was read or archived, never its date: with no other date the date is null.
  Year ranges ("1993-2001") are coverage periods, not dates. Slashed numeric dates are
  month-first unless the first number exceeds 12; dotted ones are day-first. The
  components come from the regex match itself, so no day or month is ever filled in by
  default (which is why python-dateutil's parser is not used).
* url: the first http(s) URL in the text, without stray quotes/angle brackets and without
  trailing `.,;:` or an unbalanced `)`/`]`; else the entry's link target (`entry.url`, from
  an `<a href>`), cleaned the same way (`reference_link`): only absolute http(s) links
  count ("//host/x" is read as https; "#cite_ref-1", "/wiki/X", mailto: and search links
  such as Google Scholar or CAS lookups are not the work).

Glued markers in text scrapes (`find_glued_markers`)
----------------------------------------------------
Superscripts are flattened in text scrapes, so "relax.¹" arrives as "relax.1". A digit
group (1-3 digits, optionally a list "1,2" or range "1-3") is a marker only when every
number is a known reference number, nothing but the group's own characters touch it on
the left (a space before it means an ordinary number), and it is followed by whitespace,
the end, or closing punctuation that is itself followed by whitespace or the end (so
"3.5", "H2O", "1-diabetes" are not markers), and the next word is not a unit or count
("mg", "times", "million", "años"; case-sensitive, so "relax.1 Years later" still is one).
Lists must ascend ("1,2", never "1, 1"), ranges span at most 20. On the left it must be
glued to one of:

1. sentence punctuation `.,;:` (possibly after quotes) that follows a word of two or more
   letters that is not an abbreviation ("relax.1", "text,12", "20%.3"); never after a
   digit ("3.5", "877.328.2592", "10:30", "section 5.1"), a single letter ("p.12",
   "U.S.1", "v.2") or "No.", "Fig.", "Vol.", "pp."...; after `)`/`]` ("race).1") only
   when the brackets hold prose, not "2014;4(3):1";
2. `)`/`]` directly, when the bracketed text is prose with a space in it ("(see below)3"),
   not a formula ("Ca(OH)2");
3. a closing quote after a word ("said”1");
4. a bare word ("include2:", "palsy6"): only an all-lower-case word of >= 3 letters with a
   vowel, standing alone (start, space or opening bracket before it), that is not a unit or
   a word that commonly carries a number ("omega3", "covid19", "type2", "phase3"), and
   followed by the end, `:.,;` + space, or a space not before code ("insert1 = x"). So
   "SF36", "IL6", "CYP3A4", "H1N1", "COX2", "Omega3", "vitaminD3", "CO2", "B12", "m2",
   "mg/m2", "v2", "sars-cov2" are never markers.

Unicode superscript digits ("relax.¹", "palsy²") follow the same rules, except that
rule 4 accepts any word of >= 3 letters that is not a unit, since the superscript itself
is the signal; a superscript after "Ã"/"Â" is mojibake ("Ã³" = "ó"), not a marker.
Bracketed markers glued to text ("relax.[1]", "word[^2]", "[1-3]", "[2][3]") are accepted;
"[1](url)", "[^1]: note" and "[text][1]" are Markdown links/definitions, not markers.
Tokens that are URLs, e-mail addresses or paths ("/", "@", "=") never hold markers.
There is no dictionary: "a normal English word" is approximated by the shape rules above
and a deny-list, so a glued lower-case non-word ("lokverz1:") can still pass rule 4.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ingest.blocks import (
    Block,
    ListBlock,
    ListItem,
    Marker,
    Paragraph,
    ReferenceEntry,
    ReferenceList,
)
from ingest.record import Reference

__all__ = [
    "ResolvedMarker",
    "duplicate_reference_numbers",
    "find_glued_markers",
    "parse_reference",
    "parse_references",
    "reference_link",
    "reference_numbers",
    "resolve_markers",
    "unresolved_numbers",
    "unused_references",
    "with_glued_markers",
]

# --------------------------------------------------------------------------- references

_MAX_REFERENCE_CHARS = 4000
_URL = re.compile(r"https?://[^\s<>\"“”‘’«»{}|\\^`]+", re.IGNORECASE)
_DOI = re.compile(r"\b(?:doi:\s*)?10\.\d{4,9}/\S+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?'\"*"
_HTTP = re.compile(r"https?://", re.IGNORECASE)
# Links that look a work up rather than point at it ("search links are not the work").
_SEARCH_LINK = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:scholar\.google\.[a-z.]+/|google\.[a-z.]+/search"
    r"|bing\.com/search|duckduckgo\.com/|chemport\.cas\.org/|scifinder\.cas\.org/)"
    r"|/scholar_lookup\b|[?&](?:term|query)=",
    re.IGNORECASE,
)
# Explanatory notes and back-references in a footnote list ("See …", "For details, …",
# "Ibid."): without a date or link they cite no work, so they have no title.
_NOTE = re.compile(
    r"\s*(?:see\b|cf\.|compare\b|note\b|n\.\s?b\.|ibid\b|ibidem\b|op\.\s?cit\b|also\b"
    r"|e\.g\.|i\.e\.|for (?:exceptions|details|more|further|example|instance|comparison"
    r"|a list|an overview|a discussion)\b)",
    re.IGNORECASE,
)

# Back-link arrows, Wikipedia's "^ a b" jump letters, Springer's "••" importance bullets.
_LEAD_JUNK = re.compile(r"^\s*(?:[\^↑]\s*(?:(?:[a-z]{1,2}\s+){2,}(?=\S))?|[•*†‡]+\s*)")

# Quote pairs; the ASCII single quote needs word boundaries so "Mitchell's" is not a quote.
_QUOTED = re.compile(
    r"“(?P<a>[^“”]{2,500})”"
    r"|„(?P<b>[^„“”]{2,500})[“”]"
    r"|«\s?(?P<c>[^«»]{2,500}?)\s?»"
    r"|\"(?P<d>[^\"]{2,500})\""
    r"|(?<![^\s(\[])‘(?P<e>[^‘’]{2,500}?)’(?![^\W_])"
    r"|(?<![^\s(\[])'(?P<f>[^'\s](?:[^']{0,498}[^'\s])?)'(?![^\W_])"
)

_AUTHOR_YEAR = re.compile(
    r"^(?P<auth>[^()\"“”]{2,160}?)\s*\((?P<when>[^()]{0,40}?\b(?:1[6-9]|20)\d\d[a-z]?\b[^()]{0,24})\)"
    r"\s*[.,:]?\s+"
)
_TWO_LETTERS = re.compile(r"[^\W\d_].*[^\W\d_]", re.DOTALL)
_QUOTE_CHARS = frozenset("\"“”„«»‘’'")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"”’)])\s+")
_ABBREV_END = re.compile(
    r"(?:\b(?:vs|e\.g|i\.e|cf|approx|St|Dr|Mr|Mrs|Ms|Prof|No|Nos|Vol|Fig|Suppl|Jr|Sr|Ed|Eds|pp?)"
    r"|\b[A-Z]\.[A-Z])\.$"
)
_ORG_WORDS = frozenset(
    """institute institutes agency administration association society organization
    organisation foundation council college committee department ministry board commission
    inc ltd llc gmbh ag corporation company university hospital group network services service
    centers centres laboratories pharmaceuticals authority office federal national""".split()
)
_ORG_ACRONYMS = frozenset(
    "FDA WHO CDC NIH NICE EMA AHRQ AAP ACOG AMA BMA MHRA TGA PMDA NCI USP ASHP".split()
)
_NAME_PARTICLES = frozenset(
    """van von de der den da di du la le del della dos ter ten bin al el y und and & with of
    for the on""".split()
)
_INITIALS = re.compile(
    r"^(?:[^\W\d_a-z](?:[.\-‐]?[^\W\d_a-z]){0,3}\.?|[^\W\d_a-z]\.(?:-?[^\W\d_a-z]\.){0,3})$"
)
_ET_AL = re.compile(r"[,;]?\s*\bet\.?\s+al\b\.?", re.IGNORECASE)
_MAX_TITLE_CHARS = 500
_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME_SPLIT = re.compile(r"[\s,;]+")
_BARE_YEAR = re.compile(r"\(?(?:1[6-9]\d\d|20\d\d)[a-z]?\)?\.?")
# Vancouver source segments: "1988;82(6):1826", "2013 Feb 8;12(3)", "2009 Jan-Feb;", with the
# journal in front when no period separates them. A bare "2019." is not enough: in
# "Title. Maker. City. 2019." the sentences before it are no journal.
_YEAR_SEGMENT_TAIL = (
    r"(?:1[6-9]\d\d|20\d\d)(?:\s+[A-Z][a-z]{2,8}\.?(?:[-–/][A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2})?)?"
    r"\s*[;:(]"
)
_YEAR_SEGMENT = re.compile(_YEAR_SEGMENT_TAIL)
_JOURNAL_YEAR = re.compile(
    r"[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|of|and|the|in|for|&|de|der|und|la|le))"
    r"{0,8}\s+" + _YEAR_SEGMENT_TAIL
)
_JOURNAL_WORD = re.compile(r"[A-Z][A-Za-z]{0,11}")
_JOURNAL_NAMES = frozenset(
    """Journal J Annals Ann Archives Arch Proceedings Proc Acta Bulletin Bull Reports Rep
    Review Reviews Rev Letters Lett Transactions Trans Journals Zeitschrift Revista Revue
    Gazette Quarterly Yearbook""".split()
)
_IN_CONTAINER = re.compile(r"(?:,\s+[Ii]n|\s+In)(?P<colon>:)?\s+(?=[^\W\d_])")
# "Persona, Mozilla": an italic work title and its publisher, nothing else.
_WORK_PUBLISHER = re.compile(r"[^,;]{2,200},[^,;]{2,120}$")

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "jan january januar jänner janvier enero",
        "feb february februar février fevrier febrero",
        "mar march märz maerz mars marzo",
        "apr april avril abril",
        "may mai mayo",
        "jun june juni juin junio",
        "jul july juli juillet julio",
        "aug august août aout agosto",
        "sep sept september septembre septiembre",
        "oct october oktober octobre octubre",
        "nov november novembre noviembre",
        "dec december dezember décembre decembre diciembre",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# Dates are found from their year: each year is tried with what may stand after it
# (ISO, PubMed "2013 Feb 8") and before it (month-day, day-month, dotted, slashed).
_YEAR_AT = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_AFTER_YEAR = re.compile(
    r"[-/.](?P<im>0?[1-9]|1[0-2])[-/.](?P<id>[12]\d|3[01]|0?[1-9])(?!\d)"
    rf"|,?\s+(?P<mon>[^\W\d_]{{3,10}})\.?(?:\s+(?P<day>{_DAY}))?(?![\w:])",
)
_NUMERIC_BEFORE_YEAR = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2$")
_DAY_TOKEN = re.compile(r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\.?")
_RANGE_AFTER = re.compile(r"\s?[-–]\s?\d")
# Words that introduce an access or archive date; "reviewed" must not pass for "viewed".
_ACCESS_CUE = re.compile(
    r"\b(?:accessed|retrieved|archived|cited|viewed|consulted|downloaded|abgerufen"
    r"|zugegriffen|consultado|consulté)\b"
)


def parse_reference(entry: ReferenceEntry) -> Reference:
    """One reference entry as a `Reference` (title, ISO date, URL); never raises."""
    raw = entry.text
    # Real references are short; a runaway entry (a whole page) is only read in part.
    text = _LEAD_JUNK.sub("", raw[:_MAX_REFERENCE_CHARS])
    url_spans = [m.span() for m in _URL.finditer(text)]
    url = _clean_url(text[url_spans[0][0] : url_spans[0][1]]) if url_spans else None
    if url is None and entry.url:
        url = reference_link(entry.url)
    blanked = _blank(text, [*url_spans, *(m.span() for m in _DOI.finditer(text))])
    title, title_span = _title(blanked)
    date = _date(_blank(blanked, [title_span]) if title_span else blanked)
    if title is not None and date is None and url is None and _NOTE.match(text):
        title = None  # "For exceptions, see …": an explanatory note cites no work
    return Reference(number=max(entry.number, 0), title=title, date=date, url=url, raw=raw)


def parse_references(entries: Iterable[ReferenceEntry]) -> list[Reference]:
    """All entries parsed, in reference-number order (stable for equal numbers)."""
    return sorted((parse_reference(e) for e in entries), key=lambda r: r.number)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Spaces over `spans`, keeping every other offset where it was."""
    chars = list(text)
    changed = False
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
            changed = True
    return "".join(chars) if changed else text


def _clean_url(url: str) -> str | None:
    while url:
        last = url[-1]
        if last in _URL_TRAIL:
            url = url[:-1]
        elif last in ")]}":
            opener = {")": "(", "]": "[", "}": "{"}[last]
            if url.count(opener) >= url.count(last):
                break
            url = url[:-1]
        else:
            break
    # A scheme with nothing after it is no URL.
    return url if len(url.split("://", 1)[-1]) > 0 and "://" in url else None


def reference_link(href: str) -> str | None:
    """A link target as the URL of the cited work, or None when it is not one.

    Only absolute http(s) links count ("//host/x" is read as https); in-page anchors,
    relative paths, mailto: and search/lookup links (Google Scholar, CAS) are not the work.
    Trailing punctuation is cleaned as for URLs in the text. Readers can use it to pick
    the link they put in `ReferenceEntry.url`.
    """
    href = href.strip()
    if href.startswith("//"):
        href = "https:" + href
    if not _HTTP.match(href) or any(c.isspace() for c in href) or _SEARCH_LINK.search(href):
        return None
    return _clean_url(href)


def _title(text: str) -> tuple[str | None, tuple[int, int] | None]:
    for m in _QUOTED.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in ".,:;)]" and not before.endswith(" In"):
            continue  # a scare quote inside a sentence, not a title
        group = m.lastgroup
        if group is None:
            continue
        value = _tidy_title(m.group(group))
        if value:
            return value, m.span()
    start = 0
    ay = _AUTHOR_YEAR.match(text)
    if ay and _looks_like_authors(ay.group("auth"), author_year=True):
        start = ay.end()
        seg = _first_sentence(text, start)
    else:
        while start < len(text) and text[start].isspace():
            start += 1
        seg = _first_sentence(text, start)
        if seg is None:
            return None, None
        first = text[seg[0] : seg[1]]
        if _looks_like_authors(first, author_year=False):
            after = _first_sentence(text, _skip_sentence_end(text, seg[1]))
            if after is None and _WORK_PUBLISHER.match(first) and not _has_initials(first):
                # Nothing follows: "Persona, Mozilla" is a work and its publisher.
                seg = (seg[0], seg[0] + first.index(","))
            else:
                seg = after
            if seg is not None and _BARE_YEAR.fullmatch(text, seg[0], seg[1]):
                # Harvard "Smith J. 2003. Title.": the year sentence is not the title.
                seg = _first_sentence(text, _skip_sentence_end(text, seg[1]))
    if seg is None:
        return None, None
    seg = _cut_container(text, _extend_to_journal(text, seg))
    value = _tidy_title(text[seg[0] : seg[1]])
    return (value, seg) if value else (None, None)


def _sentences_after(text: str, seg: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = seg[1]
    while len(out) < limit:
        nxt = _first_sentence(text, _skip_sentence_end(text, pos))
        if nxt is None:
            break
        out.append(nxt)
        pos = nxt[1]
    return out


def _extend_to_journal(text: str, seg: tuple[int, int]) -> tuple[int, int]:
    """Vancouver entries: the title runs up to the journal that stands before the year
    segment ("Title. Subtitle. J Clin Investig. 1988;82(6):1826."), not to the first period."""
    spans = [seg, *_sentences_after(text, seg, 8)]
    journal = 0
    for k in range(1, len(spans)):
        sentence = text[spans[k][0] : spans[k][1]].rstrip(".")
        if _YEAR_SEGMENT.match(sentence):
            journal = k - 1
            # "N. Engl. J. Med." splits into one-word sentences, "Indian Journal of
            # Dermatology. Venereol Leprol." into two: they all belong to the journal.
            while journal > 1 and _journal_piece(
                text[spans[journal - 1][0] : spans[journal - 1][1]]
            ):
                journal -= 1
            break
        if _JOURNAL_YEAR.match(sentence):
            journal = k  # "Br J Dermatol 2013;169:1071"
            break
    if journal <= 1 or spans[journal - 1][1] - seg[0] > _MAX_TITLE_CHARS:
        return seg
    return seg[0], spans[journal - 1][1]


def _journal_piece(sentence: str) -> bool:
    sentence = sentence.rstrip(".")
    if _JOURNAL_WORD.fullmatch(sentence):
        return True
    words = sentence.split()
    return (
        len(words) <= 8
        and any(w in _JOURNAL_NAMES for w in words)
        and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)
    )


def _cut_container(text: str, seg: tuple[int, int]) -> tuple[int, int]:
    """A chapter title stops where its book begins: "Title, in Book Name", "Title. In: Book"."""
    value = text[seg[0] : seg[1]]
    for m in _IN_CONTAINER.finditer(value):
        if m.group("colon") is None:
            if not m.group().startswith(","):
                continue  # "… syndrome. In vitro …" is a sentence, not a book
            # Without a colon only a sentence-case title before a Title-Case book name.
            before, after = value[: m.start()], value[m.end() :]
            if not (_sentence_case(before) and _title_case(after)):
                continue
        return seg[0], seg[0] + m.start()
    return seg


def _sentence_case(value: str) -> bool:
    words = _LONG_WORD.findall(value)[1:]
    return any(w.islower() and w not in _NAME_PARTICLES for w in words)


def _title_case(value: str) -> bool:
    words = [w for w in _WORD.findall(value) if w not in _NAME_PARTICLES]
    capitals = sum(1 for w in words if w[0].isupper())
    return len(words) >= 2 and capitals * 3 >= len(words) * 2


def _has_initials(segment: str) -> bool:
    return _ET_AL.search(segment) is not None or any(
        _INITIALS.match(tok) for tok in _NAME_SPLIT.split(segment) if tok
    )


def _first_sentence(text: str, start: int) -> tuple[int, int] | None:
    """Span of the sentence starting at `start`, skipping abbreviations like "vs."."""
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    if start >= n:
        return None
    pos = start
    while True:
        m = _SENTENCE_END.search(text, pos)
        if m is None:
            end = n
            break
        if _ABBREV_END.search(text, max(start, m.start() - 8), m.start()):
            pos = m.end()
            continue
        end = m.start()
        break
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _skip_sentence_end(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos] in '.?!"”’)' or text[pos].isspace()):
        pos += 1
    return pos


def _tidy_title(value: str) -> str | None:
    value = " ".join(value.split()).rstrip(",.;:")
    # Drop surrounding quote marks, but keep a balanced inner quote ("… 'Failure'").
    while value and value[0] in _QUOTE_CHARS and value.count(value[0]) % 2 == 1:
        value = value[1:].lstrip()
    while value and value[-1] in _QUOTE_CHARS and value.count(value[-1]) % 2 == 1:
        value = value[:-1].rstrip().rstrip(",.;:")
    if value[:1] in "“„«‘" and value[-1:] in "”“»’" and len(value) > 2:
        value = value[1:-1].strip()
    if _TWO_LETTERS.search(value) is None or "://" in value:
        return None
    # A lone year, volume or page range is no title.
    if re.fullmatch(r"[\d\s;:().,–\-]+", value):
        return None
    return value


def _looks_like_authors(segment: str, *, author_year: bool) -> bool:
    """Vancouver/APA/MLA author lists and organisation names, not title text."""
    segment = segment.strip().rstrip(".")
    if not segment or len(segment) > 400:
        return False
    signal = False
    if _ET_AL.search(segment):
        segment = _ET_AL.sub("", segment)
        signal = True
    if "," in segment or ";" in segment:
        signal = True
    tokens = re.split(r"[\s,;]+", segment)
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 60:
        return False
    capitals = 0
    for tok in tokens:
        bare = tok.strip("()")
        if not bare:
            continue
        low = bare.lower()
        if low in _NAME_PARTICLES:
            continue
        if bare in _ORG_ACRONYMS or low.rstrip(".") in _ORG_WORDS:
            signal = True
            capitals += 1
            continue
        if _INITIALS.match(bare):
            signal = True
            continue
        if bare[0].isupper() and (bare[1:].islower() or not any(c.isalpha() for c in bare[1:])):
            capitals += 1
            continue
        # Mixed-case surnames: McDonald, DeAngelis, O'Neil, Do-Pham.
        if bare[0].isupper() and re.fullmatch(r"[^\W\d_]+(?:['’\-‐][^\W\d_]+)*", bare):
            capitals += 1
            continue
        return False
    return capitals > 0 and (signal or author_year)


def _date(text: str) -> str | None:
    for m in _YEAR_AT.finditer(text):
        found = _date_at(text, m.start(), m.end())
        if found is None:
            continue
        start, value = found
        # When the work was read or archived says nothing about when it was published.
        if not _accessed(text, start):
            return value
    return None


def _month(name: str) -> int:
    return _MONTHS.get(name.lower().rstrip("."), 0)


def _day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _date_at(text: str, ys: int, ye: int) -> tuple[int, str] | None:
    """The date around the year at [ys, ye): (start, ISO value), or None."""
    year = int(text[ys:ye])
    before_ok = ys == 0 or text[ys - 1] not in "."
    after = _AFTER_YEAR.match(text, ye) if before_ok else None
    if after is not None:
        if after.group("im"):
            value = _iso(year, int(after.group("im")), int(after.group("id")))
            if value:
                return ys, value
        elif _month(after.group("mon")):
            month = _month(after.group("mon"))
            day = after.group("day")
            value = _iso(year, month, _day(day)) if day else None
            if value:
                return ys, value
            if after.group("mon")[0].isupper():  # "2019 may change" is no date
                if text[after.end() : after.end() + 1] in ("-", "–", "/"):
                    return ys, str(year)  # "2003 Jan-Feb": a span of months
                return ys, _iso(year, month, None) or str(year)
    before = _date_before(text, ys, year)
    if before is not None:
        return before
    # A bare year: not inside a word, number, path or range ("1993-2001").
    if ys > 0 and (text[ys - 1].isalnum() or text[ys - 1] in "./–-_"):
        return None
    if ye < len(text) and (text[ye].isdigit() or text[ye] == "/"):
        return None
    if _RANGE_AFTER.match(text, ye):
        return None
    return ys, str(year)


def _date_before(text: str, ys: int, year: int) -> tuple[int, str] | None:
    """Day/month written before the year: "08.02.", "2/8/", "February 8, ", "8 Feb "."""
    num = _NUMERIC_BEFORE_YEAR.search(text, max(0, ys - 6), ys)
    if num is not None:
        first, second = int(num.group(1)), int(num.group(3))
        if num.group(2) == ".":  # dotted dates are day-first
            month, day = second, first
        else:  # slashed dates are month-first unless that cannot be
            month, day = (second, first) if first > 12 else (first, second)
        value = _iso(year, month, day)
        return (num.start(), value) if value else None
    if ys == 0 or not text[ys - 1].isspace():
        return None
    lo = max(0, ys - 32)
    words = [w.strip("([,") for w in text[lo:ys].split()[-3:]]
    if not words or not words[-1]:
        return None
    last = words[-1]
    prev = words[-2] if len(words) > 1 else ""
    month = _month(last)
    if month:
        if prev == "of" and len(words) > 2:  # "8th of February 2013"
            prev = words[-3]
        if prev and _DAY_TOKEN.fullmatch(prev):
            value = _iso(year, month, _day(prev))
            if value:
                return _word_start(text, lo, ys, prev), value
        if last[0].isupper():  # a month without a day must be capitalised
            value = _iso(year, month, None)
            if value:
                return _word_start(text, lo, ys, last), value
        return None
    if _DAY_TOKEN.fullmatch(last) and prev and _month(prev):
        value = _iso(year, _month(prev), _day(last))
        if value:
            return _word_start(text, lo, ys, prev), value
    return None


def _word_start(text: str, lo: int, hi: int, word: str) -> int:
    at = text.rfind(word, lo, hi)
    return at if at >= 0 else lo


def _accessed(text: str, start: int) -> bool:
    """True when the date at `start` is introduced by "Accessed", "Retrieved"..."""
    window = text[max(0, start - 48) : start]
    cut = max(window.rfind(". "), window.rfind(";"))
    window = window[cut + 1 :].lower()
    return _ACCESS_CUE.search(window) is not None


def _iso(year: int, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- glued markers

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS + "⁻", "0123456789-")
_CHAIN = frozenset(".,;:)]”\"’'")
_SENTENCE_PUNCT = frozenset(".,;:")
_FOLLOW = frozenset(".,;:!?)]”\"’'")
_OPENERS = frozenset("([{“\"‘'")
_VOWELS = frozenset("aeiouyàáâäãåèéêëìíîïòóôöõùúûüýÿæœ")

# The leading lookahead lets the engine skip to digits and brackets quickly (3x faster).
_CANDIDATE = re.compile(
    r"(?=[\[\d⁰¹²³⁴-⁹])"
    r"(?:\[\^?(?P<br>\d{1,3}(?:\s?[,–-]\s?\d{1,3})*)\](?![(:])"
    r"|(?<=\S)(?P<sup>[⁰¹²³⁴-⁹]{1,3}(?:[,⁻–-][⁰¹²³⁴-⁹]{1,3})*)"
    r"|(?<=[^\W\d_]|[.,;:)\]”\"’'])(?P<num>\d{1,3}(?:[,–-]\d{1,3})*)(?!\w))"
)
# A unit or count after the number makes it a quantity ("tablets,2 mg", "Adultos:1 comprimido").
# Case-sensitive: a capitalised word after "relax.1 " starts the next sentence ("Years
# later"), except German nouns, which are always capitalised.
_BRACKET_MARKER = re.compile(r"\[\^?\d{1,3}(?:\s?[,–-]\s?\d{1,3})*\]")
_UNIT_AFTER = re.compile(
    r"\s+(?:mg|mcg|µg|μg|ug|ng|g|kg|ml|mL|l|L|dl|dL|mmol|mol|meq|mEq|iu|IU|units?|U|mm|cm|m|km"
    r"|h|hr|hrs|hours?|min|minutes?|sec|seconds?|days?|weeks?|months?|years?|times|fold|x|×"
    r"|percent|%|million|billion|thousand|hundred|tablets?|capsules?|doses?|patients|subjects"
    r"|people|persons|cases|drops?|puffs?|sprays?|sachets?|vials?|ampoules?|applications?"
    r"|años|anos|ans|anni|días|dias|jours|giorni|meses|mois|mesi|semanas|semaines|horas|heures"
    r"|ore|comprimidos?|tabletas?|cápsulas?|capsulas?|gélules?|sobres?|gotas|gouttes"
    r"|Jahre|Tage|Monate|Wochen|Stunden|Minuten|Tabletten|Kapseln|Tropfen)(?![a-zß-öø-ÿ])"
)
# Words before a period that make "No.1", "Fig.2", "pp.12" ordinary numbering.
_ABBREVIATIONS = frozenset(
    """no nos nr vol vols fig figs pp ch chap sec sect art tab tbl ref refs ver rev vs op ed eds
    eq eqs ex para approx ca cf num pt pts tel fax ph suppl pg pgs par abs ser app appx
    bd hft""".split()
)
# Lower-case words that routinely carry a number as part of a name or measurement.
_NUMBERED_WORDS = frozenset(
    """min sec hrs mol mmol kcal cal mcg meq mosm kda day days week weeks month months year
    years dose doses type types phase class grade stage step level part section chapter table
    figure fig page item line version ver rev omega vitamin covid sars cov ipv html http https
    www web top gen cyp cox hla tnf hiv hpv hsv hbv hcv htlv cdk jak ace factor complex subtype
    serotype genotype allele isoform receptor chromosome trisomy exon intron codon lane well
    plate cohort arm group peg ppg laureth ceteareth steareth polysorbate poloxamer oleth
    nonoxynol ceteth polyquaternium quaternium dimethicone vol pad room floor channel model size
    number round visit cycle wave batch lot sample patient subject case site region area zone
    tier block unit ward bed apo apoe brca mir kras braf egfr erbb her tlr kir nav cav
    trp""".split()
)
_UNIT_WORDS = frozenset(
    "mg mcg ng kg ml dl mm cm km m g l h min sec mol mmol kcal cal meq mosm kda".split()
)


def find_glued_markers(text: str, numbers: Collection[int]) -> tuple[str, list[Marker]]:
    """Remove footnote markers glued to words/punctuation; return (text, markers).

    Only numbers in `numbers` (the page's reference numbers) can be markers. Offsets
    refer to the returned text. See the module docstring for the rules.
    """
    new_text, markers, _ = _find(text, numbers)
    return new_text, markers


def _find(text: str, numbers: Collection[int]) -> tuple[str, list[Marker], list[tuple[int, int]]]:
    """`find_glued_markers` plus the removed spans (original start, length)."""
    known = numbers if isinstance(numbers, (set, frozenset)) else frozenset(numbers)
    if not known or not text:
        return text, [], []
    pieces: list[str] = []
    markers: list[Marker] = []
    removals: list[tuple[int, int]] = []
    kept = 0  # end of the last piece of `text` copied
    removed = 0  # characters removed so far
    last_marker_end = -1
    for m in _CANDIDATE.finditer(text):
        group = m.lastgroup
        start, end = m.span()
        if group == "br":
            if start == 0 or text[start - 1].isspace():
                continue
            if text[start - 1] in "[(" or (text[start - 1] == "]" and start != last_marker_end):
                continue  # "[text][1]" is a Markdown reference link, "[[1, 2]" code
            labels = _labels(m.group("br").replace(" ", ""), known)
            if labels is None or _in_link_token(text, start):
                continue
            if not (_follow_ok(text, end) or _BRACKET_MARKER.match(text, end)):
                continue  # "[2][3]": the next marker follows directly
        else:
            is_sup = group == "sup"
            if is_sup and text[start - 1] in "ÃÂ":
                continue  # mojibake: "ó" read as Latin-1 is "Ã³"
            raw = m.group("sup" if is_sup else "num")
            labels = _labels(raw.translate(_FROM_SUPERSCRIPT) if is_sup else raw, known)
            if labels is None or not _follow_ok(text, end):
                continue
            if not _glued_ok(text, start, end, is_sup) or _in_link_token(text, start):
                continue
        pieces.append(text[kept:start])
        kept = end
        markers.extend(Marker(offset=start - removed, label=label) for label in labels)
        removals.append((start, end - start))
        removed += end - start
        last_marker_end = end
    if not markers:
        return text, [], []
    pieces.append(text[kept:])
    return "".join(pieces), markers, removals


def _labels(group: str, known: Collection[int]) -> list[str] | None:
    """The reference numbers a digit group stands for, or None if any is unknown."""
    if group.isdigit():  # the common case: one number
        return [str(int(group))] if int(group) in known else None
    out: list[int] = []
    for part in group.split(","):
        bounds = re.split(r"[–-]", part)
        if len(bounds) == 1:
            out.append(int(bounds[0]))
            continue
        if len(bounds) != 2 or not bounds[0] or not bounds[1]:
            return None
        lo, hi = int(bounds[0]), int(bounds[1])
        if not lo < hi <= lo + 20:
            return None
        out.extend(range(lo, hi + 1))
    if not out or any(n not in known for n in out):
        return None
    if any(b <= a for a, b in pairwise(out)):
        return None  # marker lists ascend: "1,2", never "1, 1" or "3,2"
    return [str(n) for n in out]


def _follow_ok(text: str, end: int) -> bool:
    n = len(text)
    if end == n:
        return True
    c = text[end]
    if c.isspace():
        return _UNIT_AFTER.match(text, end) is None
    if c not in _FOLLOW:
        return False
    f = end
    while f < n and text[f] in _FOLLOW:
        f += 1
    return f == n or text[f].isspace()


def _glued_ok(text: str, start: int, end: int, is_sup: bool) -> bool:
    j = start
    while j > 0 and text[j - 1] in _CHAIN:
        j -= 1
    chain = text[j:start]
    if j == 0:
        return False
    prev = text[j - 1]
    if chain:
        if any(c in _SENTENCE_PUNCT for c in chain):
            if chain[0] in ")]":  # "(… race).1", not "2014;4(3):1"
                prose = _prose_in_brackets(text, j)
                return prev.isalpha() if prose is None else prose
            if prev == "%":
                return True
            if not prev.isalpha():
                return False  # "3.5", "877.328", "10:30"
            word = _word_before(text, j)
            if len(word) < 2 or word.lower() in _ABBREVIATIONS:
                return False  # "p.12", "U.S.1", "No.1", "Fig.2"
            return not (len(word) == 2 and text[j - 3 : j - 2] == ".")  # "e.g.1"
        if chain[0] in ")]":
            return _prose_in_brackets(text, j) is True
        # Only quotes: "said”1".
        return prev.isalpha() and len(_word_before(text, j)) >= 2
    if not prev.isalpha():
        return False
    k = start
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    if k > 0 and not (text[k - 1].isspace() or text[k - 1] in _OPENERS):
        return False  # "mg/m2", "sars-cov2", "3A4"
    word = text[k:start]
    low = word.lower()
    if len(word) < 3 or low in _NUMBERED_WORDS or low in _UNIT_WORDS:
        return False
    if is_sup:
        return True
    return word.islower() and any(c in _VOWELS for c in word) and _word_follow_ok(text, end)


def _word_follow_ok(text: str, end: int) -> bool:
    """After "include2": the end, a space before prose, or `:.,;` then a space."""
    n = len(text)
    if end == n:
        return True
    c = text[end]
    if c in ":.,;":
        return end + 1 == n or text[end + 1].isspace()
    if not c.isspace():
        return False
    f = end
    while f < n and text[f] in " \t":
        f += 1
    return f == n or text[f] not in "=<>{}+*/&|^%"  # "insert1 = …" is code


def _word_before(text: str, end: int) -> str:
    k = end
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return text[k:end]


def _prose_in_brackets(text: str, close: int) -> bool | None:
    """Whether the bracket closing at `close` holds words ("(see below)"), not "(OH)";
    None when its opening bracket is not in sight."""
    closer = text[close]
    opener = "(" if closer == ")" else "["
    depth = 0
    i = close
    lo = max(0, close - 400)
    while i >= lo:
        c = text[i]
        if c == closer:
            depth += 1
        elif c == opener:
            depth -= 1
            if depth == 0:
                inner = text[i + 1 : close]
                return " " in inner.strip() and re.search(r"[a-z]{3}", inner) is not None
        i -= 1
    return None


def _in_link_token(text: str, pos: int) -> bool:
    """True when `pos` sits in a URL, e-mail address or path-like token."""
    lo = max(0, pos - 200)
    begin = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\t", lo, pos)) + 1
    token = text[begin:pos]
    return any(s in token for s in ("/", "@", "=", "\\", "_", "www.", "://"))


def with_glued_markers(blocks: Sequence[Block], numbers: Collection[int]) -> list[Block]:
    """Blocks with glued markers found in every paragraph/item whose `markers_known` is False.

    Returns new block objects for the changed ones (inputs are not modified); markers the
    reader already had are kept with their offsets shifted to the new text.
    """
    known = frozenset(numbers)
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and not block.markers_known:
            text, markers = _merge(block.text, block.markers, known)
            out.append(replace(block, text=text, markers=markers, markers_known=True))
        elif isinstance(block, ListBlock) and any(not i.markers_known for i in block.items):
            items: list[ListItem] = []
            for item in block.items:
                if item.markers_known:
                    items.append(item)
                    continue
                text, markers = _merge(item.text, item.markers, known)
                items.append(replace(item, text=text, markers=markers, markers_known=True))
            out.append(replace(block, items=items))
        else:
            out.append(block)
    return out


def _merge(text: str, old: list[Marker], known: frozenset[int]) -> tuple[str, list[Marker]]:
    new_text, found, removals = _find(text, known)
    if not old or not removals:
        return new_text, [*old, *found]
    shifted = [
        replace(mk, offset=mk.offset - sum(n for at, n in removals if at < mk.offset)) for mk in old
    ]
    return new_text, sorted([*shifted, *found], key=lambda mk: mk.offset)


# --------------------------------------------------------------------------- linking


@dataclass(frozen=True, slots=True)
class ResolvedMarker:
    """A marker linked to a reference number.

    `is_citation` is False for symbol/letter labels ("*", "a", "†"): table notes and
    asides, not numbered citations, so they are neither linked nor reported.
    `resolved` is True when a reference entry with `reference` exists.
    """

    marker: Marker
    reference: int | None
    is_citation: bool
    resolved: bool


_LABEL_NUMBER = re.compile(r"^[\[(]?\^?\s*(\d{1,4})\s*[\])]?$")


def resolve_markers(
    markers: Iterable[Marker], entries: Sequence[ReferenceEntry]
) -> list[ResolvedMarker]:
    """Link each marker: by its target anchor when it has one, else by its numeric label."""
    by_anchor = {e.anchor: e.number for e in entries if e.anchor}
    numbers = {e.number for e in entries}
    out: list[ResolvedMarker] = []
    for mk in markers:
        label = mk.label.strip().translate(_FROM_SUPERSCRIPT)
        m = _LABEL_NUMBER.match(label)
        if label and m is None:
            out.append(ResolvedMarker(mk, None, is_citation=False, resolved=False))
            continue
        if mk.target is not None:
            target = mk.target.lstrip("#")
            if target in by_anchor:
                out.append(ResolvedMarker(mk, by_anchor[target], is_citation=True, resolved=True))
                continue
        if m is None:  # no label and a target that matches nothing
            out.append(ResolvedMarker(mk, None, is_citation=True, resolved=False))
            continue
        number = int(m.group(1))
        out.append(ResolvedMarker(mk, number, is_citation=True, resolved=number in numbers))
    return out


def reference_numbers(blocks: Iterable[Block]) -> frozenset[int]:
    """Every reference number listed in the blocks' reference lists."""
    return frozenset(e.number for b in blocks if isinstance(b, ReferenceList) for e in b.entries)


def unused_references(entries: Iterable[ReferenceEntry], cited: Collection[int]) -> list[int]:
    """Reference numbers never cited, in list order (for `unused-reference` diagnostics)."""
    seen: set[int] = set()
    out: list[int] = []
    for e in entries:
        if e.number not in cited and e.number not in seen:
            out.append(e.number)
        seen.add(e.number)
    return out


def unresolved_numbers(resolved: Iterable[ResolvedMarker]) -> list[int | None]:
    """Cited numbers with no reference entry, first-seen order, each once (None = unknown
    anchor without a numeric label); for `unresolved-citation` diagnostics."""
    out: list[int | None] = []
    for r in resolved:
        if r.is_citation and not r.resolved and r.reference not in out:
            out.append(r.reference)
    return out


def duplicate_reference_numbers(entries: Iterable[ReferenceEntry]) -> list[int]:
    """Numbers that occur more than once in the reference lists."""
    seen: set[int] = set()
    dups: list[int] = []
    for e in entries:
        if e.number in seen and e.number not in dups:
            dups.append(e.number)
        seen.add(e.number)
    return dups
