#!/usr/bin/env bash
# Installs the real xDS clients the end-to-end tests drive: the npm packages pinned in
# e2e/package-lock.json and Debian's python3-grpcio (gRPC C-core 1.51). Safe to run again:
# each step is skipped when what it installs is already in place.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# npm ci wipes node_modules, so run it only when the lock changed since the last install.
stamp="$here/node_modules/.installed-lock.sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "e2e/install.sh: npm ci in $here"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

if ! /usr/bin/python3 -c 'import grpc' >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "e2e/install.sh: installing Debian python3-grpcio"
  # Update the package lists only when they do not know the package yet (a fresh image).
  if ! apt-cache show python3-grpcio >/dev/null 2>&1; then
    $sudo apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-grpcio >/dev/null
fi

js="$(cd "$here" && node -p 'require("@grpc/grpc-js-xds/package.json").version + " (grpc-js " + require("@grpc/grpc-js/package.json").version + ")"')"
py="$(/usr/bin/python3 -c 'import grpc; print(grpc.__version__)')"
echo "e2e/install.sh: ok: @grpc/grpc-js-xds $js, python3-grpcio $py"
