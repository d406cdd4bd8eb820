#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# Misuses that must fail to build, with a message that says why, checked by
# running the compiler on small probes against the WDK shims:
#   - a translation unit built with -fshort-wchar (another wchar_t width);
#   - a call of a function fltctx declares but does not provide yet;
# and what must build, each with a control that must not: a typed
# out-parameter under -Werror=incompatible-pointer-types, a prototype followed
# by its FORCEINLINE definition, globals defined in a driver header (-fcommon).
set -u

root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
probes="${root}/tests/declarations/probes"
cc="${CC:-gcc}"
if ! command -v "${cc}" >/dev/null 2>&1; then cc=cc; fi
flags=(-std=c11 -Wall -Wno-unknown-pragmas -Wno-multichar "-I${root}" "-I${root}/include")
out="${TEST_TMPDIR}/out"
failures=0

expect_failure() {  # description, expected message, command...
  local what="$1" message="$2"
  shift 2
  if "$@" >"${out}" 2>&1; then
    echo "FAIL: ${what}: built, expected a failure"
    failures=$((failures + 1))
  elif ! grep -q -- "${message}" "${out}"; then
    echo "FAIL: ${what}: failed without \"${message}\":"
    cat "${out}"
    failures=$((failures + 1))
  else
    echo "ok: ${what}"
  fi
}

expect_success() {  # description, command...
  local what="$1"
  shift
  if "$@" >"${out}" 2>&1; then
    echo "ok: ${what}"
  else
    echo "FAIL: ${what}:"
    cat "${out}"
    failures=$((failures + 1))
  fi
}

expect_failure "-fshort-wchar is refused" "wchar_t must be 4 bytes" \
  "${cc}" "${flags[@]}" -fshort-wchar -c "${probes}/wchar_probe.c" -o "${TEST_TMPDIR}/w.o"
expect_success "the same probe without -fshort-wchar compiles" \
  "${cc}" "${flags[@]}" -c "${probes}/wchar_probe.c" -o "${TEST_TMPDIR}/w.o"
expect_failure "an absent function fails to link by name" \
  "IofCallDriver__not_provided_by_fltctx" \
  "${cc}" "${flags[@]}" "${probes}/absent_probe.c" -o "${TEST_TMPDIR}/absent"
expect_success "a typed context pointer compiles as an out-parameter" \
  "${cc}" "${flags[@]}" -Werror=incompatible-pointer-types -c "${probes}/typed_out_probe.c" \
  -o "${TEST_TMPDIR}/t.o"
expect_failure "the control (a real PVOID * parameter) does not" "incompatible-pointer-types" \
  "${cc}" "${flags[@]}" -Werror=incompatible-pointer-types -DFLTCTX_PROBE_UNTYPED \
  -c "${probes}/typed_out_probe.c" -o "${TEST_TMPDIR}/t.o"

expect_success "a prototype then its FORCEINLINE definition compiles" \
  "${cc}" "${flags[@]}" -Werror -c "${probes}/forceinline_probe.c" -o "${TEST_TMPDIR}/f.o"
expect_failure "the control (a static FORCEINLINE) does not" "static declaration" \
  "${cc}" "${flags[@]}" "-DFORCEINLINE=static inline" -c "${probes}/forceinline_probe.c" \
  -o "${TEST_TMPDIR}/f.o"
expect_success "globals defined in a driver header link with -fcommon" \
  "${cc}" "${flags[@]}" -fcommon "${probes}/header_global_a.c" "${probes}/header_global_b.c" \
  -o "${TEST_TMPDIR}/g"
expect_failure "and do not without it" "multiple definition" \
  "${cc}" "${flags[@]}" -fno-common "${probes}/header_global_a.c" "${probes}/header_global_b.c" \
  -o "${TEST_TMPDIR}/g"

exit "${failures}"
