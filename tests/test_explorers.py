"""대화형 탐색기(course_utils.explorers)를 파이썬에서 위젯 값을 바꿔 가며 검사합니다.

숫자는 실제 Keras 층, course_utils.sizes, course_utils.detection(그리고 tf.image.non_max_suppression)과 비교합니다.
"""

import base64

import matplotlib.pyplot
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from conftest import PNG_SIGNATURE, assert_korean_value_error  # noqa: E402
from course_utils import detection, explorers, sizes  # noqa: E402

pytestmark = pytest.mark.usefixtures("korean_figures")


def _patches(fig, gid):
    return [p for ax in fig.axes for p in ax.patches if p.get_gid() == gid]


# --- 02 기하 탐색기 -----------------------------------------------------------------------------


def _keras_output_size(n, k, s, d, padding, pad):
    conv_padding = "same" if padding == "same" else "valid"
    conv = layers.Conv2D(1, k, strides=s, padding=conv_padding, dilation_rate=d)
    shape = (1, n, n, 1)
    if padding == explorers.EXPLICIT:
        shape = layers.ZeroPadding2D(pad).compute_output_shape(shape)
    return conv.compute_output_shape(shape)[1]


def _random_geometry(rng, count):
    for _ in range(count):
        yield {
            "input_size": int(rng.integers(3, 15)),
            "kernel_size": int(rng.integers(1, 8)),
            "strides": int(rng.integers(1, 5)),
            "dilation_rate": int(rng.integers(1, 4)),
            "padding": str(rng.choice(["valid", "same", explorers.EXPLICIT])),
            "pad": int(rng.integers(0, 4)),
        }


def test_geometry_state_matches_keras_conv2d_for_random_slider_combinations():
    """150개 조합: 출력 크기를 Keras와 비교하고, 요약 글(위젯에 들어가는 HTML)과 그림을 조합마다 확인합니다.

    위젯 연결(슬라이더 → 다시 그리기 → 요약·PNG)은 모든 조합에서 같은 코드이므로 ``set_values`` 로는 거절하는 조합
    전부(PNG를 만들지 않아 빠름)와 받아들이는 조합 앞쪽 8개를 움직여 봅니다. 나머지 받아들이는 조합은 같은
    ``state`` → ``summary_html`` → ``figure`` 를 직접 부릅니다(PNG 인코딩만 빠짐; 인코딩이 이 테스트 시간의 대부분).
    """
    rng = np.random.default_rng(18)
    explorer = explorers.GeometryExplorer()
    checked = rejected = 0
    for values in _random_geometry(rng, 150):
        n, k, s, d, padding, pad = (
            values[name] for name in ("input_size", "kernel_size", "strides", "dilation_rate", "padding", "pad")
        )
        state = explorer.state(**{**explorer.defaults, **values})
        if state["error"]:
            # 탐색기가 거절하는 조합은 Keras도 거절합니다(층을 만들 때 또는 모양을 계산할 때).
            with pytest.raises(ValueError):
                size = _keras_output_size(n, k, s, d, padding, pad)
                if size is None or size <= 0:
                    raise ValueError("출력 크기가 0 이하")
            assert explorer.set_values(**values)["error"] == state["error"]
            assert explorer._image.layout.display == "none" and "course-explorer-error" in explorer._summary.value
            rejected += 1
            continue
        assert state["output_size"] == _keras_output_size(n, k, s, d, padding, pad), values
        if checked < 8:
            assert (
                explorer.set_values(**values)["output_size"] == state["output_size"] and explorer.last_png is not None
            )
            summary = explorer._summary.value
            assert explorer._image.layout.display is None
        else:
            summary = explorer.summary_html(state)
            matplotlib.pyplot.close(explorer.figure(state))
        assert f"출력 크기: {state['output_size']}×{state['output_size']}" in summary
        checked += 1
    assert checked > 50 and rejected > 10


# Keras가 받아들이는 조합만 12개(거절하는 조합은 위 테스트가 봄): 모든 경우가 실제로 무언가를 확인합니다.
_ACCEPTED_GEOMETRIES = [
    values
    for values in _random_geometry(np.random.default_rng(5), 60)
    if explorers.GeometryExplorer().state(**values)["error"] is None
][:12]


