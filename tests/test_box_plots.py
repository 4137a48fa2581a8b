"""course_utils.box_plots: 그림에 그려진 상자·선·막대가 입력과 정확히 맞는지, 한글 글리프 경고가 없는지."""

import warnings

import matplotlib
import numpy as np
import pytest

from conftest import assert_korean_value_error

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from course_utils import detection as D  # noqa: E402
from course_utils.box_plots import (  # noqa: E402
    draw_boxes,
    plot_detection_gallery,
    plot_eleven_point_interpolation,
    plot_iou_histogram,
    plot_iou_pairs,
    plot_map_by_iou_threshold,
    plot_precision_recall_curves,
)
from course_utils.korean_font import use_korean_font  # noqa: E402


@pytest.fixture(autouse=True)
def korean_font_and_no_glyph_warnings():
    use_korean_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 글리프 누락 등 경고가 나면 실패
        yield
    plt.close("all")


def rectangles(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_draw_boxes_places_rectangles_at_box_corners_with_labels():
    image = np.zeros((20, 30), dtype=np.uint8)
    boxes = np.array([[2, 3, 12, 8], [15, 1, 29, 19]], dtype=float)
    ax = draw_boxes(image, boxes, labels=[1, 2], scores=[0.91, 0.5], class_names=["영", "일", "이"])
    ax.figure.canvas.draw()
    drawn = rectangles(ax)
    assert len(drawn) == 2
    for rect, box in zip(drawn, boxes):
        assert rect.get_xy() == (box[0], box[1])
        assert rect.get_width() == box[2] - box[0] and rect.get_height() == box[3] - box[1]
    assert [t.get_text() for t in ax.texts] == ["일 (0.91)", "이 (0.50)"]
    # 위쪽 끝에 붙은 상자(y_min = 1 < 0.06·20)의 이름표는 상자 안쪽(va="top"), 아니면 상자 위(va="bottom")
    assert [t.get_va() for t in ax.texts] == ["bottom", "top"]
    assert [t.get_position() for t in ax.texts] == [(2.0, 3.0), (15.0, 1.0)]
    # 픽셀 (i, j)가 [j, j+1) x [i, i+1)을 차지하도록 extent=(0, W, H, 0)
    assert ax.images[0].get_extent() == [0, 30, 20, 0]


def test_draw_boxes_overlays_on_existing_axes():
    ax = draw_boxes(np.zeros((10, 10)), [[0, 0, 5, 5]])
    draw_boxes(None, [[1, 1, 4, 4]], ax=ax, color="orange", linestyle="--")
    assert len(rectangles(ax)) == 2 and len(ax.images) == 1
    assert len(ax.texts) == 0


def test_detection_gallery_titles_show_iou_and_classes():
    images = np.zeros((3, 16, 16, 1), dtype=np.uint8)
    truths = np.array([[0, 0, 8, 8], [2, 2, 10, 10], [4, 4, 12, 12]], dtype=float)
    predictions = np.array([[0, 0, 8, 4], [2, 2, 10, 10], [12, 12, 16, 16]], dtype=float)
    fig = plot_detection_gallery(images, truths, predictions, [1, 2, 3], [1, 2, 5], [0.9, 0.8, 0.7], columns=2)
    fig.canvas.draw()
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(fig.axes) == 4 and len(visible) == 3  # 빈 칸은 숨김
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles == [
        "정답 1 / 예측 1 (0.90)\nIoU 0.50",
        "정답 2 / 예측 2 (0.80)\nIoU 1.00",
        "정답 3 / 예측 5 (0.70)\nIoU 0.00",
    ]
    for ax, truth, prediction in zip(fig.axes, truths, predictions):
        true_rect, pred_rect = rectangles(ax)
        assert true_rect.get_xy() == tuple(truth[:2]) and pred_rect.get_xy() == tuple(prediction[:2])
        assert pred_rect.get_linestyle() == "--"


def test_iou_pairs_title_shows_intersection_over_union():
    fig = plot_iou_pairs([([0, 0, 4, 4], [2, 0, 6, 4]), ([0, 0, 2, 2], [5, 5, 7, 7])], titles=["반 겹침", "떨어짐"])
    fig.canvas.draw()
    assert fig.axes[0].get_title() == "반 겹침\nIoU = 8 / 24 = 0.33"
    assert fig.axes[1].get_title() == "떨어짐\nIoU = 0 / 8 = 0.00"
    assert len(fig.axes[0].patches) == 3 and len(fig.axes[1].patches) == 2  # 교집합 빗금은 겹칠 때만


def test_eleven_point_figure_lines_equal_maximum_precisions_and_their_mean():
    precisions = [0.91, 0.94, 0.96, 0.94, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]
    fig = plot_eleven_point_interpolation(precisions)
    fig.canvas.draw()
    raw, envelope, average = fig.axes[0].lines
    np.testing.assert_allclose(raw.get_xdata(), np.linspace(0, 1, 11))
    np.testing.assert_array_equal(raw.get_ydata(), precisions)
    np.testing.assert_array_equal(
        envelope.get_ydata(), [0.96, 0.96, 0.96, 0.95, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]
    )
    assert average.get_ydata()[0] == pytest.approx(7.85 / 11)
    assert "0.714" in average.get_label()


def test_precision_recall_curves_one_panel_per_class_with_ap_titles():
    curves = {
        0: (np.array([1.0, 0.5, 2 / 3]), np.array([0.5, 0.5, 1.0])),
        3: (np.zeros(0), np.zeros(0)),
        7: (np.array([1.0]), np.array([1.0])),
    }
    fig = plot_precision_recall_curves(
        curves, {0: 5 / 6, 3: 0.0}, class_names=[f"숫자 {i}" for i in range(10)], columns=2
    )
    fig.canvas.draw()
    assert [ax.get_title() for ax in fig.axes[:2]] == ["숫자 0 (AP 0.833)", "숫자 3 (AP 0.000)"]
    first = fig.axes[0]
    step, raw = first.lines
    np.testing.assert_allclose(step.get_xdata(), [0, 0.5, 0.5, 1.0])
    np.testing.assert_allclose(step.get_ydata(), [1.0, 1.0, 2 / 3, 2 / 3])  # 포락선
    np.testing.assert_allclose(raw.get_ydata(), [1.0, 0.5, 2 / 3])
    assert fig.axes[1].texts[0].get_text() == "검출 없음"
    assert fig.axes[2].get_title() == "숫자 7"  # AP를 주지 않은 클래스는 이름만
    assert len(fig.axes) == 4 and not fig.axes[3].axison  # 빈 칸은 숨김


def test_iou_histogram_counts_equal_numpy_histogram():
    ious = np.random.default_rng(0).beta(5, 2, 500)
    fig = plot_iou_histogram(ious, threshold=0.5, bins=10)
    fig.canvas.draw()
    heights = [p.get_height() for p in fig.axes[0].patches]
    np.testing.assert_array_equal(heights, np.histogram(ious, bins=np.linspace(0, 1, 11))[0])
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert labels[0] == f"IoU ≥ 0.5: {100 * np.mean(ious >= 0.5):.1f}%"
    assert labels[1] == f"평균 IoU {ious.mean():.3f}"


def test_map_by_threshold_plots_each_series():
    values = {"11점": np.linspace(0.9, 0.1, 10), "101점": np.linspace(0.8, 0.1, 10)}
    fig = plot_map_by_iou_threshold(D.COCO_IOU_THRESHOLDS, values)
    lines = fig.axes[0].lines
    assert [line.get_label() for line in lines] == ["11점", "101점"]
    np.testing.assert_array_equal(lines[1].get_ydata(), values["101점"])


def test_map_by_threshold_never_drops_a_series():
    """전에는 zip(series, "os^dv")가 여섯째 선부터 조용히 버렸습니다."""
    from course_utils.box_plots import MAP_MARKERS

    thresholds = D.COCO_IOU_THRESHOLDS
    many = {f"모델 {i}": np.linspace(0.9, 0.1, 10) * (1 - i / 20) for i in range(len(MAP_MARKERS))}
    lines = plot_map_by_iou_threshold(thresholds, many).axes[0].lines
    assert [line.get_label() for line in lines] == list(many)
    assert len({line.get_marker() for line in lines}) == len(MAP_MARKERS)  # 선마다 다른 표식
    too_many = dict(many, 하나더=np.zeros(10))
    assert_korean_value_error(plot_map_by_iou_threshold, thresholds, too_many, match="선")


@pytest.mark.parametrize(
    "call",
    [
        lambda: draw_boxes(np.zeros((4, 4)), [[0, 0, 1]]),
        lambda: draw_boxes(np.zeros((4, 4)), [[2, 0, 1, 1]]),
        lambda: draw_boxes(np.zeros((4, 4)), [[0, 0, 1, 1]], labels=[1, 2]),
        lambda: draw_boxes(None, [[0, 0, 1, 1]]),
        lambda: draw_boxes(np.zeros((2, 2, 4, 4)), [[0, 0, 1, 1]]),
        lambda: plot_detection_gallery(np.zeros((2, 4, 4)), [[0, 0, 1, 1]], [[0, 0, 1, 1]]),
        lambda: plot_iou_pairs([]),
        lambda: plot_eleven_point_interpolation([0.5] * 10),
        lambda: plot_eleven_point_interpolation([1.5] + [0.5] * 10),
        lambda: plot_precision_recall_curves({}),
        lambda: plot_iou_histogram([0.2, 1.2]),
        lambda: plot_iou_histogram([]),
        lambda: plot_map_by_iou_threshold([0.5, 0.6], [0.9]),
    ],
)
def test_bad_input_raises_value_error(call):
    assert_korean_value_error(lambda: call())
