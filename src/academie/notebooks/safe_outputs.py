"""Notebook outputs made safe for the site: nothing a notebook prints can run script or load
anything from another origin.

Outputs are data, not author text: a DataFrame may hold a customer review with `<script>` in
it, a library may display JavaScript. So every output bundle is cut down to what the site can
show harmlessly, before nbconvert (or Jupyter Book) sees it:

- HTML (and Markdown, turned into HTML) keeps an allowlist of tags and attributes, with no
  script, style, event handler, `javascript:` URL, image or frame;
- SVG keeps its drawing but loses scripts, event handlers, foreign objects, animations and
  every link that is not an anchor inside the image or an embedded raster image;
- PNG and JPEG must really be PNG and JPEG;
- HTML `style` attributes keep their harmless layout and colour properties, moved into the
  notebook's stylesheet (see `academie.notebooks.output_styles`: the site's policy forbids
  inline styles);
- a widget shows the static fallback the kernel saved with it (text or image), with a note;
- JavaScript and every other type are dropped, with a short French note in their place
  when nothing else was left to show;
- error tracebacks, printed text and warnings lose the build machine's paths.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

import markdown as markdown_lib
import nh3
from defusedxml import ElementTree as SafeElementTree

from academie.notebooks.cell_errors import clean_output, clean_paths
from academie.notebooks.output_styles import OutputStyles, safe_declarations, tokens_to_attributes

HTML_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
# No id, name or class: an output must not be able to pose as a part of the page (DOM clobbering,
# look-alike buttons). Material styles class-less tables, which is what DataFrames become.
HTML_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_SCHEMES = {"http", "https", "mailto"}

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# Elements that run code, embed other documents or change attributes (and so links) over time.
SVG_FORBIDDEN = {
    "script",
    "foreignObject",
    "iframe",
    "object",
    "embed",
    "audio",
    "video",
    "canvas",
    "handler",
    "listener",
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "set",
    "discard",
}
EMBEDDED_RASTER = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")
CSS_REMOTE = re.compile(r"url\(\s*['\"]?(?!#)|@import|expression\(|javascript:", re.I)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"

NOT_SHOWN = "Sortie «\u00a0{mime}\u00a0» non affichée sur le site\u00a0: ouvrez le carnet dans Jupyter pour la voir."
WIDGET = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "Élément interactif (widget)\u00a0: voici son aperçu fixe\u00a0; ouvrez le carnet dans Jupyter pour l’utiliser."
)
KEPT_TYPES = ("text/plain", "text/html", "image/png", "image/jpeg", "image/svg+xml")


def clean_html(html: str, styles: OutputStyles | None = None) -> str:
    """An HTML output cut down to harmless markup: tables, text, lists and plain links; with
    `styles`, the harmless part of each style attribute too, as a token of that stylesheet."""

    def style_token(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "style":
            return value
        declarations = safe_declarations(value) if styles is not None else ""
        return styles.token(declarations) if styles is not None and declarations else None

    attributes = {tag: {*names, "style"} for tag, names in HTML_ATTRIBUTES.items()}
    attributes["*"] = {"style"}
    cleaned = nh3.clean(
        html,
        tags=HTML_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math"},
        attributes=attributes,
        attribute_filter=style_token,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    return tokens_to_attributes(cleaned)


def markdown_to_html(text: str, styles: OutputStyles | None = None) -> str:
    """A Markdown output, rendered here so that its links and raw HTML go through clean_html."""
    return clean_html(markdown_lib.markdown(text, extensions=["tables"]), styles)


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _safe_link(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(EMBEDDED_RASTER.match(value))


def _clean_svg_element(element: ElementTree.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local_name(child.tag) in SVG_FORBIDDEN:
            element.remove(child)
            continue
        if _local_name(child.tag) == "style" and CSS_REMOTE.search(child.text or ""):
            element.remove(child)
            continue
        _clean_svg_element(child)
    for name, value in list(element.attrib.items()):
        local = _local_name(name).lower()
        if (
            local.startswith("on")
            or local in ("href", "src", "action", "formaction")
            and not _safe_link(value)
            or "javascript:" in value.lower().replace(" ", "")
            or (local == "style" and CSS_REMOTE.search(value))
            or "url(" in value
            and CSS_REMOTE.search(value)
        ):
            del element.attrib[name]


def clean_svg(svg: str) -> str | None:
    """The SVG with its drawing only; None if it cannot be read safely (DTD entities, bad XML…)."""
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    try:
        root = SafeElementTree.fromstring(
            svg.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except Exception:  # defusedxml raises its own errors as well as ParseError: all mean « unsafe »
        return None
    if _local_name(root.tag) != "svg":
        return None
    wrapper = ElementTree.Element("wrapper")
    wrapper.append(root)
    _clean_svg_element(wrapper)
    if not len(wrapper):
        return None
    return ElementTree.tostring(root, encoding="unicode")


def _image_bytes(value: Any) -> bytes:
    text = "".join(value) if isinstance(value, list) else str(value)
    try:
        return base64.b64decode(text, validate=False)
    except ValueError:
        return b""


def safe_bundle(data: dict[str, Any], styles: OutputStyles | None = None) -> dict[str, Any]:
    """One display bundle (mime type → content) cut down to what the site can show safely."""
    kept: dict[str, Any] = {}
    text = data.get("text/plain")
    if text is not None:
        kept["text/plain"] = clean_paths("".join(text) if isinstance(text, list) else str(text))
    if "image/png" in data and _image_bytes(data["image/png"]).startswith(PNG_SIGNATURE):
        kept["image/png"] = data["image/png"]
    if "image/jpeg" in data and _image_bytes(data["image/jpeg"]).startswith(JPEG_SIGNATURE):
        kept["image/jpeg"] = data["image/jpeg"]
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        cleaned = clean_svg("".join(svg) if isinstance(svg, list) else str(svg))
        if cleaned is not None:
            kept["image/svg+xml"] = cleaned
    html = data.get("text/html")
    if html is None and "text/markdown" in data:
        markdown_text = data["text/markdown"]
        html_text = markdown_to_html(
            "".join(markdown_text) if isinstance(markdown_text, list) else str(markdown_text), styles
        )
    else:
        html_text = (
            clean_html("".join(html) if isinstance(html, list) else str(html), styles) if html is not None else ""
        )
    if html_text:
        kept["text/html"] = html_text
    dropped = sorted(set(data) - set(kept))
    if WIDGET in data and (set(kept) - {"text/plain"} or kept.get("text/plain", "").strip()):
        return kept  # the widget's static fallback (SafeOutputs adds a note)
    if dropped and set(kept) <= {"text/plain"}:
        # Only the plain-text fallback is left, often a mere « <IPython.core.display.HTML object> »:
        # say what was there instead.
        kept["text/plain"] = NOT_SHOWN.format(mime=", ".join(dropped))
    return kept


class SafeOutputs:
    """Every output of every code cell made safe (see the module docstring), as an nbconvert
    preprocessor would do it, without importing nbconvert (a fifth of a second): the Jupyter Book
    edition of a build whose notebooks are all in the cache needs nothing else of it.
    `styles` collects the outputs' kept styles (none are kept without it)."""

    def __init__(self) -> None:
        self.styles: OutputStyles | None = None

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        for index, cell in enumerate(nb.cells):
            nb.cells[index], resources = self.preprocess_cell(cell, resources, index)
        return nb, resources

    def preprocess_cell(self, cell: Any, resources: dict[str, Any], index: int) -> tuple[Any, dict[str, Any]]:
        if cell.get("cell_type") != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            clean_output(output)
            if output.get("output_type") in ("display_data", "execute_result"):
                data = dict(output.get("data", {}))
                output["data"] = safe_bundle(data, self.styles)
                metadata = output.get("metadata", {})
                output["metadata"] = {k: v for k, v in metadata.items() if k in KEPT_TYPES and isinstance(v, dict)}
                # How the page shows a text: the fallback of a widget, or a note of ours (not an output).
                if WIDGET in data and set(output["data"]) & {"text/plain", "image/png", "image/jpeg", "image/svg+xml"}:
                    output["metadata"]["academie_widget"] = WIDGET_NOTE
                elif str(output["data"].get("text/plain", "")).startswith(NOT_SHOWN.split("«")[0]):
                    output["metadata"]["academie_note"] = True
        return cell, resources
