// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/bugchecks/catalogue_markdown.h
// -----------------------------------------------------------------------------
//
// docs/bugchecks.md as the bug-check catalogue renders it: used by the
// generator (:bugcheck_doc) and by the test that keeps the two in step.

#ifndef TESTS_BUGCHECKS_CATALOGUE_MARKDOWN_H_
#define TESTS_BUGCHECKS_CATALOGUE_MARKDOWN_H_

#include <string>

namespace bugcheck_doc {

// Returns the whole of docs/bugchecks.md for every registered row.
std::string CatalogueMarkdown();

}  // namespace bugcheck_doc

#endif  // TESTS_BUGCHECKS_CATALOGUE_MARKDOWN_H_
