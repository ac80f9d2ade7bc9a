#!/usr/bin/env bash
# Where the browser wasm's bytes go: builds the release wasm exactly as Trunk does (profile wasm-release,
# wasm-bindgen, wasm-opt -Oz) but keeps the function names (`wasm-opt -g`), then groups twiggy's per-function
# sizes by crate and by VPC Lab module and prints a table (raw bytes, and gzip bytes estimated pro rata from the
# code section's own gzip size). A developer's tool for BENCHMARKS.md §3, not part of `make test`.
#
#   scripts/size-breakdown.sh [ROWS]        (make size-breakdown)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VPCLAB_ROOT"

if ! command -v twiggy >/dev/null; then
  echo "[size] cargo install twiggy 0.8.0 (once)"
  cargo install twiggy --version 0.8.0 --locked
fi
target="${CARGO_TARGET_DIR:-target}"
work="$target/size-breakdown"
mkdir -p "$work"
cargo build --quiet --target wasm32-unknown-unknown --profile wasm-release --bin vpclab-web
wasm-bindgen --target web --no-typescript --out-dir "$work" "$target/wasm32-unknown-unknown/wasm-release/vpclab-web.wasm"
# The same features Trunk's wasm-opt run enables for wasm-bindgen 0.2.130 output.
opt=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
wasm-opt "${opt[@]}" -g "$work/vpclab-web_bg.wasm" -o "$work/named.wasm"
wasm-opt "${opt[@]}" "$work/vpclab-web_bg.wasm" -o "$work/release.wasm"
twiggy top -n 1000000 -f csv "$work/named.wasm" >"$work/top.csv"
node scripts/size-breakdown.mjs "$work/top.csv" "$work/release.wasm" "${1:-40}"
