"""10 전치 합성곱 탐색기(course_utils.explorers.TransposedExplorer)를 실제 Keras ``Conv2DTranspose`` 와 비교합니다.

찍고 더한 결과, 겹침 횟수(입력·커널이 모두 1), 입력 칸 하나의 찍힌 자국(원핫 입력), 출력 크기와 숫자를 넣은 공식을
슬라이더의 커널·스트라이드·패딩·output_padding 격자 전체에서 확인하고, 그림이 그 값들을 그리는지 봅니다.
"""

import itertools

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from conftest import PNG_SIGNATURE, assert_korean_value_error  # noqa: E402
from course_utils import explorers, sizes  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")
NONE = explorers.NO_OUTPUT_PADDING


def _keras_ones_kernel(batch, kernel_size, strides, padding, output_padding):
    """모든 값이 1인 커널의 ``Conv2DTranspose`` 를 ``(배치, n, n)`` 에 실행. TensorFlow가 실행을 거절하면 ``None``."""
    layer = layers.Conv2DTranspose(
        1, kernel_size, strides=strides, padding=padding, output_padding=output_padding,
        use_bias=False, kernel_initializer="ones",
    )  # fmt: skip
    try:
        return np.asarray(layer(np.asarray(batch, "float32")[..., None]))[..., 0]
    except Exception:  # TensorFlow의 오류 종류는 커널 구현(oneDNN 등)에 따라 다름
        return None


def _filled_formula_value(formula: str) -> int:
    """``"출력 = 기호 공식 = 숫자를 넣은 식 = 값"`` 에서 숫자를 넣은 식을 계산합니다."""
    filled = formula.split(" = ")[-2]
    return eval(filled.replace("·", "*").replace("−", "-"), {"max": max})


def test_explorer_matches_keras_conv2d_transpose_on_the_slider_grid():
    rng = np.random.default_rng(10)
    explorer = explorers.TransposedExplorer()
    checked = rejected = 0
    for k, s, padding, op in itertools.product(range(1, 6), range(1, 4), ("valid", "same"), (NONE, 0, 1, 2)):
        n = int(rng.integers(2, 6))
        step = int(rng.integers(1, n * n + 1))
        values = dict(input_size=n, kernel_size=k, strides=s, padding=padding, output_padding=op, step=step)
        state = explorer.state(**values)
        keras_op = None if op == NONE else op
        if keras_op is not None and keras_op >= s:  # Keras는 층을 만들 때 거절
            with pytest.raises(ValueError):
                layers.Conv2DTranspose(1, k, strides=s, padding=padding, output_padding=keras_op)
            assert "출력 패딩" in state["error"], values
            rejected += 1
            continue
        x = 1.0 + np.add.outer(np.arange(n), np.arange(n)) % 3
        order = np.arange(n * n).reshape(n, n)
        one_hot = np.where(order == step - 1, x, 0.0)  # 방금 찍은 입력 칸 하나
        batch = [x, np.where(order < step, x, 0.0), np.ones((n, n)), one_hot]
        result = _keras_ones_kernel(batch, k, s, padding, keras_op)
        if result is None:  # 모양은 계산되지만 TensorFlow가 실행을 거절: same, 짝수 커널, output_padding=0
            assert padding == "same" and k % 2 == 0 and keras_op == 0, values
            assert "TensorFlow" in state["error"], values
            rejected += 1
            continue
        assert state["error"] is None, values
        np.testing.assert_array_equal(state["input"], x)
        np.testing.assert_allclose(state["output"], result[0], err_msg=str(values))
        np.testing.assert_allclose(state["partial"], result[1], err_msg=str(values))
        np.testing.assert_allclose(state["counts"], result[2], err_msg=str(values))
        previous = explorer.state(**{**values, "step": step - 1})["partial"] if step > 1 else 0
        np.testing.assert_allclose(state["partial"] - previous, result[3], err_msg=str(values))  # 한 칸의 자국
        out = result.shape[1]
        assert state["output_size"] == out == sizes.transposed_conv_output_size(n, k, s, padding, keras_op)
        assert state["lines"][0] == f"출력 크기: {out}×{out}"
        assert state["formula"].endswith(f"= {out}") and _filled_formula_value(state["formula"]) == out, values
        compare, compare_counts = state["compare"]
        assert compare % s == 0 if k % s else compare % s != 0 or s == 1  # 고르지 않으면 고른 커널과, 고르면 그 반대와
        np.testing.assert_allclose(compare_counts, _keras_ones_kernel([np.ones((n, n))], compare, s, padding, None)[0])
        checked += 1
    assert checked >= 80 and rejected >= 30


