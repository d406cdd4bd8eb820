// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The test-side registry: seeding, canonical names, case, and the per-
// Environment lifetime.

#include "registry/registry.h"

#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "wdkhost/wdk/registry.h"

namespace {

TEST(RegistryCoreTest, NamesAreCaseInsensitiveAndKeepTheirCase) {
  poolsim::Environment env;
  const std::wstring key = L"\\Registry\\Machine\\Software\\Vendor\\Product";
  ASSERT_TRUE(registry::SetDword(key, L"Level", 3, env));
  EXPECT_TRUE(registry::KeyExists(L"\\REGISTRY\\machine\\software\\VENDOR", env));
  EXPECT_EQ(registry::Canonical(L"\\Registry\\\\Machine\\"), L"\\REGISTRY\\MACHINE");
  EXPECT_EQ(registry::Canonical(L"\\Device\\x"), L"");
  EXPECT_EQ(registry::Canonical(L"\\RegistryX"), L"");
  const auto v = registry::GetValue(key, L"LEVEL", env);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->name, L"Level");
  EXPECT_EQ(v->type, static_cast<ULONG>(REG_DWORD));
  EXPECT_EQ(registry::DisplayPath(env, L"\\REGISTRY\\MACHINE\\SOFTWARE\\VENDOR\\PRODUCT"), key);
  EXPECT_FALSE(registry::SetDword(L"Relative", L"x", 1, env));
}

TEST(RegistryCoreTest, StringsAreStoredAsWindowsStoresThem) {
  poolsim::Environment env;
  const std::wstring key = registry::ServiceKeyPath(L"svc");
  ASSERT_TRUE(registry::SetString(key, L"S", L"ab", env));
  ASSERT_TRUE(registry::SetMultiString(key, L"M", {L"a", L"b"}, env));
  EXPECT_EQ(registry::GetValue(key, L"S", env)->data.size(), 3 * sizeof(WCHAR));   // a b NUL
  EXPECT_EQ(registry::GetValue(key, L"M", env)->data.size(), 5 * sizeof(WCHAR));  // a NUL b NUL NUL
  EXPECT_EQ(registry::OpenKey(env, key + L"\\New", true), registry::KeyOutcome::kCreated);
  EXPECT_EQ(registry::OpenKey(env, key + L"\\New", true), registry::KeyOutcome::kOpened);
  EXPECT_EQ(registry::OpenKey(env, key + L"\\A\\B", true), registry::KeyOutcome::kNotFound);
  EXPECT_TRUE(registry::DeleteValue(env, key, L"s"));
  EXPECT_FALSE(registry::DeleteValue(env, key, L"s"));
}

TEST(RegistryCoreTest, EachEnvironmentHasItsOwnRegistry) {
  const std::wstring key = registry::ServiceKeyPath(L"svc");
  {
    poolsim::Environment env;
    ASSERT_TRUE(registry::SetDword(key, L"D", 1, env));
  }
  poolsim::Environment fresh;
  EXPECT_FALSE(registry::KeyExists(key, fresh));
  EXPECT_TRUE(registry::KeyExists(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
                                  fresh));
}

}  // namespace
