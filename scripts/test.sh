#!/usr/bin/env bash
# `make test`: installs what is missing, then runs every suite (all of them, even after a failure) and ends with a
# summary table. Exit status 1 if any suite failed.
#
#   SKIP_SETUP=1 scripts/test.sh    skip scripts/setup.sh --test
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VPCLAB_ROOT"

START=$SECONDS
if [[ "${SKIP_SETUP:-0}" != 1 ]]; then
  scripts/setup.sh --test || { echo "[test] setup failed; nothing was tested" >&2; exit 1; }
fi
SETUP_SECONDS=$((SECONDS - START))

names=() results=() times=()
record() { names+=("$1"); results+=("$2"); times+=("$3"); }

# run NAME CMD...: runs one suite, records PASS/FAIL and its wall time.
run() {
  local name="$1"; shift
  printf '\n\033[1m=== %s\033[0m\n$ %s\n' "$name" "$*"
  local t0=$SECONDS
  if "$@"; then record "$name" PASS $((SECONDS - t0)); return 0
  else record "$name" FAIL $((SECONDS - t0)); return 1; fi
}

wasm_browser_tests() {
  WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown -p vpclab-web
}

SERVER_PID=""
SERVE_ROOT=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; fi
  if [[ -n "$SERVE_ROOT" ]]; then rm -rf "$SERVE_ROOT"; SERVE_ROOT=""; fi
}
trap stop_server EXIT INT TERM

# Serves dist/ under a sub-path (/vpclab/) on a free 127.0.0.1 port, so relative URLs are tested too; sets BASE_URL.
start_server() {
  [[ -f dist/index.html ]] || { echo "dist/index.html missing: the release build failed"; return 1; }
  SERVE_ROOT="$(mktemp -d)"
  ln -s "$VPCLAB_ROOT/dist" "$SERVE_ROOT/vpclab"
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$SERVE_ROOT" >/dev/null 2>&1 &
  SERVER_PID=$!
  export BASE_URL="http://127.0.0.1:$port/vpclab/"
  local i
  for i in $(seq 50); do
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE_URL" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the test server did not answer at $BASE_URL"
  return 1
}

# The playground suite compares the page's verdicts with the CLI's (the debug build that `cargo test` made: the
# same engine, without a second optimised link of the whole workspace).
e2e_playground() {
  cargo build --bin vpclab --quiet && VPCLAB_CLI="${CARGO_TARGET_DIR:-$VPCLAB_ROOT/target}/debug/vpclab" node tests/e2e/playground.mjs
}

# The Report tab's counts against `vpclab audit` (the same debug CLI).
e2e_report() {
  cargo build --bin vpclab --quiet && VPCLAB_CLI="${CARGO_TARGET_DIR:-$VPCLAB_ROOT/target}/debug/vpclab" node tests/e2e/report.mjs
}

# The first view's share link comes from `vpclab link` (the same debug CLI).
e2e_first_view() {
  cargo build --bin vpclab --quiet && VPCLAB_CLI="${CARGO_TARGET_DIR:-$VPCLAB_ROOT/target}/debug/vpclab" node tests/e2e/first_view.mjs
}

# A short, seeded, time-bounded fuzz run of every target (share links, importer, policies, topology JSON, Terraform,
# lessons, the JS API's arguments: about 2 s each; fuzz/README.md; longer: `cd fuzz && cargo run --release --no-default-features --bin run-stable
# -- --seconds 600 --target NAME`). Debug build, sharing the workspace's target folder so no dependency is compiled
# twice.
fuzz_brief() {
  (cd fuzz && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$VPCLAB_ROOT/target}" cargo run --quiet --no-default-features --bin run-stable -- --seconds "${FUZZ_SECONDS:-14}")
}

run "cargo fmt --check" cargo fmt --all -- --check
run "clippy (workspace, native)" cargo clippy --workspace --all-targets -- -D warnings
run "clippy (web, wasm32)" cargo clippy -p vpclab-web --target wasm32-unknown-unknown --all-targets -- -D warnings
run "cargo test (workspace, native)" cargo test --workspace
run "fuzz, 7 targets (brief)" fuzz_brief
run "wasm tests (headless Chromium)" wasm_browser_tests
if run "trunk build --release" trunk build --release; then
  scripts/size-report.sh dist || true
  run "precompress dist (.br, .gz)" node scripts/precompress.mjs dist
  if start_server; then
    run "e2e smoke (Playwright + Chromium)" node tests/e2e/smoke.mjs
    run "e2e playground (Playwright)" e2e_playground
    run "e2e embed API page (Playwright)" node tests/e2e/embed.mjs
    run "e2e share, import, export, lessons" node tests/e2e/share_lessons.mjs
    run "e2e import in the worker, Cancel" node tests/e2e/import_worker.mjs
    run "e2e first-time user, phone" node tests/e2e/first_user.mjs
    run "e2e account-scale overview" node tests/e2e/overview.mjs
    run "e2e report: audit and compare" e2e_report
    run "e2e placement, labels, touch" node tests/e2e/view_touch.mjs
    run "e2e bad input (import, links)" node tests/e2e/bad_input.mjs
    run "e2e first view (first load)" e2e_first_view
  else
    record "e2e smoke (Playwright + Chromium)" FAIL 0
    record "e2e playground (Playwright)" FAIL 0
    record "e2e embed API page (Playwright)" FAIL 0
    record "e2e share, import, export, lessons" FAIL 0
    record "e2e import in the worker, Cancel" FAIL 0
    record "e2e first-time user, phone" FAIL 0
    record "e2e account-scale overview" FAIL 0
    record "e2e report: audit and compare" FAIL 0
    record "e2e placement, labels, touch" FAIL 0
    record "e2e bad input (import, links)" FAIL 0
    record "e2e first view (first load)" FAIL 0
  fi
  stop_server
else
  record "e2e smoke (Playwright + Chromium)" FAIL 0
  record "e2e playground (Playwright)" FAIL 0
  record "e2e embed API page (Playwright)" FAIL 0
  record "e2e share, import, export, lessons" FAIL 0
  record "e2e import in the worker, Cancel" FAIL 0
  record "e2e first-time user, phone" FAIL 0
  record "e2e account-scale overview" FAIL 0
  record "e2e report: audit and compare" FAIL 0
  record "e2e placement, labels, touch" FAIL 0
  record "e2e bad input (import, links)" FAIL 0
  record "e2e first view (first load)" FAIL 0
  echo "[test] e2e not run: the release build failed"
fi

failed=0
printf '\n\033[1m=== Summary\033[0m\n'
printf '  %-36s %-6s %8s\n' "suite" "result" "time"
printf '  %-36s %-6s %8s\n' "------------------------------------" "------" "--------"
printf '  %-36s %-6s %7ss\n' "setup (scripts/setup.sh --test)" "done" "$SETUP_SECONDS"
for i in "${!names[@]}"; do
  printf '  %-36s %-6s %7ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  [[ "${results[$i]}" == PASS ]] || failed=$((failed + 1))
done
total=${#names[@]}
if [[ $failed == 0 ]]; then
  printf '\nALL %d SUITES PASSED in %ds\n' "$total" $((SECONDS - START))
else
  printf '\n%d OF %d SUITES FAILED (%ds)\n' "$failed" "$total" $((SECONDS - START))
  exit 1
fi
