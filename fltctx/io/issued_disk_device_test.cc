// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fltctx/io/issued_disk_device_test.cc
// -----------------------------------------------------------------------------
//
// FltGetDiskDeviceObject through the WDK names: the disk device object of a
// simulated volume, referenced for the caller (ObDereferenceObject), the same
// object on every call for the volume; STATUS_FLT_NO_DEVICE_OBJECT for a
// network volume, with the output left alone; a reference never released is
// reported. IoGetAttachedDeviceReference of it. Leak-checked.

#include <fltKernel.h>

#include <memory>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/testing/leak_check.h"

namespace {

class DiskDeviceTest : public ::testing::Test {
 protected:
  DiskDeviceTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    FLT_REGISTRATION r = {};
    r.Size = sizeof(r);
    r.Version = FLT_REGISTRATION_VERSION;
    EXPECT_EQ(FltRegisterFilter(nullptr, &r, &filter_), STATUS_SUCCESS);
    EXPECT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
  }
  ~DiskDeviceTest() override { FltUnregisterFilter(filter_); }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  PFLT_FILTER filter_ = nullptr;
};

TEST_F(DiskDeviceTest, AVolumesDiskDeviceIsReferencedForTheCaller) {
  fltctx::io::Volume vol(fm_);
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(FltGetDiskDeviceObject(vol.volume(), &device), STATUS_SUCCESS);
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(device->Type, IO_TYPE_DEVICE);
  EXPECT_EQ(device->Size, sizeof(DEVICE_OBJECT));
  EXPECT_EQ(device->DeviceType, static_cast<DEVICE_TYPE>(FILE_DEVICE_DISK));
  PDEVICE_OBJECT again = nullptr;
  ASSERT_EQ(FltGetDiskDeviceObject(vol.volume(), &again), STATUS_SUCCESS);
  EXPECT_EQ(again, device);
  // Each successful call is matched by a dereference.
  ObDereferenceObject(again);
  ObDereferenceObject(device);
}

TEST_F(DiskDeviceTest, AReferenceNeverReleasedIsReported) {
  fltctx::io::Volume vol(fm_);
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(FltGetDiskDeviceObject(vol.volume(), &device), STATUS_SUCCESS);
  bool reported = false;
  for (const poolsim::LeakedObject& o : poolsim::Ambient().LeakedObjects()) {
    for (const auto& ref : o.references) {
      if (ref.operation == "FltGetDiskDeviceObject") reported = true;
    }
  }
  EXPECT_TRUE(reported);
  ObDereferenceObject(device);
}

TEST_F(DiskDeviceTest, TheDeviceOutlivesTheVolumeWhileReferenced) {
  PDEVICE_OBJECT device = nullptr;
  {
    fltctx::io::Volume vol(fm_);
    ASSERT_EQ(FltGetDiskDeviceObject(vol.volume(), &device), STATUS_SUCCESS);
  }
  // The volume's own reference went with it; the caller's keeps the object.
  EXPECT_EQ(device->DeviceType, static_cast<DEVICE_TYPE>(FILE_DEVICE_DISK));
  ObDereferenceObject(device);
}

TEST_F(DiskDeviceTest, ANetworkVolumeHasNoDiskDevice) {
  fltctx::io::Volume vol(fm_, fltctx::io::VolumeSetup::Network());
  PDEVICE_OBJECT device = reinterpret_cast<PDEVICE_OBJECT>(0x1234);
  EXPECT_EQ(FltGetDiskDeviceObject(vol.volume(), &device), STATUS_FLT_NO_DEVICE_OBJECT);
  EXPECT_EQ(device, reinterpret_cast<PDEVICE_OBJECT>(0x1234)) << "left as it was";
}

TEST_F(DiskDeviceTest, TheTopOfTheDiskStackIsTheDiskItself) {
  fltctx::io::Volume vol(fm_);
  PDEVICE_OBJECT disk = nullptr;
  ASSERT_EQ(FltGetDiskDeviceObject(vol.volume(), &disk), STATUS_SUCCESS);
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(disk);
  EXPECT_EQ(top, disk);  // nothing is attached above a simulated disk
  ObDereferenceObject(top);
  ObDereferenceObject(disk);
  // Misuse: the access violation, and an address that is no device object.
  EXPECT_BUGCHECK(EXPECT_EQ(IoGetAttachedDeviceReference(nullptr), nullptr), 0x1E);
  DEVICE_OBJECT not_an_object = {};
  EXPECT_BUGCHECK(EXPECT_EQ(IoGetAttachedDeviceReference(&not_an_object), nullptr), 0x18);
}

}  // namespace