@pytest.mark.parametrize("values", _ACCEPTED_GEOMETRIES)
def test_geometry_numbers_come_from_sizes_and_figure_shows_them(values):
    explorer = explorers.GeometryExplorer()
    state = explorer.state(**values)
    assert state["error"] is None, values
    n, k, s, d, padding, pad = (
        values[name] for name in ("input_size", "kernel_size", "strides", "dilation_rate", "padding", "pad")
    )
    if padding == "same":
        assert (state["padding_before"], state["padding_after"]) == tuple(sizes.same_padding(n, k, s, d))
    else:
        assert state["padding_before"] == state["padding_after"] == (pad if padding == explorers.EXPLICIT else 0)
    total = n + state["padding_before"] + state["padding_after"]
    assert state["ignored"] == sizes.valid_ignored(total, k, s, d)
    assert state["formula"].endswith(f"= {state['output_size']}")
    fig = explorer.figure(state)
    out = state["output_size"]
    assert len(_patches(fig, "kernel-center")) == out * out
    if padding == "valid":  # 버려지는 칸 = 입력 n×n 중 커널 위치가 덮는 (n - 버려지는 줄)² 바깥
        assert len(_patches(fig, "ignored-cell")) == n * n - (n - state["ignored"]) ** 2
    assert len(_patches(fig, "kernel-tap")) == (k * k if d > 1 else 0)


def test_geometry_default_and_guided_question_values():
    explorer = explorers.GeometryExplorer()
    assert explorer.state(**explorer.defaults)["output_size"] == 5
    # 노트북의 질문: 스트라이드 2이면 valid는 floor, same은 ceil.
    assert explorer.state(input_size=8, kernel_size=3, strides=2)["output_size"] == 3
    assert explorer.state(input_size=8, kernel_size=3, strides=2)["ignored"] == 1
    assert explorer.state(input_size=7, kernel_size=3, strides=2, padding="same")["output_size"] == 4


@pytest.mark.parametrize(
    "values, words",
    [
        ({"strides": 2, "dilation_rate": 2}, "스트라이드가 1보다 크면서 팽창"),
        ({"input_size": 3, "kernel_size": 5}, "클 수 없습니다"),
        ({"input_size": 5, "kernel_size": 3, "dilation_rate": 3}, "클 수 없습니다"),
    ],
)
def test_geometry_rejected_combinations_show_korean_message_instead_of_figure(values, words):
    explorer = explorers.GeometryExplorer()
    state = explorer.set_values(**values)
    assert words in state["error"]
    assert explorer.last_png is None and explorer._image.layout.display == "none"
    assert words in explorer._summary.value
    bundle = explorer._repr_mimebundle_()
    assert "image/png" not in bundle and words in bundle["text/html"] and words in bundle["text/plain"]
    # 다시 맞는 값으로 돌아오면 그림이 다시 보입니다.
    explorer.set_values(strides=1, dilation_rate=1, input_size=7, kernel_size=3)
    assert explorer.last_png.startswith(PNG_SIGNATURE) and explorer._image.layout.display is None


def test_explicit_padding_slider_is_enabled_only_for_explicit_padding():
    explorer = explorers.GeometryExplorer()
    explorer.widget()
    assert explorer._controls["pad"].disabled
    explorer.set_values(padding=explorers.EXPLICIT)
    assert not explorer._controls["pad"].disabled


def test_set_values_rejects_unknown_widget_name():
    with pytest.raises(ValueError, match="모르는 위젯"):
        explorers.GeometryExplorer().set_values(stride=2)


@pytest.mark.parametrize("make", [explorers.GeometryExplorer, explorers.PoolingExplorer])
def test_update_before_widget_computes_the_default_state_without_raising(make):
    explorer = make()
    explorer.update()  # 위젯을 만들기 전: 그릴 곳이 없어도 오류 없이 상태만 계산
    assert explorer.last_state["lines"] == explorer.render()[0]["lines"] and explorer.last_state["error"] is None
    assert explorer.last_png.startswith(b"\x89PNG") and explorer._box is None
    explorer.widget()  # 그다음 위젯을 만들면 같은 기본값으로 그림
    assert explorer.last_state["lines"] == explorer.render()[0]["lines"]


