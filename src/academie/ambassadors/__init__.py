"""The ambassadors' kit: permanent short links, QR codes, link-preview cards, link previews and
schema.org data, handouts, workshop scripts and the open catalogue.

Like the rest of the package, it knows nothing of MkDocs: hooks/ambassadors_hooks.py adds
what `Kit` computes to the site.
"""

from academie.ambassadors.cards import Card, CardCache, draw_card, find_fonts
from academie.ambassadors.kit import Kit, KitFile
from academie.ambassadors.links import SiteUrl, lesson_short_path, track_short_path
from academie.ambassadors.open_catalogue import OpenCatalogue, catalogue_schema_text
from academie.ambassadors.qr import QrCache
from academie.ambassadors.workshop import Workshop, plan_workshop

__all__ = [
    "Card",
    "CardCache",
    "Kit",
    "KitFile",
    "OpenCatalogue",
    "QrCache",
    "SiteUrl",
    "Workshop",
    "catalogue_schema_text",
    "draw_card",
    "find_fonts",
    "lesson_short_path",
    "plan_workshop",
    "track_short_path",
]
