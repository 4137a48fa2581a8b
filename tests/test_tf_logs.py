"""TensorFlow C++ 로그 필터(course_utils.tf_logs): 뜻 없는 줄만 거르고 진짜 오류·경고는 그대로 보입니다."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course_utils import tf_logs

ROOT = Path(__file__).resolve().parents[1]

# 이 컴퓨터(GPU 없음, TensorFlow 2.21)의 JupyterLab 셀에 실제로 나온 줄들(시각만 그대로 둠).
PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
ONEDNN = (
    "I0000 00:00:1796486936.124761   20721 port.cc:153] oneDNN custom operations are on. You may see slightly "
    "different numerical results due to floating-point round-off errors from different computation orders. "
    "To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`."
)
CUDART = (
    "I0000 00:00:1796486936.129716   20721 cudart_stub.cc:31] Could not find cuda drivers on your machine, "
    "GPU will not be used."
)
CUINIT_303 = (
    "E0000 00:00:1796486948.919270   20721 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error: "
    "Failed call to cuInit: UNKNOWN ERROR (303)"
)
UNBOUNDED = (
    "E0000 00:00:1796486952.309129   20721 node_def_util.cc:682] NodeDef mentions attribute use_unbounded_threadpool "
    "which is not in the op definition: Op<name=MapDataset; signature=input_dataset:variant, other_arguments: -> "
    "handle:variant; attr=f:func> This may be expected if your graph generating binary is newer  than this binary. "
    "Unknown attributes will be ignored. NodeDef: {{node ParallelMapDatasetV2/_14}}"
)
# 보여야 하는 줄: 드라이버가 있는데 GPU를 못 찾음, 다른 오류, 치명적 오류, 경고(수준 1), 일반 글
REAL_ERRORS = [
    "E0000 00:00:1796486948.919270   20721 cuda_platform.cc:52] failed call to cuInit: CUDA_ERROR_NO_DEVICE: "
    "no CUDA-capable device is detected (100)",
    "E0000 00:00:1796486952.309129   20721 bfc_allocator.cc:501] Allocator (mklcpu) ran out of memory trying to "
    "allocate 4.00GiB",
    "F0000 00:00:1796486952.309129   20721 tensor_shape.cc:45] Check failed: ndims_byte() < MaxDimensions()",
    "Traceback (most recent call last):",
    "UserWarning: 진짜 경고",
]


@pytest.mark.parametrize("line", [PREAMBLE, ONEDNN, CUDART, CUINIT_303, UNBOUNDED])
def test_known_noise_is_filtered_at_the_course_log_level(line):
    assert tf_logs.is_known_noise(line, min_log_level=2)


@pytest.mark.parametrize("line", REAL_ERRORS)
def test_real_errors_and_other_text_are_never_filtered(line):
    for level in (0, 1, 2, 3):
        assert not tf_logs.is_known_noise(line, min_log_level=level)


def test_info_and_warning_lines_follow_tf_cpp_min_log_level():
    warning = "W0000 00:00:1796486952.309129   20721 op_kernel.cc:1857] OP_REQUIRES failed at x.cc:1: 경고"
    assert not tf_logs.is_known_noise(ONEDNN, min_log_level=0)  # 학습자가 0으로 두면 정보 줄도 보임
    assert tf_logs.is_known_noise(ONEDNN, min_log_level=1)
    assert not tf_logs.is_known_noise(warning, min_log_level=1)
    assert tf_logs.is_known_noise(warning, min_log_level=2)
    assert tf_logs.is_known_noise(CUINIT_303, min_log_level=0)  # E 줄은 수준과 무관하게 정해진 두 규칙만 봄


def test_filter_drops_only_the_known_lines_written_to_file_descriptor_2():
    """C++ 코드처럼 파일 서술자 2에 직접 쓴 줄들 가운데 알려진 줄만 빠지고, 나머지는 순서대로 남습니다."""
    noise = [PREAMBLE, ONEDNN, CUDART, CUINIT_303, UNBOUNDED]
    lines = noise[:3] + REAL_ERRORS[:2] + noise[3:] + REAL_ERRORS[2:]
    script = textwrap.dedent(
        f"""
        import os, sys, warnings
        from course_utils.tf_logs import quiet_tensorflow_logs
        assert quiet_tensorflow_logs(filter_stderr=True)
        for line in {lines!r}:
            os.write(2, (line + "\\n").encode())
        os.write(2, "줄바꿈 없는 끝".encode())
        warnings.warn("파이썬 경고는 그대로")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    shown = result.stderr
    for line in noise:
        assert line not in shown
    positions = [shown.index(line) for line in REAL_ERRORS]
    assert positions == sorted(positions)
    assert "줄바꿈 없는 끝" in shown and "파이썬 경고는 그대로" in shown


def test_filter_is_only_switched_on_inside_an_ipython_kernel(monkeypatch):
    monkeypatch.delenv(tf_logs.LOG_LEVEL_ENV, raising=False)
    assert tf_logs.quiet_tensorflow_logs() is (tf_logs._filter is not None)  # pytest는 커널이 아님: 켜지 않음
    assert tf_logs._filter is None
    import os

    assert os.environ[tf_logs.LOG_LEVEL_ENV] == "2"
    monkeypatch.setenv(tf_logs.LOG_LEVEL_ENV, "0")  # 학습자가 정한 값은 바꾸지 않음
    tf_logs.quiet_tensorflow_logs()
    assert os.environ[tf_logs.LOG_LEVEL_ENV] == "0"
