"""입력 검사 층(course_utils.validation)과, 그 층을 쓰는 도우미들이 NumPy 정수를 똑같이 받는지."""

import numpy as np
import pytest

from conftest import HANGUL, assert_korean_value_error
from course_utils import box_plots, datasets, detection, localization_data, training_plots, validation
from course_utils.korean_font import use_korean_font


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_python_and_numpy_integers_are_the_same(value):
    assert validation.integer(value, "n", minimum=1) == 3
    assert type(validation.positive_int(value, "n")) is int


@pytest.mark.parametrize(
    "value, kwargs, match",
    [
        (True, {}, "정수"),  # bool은 1로 몰래 쓰이지 않음
        (2.0, {}, "정수"),
        ("3", {}, "정수"),
        (0, {"minimum": 1}, "1 이상"),
        (np.int64(-1), {"minimum": 0}, "0 이상"),
        (1001, {"minimum": 1, "maximum": 1000}, "1~1000"),
        (None, {}, "정수"),
    ],
)
def test_integer_rejects_with_a_korean_message(value, kwargs, match):
    assert_korean_value_error(validation.integer, value, "n", match=match, **kwargs)


def test_integer_allows_none_only_when_asked():
    assert validation.integer(None, "n", allow_none=True) is None
    assert_korean_value_error(validation.integer, None, "n", match="None")


def test_real_number_boolean_and_float_array():
    assert validation.real_number(np.float32(0.5), "x", 0, 1) == 0.5
    assert validation.real_number(np.array(0.25), "x") == 0.25  # 0차원 배열(스칼라 텐서와 같음)
    for bad in (float("nan"), "0.5", True, 1.5):
        assert_korean_value_error(validation.real_number, bad, "x", 0, 1)
    assert validation.boolean(np.bool_(True), "flag") is True
    assert_korean_value_error(validation.boolean, 1, "flag")
    assert validation.float_array([[1, 2]], "a", (2,)).dtype == np.float64
    assert_korean_value_error(validation.float_array, [1, np.inf], "a", match="무한대")
    assert_korean_value_error(validation.float_array, [[1]], "a", (1,), match="1차원")
    assert_korean_value_error(validation.float_array, [], "a", allow_empty=False, match="비어")


def test_helpers_accept_numpy_integers_from_a_numpy_computation():
    """np.int64는 NumPy 계산(len(x) // 2, argmax, 배열 원소)의 결과라 학습자가 자주 넘깁니다."""
    y = np.repeat(np.arange(4), 10)
    half = np.int64(len(y)) // 2
    assert len(datasets.stratified_subset(y, y, half)[1]) == 20
    assert training_plots.confusion_matrix([0, 1], [1, 1], num_classes=np.int64(3)).shape == (3, 3)
    assert detection.non_max_suppression(
        [[0, 0, 1, 1], [5, 5, 6, 6]], [0.9, 0.8], max_output_size=np.int64(1)
    ).tolist() == [0]
    assert localization_data.resize_image(np.ones((4, 4)), np.int64(2), np.int32(2)).shape == (2, 2)
    canvases, _, _ = localization_data.make_localization_dataset(
        np.full((1, 8, 8), 255, dtype=np.uint8),
        [3],
        canvas_size=np.int64(16),
        digit_size_range=(4, 8),
        num_distractors=np.int64(0),
        seed=np.int64(1),
    )
    assert canvases.shape == (1, 16, 16, 1)
    use_korean_font()
    fig = box_plots.plot_iou_histogram([0.2, 0.7], bins=np.int64(4))
    assert len(fig.axes[0].patches) == 4


def test_stratified_subset_checks_size_before_comparing_it():
    y = np.arange(10) % 2
    assert_korean_value_error(datasets.stratified_subset, y, y, "3000", match="size")  # 전에는 TypeError
    assert_korean_value_error(datasets.stratified_subset, y, y, 2.5, match="size")


