"""대화형 탐색기(interactive explorer): 값을 바꾸면 그림과 숫자가 바로 바뀝니다(노트북 01, 02, 03, 08).

* :class:`KernelExplorer` (01): 커널(모서리, 흐림, 선명하게 또는 3×3 값 직접 입력)과 그 특성 맵.
* :class:`GeometryExplorer` (02): 입력 크기·커널 크기·스트라이드·팽창·패딩에 따른 커널 위치 그림, 출력 크기,
  숫자를 넣은 공식, 덧붙는 0의 개수, 버려지는 행. 모든 숫자는 :mod:`course_utils.sizes` 로 계산합니다.
* :class:`PoolingExplorer` (03): 풀 크기·스트라이드·최대/평균 풀링의 전후와 출력 크기.
* :class:`DetectionExplorer` (08): IoU 임계값·점수 임계값에 따른 TP/FP 색과 정밀도·재현율 곡선, AP,
  NMS 임계값에 따라 살아남는 상자. 지표는 :mod:`course_utils.detection` 으로 계산합니다.

탐색기마다 두 부분이 나뉘어 있습니다.

1. **순수 계산** ``state(**values)``: 위젯 값 → 숫자·문장·그림에 쓸 배열을 담은 ``dict``. 위젯도 브라우저도 필요
   없어서 단위 테스트가 Keras 층, ``sizes``, ``detection`` 과 직접 비교합니다. Keras가 거절하는 조합이면
   ``state["error"]`` 에 한국어 메시지가 들어갑니다(예외를 내지 않음). ``figure(state)`` 는 그 상태로 matplotlib
   ``Figure`` 를 그립니다.
2. **위젯 연결** ``widget()``: ipywidgets 핵심 위젯(슬라이더, 토글 단추, ``HTML``, ``Image``)을 만들고, 값이 바뀔 때마다
   ``state`` → ``figure`` → PNG로 다시 그립니다. 오류 상태이면 그림 자리에 한국어 메시지를 보입니다(추적 정보 없음).

노트북 셀의 마지막 줄에 탐색기 객체를 두면 위젯 보기와 함께 **기본값의 정적 그림**(PNG, 요약 HTML)을 한 출력에
담아 내보냅니다. 위젯을 그리는 프런트엔드(JupyterLab, Colab)는 위젯을 보이고, 위젯이 없는 곳(nbval, nbconvert,
GitHub)에서는 같은 출력의 정적 그림이 보입니다. 위젯 상태는 노트북에 저장하지 않습니다.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from course_utils import sizes
from course_utils.validation import (
    corner_boxes,
    float_array,
    integer,
    integer_labels,
    non_negative_int,
    positive_int,
    real_number,
    unit_images,
    unit_scores,
)

WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
#: 위젯 안의 그림 해상도(점/인치). 낮을수록 다시 그리기가 빠릅니다.
FIGURE_DPI = 80


def _figure_to_png(fig, dpi: int = FIGURE_DPI) -> bytes:
    """그림을 PNG 바이트로 바꾸고 닫습니다(닫지 않으면 인라인 백엔드가 다음 셀에서 다시 그림)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def _error_html(message: str) -> str:
    return (
        '<div class="course-explorer-error" style="color:#B00020;border:1px solid #B00020;padding:6px 10px;'
        f'border-radius:4px;background:#FFF5F5">⚠ 이 조합은 쓸 수 없습니다: {html.escape(message)}</div>'
    )


