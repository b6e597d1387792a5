# murphy's build. `make test` works on a fresh machine: it installs what it needs first (setup).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export MURPHY_CACHE ?= $(HOME)/.cache/murphy

.PHONY: help setup setup-runtime build lint test bench experiment generate check-generated clean images

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

setup: ## install everything the project needs (idempotent; caches in ~/.cache/murphy)
	@scripts/setup.sh

setup-runtime: ## install only what murphy needs to run (no test tools)
	@scripts/setup.sh --runtime

build: setup-runtime ## compile TypeScript to dist/
	@npx --no-install tsc -p tsconfig.json
	@chmod +x dist/src/cli/main.js

lint: setup ## eslint, type check and protobuf lint
	@scripts/lint.sh

generate: setup ## regenerate every generated file (CRD, gRPC stubs, docs reference)
	@scripts/generate.sh

check-generated: setup ## fail when a generated file is stale
	@scripts/check-generated.sh

test: export MURPHY_TIMINGS = $(CURDIR)/dist/timings.txt
test: ## every test suite (after setup and build, which must leave the tree as it was); ends with a timing line and "N passed, N failed"
	@scripts/tree-state.sh record
	@scripts/timings.sh reset
	@$(MAKE) --no-print-directory setup
	@scripts/timings.sh run build $(MAKE) --no-print-directory build
	@scripts/test.sh

bench: setup build ## benchmarks; print ratios measured in one run
	@scripts/bench.sh

experiment: setup build ## the learning experiment: base model, GRPO and MURPHY on the constants family (docs/learning.md)
	@scripts/learning/experiment.sh

images: ## build the container images with docker or podman (says so when neither exists)
	@images/build.sh

clean: ## remove build outputs (caches outside the repository stay)
	rm -rf dist coverage
