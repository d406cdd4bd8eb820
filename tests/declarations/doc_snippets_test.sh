#!/bin/bash
# Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
#
# Keeps the documentation's code honest (usage: doc_snippets_test.sh [PAGE...]).
# In each page given:
#   - a fenced block right after `<!-- snippet: PATH -->` must appear, byte
#     for byte, in PATH, a file the build compiles (or, for BUILD files, loads);
#   - in the pages passed with --all, every ```c / ```cpp / ```python block
#     must carry such a marker;
# and every function wdkhost/wdk/flt_functions.h declares but does not provide
# must be named in docs/wdk-headers.md.
set -u

root="${TEST_SRCDIR}/${TEST_WORKSPACE}"
failures=0

check_page() {  # page, require-markers (0/1)
  local page="$1" all="$2"
  perl -e '
    use strict;
    my ($root, $page, $all) = @ARGV;
    open(my $fh, "<", "$root/$page") or die "cannot read $page";
    my @lines = <$fh>;
    my ($marker, $in, $lang, $body, $start, $bad, $checked) = (undef, 0, "", "", 0, 0, 0);
    for (my $i = 0; $i < @lines; ++$i) {
      my $line = $lines[$i];
      if (!$in && $line =~ /^<!-- snippet: (\S+) -->$/) { $marker = $1; next; }
      if (!$in && $line =~ /^```(\w*)\s*$/) {
        ($in, $lang, $body, $start) = (1, $1, "", $i + 1);
        next;
      }
      if ($in && $line =~ /^```\s*$/) {
        $in = 0;
        if (defined $marker) {
          open(my $src, "<", "$root/$marker") or do {
            print "FAIL: $page:$start: snippet file $marker not found\n"; ++$bad; next; };
          local $/; my $text = <$src>;
          if (index($text, $body) < 0) {
            print "FAIL: $page:$start: the snippet is not in $marker\n"; ++$bad;
          } else { ++$checked; }
        } elsif ($all && $lang =~ /^(c|cpp|python)$/) {
          print "FAIL: $page:$start: a $lang block without a snippet marker\n"; ++$bad;
        }
        $marker = undef;
        next;
      }
      if ($in) { $body .= $line; } elsif ($line !~ /^\s*$/) { $marker = undef; }
    }
    print(($bad ? "FAIL" : "ok") . ": $page: $checked snippet(s) found in their files, $bad wrong\n");
    exit($bad ? 1 : 0);
  ' "${root}" "${page}" "${all}" || failures=$((failures + 1))
}

# With arguments, the pages named (every code block marked) and nothing else:
# other packages' documentation tests reuse this script that way.
if (($# > 0)); then
  for page in "$@"; do check_page "${page}" 1; done
  exit "${failures}"
fi

check_page docs/wdk-headers.md 1
check_page docs/getting-started.md 0

for name in $(grep -o 'WDKHOST_NOT_PROVIDED([A-Za-z0-9_]*)' \
    "${root}/wdkhost/wdk/flt_functions.h" | sed "s/.*(\(.*\))/\1/" | grep -v "^name$" | sort -u); do
  if ! grep -q "\`${name}\`" "${root}/docs/wdk-headers.md"; then
    echo "FAIL: ${name} is declared absent but not listed in docs/wdk-headers.md"
    failures=$((failures + 1))
  fi
done
echo "checked the absent-function list"

exit "${failures}"
