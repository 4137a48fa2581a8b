"""pytest 공통 설정: nbval이 표준 오류(stderr)는 비교하지 않게 합니다.

TensorFlow와 Keras는 버전·기계에 따라 다른 경고를 표준 오류로 내므로, 출력 검사 셀에서도
표준 출력과 결과 값만 비교합니다. nbval 문서의 "Skipping certain output types" 방법 그대로,
노트북 수집기의 ``skip_compare`` 에 ``"stderr"`` 를 더합니다(nbval은 스트림 출력을 ``{"stderr": 글}`` 꼴로 바꿔
비교하므로 이 키를 건너뛰면 표준 오류 출력 전체를 건너뜀). nbval의 비공개 함수를 바꿔 끼우지 않습니다.
"""

import json
import math
from pathlib import Path

STDERR = "stderr"


def pytest_collectstart(collector):
    if collector.path is not None and collector.path.suffix == ".ipynb" and hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, STDERR)


# 노트북 단계의 순서: 오래 걸리는 노트북부터(make bench --quick이 잰 빠른 모드 시간, benchmarks/results.json).
_RESULTS_JSON = Path(__file__).resolve().parent / "benchmarks" / "results.json"


def pytest_collection_modifyitems(session, config, items):
    """노트북 항목을 빠른 모드 시간이 긴 노트북부터 놓습니다(노트북 안의 셀 순서와 검사 내용은 그대로).

    ``make nbval`` 은 pytest-xdist ``--dist loadscope --no-loadscope-reorder`` 로 노트북을 통째로 프로세스에 나눠 주고,
    프로세스는 이 순서대로 다음 노트북을 가져갑니다. 긴 노트북이 마지막에 남아 한 프로세스만 일하는 꼬리를 줄이려는
    것입니다(가장 긴 작업부터 나눠 주기). 잰 적 없는(또는 실패한 기록뿐인) 노트북은 맨 **앞**에 둡니다: 대개 막 더한
    새 노트북이고 뒤에 두면 한 프로세스만 일하는 꼬리가 그만큼 길어지기 때문입니다(``make bench --quick`` 으로 재면 제자리로).
    기록 파일이 없으면 순서를 바꾸지 않습니다.
    """
    if not _RESULTS_JSON.exists() or not any(item.path.suffix == ".ipynb" for item in items):
        return
    quick = json.loads(_RESULTS_JSON.read_text(encoding="utf-8")).get("quick", {})
    seconds = {name: run["seconds"] for name, run in quick.items() if not run.get("error")}
    items.sort(key=lambda item: -seconds.get(item.path.stem, math.inf) if item.path.suffix == ".ipynb" else 0.0)
