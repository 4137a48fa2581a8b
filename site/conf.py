"""강좌 웹사이트의 Sphinx 설정(``make site`` → ``python -m course_tools.website build``).

원본 폴더(``build/site/src``)는 ``course_tools.website`` 가 만듭니다: 실행한 노트북과 ``index.md``(강좌 안내).
노트북은 이미 실행되어 있으므로 MyST-NB는 실행하지 않고(``nb_execution_mode = "off"``) 저장된 출력만 그립니다.
빌드 중에는 아무것도 내려받지 않습니다: 테마(sphinx-book-theme)와 수식 글꼴(MathJax, sphinx-mathjax-offline)은
PyPI 패키지에 들어 있고 ``_static/`` 으로 복사됩니다.
"""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # korean_search.py
with open(ROOT / "pyproject.toml", "rb") as _file:
    REPOSITORY_URL = tomllib.load(_file)["project"]["urls"]["Repository"]

project = "합성곱 신경망(CNN) 강좌"
author = "강좌 작성자들"
copyright = "강좌 작성자들, MIT 라이선스"
language = "ko"

extensions = [
    "myst_nb",
    "sphinx-mathjax-offline",  # MathJax 3을 사이트에 함께 넣음(CDN에서 받지 않음)
    "korean_search",  # 검색 색인에서 한국어 조사를 뗌(site/korean_search.py)
]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
master_doc = "index"

# MyST(마크다운)와 노트북
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # course_tools.website가 실행한 노트북만 받습니다
nb_output_stderr = "remove"  # TensorFlow 경고 같은 표준 오류는 책에 싣지 않음(노트북에서는 보임)
nb_merge_streams = True
nb_ipywidgets_js = {}  # 위젯 자바스크립트를 CDN에서 불러오지 않음(위젯 출력은 course_tools.website가 안내 문장으로 바꿈)
# 강좌 안내(README.md)는 자동 생성 표 안에서 ###로 시작합니다. 읽기에는 문제없으므로 이 경고만 끕니다.
suppress_warnings = ["myst.header"]

# HTML: sphinx-book-theme (Jupyter Book 1.x가 쓰는 테마; 검색은 Sphinx 내장 검색)
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_show_sourcelink = False
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": "main",
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": True,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
}
