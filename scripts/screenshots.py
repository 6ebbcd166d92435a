"""Regenerate the screenshots in docs/images/ (shown in the README): the story page
and the timeline, at desktop (1280 px) and phone (390 px) width, of the demo corpus
served by the web app, taken in Debian's headless Chromium.

Usage: python scripts/screenshots.py [--db demo.db]   (after `make demo`)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "docs" / "images"
FERRY = "Fire on Greek ferry off Piraeus kills 12, more than 300 evacuated"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=REPO / "demo.db")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `make demo` first")
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        sys.exit("no chromium on PATH: apt-get install chromium")
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright
    from tests.web.conftest import Served

    from rashomon.report.site import StoreSite
    from rashomon.store import Store

    store = Store.open(str(args.db), create=False, read_only=True)
    site = StoreSite(store)
    (ferry,) = [d.id for d in site.stories() if d.title == FERRY]
    served = Served(site)
    IMAGES.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, args=["--no-sandbox"]
            )
            for size, (width, height) in SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, device_scale_factor=1
                )
                page = context.new_page()
                page.goto(f"{served.url}/story/{ferry}")
                page.locator("#contradictions").scroll_into_view_if_needed()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=IMAGES / f"story-{size}.png")
                page.goto(f"{served.url}/story/{ferry}#contradictions")
                page.screenshot(path=IMAGES / f"contradiction-{size}.png")
                page.goto(f"{served.url}/timeline")
                page.screenshot(path=IMAGES / f"timeline-{size}.png")
                context.close()
            browser.close()
    finally:
        served.stop()
        store.close()
    for image in sorted(IMAGES.glob("*.png")):
        print(f"{image.relative_to(REPO)} ({image.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
