"""course_utils의 import 그래프: 순환이 없고, 강사 도구(course_tools)를 모르며, 모듈은 평평하게(하위 패키지는
탐색기 ``explorers`` 하나, 그 밖의 폴더는 글꼴 ``fonts`` 뿐).

함수 안의 import(늦은 import)도 순환을 만들 수 있으므로 ``ast.walk`` 로 파일의 모든 import 문을 읽습니다.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "course_utils"


def module_imports(path: Path) -> set[str]:
    """파일이 import하는 모든 모듈 이름(맨 위와 함수 안 모두; 상대 import는 course_utils 기준으로)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from .x import y
                base = "course_utils" + (f".{base}" if base else "")
            names.add(base)
            # from course_utils import datasets 처럼 모듈 자체를 가져오는 경우
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def package_modules() -> dict[str, Path]:
    """``{모듈 이름: 파일}``: ``sizes``, ``explorers`` (하위 패키지의 __init__), ``explorers.base`` 처럼 course_utils 기준."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if parts:  # 패키지 맨 위 __init__ 제외
            modules[".".join(parts)] = path
    return modules


def import_graph() -> dict[str, set[str]]:
    """``{모듈: 그 모듈이 import하는 course_utils 모듈들}`` (패키지 맨 위 __init__ 제외)."""
    modules = package_modules()
    graph = {}
    for name, path in modules.items():
        imported = {m.removeprefix("course_utils.") for m in module_imports(path) if m.startswith("course_utils.")}
        graph[name] = (imported & set(modules)) - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """방향 그래프의 순환 하나(``[a, b, ..., a]``), 없으면 ``None`` (깊이 우선 탐색)."""
    state = {}  # 1: 탐색 중, 2: 끝남
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for child in sorted(graph.get(node, ())):
            if state.get(child) == 1:
                return stack[stack.index(child) :] + [child]
            if child not in state:
                found = visit(child)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_cycle_finder_finds_a_late_import_cycle(tmp_path):
    """검사 도구 자체가 함수 안 import로 생긴 순환을 찾는지(이 검사가 실패할 수 있음을 보임)."""
    (tmp_path / "a.py").write_text("from course_utils.b import f\n")
    (tmp_path / "b.py").write_text("def f():\n    from course_utils import a\n")
    assert "course_utils.a" in module_imports(tmp_path / "b.py")
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_course_utils_has_no_import_cycle():
    graph = import_graph()
    assert graph["pretrained"] >= {"datasets"}, "그래프를 제대로 읽지 못했습니다"
    assert graph["explorers.convolution"] >= {"explorers.base", "reference_ops"}, "하위 패키지를 읽지 못했습니다"
    cycle = find_cycle(graph)
    assert cycle is None, f"course_utils에 import 순환이 있습니다: {' → '.join(cycle)}"


def test_only_the_offline_mirror_knows_both_data_and_weights():
    graph = import_graph()
    assert "pretrained" not in graph["datasets"]
    knows_both = sorted(name for name, imported in graph.items() if {"datasets", "pretrained"} <= imported)
    assert knows_both == ["offline_mirror"]


def test_learner_package_does_not_import_course_tools_and_is_flat():
    for path in PACKAGE.rglob("*.py"):
        imported = module_imports(path)
        assert not any(m == "course_tools" or m.startswith("course_tools.") for m in imported), path.name
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == ["explorers", "fonts"], "하위 패키지는 explorers 하나, 그 밖의 폴더는 글꼴(fonts)뿐이어야 합니다"
    assert not [p for p in (PACKAGE / "explorers").iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert not list((PACKAGE / "fonts").glob("*.py"))


def test_no_private_name_crosses_a_module_boundary():
    """다른 강좌 모듈의 ``_`` 이름을 import하지 않습니다(``from course_utils.x import _y``)."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils")
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert offenders == []


def test_no_private_keras_api():
    """``keras.src`` (Keras 내부)를 import하지 않습니다. 공개 API만 씁니다."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in module_imports(path)
        if name == "keras.src" or name.startswith("keras.src.")
    ]
    assert offenders == []


def test_importing_every_module_loads_no_tensorflow_or_pyplot():
    """모듈을 나눠도 import만으로는 무거운 라이브러리를 불러오지 않습니다(필요한 함수 안에서 늦게 import)."""
    import os
    import subprocess
    import sys

    modules = sorted(package_modules())
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('course_utils.' + name)\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
