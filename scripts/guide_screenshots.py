"""Screenshots of the real pages for the user guide (docs/brugervejledning/billeder/).

Run from the repository root:

    .venv/bin/python scripts/guide_screenshots.py

By default the script builds a scratch SQLite database with the demo data (migrate +
seed_demo, a few minutes), starts ``manage.py runserver`` on a free port against it,
logs in as the demo users with Playwright and Debian's chromium, and saves the main area
of each page (the side navigation and header cropped away) as a small palette PNG about
1,100 pixels wide. ``--base-url http://127.0.0.1:8107 --database-url sqlite:////tmp/x``
uses a server you already run on a demo database instead. Re-run it after a change to a
page the guide shows, and commit the PNGs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "brugervejledning" / "billeder"
PASSWORD = "styrbar-demo"  # noqa: S105 - the public password of the demo users
VIEWPORT: Any = {"width": 1400, "height": 1000}
MAX_HEIGHT = 1400  # crop long pages: the guide shows the top of a page


@dataclass(frozen=True)
class Shot:
    name: str  # file name without .png
    user: str  # demo login
    path: Callable[[], str]  # the page's address, worked out from the demo database
    selector: str = "#main-content"


def _shots() -> list[Shot]:
    """The pages the getting-started chapter shows, in its order."""
    from django.urls import reverse

    from advisor.models import Assessment
    from businesscases.models import BusinessCase
    from organizations.models import Organization
    from papers.models import DecisionPaper
    from roadmaps.models import Gate, Roadmap

    def demo() -> Organization:
        return Organization.objects.get(name="Eksempel Kommune")

    def first(model: Any, **filters: Any) -> Any:
        found = model.objects.filter(organization=demo(), **filters).order_by("pk").first()
        if found is None:
            raise SystemExit(f"The demo data has no {model.__name__} {filters or ''}")
        return found

    def pending_gate() -> Gate:
        gate = (
            Gate.objects.filter(roadmap__organization=demo(), decision="pending")
            .order_by("planned_date", "pk")
            .first()
        )
        if gate is None:
            raise SystemExit("The demo data has no pending gate")
        return gate

    return [
        Shot("01-log-ind", "", lambda: reverse("accounts:login"), "main"),
        Shot("02-overblik", "admin", lambda: reverse("organizations:dashboard")),
        Shot("03-enheder", "admin", lambda: reverse("organizations:unit_tree")),
        Shot("04-import", "admin", lambda: reverse("interop:import_create")),
        Shot("05-datakvalitet", "arkitekt", lambda: reverse("portfolio:analysis_quality")),
        Shot(
            "06-strategi-resultat",
            "arkitekt",
            lambda: reverse("advisor:assessment_result", args=[first(Assessment).pk]),
        ),
        Shot(
            "07-business-case",
            "arkitekt",
            lambda: reverse("businesscases:case_detail", args=[first(BusinessCase).pk]),
        ),
        Shot(
            "08-roadmap",
            "arkitekt",
            lambda: reverse("roadmaps:roadmap_detail", args=[first(Roadmap).pk]),
        ),
        Shot(
            "09-beslutningspunkt",
            "arkitekt",
            lambda: reverse("roadmaps:gate_decide", args=[pending_gate().pk]),
        ),
        Shot(
            "10-beslutningsoplaeg",
            "arkitekt",
            lambda: reverse("papers:paper_detail", args=[first(DecisionPaper).pk]),
        ),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _server(database_url: str) -> Iterator[str]:
    port = _free_port()
    # Plain HTTP on localhost, static files served by runserver.
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "STYRBAR_HTTPS": "0"}
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/konto/login/", timeout=2)  # noqa: S310
                break
            time.sleep(0.5)
        else:
            raise SystemExit("runserver did not answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _demo_database(directory: Path) -> str:
    url = f"sqlite:///{directory / 'guide.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    return url


def _save(png: bytes, target: Path) -> int:
    """Crop to MAX_HEIGHT, scale to about 1,100 px wide, save as an optimised palette PNG."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    # Drop the empty space below the content (the main area fills the window).
    content = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if content is not None:
        image = image.crop((0, 0, image.width, min(image.height, content[3] + 16)))
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    if image.width > 1100:
        image = image.resize(
            (1100, round(image.height * 1100 / image.width)), Image.Resampling.LANCZOS
        )
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(target, optimize=True)
    return target.stat().st_size


def _take(base: str, shots: list[tuple[Shot, str]]) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is required (apt-get install chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--lang=da-DK"], headless=True
        )
        pages: dict[str, Any] = {}
        for shot, path in shots:
            if shot.user not in pages:
                context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
                page = context.new_page()
                if shot.user:
                    page.goto(base + "/konto/login/")
                    page.get_by_label("Brugernavn").fill(shot.user)
                    page.get_by_label("Adgangskode").fill(PASSWORD)
                    page.get_by_role("button", name="Log ind").click()
                    page.wait_for_load_state("load")
                pages[shot.user] = page
            page = pages[shot.user]
            page.goto(base + path)
            page.wait_for_load_state("load")
            area = page.locator(shot.selector).first
            size = _save(area.screenshot(animations="disabled"), OUT / f"{shot.name}.png")
            print(f"{shot.name}.png  {size // 1024} kB  ({path})")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a running server on a demo database")
    parser.add_argument("--database-url", help="that server's DATABASE_URL")
    args = parser.parse_args()
    if bool(args.base_url) != bool(args.database_url):
        parser.error("--base-url and --database-url go together")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    with tempfile.TemporaryDirectory() as scratch:
        database_url = args.database_url or _demo_database(Path(scratch))
        os.environ["DATABASE_URL"] = database_url
        import django

        django.setup()
        shots = [(shot, shot.path()) for shot in _shots()]
        if args.base_url:
            _take(args.base_url.rstrip("/"), shots)
        else:
            with _server(database_url) as base:
                _take(base, shots)


if __name__ == "__main__":
    main()
