# Entry points. `make demo` and `make test` work on a fresh Debian 12 machine: they install
# what they need (scripts/setup), configure, build and run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: setup configure build demo test bench format lint clean

setup:
	./scripts/setup

configure: setup
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./scripts/demo $(BUILD)/evp

test: build
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure

bench:
	./scripts/setup --bench
	cmake -S . -B $(BUILD)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVP_TESTS=OFF -DEVP_BENCH=ON
	cmake --build $(BUILD)-bench -j $(JOBS)
	./bench/throughput $(BUILD)-bench/evp

format:
	find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

lint: configure
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD) $(BUILD)-bench
