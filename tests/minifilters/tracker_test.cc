// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The tracker minifilter (tests/minifilters/tracker/, built unchanged by a
// three-line BUILD file) run through simulated I/O: stream contexts named
// after their streams, a scanner thread woken by the driver's event, writes
// counted by post-operations at DISPATCH_LEVEL, renames followed, contexts
// gone at close, and every allocation-failure path of load, I/O and unload
// clean.

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "dbg/debug_output.h"
#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"

extern "C" {
#include "tests/minifilters/tracker/tracker.h"
}

namespace {

fltctx::io::VolumeSetup DispatchLevelPostOperations() {
  fltctx::io::VolumeSetup setup = fltctx::io::VolumeSetup::Ntfs();
  setup.post_operation_at_dispatch = true;
  return setup;
}

std::wstring Text(const UNICODE_STRING& s) {
  return std::wstring(s.Buffer, s.Length / sizeof(WCHAR));
}

// Load, attach, open two files, write, rename, close, unload, on a filter
// manager of the ambient environment (the sweep gives each run a fresh one).
// Returns false when the load failed, as it may under fault injection.
bool LoadRunUnload() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  WCHAR path[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\tracker";
  UNICODE_STRING registry_path = {sizeof(path) - sizeof(WCHAR), sizeof(path), path};
  if (!NT_SUCCESS(DriverEntry(nullptr, &registry_path))) return false;
  {
    fltctx::io::Volume volume(fm, DispatchLevelPostOperations());
    if (volume.Attach(TrackerGlobals.Filter, "370030") != nullptr) {
      fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
      fltctx::io::Handle b = volume.Create(L"\\b.log", FILE_CREATE);
      a.Write("one");
      a.Write("two");
      a.Rename(L"\\c.txt");
      b.Close();
      a.Close();
    }
  }
  TrackerUnload(0);
  return true;
}

class TrackerTest : public ::testing::Test {
 protected:
  TrackerTest() : fm_(poolsim::Ambient()), install_(&fm_) {
    TrackerVerbose = 1;
    // DbgPrint is DPFLTR_DEFAULT_ID at DPFLTR_INFO_LEVEL, which Windows
    // filters out by default: turn it on, as a developer does on the target.
    DbgSetDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, TRUE);
  }
  ~TrackerTest() override { TrackerVerbose = 0; }

  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
};

TEST_F(TrackerTest, TracksStreamsWritesAndRenamesAndWakesTheScanner) {
  WCHAR path[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\tracker";
  UNICODE_STRING registry_path = {sizeof(path) - sizeof(WCHAR), sizeof(path), path};
  ASSERT_EQ(DriverEntry(nullptr, &registry_path), STATUS_SUCCESS);

  // The scanner: a thread of its own, woken by the driver's event.
  std::vector<std::wstring> scanned;
  std::thread scanner([&scanned] {
    WCHAR buffer[128];
    UNICODE_STRING name = {0, sizeof(buffer), buffer};
    while (scanned.size() < 2) {
      if (TrackerScanNext(&name, 10000) != STATUS_SUCCESS) break;
      scanned.push_back(Text(name));
    }
  });
  {
    fltctx::io::Volume volume(fm_, DispatchLevelPostOperations());
    ASSERT_NE(volume.Attach(TrackerGlobals.Filter, "370030"), nullptr);
    fltctx::io::Handle a = volume.Create(L"\\a.txt", FILE_CREATE);
    ASSERT_EQ(a.status(), STATUS_SUCCESS);
    fltctx::io::Handle b = volume.Create(L"\\b.log", FILE_CREATE);
    ASSERT_EQ(b.status(), STATUS_SUCCESS);
    scanner.join();
    EXPECT_EQ(scanned, (std::vector<std::wstring>{L"\\Device\\HarddiskVolume1\\a.txt",
                                                  L"\\Device\\HarddiskVolume1\\b.log"}));
    EXPECT_EQ(TrackerStreamCount(), 2u);

    // Post-write runs at DISPATCH_LEVEL here and only counts.
    EXPECT_EQ(a.Write("one"), STATUS_SUCCESS);
    EXPECT_EQ(a.Write("two"), STATUS_SUCCESS);
    EXPECT_EQ(TrackerWritesOf(L"\\a.txt"), 2);

    // A second open of the same stream shares its context.
    fltctx::io::Handle again = volume.Create(L"\\a.txt", FILE_OPEN);
    EXPECT_EQ(TrackerStreamCount(), 2u);
    again.Close();

    EXPECT_EQ(a.Rename(L"\\c.txt"), STATUS_SUCCESS);
    EXPECT_EQ(TrackerWritesOf(L"\\a.txt"), -1);
    EXPECT_EQ(TrackerWritesOf(L"\\c.txt"), 2);
    EXPECT_EQ(TrackerRenamesOf(L"\\c.txt"), 1);

    b.Close();
    EXPECT_EQ(TrackerStreamCount(), 1u);
    a.Close();
    EXPECT_EQ(TrackerStreamCount(), 0u);  // the stream contexts went at close
  }
  EXPECT_EQ(TrackerUnload(0), STATUS_SUCCESS);

  const std::string log = dbg::CapturedText();
  EXPECT_NE(log.find("tracker: loaded (\\Registry\\Machine\\System\\CurrentControlSet\\Services"
                     "\\tracker)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("tracker: tracking \\Device\\HarddiskVolume1\\a.txt (extension txt)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("tracker: rename to \\Device\\HarddiskVolume1\\c.txt"), std::string::npos)
      << log;
}

TEST_F(TrackerTest, TheScannerTimesOutWhenNothingOpens) {
  WCHAR path[] = L"\\tracker";
  UNICODE_STRING registry_path = {sizeof(path) - sizeof(WCHAR), sizeof(path), path};
  ASSERT_EQ(DriverEntry(nullptr, &registry_path), STATUS_SUCCESS);
  WCHAR buffer[8];
  UNICODE_STRING name = {0, sizeof(buffer), buffer};
  EXPECT_EQ(TrackerScanNext(&name, 10), STATUS_TIMEOUT);
  EXPECT_EQ(TrackerUnload(0), STATUS_SUCCESS);
}

TEST_F(TrackerTest, NamesStillQueuedAtUnloadAreFreed) {
  WCHAR path[] = L"\\tracker";
  UNICODE_STRING registry_path = {sizeof(path) - sizeof(WCHAR), sizeof(path), path};
  ASSERT_EQ(DriverEntry(nullptr, &registry_path), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm_);
    volume.Attach(TrackerGlobals.Filter, "370030");
    volume.Create(L"\\queued.txt", FILE_CREATE).Close();
  }
  EXPECT_EQ(TrackerUnload(0), STATUS_SUCCESS);  // the leak check listener checks the rest
}

TEST_F(TrackerTest, EveryAllocationFailurePathIsClean) {
  TrackerVerbose = 0;
  EXPECT_ERROR_PATHS_CLEAN(LoadRunUnload());
  const poolsim::SweepResult sweep = poolsim::SweepFaults([] { LoadRunUnload(); });
  EXPECT_TRUE(sweep.clean());
  EXPECT_GE(sweep.injection_points, 8u) << "the sweep did not reach the driver's allocations";
  std::printf("tracker sweep: %llu injection points, %llu runs\n",
              static_cast<unsigned long long>(sweep.injection_points),
              static_cast<unsigned long long>(sweep.runs));
}

}  // namespace
