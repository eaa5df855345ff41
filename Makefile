# piiproxy — the two commands of the quick start are `make run` and `make test`.
BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps build run test test-asan bench loadtest memtest clean

all: build

# Installs every Debian package the build, tests and benchmarks need (idempotent).
deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The main job with the bundled defaults.
run: build
	@bash scripts/run-demo.sh $(BUILD)

# Every test: unit, integration (loopback), and the quality gate over ../shared/eval.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@bash scripts/quality-gate.sh $(BUILD)

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	$(MAKE) test BUILD=build-asan BUILD_TYPE=Debug CMAKE_ARGS="-DPIIPROXY_SANITIZE=ON -DPIIPROXY_WERROR=ON"

bench: deps
	@bash scripts/install-deps.sh --bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPIIPROXY_BUILD_BENCH=ON
	cmake --build build-bench -j $(JOBS)
	@bash bench/run.sh build-bench

# Proxy CPU per request against nginx (wrk on loopback, proxy pinned to one core);
# see docs/performance.md. Not part of `make test`.
loadtest: build
	@bash scripts/install-deps.sh --load
	@bash scripts/loadtest.sh $(BUILD)

# Peak RSS while streaming 1 GiB through the proxy each way, and bytes per idle
# keep-alive connection; see docs/performance.md.
memtest: build
	@bash scripts/install-deps.sh --load
	@bash scripts/memtest.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-bench
