"""01 합성곱: :class:`KernelExplorer` (커널을 고르거나 3×3 값을 고쳐 사진의 특성 맵을 봄)."""

from __future__ import annotations

import numpy as np

from course_utils import sizes
from course_utils.explorers.base import Explorer, grayscale_sample_image
from course_utils.reference_ops import correlate2d
from course_utils.validation import float_array, unit_images

CUSTOM_KERNEL = "직접 입력"
#: 이름 → 3×3 커널. 에지 검출은 소벨(Sobel) 커널입니다.
KERNEL_PRESETS = {
    "세로 에지(소벨)": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "가로 에지(소벨)": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "흐림(평균)": [[1 / 9] * 3] * 3,
    "선명하게": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "항등(그대로)": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}


class KernelExplorer(Explorer):
    """01: 커널을 고르거나 3×3 값을 고쳐 사진의 특성 맵을 봅니다.

    Args:
        image: ``(H, W)`` 흑백 이미지(값 0~1, ``H, W >= 3``). 생략하면 :func:`grayscale_sample_image`.

    ``state(preset, kernel)``: ``preset`` 이 :data:`KERNEL_PRESETS` 의 이름이면 그 커널, ``"직접 입력"`` 이면 ``kernel``
    (3×3)을 씁니다. 돌려주는 ``dict``: ``kernel`` (3, 3), ``feature_map`` (H-2, W-2) =
    :func:`course_utils.reference_ops.correlate2d`, ``output_shape`` (``sizes.conv2d_output_shape`` 로 계산), ``lines``, ``error``.
    """

    _defaults = {"preset": "세로 에지(소벨)", "kernel": KERNEL_PRESETS["세로 에지(소벨)"]}

    def __init__(self, image=None):
        super().__init__()
        image = grayscale_sample_image() if image is None else unit_images(image, "image", ndims=(2,))
        if min(image.shape) < 3:
            raise ValueError(
                f"image는 높이·너비가 3 이상인 (높이, 너비) 흑백 배열이어야 합니다. 받은 모양: {image.shape}"
            )
        self.image = image
        self._cells = None

    def state(self, preset=None, kernel=None, **_):
        if preset is not None and preset != CUSTOM_KERNEL:
            if preset not in KERNEL_PRESETS:
                return {"error": f"모르는 커널 이름입니다: {preset!r}", "lines": []}
            kernel = KERNEL_PRESETS[preset]
        try:
            kernel = np.asarray(kernel, dtype=np.float64)
        except (TypeError, ValueError):
            return {"error": "커널 값은 숫자여야 합니다.", "lines": []}
        if kernel.shape != (3, 3) or not np.all(np.isfinite(kernel)):
            return {"error": f"커널은 유한한 숫자 3×3이어야 합니다. 받은 모양: {kernel.shape}", "lines": []}
        feature_map = correlate2d(self.image, kernel)
        output_shape = sizes.conv2d_output_shape(self.image.shape, 3)
        lines = [
            f"입력 {self.image.shape[0]}×{self.image.shape[1]} → 특성 맵 {output_shape[0]}×{output_shape[1]} "
            '(3×3 커널, padding="valid")',
            f"커널 값의 합 {kernel.sum():.3g} | 특성 맵 값의 범위 {feature_map.min():.3g} ~ {feature_map.max():.3g}",
        ]
        return {
            "kernel": kernel,
            "feature_map": feature_map,
            "output_shape": output_shape,
            "lines": lines,
            "error": None,
        }

    def figure(self, state):
        import matplotlib.pyplot as plt

        from course_utils.conv_plots import draw_matrix
        from course_utils.image_plots import show_image

        fmap = state["feature_map"]
        fig, axes = plt.subplots(1, 3, figsize=(11, 3.8), gridspec_kw={"width_ratios": [3, 1.6, 3]})
        show_image(axes[0], self.image, name="image")
        axes[0].set_title(f"입력 {self.image.shape[0]}×{self.image.shape[1]}")
        draw_matrix(axes[1], state["kernel"], "커널 3×3", cmap="RdBu_r", center_zero=True)
        if abs(float(state["kernel"].sum())) < 1e-9:  # 값의 합이 0인 커널(에지 검출): 부호가 뜻을 가짐
            limit = max(float(np.abs(fmap).max()), 1e-12)
            image = axes[2].imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
            note = "빨강: 양수, 파랑: 음수"
        else:
            image = axes[2].imshow(fmap, cmap="gray")
            note = "밝을수록 큰 값"
        axes[2].set_title(f"특성 맵 {fmap.shape[0]}×{fmap.shape[1]} ({note})")
        fig.colorbar(image, ax=axes[2], shrink=0.8)
        for ax in (axes[0], axes[2]):
            ax.set_xticks([])
            ax.set_yticks([])
        fig.subplots_adjust(
            left=0.02, right=0.96, bottom=0.04, top=0.9, wspace=0.12
        )  # tight_layout은 그림을 한 번 더 그려 느림
        return fig

    def values(self):
        if self._controls is None:
            return self.defaults
        return {
            "preset": self._controls["preset"].value,
            "kernel": [[cell.value for cell in self._cells[r * 3 : (r + 1) * 3]] for r in range(3)],
        }

    def _make_controls(self):
        import ipywidgets as widgets

        preset = widgets.Dropdown(
            options=[*KERNEL_PRESETS, CUSTOM_KERNEL],
            value=self._defaults["preset"],
            description="커널",
            style={"description_width": "initial"},
        )
        kernel = KERNEL_PRESETS[preset.value]
        self._cells = [
            widgets.FloatText(value=round(kernel[r][c], 4), step=0.1, layout=widgets.Layout(width="5.5em"))
            for r in range(3)
            for c in range(3)
        ]
        for cell in self._cells:
            cell.observe(self._on_cell_change, names="value")
        return {"preset": preset}

    def _control_rows(self, controls):
        import ipywidgets as widgets

        grid = widgets.GridBox(self._cells, layout=widgets.Layout(grid_template_columns="repeat(3, 6em)"))
        return [widgets.HBox([controls["preset"], widgets.Label("3×3 값(고치면 '직접 입력'):"), grid])]

    def _on_change(self, change=None):
        # 이름을 고르면 칸의 값을 그 커널로 채웁니다(채우는 동안에는 다시 그리지 않음).
        if self._busy:
            return
        if change is not None and change.get("name") == "value" and change["new"] in KERNEL_PRESETS:
            self._busy = True
            try:
                for cell, value in zip(self._cells, np.ravel(KERNEL_PRESETS[change["new"]])):
                    cell.value = round(float(value), 4)
            finally:
                self._busy = False
        self.update()

    def _on_cell_change(self, change):
        if self._busy:
            return
        self._busy = True
        try:
            self._controls["preset"].value = CUSTOM_KERNEL
        finally:
            self._busy = False
        self.update()

    def set_values(self, preset=None, kernel=None):
        """커널 이름(``preset``) 또는 3×3 값(``kernel``, 칸을 고친 것처럼)을 바꾸고 상태를 돌려줍니다."""
        self.widget()
        if preset is not None:
            self._controls["preset"].value = preset
        if kernel is not None:
            values = float_array(kernel, "kernel", ndims=(2,))
            if values.shape != (3, 3):
                raise ValueError(f"kernel은 3×3이어야 합니다. 받은 모양: {values.shape}")
            self._busy = True  # 칸 9개를 한꺼번에 고친 것으로 보고 한 번만 다시 그림
            try:
                for cell, value in zip(self._cells, values.ravel()):
                    cell.value = float(value)
                self._controls["preset"].value = CUSTOM_KERNEL
            finally:
                self._busy = False
            self.update()
        return self.last_state
