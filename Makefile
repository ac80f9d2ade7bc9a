# VPC Lab. The two everyday commands:
#   make serve   install what is missing, build (release) and serve on http://127.0.0.1:8080
#   make test    install what is missing (incl. chromium), run every suite, print a summary
# and:
#   make dist    release static site in dist/ (with .br and .gz beside every text and wasm asset) plus
#                dist/size-report.txt
#   make size-breakdown   the wasm's size by crate and module (developer tool)
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
ENV := source scripts/env.sh

.PHONY: serve test dist size-breakdown setup setup-test clean

serve: setup
	$(ENV) && trunk serve --release --address 127.0.0.1 --port 8080

test:
	scripts/test.sh

dist: setup
	$(ENV) && trunk build --release && node scripts/precompress.mjs dist && scripts/size-report.sh dist

# Where the wasm's bytes go, by crate and module (names-kept build + twiggy; BENCHMARKS.md §3).
size-breakdown: setup
	scripts/size-breakdown.sh

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

clean:
	cargo clean
	rm -rf dist tests/e2e/out