# --- 정적 그림과 위젯 보기를 함께 내보내기 ---------------------------------------------------------


def test_mimebundle_has_widget_view_and_static_figure_for_default_values():
    explorer = explorers.GeometryExplorer()
    bundle = explorer._repr_mimebundle_()
    assert explorers.WIDGET_MIMETYPE in bundle
    assert bundle[explorers.WIDGET_MIMETYPE]["model_id"] == explorer.widget().model_id
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE) and png == explorer.last_png
    assert bundle["image/png"] in bundle["text/html"]
    assert "출력 크기: 5×5" in bundle["text/plain"]


def test_nbconvert_html_shows_static_figure_when_notebook_has_no_widget_state():
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")

    bundle = explorers.GeometryExplorer()._repr_mimebundle_()
    cell = nbformat.v4.new_code_cell("course_utils.explorers.GeometryExplorer()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    notebook = nbformat.v4.new_notebook(cells=[cell])  # 위젯 상태(metadata.widgets)가 없는 노트북
    page, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    assert "출력 크기: 5×5" in page
    assert bundle["image/png"] in page


def test_figures_are_closed_after_rendering():
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    explorer = explorers.GeometryExplorer()
    explorer.widget()
    explorer.set_values(strides=2)
    assert len(plt.get_fignums()) == before


# --- 01 커널 탐색기 -----------------------------------------------------------------------------


def _keras_feature_map(image, kernel):
    conv = layers.Conv2D(1, 3, use_bias=False)
    conv.build((1, *image.shape, 1))
    conv.set_weights([np.asarray(kernel, "float32")[:, :, None, None]])
    return conv(image[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]


@pytest.mark.parametrize("preset", sorted(explorers.KERNEL_PRESETS))
def test_kernel_presets_match_keras_conv2d(preset):
    image = np.random.default_rng(1).random((12, 15))
    explorer = explorers.KernelExplorer(image)
    state = explorer.set_values(preset=preset)
    expected = _keras_feature_map(image, explorers.KERNEL_PRESETS[preset])
    np.testing.assert_allclose(state["feature_map"], expected, atol=1e-5)
    assert state["output_shape"] == expected.shape == sizes.conv2d_output_shape(image.shape, 3)
    np.testing.assert_allclose(
        [cell.value for cell in explorer._cells], np.round(np.ravel(explorers.KERNEL_PRESETS[preset]), 4)
    )
    fig = explorer.figure(state)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), expected, atol=1e-5)


def test_editing_a_kernel_cell_switches_to_custom_and_uses_the_edited_values():
    image = np.random.default_rng(2).random((9, 10))
    explorer = explorers.KernelExplorer(image)
    explorer.widget()
    explorer._cells[0].value = 3.0  # 사용자가 왼쪽 위 칸을 고친 것처럼
    assert explorer._controls["preset"].value == explorers.CUSTOM_KERNEL
    kernel = np.array(explorers.KERNEL_PRESETS["세로 에지(소벨)"], float)
    kernel[0, 0] = 3.0
    np.testing.assert_allclose(explorer.last_state["kernel"], kernel)
    np.testing.assert_allclose(explorer.last_state["feature_map"], _keras_feature_map(image, kernel), atol=1e-5)


def test_kernel_explorer_default_sample_image_and_bad_input():
    explorer = explorers.KernelExplorer()
    assert explorer.image.shape == (143, 214) and 0 <= explorer.image.min() and explorer.image.max() <= 1
    assert explorer.state(preset=explorers.CUSTOM_KERNEL, kernel=np.ones((2, 2)))["error"]
    with pytest.raises(ValueError, match="흑백"):
        explorers.KernelExplorer(np.zeros((2, 2)))


