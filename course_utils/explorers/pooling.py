"""03 풀링: :class:`PoolingExplorer` (풀 크기·스트라이드·최대/평균 풀링의 전후와 출력 크기)."""

from __future__ import annotations

import numpy as np

from course_utils import sizes
from course_utils.explorers.base import Explorer, grayscale_sample_image
from course_utils.reference_ops import pool2d
from course_utils.validation import float_array, unit_images


def default_pooling_matrix() -> np.ndarray:
    """풀링 탐색기의 작은 행렬: 0~9 정수 6×6 (시드 3으로 고정)."""
    return np.random.default_rng(3).integers(0, 10, size=(6, 6)).astype(np.float64)


class PoolingExplorer(Explorer):
    """03: 풀 크기, 스트라이드, 최대/평균 풀링을 작은 행렬이나 사진에서 바꿔 봅니다(``padding="valid"``).

    Args:
        matrix: 작은 행렬 ``(H, W)``, ``H, W <= 16`` (생략하면 :func:`default_pooling_matrix`).
        image: 흑백 사진 ``(H, W)``, 값 0~1 (생략하면 꽃 사진 :func:`grayscale_sample_image` ``(1, step=4)``).

    ``state(pool_size, strides, mode, source)`` 의 ``output`` 은 :func:`course_utils.reference_ops.pool2d` 결과이고 ``output_shape`` 은
    ``sizes.pool2d_output_shape`` 로 계산합니다(둘이 다르면 안 됨; Keras ``MaxPooling2D``/``AveragePooling2D`` 와 같음).
    """

    _defaults = {"pool_size": 2, "strides": 2, "mode": "max", "source": "matrix"}

    def __init__(self, matrix=None, image=None):
        super().__init__()
        self.matrix = (
            default_pooling_matrix() if matrix is None else float_array(matrix, "matrix", ndims=(2,), allow_empty=False)
        )
        if max(self.matrix.shape) > 16:
            raise ValueError(f"matrix는 높이·너비 16 이하의 2차원 배열이어야 합니다. 받은 모양: {self.matrix.shape}")
        self.image = grayscale_sample_image(1, step=4) if image is None else unit_images(image, "image", ndims=(2,))

    def state(self, pool_size=2, strides=2, mode="max", source="matrix", **_):
        base = {"pool_size": pool_size, "strides": strides, "mode": mode, "source": source}
        if source not in ("matrix", "image"):
            return {**base, "error": f"source는 'matrix' 또는 'image'여야 합니다. 받은 값: {source!r}", "lines": []}
        if mode not in ("max", "average"):
            return {**base, "error": f"mode는 'max' 또는 'average'여야 합니다. 받은 값: {mode!r}", "lines": []}
        x = self.matrix if source == "matrix" else self.image
        try:
            output_shape = sizes.pool2d_output_shape(x.shape, pool_size, strides, "valid")
        except ValueError as error:
            return {
                **base,
                "error": str(error),
                "input_shape": x.shape,
                "lines": [f"입력 {x.shape[0]}×{x.shape[1]}, 풀 크기 {pool_size}, 스트라이드 {strides}"],
            }
        output = pool2d(x, pool_size, strides, mode)
        name = "최대 풀링" if mode == "max" else "평균 풀링"
        n = x.shape[0]
        lines = [
            f"출력 크기: {output_shape[0]}×{output_shape[1]} (입력 {x.shape[0]}×{x.shape[1]}, {name})",
            f"높이: ⌊(n − k) / s⌋ + 1 = ⌊({n} − {pool_size}) / {strides}⌋ + 1 = {output_shape[0]}",
            f"입력 {x.size}칸 → 출력 {output.size}칸 ({output.size / x.size:.1%})",
        ]
        ignored = sizes.valid_ignored(x.shape[0], pool_size, strides)
        if ignored:
            lines.append(
                f"아래쪽 끝 {ignored}행(오른쪽 끝 {sizes.valid_ignored(x.shape[1], pool_size, strides)}열)은 "
                "어느 창에도 들지 않아 버려집니다."
            )
        if strides < pool_size:
            lines.append(f"스트라이드({strides}) < 풀 크기({pool_size}): 창이 겹칩니다(한 칸이 여러 창에 들어감).")
        elif strides > pool_size:
            lines.append(f"스트라이드({strides}) > 풀 크기({pool_size}): 창 사이에 건너뛰는 칸이 생깁니다.")
        return {
            **base,
            "input": x,
            "input_shape": x.shape,
            "output": output,
            "output_shape": output_shape,
            "lines": lines,
            "error": None,
        }

    def figure(self, state):
        from course_utils.conv_plots import plot_pooling, plot_pooling_before_after

        if state["source"] == "matrix":
            return plot_pooling(state["input"], state["pool_size"], state["strides"], state["mode"])
        name = "최대" if state["mode"] == "max" else "평균"
        k, s = state["pool_size"], state["strides"]
        return plot_pooling_before_after(
            state["input"], state["output"], titles=("풀링 전", f"{k}×{k} {name} 풀링(스트라이드 {s}) 후")
        )

    def _make_controls(self):
        import ipywidgets as widgets

        style = {"description_width": "6em"}
        d = self._defaults
        return {
            "pool_size": widgets.IntSlider(d["pool_size"], min=1, max=4, description="풀 크기 k", style=style),
            "strides": widgets.IntSlider(d["strides"], min=1, max=4, description="스트라이드 s", style=style),
            "mode": widgets.ToggleButtons(
                options=[("최대 풀링", "max"), ("평균 풀링", "average")],
                value=d["mode"],
                description="방식",
                style=style,
            ),
            "source": widgets.ToggleButtons(
                options=[("작은 행렬", "matrix"), ("사진", "image")], value=d["source"], description="입력", style=style
            ),
        }

    def _control_rows(self, controls):
        import ipywidgets as widgets

        return [
            widgets.HBox([controls["pool_size"], controls["strides"]]),
            widgets.HBox([controls["mode"]]),
            widgets.HBox([controls["source"]]),
        ]
