"""강좌 도구(강사·개발자용): 학습자에게는 설치되지 않습니다.

학습자가 설치하는 것은 노트북이 import하는 ``course_utils`` 뿐이고, 이 패키지는 저장소를 받은
강사와 개발자가 저장소 맨 위 폴더에서 ``python -m course_tools.…`` 로 씁니다(``make student``,
``make bench``, ``make check-notebooks`` 가 부름). nbformat, nbclient, nbgrader가 필요합니다.

모듈:
    nbtools  노트북 정리·위생 검사·기대 출력 갱신·실행
    grading  nbgrader 메타데이터와 학생용 사본(make student)
    colab    머리 셀(Colab 링크, 예상 시간)과 강좌 안내 표
    bench    make bench: 노트북 실행과 명령 줄(전체·빠른 모드 결과와 시간, benchmarks/results.md)
    bench_verdicts  make bench의 판정(결과 표의 줄, 재현·강좌 목표, 실패 목록; 순수 계산)
    bench_report    results.md 그리기(글만 돌려줌)
    bench_explorers 탐색기 다시 그리기 시간(--explorers)
    website  make site: 실행한 노트북으로 만드는 강좌 웹사이트(Sphinx + MyST-NB)
    install  강사·개발 환경(.venv-dev) 설치: pip 설정을 옮겨 uv로, 안 되면 pip로
"""

from __future__ import annotations

from pathlib import Path

#: 저장소 맨 위 폴더.
REPO_ROOT = Path(__file__).resolve().parents[1]
#: 저장소 옆의 오프라인 데이터 미러(CI와 개발 기계의 ``../shared/course-data``). 이 경로를 적는 곳은 여기 하나뿐입니다
#: (``.ci/run``, ``tests/conftest.py``, ``course_tools.bench`` 가 이 값을 씀).
SIBLING_MIRROR = REPO_ROOT.parent / "shared" / "course-data"


def use_sibling_mirror() -> Path | None:
    """``COURSE_DATA_DIR`` 이 비어 있고 :data:`SIBLING_MIRROR` 가 있으면 그 경로로 지정합니다.

    Returns:
        이제 쓰는 미러 폴더(``COURSE_DATA_DIR``), 없으면 ``None``.
    """
    import os

    if not os.environ.get("COURSE_DATA_DIR") and SIBLING_MIRROR.is_dir():
        os.environ["COURSE_DATA_DIR"] = str(SIBLING_MIRROR)
    return Path(os.environ["COURSE_DATA_DIR"]) if os.environ.get("COURSE_DATA_DIR") else None
