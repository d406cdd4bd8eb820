#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: poolreport/browser_test.sh: writes poolreport's two pages (one run,
# and the diff of two) from the fixed runs under testdata/, then checks them
# in headless Chromium (browser_test.js).
#
#   browser_test.sh POOLREPORT BROWSER_TEST_JS OLD NEW
set -euo pipefail
poolreport=$1 script=$2 old=$3 new=$4
out=${TEST_TMPDIR:-$(mktemp -d)}

"$poolreport" --no-progress --html="$out/summary.html" "$old" >/dev/null
status=0
"$poolreport" --no-progress --diff --html="$out/diff.html" "$old" "$new" >/dev/null || status=$?
if [[ $status -ne 1 ]]; then
  echo "poolreport --diff exited $status; expected 1 (the new run has a new leak)" >&2
  exit 1
fi
exec node "$script" "$out/summary.html" "$out/diff.html"
