"""경계 픽셀과 경계 F 점수(course_utils.segmentation)를 손으로 센 예와 독립적인 무차별 계산으로 확인합니다."""

import numpy as np
import pytest

from conftest import assert_korean_value_error
from course_utils.segmentation import boundary_f_score, mask_boundary


def square(top, left, size=4, shape=(8, 8)):
    mask = np.zeros(shape, dtype=bool)
    mask[top : top + size, left : left + size] = True
    return mask


def brute_force_f(truth, prediction, tolerance):
    """경계 픽셀마다 반대쪽 경계의 가장 가까운 픽셀까지 체비쇼프 거리를 직접 재는 느린 계산."""

    def edge_points(mask):
        rows, cols = mask.shape
        points = []
        for y in range(rows):
            for x in range(cols):
                if not mask[y, x]:
                    continue
                neighbours = [
                    (min(max(y + dy, 0), rows - 1), min(max(x + dx, 0), cols - 1))
                    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1))
                ]
                if any(not mask[n] for n in neighbours):
                    points.append((y, x))
        return points

    true_points, pred_points = edge_points(truth), edge_points(prediction)
    if not true_points and not pred_points:
        return 1.0
    if not true_points or not pred_points:
        return 0.0

    def hit_fraction(points, others):
        hits = sum(min(max(abs(y - oy), abs(x - ox)) for oy, ox in others) <= tolerance for y, x in points)
        return hits / len(points)

    precision, recall = hit_fraction(pred_points, true_points), hit_fraction(true_points, pred_points)
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def test_boundary_of_a_square_is_its_ring():
    edge = mask_boundary(square(2, 2))
    assert edge.sum() == 12  # 4×4 정사각형: 16칸 - 안쪽 2×2 = 12칸
    assert not edge[3:5, 3:5].any() and edge[2, 2:6].all() and edge[2:6, 2].all()


def test_image_frame_is_not_a_boundary():
    mask = np.zeros((6, 6), dtype=bool)
    mask[:, :3] = True  # 왼쪽 절반: 이미지 틀에 닿은 쪽은 경계가 아님
    edge = mask_boundary(mask)
    assert edge.sum() == 6 and edge[:, 2].all()
    assert mask_boundary(np.ones((5, 5), dtype=bool)).sum() == 0


def test_hand_computed_f_scores():
    a, shifted = square(2, 2), square(2, 3)
    assert boundary_f_score(a, a, tolerance=0) == 1.0
    # 한 칸 옮긴 정사각형: 두 고리가 겹치는 칸은 위·아래 줄의 3칸씩 = 6칸, P = R = 6/12
    assert boundary_f_score(a, shifted, tolerance=0) == pytest.approx(0.5)
    assert boundary_f_score(a, shifted, tolerance=1) == 1.0
    # 왼쪽 절반만 찾은 예측(4×2 직사각형: 8칸 모두 경계). θ=0: 예측 경계 중 정답 고리 위는 왼쪽 열 4칸 + 오른쪽 열의
    # 위·아래 2칸 = 6칸(P = 6/8), 정답 고리 중 예측 경계 위도 그 6칸(R = 6/12), F = 2·0.75·0.5 / 1.25 = 0.6
    left_half = np.zeros((8, 8), dtype=bool)
    left_half[2:6, 2:4] = True
    assert mask_boundary(left_half).sum() == 8
    assert boundary_f_score(a, left_half, tolerance=0) == pytest.approx(0.6)
    empty = np.zeros((8, 8), dtype=bool)
    assert boundary_f_score(empty, empty) == 1.0
    assert boundary_f_score(a, empty) == 0.0 and boundary_f_score(empty, a) == 0.0


def test_batch_matches_brute_force_on_random_masks():
    rng = np.random.default_rng(0)
    truth = rng.random((12, 10, 9)) < 0.4
    prediction = truth ^ (rng.random((12, 10, 9)) < 0.15)
    truth[0] = False  # 빈 정답 하나
    prediction[1] = False  # 빈 예측 하나
    for tolerance in (0, 1, 2):
        scores = boundary_f_score(truth, prediction, tolerance=tolerance)
        assert scores.shape == (12,)
        expected = [brute_force_f(t, p, tolerance) for t, p in zip(truth, prediction)]
        np.testing.assert_allclose(scores, expected)


def test_integer_zero_one_masks_are_accepted():
    a = square(2, 2).astype(np.uint8)
    assert boundary_f_score(a, a) == 1.0
    assert mask_boundary(a).dtype == bool


@pytest.mark.parametrize(
    "call",
    [
        lambda: mask_boundary(np.zeros(5, dtype=bool)),
        lambda: mask_boundary(np.full((3, 3), 2)),
        lambda: mask_boundary(np.zeros((3, 3), dtype=float)),
        lambda: boundary_f_score(np.zeros((4, 4), bool), np.zeros((4, 5), bool)),
        lambda: boundary_f_score(np.zeros((4, 4), bool), np.zeros((4, 4), bool), tolerance=-1),
        lambda: boundary_f_score(np.zeros((4, 4), bool), np.zeros((4, 4), bool), tolerance=1.5),
        lambda: boundary_f_score(np.zeros((4, 4), bool), np.zeros((4, 4), bool), tolerance=1000),
        lambda: boundary_f_score(np.zeros((0, 4, 4), bool), np.zeros((0, 4, 4), bool)),
    ],
)
def test_bad_input_raises_korean_value_error(call):
    assert_korean_value_error(lambda: call())
