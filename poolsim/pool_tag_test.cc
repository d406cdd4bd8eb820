// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0

#include "poolsim/pool_tag.h"

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace poolsim
