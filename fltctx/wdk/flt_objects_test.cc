// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The filter manager's object queries through the WDK names, driven by a
// minifilter written in C (flt_objects_c_sample.c) and simulated I/O, under
// //:leak_check_main.

#include "fltctx/wdk/flt_objects.h"

#include <thread>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/wdk/flt_objects_c_sample.h"
#include "gtest/gtest.h"
#include "ob/processes.h"
#include "poolsim/environment.h"
#include "poolsim/leak_report.h"
#include "poolsim/testing/leak_check.h"
#include "registry/registry.h"

namespace {

class FltObjectsTest : public ::testing::Test {
 protected:
  FltObjectsTest() : fm_(poolsim::Ambient()), install_(&fm_) {}
  void SetUp() override {
    ASSERT_EQ(FltRegisterFilter(nullptr, &g_SampleRegistration, &filter_), STATUS_SUCCESS);
    ASSERT_EQ(FltStartFiltering(filter_), STATUS_SUCCESS);
  }
  void TearDown() override { FltUnregisterFilter(filter_); }
  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  PFLT_FILTER filter_ = nullptr;
};

TEST_F(FltObjectsTest, TheRequestorIsTheProcessTheIssuingThreadActsFor) {
  fltctx::io::Volume vol(fm_);
  ASSERT_NE(vol.Attach(filter_, "370000"), nullptr);
  {
    ob::ScopedProcess app(1240, L"app.exe");
    fltctx::io::Handle h = vol.Create(L"\\a.txt");
    EXPECT_EQ(g_SampleLastRequestor, 1240u);
    EXPECT_TRUE(g_SampleRequestorAgrees);
  }
  fltctx::io::Handle h = vol.Create(L"\\b.txt");
  EXPECT_EQ(g_SampleLastRequestor, ob::kSystemProcessId);
  std::thread([&] {
    ob::ScopedProcess other(2200, L"other.exe");
    fltctx::io::Handle o = vol.Create(L"\\c.txt");
  }).join();
  EXPECT_EQ(g_SampleLastRequestor, 2200u);
  EXPECT_TRUE(g_SampleRequestorAgrees);
}

TEST_F(FltObjectsTest, CallbackDataWithoutAThreadHasNoRequestor) {
  FLT_CALLBACK_DATA data = {};
  EXPECT_EQ(FltGetRequestorProcessId(&data), 0u);
  EXPECT_EQ(FltGetRequestorProcess(&data), nullptr);
  data.Thread = reinterpret_cast<PETHREAD>(&data);  // not a thread object
  EXPECT_EQ(FltGetRequestorProcessIdEx(&data), nullptr);
  EXPECT_BUGCHECK(FltGetRequestorProcessId(nullptr), 0x1E);
}

TEST_F(FltObjectsTest, EnumerationReturnsReferencedObjectsAndCountsFirst) {
  fltctx::io::Volume a(fm_);
  fltctx::io::Volume b(fm_);
  ASSERT_NE(a.Attach(filter_, "370000"), nullptr);
  ASSERT_NE(b.Attach(filter_, "370000"), nullptr);
  EXPECT_EQ(SampleCountInstances(filter_), 2u);
  ULONG n = 0;
  EXPECT_EQ(FltEnumerateFilters(nullptr, 0, &n), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(n, 1u);
  PFLT_FILTER filters[2] = {};
  ASSERT_EQ(FltEnumerateFilters(filters, 2, &n), STATUS_SUCCESS);
  EXPECT_EQ(filters[0], filter_);
  FltObjectDereference(filters[0]);
  PFLT_INSTANCE instances[1] = {};
  EXPECT_EQ(FltEnumerateInstances(nullptr, filter_, instances, 1, &n), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(instances[0], nullptr);
  ASSERT_EQ(FltEnumerateInstances(a.volume(), nullptr, instances, 1, &n), STATUS_SUCCESS);
  PFLT_VOLUME volume = nullptr;
  ASSERT_EQ(FltGetVolumeFromInstance(instances[0], &volume), STATUS_SUCCESS);
  EXPECT_EQ(volume, a.volume());
  PFLT_FILTER owner = nullptr;
  ASSERT_EQ(FltGetFilterFromInstance(instances[0], &owner), STATUS_SUCCESS);
  EXPECT_EQ(owner, filter_);
  FltObjectDereference(owner);
  FltObjectDereference(volume);
  FltObjectDereference(instances[0]);
  EXPECT_TRUE(poolsim::BuildLeakReport(poolsim::Ambient()).objects.empty());
}

TEST_F(FltObjectsTest, AReferenceNeverReleasedIsReportedAndOneTooManyIsABugCheck) {
  fltctx::io::Volume vol(fm_);
  PFLT_INSTANCE instance = vol.Attach(filter_, "370000");
  ASSERT_NE(instance, nullptr);
  ASSERT_EQ(SampleLeakVolumeReference(instance), STATUS_SUCCESS);
  const poolsim::LeakReport report = poolsim::BuildLeakReport(poolsim::Ambient());
  ASSERT_EQ(report.objects.size(), 1u);
  EXPECT_EQ(report.objects[0].type_name, "FLT_VOLUME");
  EXPECT_EQ(report.objects[0].references[0].operation, "FltGetVolumeFromInstance");
  FltObjectDereference(vol.volume());
  EXPECT_TRUE(poolsim::BuildLeakReport(poolsim::Ambient()).objects.empty());
  EXPECT_BUGCHECK(FltObjectDereference(vol.volume()), 0x18);
  EXPECT_EQ(FltObjectReference(filter_), STATUS_SUCCESS);
  FltObjectDereference(filter_);
}

TEST_F(FltObjectsTest, VolumesByNameAndFileObject) {
  fltctx::io::Volume vol(fm_);
  ASSERT_NE(vol.Attach(filter_, "370000"), nullptr);
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\device\\harddiskvolume1");
  PFLT_VOLUME found = nullptr;
  ASSERT_EQ(FltGetVolumeFromName(filter_, &name, &found), STATUS_SUCCESS);
  EXPECT_EQ(found, vol.volume());
  FltObjectDereference(found);
  UNICODE_STRING other = RTL_CONSTANT_STRING(L"\\Device\\HarddiskVolume9");
  EXPECT_EQ(FltGetVolumeFromName(filter_, &other, &found), STATUS_FLT_VOLUME_NOT_FOUND);
  fltctx::io::Handle h = vol.Create(L"\\x.txt");
  ASSERT_NE(h.file_object(), nullptr);
  ASSERT_EQ(FltGetVolumeFromFileObject(filter_, h.file_object(), &found), STATUS_SUCCESS);
  EXPECT_EQ(found, vol.volume());
  FltObjectDereference(found);
}

TEST_F(FltObjectsTest, AttachAndDetachByNameAtTheRegistrysAltitude) {
  // The filter is named after the Environment's driver ("driver.sys").
  registry::SetString(registry::ServiceKeyPath(L"driver.sys") + L"\\Instances\\Manual",
                      L"Altitude", L"385100");
  fltctx::io::Volume vol(fm_);
  UNICODE_STRING name = RTL_CONSTANT_STRING(L"Manual");
  PFLT_INSTANCE instance = nullptr;
  ASSERT_EQ(FltAttachVolume(filter_, vol.volume(), &name, &instance), STATUS_SUCCESS);
  EXPECT_EQ(FltAttachVolume(filter_, vol.volume(), &name, nullptr),
            STATUS_FLT_INSTANCE_NAME_COLLISION);
  unsigned char buffer[256];
  ULONG needed = 0;
  EXPECT_EQ(FltGetInstanceInformation(instance, InstancePartialInformation, buffer, 4, &needed),
            STATUS_BUFFER_TOO_SMALL);
  ASSERT_EQ(FltGetInstanceInformation(instance, InstancePartialInformation, buffer,
                                      sizeof(buffer), &needed),
            STATUS_SUCCESS);
  auto* info = reinterpret_cast<PINSTANCE_PARTIAL_INFORMATION>(buffer);
  EXPECT_EQ(std::wstring(reinterpret_cast<wchar_t*>(buffer + info->InstanceNameBufferOffset),
                         info->InstanceNameLength / sizeof(WCHAR)),
            L"Manual");
  EXPECT_EQ(std::wstring(reinterpret_cast<wchar_t*>(buffer + info->AltitudeBufferOffset),
                         info->AltitudeLength / sizeof(WCHAR)),
            L"385100");
  PFLT_INSTANCE again = nullptr;
  ASSERT_EQ(FltGetVolumeInstanceFromName(filter_, vol.volume(), &name, &again), STATUS_SUCCESS);
  EXPECT_EQ(again, instance);
  FltObjectDereference(again);
  FltObjectDereference(instance);
  EXPECT_EQ(FltDetachVolume(filter_, vol.volume(), &name), STATUS_SUCCESS);
  EXPECT_EQ(FltDetachVolume(filter_, vol.volume(), &name), STATUS_FLT_INSTANCE_NOT_FOUND);
  EXPECT_EQ(FltGetVolumeInstanceFromName(filter_, vol.volume(), &name, &again),
            STATUS_FLT_INSTANCE_NOT_FOUND);
}

}  // namespace
