# Entry points. `make demo` runs the main job end to end on the sandbox; `make test` runs every test.
# Each step stops the build on failure.

CARGO ?= cargo
# A test stage that hangs fails after STAGE_TIMEOUT seconds instead of using up the CI budget.
STAGE_TIMEOUT ?= 900
GUARD = timeout --kill-after=30 $(STAGE_TIMEOUT)

.PHONY: setup demo test build lint one-crypto-library header-check abi-check rust-test conformance-test fuzz-seeds c-test soak python-test go-test java-test bench fuzz
.PHONY: dist dist-native dist-test version-check install uninstall dist-python dist-java dist-go package-test
.PHONY: gen-bindings node-test php-test dist-node dist-php node-consumer-test php-consumer-test docs-test

# Installs what the build and the tests need and the machine lacks (idempotent; CI runs it through `make test`).
setup:
	scripts/setup.sh

demo:
	$(CARGO) build --release --bin ydrz --example quickstart
	$(GUARD) target/release/examples/quickstart

build:
	$(CARGO) build --release --lib --bin ydrz
	ln -sf libydrz.so target/release/libydrz.so.1

# Formatting, clippy (all features sets), the crate's docs without a warning, and `cargo package -p ydrz`: the
# crate builds from the files it ships alone.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --all-targets --features ffi-testing -- -D warnings
	$(CARGO) clippy -p ydrz --lib --test exchange --no-default-features -- -D warnings
	$(CARGO) fmt --manifest-path fuzz/Cargo.toml -- --check
	$(CARGO) clippy --manifest-path fuzz/Cargo.toml --target-dir target --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p ydrz --no-deps
	$(CARGO) package -p ydrz --allow-dirty --quiet
	$(MAKE) one-crypto-library

# The product links one crypto library, AWS-LC: neither ring nor the `rsa` crate (RUSTSEC-2023-0071) is in the
# normal dependency tree of the library, the CLI or the JNI shim, on any target (test helpers and
# dev-dependencies may keep them).
one-crypto-library:
	for manifest in Cargo.toml bindings/java/native/Cargo.toml; do \
		$(CARGO) tree --manifest-path $$manifest -e normal --target all --prefix none > target/normal-deps.txt || exit 1; \
		! grep -E '^(ring|rsa) v' target/normal-deps.txt || { echo "linked into the product through $$manifest"; exit 1; }; \
	done

# The committed header must be what cbindgen generates from src/ffi.
header-check: build
	git diff --exit-code -- include/ydrz.h include/ydrz.abi.json || \
		(echo "include/ydrz.h or include/ydrz.abi.json is stale: commit the regenerated files" && exit 1)
	python3 scripts/gen_bindings.py --check

# Rewrites every binding's generated blocks (status tables, constants, foreign declarations) from the manifest.
gen-bindings:
	python3 scripts/gen_bindings.py

# The shared library exports exactly the functions the header declares, all prefixed ydrz_, has SONAME
# libydrz.so.1, is marked NODELETE (a host may unload it: build.rs), and contains no sandbox (server) code.
abi-check: build
	nm -D --defined-only target/release/libydrz.so | awk '{print $$3}' | sort > target/exports.txt
	! grep -v '^ydrz_' target/exports.txt
	$(CC) -Iinclude -E -P include/ydrz.h | grep -oE '\bydrz_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u | grep -v '^ydrz_test_panic$$' > target/declared.txt
	diff -u target/declared.txt target/exports.txt
	readelf -d target/release/libydrz.so | grep -q 'SONAME.*\[libydrz.so.1\]'
	readelf -d target/release/libydrz.so | grep -q 'FLAGS_1.*NODELETE' || { echo "libydrz.so is not linked with -z nodelete"; exit 1; }
	! nm -C target/release/libydrz.so | grep -i sandbox

# The second run is the library without its built-in HTTP client (feature http-client off): it builds, and the
# exchange works without it.
rust-test:
	$(GUARD) $(CARGO) test --lib --bins --tests --benches   # the library and the CLI (the workspace's default members)
	$(GUARD) $(CARGO) test -p ydrz --no-default-features --lib --test exchange
	$(GUARD) $(CARGO) test -p ydrz --doc   # the doc examples and README's Rust example
	$(GUARD) $(CARGO) test -p xtask   # the release checks of `cargo xtask dist-check` (scripts/dist/check.sh)

# An independent Python client (cryptography + the standard library, written from docs/protocol.md) drives every
# sandbox interface and checks the library's requests on the wire through a recording proxy.
conformance-test: build jni
	$(GUARD) tests/conformance/run.sh