class Explorer:
    """탐색기 공통 부분: 값 읽기·바꾸기, 다시 그리기, 위젯 보기와 정적 그림을 함께 내보내기.

    하위 클래스는 ``_defaults`` (위젯 이름 → 기본값), ``_make_controls()``, ``state(**values)``,
    ``figure(state)``, ``summary_lines(state)`` 를 정의합니다.
    """

    _defaults: dict = {}

    def __init__(self):
        self._controls = None
        self._box = None
        self._image = None
        self._summary = None
        self._busy = False
        #: 마지막으로 위젯에 그린 상태(테스트와 벤치가 읽음).
        self.last_state = None
        #: 마지막 다시 그리기의 PNG 바이트(오류 상태이면 ``None``).
        self.last_png = None

    # --- 순수 계산 -------------------------------------------------------------------------
    @property
    def defaults(self) -> dict:
        """위젯의 기본값 ``{이름: 값}``."""
        return dict(self._defaults)

    def state(self, **values) -> dict:  # pragma: no cover - 하위 클래스가 정의
        raise NotImplementedError

    def figure(self, state: dict):  # pragma: no cover - 하위 클래스가 정의
        raise NotImplementedError

    def summary_lines(self, state: dict) -> list:
        """그림 위에 보일 요약 문장들(HTML로 감싸지 않은 글)."""
        return list(state.get("lines", []))

    def render(self, **values):
        """``values`` (빠진 것은 기본값)로 ``(state, png)`` 를 만듭니다. 오류 상태이면 ``png`` 는 ``None``."""
        merged = self.defaults
        merged.update(values)
        state = self.state(**merged)
        png = None if state.get("error") else _figure_to_png(self.figure(state))
        return state, png

    def summary_html(self, state: dict) -> str:
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in self.summary_lines(state))
        body = f'<div class="course-explorer-summary" style="font-size:14px;line-height:1.5">{lines}</div>'
        if state.get("error"):
            body += _error_html(state["error"])
        return body

    # --- 위젯 연결 -------------------------------------------------------------------------
    def _make_controls(self) -> dict:  # pragma: no cover - 하위 클래스가 정의
        raise NotImplementedError

    def _control_rows(self, controls: dict) -> list:
        """컨트롤을 화면에 놓는 줄들(기본: 한 줄에 하나)."""
        return list(controls.values())

    def values(self) -> dict:
        """현재 위젯 값(위젯을 아직 만들지 않았으면 기본값)."""
        if self._controls is None:
            return self.defaults
        return {name: control.value for name, control in self._controls.items()}

    def widget(self):
        """컨트롤, 요약 글, 그림을 담은 ``ipywidgets.VBox`` (처음 부를 때 만들고 기본값으로 한 번 그림)."""
        if self._box is None:
            import ipywidgets as widgets

            self._controls = self._make_controls()
            self._summary = widgets.HTML()
            self._image = widgets.Image(
                format="png", layout=widgets.Layout(max_width="100%", height="auto", align_self="flex-start")
            )
            for control in self._controls.values():
                control.observe(self._on_change, names="value")
            self._box = widgets.VBox([*self._control_rows(self._controls), self._summary, self._image])
            self.update()
        return self._box

    def set_values(self, **values) -> dict:
        """위젯 값을 바꾸고(사용자가 움직인 것처럼) 다시 그린 상태를 돌려줍니다. 테스트용."""
        self.widget()
        unknown = set(values) - set(self._controls)
        if unknown:
            raise ValueError(f"모르는 위젯 이름: {sorted(unknown)}. 쓸 수 있는 이름: {sorted(self._controls)}")
        self._busy = True
        try:
            for name, value in values.items():
                self._controls[name].value = value
        finally:
            self._busy = False
        self.update()
        return self.last_state

    def _on_change(self, change=None):
        if not self._busy:
            self.update()

    def update(self):
        """현재 위젯 값으로 상태를 계산하고 요약 글과 그림을 바꿉니다."""
        state, png = self.render(**self.values())
        self.last_state, self.last_png = state, png
        self._summary.value = self.summary_html(state)
        if png is None:
            self._image.layout.display = "none"
        else:
            self._image.value = png
            self._image.layout.display = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        """위젯 보기 + 같은 값의 정적 그림(PNG, HTML) + 글 요약을 한 출력으로 내보냅니다."""
        box = self.widget()
        # 위젯 보기(ipywidgets 7과 8이 같은 형식). Colab에 미리 깔린 ipywidgets 7에서도 같게 직접 만듭니다.
        data = {WIDGET_MIMETYPE: {"version_major": 2, "version_minor": 0, "model_id": box.model_id}}
        state, png = self.last_state, self.last_png
        static = self.summary_html(state)
        if png is not None:
            encoded = base64.b64encode(png).decode("ascii")
            static += f'<img src="data:image/png;base64,{encoded}" alt="탐색기 그림(기본값)"/>'
            data["image/png"] = encoded
        data["text/html"] = static
        data["text/plain"] = "\n".join(
            self.summary_lines(state) + ([f"오류: {state['error']}"] if state.get("error") else [])
        )
        return data


# ---------------------------------------------------------------------------------------------
# 01 커널
# ---------------------------------------------------------------------------------------------

CUSTOM_KERNEL = "직접 입력"
#: 이름 → 3×3 커널. 모서리 검출은 소벨(Sobel) 커널입니다.
KERNEL_PRESETS = {
    "세로 모서리(소벨)": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "가로 모서리(소벨)": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "흐림(평균)": [[1 / 9] * 3] * 3,
    "선명하게": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "항등(그대로)": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}


