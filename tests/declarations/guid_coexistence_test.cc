// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Another surface may declare its own C++ IsEqualGUID (a non-template taking
// two GUID references, as the kernel-streaming proxy header does) and the
// same IsEqualIID macro, after the shared <guiddef.h> forms: both compile
// together and every call gives the same answer.

#include <guiddef.h>
#include <ntifs.h>

namespace {
int other_surface_calls = 0;
}  // namespace

inline bool IsEqualGUID(const GUID& a, const GUID& b) {
  ++other_surface_calls;
  return a.Data1 == b.Data1 && a.Data2 == b.Data2 && a.Data3 == b.Data3 &&
         memcmp(a.Data4, b.Data4, sizeof(a.Data4)) == 0;
}
#define IsEqualIID(a, b) IsEqualGUID((a), (b))

#include "gtest/gtest.h"

namespace {

TEST(GuidForms, CoexistWithAnotherSurfacesIsEqualGUID) {
  EXPECT_TRUE(IsEqualGUID(GUID_ECP_OPLOCK_KEY, GUID_ECP_OPLOCK_KEY));
  EXPECT_FALSE(IsEqualIID(GUID_ECP_OPLOCK_KEY, GUID_ECP_DUAL_OPLOCK_KEY));
  EXPECT_EQ(other_surface_calls, 2) << "the non-template is preferred";
  EXPECT_TRUE(InlineIsEqualGUID(GUID_ECP_SRV_OPEN, GUID_ECP_SRV_OPEN));
  EXPECT_TRUE(GUID_ECP_NFS_OPEN == GUID_ECP_NFS_OPEN);
}

}  // namespace
