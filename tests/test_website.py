"""course_tools.website(make site): 출력을 가져올 실행 고르기, 출력 옮기기, 실행 정보 상자, nbval 실행 저장.

HTML 자체는 ``make site-test`` (tests/test_site_browser.py)가 헤드리스 Chromium으로 검사합니다.
"""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_tools import nbtools, website


def _notebook(code=("x = 1", "print(x)"), prose="설명"):
    header = new_markdown_cell(
        "# 01. 시험 노트북\n\n[Colab에서 열기](https://colab.research.google.com/github/a/b/blob/main/notebooks/01_t.ipynb)"
    )
    header.metadata["tags"] = [website.HEADER_TAG]
    return new_notebook(cells=[header, new_markdown_cell(prose)] + [new_code_cell(c) for c in code])


def _executed(nb, text="1\n", mode="quick", producer="make site"):
    executed = nbformat.from_dict(json.loads(json.dumps(nb)))
    code = [c for c in executed.cells if c.cell_type == "code"]
    code[-1].outputs = [new_output("stream", name="stdout", text=text)]
    code[-1].execution_count = 2
    executed.metadata[website.RUN_KEY] = website.run_info(
        mode,
        producer,
        executed,
        seed=42,
        date="2026-01-01 00:00 UTC",
        versions={"tensorflow": "2.21.0", "python": "3.11.7"},
    )
    return executed


def test_fingerprint_follows_code_not_prose():
    a = _notebook()
    assert website.code_fingerprint(a) == website.code_fingerprint(_notebook(prose="다른 설명"))
    assert website.code_fingerprint(a) != website.code_fingerprint(_notebook(code=("x = 2", "print(x)")))


def test_merge_takes_outputs_from_the_run_and_prose_from_the_current_notebook():
    executed = _executed(_notebook(prose="예전 설명"))
    merged = website.merge_outputs(_notebook(prose="고친 설명"), executed)
    assert merged.cells[1].source == "고친 설명"
    assert merged.cells[-1].outputs[0]["text"] == "1\n"
    assert merged.metadata[website.RUN_KEY]["mode"] == "quick"


def test_widget_outputs_become_a_note_to_run_the_notebook():
    executed = _executed(_notebook())
    widget = new_output(
        "display_data",
        data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
            "text/plain": "interactive(children=(IntSlider(value=3),))",
        },
    )
    executed.cells[-1].outputs.append(widget)
    merged = website.merge_outputs(_notebook(), executed)
    first, second = merged.cells[-1].outputs
    assert first["text"] == "1\n"
    assert "application/vnd.jupyter.widget-view+json" not in second["data"]
    assert "JupyterLab이나 Colab" in second["data"]["text/markdown"]


def test_merge_refuses_a_run_of_different_code():
    executed = _executed(_notebook(code=("x = 1", "print(x)")))
    with pytest.raises(ValueError, match="코드 셀 1번째부터"):
        website.merge_outputs(_notebook(code=("x = 1", "print(x + 1)")), executed)
    with pytest.raises(ValueError, match="코드가 지금 노트북과 다릅니다"):
        website.merge_outputs(_notebook(code=("x = 1", "print(x)", "x")), executed)


def test_run_info_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode는"):
        website.run_info("fast", "make site", _notebook(), seed=1)


@pytest.mark.parametrize("mode, words", [("quick", ["빠른 모드", "make site"]), ("full", ["전체 모드", "make bench"])])
def test_provenance_box_follows_the_header_and_renders(mode, words):
    nb = _executed(_notebook(), mode=mode, producer="make site" if mode == "quick" else "make bench")
    website.add_provenance(nb)
    box = nb.cells[1]
    assert website.HEADER_TAG in nb.cells[0].metadata["tags"] and "course-run" in box.metadata["tags"]
    for word in words + ["2026-01-01 00:00 UTC", "난수 시드: 42", "TensorFlow 2.21.0", "파이썬 3.11.7"]:
        assert word in box.source
    assert "라이브러리: 파이썬 3.11.7, TensorFlow 2.21.0" in box.source  # 저장하면 키가 정렬되어도 이 순서로
    assert nbtools.rendering_problems(nb) == []  # 상자 안의 강조(**)도 CommonMark에서 닫힘


