# One entry point for people and CI. Every target that builds first makes sure the system
# libraries are there (`deps`), so a fresh Debian machine needs nothing but Swift.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libcairo2-dev libopenblas-dev zlib1g-dev fonts-dejavu-core pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/release/digits
# SwiftPM adds -color-diagnostics only when its output is a terminal, and changed flags rebuild the
# whole package: fixing the choice makes `make report` and `make report | tee log` share one build.
BUILD_FLAGS := -c release --no-color-diagnostics

.PHONY: deps build test report figures verify check bench clean

deps:
	@if ! pkg-config --exists cairo openblas zlib 2>/dev/null || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
		echo "Installing system packages: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS) --product digits

# Tests run optimised (with -enable-testing for @testable imports): the numerical tests train small
# networks on real MNIST batches, which an unoptimised build makes several times slower. The suite is
# XCTest only, so Swift Testing's empty run is switched off and the last line is XCTest's count.
# The testing build has its own folder, so that `make test` and `make report` do not rebuild each other.
test: deps
	$(SWIFT) test $(BUILD_FLAGS) --scratch-path .build-test -Xswiftc -enable-testing --disable-swift-testing

report: build
	DIGITS_MAKE_TARGET=report $(BIN) report

figures: build
	DIGITS_MAKE_TARGET=figures $(BIN) figures

# Retrains the saved runs from their recorded configuration and fails unless weights and metrics are identical.
verify: build
	$(BIN) verify

# The parameter counts against expected_parameters in report/params.yaml, without training.
check: build
	$(BIN) check

bench: build
	$(BIN) bench

clean:
	rm -rf .build .build-test
