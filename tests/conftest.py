"""테스트 공통: 오프라인 미러와 한국어 오류 검사.

``COURSE_DATA_DIR`` 이 없으면 저장소 옆의 오프라인 미러(:data:`course_tools.SIBLING_MIRROR`)를 씁니다(CI와 같은 조건).
그것도 없으면(예: GitHub Actions) 작은 가짜 미러(:mod:`synthetic_mirror`)를 임시 폴더에 만들어 씁니다. 그래서 단위 테스트는
어디서도 인터넷에서 데이터를 내려받지 않습니다(진짜 데이터가 필요한 테스트는 ``needs_mirror`` 로 건너뜀).
"""

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from course_tools import use_sibling_mirror

if use_sibling_mirror() is None:
    from synthetic_mirror import make_synthetic_mirror

    _synthetic = Path(tempfile.mkdtemp(prefix="course-synthetic-mirror-"))
    atexit.register(shutil.rmtree, _synthetic, ignore_errors=True)
    os.environ["COURSE_DATA_DIR"] = str(make_synthetic_mirror(_synthetic))

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def assert_korean_value_error(function, *args, match: str | None = None, **kwargs) -> ValueError:
    """``function(*args, **kwargs)`` 가 한글이 들어 있는 메시지의 ``ValueError`` 를 내는지 확인합니다.

    ``match`` 를 주면 메시지에 그 정규식이 있어야 합니다(``pytest.raises`` 와 같은 ``re.search``).
    잡은 오류를 돌려주므로 메시지를 더 검사할 수 있습니다.
    """
    with pytest.raises(ValueError, match=match) as caught:
        function(*args, **kwargs)
    message = str(caught.value)
    assert HANGUL.search(message), f"오류 메시지가 한국어가 아닙니다: {message!r}"
    return caught.value


#: PNG 파일의 첫 8바이트(탐색기·그림 테스트가 정적 그림이 PNG인지 확인).
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def korean_figures():
    """한글 글꼴을 켜고, 테스트가 끝나면 그림을 모두 닫습니다(그림을 그리는 모듈이 ``usefixtures`` 로 씀)."""
    import matplotlib.pyplot as plt

    from course_utils.korean_font import use_korean_font

    use_korean_font()
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    """실제 브라우저 테스트가 함께 쓰는 JupyterLab 서버 하나(빠른 모드, 임시 노트북 폴더, 사용자 폴더 격리).

    노트북 폴더(``server.root``)는 처음에 비어 있고, 테스트가 필요한 노트북을 복사해 넣습니다. 설정·작업 공간·실행 정보와
    커널의 IPython 기록은 모두 임시 폴더에 쓰입니다(``tests/lab_server.py``). Chromium, playwright, JupyterLab이 없으면 SKIPPED.
    """
    from lab_server import CHROMIUM, start_lab, stop_lab

    if CHROMIUM is None:
        pytest.skip(
            "Chromium이 없습니다(Debian: apt-get install chromium fonts-nanum). .ci/run이 root일 때 설치합니다."
        )
    pytest.importorskip("playwright.sync_api", reason="playwright가 없습니다(pip install -e '.[test]').")
    pytest.importorskip("jupyterlab", reason="JupyterLab이 없습니다(pip install -e '.[lab]').")
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    root.mkdir()
    server = start_lab(root, base / "lab", extra_env={"COURSE_QUICK": "1"})
    yield server
    stop_lab(server)


#: e2e 시험이 있는 파일이 반드시 담는 글자(``pytest.mark.e2e``, ``@mark.e2e`` 모두).
E2E_MARK_TEXT = "mark.e2e"


def pytest_ignore_collect(collection_path, config):
    """``-m e2e`` (``make e2e``)일 때 e2e 표시가 글자로도 없는 시험 파일은 읽지 않습니다.

    그런 파일에는 e2e 시험이 있을 수 없으므로 결과는 같고, e2e 프로세스마다 TensorFlow를 불러오는 단위 시험 파일의
    수집(2코어에서 프로세스마다 수 초)만 줄어듭니다. ``tests/test_policies.py`` 가 건너뛰는 파일에 e2e 시험이 없는지 확인합니다.
    """
    if config.getoption("markexpr", "") != "e2e":
        return None
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        if E2E_MARK_TEXT not in collection_path.read_text(encoding="utf-8"):
            return True
    return None
