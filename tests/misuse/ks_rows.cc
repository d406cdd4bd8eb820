// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// Misuse matrix rows of the kernel-streaming surface (ksalloc/wdk/kspin.h)
// and of IoInitializeDriverCreateContext.

#include <fltKernel.h>
#include <ks.h>

#include <cstdint>

#include "ksalloc/wdk/kssim.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

DECLARE_SIMPLE_FRAMING_EX(kFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FILE_OCTA_ALIGNMENT, 256,
                          256);

// A pin on the default allocator, and an allocator-create IRP.
class Ks : public MisuseMatrix {
 protected:
  void SetUp() override {
    descriptor_ = {};
    descriptor_.AllocatorFraming = &kFraming;
    ASSERT_EQ(KsSimCreatePin(&descriptor_, 0, &pin_), STATUS_SUCCESS);
  }
  void TearDown() override {
    if (irp_ != nullptr) KsSimFreeIrp(irp_);
    if (pin_ != nullptr) KsSimClosePin(pin_);
    MisuseMatrix::TearDown();
  }
  PIRP CreateIrp(ULONG frame_size, ULONG options = 0) {
    KSALLOCATOR_FRAMING framing = {};
    framing.OptionsFlags = options;
    framing.PoolType = NonPagedPoolNx;
    framing.Frames = 2;
    framing.FrameSize = frame_size;
    framing.FileAlignment = FILE_OCTA_ALIGNMENT;
    EXPECT_EQ(KsSimBuildAllocatorCreateIrp(&framing, &irp_), STATUS_SUCCESS);
    return irp_;
  }
  KSPIN_DESCRIPTOR_EX descriptor_;
  PKSPIN pin_ = nullptr;
  PIRP irp_ = nullptr;
};

#define KS_CASE(api, input_class)                                                 \
  static const bool misuse_registered_##api##_##input_class [[maybe_unused]] =    \
      ::misuse::RegisterCase(#api, #input_class);                                 \
  TEST_F(Ks, api##_##input_class)

KS_CASE(KsAddItemToObjectBag, NullArguments) {
  EXPECT_EQ(KsAddItemToObjectBag(nullptr, pin_, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsAddItemToObjectBag(pin_->Bag, nullptr, nullptr), STATUS_INVALID_PARAMETER);
}

KS_CASE(KsAddItemToObjectBag, AddedTwiceFreedOnce) {
  PVOID item = ExAllocatePool2(POOL_FLAG_PAGED, 32, kTag);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(KsAddItemToObjectBag(pin_->Bag, item, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KsAddItemToObjectBag(pin_->Bag, item, nullptr), STATUS_SUCCESS);
  // The bag holds two references to it and frees it once, when the pin closes.
}

KS_CASE(KsRemoveItemFromObjectBag, NotThereAndNull) {
  int not_in_bag = 0;
  EXPECT_EQ(KsRemoveItemFromObjectBag(pin_->Bag, &not_in_bag, FALSE), 0u);
  EXPECT_EQ(KsRemoveItemFromObjectBag(nullptr, &not_in_bag, FALSE), 0u);
  EXPECT_EQ(KsRemoveItemFromObjectBag(pin_->Bag, nullptr, TRUE), 0u);
}

KS_CASE(KsRemoveItemFromObjectBag, RemovedTwice) {
  PVOID item = ExAllocatePool2(POOL_FLAG_PAGED, 32, kTag);
  ASSERT_EQ(KsAddItemToObjectBag(pin_->Bag, item, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KsRemoveItemFromObjectBag(pin_->Bag, item, TRUE), 1u);
  EXPECT_EQ(KsRemoveItemFromObjectBag(pin_->Bag, item, TRUE), 0u);  // gone: no double free
}

KS_CASE(KsValidateAllocatorCreateRequest, NullAndBadFraming) {
  PKSALLOCATOR_FRAMING framing = nullptr;
  EXPECT_EQ(KsValidateAllocatorCreateRequest(nullptr, &framing), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsValidateAllocatorCreateRequest(CreateIrp(0), &framing), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(framing, nullptr);
}

KS_CASE(KsValidateAllocatorCreateRequest, UndefinedOptionFlags) {
  PKSALLOCATOR_FRAMING framing = nullptr;
  EXPECT_EQ(KsValidateAllocatorCreateRequest(CreateIrp(256, 0x80000000u), &framing),
            STATUS_INVALID_PARAMETER);
}

KS_CASE(KsValidateAllocatorCreateRequest, AtDispatch) {
  PIRP irp = CreateIrp(256);
  PKSALLOCATOR_FRAMING framing = nullptr;
  AtIrql(DISPATCH_LEVEL, [&] {
    EXPECT_ONLY_BUGCHECK(KsValidateAllocatorCreateRequest(irp, &framing), 0x0A);
  });
}

KS_CASE(KsCreateDefaultAllocator, NullAndBadRequest) {
  EXPECT_EQ(KsCreateDefaultAllocator(nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsCreateDefaultAllocator(CreateIrp(0)), STATUS_INVALID_PARAMETER);
}

KS_CASE(KsCreateDefaultAllocator, AtDispatch) {
  PIRP irp = CreateIrp(256);
  AtIrql(DISPATCH_LEVEL, [&] { EXPECT_ONLY_BUGCHECK(KsCreateDefaultAllocator(irp), 0x0A); });
}

KS_CASE(KsCreateDefaultAllocatorEx, HalfTheReplacementCallbacks) {
  // DefaultAllocate without DefaultFree (or the reverse) is refused.
  PIRP irp = CreateIrp(256);
  EXPECT_EQ(KsCreateDefaultAllocatorEx(irp, nullptr,
                                       [](PVOID) -> PVOID { return nullptr; }, nullptr, nullptr,
                                       nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(KsCreateDefaultAllocatorEx(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr),
            STATUS_INVALID_PARAMETER);
}

MISUSE_CASE(IoInitializeDriverCreateContext, Null) {
  EXPECT_ONLY_BUGCHECK(IoInitializeDriverCreateContext(nullptr), 0x1E,
                       {kAccessViolation, 0, 1, 0});
  IO_DRIVER_CREATE_CONTEXT context;
  IoInitializeDriverCreateContext(&context);
  EXPECT_EQ(context.Size, sizeof(context));
  EXPECT_EQ(context.ExtraCreateParameter, nullptr);
}

}  // namespace
}  // namespace misuse
