"""빠른 모드 전환, setup_notebook, 한글 글꼴, import 부작용 없음."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from conftest import assert_korean_value_error  # noqa: E402
from course_utils import flags, korean_font  # noqa: E402


@pytest.mark.parametrize(
    "raw,expected", [("1", True), ("true", True), ("YES", True), ("", False), ("0", False), ("off", False)]
)
def test_quick_mode_reads_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("COURSE_QUICK", raw)
    assert flags.is_quick_mode() is expected
    assert flags.by_mode(quick="작게", full="크게") == ("작게" if expected else "크게")


def test_quick_mode_defaults_to_full(monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert flags.is_quick_mode() is False
    assert flags.mode_name() == "전체 모드(full)"


def test_set_quick_mode_from_inside_a_notebook(monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    flags.set_quick_mode(True)
    assert flags.is_quick_mode() and flags.mode_name() == "빠른 모드(quick)"
    flags.set_quick_mode(False)
    assert not flags.is_quick_mode()
    assert_korean_value_error(flags.set_quick_mode, "yes", match="True 또는 False")


def test_unknown_quick_value_is_a_korean_error(monkeypatch):
    monkeypatch.setenv("COURSE_QUICK", "maybe")
    with pytest.raises(ValueError, match="이해할 수 없습니다"):
        flags.is_quick_mode()


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
    from matplotlib import font_manager

    name = korean_font.use_korean_font()
    assert name == "NanumGothic"  # 강좌 패키지에 함께 넣은 글꼴(시스템 글꼴이 아님)
    registered = [Path(f.fname) for f in font_manager.fontManager.ttflist if f.name == name]
    assert korean_font.FONT_DIR / "NanumGothic.ttf" in registered, registered
    assert "SIL OPEN FONT LICENSE" in (korean_font.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
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


def _fake_devices(monkeypatch, gpus: int):
    """``tf.config.list_physical_devices`` 가 GPU ``gpus`` 개를 보이는 것처럼 바꿉니다(CPU 목록은 그대로)."""
    import tensorflow as tf

    real = tf.config.list_physical_devices
    fake_gpus = [tf.config.PhysicalDevice(name=f"/physical_device:GPU:{i}", device_type="GPU") for i in range(gpus)]

    def list_physical_devices(device_type=None):
        if device_type == "GPU":
            return list(fake_gpus)
        return real(device_type) if device_type is not None else real() + fake_gpus

    monkeypatch.setattr(tf.config, "list_physical_devices", list_physical_devices)


def _op_determinism_enabled() -> bool:
    from tensorflow.python.framework import config as tf_config  # 공개 API에는 읽는 함수가 없음

    return tf_config.is_op_determinism_enabled()


@pytest.fixture
def restore_op_determinism():
    before = _op_determinism_enabled()
    yield
    from course_utils.notebook_setup import set_op_determinism

    set_op_determinism(before)


def test_default_on_a_gpu_is_seeds_only_and_says_so(monkeypatch, capsys, restore_op_determinism):
    import numpy as np

    from course_utils.notebook_setup import GPU_SEEDS_ONLY_NOTE, setup_notebook

    _fake_devices(monkeypatch, gpus=1)
    setup_notebook(seed=3, quick=True)  # 먼저 결정성이 켜져 있었어도(CPU 기본값) GPU 기본값은 끔
    assert not _op_determinism_enabled()
    out = capsys.readouterr().out
    assert GPU_SEEDS_ONLY_NOTE in out and "deterministic=True" in GPU_SEEDS_ONLY_NOTE
    assert "GPU: /physical_device:GPU:0" in out
    assert "UnimplementedError" not in out
    first = np.random.rand()
    setup_notebook(seed=3, quick=True, verbose=False)
    assert np.random.rand() == first, "GPU에서도 시드는 고정합니다"


def test_default_on_cpu_turns_op_determinism_on(monkeypatch, capsys, restore_op_determinism):
    from course_utils.notebook_setup import (
        GPU_DETERMINISM_WARNING,
        GPU_SEEDS_ONLY_NOTE,
        set_op_determinism,
        setup_notebook,
    )

    _fake_devices(monkeypatch, gpus=0)
    set_op_determinism(False)
    assert not _op_determinism_enabled()
    setup_notebook(seed=3, quick=True)
    assert _op_determinism_enabled()
    out = capsys.readouterr().out
    assert GPU_SEEDS_ONLY_NOTE not in out and GPU_DETERMINISM_WARNING not in out


def test_asking_for_determinism_on_a_gpu_turns_it_on_and_warns(monkeypatch, capsys, restore_op_determinism):
    from course_utils.notebook_setup import GPU_DETERMINISM_WARNING, setup_notebook

    _fake_devices(monkeypatch, gpus=2)
    setup_notebook(seed=3, quick=True, deterministic=True, verbose=False)
    assert _op_determinism_enabled()
    assert GPU_DETERMINISM_WARNING in capsys.readouterr().out, "verbose=False여도 경고는 보여야 합니다"
    assert "UnimplementedError" in GPU_DETERMINISM_WARNING
    setup_notebook(seed=3, quick=True, deterministic=False, verbose=False)
    assert not _op_determinism_enabled()
    for bad in ("yes", 1, 0.0):
        assert_korean_value_error(setup_notebook, deterministic=bad, verbose=False, match="deterministic")


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
