#!/usr/bin/env bash
# Measures what the entity card and the fleet page add to an app bundle: our own code
# (plus the -common helpers it uses), minified and gzipped. React, Material UI, react-use
# and @backstage/* stay external because every Backstage app already ships them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
esbuild="$here/../../node_modules/.bin/esbuild"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

measure() {
  local name="$1" module="$2" export_name="$3"
  printf "export { %s } from '%s';\n" "$export_name" "$here/src/components/$module" >"$out/$name-entry.ts"
  "$esbuild" "$out/$name-entry.ts" --bundle --minify --format=esm --jsx=automatic --target=es2022 \
    --external:react --external:react-dom --external:'@backstage/*' --external:'@material-ui/*' \
    --external:'react-use/*' --outfile="$out/$name.js" --log-level=warning
  printf '%-12s %6d bytes minified, %5d bytes gzip\n' "$name" \
    "$(stat -c%s "$out/$name.js")" "$(gzip -9c "$out/$name.js" | wc -c)"
}

measure entity-card EntityMcpKubernetesCard EntityMcpKubernetesCard
measure fleet-page FleetPage McpKubernetesFleetPage
