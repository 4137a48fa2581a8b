"""만든 강좌 사이트(``make site``)를 헤드리스 Chromium으로 열어 보는 테스트(``make site-test``).

페이지마다: 열리는지, 모든 이미지와 내부 링크(조각 ``#id`` 포함)가 풀리는지, 제목이 한국어이고 제목·소제목에
이스케이프된 마크업이 없는지, 본문에 ``**`` 가 글자로 남지 않았는지, 수식이 MathJax로 그려졌는지 봅니다.
노트북 페이지는 Colab 링크와 실행 정보 상자도 봅니다. 검색이 한국어 낱말을 찾는지 보고, 장 하나의 화면을
``build/site/screenshots/`` 에 저장합니다. 외부 주소(Colab 배지 그림 등)로 가는 요청은 보내지 않고 막습니다(오프라인).

Debian ``chromium`` 과 Playwright(파이썬 패키지만; ``playwright install`` 은 쓰지 않음)가 필요합니다. 없으면
이유와 함께 SKIPPED로 보고합니다. 사이트 폴더는 ``COURSE_SITE_DIR`` 로 줍니다(없으면 SKIPPED: ``make unit`` 에서는 건너뜀).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from lab_server import LAUNCH_ARGS  # 탐색기·JupyterLab 브라우저 시험과 같은 Chromium 옵션

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")  # Debian chromium

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ESCAPED_MARKUP = re.compile(r"&lt;|&gt;|&amp;|<[a-zA-Z/]|\*\*|__|\\[()\[\]]|\{[a-z]+\}")
SCREENSHOT_PAGE = "01_convolution.html"


def _site_dir() -> Path:
    configured = os.environ.get("COURSE_SITE_DIR")
    if not configured:
        pytest.skip("COURSE_SITE_DIR가 없습니다: 사이트 검사는 make site 뒤에 make site-test로 실행합니다.")
    site = Path(configured)
    if not (site / "index.html").exists():
        pytest.fail(f"COURSE_SITE_DIR={configured}에 만든 사이트(index.html)가 없습니다. make site를 먼저 실행하세요.")
    return site


@pytest.fixture(scope="module")
def site():
    return _site_dir()


@pytest.fixture(scope="module")
def server(site):
    """사이트 폴더를 127.0.0.1의 빈 포트에서 내보내는 정적 HTTP 서버(GitHub Pages처럼)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM}가 없습니다(Debian chromium 패키지: apt-get install chromium fonts-nanum).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright 파이썬 패키지가 없습니다(pip install -e '.[site]').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _new_page(browser, server, external: list):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ko-KR")

    def route(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:  # 오프라인: 밖으로 나가는 요청은 보내지 않고 기록만
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context, context.new_page()


# 페이지 안에서 모으는 것: 제목, 소제목, 이미지 상태, 링크, id, 코드 밖 본문, 수식
_COLLECT = """async () => {
  for (const img of Array.from(document.images)) {
    img.loading = 'eager';
    img.scrollIntoView();
    try { await img.decode(); } catch (e) {}
  }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const article = document.querySelector('article') || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, .highlight, mjx-container, script, style').forEach(e => e.remove());
  return {
    title: document.title,
    headings: Array.from(article.querySelectorAll('h1, h2, h3, h4')).map(h => ({tag: h.tagName, html: h.innerHTML,
                                                                                 text: h.innerText})),
    images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
    text: clone.innerText,
    mathNodes: article.querySelectorAll('.math').length,
    mathRendered: article.querySelectorAll('mjx-container').length,
    courseRun: Array.from(document.querySelectorAll('.course-run')).map(e => e.innerText),
  };
}"""


@pytest.fixture(scope="module")
def crawl(site, server, browser):
    """모든 최상위 HTML 페이지를 열어 모은 정보: ``{페이지 이름: 정보}``, 외부 요청 목록."""
    pages = sorted(p.name for p in site.glob("*.html"))
    external = []
    context, page = _new_page(browser, server, external)
    failed = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)) if r.url.startswith(server) else None)
    page.on(
        "response", lambda r: failed.append((r.url, r.status)) if r.url.startswith(server) and r.status >= 400 else None
    )
    info = {}
    for name in pages:
        response = page.goto(server + name, wait_until="load")
        data = page.evaluate(_COLLECT)
        data["status"] = response.status if response else None
        info[name] = data
    context.close()
    return {"pages": info, "failed": failed, "external": external}


def test_every_page_loads_without_broken_requests(crawl):
    pages = crawl["pages"]
    assert "index.html" in pages and len(pages) >= 3, f"페이지가 너무 적습니다: {sorted(pages)}"
    bad = {name: data["status"] for name, data in pages.items() if data["status"] != 200}
    assert not bad, f"열리지 않는 페이지: {bad}"
    assert not crawl["failed"], f"사이트 안의 요청이 실패했습니다(스크립트·CSS·그림·글꼴): {crawl['failed'][:10]}"


def test_every_image_resolves(crawl, server):
    problems, internal = [], 0
    for name, data in crawl["pages"].items():
        for image in data["images"]:
            if not image["src"].startswith(server):
                continue  # 외부 그림(Colab 배지)은 오프라인에서 확인할 수 없음
            internal += 1
            if not image["ok"]:
                problems.append(f"{name}: {image['src']}")
    assert internal > 0, "사이트 안의 그림이 하나도 없습니다(노트북 출력 그림이 빠졌나요?)"
    assert not problems, "그려지지 않는 그림: " + ", ".join(problems[:10])


