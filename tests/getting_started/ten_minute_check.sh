#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# The ten-minute check: follows docs/getting-started.md's "A first minifilter
# test" literally (usage: ten_minute_check.sh TEST_BINARY POOLREPORT).
#   1. Every code block of the section is, byte for byte, in the file its
#      marker names (the files built here).
#   2. The test it shows, run as Bazel runs it, fails with the planted leak,
#      attributed to the driver line that took the reference, and the report
#      names that line and the test line that issued the write.
#   3. The output the page shows is the output the test prints.
#   4. poolreport's page of the test's outputs shows the same leak.
set -u

test_binary="$1"
poolreport="$2"
root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
page="${root}/docs/getting-started.md"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The section: from its heading to the next level-2 heading.
section="${TEST_TMPDIR}/section.md"
awk '/^## A first minifilter test/ {on = 1; print; next} on && /^## / {exit} on' "${page}" \
    > "${section}"
[[ -s "${section}" ]] || { echo "FAIL: docs/getting-started.md has no 'A first minifilter test'"; exit 1; }

# 1. The code blocks: each is in the file its marker names.
"${root}/tests/getting_started/doc_section_snippets.sh" docs/getting-started.md \
    "## A first minifilter test" || failures=$((failures + 1))

# 2. Run the test as Bazel does, with a test.outputs folder laid out as in
# bazel-testlogs/.
logs="${TEST_TMPDIR}/bazel-testlogs"
outputs="${logs}/tests/getting_started/first_minifilter_test/test.outputs"
mkdir -p "${outputs}"
output="${TEST_TMPDIR}/output.txt"
TEST_UNDECLARED_OUTPUTS_DIR="${outputs}" "${test_binary}" > "${output}" 2>&1
status=$?
[[ ${status} -ne 0 ]] || fail "the test with the planted leak passed"

quota="${root}/tests/getting_started/quota/quota.c"
test_source="${root}/tests/getting_started/first_minifilter_test.cc"
get_line=$(grep -n 'FltGetStreamContext(' "${quota}" | head -1 | cut -d: -f1)
write_line=$(grep -n 'h.Write("three")' "${test_source}" | head -1 | cut -d: -f1)
[[ -n "${get_line}" && -n "${write_line}" ]] || fail "cannot find the lines to look for"

expect() {  # text that must be in the output
  grep -qF -- "$1" "${output}" || fail "the output lacks: $1"
}
expect "[       OK ] QuotaTest.AllowsTwoWritesPerStream"
expect "tests/getting_started/quota/quota.c:${get_line}: Failure"
expect "  Reference 1 of 1, taken by FltGetStreamContext and never released, at:"
expect "    #0 QuotaPreWrite tests/getting_started/quota/quota.c:${get_line}"
expect "    #1 QuotaTest_DeniesTheThirdWrite_Test::TestBody() tests/getting_started/first_minifilter_test.cc:${write_line}"
expect "[  FAILED  ] QuotaTest.DeniesTheThirdWrite"
# The reference comes before the allocation.
perl -0ne 'exit(/taken by FltGetStreamContext and never released.*Allocated at:/s ? 0 : 1)' \
    "${output}" || fail "the reference never released is not listed before the allocation"

# 3. The output the page shows (the block after `<!-- output: ... -->`) is
# the failing test's part of the real output; only timings differ.
shown="${TEST_TMPDIR}/shown.txt"
actual="${TEST_TMPDIR}/actual.txt"
awk '/^<!-- output: tests\/getting_started:first_minifilter_test -->$/ {m = 1; next}
     m == 1 && /^```/ {m = 2; next}
     m == 2 && /^```/ {exit}
     m == 2' "${section}" > "${shown}"
[[ -s "${shown}" ]] || fail "the section shows no output block"
# Timings are the only thing that differs from run to run.
normalize() { sed -E 's/\([0-9]+ ms\)/(N ms)/' "$1"; }
normalize "${shown}" > "${shown}.normalized"
normalize "${output}" > "${output}.normalized"
first=$(head -1 "${shown}.normalized")
last=$(tail -1 "${shown}.normalized")
awk -v first="${first}" -v last="${last}" '$0 == first {on = 1} on {print} on && $0 == last {exit}' \
    "${output}.normalized" > "${actual}"
if ! diff "${shown}.normalized" "${actual}" > "${TEST_TMPDIR}/diff.txt"; then
  fail "the output the page shows is not what the test prints:"
  cat "${TEST_TMPDIR}/diff.txt"
fi

# 4. poolreport over the test's outputs: the page shows the same leak.
report="${outputs}/poolsim/QuotaTest.DeniesTheThirdWrite.json"
[[ -f "${report}" ]] || fail "the test wrote no JSON report (${report})"
[[ ! -e "${outputs}/poolsim/QuotaTest.AllowsTwoWritesPerStream.json" ]] ||
  fail "the passing test wrote a report"
html="${TEST_TMPDIR}/leaks.html"
summary="${TEST_TMPDIR}/summary.txt"
"${poolreport}" --html="${html}" "${logs}/" > "${summary}" 2>&1 ||
  { fail "poolreport failed:"; cat "${summary}"; }
grep -qF "QuotaTest.DeniesTheThirdWrite" "${summary}" || fail "the summary does not name the test"
[[ -s "${html}" ]] || fail "poolreport wrote no page"
html_expect() {
  grep -qF -- "$1" "${html}" || fail "the page lacks: $1"
}
html_expect "QuotaTest.DeniesTheThirdWrite"
html_expect "FLT_STREAM_CONTEXT"
html_expect "FltGetStreamContext (never released)</div><ol class=\"frames\"><li class=\"frame\">QuotaPreWrite <span class=\"loc\">tests/getting_started/quota/quota.c:${get_line}</span>"
html_expect "first_minifilter_test.cc:${write_line}</span>"

if ((failures == 0)); then echo "PASS: getting-started's first minifilter test does what the page says"; fi
exit "${failures}"
