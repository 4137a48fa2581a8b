"""대화형 탐색기(interactive explorer): 값을 바꾸면 그림과 숫자가 바로 바뀝니다(노트북 01, 02, 03, 08, 09, 10, 11).

모듈: ``base`` (공통 :class:`Explorer`), ``convolution`` (01), ``padding`` (02), ``pooling`` (03), ``detection`` (08),
``scenes`` (09), ``transposed`` (10), ``gradcam`` (11).
``from course_utils.explorers import KernelExplorer`` 처럼 이 패키지에서 바로 import합니다.

* :class:`KernelExplorer` (01): 커널(에지, 흐림, 선명하게 또는 3×3 값 직접 입력)과 그 특성 맵.
* :class:`GeometryExplorer` (02): 입력 크기·커널 크기·스트라이드·팽창·패딩에 따른 커널 위치 그림, 출력 크기,
  숫자를 넣은 공식, 덧붙는 0의 개수, 버려지는 행. 모든 숫자는 :mod:`course_utils.sizes` 로 계산합니다.
* :class:`PoolingExplorer` (03): 풀 크기·스트라이드·최대/평균 풀링의 전후와 출력 크기.
* :class:`DetectionExplorer` (08): IoU 임계값·점수 임계값에 따른 TP/FP 색과 정밀도·재현율 곡선, AP,
  NMS 임계값에 따라 살아남는 상자. 지표는 :mod:`course_utils.detection` 으로 계산합니다.
* :class:`SceneDetectionExplorer` (09): 장면마다 물체가 여럿인 검출기의 NMS·점수·평가 IoU 임계값에 따른 클래스별 NMS,
  TP/FP, 클래스별 AP와 mAP.
* :class:`TransposedExplorer` (10): 입력 크기·커널 크기·스트라이드·패딩·``output_padding`` 에 따라 입력 칸마다 커널을 찍어
  더하는 그림, 숫자를 넣은 출력 크기 공식(:mod:`course_utils.sizes`), 겹침 횟수와 바둑판 무늬(Odena 외, 2016).
* :class:`GradCamExplorer` (11): 캔버스·클래스·층을 골라 노트북이 계산한 Grad-CAM 지도와 그 최댓점(포인팅 게임의 적중 여부).

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

from course_utils.explorers.base import FIGURE_DPI, WIDGET_MIMETYPE, Explorer, grayscale_sample_image
from course_utils.explorers.convolution import CUSTOM_KERNEL, KERNEL_PRESETS, KernelExplorer
from course_utils.explorers.detection import DROPPED_COLOR, FP_COLOR, TP_COLOR, DetectionExplorer
from course_utils.explorers.gradcam import TRUE_CLASS, GradCamExplorer
from course_utils.explorers.padding import EXPLICIT, GeometryExplorer
from course_utils.explorers.pooling import PoolingExplorer, default_pooling_matrix
from course_utils.explorers.scenes import SceneDetectionExplorer
from course_utils.explorers.transposed import NO_OUTPUT_PADDING, TransposedExplorer, residue_overlaps

__all__ = [
    "CUSTOM_KERNEL",
    "DROPPED_COLOR",
    "EXPLICIT",
    "FIGURE_DPI",
    "FP_COLOR",
    "KERNEL_PRESETS",
    "NO_OUTPUT_PADDING",
    "TP_COLOR",
    "TRUE_CLASS",
    "WIDGET_MIMETYPE",
    "DetectionExplorer",
    "Explorer",
    "GeometryExplorer",
    "GradCamExplorer",
    "KernelExplorer",
    "PoolingExplorer",
    "SceneDetectionExplorer",
    "TransposedExplorer",
    "default_pooling_matrix",
    "grayscale_sample_image",
    "residue_overlaps",
]
