"""09: 여러 물체 검출기의 임계값 탐색기(08 :class:`DetectionExplorer` 의 형제).

08의 탐색기는 이미지마다 정답 하나와 예측 하나인 위치 추정 결과를 받습니다. 여기서는 장면마다 정답이 여러 개이고
검출기가 NMS 전의 후보 상자를 많이 내므로, NMS 임계값·점수 임계값·평가 IoU 임계값을 바꿀 때마다 클래스별 NMS와
mAP를 다시 계산합니다. 위젯 연결과 정적 그림은 :class:`course_utils.explorers.base.Explorer` 를 그대로 씁니다
(셀의 마지막 줄에 객체를 두면 JupyterLab·Colab에서는 위젯, nbval·GitHub에서는 기본값의 정적 그림).
"""

from __future__ import annotations

import numpy as np

from course_utils.explorers.base import Explorer
from course_utils.explorers.detection import DROPPED_COLOR, FP_COLOR, TP_COLOR
from course_utils.validation import corner_boxes, positive_int, unit_images


def _check_candidates(candidate_boxes, candidate_scores, count: int):
    boxes = np.asarray(candidate_boxes, dtype=np.float64)
    scores = np.asarray(candidate_scores, dtype=np.float64)
    if boxes.ndim != 3 or boxes.shape[-1] != 4 or len(boxes) != count:
        raise ValueError(f"candidate_boxes는 (장면 수 {count}, 후보 수, 4) 배열이어야 합니다. 받은 모양: {boxes.shape}")
    if scores.ndim != 3 or scores.shape[:2] != boxes.shape[:2]:
        raise ValueError(
            f"candidate_scores는 (장면 수, 후보 수, 클래스 수) = ({boxes.shape[0]}, {boxes.shape[1]}, C) 배열이어야 합니다. "
            f"받은 모양: {scores.shape}"
        )
    corner_boxes(boxes.reshape(-1, 4), "candidate_boxes", ndim=2)
    if not np.all(np.isfinite(scores)) or scores.min(initial=0) < 0 or scores.max(initial=0) > 1:
        raise ValueError("candidate_scores의 값은 0~1이어야 합니다.")
    return boxes, scores


