#!/usr/bin/env bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# File: poolreport/progress_tty_test.sh: the read counter of `poolreport`
# on a real terminal (a pseudo-terminal from util-linux's `script`), and
# its absence in a pipe; POOLSIM_PROGRESS forces it on or off.
#
#   progress_tty_test.sh POOLREPORT TESTLOGS
set -uo pipefail
poolreport="$(pwd)/$1" logs="$(pwd)/$2"
tmp="$TEST_TMPDIR"
fail() { echo "FAIL: $*"; exit 1; }
command -v script >/dev/null || fail "util-linux's script is not installed"
drawn=$'\rpoolreport: read 3/3 report(s)\e[K'
erased=$'\r\e[K'

# On a terminal: redrawn in place, erased, then the summary.
POOLSIM_PROGRESS= script -qec "'$poolreport' '$logs'" /dev/null >"$tmp/tty.txt" 2>&1 ||
  fail "poolreport on a terminal failed: $(cat -v "$tmp/tty.txt")"
grep -qF "$drawn" "$tmp/tty.txt" || fail "no progress on a terminal: $(cat -v "$tmp/tty.txt")"
grep -qF "$erased" "$tmp/tty.txt" || fail "the line was not erased: $(cat -v "$tmp/tty.txt")"
grep -qF "poolreport: 3 report(s), 3 with findings" "$tmp/tty.txt" || fail "no summary on a terminal"

# On a terminal, forced off (and --no-progress).
POOLSIM_PROGRESS=0 script -qec "'$poolreport' '$logs'" /dev/null >"$tmp/off.txt" 2>&1
grep -qF "poolreport: read" "$tmp/off.txt" && fail "POOLSIM_PROGRESS=0 still shows progress"
script -qec "'$poolreport' --no-progress '$logs'" /dev/null >"$tmp/off2.txt" 2>&1
grep -qF "poolreport: read" "$tmp/off2.txt" && fail "--no-progress still shows progress"

# In a pipe (as under bazel test or in CI): nothing but the summary.
"$poolreport" "$logs" >"$tmp/out.txt" 2>"$tmp/err.txt" || fail "poolreport failed in a pipe"
[[ ! -s "$tmp/err.txt" ]] || fail "progress in a pipe: $(cat -v "$tmp/err.txt")"

# Forced on in a pipe: whole lines on standard error, standard output unchanged.
POOLSIM_PROGRESS=1 "$poolreport" "$logs" >"$tmp/out2.txt" 2>"$tmp/err2.txt" || fail "forced: failed"
grep -qx "poolreport: read 3/3 report(s)" "$tmp/err2.txt" || fail "forced: $(cat -v "$tmp/err2.txt")"
grep -q $'\r' "$tmp/err2.txt" && fail "forced in a pipe: terminal control characters"
cmp -s "$tmp/out.txt" "$tmp/out2.txt" || fail "forced progress changed standard output"
echo PASS
