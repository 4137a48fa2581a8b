# 강좌 작업 명령. 처음 실행하면 .venv 가상 환경을 만들고 그 명령에 필요한 묶음만 설치합니다.
# 묶음(pyproject.toml의 추가 의존성): 학습자 lab, 강사 instructor(nbgrader), 개발 test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
NBVAL_TIMEOUT ?= 900

# 설치 표시 파일: 학습자용(make lab)은 nbgrader 없이, 강사용(make student)은 nbgrader와 노트북 도구,
# 개발용(make test, .installed)은 셋 모두. pyproject.toml이 바뀌면 다시 설치합니다.
LAB_STAMP := $(VENV)/.installed-lab
INSTRUCTOR_STAMP := $(VENV)/.installed-instructor
STAMP := $(VENV)/.installed
DEV_EXTRAS := lab,instructor,test

define install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(1)]"
	@touch $@
endef

$(LAB_STAMP): pyproject.toml
	$(call install,lab)

$(INSTRUCTOR_STAMP): pyproject.toml
	$(call install,instructor)

$(STAMP): pyproject.toml
	$(call install,$(DEV_EXTRAS))

.PHONY: lab test unit nbval bench student clean-notebooks check-notebooks

## make lab: 학습자용 묶음만 설치하고 JupyterLab을 notebooks/ 에서 시작합니다(브라우저 없이 주소를 출력).
# root로 실행하는 컨테이너·서버에서는 Jupyter가 --allow-root를 요구합니다.
lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 \
		$(if $(filter 0,$(shell id -u)),--allow-root)

## make test: 단위 테스트, 그다음 빠른 모드로 모든 노트북을 nbval로 실행합니다.
test: unit nbval

unit: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest tests -q

nbval: $(STAMP)
	COURSE_QUICK=1 $(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=$(NBVAL_TIMEOUT) $(NOTEBOOKS)

## make bench: 모든 노트북의 빠른 모드 시간을 재고, 전체 모드로 실행해 결과와 목표를
## benchmarks/results.md 에 기록합니다(오래 걸림; 목표 미달이면 실패). 목표가 있는 노트북은 시드 0, 1로도 다시 재고
## 시드 평균으로 판정합니다. 일부만: make bench NOTEBOOKS_BENCH=04_mnist_cnn
bench: $(STAMP)
	$(PY) -m course_tools.bench --quick $(NOTEBOOKS_BENCH)
	$(PY) -m course_tools.bench $(NOTEBOOKS_BENCH)

## make student: nbgrader 메타데이터·머리 셀을 쓰고 notebooks/student/ 학생용 사본, 강좌 안내 표,
## README의 노트북 표(Colab·Binder 배지)를 pyproject.toml의 저장소 주소와 배포 태그로 다시 만듭니다.
student: $(INSTRUCTOR_STAMP)
	$(PY) -m course_tools.grading release $(NOTEBOOKS)

clean-notebooks: $(INSTRUCTOR_STAMP)
	$(PY) -m course_tools.nbtools clean $(NOTEBOOKS)

check-notebooks: $(INSTRUCTOR_STAMP)
	$(PY) -m course_tools.nbtools check $(NOTEBOOKS)
