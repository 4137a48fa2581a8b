"""한국어 CNN 강좌(TensorFlow/Keras)의 도우미 패키지.

수업의 핵심 코드(모델, 학습)는 노트북에 두고, 수업에서 주의를 흩뜨리는 것
(크기 계산, 데이터 적재, 그림, 지표)만 이 패키지에 둡니다. import만으로는 아무 설정도
바꾸지 않습니다. 노트북은 맨 위에서 ``setup_notebook()`` 을 부릅니다.

모듈:
    flags           ``COURSE_*`` 환경 변수 해석(켬/끔 스위치와 시드, 잘못된 값은 한국어 오류)과 빠른/전체 모드
                    (``is_quick_mode``, ``set_quick_mode``, ``by_mode``)
    notebook_setup  노트북 준비 (``setup_notebook``, 난수 시드 ``course_seed``)
    tf_logs         노트북에서 뜻 없는 TensorFlow C++ 로그 줄만 거르기(``setup_notebook`` 이 TensorFlow보다 먼저 켬)
    korean_font     그림의 한글 글꼴
    datasets        데이터 적재(온라인/오프라인 미러·캐시·내려받기)
    offline_mirror  오프라인 실습실용 미러: ``python -m course_utils.offline_mirror prefetch 폴더`` / ``report``
    sizes           합성곱·풀링·전치 합성곱 출력 크기와 파라미터 수
    receptive_field 쌓인 층의 수용 영역 크기
    image_plots     이미지·특성 맵 그림, 이미지를 보여 주는 단 하나의 규칙(``show_image``)
    reference_ops   NumPy 기준 연산: 합성곱(패딩·스트라이드·팽창), 풀링, 커널이 덮는 횟수, IoU(Keras와 같은 값)
    conv_plots      합성곱·패딩·풀링 그림(01~03)
    training_plots  학습 곡선, 혼동 행렬, 오분류 모음, 예측 그림
    model_diagram   모델 구조 그림(``plot_model``, graphviz가 없으면 matplotlib)
    shape_trace     층별 출력 모양·파라미터 수 추적(05)
    gradients       층별 기울기 크기(기울기 소실, 06)
    pretrained      ImageNet 사전 훈련 모델과 가중치 찾기(07)
    detection       상자, IoU, NMS, AP/mAP (08)
    localization_data  MNIST 숫자를 큰 캔버스에 붙인 위치 추정 데이터(08), 숫자 여러 개의 장면(09·10)
    segmentation    분할 마스크의 경계 픽셀과 경계 F 점수(10)
    box_plots       상자·정밀도/재현율 그림(08)
    heatmap_plots   설명 지도(Grad-CAM·돌출 맵) 겹쳐 그리기, 정답 상자와 지도의 최댓점 표시(11)
    results         핵심 결과 기록(``record_result``, make bench가 모음)
    explorers       대화형 탐색기(ipywidgets) 패키지: 공통 base, convolution(01), padding(02), pooling(03),
                    detection(08), scenes(09: 장면마다 물체 여럿, 클래스별 NMS와 mAP)
    validation      입력 검사(잘못된 값에는 한국어 메시지의 ``ValueError``)

노트북 관리·학생용 사본·벤치마크 같은 강사·개발자 도구는 학습자에게 설치되지 않는 저장소의
``course_tools`` 에 있습니다.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

#: 패키지 버전. ``pyproject.toml`` 의 ``[project] version`` 한 곳에만 적고, 여기서는 설치된 패키지의 메타데이터에서 읽습니다.
DISTRIBUTION = "cnn-course-utils"
try:
    __version__ = _distribution_version(DISTRIBUTION)
except PackageNotFoundError:  # 설치하지 않고 저장소 폴더에서 바로 import한 경우
    __version__ = "0+unknown"

# 자주 쓰는 함수는 ``course_utils.load_mnist`` 처럼 바로 쓸 수 있게 내보냅니다. 실제 모듈은 처음 쓸 때
# 불러오므로(PEP 562) ``python -m course_utils.offline_mirror`` 같은 명령도 경고 없이 실행됩니다.
_EXPORTS = {
    "datasets": [
        "FASHION_CLASS_NAMES_KO",
        "DatasetNotFoundError",
        "flowers_dir",
        "make_flowers_subset",
        "load_cifar10",
        "load_fashion_mnist",
        "load_flowers",
        "load_imagenet_class_index",
        "load_mnist",
        "load_sample_images",
        "stratified_subset",
    ],
    "flags": ["by_mode", "is_quick_mode", "mode_name", "set_quick_mode"],
    "notebook_setup": ["course_seed", "setup_notebook"],
    "results": ["record_result"],
    "sizes": [
        "conv2d_output_shape",
        "conv2d_param_count",
        "conv2d_transpose_output_shape",
        "conv_output_size",
        "dense_param_count",
        "pool2d_output_shape",
        "pool_output_size",
        "same_padding",
        "transposed_conv_output_size",
        "valid_ignored",
    ],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(f"course_utils.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
