"""패키지 메타데이터와 설치 묶음: 파이썬 하한, 학습자·강사·개발 묶음, Makefile·conda·Binder 설정, 저장소 주소 한 곳."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from course_tools import nbtools

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
INSTRUCTOR_OR_DEV_ONLY = ("nbgrader", "pytest", "nbval", "hypothesis", "pycocotools", "markdown-it-py")


def _names(requirements):
    return {re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


#: 파이썬 버전에 묶인 표준 라이브러리 기능(코드에 쓰인 모양 → 그 기능이 생긴 버전). 코드가 쓰는 것 중 가장 새 버전이
#: requires-python의 하한이어야 합니다: 더 낮으면 그 버전의 학습자가 설치는 되는데 실행하다 실패하고, 더 높으면 필요 없이 막습니다.
#: 새 버전에 생긴 기능을 쓰면 여기에 더하세요. 문법은 ruff가 하한(target-version을 requires-python에서 읽음)으로 검사합니다.
VERSION_GATED_FEATURES = {
    'extractall(unpack, filter="data")': (3, 11, 4),  # tarfile 추출 필터(PEP 706): 3.11.4, 3.12.0부터
    "import tomllib": (3, 11, 0),  # course_tools, site/conf.py
}


def _floor() -> tuple[int, ...]:
    spec = PYPROJECT["project"]["requires-python"]
    assert re.fullmatch(r">=\d+\.\d+\.\d+", spec), spec
    return tuple(int(part) for part in spec.removeprefix(">=").split("."))


def test_python_floor_is_what_the_code_needs():
    sources = [
        path.read_text(encoding="utf-8")
        for folder in ("course_utils", "course_tools", "site", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "test_packaging.py"
    ]
    used = [version for snippet, version in VERSION_GATED_FEATURES.items() if any(snippet in text for text in sources)]
    assert used, "버전에 묶인 기능을 하나도 찾지 못했습니다(목록의 코드 모양이 바뀌었나요?)"
    assert _floor() == max(used)
    assert sys.version_info[:3] >= _floor(), "테스트를 돌리는 파이썬이 하한보다 낮습니다"


def test_version_is_written_in_one_place():
    """버전은 pyproject.toml에만 적고, course_utils.__version__은 설치된 패키지의 메타데이터에서 읽습니다."""
    import course_utils

    version = PYPROJECT["project"]["version"]
    assert course_utils.__version__ == version, "설치된 메타데이터가 오래되었습니다: pip install -e . 를 다시 하세요"
    init = (ROOT / "course_utils" / "__init__.py").read_text(encoding="utf-8")
    assert version not in init and "importlib.metadata" in init
    assert course_utils.DISTRIBUTION == PYPROJECT["project"]["name"]
    guide = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    assert "[project] version" in guide and "course_utils.__version__" in guide


def test_learner_set_has_no_instructor_or_test_tools():
    assert not _names(EXTRAS["lab"]) & set(INSTRUCTOR_OR_DEV_ONLY)
    assert not _names(PYPROJECT["project"]["dependencies"]) & set(INSTRUCTOR_OR_DEV_ONLY)
    assert {"jupyterlab", "ipykernel"} <= _names(EXTRAS["lab"])
    assert "nbgrader" in _names(EXTRAS["instructor"])
    assert {"pytest", "nbval"} <= _names(EXTRAS["test"])


def _dry_run(target: str, tmp_path) -> list[str]:
    """새 기계처럼(가상 환경 없음) ``make -n`` 이 실행할 pip 설치 줄들."""
    result = subprocess.run(
        ["make", "-n", f"VENV={tmp_path / 'fresh'}", f"DEV_VENV={tmp_path / 'fresh-dev'}", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if '-e ".[' in line]


@pytest.mark.parametrize(
    "target, extras, venv",
    [
        ("lab", {"lab"}, "fresh"),
        ("student", {"lab", "instructor", "test", "site"}, "fresh-dev"),
        ("check-notebooks", {"lab", "instructor", "test", "site"}, "fresh-dev"),
        ("unit", {"lab", "instructor", "test", "site"}, "fresh-dev"),
    ],
)
def test_each_make_target_installs_its_own_set(target, extras, venv, tmp_path):
    """학습자 환경(make lab)과 강사·개발 환경은 서로 다른 가상 환경: make test 뒤에도 make lab에는 nbgrader가 없습니다."""
    (line,) = _dry_run(target, tmp_path)
    installed = set(re.search(r'-e "\.\[([^\]]*)\]"', line).group(1).split(","))
    assert installed == extras, line
    # 학습자 환경은 README 그대로 pip, 강사·개발 환경은 uv로 옮긴 설치(course_tools/install.py, 안 되면 pip).
    installer = "pip install" if venv == "fresh" else "course_tools.install"
    assert line.startswith(f"{tmp_path / venv}/bin/python -m {installer}"), line


def test_make_lab_says_what_it_installs_before_the_quiet_pip_run(tmp_path):
    """pip는 --quiet로 몇 분 동안 말이 없으므로, make lab은 그 앞에 무엇을 하는지와 걸리는 시간을 알립니다."""
    result = subprocess.run(
        ["make", "-n", f"VENV={tmp_path / 'fresh'}", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    pip_line = next(i for i, line in enumerate(lines) if "pip install" in line and "-e" in line)
    before = "\n".join(line for line in lines[:pip_line] if line.startswith("echo"))
    assert "JupyterLab" in before and "몇 분" in before, lines[:pip_line]


def test_make_lab_installs_no_nbgrader(tmp_path):
    (line,) = _dry_run("lab", tmp_path)
    requested = set().union(*(EXTRAS[name] for name in re.search(r"\[([^\]]*)\]", line).group(1).split(",")))
    assert "nbgrader" not in _names(requested)


@pytest.mark.parametrize("path, root", [("environment.yml", "."), ("binder/environment.yml", "..")])
def test_conda_and_binder_install_exactly_the_learner_set(path, root):
    env = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert pip == [f"-e {root}[lab]"]
    # conda는 pip 줄을 environment.yml이 있는 폴더에서 실행합니다: 경로가 저장소 루트를 가리켜야 합니다.
    assert ((ROOT / path).parent / root / "pyproject.toml").resolve() == ROOT / "pyproject.toml"


def test_binder_start_script_makes_quick_mode_the_default():
    start = ROOT / "binder" / "start"
    assert os.access(start, os.X_OK)
    env = {key: value for key, value in os.environ.items() if key != "COURSE_QUICK"}
    shown = subprocess.run(
        [start, "sh", "-c", 'echo "COURSE_QUICK=$COURSE_QUICK"'], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "COURSE_QUICK=1"
    kept = subprocess.run(
        [start, "sh", "-c", 'echo "$COURSE_QUICK"'],
        env={**env, "COURSE_QUICK": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert kept.strip() == "0"
    # exec로 명령을 넘기므로 명령의 종료 코드가 그대로 나옵니다(Binder가 Jupyter 서버를 이 스크립트로 시작).
    assert subprocess.run([start, "sh", "-c", "exit 7"], env=env).returncode == 7


def test_release_ref_is_the_version_tag():
    # 학습자는 고정 태그를 설치합니다(Drive에 저장한 사본도 같은 패키지를 설치). 태그는 패키지 버전과 맞춥니다.
    assert nbtools.release_ref() == f"v{PYPROJECT['project']['version']}"


def test_release_ref_rejects_a_malformed_value(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nname = "x"\n[tool.course]\nrelease-ref = "main branch"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="release-ref"):
        nbtools.release_ref(bad)


def test_tooling_is_pinned_to_a_tested_range_that_holds_the_installed_version():
    """강사·개발 도구(instructor, test, site 묶음)는 하한과 상한이 모두 있고, 이 환경에 설치된 버전이 그 범위 안에 있습니다.

    학습자 묶음(lab)과 겹치는 패키지(ipykernel)는 학습자 환경이 정하므로 제외합니다.
    """
    from importlib import metadata

    from packaging.requirements import Requirement

    learner = _names(EXTRAS["lab"]) | _names(PYPROJECT["project"]["dependencies"])
    problems = []
    for extra in ("instructor", "test", "site"):
        for text in EXTRAS[extra]:
            requirement = Requirement(text)
            if requirement.name.lower() in learner:
                continue
            operators = {spec.operator for spec in requirement.specifier}
            if not ({">=", "~="} & operators and ("<" in operators or "~=" in operators)):
                problems.append(f"[{extra}] {text}: 하한(>=)과 상한(<)이 모두 있어야 합니다")
                continue
            installed = metadata.version(requirement.name)
            if not requirement.specifier.contains(installed, prereleases=True):
                problems.append(f"[{extra}] {text}: 설치된 {installed}이(가) 범위 밖입니다(시험하지 않은 범위)")
    assert problems == []


def test_every_file_of_the_package_is_in_the_wheel_configuration():
    """``course_utils`` 아래 모든 파일(코드, 한글 글꼴과 그 라이선스)이 setuptools 설정으로 휠에 담깁니다.

    폴더마다 ``[tool.setuptools] packages`` 에 있어야 하고(없으면 setuptools가 경고하고 나중 판에서는 빠뜨림), 코드가 아닌
    파일은 그 패키지의 ``package-data`` 무늬에 맞아야 합니다. 실제로 만든 휠에 글꼴이 들어 있는지는 Colab 설치 시험
    (``tests/test_colab_install.py``, git 복제본에서 pip가 휠을 만들어 설치)이 확인합니다.
    """
    from fnmatch import fnmatch

    from course_utils import korean_font

    config = PYPROJECT["tool"]["setuptools"]
    packages, data = set(config["packages"]), config["package-data"]
    files = [
        path.relative_to(ROOT)
        for path in (ROOT / "course_utils").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    folders = {".".join(path.parent.parts) for path in files}
    assert folders == packages, f"packages 설정과 실제 폴더가 다릅니다: {sorted(folders ^ packages)}"
    unlisted = [
        str(path)
        for path in files
        if path.suffix != ".py"
        and not any(fnmatch(path.name, pattern) for pattern in data.get(".".join(path.parent.parts), []))
    ]
    assert unlisted == [], f"package-data에 없어 휠에서 빠지는 파일: {unlisted}"
    fonts = [path.relative_to(ROOT) for path in korean_font.bundled_font_files()]
    assert Path("course_utils/fonts/NanumGothic.ttf") in fonts and Path("course_utils/fonts/OFL.txt") in files


@pytest.mark.parametrize("folder", ["notebooks", "notebooks/student"])
def test_every_notebook_folders_checkpoints_are_ignored(folder):
    """04처럼 checkpoints/에 모델을 저장하는 노트북은 해답 폴더에서도 학생용 사본 폴더에서도 커밋되지 않아야 합니다."""
    if not (ROOT / ".git").exists():
        pytest.skip("git 저장소가 아닙니다(배포본)")
    for path in (f"{folder}/checkpoints/best-cnn-model.keras", f"{folder}/checkpoints/fashion_cnn.png"):
        result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT)
        assert result.returncode == 0, f"{path}가 .gitignore에 없습니다"
    assert subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", f"{folder}/04_mnist_cnn.ipynb"], cwd=ROOT
    ).returncode
