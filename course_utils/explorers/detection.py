"""08 검출 임계값: :class:`DetectionExplorer` (IoU·점수 임계값에 따른 TP/FP, 정밀도·재현율 곡선과 AP, NMS)."""

from __future__ import annotations

import numpy as np

from course_utils.explorers.base import Explorer
from course_utils.validation import (
    corner_boxes,
    integer_labels,
    positive_int,
    real_number,
    unit_images,
    unit_scores,
)

TP_COLOR, FP_COLOR, DROPPED_COLOR = "#2CA02C", "#D62728", "#9E9E9E"


class DetectionExplorer(Explorer):
    """08: IoU 임계값·점수 임계값으로 TP/FP를 다시 정하고 정밀도·재현율 곡선과 AP를, NMS 임계값으로 남는 상자를 봅니다.

    이미지마다 정답 상자 하나와 예측 상자 하나(점수, 클래스)가 있는 위치 추정 결과를 받습니다.

    Args:
        images: ``(N, H, W)`` 또는 ``(N, H, W, 1)`` 이미지. 갤러리에는 앞의 ``gallery_size`` 장만 그림.
        true_boxes, pred_boxes: ``(N, 4)`` 모서리 상자. pred_scores: ``(N,)`` 점수 0~1.
        true_labels, pred_labels: ``(N,)`` 클래스(생략하면 클래스가 모두 맞는 것으로 봄).
        nms_image, nms_boxes, nms_scores, nms_true_boxes: NMS 예시(한 이미지의 후보 ``(M, 4)``, 점수 ``(M,)``,
            정답 ``(G, 4)``); 생략하면 NMS 부분이 없습니다.

    ``state(iou_threshold, score_threshold, nms_threshold)``:

    * 점수가 ``score_threshold`` 미만인 검출은 버림(``status == "버림"``). 남은 검출은 클래스가 맞고
      ``IoU >= iou_threshold`` 이면 TP (``detection.match_detections``), 아니면 FP.
    * ``precisions``, ``recalls``: 남은 검출의 ``detection.precision_recall_curve`` (정답 수 = N),
      ``ap``: ``detection.average_precision(..., "all_points")``.
    * ``nms_kept``: ``detection.non_max_suppression(nms_boxes, nms_scores, nms_threshold)``.
    """

    _defaults = {"iou_threshold": 0.5, "score_threshold": 0.0, "nms_threshold": 0.5}

    def __init__(
        self,
        images,
        true_boxes,
        pred_boxes,
        pred_scores,
        true_labels=None,
        pred_labels=None,
        nms_image=None,
        nms_boxes=None,
        nms_scores=None,
        nms_true_boxes=None,
        gallery_size: int = 6,
    ):
        super().__init__()
        self.images = unit_images(images, "images", ndims=(3, 4))
        self.true_boxes = corner_boxes(true_boxes, "true_boxes", ndim=2)
        self.pred_boxes = corner_boxes(pred_boxes, "pred_boxes", ndim=2)
        count = len(self.true_boxes)
        if len(self.images) != count or len(self.pred_boxes) != count or count == 0:
            raise ValueError(
                f"images({len(self.images)}), true_boxes({count}), pred_boxes({len(self.pred_boxes)})의 "
                "개수가 같고 1 이상이어야 합니다."
            )
        self.pred_scores = unit_scores(pred_scores, "pred_scores", count)
        self.true_labels = (
            np.zeros(count, int) if true_labels is None else integer_labels(true_labels, "true_labels", count)
        )
        self.pred_labels = (
            np.zeros(count, int) if pred_labels is None else integer_labels(pred_labels, "pred_labels", count)
        )
        self.has_labels = true_labels is not None
        self.gallery_size = positive_int(gallery_size, "gallery_size")
        self.has_nms = nms_boxes is not None
        if self.has_nms:
            self.nms_image = unit_images(nms_image, "nms_image", ndims=(2, 3))
            self.nms_boxes = corner_boxes(nms_boxes, "nms_boxes", ndim=2)
            self.nms_scores = unit_scores(nms_scores, "nms_scores", len(self.nms_boxes))
            self.nms_true_boxes = (
                None if nms_true_boxes is None else corner_boxes(nms_true_boxes, "nms_true_boxes", ndim=2)
            )

    def state(self, iou_threshold=0.5, score_threshold=0.0, nms_threshold=0.5, **_):
        from course_utils import detection

        base = {"iou_threshold": iou_threshold, "score_threshold": score_threshold, "nms_threshold": nms_threshold}
        try:  # 숫자가 아닌 값(문자열, None, NaN)도 예외 대신 state["error"]의 한국어 메시지로
            iou_threshold, score_threshold, nms_threshold = (
                real_number(v, n) for v, n in zip(base.values(), ("IoU 임계값", "점수 임계값", "NMS 임계값"))
            )
        except ValueError as error:
            return {**base, "error": str(error), "lines": []}
        if not 0.0 < float(iou_threshold) <= 1.0:
            return {
                **base,
                "error": f"IoU 임계값은 0보다 크고 1 이하여야 합니다. 받은 값: {iou_threshold}",
                "lines": [],
            }
        if not 0.0 <= float(score_threshold) <= 1.0:
            return {**base, "error": f"점수 임계값은 0~1이어야 합니다. 받은 값: {score_threshold}", "lines": []}
        ious = detection.iou(self.pred_boxes, self.true_boxes)
        kept = self.pred_scores >= score_threshold
        true_positive = np.array(
            [
                bool(
                    kept[i]
                    and self.pred_labels[i] == self.true_labels[i]
                    and detection.match_detections(
                        self.pred_boxes[i : i + 1],
                        self.pred_scores[i : i + 1],
                        self.true_boxes[i : i + 1],
                        iou_threshold,
                    )[0]
                )
                for i in range(len(ious))
            ]
        )
        status = np.where(~kept, "버림", np.where(true_positive, "TP", "FP"))
        num_truths = len(self.true_boxes)
        precisions, recalls = detection.precision_recall_curve(self.pred_scores[kept], true_positive[kept], num_truths)
        ap = detection.average_precision(precisions, recalls, "all_points")
        num_tp, num_fp = int(true_positive.sum()), int((status == "FP").sum())
        lines = [
            f"IoU ≥ {iou_threshold:.2f}, 점수 ≥ {score_threshold:.2f}: TP {num_tp}개, FP {num_fp}개, "
            f"버린 검출 {int((~kept).sum())}개 / 정답 {num_truths}개",
            f"AP(전체 점 보간) = {ap:.3f} | 재현율 {num_tp / num_truths:.3f}"
            + (f", 정밀도 {num_tp / (num_tp + num_fp):.3f}" if num_tp + num_fp else ""),
        ]
        result = {
            **base,
            "ious": ious,
            "kept": kept,
            "true_positive": true_positive,
            "status": status,
            "precisions": precisions,
            "recalls": recalls,
            "ap": ap,
            "lines": lines,
            "error": None,
        }
        if self.has_nms:
            if not 0.0 <= float(nms_threshold) <= 1.0:
                return {**result, "error": f"NMS 임계값은 0~1이어야 합니다. 받은 값: {nms_threshold}"}
            nms_kept = detection.non_max_suppression(self.nms_boxes, self.nms_scores, nms_threshold)
            result["nms_kept"] = nms_kept
            lines.append(
                f"NMS(IoU > {nms_threshold:.2f}이면 억제): 후보 {len(self.nms_boxes)}개 중 {len(nms_kept)}개가 "
                f"남음 (번호 {', '.join(str(i) for i in nms_kept)})"
            )
        return result

    def figure(self, state):
        import matplotlib.pyplot as plt

        from course_utils.box_plots import TRUE_COLOR, draw_boxes

        shown = min(self.gallery_size, len(self.images))
        columns = max(shown, 4)
        fig = plt.figure(figsize=(1.9 * columns, 6.6))
        grid = fig.add_gridspec(2, columns, height_ratios=[1, 1.45])
        colors = {"TP": TP_COLOR, "FP": FP_COLOR, "버림": DROPPED_COLOR}
        for i in range(shown):
            ax = fig.add_subplot(grid[0, i])
            status = state["status"][i]
            draw_boxes(self.images[i], self.true_boxes[i : i + 1], color=TRUE_COLOR, ax=ax)
            draw_boxes(
                None,
                self.pred_boxes[i : i + 1],
                [self.pred_labels[i]] if self.has_labels else None,
                [self.pred_scores[i]],
                color=colors[status],
                ax=ax,
                linestyle=":" if status == "버림" else "--",
            )
            wrong_class = status == "FP" and self.pred_labels[i] != self.true_labels[i]
            ax.set_title(
                f"{status}{'(클래스 틀림)' if wrong_class else ''} · IoU {state['ious'][i]:.2f}",
                color=colors[status],
                fontsize=10,
            )
        half = columns // 2 if self.has_nms else columns
        ax_pr = fig.add_subplot(grid[1, :half])
        recalls, precisions = state["recalls"], state["precisions"]
        if len(recalls):
            from course_utils.detection import maximum_precisions

            ax_pr.plot(recalls, precisions, "o-", color="#DD8452", markersize=3, linewidth=1, label="정밀도")
            ax_pr.step(
                np.concatenate([[0.0], recalls]),
                np.concatenate([[maximum_precisions(precisions)[0]], maximum_precisions(precisions)]),
                where="pre",
                color="#4C72B0",
                linewidth=2,
                label="최대 정밀도(포락선)",
            )
            ax_pr.legend(loc="lower left", fontsize=9)
        ax_pr.set_xlim(0, 1.02)
        ax_pr.set_ylim(0, 1.05)
        ax_pr.set_xlabel("재현율")
        ax_pr.set_ylabel("정밀도")
        ax_pr.grid(alpha=0.3)
        ax_pr.set_title(f"정밀도·재현율 곡선 (이미지 {len(self.images)}장): AP = {state['ap']:.3f}", fontsize=11)
        if self.has_nms:
            ax_nms = fig.add_subplot(grid[1, half:])
            kept = state["nms_kept"]
            removed = np.setdiff1d(np.arange(len(self.nms_boxes)), kept)
            draw_boxes(
                self.nms_image, self.nms_boxes[removed], color=DROPPED_COLOR, ax=ax_nms, linestyle=":", linewidth=1.0
            )
            draw_boxes(None, self.nms_boxes[kept], scores=self.nms_scores[kept], color="orange", ax=ax_nms)
            if self.nms_true_boxes is not None:
                draw_boxes(None, self.nms_true_boxes, color=TRUE_COLOR, ax=ax_nms, linestyle=":")
            ax_nms.set_title(f"NMS 후 {len(kept)}개 남음 (회색 점선: 억제됨)", fontsize=11)
        fig.suptitle("위: 초록 TP · 빨강 FP · 회색 점선 버림(점수 미달), 하늘색: 정답", fontsize=11)
        fig.subplots_adjust(
            left=0.06, right=0.98, bottom=0.08, top=0.9, wspace=0.25, hspace=0.3
        )  # tight_layout보다 빠름
        return fig

    def _make_controls(self):
        d = self._defaults
        controls = {
            "iou_threshold": self._threshold_slider(d["iou_threshold"], "IoU 임계값"),
            "score_threshold": self._threshold_slider(d["score_threshold"], "점수 임계값", minimum=0.0),
        }
        if self.has_nms:
            controls["nms_threshold"] = self._threshold_slider(d["nms_threshold"], "NMS 임계값")
        return controls

    def values(self):
        values = super().values()
        values.setdefault("nms_threshold", self._defaults["nms_threshold"])
        return values
