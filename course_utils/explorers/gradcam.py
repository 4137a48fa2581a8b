"""11 Grad-CAM: :class:`GradCamExplorer` (캔버스·클래스·층을 골라 Grad-CAM 지도와 그 최댓점이 어떻게 움직이는지 봄).

지도는 노트북이 ``tf.GradientTape`` 로 계산해 넘깁니다(Grad-CAM 계산은 노트북에 드러나 있어야 하므로 여기에 두지 않음).
탐색기는 고른 지도를 보여 주고, 지도의 최댓값 픽셀이 정답 상자 안인지(엄격한 포인팅 게임의 규칙, 11의 6절)를 알려 줍니다.
"""

from __future__ import annotations

import numpy as np

from course_utils.explorers.base import Explorer
from course_utils.image_plots import to_display_range
from course_utils.validation import corner_boxes, float_array, integer_labels

TRUE_CLASS = -1  # 클래스 선택지의 "정답 클래스"


class GradCamExplorer(Explorer):
    """11: 캔버스, 클래스, 층을 바꿔 가며 Grad-CAM 지도를 봅니다.

    Args:
        images: 캔버스 ``(N, H, W)`` 또는 ``(N, H, W, 1)`` (표시 규칙: 정수 0~255, 실수 0~1).
        maps: ``{층 이름: (N, 클래스 수, H, W) 배열}``. 노트북이 계산해 캔버스 크기로 보간한 지도(층마다 같은 모양).
        boxes: ``(N, 4)`` 정답 상자 ``(x_min, y_min, x_max, y_max)`` (픽셀 경계 좌표).
        labels: ``(N,)`` 정답 클래스(``0 <= 레이블 < 클래스 수``).
        class_names: 클래스 이름(선택, 클래스 수만큼).

    ``state(image_index, class_index, layer)`` 는 고른 지도(``map``), 최댓값 픽셀 ``point`` = ``(행, 열)``, 그 픽셀의 중심
    ``(열 + 0.5, 행 + 0.5)`` 이 상자 안(경계 포함)인지 ``hit`` 를 돌려줍니다. 지도의 값이 모두 같으면 가리킨 곳이 없으므로
    ``point`` 는 ``None``, ``hit`` 는 ``False`` 입니다. ``class_index`` 가 ``TRUE_CLASS`` (-1)이면 그 캔버스의 정답 클래스입니다.
    """

    def __init__(self, images, maps, boxes, labels, class_names=None):
        super().__init__()
        raw = np.asarray(images)
        if raw.ndim == 4 and raw.shape[-1] == 1:
            raw = raw[..., 0]
        if raw.ndim != 3 or raw.shape[0] == 0:
            raise ValueError(
                f"images는 (N, H, W) 또는 (N, H, W, 1) 캔버스 배열이어야 합니다. 받은 모양: {np.shape(images)}"
            )
        to_display_range(raw, name="images")  # 표시 규칙을 벗어나면 여기서 한국어 오류
        self.images = raw
        count, height, width = raw.shape
        if not isinstance(maps, dict) or not maps:
            raise ValueError("maps는 {층 이름: (N, 클래스 수, H, W) 지도} 사전이어야 하고 비어 있으면 안 됩니다.")
        self.maps = {}
        for name, layer_maps in maps.items():
            if not isinstance(name, str):
                raise ValueError(f"maps의 키는 층 이름(문자열)이어야 합니다. 받은 키: {name!r}")
            array = float_array(layer_maps, f"maps[{name!r}]", (4,), allow_empty=False)
            if array.shape[0] != count or array.shape[2:] != (height, width):
                raise ValueError(
                    f"maps[{name!r}]의 모양은 ({count}, 클래스 수, {height}, {width})이어야 합니다(캔버스 크기로 보간한 지도). "
                    f"받은 모양: {array.shape}"
                )
            self.maps[name] = array
        class_counts = {array.shape[1] for array in self.maps.values()}
        if len(class_counts) != 1:
            raise ValueError(f"층마다 클래스 수가 같아야 합니다. 받은 클래스 수: {sorted(class_counts)}")
        self.num_classes = class_counts.pop()
        self.boxes = corner_boxes(boxes, "boxes", ndim=2)
        if len(self.boxes) != count:
            raise ValueError(f"boxes의 개수({len(self.boxes)})가 캔버스 수({count})와 다릅니다.")
        self.labels = integer_labels(labels, "labels", length=count)
        if self.labels.max() >= self.num_classes:
            raise ValueError(f"labels에 클래스 수({self.num_classes}) 이상인 값이 있습니다: {int(self.labels.max())}")
        if class_names is None:
            class_names = [str(index) for index in range(self.num_classes)]
        if len(class_names) != self.num_classes:
            raise ValueError(f"class_names의 개수({len(class_names)})가 클래스 수({self.num_classes})와 다릅니다.")
        self.class_names = [str(name) for name in class_names]
        self._defaults = {"image_index": 0, "class_index": TRUE_CLASS, "layer": next(iter(self.maps))}

    def state(self, image_index=0, class_index=TRUE_CLASS, layer=None, **_):
        layer = next(iter(self.maps)) if layer is None else layer
        base = {"image_index": image_index, "class_index": class_index, "layer": layer}
        count = len(self.images)
        if not isinstance(image_index, (int, np.integer)) or not 0 <= image_index < count:
            return {**base, "error": f"image_index는 0부터 {count - 1}까지의 정수여야 합니다. 받은 값: {image_index!r}"}
        if layer not in self.maps:
            return {**base, "error": f"모르는 층 이름: {layer!r}. 쓸 수 있는 층: {list(self.maps)}"}
        label = int(self.labels[image_index])
        chosen = label if class_index == TRUE_CLASS else class_index
        if not isinstance(chosen, (int, np.integer)) or not 0 <= chosen < self.num_classes:
            return {**base, "error": f"class_index는 -1(정답) 또는 0부터 {self.num_classes - 1}까지여야 합니다."}
        heatmap = self.maps[layer][image_index, chosen]
        box = self.boxes[image_index]
        if heatmap.max() == heatmap.min():
            point, hit = None, False
            where = "지도의 값이 모두 같아 가리킨 곳이 없습니다(빗나감)."
        else:
            row, col = np.unravel_index(int(heatmap.argmax()), heatmap.shape)
            point = (int(row), int(col))
            x, y = col + 0.5, row + 0.5
            hit = bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])
            where = f"최댓값 픽셀 (행 {row}, 열 {col}) → {'정답 상자 안: 적중' if hit else '정답 상자 밖: 빗나감'}"
        lines = [
            f"캔버스 {image_index}: 정답 {self.class_names[label]} | 지도의 클래스 {self.class_names[chosen]}"
            f"{' (정답)' if chosen == label else ''} | 층 {layer}",
            where,
        ]
        return {
            **base,
            "label": label,
            "chosen_class": int(chosen),
            "map": heatmap,
            "box": box,
            "point": point,
            "hit": hit,
            "lines": lines,
            "error": None,
        }

    def figure(self, state):
        import matplotlib.pyplot as plt

        from course_utils.heatmap_plots import overlay_heatmap

        fig, ax = plt.subplots(figsize=(3.6, 3.8), layout="constrained")
        overlay_heatmap(
            ax,
            self.images[state["image_index"]],
            state["map"],
            box=state["box"],
            point=state["point"],
            hit=None if state["point"] is None else state["hit"],
            title=f"{state['layer']}, 클래스 {self.class_names[state['chosen_class']]}",
        )
        return fig

    def _make_controls(self):
        import ipywidgets as widgets

        style = {"description_width": "6em"}
        d = self._defaults
        return {
            "image_index": widgets.IntSlider(
                d["image_index"], min=0, max=len(self.images) - 1, description="캔버스", style=style
            ),
            "class_index": widgets.Dropdown(
                options=[("정답 클래스", TRUE_CLASS)] + [(name, index) for index, name in enumerate(self.class_names)],
                value=d["class_index"],
                description="클래스",
                style=style,
            ),
            "layer": widgets.ToggleButtons(options=list(self.maps), value=d["layer"], description="층", style=style),
        }

    def _control_rows(self, controls):
        import ipywidgets as widgets

        return [
            widgets.HBox([controls["image_index"], controls["class_index"]]),
            widgets.HBox([controls["layer"]]),
        ]
