"""패키지 메타데이터와 설치 묶음: 파이썬 하한, 학습자·강사·개발 묶음, Makefile·conda·Binder 설정, 저장소 주소 한 곳."""

import os
import re
import subprocess
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
    return [line for line in result.stdout.splitlines() if "pip install" in line and "-e" in line]


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
    assert line.startswith(f"{tmp_path / venv}/bin/python -m pip install"), line


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
