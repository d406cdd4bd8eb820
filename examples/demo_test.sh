#!/usr/bin/env bash
# Runs the demo as the README's main command does and checks that it shows
# what it is there to show: the scenario trace, the bug check, the leaked
# context with the stack that took its reference, and the pool leaks.
set -uo pipefail
out="${TEST_TMPDIR}/demo.txt"
"$1" >"$out" 2>&1 || { echo "FAIL: the demo exited $?"; cat "$out"; exit 1; }
expect() {
  grep -qF -- "$1" "$out" || { echo "FAIL: missing: $1"; cat "$out"; exit 1; }
}
expect "14: close copy -> ok"
expect "BUG CHECK 0x000000C2 BAD_POOL_CALLER (0xA,"
expect "Leaked context: FLT_STREAM_CONTEXT"
expect "taken by FltGetStreamContext and never released, at:"
expect "DemoPostRead examples/demo_filter.c"
expect "Direct leak of 64 byte(s) in 2 allocation(s) from NonPagedPool (NonPagedPoolNx), tag 'Cach'"
expect "SUMMARY: poolsim: 160 byte(s) leaked in 4 allocation(s)"
echo PASS
