# The commands people type. uv is installed with pip if it is missing; uv.lock pins everything.
PYTHON ?= python3
UV := $(PYTHON) -m uv

.PHONY: install demo serve test lint bench bench-list bench-report e2e

install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm 未安装：驾驶舱图表（ECharts）不可用，其余功能不受影响"; fi

demo: install
	$(UV) run --frozen gonghui demo

serve: install
	$(UV) run --frozen gonghui serve

# The suite runs on every core (at most 4) with pytest-xdist; PYTEST_ARGS adds options, e.g. -x.
PYTEST_WORKERS ?= -n auto --maxprocesses 4
test: install
	$(UV) run --frozen pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(UV) run --frozen ruff check src tests
	$(UV) run --frozen ruff format --check src tests

bench: install
	$(UV) sync --frozen --group bench
	$(UV) run --frozen --group bench python -m tests.bench.import_members

bench-list: install
	$(UV) run --frozen python -m tests.bench.member_list

bench-report: install
	$(UV) run --frozen python -m tests.bench.report_annual
