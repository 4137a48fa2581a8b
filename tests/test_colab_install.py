"""Colab 설치 셀을 끝에서 끝까지: 새 가상 환경에서 셀, 패키지의 의존성 목록, 한글 글꼴을 확인합니다.

Colab 흉내:

* 새 가상 환경에 Colab이 미리 깔아 두는 패키지(``COLAB_SHIPS``: TensorFlow, Keras, NumPy, matplotlib, Pillow,
  scikit-learn과 노트북 실행용 ipykernel·nbclient, 그리고 그 의존성)만 둡니다. 강좌만 가져오는 의존성
  (pydot)은 두지 않습니다. 이 기계에서는 pip 캐시가 남지 않아 패키지 색인에서 새로 받으면
  2분 38초가 걸렸으므로(TensorFlow 휠만 수백 MB), 개발 환경(.venv)에 이미 설치된 같은 배포판의 파일(RECORD에 적힌
  site-packages 파일)을 하드 링크로 옮겨 둡니다(약 5초). pip가 보기에는 그 버전을 설치한 것과 같습니다. pip도
  Colab처럼 최신판을 둡니다(ensurepip의 오래된 pip는 ``git+file:///`` 요구 문자열을 거부함).
* 커널이 뜰 때 ``sys.modules["google.colab"]`` 에 대역 모듈을 넣습니다(IPython 시작 스크립트).
* 노트북의 첫 코드 셀은 ``nbtools.colab_install_source()`` 그대로이고 저장소 주소만 작업 트리 HEAD를 복제한
  ``file://`` 주소로 바꿉니다(배포 태그는 복제본에 만들어 둠). pip는 패키지를 그 복제본에서 만들고, 강좌만의
  의존성은 패키지 색인에서 받습니다.

그 환경에서 00과 02를 빠른 모드로 실행하고, 잘못된 주소와 Colab의 Keras가 요구 사항보다 낮은 경우에는 셀이
한국어 오류로 멈추고 아무것도 바꾸지 않는지 봅니다. 작업 트리의 커밋되지 않은 변경은 복제되지 않습니다.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import time
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from course_tools import nbtools

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT_REQUIRES_PYTHON = nbtools._course_config()["project"]["requires-python"]
COLAB_SHIPS = ("tensorflow", "keras", "numpy", "matplotlib", "pillow", "scikit-learn", "ipykernel", "nbclient")
COURSE_ONLY = ("cnn-course-utils", "pydot")
NOTEBOOKS = ("00_getting_started.ipynb", "02_padding_and_stride.ipynb")
STAND_IN = 'import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")  # Colab 대역\n'

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (ROOT / ".git").exists() or shutil.which("git") is None,
        reason="git 작업 트리에서만 복제해 시험할 수 있습니다",
    ),
]


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _closure(names) -> dict[str, metadata.Distribution]:
    """``names`` 와 그 (조건을 만족하는, extra가 아닌) 의존성 전부: ``{정규화한 이름: 배포판}``."""
    from packaging.requirements import Requirement

    found, todo = {}, list(names)
    while todo:
        name = _normal(todo.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # 이 플랫폼에서는 설치되지 않는 의존성
            continue
        found[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def _seed(venv: Path, dists) -> None:
    """배포판의 site-packages 파일을 새 가상 환경으로 하드 링크(안 되면 복사). bin/ 스크립트는 옮기지 않습니다."""
    source_root = sysconfig.get_paths()["purelib"]
    target_root = subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    made = set()
    for dist in dists:
        for file in dist.files or []:
            relative = os.path.normpath(str(file))
            if relative.startswith(".."):
                continue
            source, target = os.path.join(source_root, relative), os.path.join(target_root, relative)
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            try:
                os.link(source, target)
            except (FileExistsError, FileNotFoundError):  # 이미 있음 / RECORD에만 있는 .pyc
                pass
            except OSError:
                shutil.copy2(source, target)


def _versions(python: Path) -> dict[str, str]:
    script = "import json, importlib.metadata as m; print(json.dumps({d.metadata['Name'].lower().replace('_', '-'): d.version for d in m.distributions()}))"
    # 저장소 밖에서 실행합니다(저장소 맨 위의 *.egg-info가 설치된 배포판처럼 보이지 않게).
    return json.loads(
        subprocess.run(
            [python, "-c", script], capture_output=True, text=True, check=True, cwd=Path(python).parent
        ).stdout
    )


DRIVER = textwrap.dedent("""
    import sys, nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    source, target, cwd = sys.argv[1:]
    nb = nbformat.read(source, as_version=4)
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": cwd}}).execute()
    finally:
        nbformat.write(nb, target)
