"""The documentation site: built with warnings as errors, then checked in headless Chromium.

Every page loads, no internal link is broken (page and anchor), and every image renders
(the browser decoded it: ``naturalWidth > 0``), the gallery's pictures included, which the
build draws by running the samplers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

DOCS = Path(__file__).parent.parent / "docs"

# Sphinx extensions announce API changes of coming Sphinx releases; not ours to fix here
pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::PendingDeprecationWarning"
)

CHECKER = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; })
                .map(function (i) { return i.getAttribute('src'); });
  document.body.setAttribute('data-images', String(imgs.length));
  document.body.setAttribute('data-broken-images', JSON.stringify(bad));
});
</script></body>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("site")
    log = out.parent / "sphinx-warnings.log"
    code = build_main(["-E", "-W", "--keep-going", "-q", "-w", str(log), "-b", "html",
                       str(DOCS), str(out)])  # fmt: skip
    assert code == 0, log.read_text()
    return out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_page_of_the_site_is_built(site: Path):
    names = {p.relative_to(site).as_posix() for p in pages(site)}
    for page in (
        "index.html",
        "getting-started.html",
        "guide/oversampling.html",
        "guide/undersampling.html",
        "guide/combined.html",
        "guide/ensembles.html",
        "guide/evaluation.html",
        "when-not-to-use-smote.html",
        "gallery.html",
        "benchmarks.html",
        "migration.html",
        "api.html",
    ):
        assert page in names
    api = (site / "api.html").read_text(encoding="utf-8")
    # the reference is read from the docstrings, not written by hand
    for name in ("smotekit.SMOTE", "smotekit.NearMiss", "smotekit.evaluation.compare"):
        assert f'id="{name}"' in api
    bench = (site / "benchmarks.html").read_text(encoding="utf-8")
    assert "cold" in bench and "warm" in bench and "imblearn" in bench


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_link(site: Path):
    parsed = {p: _parse(p) for p in pages(site)}
    checked = 0
    for page, links in parsed.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                assert unquote(parts.fragment) in ids, f"{page.relative_to(site)}: {href}"
            checked += 1
    assert checked > 200


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does it)")
    return path


def test_every_page_loads_and_every_image_renders_in_chromium(site: Path, tmp_path: Path):
    browser = chromium()
    seen_images = 0
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("</body>", CHECKER, 1), encoding="utf-8")
        run = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--allow-file-access-from-files",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
        dom = run.stdout.decode("utf-8")
        name = page.relative_to(site).as_posix()
        # every page has its heading; the search page is a form whose results come from JS
        assert "<h1" in dom or (name == "search.html" and "<form" in dom), f"{name}: no content"
        count = re.search(r'data-images="(\d+)"', dom)
        broken = re.search(r'data-broken-images="([^"]*)"', dom)
        assert count and broken, f"{name}: the page's load event never ran"
        bad = json.loads(broken.group(1).replace("&quot;", '"'))
        assert bad == [], f"{name}: images that did not render: {bad}"
        seen_images += int(count.group(1))
        if name == "gallery.html":
            assert int(count.group(1)) >= 20  # one picture per sampler, all drawn
    assert seen_images >= 20
