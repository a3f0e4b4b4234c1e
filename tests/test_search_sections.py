"""The search index's text is cut from each page by academie.site.search_sections instead of
Material's HTMLParser-based parser (three times faster): a learner must find exactly what Material's
own index would have given, so both are compared, on tricky pages and on every page of the site."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from projects import ROOT

from academie.site import strip_search_attributes

sys.path.insert(0, str(ROOT / "bench"))
from search_sections import material_sections as material
from search_sections import our_sections as ours

TRICKY = {
    "preface and headings": "<p>Avant.</p><h1 id='t'>Titre</h1><p>Un</p>\n<h2 id=\"a\">A <em>b</em></h2><p>Deux</p>",
    "no h1 first": "<h2 id='x'>Deux</h2><p>texte</p><h3 id='y'>Trois</h3><ul><li>a</li><li> </li></ul>",
    "permalink left out": '<h2 id="s">Section<a class="headerlink" href="#s" title="Lien">¶</a></h2><p>t</p>',
    "excluded block and its quirk": (
        "<div data-search-exclude><p>caché</p><div>interne</div><p>après la 1re div fermée</p></div>"
        "<div><p>visible</p></div>"
    ),
    "excluded heading": '<h2 id="a" data-search-exclude>Caché</h2><p>texte</p><h2 id="b">Vu</h2><p>ok</p>',
    "heading nested in a section": (
        '<section class="x"><h3 id="n">Dedans</h3><p>un</p></section><p>après la section</p>'
        '<h2 id="z">Z</h2><div><div><h4 id="deep">Profond</h4><p>p</p></div></div><p>fin</p>'
    ),
    "entities and apostrophes": "<p>L&rsquo;IA &amp; vous &lt;b&gt; &#233;t&eacute;</p><p>l’outil</p>",
    "pre keeps its whitespace": "<pre><code>ligne 1\n  ligne 2\n\n</code></pre><p>a\nb</p>",
    "scripts, styles, comments": (
        "<script>if (a<b && c>d) { x = '<p>'; }</script><style>p>a{color:red}</style>"
        "<!-- <p>commentaire</p> --><p>texte<br/>suite<img src='x.png' alt='y'></p>"
    ),
    "empty kept elements": "<p> </p><ul>\n<li>\n</li>\n</ul><p><code></code></p><p>fin</p>",
    "attributes with > and quotes": '<p title="a > b" data-x=\'"\'>ok</p><a href=x class=headerlink>lien</a>',
    "line numbers": '<div class="linenodiv"><pre>1\n2</pre></div><p>code</p>',
    "unclosed and stray end tags": "<p>a<span>b</p></span><li>c<p>d</li>e",
    "self-closing non-void": "<p>a<svg><path d='M0'/></svg>b</p><h2 id='q'/>Après<p>x</p>",
}


@pytest.mark.parametrize("name", TRICKY)
def test_a_tricky_page_gives_the_same_sections_as_material(name: str) -> None:
    html = TRICKY[name]
    assert ours(html) == material(html)


def test_every_page_of_the_site_gives_the_same_sections_as_material(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    different = [
        str(page.relative_to(site)) for page in pages if ours(text := page.read_text("utf-8")) != material(text)
    ]
    assert different == []


# What Material's search plugin does to a page's HTML once it has indexed it.
MATERIAL_STRIP = r"\s?data-search-\w+=\"[^\"]+\""
PIECES = [" ", "\n", "\u00a0", "a", '"', "=", "<p", '="v"', '=""']
PIECES += ["data-search-", "data-search-exclude", 'data-search-x="v"']


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_search_attributes_go_as_material_removes_them(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert strip_search_attributes(html) == re.sub(MATERIAL_STRIP, "", html)


def test_a_page_keeps_its_text_when_its_search_attributes_go() -> None:
    html = '<div data-search-exclude><p data-search-boost="2" class="x">Texte</p>\n data-search-a="b"</div>'
    assert strip_search_attributes(html) == '<div data-search-exclude><p class="x">Texte</p>\n</div>'