""")


def _run_notebook(python: Path, notebook: Path, env: dict, work: Path) -> tuple[nbformat.NotebookNode, str]:
    """(실행한 노트북, 드라이버의 표준 오류). 오류 셀이 있으면 거기서 멈춥니다(Colab의 '모두 실행'처럼)."""
    executed = notebook.with_suffix(".out.ipynb")
    driver = work / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    result = subprocess.run(
        [python, driver, notebook, executed, work], env=env, cwd=work, capture_output=True, text=True, timeout=1800
    )
    return nbformat.read(executed, as_version=4), result.stderr


def _with_install_cell(name: str, clone_url: str, work: Path) -> Path:
    """노트북 사본: 첫 코드 셀의 저장소 주소만 ``clone_url`` 로 바꿉니다(나머지 글자는 그대로)."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    swapped = first.source.replace(nbtools.repository_url(), clone_url)
    assert swapped == nbtools.colab_install_source(url=clone_url), "설치 셀이 colab_install_source()와 다릅니다"
    assert f'"git+{clone_url}@{nbtools.release_ref()}"' in swapped
    first.source = swapped
    path = work / name
    nbformat.write(nb, path)
    return path


def _errors(nb):
    return [
        (index, output)
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """Colab 흉내 환경을 만들고 잘못된 주소 → 바른 주소(00, 02) 순서로 실행한 결과."""
    started = time.perf_counter()
    base = tmp_path_factory.mktemp("colab")
    clone = _clone(base / "repo")

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    shipped = _closure(COLAB_SHIPS + ("pip",))  # pip도 Colab처럼 최신판(개발 환경의 것)
    assert not set(shipped) & set(COURSE_ONLY), "Colab 흉내에 강좌만의 의존성이 섞였습니다"
    t0 = time.perf_counter()
    _seed(venv, shipped.values())
    results_seconds = {"seed": time.perf_counter() - t0}
    python = venv / "bin" / "python"
    before = _versions(python)
    record_inode = _record_inode(python)

    work = base / "work"
    (work / "ipython" / "profile_default" / "startup").mkdir(parents=True)
    (work / "ipython" / "profile_default" / "startup" / "00-google-colab.py").write_text(STAND_IN, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND", "COURSE_QUICK", "JUPYTER_PATH")
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        IPYTHONDIR=str(work / "ipython"),
        JUPYTER_DATA_DIR=str(work / "jupyter"),
        PYTHONNOUSERSITE="1",
        COURSE_QUICK="1",
    )

    results = {"before": before, "python": python, "seconds": results_seconds}
    t0 = time.perf_counter()
    wrong = f"file://{base / 'no-such-repo'}"
    results["wrong_address"] = wrong
    results["wrong"] = _run_notebook(python, _with_install_cell(NOTEBOOKS[0], wrong, work), env, work)
    results["seconds"]["wrong"] = time.perf_counter() - t0
    results["after_wrong"] = _versions(python)
    for name in NOTEBOOKS:
        t0 = time.perf_counter()
        results[name] = _run_notebook(python, _with_install_cell(name, f"file://{clone}", work), env, work)
        results["seconds"][name] = time.perf_counter() - t0
    results["after"] = _versions(python)
    results["record_unchanged"] = _record_inode(python) == record_inode
    results["seconds"]["total"] = time.perf_counter() - started
    print(f"\nColab 설치 시험 시간(초): {json.dumps({k: round(v, 1) for k, v in results['seconds'].items()})}")
    return results


def _clone(target: Path) -> Path:
    """작업 트리의 HEAD 커밋을 ``target`` 에 복제하고 배포 태그(``release_ref()``)를 답니다."""
    head = subprocess.run(
        ["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", ROOT, target], check=True)
    subprocess.run(["git", "-C", target, "checkout", "-q", "--detach", head], check=True)
    subprocess.run(["git", "-C", target, "tag", "-f", nbtools.release_ref()], check=True, capture_output=True)
    return target


def _record_inode(python: Path) -> int:
    script = (
        "import importlib.metadata as m, os; "
        "print(os.stat(next(f for f in m.distribution('tensorflow').files if f.name == 'RECORD').locate()).st_ino)"
    )
    return int(
        subprocess.run(
            [python, "-c", script], capture_output=True, text=True, check=True, cwd=Path(python).parent
        ).stdout
    )


def test_wrong_address_stops_at_the_install_cell_with_a_korean_message(colab):
    nb, stderr = colab["wrong"]
    errors = _errors(nb)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert len(errors) == 1, stderr[-2000:]
    index, error = errors[0]
    assert index == first_code and error.ename == "RuntimeError", (error.ename, error.evalue)
    assert "강좌 패키지를 설치하지 못했습니다" in error.evalue and colab["wrong_address"] in error.evalue
    assert "할 일" in error.evalue and "강사" in error.evalue
    assert "no-such-repo" in error.evalue.split("pip 메시지")[1], "pip가 주소를 복제하다 실패해야 합니다"
    assert "Invalid requirement" not in error.evalue
    # '모두 실행'은 거기서 멈춥니다: import course_utils 셀까지 가서 ModuleNotFoundError가 나지 않습니다.
    following = next(c for c in nb.cells[first_code + 1 :] if c.cell_type == "code")
    assert "import course_utils" in following.source
    assert following.execution_count is None and not following.outputs
    assert colab["after_wrong"] == colab["before"], "실패한 설치가 환경을 바꿨습니다"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_after_the_install_cell_on_a_colab_like_interpreter(colab, name):
    nb, stderr = colab[name]
    assert not _errors(nb), (
        f"{name}: " + "\n".join(f"셀 {i}: {e.ename}: {e.evalue}" for i, e in _errors(nb)) + stderr[-2000:]
    )
    printed = "\n".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "stream" and o.name == "stdout"
    )
    assert "실행 모드: 빠른 모드" in printed
    assert "한글 글꼴: NanumGothic" in printed, "재시작 없이 한글 글꼴이 잡혀야 합니다"
    if name.startswith("00_"):
        assert "글리프 누락 경고 수: 0" in printed