# Every committed fuzz seed and reproducer through its target's check, on stable Rust (no libFuzzer).
fuzz-seeds:
	$(GUARD) $(CARGO) test --manifest-path fuzz/Cargo.toml --target-dir target

c-test: build
	$(GUARD) $(MAKE) -C tests/c test

# Bounded soak: 10^5 calls of each export family in one C process against the release library; the resident set
# may grow by less than 1 MiB (tests/c/soak.c).
soak: build
	$(GUARD) $(MAKE) -C tests/c soak

python-test: build
	$(GUARD) bindings/python/test.sh

go-test: build
	$(GUARD) bindings/go/test.sh

java-test: build
	$(GUARD) bindings/java/test.sh

node-test: build
	$(GUARD) bindings/node/test.sh

php-test: build
	$(GUARD) bindings/php/test.sh

# The version of every package equals Cargo.toml's (scripts/version.sh).
version-check:
	scripts/check-versions.sh

# Release: dist/ydrz-<version>-linux-<arch>.tar.gz (+ -debug.tar.gz) for each of DIST_ARCHES, built with
# cargo-zigbuild against glibc 2.17, from the trees staged in target/dist/stage/ (README, "Install").
# `make dist` builds every package; each packaging adds its own dist-* prerequisite.
DIST_ARCHES ?= x86_64 aarch64
export DIST_ARCHES
dist: dist-native dist-python dist-java dist-go dist-node dist-php

dist-native: setup
	scripts/dist/native.sh $(DIST_ARCHES)

# The release as a user gets it: install, pkg-config, CMake, static link, two Rust libraries, aarch64 under qemu.
dist-test: dist-native
	$(GUARD) scripts/dist/test.sh

# The packages, built from the staged release trees of dist-native into dist/ (each script says what it writes):
# the manylinux wheels, the jar with the JNI library of both architectures, and dist/goproxy/ with the Go module.
dist-python: dist-native
	scripts/package/python.sh

dist-java: dist-native
	scripts/package/java.sh

dist-go: dist-native
	scripts/package/go.sh

# The packages of dist/ checked, then installed and run as a user gets them (scripts/package/package_test.py).
package-test: dist-python dist-java dist-go
	$(GUARD) python3 scripts/package/package_test.py

# Installs the host architecture's staged release tree (run `make dist-native` first) under $(DESTDIR)$(PREFIX).
# Both reach the script through the environment, never pasted into a shell command line (the script checks them).
PREFIX ?= /usr/local
DESTDIR ?=
install uninstall: export PREFIX := $(PREFIX)
install uninstall: export DESTDIR := $(DESTDIR)
install:
	scripts/dist/install.sh install

uninstall:
	scripts/dist/install.sh uninstall

# The language packages, built from the staged release trees of `make dist-native` (which `make dist` runs
# first; they take the natives of DIST_ARCHES from target/dist/stage/ydrz-<version>-linux-<arch>).
VERSION = $(shell scripts/version.sh)

# dist/ydrz-<version>.tgz, as `npm pack` makes it, with the natives for linux-x64 and linux-arm64 inside.
dist-node: dist-native
	bindings/node/dist.sh $(DIST_ARCHES)

# dist/ydrz-php-<version>.zip, a Composer package for an `artifact` repository, natives for both arches inside.
dist-php: dist-native
	bindings/php/dist.sh $(DIST_ARCHES)

# The packages as a user gets them: installed from dist/ into a fresh directory outside the repository, then
# used against the sandbox each package carries, started with no path given.
node-consumer-test: dist-node
	$(GUARD) bindings/node/consumer-test.sh dist/ydrz-$(VERSION).tgz

php-consumer-test: dist-php
	$(GUARD) bindings/php/consumer-test.sh dist

# The docs as a user reads them: every relative link resolves, and every code block marked `runnable` in the
# READMEs and docs/ runs against the packages of dist/ in a fresh directory (scripts/package/docs_test.py).
docs-test: dist-python dist-go dist-node dist-php
	$(GUARD) python3 scripts/package/docs_test.py

# Regenerates the recipe and default tables of docs/protocol.md from src/protocol/interfaces.rs (`make test`'s
# rust-test stage fails when the committed tables drift: tests/protocol_doc.rs).
.PHONY: protocol-doc
protocol-doc:
	YDRZ_WRITE_DOCS=1 $(CARGO) test --test protocol_doc