def grayscale_sample_image(index: int = 0, step: int = 3) -> np.ndarray:
    """scikit-learn 예제 사진(0: 중국 사원, 1: 꽃)을 흑백으로 바꾸고 ``step`` 칸마다 하나씩 골라 줄인 ``(H, W)``, 값 0~1.

    기본값이면 ``(427, 640)`` → ``(143, 214)``. 인터넷이 필요 없습니다.
    """
    from course_utils.datasets import load_sample_images

    index = integer(index, "index(0: 사원, 1: 꽃)", minimum=0, maximum=1)
    step = positive_int(step, "step")
    image = load_sample_images()[index].astype(np.float64) / 255.0
    return image[::step, ::step] @ np.array([0.299, 0.587, 0.114])


def correlate_valid(image, kernel) -> np.ndarray:
    """``valid`` 교차 상관 ``(H, W)`` * ``(kh, kw)`` → ``(H - kh + 1, W - kw + 1)``.

    ``out[i, j] = Σ_{u,v} image[i + u, j + v] · kernel[u, v]`` (Keras ``Conv2D`` 와 같이 커널을 뒤집지 않음).
    """
    image = float_array(image, "image", ndims=(2,))
    kernel = float_array(kernel, "kernel", ndims=(2,))
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(
            f"kernel {kernel.shape}이(가) image {image.shape}보다 큽니다(valid 상관에는 커널이 들어갈 자리가 필요)."
        )
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    return np.einsum("ijuv,uv->ij", windows, kernel)


class KernelExplorer(Explorer):
    """01: 커널을 고르거나 3×3 값을 고쳐 사진의 특성 맵을 봅니다.

    Args:
        image: ``(H, W)`` 흑백 이미지(값 0~1, ``H, W >= 3``). 생략하면 :func:`grayscale_sample_image`.

    ``state(preset, kernel)``: ``preset`` 이 :data:`KERNEL_PRESETS` 의 이름이면 그 커널, ``"직접 입력"`` 이면 ``kernel``
    (3×3)을 씁니다. 돌려주는 ``dict``: ``kernel`` (3, 3), ``feature_map`` (H-2, W-2) =
    :func:`correlate_valid`, ``output_shape`` (``sizes.conv2d_output_shape`` 로 계산), ``lines``, ``error``.
    """

    _defaults = {"preset": "세로 모서리(소벨)", "kernel": KERNEL_PRESETS["세로 모서리(소벨)"]}

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
        feature_map = correlate_valid(self.image, kernel)
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

        from course_utils.conv_plots import _draw_matrix
        from course_utils.image_plots import show_image

        fmap = state["feature_map"]
        fig, axes = plt.subplots(1, 3, figsize=(11, 3.8), gridspec_kw={"width_ratios": [3, 1.6, 3]})
        show_image(axes[0], self.image, name="image")
        axes[0].set_title(f"입력 {self.image.shape[0]}×{self.image.shape[1]}")
        _draw_matrix(axes[1], state["kernel"], "커널 3×3", cmap="RdBu_r", center_zero=True)
        if abs(float(state["kernel"].sum())) < 1e-9:  # 값의 합이 0인 커널(모서리 검출): 부호가 뜻을 가짐
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


# ---------------------------------------------------------------------------------------------
# 02 패딩·스트라이드·팽창
# ---------------------------------------------------------------------------------------------

EXPLICIT = "explicit"