@pytest.mark.parametrize("k, s", list(itertools.product(range(1, 7), range(1, 5))))
def test_residue_overlaps_explain_the_checkerboard_in_keras_counts(k, s):
    """가장자리에서 먼 칸의 겹침 횟수 = 두 축의 (위치 mod s) 마다의 커널 칸 수의 곱(Odena 외, 2016의 고르지 않은 겹침)."""
    n = 10
    counts = _keras_ones_kernel([np.ones((n, n))], k, s, "valid", None)[0]  # valid: 찍힘 격자 그대로(자르지 않음)
    residues = explorers.residue_overlaps(k, s)
    inside = range(k - 1, (n - 1) * s + 1)  # 모든 커널 칸이 입력 칸 하나씩에서 올 수 있는 위치
    for row, col in itertools.product(inside, inside):
        assert counts[row, col] == residues[row % s] * residues[col % s], (row, col)
    assert (len(set(residues)) == 1) == (k % s == 0)  # 고른 겹침 ⟺ k가 s로 나누어떨어짐
    line = explorers.TransposedExplorer().state(input_size=3, kernel_size=k, strides=s)["lines"][4]
    assert ("바둑판" in line) == (k % s != 0) and ("고름" in line) == (k % s == 0)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"padding": "same", "kernel_size": 4, "step": 5},  # same: 격자 8칸에서 앞 1칸·뒤 1칸을 잘라 냄
        {"output_padding": 1, "input_size": 4, "step": 16},  # output_padding: 격자 밖 끝 칸(0)
        {"kernel_size": 1, "strides": 3, "step": 4},  # k < s: 찍히지 않는 칸
        {"input_size": 5, "kernel_size": 5, "strides": 3, "output_padding": 2, "step": 25},  # 가장 큰 그림
    ],
)
def test_figure_draws_the_state(values):
    explorer = explorers.TransposedExplorer()
    state = explorer.state(**{**explorer.defaults, **values})
    fig = explorer.figure(state)
    (ax_input, ax_stamps), (ax_counts, ax_compare) = np.reshape(fig.axes, (2, 2))
    n, k, s, skip, out = (state[key] for key in ("input_size", "kernel_size", "strides", "skip", "output_size"))
    span = max(len(state["canvas"]), skip + out)
    grid = np.zeros((span, span))
    grid[: len(state["canvas"]), : len(state["canvas"])] = state["canvas"]
    np.testing.assert_array_equal(ax_input.images[0].get_array(), state["input"])
    np.testing.assert_array_equal(ax_stamps.images[0].get_array(), grid)
    np.testing.assert_array_equal(ax_counts.images[0].get_array(), state["counts"])
    np.testing.assert_array_equal(ax_compare.images[0].get_array(), state["compare"][1])
    assert [float(t.get_text()) for t in ax_counts.texts] == list(state["counts"].ravel())  # 칸마다 겹친 횟수

    def patches(ax, gid):
        return [p for p in ax.patches if p.get_gid() == gid]

    i, j = divmod(state["step"] - 1, n)
    (current,) = patches(ax_input, "input-current")
    (stamp,) = patches(ax_stamps, "stamp")
    (window,) = patches(ax_stamps, "output-window")
    assert current.get_xy() == (j - 0.5, i - 0.5)
    assert stamp.get_xy() == (j * s - 0.5, i * s - 0.5) and stamp.get_width() == stamp.get_height() == k
    assert window.get_xy() == (skip - 0.5, skip - 0.5) and window.get_width() == out
    cropped = sum(p.get_width() * p.get_height() for p in patches(ax_stamps, "cropped"))
    assert cropped == span * span - out * out  # 빗금 띠 = 찍힘 격자 중 출력 창 밖
    assert str(out) in fig._suptitle.get_text() and state["formula"].split(" = ", 1)[1] in fig._suptitle.get_text()


