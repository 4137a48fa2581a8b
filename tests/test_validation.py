"""입력 검사 층(course_utils.validation)과, 그 층을 쓰는 도우미들이 NumPy 정수를 똑같이 받는지."""

import numpy as np
import pytest

from conftest import assert_korean_value_error
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
