// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/pool_tag.h"

#include "gtest/gtest.h"
#include "poolsim/glob.h"

namespace poolsim {
namespace {

TEST(PoolTagTest, FromCharsIsMemoryOrder) {
  // The C literal 'Fred' is 0x46726564 and shows as "derF"; the tag that
  // shows as "Fred" is 0x64657246.
  EXPECT_EQ(PoolTag::FromChars("Fred").value(), 0x64657246u);
  EXPECT_EQ(PoolTag(0x46726564u).ToString(), "derF");
  EXPECT_EQ(PoolTag(0x64657246u).ToString(), "Fred");
}

TEST(PoolTagTest, ShortTagsArePaddedWithSpaces) {
  EXPECT_EQ(PoolTag::FromChars("Ab").ToString(), "Ab  ");
  EXPECT_EQ(PoolTag::FromChars("BIG"), kBigTag);
}

TEST(PoolTagTest, NonPrintableBytesAreEscaped) {
  EXPECT_EQ(PoolTag(0x00414141u).ToString(), "AAA\\x00");
  EXPECT_FALSE(PoolTag(0x00414141u).IsPrintable());
  EXPECT_TRUE(PoolTag::FromChars("Tag1").IsPrintable());
}

TEST(PoolTagTest, ProtectedBitIsShownWithoutIt) {
  const PoolTag tag(PoolTag::FromChars("Prot").value() | PoolTag::kProtectedBit);
  EXPECT_TRUE(tag.is_protected());
  EXPECT_EQ(tag.ToString(), "Prot");
  EXPECT_EQ(tag.WithoutProtectedBit(), PoolTag::FromChars("Prot"));
  EXPECT_TRUE(tag.IsPrintable());
}

TEST(PoolTagTest, AlphanumericRule) {
  EXPECT_TRUE(PoolTag::FromChars("a---").HasAlphanumeric());
  EXPECT_TRUE(PoolTag::FromChars("--7-").HasAlphanumeric());
  EXPECT_FALSE(PoolTag::FromChars("----").HasAlphanumeric());
  EXPECT_FALSE(PoolTag::FromChars("    ").HasAlphanumeric());
}

TEST(PoolTagTest, WildcardsMatchTheDisplayForm) {
  const PoolTag tag = PoolTag::FromChars("FlCx");
  EXPECT_TRUE(tag.Matches("FlCx"));
  EXPECT_TRUE(tag.Matches("Fl*"));
  EXPECT_TRUE(tag.Matches("F??x"));
  EXPECT_TRUE(tag.Matches("*"));
  EXPECT_FALSE(tag.Matches("fl*"));  // case-sensitive
  EXPECT_FALSE(tag.Matches("Fl"));   // no '*': the whole tag must match
  EXPECT_FALSE(tag.Matches("F?x"));
}

// The one matcher behind tag patterns, `fun:` suppressions and fault
// exclusions: only '*' and '?' are special.
TEST(GlobMatchTest, OnlyStarAndQuestionMarkAreSpecial) {
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("**", "abc"));
  EXPECT_TRUE(GlobMatch("a*c", "abbbc"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXbYbZ"));
  EXPECT_FALSE(GlobMatch("?", ""));
  EXPECT_TRUE(GlobMatch("?x?", "axb"));
  // '*' crosses '/' and '.', as in function names and paths.
  EXPECT_TRUE(GlobMatch("*Create*", "ns::Filter/Create.cold"));
  EXPECT_TRUE(GlobMatch("*", ".hidden"));
  // Brackets and backslashes are plain characters.
  EXPECT_TRUE(GlobMatch("std::vector<int>::operator[]*", "std::vector<int>::operator[](unsigned long)"));
  EXPECT_FALSE(GlobMatch("[ab]", "a"));
  EXPECT_TRUE(GlobMatch("[ab]", "[ab]"));
  EXPECT_TRUE(GlobMatch("a\\b", "a\\b"));
  EXPECT_FALSE(GlobMatch("a\\*", "a*"));
  EXPECT_TRUE(GlobMatch("a\\*", "a\\xyz"));
  EXPECT_TRUE(GlobMatch("\\?", "\\x"));
  // Case-sensitive; both sides end at a NUL.
  EXPECT_FALSE(GlobMatch("abc", "ABC"));
  EXPECT_TRUE(GlobMatch(absl::string_view("ab\0zz", 5), "ab"));
  EXPECT_TRUE(PoolTag::GlobMatch("Fl*", "FlCx"));
}

}  // namespace
}  // namespace poolsim