def test_add_provenance_needs_run_info():
    with pytest.raises(ValueError, match="실행 정보"):
        website.add_provenance(_notebook())


@pytest.fixture
def layout(tmp_path):
    """지금 노트북 하나, 벤치 실행 폴더, 빠른 모드 실행 폴더, results.json."""
    notebooks, bench, runs = tmp_path / "notebooks", tmp_path / "bench", tmp_path / "runs"
    for folder in (notebooks, bench, runs):
        folder.mkdir()
    path = notebooks / "01_t.ipynb"
    nbformat.write(_notebook(), path)
    results = tmp_path / "results.json"
    return {"path": path, "bench": bench, "runs": runs, "results": results}


def _page(layout, use_bench=True, log=None):
    messages = [] if log is None else log
    return website.page_notebook(
        layout["path"],
        use_bench=use_bench,
        runs_dir=layout["runs"],
        bench_dir=layout["bench"],
        results_path=layout["results"],
        log=messages.append,
    ), messages


def _write_bench(layout, error=None, code=("x = 1", "print(x)")):
    nbformat.write(_executed(_notebook(code=code), text="전체\n"), layout["bench"] / "01_t.ipynb")
    run = {
        "date": "2026-11-23 16:47 UTC",
        "seconds": 100.0,
        "error": error,
        "results": {},
        "seed": 42,
        "machine": {"cores": 2, "cpu": "x", "gpus": 0, "tensorflow": "2.21.0", "python": "3.11.7"},
    }
    layout["results"].write_text(json.dumps({"full": {"01_t": run}, "quick": {}}), encoding="utf-8")


def test_bench_run_is_preferred_and_labelled_full(layout):
    _write_bench(layout)
    nbformat.write(_executed(_notebook(), text="빠른\n"), layout["runs"] / "01_t.ipynb")
    page, _ = _page(layout)
    assert page.cells[-1].outputs[0]["text"] == "전체\n"
    assert "전체 모드" in page.cells[1].source and "2026-11-23 16:47 UTC" in page.cells[1].source


def test_quick_run_when_bench_is_off_stale_or_failed(layout):
    nbformat.write(_executed(_notebook(), text="빠른\n"), layout["runs"] / "01_t.ipynb")
    _write_bench(layout)
    assert _page(layout, use_bench=False)[0].cells[-1].outputs[0]["text"] == "빠른\n"
    _write_bench(layout, code=("x = 1", "print(x * 2)"))  # 벤치 뒤에 코드가 바뀜
    page, log = _page(layout)
    assert page.cells[-1].outputs[0]["text"] == "빠른\n" and any("다릅니다" in m for m in log)
    _write_bench(layout, error="RuntimeError: 실패")
    page, log = _page(layout)
    assert "빠른 모드" in page.cells[1].source and any("성공한 기록이 없음" in m for m in log)


def test_stale_quick_run_is_executed_again(layout, monkeypatch):
    nbformat.write(_executed(_notebook(code=("x = 0", "print(x)")), text="예전\n"), layout["runs"] / "01_t.ipynb")
    executed_paths = []

    def fake_execute(path, runs_dir):  # 실제 커널 실행 대신: 실행이 필요하다는 판단만 봅니다
        executed_paths.append(path)
        return _executed(nbformat.read(path, as_version=4), text="새로\n")

    monkeypatch.setattr(website, "execute_quick", fake_execute)
    page, log = _page(layout)
    assert executed_paths == [layout["path"]] and page.cells[-1].outputs[0]["text"] == "새로\n"


def test_home_page_is_the_guide_with_a_run_summary_and_the_chapters_in_course_order():
    runs = {
        "00_a": {"mode": "full", "date": "2026-11-23 16:47 UTC", "producer": "make bench"},
        "01_b": {"mode": "quick", "date": "2026-12-02 17:00 UTC", "producer": "make test (nbval)"},
    }
    page = website.home_page("# 강사용 강좌 안내\n\n본문\n", ["00_a", "01_b"], runs)
    assert page.startswith("# 강사용 강좌 안내\n\n:::{admonition} 이 사이트를 만든 실행")
    assert "- [00_a](00_a.ipynb): 전체 모드, 2026-11-23 16:47 UTC, `make bench`" in page
    assert "- [01_b](01_b.ipynb): 빠른 모드, 2026-12-02 17:00 UTC, `make test (nbval)`" in page
    assert page.index(":::\n") < page.index("본문") < page.index("```{toctree}")
    toctree = page[page.index("```{toctree}") :]
    assert toctree.index("00_a") < toctree.index("01_b")
    assert "부록" not in page