class GeometryExplorer(Explorer):
    """02: 입력 크기, 커널 크기, 스트라이드, 팽창, 패딩(``valid``, ``same``, 명시적 ``p``)을 바꿔 봅니다.

    ``state(input_size, kernel_size, strides, dilation_rate, padding, pad)`` 가 돌려주는 ``dict`` (한 축 기준, 높이와
    너비가 같음):

    * ``output_size``: ``valid`` → ``sizes.conv_output_size(n, k, s, "valid", d)``, ``same`` →
      ``sizes.conv_output_size(n, k, s, "same", d)``, 명시적 ``p`` → ``sizes.conv_output_size(n + 2p, k, s, "valid", d)``.
    * ``padding_before``, ``padding_after``: 덧붙는 0 (``same`` 이면 ``sizes.same_padding``).
    * ``ignored``: 패딩을 덧붙인 격자에서 어떤 커널 위치에도 들지 않는 끝 행 수 ``sizes.valid_ignored``.
    * ``kernel_span``: ``d(k-1) + 1``, ``formula``, ``padding_text``, ``keras_code``, ``lines``.
    * ``error``: Keras가 거절하는 조합(스트라이드와 팽창이 둘 다 1보다 큼, ``valid`` 에서 커널이 입력보다 큼)의
      한국어 메시지, 아니면 ``None``.
    """

    _defaults = {"input_size": 7, "kernel_size": 3, "strides": 1, "dilation_rate": 1, "padding": "valid", "pad": 1}
    MAX_INPUT = 14

    def state(self, input_size=7, kernel_size=3, strides=1, dilation_rate=1, padding="valid", pad=1, **_):
        n, k, s, d = input_size, kernel_size, strides, dilation_rate
        base = {"input_size": n, "kernel_size": k, "strides": s, "dilation_rate": d, "padding": padding, "pad": pad}
        try:
            if padding not in ("valid", "same", EXPLICIT):
                raise ValueError(f"padding은 'valid', 'same', '{EXPLICIT}' 중 하나여야 합니다. 받은 값: {padding!r}")
            pad = non_negative_int(pad, "명시적 패딩 p")
            if padding == "same":
                out = sizes.conv_output_size(n, k, s, "same", d)
                before, after = sizes.same_padding(n, k, s, d)
            else:
                before = after = pad if padding == EXPLICIT else 0
                out = sizes.conv_output_size(n + before + after, k, s, "valid", d)
            ignored = sizes.valid_ignored(n + before + after, k, s, d)
        except ValueError as error:
            return {**base, "error": str(error), "lines": [f"입력 {n}×{n}, 커널 {k}×{k}, 스트라이드 {s}, 팽창 {d}"]}
        span = d * (k - 1) + 1
        if padding == "same":
            formula = f"출력 = ⌈n / s⌉ = ⌈{n} / {s}⌉ = {out}"
            total = before + after
            zeros = (
                f"덧붙는 0: max((출력−1)·s + d(k−1) + 1 − n, 0) = max(({out}−1)·{s} + {span} − {n}, 0) = {total}"
                f" → 앞(위·왼쪽) {before}개, 뒤(아래·오른쪽) {after}개"
            )
            padding_text = 'padding="same"'
            code = f'layers.Conv2D(1, {k}, strides={s}, padding="same", dilation_rate={d})'
        elif padding == EXPLICIT:
            formula = (
                f"출력 = ⌊(n + 2p − d(k−1) − 1) / s⌋ + 1 = ⌊({n} + 2·{pad} − {d}·({k}−1) − 1) / {s}⌋ + 1 "
                f"= ⌊{n + 2 * pad - span} / {s}⌋ + 1 = {out}"
            )
            zeros = f"덧붙는 0: 앞(위·왼쪽) {before}개, 뒤(아래·오른쪽) {after}개 (명시적 패딩 p = {pad})"
            padding_text = f"명시적 패딩 p={pad}"
            code = (
                f"layers.ZeroPadding2D({pad}) 다음 "
                f'layers.Conv2D(1, {k}, strides={s}, padding="valid", dilation_rate={d})'
            )
        else:
            formula = (
                f"출력 = ⌊(n − d(k−1) − 1) / s⌋ + 1 = ⌊({n} − {d}·({k}−1) − 1) / {s}⌋ + 1 "
                f"= ⌊{n - span} / {s}⌋ + 1 = {out}"
            )
            zeros = "덧붙는 0: 없음(valid)"
            padding_text = 'padding="valid"'
            code = f'layers.Conv2D(1, {k}, strides={s}, padding="valid", dilation_rate={d})'
        lines = [
            f"출력 크기: {out}×{out}",
            formula,
            zeros,
            f"커널이 덮는 폭 d(k−1) + 1 = {d}·({k}−1) + 1 = {span}",
            f"버려지는 끝 행(열): {ignored}개 (어느 커널 위치에도 들지 않는 아래쪽·오른쪽 줄)",
            f"Keras: {code}",
        ]
        return {
            **base,
            "output_size": out,
            "padding_before": before,
            "padding_after": after,
            "ignored": ignored,
            "kernel_span": span,
            "formula": formula,
            "padding_text": padding_text,
            "keras_code": code,
            "lines": lines,
            "error": None,
        }

    def figure(self, state):
        from course_utils.conv_plots import plot_kernel_positions

        padding = state["pad"] if state["padding"] == EXPLICIT else state["padding"]
        return plot_kernel_positions(
            state["input_size"], state["kernel_size"], state["strides"], padding, state["dilation_rate"]
        )

    def _make_controls(self):
        import ipywidgets as widgets

        style = {"description_width": "7em"}
        layout = widgets.Layout(width="22em")
        d = self._defaults
        controls = {
            "input_size": widgets.IntSlider(
                d["input_size"], min=3, max=self.MAX_INPUT, description="입력 크기 n", style=style, layout=layout
            ),
            "kernel_size": widgets.IntSlider(
                d["kernel_size"], min=1, max=7, description="커널 크기 k", style=style, layout=layout
            ),
            "strides": widgets.IntSlider(
                d["strides"], min=1, max=4, description="스트라이드 s", style=style, layout=layout
            ),
            "dilation_rate": widgets.IntSlider(
                d["dilation_rate"], min=1, max=3, description="팽창 d", style=style, layout=layout
            ),
            "padding": widgets.ToggleButtons(
                options=[("valid", "valid"), ("same", "same"), ("명시적 p", EXPLICIT)],
                value=d["padding"],
                description="패딩",
                style=style,
            ),
            "pad": widgets.IntSlider(d["pad"], min=0, max=3, description="p (명시적)", style=style, layout=layout),
        }
        return controls

    def _control_rows(self, controls):
        import ipywidgets as widgets

        return [
            widgets.HBox([controls["input_size"], controls["kernel_size"]]),
            widgets.HBox([controls["strides"], controls["dilation_rate"]]),
            widgets.HBox([controls["padding"], controls["pad"]]),
        ]

    def update(self):
        if self._controls is not None:
            self._controls["pad"].disabled = self._controls["padding"].value != EXPLICIT
        super().update()