def test_integer_labels_is_the_one_label_checker():
    assert validation.integer_labels(np.array([0.0, 2.0]), "y").tolist() == [0, 2]
    assert validation.integer_labels(np.array([1, 2], dtype=np.uint8), "y", length=2).dtype == np.int64
    for bad, match in (
        (np.array([0.5, 1.0]), "정수 레이블"),
        ([[0, 1]], "1차원"),
        ([0, -1], "음수"),
        (np.array([True, False]), "정수 레이블"),
    ):
        assert_korean_value_error(validation.integer_labels, bad, "y", match=match)
    assert_korean_value_error(validation.integer_labels, [0, 1, 2], "y", length=2, match="길이 2")
    assert_korean_value_error(validation.integer_labels, [], "y", allow_empty=False, match="비어 있지 않은")
    # 세 도우미(혼동 행렬, 탐지 평가, 위치 추정 데이터)가 같은 검사를 씀
    assert_korean_value_error(training_plots.confusion_matrix, [0, 1], [0.5, 1.0], match="argmax")
    assert_korean_value_error(
        localization_data.make_localization_dataset,
        np.full((1, 8, 8), 255, np.uint8),
        [-1],
        canvas_size=16,
        digit_size_range=(4, 8),
        match="음수",
    )
    assert_korean_value_error(
        localization_data.make_localization_dataset,
        np.full((1, 8, 8), 255, np.uint8),
        [1],
        canvas_size=16,
        digit_size_range=(4.5, 8),
        match="digit_size_range",
    )


def test_image_values_checks_the_dtype_once_for_both_image_rules():
    array, was_integer = validation.image_values(np.array([[0, 255]], dtype=np.uint8), "photo")
    assert was_integer and array.dtype == np.float64 and array.tolist() == [[0.0, 255.0]]
    array, was_integer = validation.image_values(np.array([[-1.0, 2.0]]), "photo")  # 범위는 보지 않음
    assert not was_integer and array.tolist() == [[-1.0, 2.0]]
    for bad in (np.array([[True, False]]), np.array([["a"]])):
        assert_korean_value_error(validation.image_values, bad, "photo", match="dtype")
        assert_korean_value_error(validation.unit_images, bad, "photo", match="dtype")


# --- 이슈 27: 새 학습자처럼 잘못 넣어 본 인자마다 영어 라이브러리 오류 대신 한국어 ValueError -----------------------


@pytest.mark.parametrize("seed", [-1, 2.5, "3", None, True, 2**32])
def test_stratified_subset_checks_the_seed_itself(seed):
    # 전에는 scikit-learn의 영어 InvalidParameterError(-1, 2.5, "3")가 났습니다.
    y = np.arange(40) % 4
    assert_korean_value_error(datasets.stratified_subset, y, y, 8, seed=seed, match="seed")


def test_stratified_subset_rejects_missing_or_scalar_x():
    y = np.arange(40) % 4
    assert_korean_value_error(datasets.stratified_subset, None, y, 4, match="x")  # 전에는 TypeError: len() of unsized
    assert_korean_value_error(datasets.stratified_subset, 3.0, y, 4, match="x")


@pytest.mark.parametrize("size", [3, 37, 39])
def test_stratified_subset_says_when_a_size_cannot_keep_every_class(size):
    # 클래스 4개 × 10개: 뽑는 쪽(size)과 남는 쪽(40 - size)에 클래스마다 하나씩은 있어야 계층화할 수 있습니다.
    # 전에는 3이 계층화를 몰래 버렸고, 37·39는 scikit-learn의 영어 오류였습니다.
    y = np.arange(40) % 4
    assert_korean_value_error(datasets.stratified_subset, y, y, size, match="4 이상 36 이하")
    for good in (4, 36):
        assert np.bincount(datasets.stratified_subset(y, y, good)[1], minlength=4).min() >= 1


def test_stratified_subset_says_when_a_class_is_too_small():
    y = np.array([0] * 10 + [1] * 10 + [2])  # 클래스 2는 하나뿐: 전에는 계층화를 몰래 버렸음
    error = assert_korean_value_error(datasets.stratified_subset, y, y, 10, match="하나뿐인 클래스")
    assert "2" in str(error)
    assert len(datasets.stratified_subset(y, y, None)[1]) == len(y)  # 전체는 그대로 됨