def test_home_page_lists_appendix_pages_after_the_chapters():
    page = website.home_page("# 안내\n", ["00_a", "01_b"], appendix=("glossary",))
    chapters, appendix = page.split(":caption: 부록")
    assert "01_b" in chapters and "glossary" not in chapters
    assert appendix.splitlines()[2] == "glossary" and appendix.rstrip().endswith("```")


def test_appendix_pages_exist_and_the_glossary_is_linked_from_readme_and_notebook_00():
    for page in website.APPENDIX_PAGES:
        assert (website.NOTEBOOK_DIR / f"{page}.md").read_text(encoding="utf-8").startswith("# ")
    assert "(notebooks/glossary.md)" in (website.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(glossary.md)" in (website.NOTEBOOK_DIR / "00_getting_started.ipynb").read_text(encoding="utf-8")


QUICK_RUN_CELLS = [
    'import os\nprint(os.environ["COURSE_QUICK"])',
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2]);",
    "1 + 1",
]


def test_quick_runs_are_executed_and_saved_like_jupyter_shows_them(tmp_path, monkeypatch):
    """사이트용 빠른 모드 실행(nbclient로 실제 커널에서): 출력, 그림, 끝이 ';'인 셀, 실행 정보가 JupyterLab처럼 저장됨."""
    monkeypatch.delenv("MPLBACKEND", raising=False)  # 커널이 인라인 그림을 내도록
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    path = tmp_path / "01_t.ipynb"
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# 01. 시험")] + [new_code_cell(c) for c in QUICK_RUN_CELLS]), path
    )
    runs = tmp_path / "runs"
    website.execute_quick(path, runs)
    nb = nbformat.read(runs / "01_t.ipynb", as_version=4)
    nbformat.validate(nb)
    printed, plotted, value = (c.outputs for c in nb.cells if c.cell_type == "code")
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    assert [o["text"] for o in printed] == ["1\n"]  # 빠른 모드로 실행
    # 끝이 ';'인 셀: 그림(display_data) 하나만, 결과 값(execute_result)은 없음(JupyterLab과 같게)
    assert [o["output_type"] for o in plotted] == ["display_data"] and "image/png" in plotted[0]["data"]
    assert value[0]["output_type"] == "execute_result" and value[0]["data"]["text/plain"] == "2"
    assert nb.metadata[website.RUN_KEY]["producer"] == "make site"
    assert nb.metadata[website.RUN_KEY]["code_sha256"] == website.code_fingerprint(nb)
    # 저장한 실행은 다음 make site가 다시 씀(다시 실행하지 않음)
    monkeypatch.setattr(website, "execute_quick", lambda *args: pytest.fail("저장된 실행을 다시 쓰지 않았습니다"))
    page = website.page_notebook(path, use_bench=False, runs_dir=runs, log=lambda message: None)
    assert [o["text"] for o in page.cells[2].outputs] == ["1\n"]


def test_korean_search_strips_particles_the_same_way_in_python_and_javascript():
    import importlib.util

    spec = importlib.util.spec_from_file_location("korean_search", website.CONF_DIR / "korean_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases = {
        "풀링은": "풀링",
        "합성곱에서는": "합성곱",
        "Conv2D를": "conv2d",
        "차이": "차이",
        "풀링": "풀링",
        "커널을": "커널",
        "kernel": "kernel",
    }
    assert {word: module.strip_particle(word) for word in cases} == cases
    # 자바스크립트 쪽도 같은 목록을 씁니다(검색어와 색인이 같은 규칙이어야 찾음).
    assert json.dumps(module.PARTICLES, ensure_ascii=False) in module.SearchKorean.js_stemmer_code
