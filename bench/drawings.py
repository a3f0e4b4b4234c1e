"""Time the drawings a first build makes for every page: a link-preview card (Pillow) and a QR
code's two files (SVG, PNG), each drawn N times with a different text, in this process alone.

Use: .venv/bin/python bench/drawings.py [N]   (200 by default)"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from academie.ambassadors.cards import Card, draw_card, find_fonts
from academie.ambassadors.qr import qr_png, qr_svg


def per_item(label: str, draw: Callable[[int], object], count: int) -> None:
    draw(-1)  # fonts loaded, modules warm: the build's workers draw many items each
    started = time.process_time()
    for n in range(count):
        draw(n)
    milliseconds = (time.process_time() - started) / count * 1000
    print(f"{label}\u00a0: {milliseconds:.2f} ms de calcul par élément ({count} éléments)".replace(".", ","))


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    fonts = find_fonts()

    def card(n: int) -> bytes:
        return draw_card(
            Card(
                kicker="Leçon · 15\u00a0min · Débutant",
                title=f"Leçon {n}\u00a0: relancer les factures en retard sans froisser ses clients",
                description="Le restaurateur prépare les commandes de Noël avec l’aide d’un assistant d’IA.",
                link=f"academie-ia.example.fr/l/lecon-{n:04d}",
            ),
            fonts,
        )

    per_item("carte d’aperçu (PNG 1 200 × 630)", card, count)
    per_item("QR code, SVG", lambda n: qr_svg(f"https://academie-ia.example.fr/l/lecon-{n:04d}/", f"Leçon {n}"), count)
    per_item("QR code, PNG", lambda n: qr_png(f"https://academie-ia.example.fr/l/lecon-{n:04d}/"), count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
