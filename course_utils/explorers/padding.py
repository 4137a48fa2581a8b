"""02 패딩·스트라이드·팽창: :class:`GeometryExplorer` (커널 위치 그림, 출력 크기, 공식, 덧붙는 0, 버려지는 행)."""

from __future__ import annotations

from course_utils import sizes
from course_utils.explorers.base import Explorer
from course_utils.validation import non_negative_int

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