def test_explorer_images_follow_the_one_display_rule():
    """탐색기도 강좌의 표시 규칙 하나를 씁니다: uint8 0~255는 0~1로 옮기고, 0~1을 벗어난 실수는 한국어 오류."""
    photo = np.arange(30 * 40, dtype=np.uint8).reshape(30, 40)
    explorer = explorers.KernelExplorer(photo)
    np.testing.assert_allclose(explorer.image, photo / 255.0)
    assert_korean_value_error(explorers.KernelExplorer, photo.astype(np.float64), match="0~1")
    assert_korean_value_error(explorers.PoolingExplorer, image=photo * 2.0, match="0~1")
    figure = explorer.figure(explorer.state(preset="세로 에지(소벨)"))
    shown = figure.axes[0].images[0]
    assert shown.get_clim() == (0.0, 1.0)  # 사진의 밝기는 값 그대로(0 = 검정, 1 = 흰색), 대비를 몰래 늘리지 않음
    np.testing.assert_allclose(shown.get_array(), photo / 255.0)


def test_detection_explorer_checks_its_inputs_in_the_validation_layer():
    images, truths, predictions, scores, true_labels, pred_labels = _detection_data()
    assert_korean_value_error(
        explorers.DetectionExplorer,
        images,
        truths,
        predictions,
        scores,
        true_labels + 0.5,
        pred_labels,
        match="정수 레이블",
    )  # 전에는 몰래 잘림
    assert_korean_value_error(explorers.DetectionExplorer, images * 255, truths, predictions, scores, match="0~1")
    assert_korean_value_error(explorers.DetectionExplorer, images, truths[:, ::-1], predictions, scores, match="음수")
    assert_korean_value_error(explorers.DetectionExplorer, images, truths, predictions, scores * 2, match="0과 1")


# --- 03 풀링 탐색기 -----------------------------------------------------------------------------


def test_pooling_matches_keras_layers_for_random_combinations():
    """40개 조합: 출력을 Keras 풀링 층과 비교하고, 요약 글과 그림을 조합마다 확인합니다.

    위젯 연결(``set_values`` → 다시 그리기 → 요약·PNG)은 모든 조합에서 같은 코드이므로 앞쪽 8개만 위젯으로 움직이고,
    나머지는 같은 ``state`` → ``summary_html`` → ``figure`` 를 직접 부릅니다(PNG 인코딩만 빠짐; 기하 탐색기 테스트와 같은 방식).
    """
    rng = np.random.default_rng(3)
    explorer = explorers.PoolingExplorer(image=rng.random((23, 30)))
    checked = 0
    for _ in range(40):
        values = {
            "pool_size": int(rng.integers(1, 5)),
            "strides": int(rng.integers(1, 5)),
            "mode": str(rng.choice(["max", "average"])),
            "source": str(rng.choice(["matrix", "image"])),
        }
        if checked < 8:
            state = explorer.set_values(**values)
            summary = explorer._summary.value
            assert explorer.last_png is not None
        else:
            state = explorer.state(**{**explorer.defaults, **values})
            summary = explorer.summary_html(state)
            matplotlib.pyplot.close(explorer.figure(state))
        layer_class = layers.MaxPooling2D if values["mode"] == "max" else layers.AveragePooling2D
        layer = layer_class(values["pool_size"], strides=values["strides"])
        x = state["input"][None, :, :, None].astype("float32")
        expected = layer(x).numpy()[0, :, :, 0]
        np.testing.assert_allclose(state["output"], expected, rtol=1e-5, atol=1e-6)
        assert (
            state["output_shape"]
            == expected.shape
            == sizes.pool2d_output_shape(x.shape[1:3], values["pool_size"], values["strides"])
        )
        assert f"출력 크기: {expected.shape[0]}×{expected.shape[1]}" in summary
        checked += 1
    assert checked == 40


def test_pooling_figure_for_matrix_and_photo():
    explorer = explorers.PoolingExplorer()
    state = explorer.state(pool_size=2, strides=2, mode="max", source="matrix")
    fig = explorer.figure(state)
    assert len(_patches(fig, "pool-window")) == state["output"].size == 9
    np.testing.assert_allclose(fig.axes[1].images[0].get_array(), state["output"])
    state = explorer.state(pool_size=3, strides=2, mode="average", source="image")
    fig = explorer.figure(state)
    np.testing.assert_allclose(fig.axes[1].images[0].get_array(), state["output"])


