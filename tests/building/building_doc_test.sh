#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: tests/building/building_doc_test.sh: docs/building.md against the
# files it describes.
#  - every flag of the "Always on" table is in .bazelrc;
#  - every --config=NAME the page names is a config of .bazelrc (but
#    remote, which users add to their user.bazelrc);
#  - every //package:target its commands run is declared in that package;
#  - every repository its http_archive stanzas declare is one
#    third_party/deps.bzl declares, so the stanza replaces something;
#  - the --config=remote stanza is all "build:remote --flag=value" lines and
#    names the executor, cache, instance, a header and platform properties.
# (.ci/run also gives the stanza's flags to `bazel canonicalize-flags`.)
#
#   building_doc_test.sh BUILDING_MD BAZELRC DEPS_BZL
set -uo pipefail
doc=$1 rc=$2 deps=$3
fail() { echo "FAIL: $*"; exit 1; }

# Fenced blocks of one language, as lines ("" = any opening fence).
blocks() {
  awk -v lang="$1" '
    /^```/ { if (inside) { inside = 0; next } if ($0 == "```" lang) { inside = 1; next } skip = !skip; next }
    inside { print }' "$doc"
}

# ---- the always-on table
table=$(sed -n '/^Always on:/,/^### /p' "$doc" | grep '^| `')
[[ -n "$table" ]] || fail "no 'Always on' table"
while read -r flag; do
  sed 's/^/ /; s/$/ /' "$rc" | grep -qF -- " $flag " || fail ".bazelrc lacks $flag (the page's always-on table names it)"
done < <(grep -o '`[^`]*`' <<<"$table" | tr -d '`' | tr ' ' '\n' | grep '^--')
grep -qF -- '--copt=-Werror' <<<"$table" || fail "the table does not list -Werror"

# ---- configs
while read -r name; do
  [[ $name == remote ]] && continue
  grep -qE "^build:${name} " "$rc" || fail "--config=$name is not a config of .bazelrc"
done < <(grep -o -- '--config=[a-z]*' "$doc" | cut -d= -f2 | sort -u)

# ---- targets the commands run
while read -r label; do
  pkg=${label#//}; pkg=${pkg%%:*}; name=${label##*:}
  build="$pkg/BUILD.bazel"
  [[ -f "$build" ]] || fail "$label: no $build in the data of this test"
  grep -qE "name = \"${name}\"" "$build" || fail "$label is not declared in $build"
done < <(blocks sh | grep -o '//[a-z_/]*:[a-z_]*' | sort -u)

# ---- upstream stanzas replace declared repositories
stanzas=$(blocks python)
[[ -n "$stanzas" ]] || fail "no http_archive stanzas"
while read -r repo; do
  [[ $repo == bazel_skylib ]] && continue  # Abseil's own dependency, new
  grep -qE "name = \"${repo}\"" "$deps" || fail "the stanza for $repo replaces nothing in deps.bzl"
done < <(grep -A1 'http_archive(' <<<"$stanzas" | grep -o 'name = "[a-z_]*"' | cut -d'"' -f2)

# ---- the remote stanza
remote=$(blocks text | grep '^build:remote ')
[[ -n "$remote" ]] || fail "no build:remote stanza"
bad=$(grep -vE '^build:remote --[a-z_]+=[^ ]+$' <<<"$remote")
[[ -z "$bad" ]] || fail "not one --flag=value per line: $bad"
for flag in remote_executor remote_cache remote_instance_name remote_header remote_default_exec_properties; do
  grep -q -- "--${flag}=" <<<"$remote" || fail "the remote stanza lacks --$flag"
done
grep -q -- '--remote_default_exec_properties=container-image=' <<<"$remote" ||
  fail "the remote stanza does not name the worker image"
grep -q '^build:remote' "$rc" && fail ".bazelrc holds a remote config (it belongs in user.bazelrc)"
echo PASS
