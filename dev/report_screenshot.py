"""Screenshot of a report for the README (docs/report.png): headless Chromium, network off.

.venv/bin/dark-social report                       # writes data/report/dark_social_report.html
.venv/bin/python dev/report_screenshot.py          # its top 2,400 pixels -> docs/report.png
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR / "tests_python"))

from browser import Browser, Page, chromium_path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", default=str(PROJECT_DIR / "data" / "report" / "dark_social_report.html"))
    parser.add_argument("--out", default=str(PROJECT_DIR / "docs" / "report.png"))
    parser.add_argument("--height", type=int, default=2400, help="pixels from the top (0: the whole page)")
    arguments = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        print("Chromium is absent and dev/ensure_chromium.sh could not install it.", file=sys.stderr)
        return 1
    browser = Browser(executable)
    try:
        page = Page(browser, Path(arguments.report))
        if not arguments.height:
            page.screenshot(Path(arguments.out))
            return 0
        shot = browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": 1100, "height": arguments.height, "scale": 0.75},
            },
            session=page.session,
        )
        Path(arguments.out).write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()
    print(arguments.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
