"""10 전치 합성곱: :class:`TransposedExplorer` (입력 칸마다 커널을 찍어 더하는 그림, 출력 크기, 겹침 횟수와 바둑판 무늬)."""

from __future__ import annotations

import numpy as np

from course_utils import sizes
from course_utils.explorers.base import Explorer
from course_utils.reference_ops import transposed_conv2d
from course_utils.validation import positive_int

NO_OUTPUT_PADDING = -1  # output_padding 선택지의 "없음"(None)


def residue_overlaps(kernel_size: int, strides: int) -> list:
    """가장자리에서 먼 출력 칸에 겹치는 커널 칸 수를 칸 위치를 ``s`` 로 나눈 나머지 ``r = 0..s-1`` 마다: ``len(range(r, k, s))``.

    입력 칸은 ``s`` 칸 간격으로 찍으므로 한 출력 칸에는 커널의 ``k`` 칸 중 위치의 나머지가 같은 칸들만 떨어집니다.
    ``k`` 가 ``s`` 로 나누어떨어지면 모두 ``k / s`` 로 고르고, 아니면 ``⌈k/s⌉`` 와 ``⌊k/s⌋`` 가 번갈아 나옵니다(2차원은
    두 축 값의 곱이라 바둑판 무늬). 예: ``residue_overlaps(3, 2)`` → ``[2, 1]``.
    """
    k, s = positive_int(kernel_size, "커널 크기(kernel_size)"), positive_int(strides, "스트라이드(strides)")
    return [len(range(r, k, s)) for r in range(s)]