def test_pooling_too_big_window_shows_error():
    explorer = explorers.PoolingExplorer(matrix=np.arange(9.0).reshape(3, 3))
    state = explorer.set_values(pool_size=4, source="matrix")
    assert "클 수 없습니다" in state["error"] and explorer.last_png is None


# --- 08 검출 탐색기 -----------------------------------------------------------------------------


def _detection_data(count=10, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.random((count, 32, 32))
    truths = np.tile([8.0, 8.0, 24.0, 24.0], (count, 1))
    predictions = np.clip(truths + rng.normal(0, 4, (count, 4)), 0, 32)
    scores = rng.uniform(0.05, 0.95, count)
    true_labels = rng.integers(0, 3, count)
    pred_labels = np.where(rng.random(count) < 0.8, true_labels, (true_labels + 1) % 3)
    return images, truths, predictions, scores, true_labels, pred_labels


def test_detection_tp_fp_follow_thresholds_and_labels():
    images, truths, predictions, scores, true_labels, pred_labels = _detection_data()
    explorer = explorers.DetectionExplorer(images, truths, predictions, scores, true_labels, pred_labels)
    ious = detection.iou(predictions, truths)
    previous_tp = None
    for threshold in (0.3, 0.5, 0.7, 0.9):
        for score_threshold in (0.0, 0.5):
            state = explorer.set_values(iou_threshold=threshold, score_threshold=score_threshold)
            kept = scores >= score_threshold
            expected = kept & (pred_labels == true_labels) & (ious >= threshold)
            np.testing.assert_array_equal(state["true_positive"], expected)
            np.testing.assert_array_equal(state["status"] == "버림", ~kept)
            precisions, recalls = detection.precision_recall_curve(scores[kept], expected[kept], len(images))
            assert state["ap"] == pytest.approx(detection.average_precision(precisions, recalls, "all_points"))
        if previous_tp is not None:
            assert state["true_positive"].sum() <= previous_tp  # 임계값을 올리면 TP는 늘지 않음
        previous_tp = state["true_positive"].sum()


def test_detection_ap_hand_computed_case():
    # 점수 순서: 0.9(TP), 0.8(FP: IoU 0), 0.7(TP), 정답 4개 → 정밀도 1, 1/2, 2/3, 재현율 1/4, 1/4, 2/4
    # 전체 점 AP = 0.25·1 + 0.25·(2/3) = 0.41666...
    truth = [0.0, 0.0, 10.0, 10.0]
    far = [20.0, 20.0, 30.0, 30.0]
    truths = np.array([truth] * 4)
    predictions = np.array([truth, far, truth, truth])
    scores = np.array([0.9, 0.8, 0.7, 0.1])
    explorer = explorers.DetectionExplorer(np.zeros((4, 32, 32)), truths, predictions, scores)
    state = explorer.state(iou_threshold=0.5, score_threshold=0.5)
    assert list(state["status"]) == ["TP", "FP", "TP", "버림"]
    assert state["ap"] == pytest.approx(0.25 + 0.25 * 2 / 3)
    # 점수 0.1(TP)까지 넣으면 정밀도 3/4, 재현율 3/4: 포락선에서 둘째 TP의 정밀도도 3/4로 올라감.
    assert explorer.state(iou_threshold=0.5, score_threshold=0.0)["ap"] == pytest.approx(
        0.25 + 0.25 * 3 / 4 + 0.25 * 3 / 4
    )


def test_detection_nms_matches_tensorflow_and_figure_marks_survivors():
    tf = pytest.importorskip("tensorflow")
    images, truths, predictions, scores, *_ = _detection_data(count=6, seed=4)
    rng = np.random.default_rng(9)
    candidates = np.clip(np.vstack([truths[:1] + rng.normal(0, 2, (6, 4)), [[0, 0, 6, 6], [26, 0, 31, 5]]]), 0, 32)
    candidate_scores = rng.uniform(0.1, 0.95, len(candidates))
    explorer = explorers.DetectionExplorer(
        images,
        truths,
        predictions,
        scores,
        nms_image=images[0],
        nms_boxes=candidates,
        nms_scores=candidate_scores,
        nms_true_boxes=truths[:1],
    )
    for threshold in (0.1, 0.3, 0.5, 0.7, 0.9):
        state = explorer.set_values(nms_threshold=threshold)
        expected = tf.image.non_max_suppression(
            candidates.astype("float32"), candidate_scores.astype("float32"), len(candidates), iou_threshold=threshold
        ).numpy()
        np.testing.assert_array_equal(state["nms_kept"], expected)
        assert f"{len(expected)}개가 남음" in explorer._summary.value
    fig = explorer.figure(state)
    assert f"NMS 후 {len(state['nms_kept'])}개" in fig.axes[-1].get_title()
    assert f"AP = {state['ap']:.3f}" in fig.axes[-2].get_title()


def test_detection_explorer_rejects_mismatched_inputs():
    images, truths, predictions, scores, *_ = _detection_data()
    with pytest.raises(ValueError, match="개수"):
        explorers.DetectionExplorer(images[:3], truths, predictions, scores)


def test_set_kernel_values_redraws_once_as_custom_kernel():
    image = np.random.default_rng(4).random((8, 9))
    explorer = explorers.KernelExplorer(image)
    explorer.widget()
    redraws = []
    original = explorer.update
    explorer.update = lambda: (redraws.append(1), original())
    state = explorer.set_values(kernel=np.eye(3))
    assert len(redraws) == 1 and explorer._controls["preset"].value == explorers.CUSTOM_KERNEL
    np.testing.assert_allclose(state["feature_map"], _keras_feature_map(image, np.eye(3)), atol=1e-5)


# --- 벤치(python -m course_tools.bench --explorers) ------------------------------------------------------


def test_bench_explorer_section_reports_times_and_shared_machine():
    from course_tools import bench_report, bench_verdicts

    machine = {"cores": 2, "cpu": "테스트 CPU", "gpus": 0, "tensorflow": "x", "python": "3"}
    run = {
        "date": "2026-12-02 17:00 UTC",
        "machine": machine,
        "load_before": 6.0,
        "load_after": 7.5,
        "cases": {
            "02 패딩·스트라이드": {
                "updates": 15,
                "median_ms": 120.0,
                "p90_ms": 180.0,
                "max_ms": 210.0,
                "cpu_median_ms": 90.0,
            },
            "08 검출 임계값": {"updates": 11, "median_ms": 350.0, "p90_ms": 420.0, "max_ms": 500.0},
        },
    }
    text = "\n".join(bench_report.explorer_lines(run))
    assert "| 02 패딩·스트라이드 | 15 | 120 ms | 180 ms | 210 ms | 90 ms | 목표 이내 |" in text
    assert "| 08 검출 임계값 | 11 | 350 ms | 420 ms | 500 ms | — | **목표 초과** |" in text
    assert "나눠 쓴 측정" in text
    assert "나눠 쓴 측정" not in "\n".join(bench_report.explorer_lines(dict(run, load_before=0.2, load_after=0.3)))
    assert bench_verdicts.failures({"explorers": run}) == []  # 보고용: make bench를 실패시키지 않음
    assert "## 탐색기 다시 그리기 시간" in bench_report.render({"explorers": run})


def test_bench_explorer_cases_change_a_real_widget_value_each_time(monkeypatch):
    """벤치가 움직이는 위젯 값이 매번 실제로 바뀌는지(안 바뀌면 벤치가 잰 시간은 다시 그리기의 시간이 아님).

    이 시험이 보는 것은 위젯 값이므로 다시 그릴 때 상태만 계산하고 그림은 만들지 않습니다(그림이 시간의 대부분).
    값마다 그림까지 그리는 것은 탐색기마다의 시험과 ``make bench --explorers`` 가 봅니다.
    """
    from course_tools import bench_explorers
    from course_utils.explorers.base import Explorer

    monkeypatch.setattr(Explorer, "render", lambda self, **values: (self.state(**{**self.defaults, **values}), None))
    for name, explorer, changes in bench_explorers.explorer_cases():
        explorer.widget()
        previous = explorer.values()
        for values in changes:
            explorer.set_values(**values)
            current = explorer.values()
            assert current != previous or "kernel" in values, (name, values)
            previous = current
