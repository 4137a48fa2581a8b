"""분할 마스크의 경계 품질(10 노트북): 경계 픽셀과 경계 F 점수(boundary F-score).

IoU는 넓이의 겹침을 재므로 큰 덩어리의 안쪽이 맞으면 경계가 뭉개져도 높게 나옵니다. 경계 F 점수
(Csurka 외, 2013의 BF score)는 **윤곽선**만 비교합니다.

정의(이 강좌의 규칙)
--------------------
* **경계 픽셀**: 마스크 안(``True``)에 있으면서 상하좌우 이웃 중 하나라도 마스크 밖인 픽셀. 이미지 바깥은
  가장자리 값을 그대로 이어 붙인 것으로 봅니다(이미지 틀에 잘린 자리는 경계로 세지 않음).
* 허용 거리 ``tolerance`` = θ 픽셀: 두 픽셀의 체비쇼프 거리 ``max(|dy|, |dx|)`` 가 θ 이하이면 "닿았다"고 봅니다.
* 정밀도 P = 예측 경계 픽셀 중 정답 경계에 닿은 비율, 재현율 R = 정답 경계 픽셀 중 예측 경계에 닿은 비율,
  F = 2PR / (P + R). 두 경계가 모두 비었으면 F = 1(찾을 것도 낸 것도 없음), 하나만 비었으면 F = 0.

Csurka 외는 θ를 이미지 대각선의 비율로 정하지만, 여기서는 작은 64×64 장면이라 픽셀 수로 줍니다.
"""

from __future__ import annotations

import numpy as np

from course_utils.validation import integer

#: 허용 거리의 최대값(픽셀). 실수로 큰 값을 넣어 창이 너무 커지기 전에 알려 줍니다.
MAX_TOLERANCE = 64


def _binary_masks(masks, name: str) -> np.ndarray:
    array = np.asarray(masks)
    if array.ndim not in (2, 3) or array.size == 0:
        raise ValueError(f"{name}은(는) (높이, 너비) 또는 (N, 높이, 너비) 마스크여야 합니다. 받은 모양: {array.shape}")
    if array.dtype != bool:
        if not np.issubdtype(array.dtype, np.integer) or array.min() < 0 or array.max() > 1:
            raise ValueError(
                f"{name}은(는) 불리언 또는 0과 1만 있는 정수 마스크여야 합니다"
                f"(클래스 마스크라면 mask == 클래스처럼 한 클래스를 골라 넣으세요). 받은 자료형: {array.dtype}"
            )
        array = array.astype(bool)
    return array


def mask_boundary(masks) -> np.ndarray:
    """마스크의 경계 픽셀: 마스크 안이면서 상하좌우 이웃 중 하나가 밖인 픽셀(이미지 바깥은 가장자리 값을 이어 붙임).

    Args:
        masks: 불리언(또는 0/1 정수) ``(높이, 너비)`` 또는 ``(N, 높이, 너비)``.

    Returns:
        같은 모양의 불리언 배열.
    """
    array = _binary_masks(masks, "masks")
    squeeze = array.ndim == 2
    array = array[None] if squeeze else array
    padded = np.pad(array, ((0, 0), (1, 1), (1, 1)), mode="edge")
    interior = (
        padded[:, :-2, 1:-1] & padded[:, 2:, 1:-1] & padded[:, 1:-1, :-2] & padded[:, 1:-1, 2:] & array
    )  # 상, 하, 좌, 우 이웃이 모두 안
    boundary = array & ~interior
    return boundary[0] if squeeze else boundary


def _dilate(masks: np.ndarray, radius: int) -> np.ndarray:
    """(N, H, W) 불리언을 (2r + 1) × (2r + 1) 정사각형으로 팽창(체비쇼프 거리 r 이하인 픽셀이 하나라도 True)."""
    if radius == 0:
        return masks
    padded = np.pad(masks, ((0, 0), (radius, radius), (radius, radius)), constant_values=False)
    height, width = masks.shape[1:]
    out = np.zeros_like(masks)
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            out |= padded[:, dy : dy + height, dx : dx + width]
    return out


def boundary_f_score(true_masks, pred_masks, tolerance: int = 1):
    """정답 마스크와 예측 마스크의 경계 F 점수(이미지마다).

    Args:
        true_masks, pred_masks: 같은 모양의 불리언(또는 0/1 정수) ``(높이, 너비)`` 또는 ``(N, 높이, 너비)``.
        tolerance: 허용 거리 θ(픽셀, 0 이상). 체비쇼프 거리 θ 이하인 경계 픽셀끼리 닿았다고 봅니다.

    Returns:
        2차원 입력이면 ``float`` 하나, 3차원이면 이미지마다의 F 점수 ``(N,)`` (평균은 부르는 쪽에서).
        P = 예측 경계 중 정답 경계에 닿은 비율, R = 정답 경계 중 예측 경계에 닿은 비율, F = 2PR / (P + R);
        두 경계가 모두 비면 1, 하나만 비면 0.
    """
    truth = _binary_masks(true_masks, "true_masks")
    prediction = _binary_masks(pred_masks, "pred_masks")
    if truth.shape != prediction.shape:
        raise ValueError(f"true_masks와 pred_masks의 모양이 다릅니다: {truth.shape}, {prediction.shape}")
    radius = integer(tolerance, "허용 거리(tolerance)", minimum=0, maximum=MAX_TOLERANCE)
    squeeze = truth.ndim == 2
    truth, prediction = (truth[None], prediction[None]) if squeeze else (truth, prediction)
    true_edge, pred_edge = mask_boundary(truth), mask_boundary(prediction)
    near_truth, near_pred = _dilate(true_edge, radius), _dilate(pred_edge, radius)
    true_count = true_edge.sum(axis=(1, 2))
    pred_count = pred_edge.sum(axis=(1, 2))
    precision = (pred_edge & near_truth).sum(axis=(1, 2)) / np.maximum(pred_count, 1)
    recall = (true_edge & near_pred).sum(axis=(1, 2)) / np.maximum(true_count, 1)
    scores = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    scores = np.where((true_count == 0) & (pred_count == 0), 1.0, scores)
    scores = np.where((true_count == 0) ^ (pred_count == 0), 0.0, scores)
    return float(scores[0]) if squeeze else scores