class TransposedExplorer(Explorer):
    """10: 입력 크기, 커널 크기, 스트라이드, 패딩(``valid``/``same``), ``output_padding`` 을 바꿔 전치 합성곱을 봅니다.

    입력은 값 ``1 + (i + j) mod 3`` 인 ``n×n``, 커널은 모든 값이 1인 ``k×k`` 입니다(찍힌 값 = 입력 칸의 값).
    ``state(input_size, kernel_size, strides, padding, output_padding, step)`` 의 ``dict``:

    * ``output_size``: ``sizes.transposed_conv_output_size``, ``formula``: 숫자를 넣은 공식.
    * ``partial``, ``canvas``, ``skip``: 입력 칸을 행 우선으로 ``step`` 개까지 찍고 더한 출력과 찍힘 격자, 출력이 격자에서
      건너뛰는 칸(:func:`course_utils.reference_ops.transposed_conv2d`, ``stamps=True``). ``output``: 모두 찍은 출력.
    * ``counts``: 입력·커널이 모두 1일 때의 출력(칸마다 겹친 횟수). ``compare``: ``(비교할 커널 크기, 그 겹침 횟수)``, 비교할 커널은
      ``k`` 가 ``s`` 로 나누어떨어지지 않으면 그 위의 ``s`` 의 배수, 아니면 ``k + 1`` (``output_padding`` 없음).
    * ``error``: Keras(TensorFlow)가 거절하는 조합(``output_padding >= strides``; ``same``, 짝수 커널, ``output_padding=0``)의
      한국어 메시지, 아니면 ``None``.
    """

    _defaults = dict(input_size=3, kernel_size=3, strides=2, padding="valid", output_padding=NO_OUTPUT_PADDING, step=2)

    def state(self, input_size=3, kernel_size=3, strides=2, padding="valid", output_padding=-1, step=2, **_):
        n, k, s = input_size, kernel_size, strides
        op = None if output_padding in (None, NO_OUTPUT_PADDING) else output_padding
        base = {"input_size": n, "kernel_size": k, "strides": s, "padding": padding, "output_padding": op}
        code = f'layers.Conv2DTranspose(1, {k}, strides={s}, padding="{padding}", output_padding={op})'
        try:
            out = sizes.transposed_conv_output_size(n, k, s, padding, op)
            x = 1.0 + np.add.outer(np.arange(n), np.arange(n)) % 3
            output = transposed_conv2d(x, np.ones((k, k)), s, padding, op)
            step = min(max(int(step), 1), n * n)
        except (ValueError, TypeError) as error:
            return {**base, "error": str(error), "lines": [f"입력 {n}×{n}, 커널 {k}×{k}, 스트라이드 {s}", code]}
        shown = np.where(np.arange(n * n).reshape(n, n) < step, x, 0.0)
        partial, canvas, (skip, _) = transposed_conv2d(shown, np.ones((k, k)), s, padding, op, stamps=True)
        counts = transposed_conv2d(np.ones((n, n)), np.ones((k, k)), s, padding, op)
        compare = s * -(-k // s) if k % s else k + 1
        compare_counts = transposed_conv2d(np.ones((n, n)), np.ones((compare, compare)), s, padding)
        if op is not None and padding == "same":
            formula = f"(n − 1)·s + k − 2⌊k/2⌋ + p = ({n} − 1)·{s} + {k} − 2·{k // 2} + {op}"
        elif op is not None:
            formula = f"(n − 1)·s + k + p = ({n} − 1)·{s} + {k} + {op}"
        elif padding == "same":
            formula = f"n·s = {n}·{s}"
        else:
            formula = f"n·s + max(k − s, 0) = {n}·{s} + max({k} − {s}, 0)"
        length = canvas.shape[0]
        cut = f"앞 {skip}칸, 뒤 {max(length - skip - out, 0)}칸을 잘라 냄" if length > out else "자르지 않음"
        zeros = f", 끝에 아무것도 찍히지 않은 0 {skip + out - length}칸" if skip + out > length else ""
        residues = residue_overlaps(k, s)
        values = sorted({a * b for a in residues for b in residues})
        i, j = divmod(step - 1, n)
        lines = [
            f"출력 크기: {out}×{out}",
            f"출력 = {formula} = {out}",
            f"찍힘 격자 (n − 1)·s + k = ({n} − 1)·{s} + {k} = {length}칸 → 출력 {out}칸: {cut}{zeros}",
            f"찍은 입력 칸 {step}/{n * n}: ({i}, {j})의 값 {x[i, j]:g} × 커널(모두 1)이 격자의 ({i * s}, {j * s})부터 찍힘",
            f"가장자리에서 먼 칸의 겹침: 한 축에서 위치를 s로 나눈 나머지 0, …, s − 1마다 커널 "
            f"{', '.join(map(str, residues))}칸 → 2차원에서 "
            + (
                f"모두 {values[0]}회로 고름(k가 s로 나누어떨어짐)"
                if k % s == 0
                else f"{', '.join(map(str, values))}회가 섞인 바둑판 무늬(k가 s로 나누어떨어지지 않음)"
            ),
            f"Keras: {code}",
        ]
        state = dict(base, output_size=out, formula=lines[1], input=x, step=step, skip=skip, lines=lines, error=None)
        return dict(
            state, partial=partial, canvas=canvas, output=output, counts=counts, compare=(compare, compare_counts)
        )

    def figure(self, state):
        import matplotlib.pyplot as plt
        from matplotlib.patches import Rectangle

        from course_utils.conv_plots import PAD_STYLE

        n, k, s, skip, out = (state[name] for name in ("input_size", "kernel_size", "strides", "skip", "output_size"))
        length, step, (compare, compare_counts) = len(state["canvas"]), state["step"], state["compare"]
        span = max(length, skip + out)  # 찍힘 격자와 출력 창(격자 밖의 0 칸 포함)을 모두 담는 크기
        side = max(0.36 * max(span, len(compare_counts)), 3.9)
        fig, axes = plt.subplots(2, 2, figsize=(2 * side + 0.6, 2 * side + 1.6))

        def box(ax, row, col, width, color, gid, height=None):
            style = {"fill": False, "edgecolor": color, "lw": 3} if color else {**PAD_STYLE, "alpha": 0.7}
            ax.add_patch(Rectangle((col - 0.5, row - 0.5), width, height or width, gid=gid, **style))

        i, j = divmod(step - 1, n)
        grid = np.zeros((span, span))
        grid[:length, :length] = state["canvas"]
        vmax = max(state["counts"].max(), compare_counts.max())
        panels = [(state["input"], f"입력 {n}×{n}: 앞 {step}칸을 찍음", "Greys", 6)]
        panels.append((grid, "값 × 커널(모두 1)을 찍고 더함", "Blues", max(grid.max(), 1)))
        for kernel, counts in ((k, state["counts"]), (compare, compare_counts)):
            kind = "고름" if kernel % s == 0 else "고르지 않음(바둑판)"
            panels.append(
                (counts, f"겹침 횟수(입력·커널 모두 1)\n커널 {kernel}, 스트라이드 {s}: {kind}", "YlOrRd", vmax)
            )
        for ax, (values, title, cmap, top) in zip(axes.flat, panels):
            # 칸 경계는 hlines/vlines로(눈금으로 그으면 칸마다 눈금 객체가 생겨 다시 그리기가 느림), 0인 칸은 적지 않음.
            ax.imshow(values, cmap=cmap, vmin=0, vmax=top)
            ax.hlines(np.arange(len(values) + 1) - 0.5, -0.5, len(values) - 0.5, color="#BBBBBB", lw=1)
            ax.vlines(np.arange(len(values) + 1) - 0.5, -0.5, len(values) - 0.5, color="#BBBBBB", lw=1)
            ax.set(xticks=[], yticks=[], title=title)
            for (row, col), value in np.ndenumerate(values):
                if value or cmap == "YlOrRd":
                    color = "white" if value > 0.6 * top else "black"
                    ax.text(col, row, f"{value:g}", ha="center", va="center", fontsize=10, color=color)
        box(axes[0, 0], i, j, 1, "#D62728", "input-current")
        axes[0, 0].set(xlim=(-0.5, span - 0.5), ylim=(span - 0.5, -0.5))  # 칸 크기를 찍힘 격자와 같게
        axes[0, 0].axis("off")
        end = skip + out  # 출력 창 밖(잘려 나가는 칸)을 띠 네 개(위, 아래, 왼쪽, 오른쪽)로 빗금
        for row, col, width, height in (
            (0, 0, span, skip),
            (end, 0, span, span - end),
            (skip, 0, skip, out),
            (skip, end, span - end, out),
        ):
            if height and width:
                box(axes[0, 1], row, col, width, None, "cropped", height)
        box(axes[0, 1], skip, skip, out, "black", "output-window")
        box(axes[0, 1], i * s, j * s, k, "#D62728", "stamp")
        axes[0, 1].set_xlabel("검은 테두리: 출력, 빗금: 잘려 나감, 빨강: 방금 찍은 칸", fontsize=10)
        if state["output_padding"] is not None:
            axes[1, 1].set_title(axes[1, 1].get_title() + " (output_padding 없음)")
        fig.suptitle(f"전치 합성곱, 입력 {n}×{n}, 출력 {out}×{out}: {state['formula']}", fontsize=12)
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.06, top=0.9, wspace=0.12, hspace=0.25)
        return fig

    def _make_controls(self):
        import ipywidgets as widgets

        d, style = self._defaults, {"description_width": "7em"}

        def slider(name, high, text, low=1):
            return widgets.IntSlider(
                d[name], min=low, max=high, description=text, style=style, layout={"width": "22em"}
            )

        options = [("없음", NO_OUTPUT_PADDING), ("0", 0), ("1", 1), ("2", 2)]
        controls = {
            "input_size": slider("input_size", 5, "입력 크기 n", low=2),
            "kernel_size": slider("kernel_size", 5, "커널 크기 k"),
            "strides": slider("strides", 3, "스트라이드 s"),
            "step": slider("step", d["input_size"] ** 2, "찍은 입력 칸"),
            "padding": widgets.ToggleButtons(
                options=["valid", "same"], value=d["padding"], description="패딩", style=style
            ),
            "output_padding": widgets.ToggleButtons(
                options=options, value=d["output_padding"], description="output_padding", style=style
            ),
        }

        def follow_input_size(change):  # 찍은 입력 칸 슬라이더의 끝 = 입력 칸 수(값이 잘려도 다시 그리기는 한 번)
            busy, self._busy = self._busy, True
            controls["step"].max = change["new"] ** 2
            self._busy = busy

        controls["input_size"].observe(follow_input_size, names="value")  # 다시 그리는 관찰자보다 먼저 등록됨
        return controls

    def _control_rows(self, controls):
        import ipywidgets as widgets

        return [
            widgets.HBox([controls["input_size"], controls["kernel_size"]]),
            widgets.HBox([controls["strides"], controls["step"]]),
            controls["padding"],
            controls["output_padding"],
        ]
