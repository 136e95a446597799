#!/usr/bin/env bash
# Installs the reference implementation (@langwatch/scenario 0.5.3) into
# test/compat/reference/node_modules, so vitest adds the compat-reference project.
# Idempotent: does nothing when that version is already installed.
#
# --ignore-scripts is required: a dependency of the reference (ffmpeg-static)
# downloads a binary in its postinstall, which fails offline and aborts the install.
# The text-only API the suite uses never needs that binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
reference="$here/reference"
installed="$reference/node_modules/@langwatch/scenario/package.json"

if [ -f "$installed" ] && node -e 'process.exit(require(process.argv[1]).version === "0.5.3" ? 0 : 1)' "$installed"; then
  echo "reference @langwatch/scenario 0.5.3 already installed in $reference"
  exit 0
fi

echo "installing the reference @langwatch/scenario 0.5.3 into $reference"
npm install --ignore-scripts --no-audit --no-fund --prefix "$reference"
node -e 'process.exit(require(process.argv[1]).version === "0.5.3" ? 0 : 1)' "$installed"
echo "reference installed"