def test_every_internal_link_resolves(crawl, server, browser):
    pages = crawl["pages"]
    problems = []
    targets = set()
    for name, data in pages.items():
        for href in data["links"]:
            if not href.startswith(server):
                continue
            target, fragment = urldefrag(href)
            path = urlparse(target).path.lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if path in pages:
                if fragment and fragment not in pages[path]["ids"]:
                    problems.append(f"{name} → {path}#{fragment}: 그런 id가 없습니다")
            else:
                targets.add(target)
    context, page = _new_page(browser, server, [])
    for target in sorted(targets):  # 다운로드(.ipynb) 같은 나머지 내부 주소
        response = page.request.get(target)
        if response.status != 200:
            problems.append(f"{target}: HTTP {response.status}")
    context.close()
    assert not problems, "풀리지 않는 내부 링크: " + "; ".join(problems[:10])


def test_titles_and_headings_are_korean_text(crawl):
    problems = []
    for name, data in crawl["pages"].items():
        if not HANGUL.search(data["title"]):
            problems.append(f"{name}: 페이지 제목에 한글이 없습니다: {data['title']!r}")
        if ESCAPED_MARKUP.search(data["title"]):
            problems.append(f"{name}: 페이지 제목에 마크업이 글자로 보입니다: {data['title']!r}")
        h1 = [h for h in data["headings"] if h["tag"] == "H1"]
        if name not in ("search.html", "genindex.html") and not h1:
            problems.append(f"{name}: h1 제목이 없습니다")
        for heading in h1:
            if not HANGUL.search(heading["text"]):
                problems.append(f"{name}: h1에 한글이 없습니다: {heading['text']!r}")
        for heading in data["headings"]:
            if ESCAPED_MARKUP.search(heading["text"]):
                problems.append(f"{name}: 제목에 마크업이 글자로 보입니다: {heading['text']!r}")
    assert not problems, "\n".join(problems)


def test_no_literal_emphasis_markers(crawl):
    problems = []
    for name, data in crawl["pages"].items():
        for line in data["text"].splitlines():
            if "**" in line:
                problems.append(f"{name}: {line.strip()[:80]!r}")
    assert not problems, "본문에 ** 가 글자로 보입니다(CommonMark 강조 규칙, CONTRIBUTING 참고):\n" + "\n".join(
        problems
    )


def test_math_is_typeset_offline(crawl):
    with_math = {name: data for name, data in crawl["pages"].items() if data["mathNodes"]}
    for name, data in with_math.items():
        assert data["mathRendered"] >= data["mathNodes"], (
            f"{name}: 수식 {data['mathNodes']}개 중 {data['mathRendered']}개만 MathJax로 그려졌습니다"
        )
        assert "$$" not in data["text"], f"{name}: 그려지지 않은 $$ 수식이 보입니다"
    assert not [url for url in crawl["external"] if "mathjax" in url.lower()], "MathJax를 외부에서 불러오려 했습니다"


def test_chapter_pages_have_colab_link_and_run_banner(crawl):
    chapters = {name: data for name, data in crawl["pages"].items() if re.match(r"\d\d_", name)}
    assert chapters, "노트북 페이지가 없습니다"
    for name, data in chapters.items():
        notebook = name.replace(".html", ".ipynb")
        colab = [
            href
            for href in data["links"]
            if href.startswith("https://colab.research.google.com/github/") and href.endswith(f"/notebooks/{notebook}")
        ]
        assert colab, f"{name}: 머리 셀의 Colab 링크가 없습니다"
        assert len(data["courseRun"]) == 1, f"{name}: 실행 정보 상자가 {len(data['courseRun'])}개입니다"
        banner = data["courseRun"][0]
        assert re.search(r"(빠른|전체) 모드", banner) and "시드" in banner and "TensorFlow" in banner, banner
    home = crawl["pages"]["index.html"]["courseRun"]
    assert len(home) == 1 and len(re.findall(r"(빠른|전체) 모드, \d{4}-\d\d-\d\d", home[0])) == len(chapters), (
        f"첫 페이지의 실행 요약이 노트북 {len(chapters)}개를 모두 적지 않았습니다: {home}"
    )


def test_search_finds_korean_words(site, server, browser):
    context, page = _new_page(browser, server, [])
    found = {}
    for word in ("풀링", "합성곱을"):  # 조사를 뗀 낱말로도, 조사가 붙은 낱말로도 찾아야 함(site/korean_search.py)
        page.goto(server + f"search.html?q={word}", wait_until="load")
        page.wait_for_function(
            "document.querySelector('#search-results') && "
            "document.querySelector('#search-results').innerText.trim().length > 0",
            timeout=20000,
        )
        found[word] = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    context.close()
    assert all(found.values()), f"검색 결과가 없습니다: { {word: len(links) for word, links in found.items()} }"
    if (site / "03_pooling.html").exists():
        assert any("03_pooling.html" in link for link in found["풀링"]), (
            f"'풀링'으로 03 노트북을 찾지 못했습니다: {found['풀링']}"
        )


def test_screenshot_of_a_chapter(site, server, browser):
    names = sorted(p.name for p in site.glob("[0-9][0-9]_*.html"))
    name = SCREENSHOT_PAGE if SCREENSHOT_PAGE in names else names[0]
    context, page = _new_page(browser, server, [])
    page.goto(server + name, wait_until="load")
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    out = site.parent / "screenshots"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "chapter-top.png"))
    figure = page.locator("article img[src*='_images']").first
    figure.scroll_into_view_if_needed()
    page.screenshot(path=str(out / "chapter-figure.png"))
    context.close()
    shutil.copy(out / "chapter-top.png", "/tmp/site-screenshot.png")
    assert (out / "chapter-top.png").stat().st_size > 10_000
