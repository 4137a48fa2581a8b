"""실제 브라우저 테스트가 함께 쓰는 JupyterLab 서버(세션에 하나)와 사용자 폴더 격리.

JupyterLab은 설정(``lab/user-settings``), 작업 공간(``lab/workspaces``: 열린 노트북과 배치), 실행 정보
(``runtime``: 서버·커널 연결 파일)를 사용자의 Jupyter 폴더에 씁니다. 테스트가 그곳에 쓰면 학습자의 다음 ``make lab`` 이
테스트가 열어 둔 노트북을 다시 엽니다. 그래서 서버와 그 커널은 모두 임시 폴더만 씁니다.

* 환경 변수 ``JUPYTER_CONFIG_DIR``, ``JUPYTER_DATA_DIR``, ``JUPYTER_RUNTIME_DIR``, ``JUPYTERLAB_SETTINGS_DIR``,
  ``JUPYTERLAB_WORKSPACES_DIR``, ``IPYTHONDIR`` (커널의 IPython 기록)
* 명령줄 ``--LabApp.user_settings_dir`` 와 ``--LabApp.workspaces_dir`` (환경 변수와 같은 곳, 이중으로)

:func:`user_jupyter_dirs` 는 격리하지 않았다면 쓰였을 사용자의 폴더이고, ``tests/test_browser_jupyterlab.py`` 가
테스트 뒤에도 그 폴더가 그대로인지 확인합니다.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def user_jupyter_dirs(environ=None) -> dict[str, Path]:
    """격리하지 않았다면 JupyterLab과 커널이 썼을 사용자의 폴더(``jupyter_core`` 의 규칙과 같음)."""
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME", str(Path.home())))
    config = Path(environ.get("JUPYTER_CONFIG_DIR") or home / ".jupyter")
    data = Path(environ.get("JUPYTER_DATA_DIR") or home / ".local" / "share" / "jupyter")
    return {
        "config": config,
        "data": data,
        "runtime": Path(environ.get("JUPYTER_RUNTIME_DIR") or data / "runtime"),
        "settings": Path(environ.get("JUPYTERLAB_SETTINGS_DIR") or config / "lab" / "user-settings"),
        "workspaces": Path(environ.get("JUPYTERLAB_WORKSPACES_DIR") or config / "lab" / "workspaces"),
        "ipython": Path(environ.get("IPYTHONDIR") or home / ".ipython"),
    }


def snapshot(dirs: dict[str, Path]) -> dict[str, tuple[int, int]]:
    """폴더들 아래 모든 파일의 ``{경로: (수정 시각 ns, 크기)}`` (없는 폴더는 빈 목록)."""
    files = {}
    for folder in dict.fromkeys(dirs.values()):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    files[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return files


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab이 종료되었습니다(코드 {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab이 {timeout:.0f}초 안에 뜨지 않았습니다: {url}")


@dataclass
class LabServer:
    """실행 중인 JupyterLab: 주소, 토큰, 노트북 폴더, 격리한 폴더들, 시작 전 사용자 폴더의 모습."""

    base_url: str
    token: str
    root: Path
    isolated: dict[str, Path]
    user_dirs: dict[str, Path]
    user_files_before: dict[str, tuple[int, int]]
    process: subprocess.Popen = field(repr=False)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}?token={self.token}"

    def notebook_url(self, name: str) -> str:
        """노트북 하나만 연 새 작업 공간의 주소: 앞선 테스트가 연 노트북(과 그 커널)을 다시 열지 않게 합니다."""
        workspace = "test-" + os.urandom(4).hex()
        return self.url(f"lab/workspaces/{workspace}/tree/{name}")

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        request = urllib.request.Request(
            self.url(f"api/{path}"),
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


def isolated_environment(base: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """JupyterLab과 커널이 쓸 임시 폴더들과 그 환경 변수. 설정 두 가지를 미리 씁니다.

    * 노트북 가상화(windowing) 끔: 화면 밖의 셀도 DOM에 있어야 모든 셀을 검사할 수 있음
    * "Jupyter 소식을 받을까요?" 알림과 업데이트 확인 끔(오프라인)
    """
    dirs = {
        "config": base / "config",
        "data": base / "data",
        "runtime": base / "runtime",
        "settings": base / "config" / "lab" / "user-settings",
        "workspaces": base / "config" / "lab" / "workspaces",
        "ipython": base / "ipython",
    }
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    tracker = dirs["settings"] / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    notification = dirs["settings"] / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = {
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),
    }
    return env, dirs


def start_lab(root: Path, base: Path, extra_env: dict[str, str] | None = None) -> LabServer:
    """``root`` 를 노트북 폴더로 하는 JupyterLab을 빈 포트에서 시작합니다(사용자 폴더는 건드리지 않음)."""
    user_dirs = user_jupyter_dirs()
    before = snapshot(user_dirs)
    env_dirs, isolated = isolated_environment(base)
    port, token = _free_port(), "course-test-" + os.urandom(8).hex()
    env = {
        **os.environ,
        **env_dirs,
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
        f"--LabApp.user_settings_dir={isolated['settings']}",
        f"--LabApp.workspaces_dir={isolated['workspaces']}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",  # 테스트가 명령(모두 실행)과 노트북 모델을 직접 씀
        "--allow-root",
    ]
    log = open(base / "jupyterlab.log", "w")  # noqa: SIM115 (서버가 끝날 때 닫음)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    process.log = log
    server = LabServer(f"http://127.0.0.1:{port}", token, root, isolated, user_dirs, before, process)
    try:
        _wait_for_server(server.url("api/status"), process)
    except Exception:
        stop_lab(server)
        raise
    return server


def stop_lab(server: LabServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.process.log.close()


@contextlib.contextmanager
def notebook_page(server: LabServer, notebook_name: str, *, height: int = 1000):
    """헤드리스 Chromium으로 ``server`` 의 노트북을 열고, 커널이 준비되면 ``setup_notebook(`` 셀을 실행한 뒤
    ``(page, run)`` 을 줍니다(``run(cell)``: 셀을 눌러 Shift+Enter). 끝나면 커널 세션을 지우고 브라우저를 닫습니다.

    탐색기 브라우저 테스트(``test_browser_explorer.py``, ``test_browser_gradcam_explorer.py``)가 함께 씁니다.
    """
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=180_000)  # 2코어를 나눠 쓰는 CI에서 커널 시작과 TensorFlow import가 느림
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.set_default_timeout(180_000)
            page.goto(server.notebook_url(notebook_name))
            page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
            # 커널이 준비된 뒤에 셀을 실행합니다(준비 중에 누른 Shift+Enter가 실행되지 않는 일이 있음).
            page.wait_for_function(
                "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'"
            )

            def run(cell):
                cell.scroll_into_view_if_needed()
                cell.locator(".jp-InputPrompt").first.click()
                page.keyboard.press("Shift+Enter")

            setup = page.locator(".jp-CodeCell", has_text="setup_notebook(").first
            run(setup)
            expect(setup.locator(".jp-OutputArea-output").first).to_contain_text("한글 글꼴")
            yield page, run
            for session in server.api("sessions"):  # 커널(TensorFlow)의 메모리를 바로 돌려줌
                server.api(f"sessions/{session['id']}", method="DELETE")
        finally:
            browser.close()
