"""TensorFlow의 C++ 로그 가운데 학습자에게 뜻이 없는 줄만 노트북에서 거르기.

GPU가 없는 컴퓨터에서 TensorFlow 2.16 이상(2.21에서 확인)은 준비 셀과 학습 셀에 다음 줄을 표준 오류(stderr)로 씁니다.
JupyterLab은 커널의 표준 오류(파일 서술자 2)를 그대로 옮겨 분홍색 블록으로 보여 줍니다.

1. ``import tensorflow`` 때(라이브러리를 불러오는 순간이라 ``TF_CPP_MIN_LOG_LEVEL`` 이 아직 적용되지 않음)::

       WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
       I0000 00:00:… port.cc:153] oneDNN custom operations are on. …
       I0000 00:00:… cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.

   정보(I)·경고(W) 줄은 ``TF_CPP_MIN_LOG_LEVEL`` (1이면 I, 2면 I와 W를 숨김)이 숨기겠다고 약속한 줄이므로,
   그 값에 맞춰 걸러 냅니다.
2. 처음 장치를 찾을 때, NVIDIA 드라이버가 없으면(오류 303: 드라이버 라이브러리를 불러오지 못함)::

       E0000 … cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)

   GPU가 없다는 사실은 준비 셀이 한국어로 알리므로(``⚠ GPU가 없어 CPU로 실행합니다``) 이 한 줄만 거릅니다.
   드라이버가 있는데 실패한 경우(다른 오류 번호)는 그대로 보입니다.
3. ``fit``/``predict`` 가 입력 파이프라인(``tf.data``)을 만들 때마다::

       E0000 … node_def_util.cc:682] NodeDef mentions attribute use_unbounded_threadpool which is not in the op
       definition: Op<name=MapDataset; …> This may be expected if your graph generating binary is newer than this
       binary. Unknown attributes will be ignored. …

   TensorFlow 스스로 "모르는 속성은 무시한다"고 밝힌, 결과에 영향이 없는 줄입니다.

그 밖의 오류(E)·치명적 오류(F) 줄, 파이썬 예외, 파이썬 경고(``warnings``, Keras의 사용 중단 경고 등)는 모두 그대로
보입니다. 거르는 규칙은 :data:`KNOWN_NOISE` 와 :func:`is_known_noise` 에 있고, 테스트가 이 컴퓨터에서 실제로 나온 줄로
확인합니다. 필터는 IPython 커널(JupyterLab·Colab·nbval) 안에서만, 리눅스·macOS에서만 켭니다(ipykernel이 C++ 출력을
셀로 옮기는 곳이 여기뿐입니다). 켜는 함수는 :func:`quiet_tensorflow_logs` 이고 ``setup_notebook()`` 이 TensorFlow를
처음 불러오기 전에 부릅니다.
"""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading

from course_utils.validation import integer

LOG_LEVEL_ENV = "TF_CPP_MIN_LOG_LEVEL"
#: 강좌의 기본값: 정보(I)와 경고(W)를 숨기고 오류(E)는 보임(학습자가 이미 정했으면 그 값을 따름).
DEFAULT_LOG_LEVEL = "2"

#: 글 줄 하나가 absl/TensorFlow C++ 로그인지: 심각도 글자(I, W, E, F) + 월일 4자리 + 시각 …
_LOG_LINE = re.compile(r"^(?P<severity>[IWEF])\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ \S+:\d+\] ")

#: 학습자에게 뜻이 없어 거르는 오류(E) 줄: (이유, 정규식). 이 밖의 E 줄은 모두 보입니다.
KNOWN_NOISE = (
    (
        "GPU 드라이버가 없는 컴퓨터에서 CUDA를 초기화하지 못했다는 줄(오류 303). 준비 셀이 'GPU가 없어 CPU로 실행'을 알림",
        re.compile(r"\] failed call to cuInit: .*\(303\)\s*$"),
    ),
    (
        "tf.data의 MapDataset 속성 use_unbounded_threadpool을 모른다는 줄(TensorFlow가 무시한다고 밝힘, 결과에 영향 없음)",
        re.compile(r"\] NodeDef mentions attribute use_unbounded_threadpool which is not in the op definition"),
    ),
)
_ABSL_PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"


def _min_log_level() -> int:
    try:
        return int(os.environ.get(LOG_LEVEL_ENV, "0"))
    except ValueError:
        return 0