@pytest.mark.parametrize("threshold", ["0.5", None, np.nan, [0.5], np.inf])
def test_ink_bounding_box_checks_the_threshold(threshold):
    # 전에는 "0.5"가 NumPy UFuncTypeError, None이 TypeError, NaN은 "잉크 없음"으로 잘못 알렸습니다.
    image = np.zeros((5, 5))
    image[1:3, 2:4] = 1.0
    assert_korean_value_error(localization_data.ink_bounding_box, image, threshold=threshold, match="threshold")
    assert localization_data.ink_bounding_box(image, threshold=np.float32(0.5)) == (2, 1, 4, 3)


def test_ink_bounding_box_checks_the_image_values():
    assert_korean_value_error(localization_data.ink_bounding_box, [["a", "b"]], match="숫자 배열")
    assert_korean_value_error(localization_data.ink_bounding_box, np.full((3, 3), np.nan), match="NaN")


@pytest.mark.parametrize(
    "height, width", [(10**12, 4), (4, 10**12), (localization_data.MAX_IMAGE_SIDE + 1, 4), (2**63, 2**63)]
)
def test_resize_image_refuses_huge_sizes_before_allocating(height, width, monkeypatch):
    # 전에는 resize_image(image, 10**12, 4)가 58 TiB를 잡으려다 MemoryError로 죽었습니다.
    # 변환 행렬을 만들기 전에 거절하는지: 행렬을 만드는 함수가 불리면 실패하게 합니다.
    def no_allocation(*_):
        raise AssertionError("크기 검사 전에 변환 행렬을 만들었습니다")

    monkeypatch.setattr(localization_data, "_resize_matrix", no_allocation)
    error = assert_korean_value_error(localization_data.resize_image, np.ones((4, 4)), height, width)
    assert str(localization_data.MAX_IMAGE_SIDE) in str(error)


def test_resize_image_accepts_the_largest_allowed_side():
    side = localization_data.MAX_IMAGE_SIDE
    assert localization_data.resize_image(np.ones((2, 2)), side, 1).shape == (side, 1)


def test_localization_dataset_refuses_huge_canvases_and_distractor_counts():
    digits, labels = np.full((1, 8, 8), 255, dtype=np.uint8), [3]
    make = localization_data.make_localization_dataset
    assert_korean_value_error(make, digits, labels, canvas_size=10**6, digit_size_range=(4, 8), match="canvas_size")
    assert_korean_value_error(make, digits, labels, canvas_size=16, digit_size_range=(4, 8), num_distractors=10**12)


@pytest.mark.parametrize("use_bias", ["yes", None, 2, 0, 1.0, "False"])
def test_param_counts_need_a_real_bool_for_use_bias(use_bias):
    # 전에는 "yes"·2가 절편 있음으로, None·0이 절편 없음으로 몰래 읽혔습니다.
    from course_utils import sizes

    assert_korean_value_error(sizes.conv2d_param_count, 3, 1, 32, use_bias=use_bias, match="use_bias")
    assert_korean_value_error(sizes.dense_param_count, 10, 2, use_bias=use_bias, match="use_bias")
    assert sizes.conv2d_param_count(3, 1, 32, use_bias=np.bool_(False)) == 288
    assert sizes.dense_param_count(10, 2, use_bias=True) == 22


@pytest.mark.parametrize(
    "values",
    [
        {"iou_threshold": "abc"},
        {"iou_threshold": None},
        {"score_threshold": "0.5"},
        {"nms_threshold": [0.5]},
        {"iou_threshold": float("nan")},
    ],
)
def test_detection_explorer_state_never_raises_on_non_numbers(values):
    # 전에는 state가 float(iou_threshold)에서 영어 ValueError·TypeError를 내어 "state는 예외를 내지 않음" 약속을 깼습니다.
    from course_utils import explorers

    truths = np.tile([8.0, 8.0, 24.0, 24.0], (3, 1))
    explorer = explorers.DetectionExplorer(
        np.zeros((3, 32, 32)),
        truths,
        truths,
        [0.9, 0.5, 0.2],
        nms_image=np.zeros((32, 32)),
        nms_boxes=truths,
        nms_scores=[0.9, 0.5, 0.2],
    )
    state = explorer.state(**{**explorer.defaults, **values})
    assert state["error"] and HANGUL.search(state["error"]), state
    assert explorer.state(**explorer.defaults)["error"] is None
