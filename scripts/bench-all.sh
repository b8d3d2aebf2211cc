#!/usr/bin/env bash
# Runs every `bench:*` script of the root package.json in turn (each prints its
# own figures); exits non-zero if any of them failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
failed=()
for script in $(node -e 'for (const k of Object.keys(require("./package.json").scripts)) if (k.startsWith("bench:")) console.log(k)'); do
  printf '\n== npm run %s\n' "$script"
  npm run --silent "$script" || failed+=("$script")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
