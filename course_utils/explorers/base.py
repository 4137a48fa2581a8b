"""탐색기 공통 부분 :class:`Explorer` (순수 계산 ``state`` → 그림 ``figure`` → 위젯)와 탐색기들이 함께 쓰는 예제 사진.

설계는 :mod:`course_utils.explorers` 의 설명을 보세요.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from course_utils.validation import integer, positive_int

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
        """현재 위젯 값으로 상태를 계산하고(``last_state``, ``last_png``) 위젯이 있으면 요약 글과 그림을 바꿉니다."""
        state, png = self.render(**self.values())
        self.last_state, self.last_png = state, png
        if self._box is None:  # widget() 전: 계산만 하고 그릴 곳은 아직 없음
            return
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

    @staticmethod
    def _threshold_slider(value: float, description: str, minimum: float = 0.05):
        """0.95까지 0.05 간격의 임계값 슬라이더(08·09 검출 탐색기가 함께 씀)."""
        import ipywidgets as widgets

        return widgets.FloatSlider(
            value,
            min=minimum,
            max=0.95,
            step=0.05,
            description=description,
            style={"description_width": "8em"},
            layout=widgets.Layout(width="26em"),
        )


def grayscale_sample_image(index: int = 0, step: int = 3) -> np.ndarray:
    """scikit-learn 예제 사진(0: 중국 사원, 1: 꽃)을 흑백으로 바꾸고 ``step`` 칸마다 하나씩 골라 줄인 ``(H, W)``, 값 0~1.

    기본값이면 ``(427, 640)`` → ``(143, 214)``. 인터넷이 필요 없습니다.
    """
    from course_utils.datasets import load_sample_images

    index = integer(index, "index(0: 사원, 1: 꽃)", minimum=0, maximum=1)
    step = positive_int(step, "step")
    image = load_sample_images()[index].astype(np.float64) / 255.0
    return image[::step, ::step] @ np.array([0.299, 0.587, 0.114])