class SceneDetectionExplorer(Explorer):
    """09: NMS·점수·평가 IoU 임계값을 바꾸며 클래스별 NMS 뒤의 검출, TP/FP, 클래스별 AP와 mAP를 봅니다.

    Args:
        images: ``(N, H, W)`` 또는 ``(N, H, W, 1)`` 장면. 갤러리에는 앞의 ``gallery_size`` 장만 그림.
        ground_truths: 길이 N의 목록, 원소는 ``{"boxes": (G_i, 4), "labels": (G_i,)}`` (:mod:`course_utils.detection` 형식).
        candidate_boxes: ``(N, M, 4)`` NMS 전의 후보 상자(모서리 좌표, 픽셀).
        candidate_scores: ``(N, M, C)`` 후보마다 클래스별 점수 0~1.
        gallery_size: 갤러리에 그릴 장면 수.

    ``state(iou_threshold, score_threshold, nms_threshold)``:

    * ``detections``: 장면마다 클래스 c = 0..C-1의 ``detection.non_max_suppression(boxes, scores[:, c], nms_threshold,
      score_threshold=score_threshold)`` 결과를 모아 점수 내림차순으로 놓은 검출 사전(점수가 ``score_threshold`` 보다 커야 후보).
    * ``per_class_ap``: ``detection.class_average_precisions(detections, ground_truths, iou_threshold, "101_points")``,
      ``map``: 그 평균(= ``detection.mean_average_precision``).
    * ``true_positive``: 장면마다 검출의 TP 여부(클래스마다 ``detection.match_detections``).
    """

    _defaults = {"iou_threshold": 0.5, "score_threshold": 0.05, "nms_threshold": 0.5}

    def __init__(self, images, ground_truths, candidate_boxes, candidate_scores, gallery_size: int = 4):
        super().__init__()
        self.images = unit_images(images, "images", ndims=(3, 4))
        if not isinstance(ground_truths, (list, tuple)) or len(ground_truths) != len(self.images) or not ground_truths:
            raise ValueError(
                f"ground_truths는 장면마다 사전 하나씩, images와 같은 길이({len(self.images)})의 목록이어야 합니다."
            )
        self.ground_truths = list(ground_truths)
        self.boxes, self.scores = _check_candidates(candidate_boxes, candidate_scores, len(self.images))
        self.gallery_size = positive_int(gallery_size, "gallery_size")

    def detect(self, nms_threshold: float, score_threshold: float) -> list:
        """클래스별 NMS: 장면마다 ``{"boxes", "labels", "scores"}`` (점수 내림차순)."""
        from course_utils import detection

        results = []
        for boxes, scores in zip(self.boxes, self.scores):
            kept_boxes, kept_labels, kept_scores = [np.zeros((0, 4))], [np.zeros(0, int)], [np.zeros(0)]
            for label in range(scores.shape[1]):
                if not np.any(scores[:, label] > score_threshold):
                    continue
                kept = detection.non_max_suppression(
                    boxes, scores[:, label], nms_threshold, score_threshold=score_threshold
                )
                kept_boxes.append(boxes[kept])
                kept_labels.append(np.full(len(kept), label))
                kept_scores.append(scores[kept, label])
            all_scores = np.concatenate(kept_scores)
            order = np.argsort(-all_scores, kind="stable")
            results.append(
                {
                    "boxes": np.concatenate(kept_boxes)[order],
                    "labels": np.concatenate(kept_labels)[order],
                    "scores": all_scores[order],
                }
            )
        return results

    def state(self, iou_threshold=0.5, score_threshold=0.05, nms_threshold=0.5, **_):
        from course_utils import detection

        base = {"iou_threshold": iou_threshold, "score_threshold": score_threshold, "nms_threshold": nms_threshold}
        if not 0.0 < float(iou_threshold) <= 1.0:
            return {
                **base,
                "error": f"IoU 임계값은 0보다 크고 1 이하여야 합니다. 받은 값: {iou_threshold}",
                "lines": [],
            }
        if not 0.0 <= float(score_threshold) < 1.0:
            return {
                **base,
                "error": f"점수 임계값은 0 이상 1 미만이어야 합니다. 받은 값: {score_threshold}",
                "lines": [],
            }
        if not 0.0 <= float(nms_threshold) <= 1.0:
            return {**base, "error": f"NMS 임계값은 0~1이어야 합니다. 받은 값: {nms_threshold}", "lines": []}
        detections = self.detect(float(nms_threshold), float(score_threshold))
        per_class_ap = detection.class_average_precisions(detections, self.ground_truths, iou_threshold, "101_points")
        mean_ap = float(np.mean(list(per_class_ap.values())))
        true_positive = []
        for found, truth in zip(detections, self.ground_truths):
            flags = np.zeros(len(found["scores"]), dtype=bool)
            truth_boxes, truth_labels = np.asarray(truth["boxes"]).reshape(-1, 4), np.asarray(truth["labels"])
            for label in np.unique(found["labels"]):
                mine = found["labels"] == label
                flags[mine] = detection.match_detections(
                    found["boxes"][mine], found["scores"][mine], truth_boxes[truth_labels == label], iou_threshold
                )
            true_positive.append(flags)
        num_detections = sum(len(d["scores"]) for d in detections)
        num_tp = int(sum(flags.sum() for flags in true_positive))
        num_truths = sum(len(np.asarray(t["labels"])) for t in self.ground_truths)
        lines = [
            f"NMS 임계값 {nms_threshold:.2f}, 점수 > {score_threshold:.2f}: 장면 {len(detections)}개에서 검출 "
            f"{num_detections}개 (장면마다 {num_detections / len(detections):.1f}개) / 정답 {num_truths}개",
            f"IoU ≥ {iou_threshold:.2f}: TP {num_tp}개, FP {num_detections - num_tp}개 | mAP(101점) = {mean_ap:.3f}",
        ]
        return {
            **base,
            "detections": detections,
            "true_positive": true_positive,
            "per_class_ap": per_class_ap,
            "map": mean_ap,
            "lines": lines,
            "error": None,
        }

    def figure(self, state):
        import matplotlib.pyplot as plt

        from course_utils.box_plots import TRUE_COLOR, draw_boxes

        shown = min(self.gallery_size, len(self.images))
        fig = plt.figure(figsize=(2.4 * shown + 4.2, 3.4))
        grid = fig.add_gridspec(1, shown + 2)
        for i in range(shown):
            ax = fig.add_subplot(grid[0, i])
            found, flags = state["detections"][i], state["true_positive"][i]
            truth = self.ground_truths[i]
            draw_boxes(self.images[i], np.asarray(truth["boxes"]).reshape(-1, 4), color=TRUE_COLOR, ax=ax)
            for is_tp, color in ((True, TP_COLOR), (False, FP_COLOR)):
                chosen = flags == is_tp
                draw_boxes(
                    None,
                    found["boxes"][chosen],
                    found["labels"][chosen],
                    found["scores"][chosen],
                    color=color,
                    ax=ax,
                    linestyle="--",
                    linewidth=1.5,
                )
            ax.set_title(f"TP {int(flags.sum())} · FP {int((~flags).sum())}", fontsize=10)
        ax_ap = fig.add_subplot(grid[0, shown:])
        classes = sorted(state["per_class_ap"])
        ax_ap.bar(
            [str(c) for c in classes], [state["per_class_ap"][c] for c in classes], color="#4C72B0", edgecolor="none"
        )
        ax_ap.axhline(state["map"], color=DROPPED_COLOR, linestyle="--", label=f"mAP {state['map']:.3f}")
        ax_ap.set_ylim(0, 1.05)
        ax_ap.set_xlabel("클래스")
        ax_ap.set_ylabel(f"AP (IoU ≥ {state['iou_threshold']:.2f})")
        ax_ap.set_title("클래스별 AP(101점)", fontsize=11)
        ax_ap.legend(loc="lower right", fontsize=9)
        fig.suptitle("초록 점선 TP · 빨강 점선 FP · 하늘색 실선 정답", fontsize=11)
        fig.subplots_adjust(left=0.03, right=0.98, bottom=0.14, top=0.82, wspace=0.3)
        return fig

    def _make_controls(self):
        d = self._defaults
        return {
            "iou_threshold": self._threshold_slider(d["iou_threshold"], "평가 IoU"),
            "score_threshold": self._threshold_slider(d["score_threshold"], "점수 임계값", minimum=0.0),
            "nms_threshold": self._threshold_slider(d["nms_threshold"], "NMS 임계값"),
        }
