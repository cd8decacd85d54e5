# steward — two commands on a fresh Debian 12 machine:
#   make demo    installs what is missing, builds, runs the demo
#   make check   installs test dependencies, builds, runs every test
#                (plain build, then AddressSanitizer + UBSan build, then
#                each libFuzzer harness ~10 s on its corpus, clang build)
#   make fuzz    runs each fuzz/ harness FUZZ_SECONDS (default 60)

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

# Debian packages the build needs, the tests need, and the bench needs.
DEPS_BUILD = gcc make cmake pkg-config libsqlite3-dev libjansson-dev \
             libsodium-dev libseccomp-dev libmicrohttpd-dev slirp4netns
DEPS_TEST  = libcmocka-dev python3 python3-scipy python3-mpmath tmux git zsh \
             nodejs chromium openssl curl
# npm, unless a nodejs from elsewhere (NodeSource) already brings it.
DEPS_NODE  = npm
DEPS_BENCH = python3-scipy python3-optuna bubblewrap sqlite3 bc wrk curl
# libFuzzer harnesses (fuzz/): clang and its sanitizer/fuzzer runtimes.
DEPS_FUZZ  = clang libclang-rt-dev

.PHONY: all build build-san deps deps-test deps-node deps-bench demo check test test-san bench clean \
        man deps-fuzz build-fuzz test-fuzz fuzz

all: build

deps:
	@scripts/install-deps.sh $(DEPS_BUILD)

deps-test: deps
	@scripts/install-deps.sh $(DEPS_TEST)

deps-fuzz: deps
	@scripts/install-deps.sh $(DEPS_FUZZ)
# The npm packages tests drive steward with, each installed from its
# committed lock file when it changed: the MCP SDK client (tests/mcp/) and
# playwright-core for Debian's Chromium (tests/browser/).
NODE_TESTS = tests/mcp tests/browser
deps-node: deps-test
	@command -v npm >/dev/null || scripts/install-deps.sh $(DEPS_NODE)
	@for d in $(NODE_TESTS); do \
	    [ $$d/node_modules/.package-lock.json -nt $$d/package-lock.json ] || \
	    (cd $$d && npm ci --no-audit --no-fund) || exit 1; done

deps-bench: deps-test
	@scripts/install-deps.sh $(DEPS_BENCH)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-san: deps-test deps-node
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSTEWARD_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_SAN) -j $(JOBS)

demo: build
	examples/demo.sh $(BUILD)/steward

test: deps-test deps-node build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-san: build-san
	cd $(BUILD_SAN) && ctest --output-on-failure -j $(JOBS)

# The harnesses are their own CMake project (fuzz/CMakeLists.txt) built
# with clang in $(BUILD_FUZZ), so the gcc builds above are untouched.
build-fuzz: deps-fuzz
	@if command -v clang >/dev/null 2>&1; then \
	    cmake -S fuzz -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang >/dev/null && \
	    cmake --build $(BUILD_FUZZ) -j $(JOBS); \
	else echo "steward: clang missing, fuzz harnesses not built"; fi

test-fuzz: build-fuzz
	@if [ -f $(BUILD_FUZZ)/CTestTestfile.cmake ]; then \
	    cd $(BUILD_FUZZ) && ctest --output-on-failure; \
	else echo "steward: no fuzz build, fuzz_short skipped"; fi

fuzz: build-fuzz
	fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

check: test test-san test-fuzz

bench: deps-bench build
	bench/run.sh $(BUILD)

# The man page is generated from the command table (steward __man).
man: build
	$(BUILD)/steward __man > docs/steward.1

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
