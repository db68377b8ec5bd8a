"""Site profiles: small TOML files for legacy sites where heuristics fall short.

A profile can name the content root (a CSS selector), elements to drop, and
heading -> kind overrides (regular expressions). It is chosen by `--profile`
(a name or a .toml path) or found by the page's host (its canonical / og:url
link). No page needs one: profiles only sharpen what the defaults already do.

    name = "example"
    hosts = ["example.com"]          # also matches www.example.com
    content_root = "div.entry-content"
    drop = [".related-products", "#quote-form"]
    [kinds]
    "^buying guide$" = "commerce"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ingest.blocks import Document, Heading
from ingest.errors import IngestError
from ingest.headings import SECTION_KINDS, clean_heading

_PAGE_URL = re.compile(
    r"""<(?:link|meta)\b[^>]*?(?:rel=["']canonical["']|property=["']og:url["'])[^>]*>""", re.I
)
_HREF = re.compile(r"""(?:href|content)=["']https?://([^/"':]+)""", re.I)


class ProfileError(IngestError):
    """A profile file is missing or malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...] = ()
    content_root: str | None = None
    drop: tuple[str, ...] = ()
    kinds: tuple[tuple[re.Pattern[str], str], ...] = field(default=())

    def apply_kinds(self, document: Document) -> None:
        """Heading -> kind overrides become the headings' kind hints."""
        if not self.kinds:
            return
        for block in document.blocks:
            if isinstance(block, Heading):
                heading = clean_heading(block.text)
                for pattern, kind in self.kinds:
                    if pattern.search(heading):
                        block.kind_hint = kind
                        break

    def matches_host(self, host: str) -> bool:
        host = host.lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)


def load_profile(path: Path) -> SiteProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path}: cannot read profile: {error}") from None
    kinds: list[tuple[re.Pattern[str], str]] = []
    for pattern, kind in dict(data.get("kinds", {})).items():
        if kind not in SECTION_KINDS:
            raise ProfileError(f"{path}: unknown kind {kind!r} for heading pattern {pattern!r}")
        try:
            kinds.append((re.compile(pattern, re.I), kind))
        except re.error as error:
            raise ProfileError(f"{path}: bad heading pattern {pattern!r}: {error}") from None
    return SiteProfile(
        name=str(data.get("name") or path.stem),
        hosts=tuple(str(h).lower() for h in data.get("hosts", [])),
        content_root=data.get("content_root"),
        drop=tuple(str(s) for s in data.get("drop", [])),
        kinds=tuple(kinds),
    )


@lru_cache(maxsize=1)
def builtin_profiles() -> tuple[SiteProfile, ...]:
    folder = resources.files("ingest") / "profiles"
    return tuple(
        load_profile(Path(str(entry)))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    )


def resolve_profile(name_or_path: str) -> SiteProfile:
    """`--profile` value: a built-in profile's name or a path to a .toml file."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        if not path.is_file():
            raise ProfileError(f"{path}: no such profile file")
        return load_profile(path)
    for profile in builtin_profiles():
        if profile.name == name_or_path:
            return profile
    known = ", ".join(p.name for p in builtin_profiles())
    raise ProfileError(f"no profile named {name_or_path!r} (built in: {known})")


def profile_for_page(text: str) -> SiteProfile | None:
    """The built-in profile whose host the page's canonical / og:url link names."""
    profiles = builtin_profiles()
    if not profiles:
        return None
    for tag in _PAGE_URL.findall(text[:65536]):
        host = _HREF.search(tag)
        if host:
            for profile in profiles:
                if profile.matches_host(host.group(1)):
                    return profile
    return None