# Every packaging target works on its own, whatever ran before: its prerequisites include the release build.
# The bindings' test scripts install nothing: installing system packages is scripts/setup.sh's job.
standalone-check:
	@for target in dist-node dist-php node-consumer-test php-consumer-test; do \
		$(MAKE) -n --no-print-directory $$target | grep -q 'scripts/dist/native.sh' || \
			{ echo "make $$target does not build the release it packages"; exit 1; }; \
	done
	! grep -nE 'apt-get [a-z]+ -' bindings/*/test.sh

# The stages of `make test`, in order; each prints its wall time so that CI's budget can be watched.
TEST_STAGES = lint header-check abi-check standalone-check version-check rust-test conformance-test fuzz-seeds c-test soak demo python-test go-test \
	java-test node-test php-test bench-smoke dist-test package-test node-consumer-test php-consumer-test docs-test

test: setup
	@for stage in $(TEST_STAGES); do \
		started=$$(date +%s); \
		$(MAKE) --no-print-directory $$stage || { echo "stage $$stage FAILED after $$(( $$(date +%s) - started )) s"; exit 1; }; \
		echo "stage $$stage: $$(( $$(date +%s) - started )) s"; \
	done
	@echo "all tests passed"

# From library to login endpoint: the Spring Boot starter (its tests against a sandbox; dist/ with the jar; a fresh
# Spring Boot project consuming it from dist/), the five example backends under one shared test, and the flow in
# headless Chromium against two of them (screenshots in target/browser-flow/; `make browser-screenshots` for docs/).
.PHONY: jni spring-test dist-spring spring-consumer-test backends-test browser-test readme-codes-check
jni:
	$(CARGO) build --release -p ydrz-jni

spring-test: build
	$(GUARD) bindings/java/spring-boot-starter/test.sh

dist: dist-spring
dist-spring: dist-java
	scripts/package/spring.sh

# The sandbox the fresh application is tested against: the host architecture's staged release executable.
STAGED_YDRZ = target/dist/stage/ydrz-$(VERSION)-linux-$(shell uname -m)/bin/ydrz
spring-consumer-test: dist-spring
	$(GUARD) bindings/java/spring-boot-starter/consumer_test.py dist $(STAGED_YDRZ)

backends-test: build jni
	$(GUARD) examples/backends/test_backends.py

browser-test: build jni
	$(GUARD) .tools/browser-venv/bin/python tests/browser/flow_test.py

# Regenerates the README's screenshots of the browser flow (docs/browser-flow/); browser-test writes to target/.
.PHONY: browser-screenshots
browser-screenshots: build jni
	YDRZ_WRITE_DOCS=1 $(GUARD) .tools/browser-venv/bin/python tests/browser/flow_test.py

# README's troubleshooting table is generated from data/return_codes.tsv (scripts/readme_codes.py).
readme-codes-check:
	scripts/readme_codes.py --check

TEST_STAGES += readme-codes-check spring-test backends-test browser-test spring-consumer-test

# The crypto benchmarks and `openssl speed` in one run, then a table of medians and ratios against OpenSSL.
# Both measure CPU time per operation (openssl speed's default; benches/crypto.rs measures its thread's CPU
# time), which on a machine shared with other jobs stays comparable where wall-clock time does not.
bench: build
	$(CARGO) bench --bench crypto
	openssl speed -seconds 3 rsa1024 rsa2048 | tee target/openssl-speed.txt
	scripts/bench_vs_openssl.py target/criterion target/openssl-speed.txt

# Many validations at once (Go binding, net/http): 100 and 500 one-click logins in flight against a sandbox
# whose every answer takes 200 ms; prints the median wall time of 3 rounds, validations/s, the ratio to the
# ideal N/delay and the peak OS threads of the process. Not part of `make test` (wall-clock figures).
# N validations at once (N = 100 and 500) in every binding against one sandbox answering after 200 ms, beside
# the language's own HTTP client sending the same N requests: benches/concurrency/run.py prints the table and
# writes target/bench-concurrency.md. Wall-clock figures, so not part of `make test`; bench-smoke (N=5, one
# round, no delay) is, so the bench programs keep working. Needs the bindings' test stages run once before
# (python-test's venv with aiohttp, java-test's classes and JNI shim, node-test's node_modules).
.PHONY: bench-concurrency bench-smoke
bench-concurrency: build
	python3 benches/concurrency/run.py

bench-smoke: build
	python3 benches/concurrency/run.py --smoke

# Coverage-guided fuzzing of the C ABI and the response parser with libFuzzer (needs a nightly toolchain and
# cargo-fuzz); each target runs FUZZ_SECONDS. A crash leaves its input in fuzz/artifacts/<target>/: copy it
# to fuzz/seeds/<target>/ with the fix, so that `make test` replays it.
FUZZ_SECONDS ?= 60
fuzz:
	for t in $$($(CARGO) +nightly fuzz list); do \
		mkdir -p fuzz/corpus/$$t && \
		$(CARGO) +nightly fuzz run --features libfuzzer -O $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -max_len=16384 || exit 1; \
	done
