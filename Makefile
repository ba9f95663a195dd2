# TacoTracker — `make demo` to try it, `make test` to test it; `make help` lists every target.
# The shell work lives in scripts/ (each has --help); this file only strings the steps together.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Swift lives in /opt/swift/usr/bin on these machines, not always on PATH.
ifeq ($(shell command -v swift 2>/dev/null),)
  ifneq ($(wildcard /opt/swift/usr/bin/swift),)
    export PATH := /opt/swift/usr/bin:$(PATH)
  endif
endif

SWIFT       ?= swift
BIN         ?= .build/debug
RELEASE_BIN ?= .build/release
DEMO_DIR    ?= .taco
DEMO_DB     ?= tacotracker
# Extra arguments for `swift test`, e.g. make test TEST_ARGS='--filter MenuTests'
TEST_ARGS   ?=

.PHONY: help demo demo-stop test docs check-docs bench clean

help: ## list the targets
	@echo 'usage: make TARGET'
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-11s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

demo: ## install what is missing, build, start a database in .taco/, migrate, load demo data, tour
	scripts/setup-system
	$(SWIFT) build
	TACO_BIN_DIR='$(BIN)' TACO_DEMO_DIR='$(DEMO_DIR)' TACO_DEMO_DB='$(DEMO_DB)' scripts/demo

demo-stop: ## stop the demo database (its data stays in .taco/)
	scripts/pg-cluster stop '$(DEMO_DIR)'

test: ## install what is missing, build, run all tests on a throwaway database, then check-docs
	scripts/setup-system
	scripts/run-tests $(TEST_ARGS)
	$(MAKE) check-docs

docs: ## regenerate man/ and completions/ from the commands
	TACO_BIN_DIR='$(BIN)' scripts/gen-docs man completions

check-docs: ## fail when man/ or completions/ are stale
	TACO_BIN_DIR='$(BIN)' scripts/check-docs

bench: ## release build, then benchmarks against their floor (e.g. psql \copy) on a throwaway database
	scripts/setup-system
	$(SWIFT) build -c release --static-swift-stdlib
	TACO_BIN_DIR='$(RELEASE_BIN)' scripts/run-bench

clean: ## delete the demo database (.taco/) and .build/
	scripts/pg-cluster destroy '$(DEMO_DIR)'
	rm -rf .build '$(DEMO_DIR)'
