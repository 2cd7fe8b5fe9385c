# Front door for building, running and testing Weft. `make run` and `make test` are the two
# commands of the README; both install what is missing first (.ci/deps).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: deps configure build run test test-asan test-tsan bench package format format-check clean

deps:
	bash .ci/deps

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/app/weft

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) -LE bench

test-asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DWEFT_SANITIZE=ON $(CMAKE_FLAGS)"

test-tsan:
	$(MAKE) test BUILD=build-tsan CMAKE_FLAGS="-DWEFT_TSAN=ON $(CMAKE_FLAGS)"

bench: build
	cmake --build $(BUILD) --target weft_benchmarks
	cd $(BUILD) && ctest -L bench --output-on-failure

package: build
	cd $(BUILD) && cpack -G DEB

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) build-asan build-tsan
