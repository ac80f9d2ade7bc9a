#!/usr/bin/env bash
# Installs whatever VPC Lab's build is missing, and nothing else. Idempotent: a second run only prints "skip".
#
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --test   the same, plus what `make test` needs: rustfmt, clippy, chromium, chromedriver
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VPCLAB_ROOT"

TRUNK_VERSION=0.21.14 # trunk 0.22 needs rustc >= 1.96.1; see README
WITH_TEST=0
[[ "${1:-}" == "--test" ]] && WITH_TEST=1

say() { printf '[setup] %s\n' "$*"; }
skip() { printf '[setup] skip: %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found. Install the Rust toolchain from https://rustup.rs and re-run."
command -v rustup >/dev/null || die "rustup not found (needed to add the wasm32 target). Install Rust via https://rustup.rs."

# --- Rust target and components --------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  skip "rustup target wasm32-unknown-unknown (installed)"
else
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [[ $WITH_TEST == 1 ]]; then
  for comp in rustfmt clippy; do
    if rustup component list --installed | grep -q "^$comp"; then
      skip "rustup component $comp (installed)"
    else
      say "rustup component add $comp"
      rustup component add "$comp"
    fi
  done
fi

# --- trunk ------------------------------------------------------------------------------------------------------
have_trunk="$(trunk --version 2>/dev/null || true)"
if [[ "$have_trunk" == "trunk $TRUNK_VERSION" ]]; then
  skip "trunk $TRUNK_VERSION (installed)"
else
  say "cargo install trunk --locked --version $TRUNK_VERSION (found: ${have_trunk:-none}; takes about 5 minutes)"
  cargo install trunk --locked --version "$TRUNK_VERSION" --force
fi

# --- wasm-bindgen-cli at the Cargo.lock version -------------------------------------------------------------------
[[ -f Cargo.lock ]] || { say "no Cargo.lock yet: cargo generate-lockfile"; cargo generate-lockfile; }
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
[[ -n "$WBG_VERSION" ]] || WBG_VERSION="$(cargo pkgid wasm-bindgen | sed 's/.*[@#]//')"
[[ -n "$WBG_VERSION" ]] || die "cannot find the wasm-bindgen version in Cargo.lock"
have_wbg="$(wasm-bindgen --version 2>/dev/null || true)"
have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null || true)"
if [[ "$have_wbg" == "wasm-bindgen $WBG_VERSION" && "$have_runner" == *"$WBG_VERSION"* ]]; then
  skip "wasm-bindgen-cli $WBG_VERSION (installed, matches Cargo.lock)"
else
  # Without --locked: the CLI's own lockfile pins crates some registries lack (toolchain.md §2).
  say "cargo install wasm-bindgen-cli --version $WBG_VERSION (found: ${have_wbg:-none}; takes about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# --- npm packages (binaryen's wasm-opt, playwright-core) --------------------------------------------------------
command -v npm >/dev/null || die "npm not found. Install Node.js 18+ with npm (Debian: apt-get install nodejs npm)."
stamp=node_modules/.package-lock.json
if [[ -f "$stamp" && ! package-lock.json -nt "$stamp" && ! package.json -nt "$stamp" ]] \
  && [[ -x node_modules/.bin/wasm-opt && -d node_modules/playwright-core ]]; then
  skip "npm ci (node_modules up to date with package-lock.json)"
else
  say "npm ci"
  npm ci --no-audit --no-fund
fi

# --- test-only system packages ----------------------------------------------------------------------------------
if [[ $WITH_TEST == 1 ]]; then
  missing=()
  [[ -x "$CHROMIUM" ]] || missing+=(chromium)
  [[ -x "$CHROMEDRIVER" ]] || missing+=(chromium-driver)
  command -v python3 >/dev/null || missing+=(python3)
  if [[ ${#missing[@]} == 0 ]]; then
    skip "chromium, chromium-driver, python3 (installed)"
  elif [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "apt-get install -y ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    die "missing ${missing[*]}. Install them as root, e.g. \`sudo apt-get install ${missing[*]}\` on Debian/Ubuntu
       (the tests expect $CHROMIUM and $CHROMEDRIVER; set CHROMIUM / CHROMEDRIVER to use other paths)."
  fi
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)"