def is_known_noise(line: str, min_log_level: int | None = None) -> bool:
    """표준 오류의 한 줄을 거를지: ``TF_CPP_MIN_LOG_LEVEL`` 이 숨기기로 한 I·W 줄과 :data:`KNOWN_NOISE` 의 E 줄만 참.

    Args:
        line: 줄바꿈을 뺀 한 줄.
        min_log_level: ``TF_CPP_MIN_LOG_LEVEL`` 값(``None`` 이면 환경 변수).
    """
    if not isinstance(line, str):
        raise ValueError(f"line은 문자열(표준 오류의 한 줄)이어야 합니다. 받은 값의 형식: {type(line).__name__}")
    level = _min_log_level() if min_log_level is None else integer(min_log_level, "min_log_level", minimum=0)
    if line.strip() == _ABSL_PREAMBLE:
        return level >= 1  # 뒤따르는 I 줄들의 머리말
    match = _LOG_LINE.match(line)
    if match is None:
        return False
    severity = match.group("severity")
    if severity == "I":
        return level >= 1
    if severity == "W":
        return level >= 2
    if severity == "E":
        return any(pattern.search(line) for _, pattern in KNOWN_NOISE)
    return False  # F(치명적 오류)는 언제나 보임


class _StderrFilter:
    """파일 서술자 2를 파이프로 바꾸고, 스레드가 줄마다 :func:`is_known_noise` 로 걸러 원래 서술자로 넘깁니다."""

    def __init__(self, target_fd: int = 2):
        self.target_fd = target_fd
        self.original = os.dup(target_fd)
        read_end, write_end = os.pipe()
        os.dup2(write_end, target_fd)
        os.close(write_end)
        self.read_end = read_end
        self.thread = threading.Thread(target=self._forward, name="course-utils-tf-log-filter", daemon=True)
        self.thread.start()
        atexit.register(self.close)

    def close(self) -> None:
        """원래 표준 오류를 되돌리고, 파이프에 남은 줄을 마저 넘긴 뒤 끝냅니다(프로세스가 끝날 때 자동)."""
        try:
            os.dup2(self.original, self.target_fd)  # 파이프의 쓰는 쪽이 닫혀 스레드가 남은 것을 넘기고 끝남
        except OSError:
            return
        self.thread.join(timeout=2.0)

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.original, data)
        except OSError:
            pass

    def _forward(self) -> None:
        import select

        pending = b""
        try:
            while True:
                ready, _, _ = select.select([self.read_end], [], [], 0.2)
                if not ready:
                    if pending:  # 줄바꿈 없이 멈춘 출력(진행 표시 등)은 기다리지 않고 넘김
                        self._write(pending)
                        pending = b""
                    continue
                chunk = os.read(self.read_end, 65536)
                if not chunk:
                    if pending and not is_known_noise(pending.decode("utf-8", "replace")):
                        self._write(pending)
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                kept = [line for line in lines if not is_known_noise(line.decode("utf-8", "replace"))]
                if kept:
                    self._write(b"\n".join(kept) + b"\n")
        except Exception:  # 거르다 실패하면 원래 표준 오류로 되돌려 출력이 막히지 않게 함
            os.dup2(self.original, self.target_fd)
            self._write(pending)
            while True:
                try:
                    chunk = os.read(self.read_end, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self._write(chunk)


_filter: _StderrFilter | None = None
_lock = threading.Lock()


def _in_ipython_kernel() -> bool:
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def quiet_tensorflow_logs(filter_stderr: bool | None = None) -> bool:
    """TensorFlow를 처음 불러오기 **전에** 부릅니다: 로그 수준 기본값과 표준 오류 필터.

    ``TF_CPP_MIN_LOG_LEVEL`` 이 없으면 :data:`DEFAULT_LOG_LEVEL` (2)로 두고, IPython 커널 안(리눅스·macOS)이면
    표준 오류 필터를 한 번만 켭니다. 이미 TensorFlow를 불러온 뒤라면 불러올 때의 줄은 이미 나왔지만, 이후의 줄은 거릅니다.

    Args:
        filter_stderr: 필터를 켤지(``None`` 이면 IPython 커널이고 POSIX일 때만).

    Returns:
        필터가 켜져 있는지.
    """
    global _filter
    os.environ.setdefault(LOG_LEVEL_ENV, DEFAULT_LOG_LEVEL)
    if filter_stderr is None:
        filter_stderr = os.name == "posix" and _in_ipython_kernel()
    if not filter_stderr:
        return _filter is not None
    with _lock:
        if _filter is None:
            _filter = _StderrFilter()
    return True
