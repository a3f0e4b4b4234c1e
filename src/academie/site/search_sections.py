"""A page's text for the search index, cut into sections at its headings: what Material's search
plugin extracts with Python's HTMLParser, found here with one regular expression over the HTML.

Material's parser costs about 1 ms per lesson page (2 s of the site's build at 1,000 lessons, as
much again for the packs); this one reads the same tags and applies the same rules (same tags kept,
same parts skipped, same whitespace), so the index is the same, byte for byte
(tests/test_search_sections.py compares them on tricky pages). Its quirks are kept too: an element
excluded from search (`data-search-exclude`) excludes every element of the same tag until the first
one of them closes, as Material's does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape, unescape

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # written into the index as tags
ALWAYS_SKIPPED = frozenset({"object", "script", "style"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)

# Markup: a comment, a start or end tag (quoted attribute values may hold ">"), a declaration or a
# processing instruction. The text between two of them is one piece of data, as HTMLParser gives it.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(?P<end>/?)(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<![^>]*>|<\?[^>]*>",
    re.S,
)
_ATTRIBUTE = re.compile(r"(?P<name>[^\s=/>]+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s>]+))?")


@dataclass
class SearchSection:
    """A heading's part of a page: its title and text as Material's index writes them (kept tags
    included), the heading's id (none for the page's first part)."""

    tag: str  # the heading's tag, "hx" for the part before the first heading
    depth: float  # how deep the heading is nested; infinite once the parser left its parent
    excluded: bool = False  # the heading has data-search-exclude
    id: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _attributes(source: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(source):
        name, value = match["name"].lower(), match["value"]
        if value is not None and value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        found[name] = unescape(value) if value is not None else None
    return found


class _Sections:
    """Material's Parser (material/plugins/search/plugin.py), the same rules on tag names."""

    def __init__(self) -> None:
        self.context: list[str] = []
        self.open: defaultdict[str, int] = defaultdict(int)  # the tags in context, counted
        self.headerlinks = 0  # the heading permalinks (<a class="headerlink">) in context
        self.is_headerlink: list[bool] = []  # for each element of the context
        self.skip = set(ALWAYS_SKIPPED)
        self.skipped = 0  # the elements of the context whose tag is in `skip`: their text is left out
        self.sections: list[SearchSection] = []
        self.section: SearchSection | None = None

    def current(self) -> SearchSection:
        if self.section is None:
            self.section = SearchSection("hx", 0)
            self.sections.append(self.section)
        return self.section

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in VOID:
            return
        self.context.append(tag)
        self.open[tag] += 1
        if tag in self.skip:
            self.skipped += 1
        headerlink = tag == "a" and attrs.get("class") == "headerlink"
        self.is_headerlink.append(headerlink)
        self.headerlinks += headerlink
        if tag in HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.sections:
                self.sections.append(SearchSection("hx", depth))
            self.section = SearchSection(tag, depth, "data-search-exclude" in attrs)
            if self.sections:
                self.section.id = attrs["id"]
            self.sections.append(self.section)
        section = self.current()
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip:
                    self.skip.add(tag)
                    self.skipped += self.open[tag]
                return
        if tag in KEPT and not self.skipped:
            (section.title if self.open[section.tag] else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.context[-1] != tag:
            return
        section = self.current()
        if section.depth > len(self.context):  # leaving the element a heading was nested in
            for previous in reversed(self.sections):
                if previous.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = section = previous
                    break
        self.context.pop()
        self.open[tag] -= 1
        self.headerlinks -= self.is_headerlink.pop()
        if tag in self.skip:
            self.skipped -= 1
            if tag not in ALWAYS_SKIPPED:
                self.skip.remove(tag)
                self.skipped -= self.open[tag]
            return
        if tag in KEPT and not self.skipped:
            data = section.title if self.open[section.tag] else section.text
            index = data.index(f"<{tag}>")
            if all(item.isspace() for item in data[index + 1 :]):
                del data[index:]  # an element with nothing in it leaves nothing
            else:
                data.append(f"</{tag}>")

    def data(self, data: str) -> None:
        if self.skipped:
            return
        pre = self.open["pre"]
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.current()
        if self.open[section.tag]:
            if not self.headerlinks:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def search_sections(html: str) -> list[SearchSection]:
    """The sections of a page's HTML (its content, as MkDocs converted it), in order."""
    parser = _Sections()
    position = 0
    length = len(html)
    while position < length:
        match = _MARKUP.search(html, position)
        stop = match.start() if match else length
        if stop > position:
            parser.data(unescape(html[position:stop]))
        if match is None:
            break
        position = match.end()
        tag = match["tag"]
        if tag is None:  # a comment or a declaration
            continue
        tag = tag.lower()
        if match["end"]:
            parser.end(tag)
            continue
        source = match["attrs"]
        # Attributes matter on headings and links, and where a part is left out of the search.
        wanted = tag in HEADINGS or tag == "a" or "data-search-exclude" in source or "linenodiv" in source
        parser.start(tag, _attributes(source) if wanted and source else {})
        if source.rstrip().endswith("/"):  # <tag/>: HTMLParser starts and ends it
            parser.end(tag)
        elif tag in ("script", "style"):  # their content is not HTML: up to their end tag
            closing = re.compile(rf"</{tag}\s*>", re.I).search(html, position)
            if closing is None:
                break
            if closing.start() > position:
                parser.data(html[position : closing.start()])
            parser.end(tag)
            position = closing.end()
    return parser.sections


# What Material's search plugin removes from a page once indexed: `data-search-*` attributes with a
# value, and the whitespace just before each. Its pattern, r'\s?data-search-\w+="[^"]+"', starts with
# an optional character, so Python's regular expressions try it at every position of every page,
# booklets of 2.5 MB included (bench/search_sections.py: 0.44 s for the 2,081 pages of the bench's
# site, this 0.03 s); this one starts with the attribute's name, and takes the whitespace afterwards.
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def strip_search_attributes(html: str) -> str:
    """The page as Material's `re.sub(r'\\s?data-search-\\w+="[^"]+"', "", html)` leaves it."""
    pieces: list[str] = []
    end = 0
    for match in _SEARCH_ATTRIBUTE.finditer(html):
        start = match.start()
        if start and html[start - 1].isspace():  # the pattern's \s? (a match ends with a quote, never a space)
            start -= 1
        pieces.append(html[end:start])
        end = match.end()
    if not pieces:
        return html
    pieces.append(html[end:])
    return "".join(pieces)