def test_install_adds_only_the_course_packages_and_keeps_colab_versions(colab):
    before, after = colab["before"], colab["after"]
    changed = {name: (version, after.get(name)) for name, version in before.items() if after.get(name) != version}
    assert not changed, f"Colab에 있던 패키지가 바뀌었습니다: {changed}"
    assert {"tensorflow", "keras", "numpy"} <= set(before)
    added = set(after) - set(before)
    assert set(COURSE_ONLY) <= added, added
    assert colab["record_unchanged"], "TensorFlow가 다시 설치되었습니다(RECORD 파일이 새로 쓰임)"
    requires_python = subprocess.run(
        [
            colab["python"],
            "-c",
            "import importlib.metadata as m; print(m.metadata('cnn-course-utils')['Requires-Python'])",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(colab["python"]).parent,
    ).stdout.strip()
    assert requires_python == PYPROJECT_REQUIRES_PYTHON


def test_the_wheel_built_from_git_ships_the_korean_font(colab):
    """pip가 git 복제본에서 만든 휠(편집 설치가 아님)에 한글 글꼴과 그 라이선스가 들어 있고, 강좌가 그 파일을 씁니다.

    시스템에 나눔고딕이 있으면 노트북의 "한글 글꼴: NanumGothic" 줄만으로는 패키지의 글꼴인지 알 수 없으므로 직접 봅니다.
    """
    script = (
        "import json, importlib.metadata as m; from course_utils import korean_font; "
        "d = m.distribution('cnn-course-utils'); "
        "print(json.dumps({'files': [str(f) for f in d.files], 'fonts': [str(p) for p in korean_font.bundled_font_files()], "
        "'direct_url': d.read_text('direct_url.json')}))"
    )
    found = json.loads(
        subprocess.run(
            [colab["python"], "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(colab["python"]).parent,
        ).stdout
    )
    assert '"editable": true' not in found["direct_url"], "Colab처럼 휠을 설치해야 합니다(편집 설치가 아님)"
    assert {"course_utils/fonts/NanumGothic.ttf", "course_utils/fonts/OFL.txt"} <= set(found["files"]), found["files"]
    (font,) = found["fonts"]
    site = Path(colab["python"]).parent.parent
    assert Path(font).name == "NanumGothic.ttf" and Path(font).is_relative_to(site), (font, site)
    assert Path(font).stat().st_size > 100_000


def _fake_dist(site: Path, name: str, version: str) -> None:
    info = site / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    (info / "INSTALLER").write_text("pip\n", encoding="utf-8")
    (info / "RECORD").write_text("", encoding="utf-8")


def test_too_old_colab_keras_gives_a_clear_message_and_changes_nothing(tmp_path):
    """Colab의 Keras가 요구(keras>=3.9)보다 낮으면: pip가 충돌로 멈추고, 셀은 그 사실과 할 일을 알리며, Keras는 그대로."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    _seed(venv, _closure(("pip",)).values())
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    for name, version in (("tensorflow", "2.19.0"), ("keras", "3.8.0"), ("numpy", "2.0.2")):
        _fake_dist(site, name, version)
    clone = _clone(tmp_path / "repo")
    cell = tmp_path / "cell.py"
    cell.write_text(STAND_IN + nbtools.colab_install_source(url=f"file://{clone}"), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([python, cell], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert result.returncode != 0
    assert "RuntimeError: 강좌 패키지를 설치하지 못했습니다" in result.stderr, result.stderr[-3000:]
    assert "keras==3.8.0" in result.stderr and "conflict" in result.stderr.lower()
    assert "ModuleNotFoundError" not in result.stderr
    versions = _versions(python)
    assert versions["keras"] == "3.8.0" and "cnn-course-utils" not in versions


class _FakePip:
    """``subprocess.run`` 대역: pip 명령과 그때의 제약 파일 내용을 기록하고 정해 둔 결과를 돌려줍니다."""

    def __init__(self, returncode=0, stderr=""):
        self.returncode, self.stderr, self.calls, self.pins = returncode, stderr, [], []

    def __call__(self, command, **kwargs):
        import types

        self.calls.append(command)
        self.pins.append(Path(command[command.index("-c") + 1]).read_text(encoding="utf-8").split())
        return types.SimpleNamespace(returncode=self.returncode, stdout="", stderr=self.stderr)


def _exec_cell(monkeypatch, fake_pip, *, colab_present: bool) -> None:
    """설치 셀을 이 프로세스에서 실행합니다(pip 호출은 ``fake_pip`` 이 가로챔, course_utils는 없는 것으로 봄)."""
    import importlib.util
    import types

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(subprocess, "run", fake_pip)
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "course_utils" else real_find_spec(name, *a)
    )
    if colab_present:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(nbtools.colab_install_source(), "install-cell", "exec"), {})


def test_install_cell_does_nothing_outside_colab(monkeypatch):
    fake_pip = _FakePip()
    _exec_cell(monkeypatch, fake_pip, colab_present=False)
    assert fake_pip.calls == []


def test_install_cell_pins_colab_versions_and_raises_a_korean_error_when_pip_fails(monkeypatch):
    fake_pip = _FakePip(returncode=1, stderr="ERROR: ResolutionImpossible (conflict)")
    with pytest.raises(RuntimeError) as caught:
        _exec_cell(monkeypatch, fake_pip, colab_present=True)
    (command,) = fake_pip.calls
    source = f"git+{nbtools.repository_url()}@{nbtools.release_ref()}"
    assert command[0] == sys.executable and command[1:4] == ["-m", "pip", "install"]
    assert command[-1] == f"cnn-course-utils @ {source}"
    expected_pins = [f"{name}=={metadata.version(name)}" for name in ("tensorflow", "keras", "numpy")]
    assert fake_pip.pins == [expected_pins]
    message = str(caught.value)
    assert "강좌 패키지를 설치하지 못했습니다" in message and source in message and "ResolutionImpossible" in message
    assert all(pin in message for pin in expected_pins) and "할 일" in message


def test_install_cell_raises_when_pip_succeeds_but_the_package_is_still_missing(monkeypatch):
    fake_pip = _FakePip(returncode=0)
    with pytest.raises(RuntimeError, match="강좌 패키지를 설치하지 못했습니다"):
        _exec_cell(monkeypatch, fake_pip, colab_present=True)
    assert len(fake_pip.calls) == 1
