#include "gtest/gtest.h"
#include "absl/container/flat_hash_map.h"
TEST(Smoke, Works) { absl::flat_hash_map<int,int> m; m[1]=2; EXPECT_EQ(m[1], 2); }
