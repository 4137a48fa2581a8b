"""course_utils.localization_data: 정확한 상자, 결정성, 크기 조정(TensorFlow와 비교), 방해물·잡음, 잘못된 입력."""

import numpy as np
import pytest

from conftest import assert_korean_value_error
from course_utils.detection import iou
from course_utils.localization_data import (
    _resize_matrix,
    ink_bounding_box,
    make_localization_dataset,
    resize_image,
)


def fake_digits(count=40, seed=0):
    """MNIST 대신 쓰는 가짜 숫자: 28x28 uint8, 무작위 위치·크기의 획 몇 개(흐린 가장자리 포함)."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, 28, 28), dtype=np.uint8)
    for image in images:
        for _ in range(3):
            top, left = rng.integers(3, 18, size=2)
            height, width = rng.integers(2, 9, size=2)
            image[top : top + height, left : left + width] = rng.integers(100, 256)
        image[rng.integers(0, 28), rng.integers(0, 28)] = 7  # 흐린 점 하나(잉크로 셈)
    return images, rng.integers(0, 10, size=count)


def test_ink_bounding_box_by_hand():
    image = np.zeros((6, 8))
    image[1, 2] = 0.5
    image[4, 5] = 1.0
    assert ink_bounding_box(image) == (2, 1, 6, 5)
    assert ink_bounding_box(image[..., None]) == (2, 1, 6, 5)
    assert ink_bounding_box(image, threshold=0.7) == (5, 4, 6, 5)


def test_boxes_are_exact_tight_boxes_of_the_pasted_digit():
    images, labels = fake_digits(60)
    canvases, out_labels, boxes = make_localization_dataset(
        images, labels, canvas_size=48, digit_size_range=(10, 30), seed=3
    )
    assert canvases.shape == (60, 48, 48, 1) and canvases.dtype == np.uint8
    assert boxes.shape == (60, 4) and boxes.dtype == np.float32
    np.testing.assert_array_equal(out_labels, labels)
    for canvas, box in zip(canvases, boxes):
        # 잉크(> 0)를 모두 덮는 가장 작은 상자 = 정답 상자(상자 밖 잉크 없음, 네 변 모두 잉크에 닿음)
        assert ink_bounding_box(canvas) == tuple(int(v) for v in box)
        assert 0 <= box[0] < box[2] <= 48 and 0 <= box[1] < box[3] <= 48
        assert 10 <= max(box[2] - box[0], box[3] - box[1]) <= 30


def test_digit_keeps_aspect_ratio_and_long_side_matches_requested_size():
    image = np.zeros((1, 28, 28), dtype=np.uint8)
    image[0, 4:24, 10:20] = 255  # 20x10 직사각형
    for size in (10, 20, 31, 40):
        _, _, boxes = make_localization_dataset(image, [1], canvas_size=64, digit_size_range=(size, size))
        width, height = boxes[0, 2] - boxes[0, 0], boxes[0, 3] - boxes[0, 1]
        assert height == size and width == round(10 * size / 20)


def test_same_seed_same_data_and_layout_independent_of_noise_and_distractors():
    images, labels = fake_digits(30)
    first = make_localization_dataset(images, labels, 40, (8, 24), seed=5)
    again = make_localization_dataset(images, labels, 40, (8, 24), seed=5)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    other_seed = make_localization_dataset(images, labels, 40, (8, 24), seed=6)
    assert not np.array_equal(first[2], other_seed[2])

    cluttered = make_localization_dataset(images, labels, 40, (8, 24), num_distractors=3, distractor_size=6, seed=5)
    np.testing.assert_array_equal(cluttered[2], first[2])  # 방해물이 있어도 숫자의 위치·상자는 같음
    outside_ink = 0
    for plain, busy, box in zip(first[0], cluttered[0], first[2]):
        x0, y0, x1, y1 = box.astype(int)
        np.testing.assert_array_equal(busy[y0:y1, x0:x1], plain[y0:y1, x0:x1])  # 방해물은 상자와 겹치지 않음
        mask = np.ones(busy.shape[:2], dtype=bool)
        mask[y0:y1, x0:x1] = False
        outside_ink += int((busy[..., 0][mask] > 0).any())
    assert outside_ink >= 25  # 대부분의 캔버스에 상자 밖 방해물이 있음

    noisy = make_localization_dataset(images, labels, 40, (8, 24), noise_std=0.1, seed=5)
    np.testing.assert_array_equal(noisy[2], first[2])
    background = noisy[0][first[0] == 0].astype(float) / 255
    # 0에서 잘린 N(0, 0.1)의 평균은 0.1/sqrt(2π) ≈ 0.0399
    assert background.mean() == pytest.approx(0.1 / np.sqrt(2 * np.pi), rel=0.1)


def test_first_samples_do_not_depend_on_how_many_follow():
    images, labels = fake_digits(30)
    full = make_localization_dataset(images, labels, 40, (8, 24), noise_std=0.1, seed=2)
    head = make_localization_dataset(images[:7], labels[:7], 40, (8, 24), noise_std=0.1, seed=2)
    for whole, part in zip(full, head):
        np.testing.assert_array_equal(whole[:7], part)
    # 방해물 조각은 입력 전체에서 고르므로 캔버스는 달라질 수 있지만 상자는 같음
    cluttered = make_localization_dataset(
        images[:7], labels[:7], 40, (8, 24), num_distractors=2, distractor_size=6, seed=2
    )
    np.testing.assert_array_equal(cluttered[2], full[2][:7])


def test_positions_cover_the_canvas():
    images, labels = fake_digits(200)
    _, _, boxes = make_localization_dataset(images, labels, 64, (12, 20), seed=0)
    centers = (boxes[:, :2] + boxes[:, 2:]) / 2
    assert centers.min() < 14 and centers.max() > 50  # 가장자리까지 고르게 놓임


def test_iou_of_shifted_dataset_boxes():
    # 상자가 정수 좌표이므로 detection.iou와 손 계산이 정확히 맞음
    images, labels = fake_digits(5)
    _, _, boxes = make_localization_dataset(images, labels, 64, (16, 16))
    shifted = boxes + np.array([1, 0, 1, 0], dtype=np.float32)
    width, height = (boxes[:, 2] - boxes[:, 0]).astype(float), (boxes[:, 3] - boxes[:, 1]).astype(float)
    expected = (width - 1) * height / ((width + 1) * height)
    np.testing.assert_allclose(iou(boxes, shifted), expected, rtol=1e-12)


@pytest.mark.parametrize(
    "shape_in, shape_out",
    [
        ((20, 13), (40, 26)),
        ((20, 13), (10, 7)),
        ((28, 28), (16, 9)),
        ((5, 3), (5, 3)),
        ((7, 4), (13, 2)),
        ((1, 6), (3, 1)),
    ],
)
def test_resize_equals_tensorflow(shape_in, shape_out):
    import tensorflow as tf

    image = np.random.default_rng(0).random(shape_in)
    expected = image[None, :, :, None]
    for axis, size in enumerate(shape_out):  # 축마다 따로: 늘리면 모서리 정렬 쌍선형, 줄이면 넓이 평균
        target = list(expected.shape[1:3])
        target[axis] = size
        if size >= expected.shape[axis + 1]:
            expected = tf.compat.v1.image.resize(expected, target, method="bilinear", align_corners=True).numpy()
        else:
            expected = tf.image.resize(expected, target, method="area").numpy()
    np.testing.assert_allclose(resize_image(image, *shape_out), expected[0, :, :, 0], atol=1e-5)


def test_resize_matrices_keep_total_weight_and_edges():
    for size_in, size_out in [(20, 7), (20, 40), (3, 1), (9, 9)]:
        matrix = _resize_matrix(size_in, size_out)
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0)  # 행마다 가중치 합 1(밝기 보존)
        assert matrix[0, 0] > 0 and matrix[-1, -1] > 0  # 첫·마지막 입력이 첫·마지막 출력에 들어감


def test_cached_resize_matrices_are_read_only_and_the_cache_is_bounded():
    matrix = _resize_matrix(20, 7)
    assert _resize_matrix(20, 7) is matrix  # 같은 크기 쌍은 다시 계산하지 않음
    with pytest.raises(ValueError, match="read-only"):
        matrix[0, 0] = 99.0  # 나눠 준 배열을 고치면 다음 호출이 틀린 값을 받게 되므로 막혀 있어야 함
    np.testing.assert_allclose(resize_image(np.eye(20)[:, :7], 7, 7).sum(), np.eye(20)[:, :7].sum() * 7 / 20, atol=1e-9)
    for size in range(2, 2 + 2 * _resize_matrix.cache_info().maxsize):  # 크기가 계속 바뀌어도 기억은 한도까지만
        _resize_matrix(size, 3)
    assert _resize_matrix.cache_info().currsize <= _resize_matrix.cache_info().maxsize <= 128


@pytest.mark.parametrize(
    "kwargs",
    [
        {"digit_images": np.zeros((2, 28, 28), dtype=np.uint8)},  # 잉크 없음
        {"digit_images": np.ones((2, 28), dtype=np.uint8)},  # 모양
        {"digit_images": np.full((2, 28, 28), 2.0)},  # 실수 범위
        {"digit_images": np.full((2, 28, 28), np.nan)},
        {"digit_labels": [1]},  # 길이 불일치
        {"digit_labels": [0.5, 1.5]},
        {"canvas_size": 1},
        {"digit_size_range": (20, 80)},  # 캔버스보다 큼
        {"digit_size_range": (30, 20)},
        {"digit_size_range": 5},
        {"noise_std": -0.1},
        {"noise_std": float("nan")},
        {"num_distractors": -1},
        {"num_distractors": 1, "distractor_size": 40},
        {"seed": -1},
    ],
)
def test_bad_input_raises_value_error(kwargs):
    arguments = {"digit_images": np.full((2, 28, 28), 255, dtype=np.uint8), "digit_labels": [1, 2], "canvas_size": 64}
    arguments.update(kwargs)
    assert_korean_value_error(lambda: make_localization_dataset(**arguments))


def test_other_bad_inputs():
    assert_korean_value_error(lambda: ink_bounding_box(np.zeros((4, 4))))
    assert_korean_value_error(lambda: ink_bounding_box(np.zeros((2, 4, 4))))
    assert_korean_value_error(lambda: resize_image(np.ones((3, 3)), 0, 2))


# ---------------------------------------------------------------------------------------------
# make_detection_scenes, scene_class_masks (09·10)
# ---------------------------------------------------------------------------------------------

from course_utils.localization_data import make_detection_scenes, scene_class_masks  # noqa: E402


def test_scene_boxes_are_tight_boxes_of_each_digits_ink_and_masks_match():
    images, labels = fake_digits(50)
    scenes, boxes, scene_labels, masks = make_detection_scenes(
        images, labels, 40, canvas_size=56, digits_per_scene=(2, 4), digit_size_range=(10, 22), max_iou=0.3, seed=1
    )
    assert scenes.shape == (40, 56, 56, 1) and scenes.dtype == np.uint8
    assert masks.shape == (40, 56, 56) and masks.dtype == np.uint8
    assert len(boxes) == len(scene_labels) == 40
    counts = [len(b) for b in boxes]
    assert min(counts) == 2 and max(counts) == 4  # 범위의 양 끝이 모두 나옴
    for scene, scene_boxes, labels_i, mask in zip(scenes, boxes, scene_labels, masks):
        assert scene_boxes.dtype == np.float32 and labels_i.dtype == np.int64
        assert set(labels_i.tolist()) <= set(labels.tolist())
        # 마스크 = 잉크: 잡음·방해물이 없으면 캔버스가 밝은 곳과 마스크가 0이 아닌 곳이 정확히 같음
        np.testing.assert_array_equal(mask > 0, scene[..., 0] > 0)
        assert mask.max() <= len(scene_boxes)
        for k, box in enumerate(scene_boxes.astype(int)):
            x0, y0, x1, y1 = box
            assert 0 <= x0 < x1 <= 56 and 0 <= y0 < y1 <= 56
            assert 10 <= max(x1 - x0, y1 - y0) <= 22
            own = mask == k + 1
            if own.any():  # k번째 숫자로 표시된 픽셀은 모두 그 숫자의 상자 안
                rows, cols = np.nonzero(own)
                assert x0 <= cols.min() and cols.max() < x1 and y0 <= rows.min() and rows.max() < y1
        # 가려지지 않은(다른 상자와 겹치지 않는) 숫자의 잉크 상자는 정답 상자와 정확히 같음
        for k, box in enumerate(scene_boxes):
            others = np.delete(scene_boxes, k, axis=0)
            if len(others) == 0 or np.all(iou(np.repeat(box[None], len(others), 0), others) == 0):
                assert ink_bounding_box((mask == k + 1).astype(float)) == tuple(int(v) for v in box)


def test_every_pixel_goes_to_the_digit_with_the_most_ink_and_canvas_is_their_maximum():
    # 두 숫자가 같은 자리에 겹치도록(max_iou=1, 캔버스 = 숫자 크기) 만들고 손으로 확인
    bright = np.zeros((2, 6, 6), dtype=np.uint8)
    bright[0, 0:6, 0:6] = 100
    bright[1, 0:6, 0:6] = 200
    bright[1, 0, 0] = 50  # 이 한 점만 첫째 숫자(100)가 더 밝음
    scenes, boxes, labels, masks = make_detection_scenes(
        bright, [3, 7], 5, canvas_size=6, digits_per_scene=(2, 2), digit_size_range=(6, 6), max_iou=1.0, seed=0
    )
    for scene, scene_boxes, scene_labels, mask in zip(scenes, boxes, labels, masks):
        np.testing.assert_array_equal(scene_boxes, [[0, 0, 6, 6], [0, 0, 6, 6]])
        brighter = int(np.flatnonzero(scene_labels == 7)[0]) + 1  # 밝은 숫자(레이블 7)의 번호
        expected = np.full((6, 6), brighter)
        expected[0, 0] = 3 - brighter
        np.testing.assert_array_equal(mask, expected)
        np.testing.assert_array_equal(scene[..., 0], np.maximum(bright[0], bright[1]))


def test_overlap_rule_holds_for_every_pair_and_zero_means_disjoint_boxes():
    images, labels = fake_digits(40)
    for max_iou in (0.0, 0.1, 0.4):
        _, boxes, _, _ = make_detection_scenes(images, labels, 60, 48, (3, 4), (10, 20), max_iou=max_iou, seed=2)
        worst = 0.0
        for scene_boxes in boxes:
            for a in range(len(scene_boxes)):
                for b in range(a + 1, len(scene_boxes)):
                    worst = max(worst, float(iou(scene_boxes[a], scene_boxes[b])))
        assert worst <= max_iou + 1e-12
        if max_iou == 0.0:
            assert worst == 0.0
        else:
            assert worst > 0.0  # 허용하면 실제로 겹치는 장면도 나옴(규칙이 너무 엄격하지 않음)


def test_scenes_are_deterministic_prefix_stable_and_layout_independent_of_noise_and_clutter():
    images, labels = fake_digits(30)
    args = (images, labels, 25, 48, (2, 3), (10, 20))
    first = make_detection_scenes(*args, seed=4)
    again = make_detection_scenes(*args, seed=4)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[3], again[3])
    for a, b in zip(first[1] + first[2], again[1] + again[2]):
        np.testing.assert_array_equal(a, b)
    other = make_detection_scenes(*args, seed=5)
    assert not all(np.array_equal(a, b) for a, b in zip(first[1], other[1]))

    prefix = make_detection_scenes(images, labels, 10, 48, (2, 3), (10, 20), seed=4)
    np.testing.assert_array_equal(prefix[0], first[0][:10])
    np.testing.assert_array_equal(prefix[3], first[3][:10])

    busy = make_detection_scenes(*args, noise_std=0.05, num_distractors=3, distractor_size=6, seed=4)
    np.testing.assert_array_equal(busy[3], first[3])  # 마스크(따라서 잉크 위치)는 그대로
    for a, b in zip(first[1] + first[2], busy[1] + busy[2]):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(busy[0], first[0])

    clutter_only = make_detection_scenes(*args, num_distractors=3, distractor_size=6, seed=4)
    extra_ink = 0
    for plain, cluttered, scene_boxes in zip(first[0], clutter_only[0], first[1]):
        inside = np.zeros(plain.shape[:2], dtype=bool)
        for x0, y0, x1, y1 in scene_boxes.astype(int):
            inside[y0:y1, x0:x1] = True
        # 방해물은 어느 상자와도 겹치지 않음: 상자 안은 그대로, 바뀐 픽셀은 모두 상자 밖
        np.testing.assert_array_equal(cluttered[..., 0][inside], plain[..., 0][inside])
        extra_ink += int((cluttered[..., 0][~inside] > 0).any())
    assert extra_ink >= 20


def test_scene_class_masks_by_hand():
    masks = np.array([[[0, 1], [2, 2]], [[1, 0], [0, 0]]], dtype=np.uint8)
    out = scene_class_masks(masks, [np.array([7, 0]), np.array([4])])
    np.testing.assert_array_equal(out, [[[0, 8], [1, 1]], [[5, 0], [0, 0]]])
    images, labels = fake_digits(20)
    _, boxes, scene_labels, scene_masks = make_detection_scenes(images, labels, 8, 40, (2, 3), (8, 16), seed=0)
    classes = scene_class_masks(scene_masks, scene_labels)
    for mask, cls, labels_i in zip(scene_masks, classes, scene_labels):
        for k, label in enumerate(labels_i):
            assert np.all(cls[mask == k + 1] == label + 1)
        assert np.all((cls == 0) == (mask == 0))


def test_detection_scenes_reject_bad_input_in_korean():
    images, labels = fake_digits(10)
    assert_korean_value_error(make_detection_scenes, images, labels, 0, match="num_scenes")
    assert_korean_value_error(
        make_detection_scenes, images, labels, 3, digits_per_scene=(3, 2), match="digits_per_scene"
    )
    assert_korean_value_error(make_detection_scenes, images, labels, 3, digits_per_scene=(2, 11), match="10개뿐")
    assert_korean_value_error(
        make_detection_scenes, images, labels, 3, digit_size_range=(10, 80), match="digit_size_range"
    )
    assert_korean_value_error(make_detection_scenes, images, labels, 3, max_iou=1.5, match="max_iou")
    blank = images.copy()
    blank[4] = 0
    assert_korean_value_error(make_detection_scenes, blank, labels, 3, match="4번 숫자 이미지")
    # 캔버스가 너무 작아 겹치지 않게 놓을 수 없음
    assert_korean_value_error(
        make_detection_scenes,
        images,
        labels,
        3,
        canvas_size=20,
        digits_per_scene=(4, 4),
        digit_size_range=(18, 20),
        max_iou=0.0,
        match="놓지 못했습니다",
    )
    assert_korean_value_error(scene_class_masks, np.zeros((2, 3, 3), np.uint8), [np.array([1])], match="목록")
    assert_korean_value_error(scene_class_masks, np.full((1, 2, 2), 3, np.uint8), [np.array([1])], match="물체 번호")
