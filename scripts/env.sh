# Sourced by the other scripts and by the Makefile: the environment every build and test command needs.
# shellcheck shell=bash
VPCLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VPCLAB_ROOT
# node_modules/.bin first: Trunk must find npm binaryen 132's wasm-opt, not a system one (Debian's 108 cannot
# parse current wasm-bindgen output). Then cargo-installed trunk / wasm-bindgen.
export PATH="$VPCLAB_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Trunk's update check calls the crates.io API; it is noise at best without network access.
export TRUNK_SKIP_VERSION_CHECK=true
# No tool may download a browser: tests use Debian's chromium + chromium-driver.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