def test_defaults_and_guided_values():
    explorer = explorers.TransposedExplorer()
    state = explorer.state(**explorer.defaults)
    assert state["output_size"] == 7 and state["compare"][0] == 4  # 커널 3, 스트라이드 2 → 비교: 커널 4
    assert sorted(set(state["counts"].ravel())) == [1, 2, 4]
    same = explorer.state(kernel_size=4, strides=2, padding="same", input_size=3)
    assert same["output_size"] == 6 and same["skip"] == 1 and "앞 1칸, 뒤 1칸을 잘라 냄" in same["lines"][2]


@pytest.mark.parametrize(
    "values, words",
    [
        ({"output_padding": 2}, "출력 패딩"),  # output_padding >= strides: Keras가 층을 만들 때 거절
        ({"kernel_size": 2, "padding": "same", "output_padding": 0}, "TensorFlow"),  # 실행할 때 거절
    ],
)
def test_rejected_combinations_show_korean_message_instead_of_figure(values, words):
    explorer = explorers.TransposedExplorer()
    state = explorer.set_values(**values)
    assert words in state["error"]
    assert explorer.last_png is None and explorer._image.layout.display == "none"
    assert words in explorer._summary.value and "course-explorer-error" in explorer._summary.value
    bundle = explorer._repr_mimebundle_()
    assert "image/png" not in bundle and words in bundle["text/html"] and words in bundle["text/plain"]
    explorer.set_values(output_padding=NONE, kernel_size=3, padding="valid")
    assert explorer.last_png.startswith(PNG_SIGNATURE) and explorer._image.layout.display is None


def test_step_slider_ends_at_the_number_of_input_cells():
    explorer = explorers.TransposedExplorer()
    explorer.widget()
    assert explorer._controls["step"].max == 9
    explorer.set_values(input_size=5, step=25)
    assert explorer._controls["step"].max == 25 and explorer.last_state["step"] == 25
    redraws = []
    original = explorer.update
    explorer.update = lambda: (redraws.append(1), original())
    explorer._controls["input_size"].value = 2  # 사용자가 움직인 것처럼: 칸이 4개로 줄면 슬라이더도 4에서 멈춤
    assert explorer._controls["step"].max == 4 and explorer._controls["step"].value == 4
    assert len(redraws) == 1 and explorer.last_state["step"] == 4  # 잘린 찍은 칸 값으로 한 번만 다시 그림
    assert "찍은 입력 칸 4/4" in explorer._summary.value


def test_widget_redraws_and_static_bundle_shows_default_figure():
    explorer = explorers.TransposedExplorer()
    explorer.update()  # 위젯 전: 상태만 계산
    assert explorer.last_state["error"] is None and explorer._box is None
    bundle = explorer._repr_mimebundle_()
    assert explorers.WIDGET_MIMETYPE in bundle and "출력 크기: 7×7" in bundle["text/plain"]
    first = explorer.last_png
    explorer.set_values(kernel_size=4)
    assert explorer.last_png != first and "출력 크기: 8×8" in explorer._summary.value
    assert "모두 4회로 고름" in explorer._summary.value


def test_helpers_reject_bad_direct_calls_in_korean():
    assert_korean_value_error(explorers.residue_overlaps, 3, 0, match="스트라이드")
    assert_korean_value_error(explorers.residue_overlaps, 2.5, 2, match="커널")
    state = explorers.TransposedExplorer().state(input_size=0)  # 위젯 밖에서 부른 상태: 예외 대신 한국어 메시지
    assert "입력 크기" in state["error"]
    assert "padding" in explorers.TransposedExplorer().state(padding="full")["error"]
