"""The site made from the catalogue: generated pages (tracks, syllabi, catalogue, evaluations,
downloads), lesson header and footer, quizzes as forms, booklets, GIFT files, offline packs,
and the platform's own templates, scripts and styles (`templates/`, `assets/`).
"""

from academie.site.booklet import rebased
from academie.site.booklet_cache import (
    BOOKLET_MARK,
    LINK_MARK,
    BookletCache,
    ConvertedPart,
    Part,
    StoredPart,
    assemble,
    fill_links,
    from_root,
    prune_booklets,
    scope_ids,
    split_parts,
)
from academie.site.booklet_parts import frame_markdown, hold_printable_quizzes, mark_body, part_from_page, unmarked
from academie.site.hard_links import hard_link
from academie.site.html_parts import HtmlParts, hold_written
from academie.site.incremental import ALWAYS_WRITTEN
from academie.site.pack_cache import kept_in_pack
from academie.site.pack_pages import downloads_page, pack_navigation, pack_pages, site_pages
from academie.site.packs import (
    DOWNLOADS_DIR,
    OutsideLink,
    describe_pack,
    link_outside,
    pack_catalogue,
    pack_name,
    pending_pack,
    write_zip,
)
from academie.site.page_cache import PAGE_MARK, PageCache, StoredPage, prune_pages, resolve_alias
from academie.site.pages import (
    ASSETS_DIR,
    TEMPLATES_DIR,
    GeneratedPage,
    Layout,
    lesson_footer,
    lesson_header,
    navigation,
    pack_aliases,
    platform_assets,
    render,
    syllabus_source,
)
from academie.site.progress import Progress
from academie.site.render_practice import PRACTICE_SCRIPT, replace_practice_blocks
from academie.site.render_quiz import replace_quiz_blocks
from academie.site.scorm import scorm_name
from academie.site.search_index import merge_index, prepare_index
from academie.site.search_sections import SearchSection, search_sections, strip_search_attributes
from academie.site.theme import THEME_BYTECODE, unused_theme_file

__all__ = [
    "PAGE_MARK",
    "PageCache",
    "StoredPage",
    "prune_pages",
    "resolve_alias",
    "pack_aliases",
    "BOOKLET_MARK",
    "BookletCache",
    "ConvertedPart",
    "LINK_MARK",
    "StoredPart",
    "Part",
    "assemble",
    "fill_links",
    "from_root",
    "prune_booklets",
    "scope_ids",
    "split_parts",
    "frame_markdown",
    "hold_printable_quizzes",
    "mark_body",
    "part_from_page",
    "rebased",
    "unmarked",
    "ALWAYS_WRITTEN",
    "HtmlParts",
    "hold_written",
    "hard_link",
    "ASSETS_DIR",
    "DOWNLOADS_DIR",
    "PRACTICE_SCRIPT",
    "TEMPLATES_DIR",
    "OutsideLink",
    "GeneratedPage",
    "Layout",
    "Progress",
    "describe_pack",
    "downloads_page",
    "site_pages",
    "lesson_footer",
    "lesson_header",
    "link_outside",
    "navigation",
    "kept_in_pack",
    "pack_catalogue",
    "pack_name",
    "pack_navigation",
    "pending_pack",
    "pack_pages",
    "platform_assets",
    "THEME_BYTECODE",
    "unused_theme_file",
    "merge_index",
    "prepare_index",
    "search_sections",
    "strip_search_attributes",
    "SearchSection",
    "render",
    "scorm_name",
    "replace_practice_blocks",
    "replace_quiz_blocks",
    "syllabus_source",
    "write_zip",
]
