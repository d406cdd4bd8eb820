// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/testing/debug_output_matchers.h
// -----------------------------------------------------------------------------
//
// GoogleMock matchers for the captured debug output (dbg/debug_output.h).
//
//   EXPECT_THAT(dbg::CapturedOutput(), dbg::testing::HasPrintedLine(HasSubstr("open")));
//   EXPECT_THAT(dbg::AllDebugOutput(),
//               Contains(AllOf(dbg::testing::FromComponent(DPFLTR_IHVDRIVER_ID, 2),
//                              dbg::testing::WithText(StartsWith("trace")))));
//
// Thread-compatible (matchers hold no shared state).

#ifndef DBG_TESTING_DEBUG_OUTPUT_MATCHERS_H_
#define DBG_TESTING_DEBUG_OUTPUT_MATCHERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dbg/debug_output.h"
#include "gmock/gmock.h"

namespace dbg {
namespace testing {

// Matches a DebugRecord whose text matches `text`.
inline ::testing::Matcher<const DebugRecord&> WithText(::testing::Matcher<const std::string&> text) {
  return ::testing::Field("text", &DebugRecord::text, text);
}

// Matches a DebugRecord of `component_id` and `level`.
inline ::testing::Matcher<const DebugRecord&> FromComponent(uint32_t component_id, uint32_t level) {
  return ::testing::AllOf(::testing::Field("component_id", &DebugRecord::component_id, component_id),
                          ::testing::Field("level", &DebugRecord::level, level));
}

// Matches a DebugRecord the filter let through.
inline ::testing::Matcher<const DebugRecord&> Printed() {
  return ::testing::Field("printed", &DebugRecord::printed, true);
}

// Matches a list of records holding a printed one whose text matches `text`.
inline ::testing::Matcher<const std::vector<DebugRecord>&> HasPrintedLine(
    ::testing::Matcher<const std::string&> text) {
  return ::testing::Contains(::testing::AllOf(Printed(), WithText(text)));
}

}  // namespace testing
}  // namespace dbg

#endif  // DBG_TESTING_DEBUG_OUTPUT_MATCHERS_H_
