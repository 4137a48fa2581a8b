"""패키지 메타데이터와 설치 묶음: 파이썬 하한, 학습자·강사·개발 묶음, Makefile·conda·Binder 설정, 저장소 주소 한 곳."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from course_tools import colab, nbtools

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
INSTRUCTOR_OR_DEV_ONLY = ("nbgrader", "pytest", "nbval", "hypothesis", "pycocotools", "markdown-it-py")


def _names(requirements):
    return {re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_python_floor_is_311_everywhere():
    # 코드가 3.11을 요구합니다: course_tools의 tomllib, 데이터 압축 풀기의 tarfile 추출 필터(filter="data").
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11 이상" in readme and "Python 3.11+" in readme
    assert "3.10" not in readme
    for path in ("environment.yml", "binder/environment.yml"):
        assert "python=3.11" in yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["dependencies"]
    assert 'filter="data"' in (ROOT / "course_utils" / "offline_mirror.py").read_text(encoding="utf-8")


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


def test_repository_address_is_written_by_hand_in_one_place_only():
    url = nbtools.repository_url()
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    hand_written = []
    for name in files:
        path = ROOT / name
        if path.suffix == ".ipynb" or not path.is_file():
            continue  # 노트북의 머리 셀과 설치 셀은 make student가 씀(test_grading, test_notebooks가 확인)
        text = path.read_text(encoding="utf-8", errors="ignore")
        if name == "README.md":
            text = text.split(colab.README_BEGIN)[0] + text.split(colab.README_END)[-1]
        if url in text or url.removeprefix("https://github.com/") in text:
            hand_written.append(name)
    assert hand_written == ["pyproject.toml"]


def test_release_ref_is_the_version_tag():
    # 학습자는 고정 태그를 설치합니다(Drive에 저장한 사본도 같은 패키지를 설치). 태그는 패키지 버전과 맞춥니다.
    assert nbtools.release_ref() == f"v{PYPROJECT['project']['version']}"


def test_release_ref_rejects_a_malformed_value(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nname = "x"\n[tool.course]\nrelease-ref = "main branch"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="release-ref"):
        nbtools.release_ref(bad)


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
