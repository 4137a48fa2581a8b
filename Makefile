# 강좌 작업 명령. 처음 실행하면 가상 환경을 만들고 그 명령에 필요한 묶음만 설치합니다.
# 묶음(pyproject.toml의 추가 의존성): 학습자 lab, 강사 instructor(nbgrader), 개발 test.
# 학습자 환경(.venv, make lab)과 강사·개발 환경(.venv-dev, make student/test/bench)을 나눠 두므로,
# 같은 컴퓨터에서 make test를 돌린 뒤에도 make lab의 JupyterLab에는 nbgrader 메뉴가 나타나지 않습니다.
PYTHON ?= python3
VENV ?= .venv
DEV_VENV ?= .venv-dev
PY := $(DEV_VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
NBVAL_TIMEOUT ?= 900
NBVAL_DIR := build/nbval

# 설치 표시 파일: 학습자용은 nbgrader 없이, 강사·개발용은 세 묶음 모두. pyproject.toml이 바뀌면 다시 설치합니다.
LAB_STAMP := $(VENV)/.installed-lab
STAMP := $(DEV_VENV)/.installed
# 개발 환경에는 사이트 도구(site)도 넣습니다: 단위 테스트가 사이트의 한국어 검색 확장(site/korean_search.py)도 봅니다.
DEV_EXTRAS := lab,instructor,test,site

# $(call install,가상 환경,묶음)
define install
	@test -x $(1)/bin/python || $(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet -e ".[$(2)]"
	@touch $@
endef

$(LAB_STAMP): pyproject.toml
	@echo "학습자 환경($(VENV))에 JupyterLab과 강좌 패키지(TensorFlow 포함)를 설치합니다."
	@echo "처음 한 번은 내려받느라 몇 분 걸리고 그동안 화면에 아무것도 나오지 않습니다. 끝나면 JupyterLab 접속 주소가 나옵니다."
	$(call install,$(VENV),lab)

# 강사·개발 환경은 course_tools/install.py가 uv로 설치합니다(pip 설정을 옮겨 씀; 새로 받은 저장소에서 pip로 약 80초 → uv로 약 30초).
# uv를 쓸 수 없거나 옮길 수 없는 pip 설정이 있으면 pip로 설치합니다.
$(STAMP): pyproject.toml
	@test -x $(DEV_VENV)/bin/python || $(PYTHON) -m venv $(DEV_VENV)
	$(PY) -m course_tools.install -e ".[$(DEV_EXTRAS)]"
	@touch $@

.PHONY: lab test unit e2e nbval nbval-notebooks stacks bench student clean-notebooks check-notebooks site site-test

## make lab: 학습자용 묶음만 설치하고 JupyterLab을 notebooks/ 에서 시작합니다(브라우저 없이 주소를 출력).
# root로 실행하는 컨테이너·서버에서는 Jupyter가 --allow-root를 요구합니다.
lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## make test: 단위 테스트와 끝에서 끝까지 시험(e2e)을 함께, 그다음 빠른 모드로 모든 노트북을 한 번씩 nbval로 실행합니다.
# e2e는 대부분 기다림(서버·브라우저·pip·커널)이라 단위 테스트의 CPU 일과 겹쳐 돌려도 2코어에서 거의 늘지 않습니다
# (조용한 기계에서 잰 값: 따로 70초 + 91초, 함께 116초). 출력은 목표마다 모아 끝나는 대로 보입니다(--output-sync).
# 노트북 단계는 CPU를 다 쓰므로 따로 돌립니다. 하나라도 실패하면 make test가 실패합니다.
test: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target unit e2e
	$(MAKE) --no-print-directory nbval

# 사이트 브라우저 검사(tests/test_site_browser.py)는 만든 사이트가 있어야 하므로 make site-test가 실행합니다.
UNIT_ARGS = tests -q -rs --durations=10 --ignore=tests/test_site_browser.py

# 단위 테스트와 노트북 단계는 pytest-xdist로 프로세스 WORKERS개에 나눠 돌립니다(2코어 CI 기준 2; 1이면 한 프로세스).
# 노트북 단계는 --dist loadscope로 한 노트북의 셀을 모두 같은 프로세스(같은 커널)에서 순서대로 실행합니다.
# 노트북은 빠른 모드 시간이 긴 것부터(잰 적 없는 새 노트북은 맨 앞) 나눠 줍니다(conftest.py; xdist의 셀 수 기준 재정렬은 끔).
# 노트북 하나가 TensorFlow 커널 하나를 띄우므로 메모리를 생각해 코어 수(-n auto) 대신 정한 수를 씁니다.
WORKERS ?= 2
XDIST = $(if $(filter-out 0 1,$(WORKERS)),-n $(WORKERS))

# GitHub Actions 워크플로(.github/workflows/*.yml)는 여기서 돌릴 수 없으므로 actionlint로 문법·표현식·matrix를 검사합니다.
unit: $(STAMP)
	$(DEV_VENV)/bin/ruff check .
	$(DEV_VENV)/bin/ruff format --check .
	$(DEV_VENV)/bin/actionlint .github/workflows/*.yml
	MPLBACKEND=Agg $(PY) -m pytest $(UNIT_ARGS) $(XDIST) -m "not e2e"

## make e2e: 새 가상 환경에서 Colab 설치 셀로 00·02 실행, 실제 JupyterLab+Chromium(프로세스마다 서버 하나, 사용자 폴더 격리)으로
## 02 탐색기·모든 노트북의 마크다운(취소선·mailto·강조 표시)·03 모두 실행(오류·표준 오류 0), nbgrader 왕복 채점.
# e2e 시험은 대부분 기다림(서버·브라우저·pip·커널)이라 WORKERS개 프로세스에 파일 단위로 나눠 돌립니다(--dist loadfile: 한 파일의
# 시험은 한 프로세스에서, 그래서 Colab 흉내 가상 환경은 한 번만 만듦). JupyterLab을 쓰는 두 파일이 다른 프로세스에 가면
# 서버(사용자 폴더 격리, 빈 포트)가 프로세스마다 하나씩 뜹니다. (xdist_group/--dist loadgroup은 pytest 9.2 + pytest-xdist 3.8에서
# 묶지 못함: xdist가 item._nodeid에 묶음 이름을 붙이는데 pytest 9는 노드 주소를 _id에 둠. 잰 실행에서 묶음이 나뉘었음.)
# -m e2e일 때 tests/conftest.py가 e2e 표시가 없는 시험 파일은 읽지 않습니다(TensorFlow를 불러오는 수집 시간만 줄임).
e2e: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest $(UNIT_ARGS) $(if $(XDIST),$(XDIST) --dist loadfile) -m e2e

NBVAL_ARGS = -q -p no:cacheprovider --nbval-lax --nbval-current-env --durations=10 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=$(NBVAL_TIMEOUT) \
	$(if $(XDIST),$(XDIST) --dist loadscope --no-loadscope-reorder) $(NBVAL_DIR)

# 노트북은 한 번만 실행합니다: 해답 노트북에 학생용 사본의 빈칸·자가 점검을 확인하는 셀을 끼워 $(NBVAL_DIR)에 쓰고 그것을 nbval로 실행.
nbval-notebooks: $(STAMP)
	rm -rf $(NBVAL_DIR)
	$(PY) -m course_tools.grading with-student-checks --out $(NBVAL_DIR) $(NOTEBOOKS)

nbval: nbval-notebooks
	COURSE_QUICK=1 $(PY) -m pytest $(NBVAL_ARGS)

## make stacks: stacks/<이름>.txt 의 라이브러리 조합마다 .stacks/<이름>/ 가상 환경을 만들고(고정값이 그대로면 다시 씀)
## 그 안에서 make nbval과 같은 노트북 단계를 빠른 모드로 실행합니다. 설치하지 못한 스택은 실패로 끝납니다.
## 예: make stacks STACKS="lowest colab newest"   (새로 만들기: STACKS_REBUILD=1)
STACKS ?= lowest colab
stacks: nbval-notebooks
	COURSE_QUICK=1 $(PY) -m course_tools.stacks $(STACKS) -- $(NBVAL_ARGS)

## make bench: 모든 노트북의 빠른 모드 시간을 재고, 전체 모드로 실행해 결과와 목표를
## benchmarks/results.md 에 기록합니다(오래 걸림; 목표 미달이면 실패). 책의 재현은 시드 5개(42, 0, 1, 2, 3)로 재고 책의 값이
## 평균 ± 2σ 안인지, 강좌 목표는 시드 3개(42, 0, 1) 하나하나가 하한 이상인지 봅니다. 일부만: make bench NOTEBOOKS_BENCH=04_mnist_cnn
bench: $(STAMP)
	$(PY) -m course_tools.bench --quick $(NOTEBOOKS_BENCH)
	$(PY) -m course_tools.bench $(NOTEBOOKS_BENCH)

## make student: nbgrader 메타데이터·머리 셀을 쓰고 notebooks/student/ 학생용 사본, 강좌 안내 표,
## README의 노트북 표(Colab·Binder 배지)를 pyproject.toml의 저장소 주소와 배포 태그로 다시 만듭니다.
student: $(STAMP)
	$(PY) -m course_tools.grading release $(NOTEBOOKS)

clean-notebooks: $(STAMP)
	$(PY) -m course_tools.nbtools clean $(NOTEBOOKS)

check-notebooks: $(STAMP)
	$(PY) -m course_tools.nbtools check $(NOTEBOOKS)

## make site: 실행한 노트북으로 강좌 웹사이트를 build/site/html 에 만듭니다(Sphinx + MyST-NB, 오프라인).
## make bench의 전체 모드 실행(benchmarks/runs/full)이 있으면 그것을, 없으면 빠른 모드 실행을 씁니다.
## CI처럼 빠른 모드만: make site SITE_FLAGS=--quick · 일부만: make site SITE_NOTEBOOKS="01_convolution 03_pooling"
site: $(STAMP)
	$(PY) -m course_tools.website build $(SITE_FLAGS) $(SITE_NOTEBOOKS)

## make site-test: 만든 사이트를 헤드리스 Chromium으로 열어 검사하고 장 하나의 화면을 build/site/screenshots 에 저장합니다.
site-test: $(STAMP)
	COURSE_SITE_DIR=build/site/html $(PY) -m pytest -q -p no:cacheprovider -rs tests/test_site_browser.py
