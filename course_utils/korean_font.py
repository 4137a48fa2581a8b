"""그림(matplotlib)에서 한글이 네모(□)로 깨지지 않게 하는 글꼴 설정.

``koreanize-matplotlib`` 패키지에 들어 있는 나눔고딕(NanumGothic) 파일을 직접 등록하므로
시스템 글꼴 설치나 런타임 재시작이 필요 없습니다(로컬과 Colab 모두). 그 패키지를 import하면
Python 3.12에서 없어진 ``distutils`` 를 찾으므로 import하지 않고 글꼴 파일만 씁니다.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

#: 우선순위 순서의 한글 글꼴 이름.
PREFERRED_FONTS = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "AppleGothic",
)


def bundled_font_files() -> list[Path]:
    """``koreanize-matplotlib`` 패키지에 포함된 나눔고딕 글꼴 파일 목록(패키지가 없으면 빈 목록)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return []
    fonts = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    return sorted(fonts.glob("*.ttf"))


def use_korean_font() -> str:
    """한글 글꼴을 matplotlib에 등록하고 기본 글꼴로 지정한 뒤 그 이름을 돌려줍니다.

    나눔고딕에는 유니코드 마이너스 기호(−)가 없으므로 ``axes.unicode_minus`` 를 끕니다.
    한글 글꼴을 하나도 찾지 못하면 ``RuntimeError`` 를 냅니다.
    """
    import matplotlib
    from matplotlib import font_manager

    for path in bundled_font_files():
        font_manager.fontManager.addfont(str(path))
    available = {font.name for font in font_manager.fontManager.ttflist}
    for name in PREFERRED_FONTS:
        if name in available:
            matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise RuntimeError("한글 글꼴을 찾지 못했습니다. `pip install koreanize-matplotlib` 로 나눔고딕을 설치하세요.")
