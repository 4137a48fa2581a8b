"""노트북의 핵심 결과(정확도 등)를 기록합니다. ``make bench`` 가 이 기록을 모아 표로 만듭니다.

노트북에서는 ``course_utils.record_result("mnist_test_accuracy", test_accuracy)`` 처럼 부릅니다.
값을 출력하고, 환경 변수 ``COURSE_RESULTS_FILE`` 이 설정되어 있으면(벤치마크 실행 중)
그 파일에 JSON 한 줄을 덧붙입니다. 평소 학습자에게는 출력만 보입니다.
"""

from __future__ import annotations

import json
import os
import re

from course_utils.validation import real_number

RESULTS_FILE_ENV = "COURSE_RESULTS_FILE"
_KEY = re.compile(r"^[a-z0-9_]+$")


def record_result(key: str, value, description: str | None = None) -> float:
    """결과 하나를 출력하고(벤치마크 중이면) 기록합니다.

    Args:
        key: 영문 소문자·숫자·밑줄로 된 이름(예: ``"fashion_test_accuracy"``). 벤치마크 표의 행 이름.
        value: 실수 값(NumPy 스칼라, 0차원 텐서 가능).
        description: 출력할 때 앞에 붙일 한국어 설명(없으면 ``key``).

    Returns:
        ``float(value)``.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"key는 영문 소문자, 숫자, 밑줄로만 된 이름이어야 합니다. 받은 값: {key!r}")
    number = real_number(value, "value")
    print(f"{description or key}: {number:.4f}")
    path = os.environ.get(RESULTS_FILE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"key": key, "value": number}, ensure_ascii=False) + "\n")
    return number


def read_results(path) -> dict:
    """``record_result`` 가 쓴 파일을 ``{key: value}`` 로 읽습니다(같은 키는 마지막 값)."""
    if isinstance(path, bool) or not isinstance(
        path, (str, os.PathLike)
    ):  # 정수는 파일 번호로 열려(0 = 표준 입력) 안 됨
        raise ValueError(f"path는 파일 경로(문자열 또는 Path)여야 합니다. 받은 값: {path!r}")
    results = {}
    if not os.path.exists(path):
        return results
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                results[row["key"]] = row["value"]
    return results