# ---------------------------------------------------------------------------------------------
# 03 풀링
# ---------------------------------------------------------------------------------------------


def pool_valid(x, pool_size: int, strides: int, mode: str = "max") -> np.ndarray:
    """``valid`` 2차원 풀링 ``(H, W)`` → ``(floor((H-k)/s)+1, floor((W-k)/s)+1)``: 창마다 최댓값 또는 평균."""
    windows = np.lib.stride_tricks.sliding_window_view(np.asarray(x, dtype=np.float64), (pool_size, pool_size))
    windows = windows[::strides, ::strides]
    return windows.max(axis=(2, 3)) if mode == "max" else windows.mean(axis=(2, 3))


def default_pooling_matrix() -> np.ndarray:
    """풀링 탐색기의 작은 행렬: 0~9 정수 6×6 (시드 3으로 고정)."""
    return np.random.default_rng(3).integers(0, 10, size=(6, 6)).astype(np.float64)


class PoolingExplorer(Explorer):
    """03: 풀 크기, 스트라이드, 최대/평균 풀링을 작은 행렬이나 사진에서 바꿔 봅니다(``padding="valid"``).

    Args:
        matrix: 작은 행렬 ``(H, W)``, ``H, W <= 16`` (생략하면 :func:`default_pooling_matrix`).
        image: 흑백 사진 ``(H, W)``, 값 0~1 (생략하면 꽃 사진 :func:`grayscale_sample_image` ``(1, step=4)``).

    ``state(pool_size, strides, mode, source)`` 의 ``output`` 은 :func:`pool_valid` 결과이고 ``output_shape`` 은
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
        output = pool_valid(x, pool_size, strides, mode)
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


# ---------------------------------------------------------------------------------------------
# 08 검출 임계값
# ---------------------------------------------------------------------------------------------

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
        import ipywidgets as widgets

        style = {"description_width": "8em"}
        layout = widgets.Layout(width="26em")
        d = self._defaults
        controls = {
            "iou_threshold": widgets.FloatSlider(
                d["iou_threshold"], min=0.05, max=0.95, step=0.05, description="IoU 임계값", style=style, layout=layout
            ),
            "score_threshold": widgets.FloatSlider(
                d["score_threshold"],
                min=0.0,
                max=0.95,
                step=0.05,
                description="점수 임계값",
                style=style,
                layout=layout,
            ),
        }
        if self.has_nms:
            controls["nms_threshold"] = widgets.FloatSlider(
                d["nms_threshold"], min=0.05, max=0.95, step=0.05, description="NMS 임계값", style=style, layout=layout
            )
        return controls

    def values(self):
        values = super().values()
        values.setdefault("nms_threshold", self._defaults["nms_threshold"])
        return values
