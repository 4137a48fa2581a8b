# 강좌 작업 명령. 처음 실행하면 .venv 가상 환경을 만들고 패키지를 설치합니다.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
NBVAL_TIMEOUT ?= 900

.PHONY: lab test unit nbval stacks bench student clean-notebooks check-notebooks

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

## make lab: JupyterLab을 notebooks/ 에서 시작합니다(브라우저 없이 주소를 출력).
# root로 실행하는 컨테이너·서버에서는 Jupyter가 --allow-root를 요구합니다.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## make test: 단위 테스트, 그다음 빠른 모드로 모든 노트북을 nbval로 실행합니다.
test: unit nbval

unit: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest tests -q

NBVAL_ARGS = -q -p no:cacheprovider --nbval-lax --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=$(NBVAL_TIMEOUT) $(NOTEBOOKS)

nbval: $(STAMP)
	COURSE_QUICK=1 $(PY) -m pytest $(NBVAL_ARGS)

## make stacks: stacks/<이름>.txt 의 라이브러리 조합마다 .stacks/<이름>/ 가상 환경을 만들고(고정값이 그대로면 다시 씀)
## 그 안에서 make nbval과 같은 노트북 단계를 빠른 모드로 실행합니다. 설치하지 못한 스택은 실패로 끝납니다.
## 예: make stacks STACKS="lowest colab newest"   (새로 만들기: STACKS_REBUILD=1)
STACKS ?= lowest colab
stacks: $(STAMP)
	COURSE_QUICK=1 $(PY) -m course_tools.stacks $(STACKS) -- $(NBVAL_ARGS)

## make bench: 모든 노트북의 빠른 모드 시간을 재고, 전체 모드로 실행해 결과와 목표를
## benchmarks/results.md 에 기록합니다(오래 걸림; 목표 미달이면 실패). 책의 재현은 시드 5개(42, 0, 1, 2, 3)로 재고 책의 값이
## 평균 ± 2σ 안인지, 강좌 목표는 시드 3개(42, 0, 1) 평균이 하한 이상인지 봅니다. 일부만: make bench NOTEBOOKS_BENCH=04_mnist_cnn
bench: $(STAMP)
	$(PY) -m course_tools.bench --quick $(NOTEBOOKS_BENCH)
	$(PY) -m course_tools.bench $(NOTEBOOKS_BENCH)

## make student: nbgrader 메타데이터·머리 셀을 쓰고 notebooks/student/ 학생용 사본과 강좌 안내 표를 다시 만듭니다.
student: $(STAMP)
	$(PY) -m course_tools.grading release $(NOTEBOOKS)

clean-notebooks: $(STAMP)
	$(PY) -m course_tools.nbtools clean $(NOTEBOOKS)

check-notebooks: $(STAMP)
	$(PY) -m course_tools.nbtools check $(NOTEBOOKS)
