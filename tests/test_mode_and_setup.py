"""빠른 모드 전환, setup_notebook, 한글 글꼴, import 부작용 없음."""

import os
import subprocess
import sys
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from conftest import assert_korean_value_error  # noqa: E402
from course_utils import korean_font, mode  # noqa: E402


@pytest.mark.parametrize(
    "raw,expected", [("1", True), ("true", True), ("YES", True), ("", False), ("0", False), ("off", False)]
)
def test_quick_mode_reads_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("COURSE_QUICK", raw)
    assert mode.is_quick_mode() is expected
    assert mode.by_mode(quick="작게", full="크게") == ("작게" if expected else "크게")


def test_quick_mode_defaults_to_full(monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert mode.is_quick_mode() is False
    assert mode.mode_name() == "전체 모드(full)"


def test_set_quick_mode_from_inside_a_notebook(monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    mode.set_quick_mode(True)
    assert mode.is_quick_mode() and mode.mode_name() == "빠른 모드(quick)"
    mode.set_quick_mode(False)
    assert not mode.is_quick_mode()
    assert_korean_value_error(mode.set_quick_mode, "yes", match="True 또는 False")


def test_unknown_quick_value_is_a_korean_error(monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "maybe")
    with pytest.raises(ValueError, match="이해할 수 없습니다"):
        mode.is_quick_mode()


def test_import_has_no_side_effects():
    """course_utils를 import해도 TensorFlow·pyplot을 불러오지 않고 matplotlib 설정도 그대로입니다."""
    code = (
        "import sys, matplotlib; before = dict(matplotlib.rcParams); import course_utils, course_tools.nbtools; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TF imported'; "
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'; "
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed'; print('ok')"
    )
    # 백엔드를 정해 두지 않으면 rcParams["backend"]를 읽는 것(dict(...))만으로 pyplot이 불려 옵니다.
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.stdout.strip() == "ok", result.stderr


def test_korean_text_renders_without_missing_glyph_warnings():
    import matplotlib.pyplot as plt

    name = korean_font.use_korean_font()
    assert name in korean_font.PREFERRED_FONTS
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 글리프 누락 경고가 나면 실패
        fig, ax = plt.subplots()
        ax.plot([-1, 0, 1], [1, -2, 3])
        ax.set_title("합성곱 신경망: 특성 맵과 풀링")
        ax.set_xlabel("에포크(epoch)")
        ax.set_ylabel("손실 −0.5")
        fig.canvas.draw()
    plt.close(fig)


def test_default_font_really_lacks_hangul():
    """대조 실험: 한글 글꼴 설정 없이는 같은 그림이 글리프 누락 경고를 냅니다(위 테스트가 의미 있음)."""
    code = (
        "import warnings, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "matplotlib.rcParams['font.family'] = ['DejaVu Sans']\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always'); fig, ax = plt.subplots(); ax.set_title('합성곱'); fig.canvas.draw()\n"
        "print(sum('missing from font' in str(x.message) for x in w))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert int(result.stdout.strip()) > 0


def test_setup_notebook_sets_seeds_font_and_prints_mode(monkeypatch, capsys):
    import keras
    import numpy as np

    from course_utils.notebook_setup import setup_notebook

    monkeypatch.delenv("COURSE_QUICK", raising=False)
    setup_notebook(seed=7, quick=True)
    out = capsys.readouterr().out
    assert "빠른 모드(quick)" in out and "TensorFlow" in out and "Keras" in out and "시드: 7" in out
    first = (np.random.rand(), float(keras.random.uniform(())))
    setup_notebook(seed=7, quick=True, verbose=False)
    second = (np.random.rand(), float(keras.random.uniform(())))
    assert first == second, "같은 시드로 다시 준비하면 같은 난수가 나와야 합니다"
    assert matplotlib.rcParams["font.family"][0] in korean_font.PREFERRED_FONTS
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    import tensorflow as tf

    if not tf.config.list_physical_devices("GPU"):
        assert "GPU가 없어" in out
    assert_korean_value_error(setup_notebook, seed=-1, match="seed")


@pytest.mark.parametrize("raw, expected", [(None, 42), ("", 42), ("0", 0), ("7", 7), (" 123 ", 123)])
def test_course_seed_reads_the_environment(monkeypatch, raw, expected):
    from course_utils.notebook_setup import course_seed

    if raw is None:
        monkeypatch.delenv("COURSE_SEED", raising=False)
    else:
        monkeypatch.setenv("COURSE_SEED", raw)
    assert course_seed() == expected


@pytest.mark.parametrize("raw", ["-1", "1.5", "abc", "4two"])
def test_bad_course_seed_is_a_korean_error(monkeypatch, raw):
    from course_utils.notebook_setup import course_seed, setup_notebook

    monkeypatch.setenv("COURSE_SEED", raw)
    with pytest.raises(ValueError, match="COURSE_SEED.*0 이상의 정수"):
        course_seed()
    with pytest.raises(ValueError, match="COURSE_SEED"):
        setup_notebook(verbose=False)


def test_setup_notebook_uses_course_seed_by_default(monkeypatch, capsys):
    import numpy as np

    from course_utils.notebook_setup import setup_notebook

    monkeypatch.setenv("COURSE_SEED", "5")
    setup_notebook(quick=True)
    assert "시드: 5" in capsys.readouterr().out
    from_environment = np.random.rand()
    setup_notebook(seed=5, quick=True, verbose=False)
    assert np.random.rand() == from_environment
    setup_notebook(seed=6, quick=True, verbose=False)
    assert np.random.rand() != from_environment, "시드가 다르면 난수도 달라야 합니다"


def test_package_exports_resolve_and_commands_run_without_import_warnings():
    import course_utils

    for name in course_utils.__all__:
        assert getattr(course_utils, name) is not None
    with pytest.raises(AttributeError):
        _ = course_utils.no_such_helper
    result = subprocess.run(
        [sys.executable, "-m", "course_utils.offline_mirror", "report"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "MNIST" in result.stdout
    assert "RuntimeWarning" not in result.stderr, result.stderr


def test_cpu_advice_says_only_what_applies_to_the_current_mode():
    """GPU가 없을 때의 안내: 빠른 모드에서는 빠른 모드를 권하지 않고, 전체 모드에서만 바꾸는 방법을 알려 줍니다."""
    from course_utils.notebook_setup import _cpu_advice

    for colab in (False, True):
        quick = _cpu_advice(quick=True, colab=colab)
        assert (
            "빠른 모드라" in quick and "권" not in quick and "COURSE_QUICK" not in quick and "GPU를 고르" not in quick
        )
    local_full = _cpu_advice(quick=False, colab=False)
    assert "quick=True" in local_full and "COURSE_QUICK=1" in local_full
    colab_full = _cpu_advice(quick=False, colab=True)
    assert "[런타임 유형 변경]" in colab_full and "전체 모드" in colab_full
