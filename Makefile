# steward — two commands on a fresh Debian 12 machine:
#   make demo    installs what is missing, builds, runs the demo
#   make check   installs test dependencies, builds, runs every test
#                (plain build, then AddressSanitizer + UBSan build)

BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

# Debian packages the build needs, the tests need, and the bench needs.
DEPS_BUILD = gcc make cmake pkg-config libsqlite3-dev libjansson-dev \
             libsodium-dev libseccomp-dev libmicrohttpd-dev
DEPS_TEST  = libcmocka-dev python3 python3-scipy python3-mpmath tmux git \
             nodejs
# npm, unless a nodejs from elsewhere (NodeSource) already brings it.
DEPS_NODE  = npm
DEPS_BENCH = python3-scipy python3-optuna bubblewrap sqlite3

.PHONY: all build build-san deps deps-test deps-node deps-bench demo check test test-san bench clean

all: build

deps:
	@scripts/install-deps.sh $(DEPS_BUILD)

deps-test: deps
	@scripts/install-deps.sh $(DEPS_TEST)

# The MCP SDK client the MCP tests drive steward with (tests/mcp/),
# installed from the committed lock file when it changed.
deps-node: deps-test
	@command -v npm >/dev/null || scripts/install-deps.sh $(DEPS_NODE)
	@[ tests/mcp/node_modules/.package-lock.json -nt tests/mcp/package-lock.json ] || \
	    (cd tests/mcp && npm ci --no-audit --no-fund)

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

check: test test-san

bench: deps-bench build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
