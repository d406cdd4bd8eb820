// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// The scanning minifilter (tests/minifilters/scanner/, built unchanged by a
// three-line BUILD file): settings from the service key, clean and infected
// opens judged by a user-mode scanner on its own thread, the verdict cached
// per stream, the "already scanned" ECP, a disconnected or slow scanner
// (the open goes through), the "rescan all" command, a write expiring the
// verdict from a post-operation at DISPATCH_LEVEL, and every
// allocation-failure path clean.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fltctx/filter_manager.h"
#include "fltctx/io/io.h"
#include "fltctx/testing/port_client.h"
#include "gtest/gtest.h"
#include "poolsim/environment.h"
#include "poolsim/fault_sweep.h"
#include "poolsim/testing/leak_check.h"
#include "registry/driver_object.h"
#include "registry/registry.h"

extern "C" {
#include "tests/minifilters/scanner/scanner.h"
}

namespace {

constexpr char kMarker[] = "EICAR";

fltctx::io::VolumeSetup AtDispatch() {
  fltctx::io::VolumeSetup setup = fltctx::io::VolumeSetup::Ntfs();
  setup.post_operation_at_dispatch = true;
  return setup;
}

// The scanner service: "infected" when the bytes sent contain the marker.
std::vector<uint8_t> Verdict(const std::vector<uint8_t>& message) {
  SCANNER_NOTIFICATION n{};
  std::memcpy(&n, message.data(), std::min(message.size(), sizeof(n)));
  std::string contents(reinterpret_cast<const char*>(n.Contents),
                       std::min<size_t>(n.BytesToScan, sizeof(n.Contents)));
  return {static_cast<uint8_t>(contents.find(kMarker) == std::string::npos ? 1 : 0)};
}

void Seed(registry::TestDriverObject& driver, uint32_t timeout_ms = 2000) {
  registry::SetDword(driver.parameters_path(), L"ScanOnOpen", 1);
  registry::SetDword(driver.parameters_path(), L"ScanTimeoutMs", timeout_ms);
  registry::SetMultiString(driver.parameters_path(), L"Extensions", {L"exe", L"dll"});
}

void WriteFile(fltctx::io::Volume& volume, const std::wstring& name, const std::string& data) {
  fltctx::io::Handle h = volume.Create(name, FILE_OVERWRITE_IF);
  ASSERT_EQ(h.status(), STATUS_SUCCESS);
  ASSERT_EQ(h.Write(data), STATUS_SUCCESS);
}

class ScannerTest : public ::testing::Test {
 protected:
  ScannerTest() : fm_(poolsim::Ambient()), install_(&fm_), driver_(L"scanner") {}
  fltctx::FilterManager fm_;
  fltctx::ScopedFilterManager install_;
  registry::TestDriverObject driver_;
};

TEST_F(ScannerTest, ARequiredSettingMissingFailsDriverEntry) {
  Seed(driver_);
  ASSERT_TRUE(registry::DeleteValue(poolsim::Ambient(), driver_.parameters_path(), L"ScanOnOpen"));
  EXPECT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(ScannerFilter(), nullptr);
  Seed(driver_);
  ASSERT_TRUE(registry::DeleteValue(poolsim::Ambient(), driver_.parameters_path(), L"Extensions"));
  EXPECT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_OBJECT_NAME_NOT_FOUND);
  EXPECT_EQ(ScannerFilter(), nullptr);
  // The optional timeout is not required.
  Seed(driver_);
  ASSERT_TRUE(
      registry::DeleteValue(poolsim::Ambient(), driver_.parameters_path(), L"ScanTimeoutMs"));
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, InfectedOpensAreDeniedCleanOnesAllowedAndVerdictsCached) {
  Seed(driver_);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
    ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(ScannerFilter(), "265000"), nullptr);
    WriteFile(volume, L"\\clean.exe", "hello world");
    WriteFile(volume, L"\\bad.exe", std::string("xx") + kMarker + "xx");
    WriteFile(volume, L"\\bad.txt", std::string("xx") + kMarker + "xx");  // not an extension scanned
    const LONG scans = ScannerStatistics.Scans;

    EXPECT_EQ(volume.Create(L"\\BAD.EXE", FILE_OPEN).status(), STATUS_ACCESS_DENIED);
    EXPECT_EQ(ScannerStatistics.Denied, 1);
    EXPECT_EQ(volume.Create(L"\\bad.txt", FILE_OPEN).status(), STATUS_SUCCESS);

    fltctx::io::Handle first = volume.Create(L"\\clean.exe", FILE_OPEN);
    EXPECT_EQ(first.status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.Scans, scans + 2);
    // The stream is still open: its context holds the verdict.
    const uint64_t messages = scanner.messages();
    fltctx::io::Handle second = volume.Create(L"\\clean.exe", FILE_OPEN);
    EXPECT_EQ(second.status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 1);
    EXPECT_EQ(scanner.messages(), messages);
    first.Close();
    second.Close();
    scanner.Stop();
  }
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, AWriteSinceTheVerdictMakesTheNextOpenScanAgain) {
  Seed(driver_);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
    ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(ScannerFilter(), "265000"), nullptr);
    WriteFile(volume, L"\\tool.dll", "harmless");
    fltctx::io::Handle h = volume.Create(L"\\tool.dll", FILE_OPEN);
    ASSERT_EQ(h.status(), STATUS_SUCCESS);
    const LONG scans = ScannerStatistics.Scans;
    // Cached while nothing writes.
    EXPECT_EQ(volume.Create(L"\\tool.dll", FILE_OPEN).status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 1);
    // The post-write runs at DISPATCH_LEVEL and expires the verdict.
    ASSERT_EQ(h.Write(std::string(kMarker) + "!"), STATUS_SUCCESS);
    EXPECT_EQ(volume.Create(L"\\tool.dll", FILE_OPEN).status(), STATUS_ACCESS_DENIED);
    EXPECT_EQ(ScannerStatistics.Scans, scans + 1);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 1);
    // The new verdict is cached in turn.
    EXPECT_EQ(volume.Create(L"\\tool.dll", FILE_OPEN).status(), STATUS_ACCESS_DENIED);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 2);
    h.Close();
    scanner.Stop();
  }
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, TheAlreadyScannedEcpSkipsTheScan) {
  Seed(driver_);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
    ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(ScannerFilter(), "265000"), nullptr);
    WriteFile(volume, L"\\bad.exe", kMarker);

    PECP_LIST list = nullptr;
    PVOID ecp = nullptr;
    ASSERT_EQ(FltAllocateExtraCreateParameterList(ScannerFilter(), 0, &list), STATUS_SUCCESS);
    ASSERT_EQ(FltAllocateExtraCreateParameter(ScannerFilter(), &SCANNER_ECP_GUID,
                                              sizeof(SCANNER_ECP), 0, nullptr, SCANNER_ECP_TAG,
                                              &ecp),
              STATUS_SUCCESS);
    ASSERT_EQ(FltInsertExtraCreateParameter(ScannerFilter(), list, ecp), STATUS_SUCCESS);
    fltctx::io::CreateRequest request;
    request.name = L"\\bad.exe";
    request.disposition = FILE_OPEN;
    request.ecp_list = list;
    const uint64_t messages = scanner.messages();
    EXPECT_EQ(volume.Create(request).status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.EcpSkips, 1);
    EXPECT_EQ(scanner.messages(), messages);
    EXPECT_TRUE(FltIsEcpAcknowledged(ScannerFilter(), ecp));
    FltFreeExtraCreateParameterList(ScannerFilter(), list);
    // Without it the same file is scanned and denied.
    EXPECT_EQ(volume.Create(L"\\bad.exe", FILE_OPEN).status(), STATUS_ACCESS_DENIED);
    scanner.Stop();
  }
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, WithTheScannerDisconnectedOpensGoThrough) {
  Seed(driver_);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(ScannerFilter(), "265000"), nullptr);
    // No scanner has connected yet: the creating open goes through.
    WriteFile(volume, L"\\bad.exe", kMarker);
    EXPECT_EQ(ScannerStatistics.FailedOpen, 1);
    {
      fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
      ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
      EXPECT_EQ(volume.Create(L"\\bad.exe", FILE_OPEN).status(), STATUS_ACCESS_DENIED);
    }  // disconnects
    EXPECT_EQ(volume.Create(L"\\bad.exe", FILE_OPEN).status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.FailedOpen, 2);
    EXPECT_EQ(ScannerStatistics.Denied, 1);
  }
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, ASlowScannerTimesOutAndTheOpenGoesThroughUncached) {
  Seed(driver_, /*timeout_ms=*/50);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, [](const std::vector<uint8_t>& m) {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return Verdict(m);
    });
    ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
    fltctx::io::Volume volume(fm_, AtDispatch());
    ASSERT_NE(volume.Attach(ScannerFilter(), "265000"), nullptr);
    WriteFile(volume, L"\\bad.exe", kMarker);
    fltctx::io::Handle h = volume.Create(L"\\bad.exe", FILE_OPEN);
    EXPECT_EQ(h.status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.FailedOpen, 1);
    EXPECT_EQ(ScannerStatistics.Scans, 0);
    // Nothing was cached: the next open asks again.
    EXPECT_EQ(volume.Create(L"\\bad.exe", FILE_OPEN).status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 0);
    EXPECT_EQ(ScannerStatistics.FailedOpen, 2);
    h.Close();
    scanner.Stop();
  }
  EXPECT_EQ(fltctx::InfiniteWaitsBounded(), 0u);
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

TEST_F(ScannerTest, RescanAllVisitsEveryVolumeAndExpiresCachedVerdicts) {
  Seed(driver_);
  ASSERT_EQ(DriverEntry(driver_.object(), driver_.registry_path()), STATUS_SUCCESS);
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
    ASSERT_EQ(scanner.connect_result(), fltctx::kHresultOk);
    fltctx::io::Volume one(fm_, AtDispatch());
    fltctx::io::Volume two(fm_, AtDispatch());
    ASSERT_NE(one.Attach(ScannerFilter(), "265000"), nullptr);
    ASSERT_NE(two.Attach(ScannerFilter(), "265000"), nullptr);
    WriteFile(one, L"\\clean.exe", "fine");
    fltctx::io::Handle first = one.Create(L"\\clean.exe", FILE_OPEN);
    ASSERT_EQ(first.status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.Scans, 1);

    std::unique_ptr<fltctx::PortClient> client;
    ASSERT_EQ(fltctx::PortClient::Connect(SCANNER_PORT_NAME, nullptr, 0, &client),
              fltctx::kHresultOk);
    SCANNER_COMMAND command = {SCANNER_COMMAND_RESCAN_ALL};
    SCANNER_RESCAN_RESULT result = {};
    uint32_t returned = 0;
    ASSERT_EQ(client->SendMessage(&command, sizeof(command), &result, sizeof(result), &returned),
              fltctx::kHresultOk);
    EXPECT_EQ(returned, sizeof(result));
    EXPECT_EQ(result.VolumesVisited, 2u);
    SCANNER_COMMAND unknown = {77};
    EXPECT_EQ(client->SendMessage(&unknown, sizeof(unknown), &result, sizeof(result), &returned),
              fltctx::HresultFromNt(STATUS_INVALID_PARAMETER));
    client.reset();

    fltctx::io::Handle second = one.Create(L"\\clean.exe", FILE_OPEN);
    EXPECT_EQ(second.status(), STATUS_SUCCESS);
    EXPECT_EQ(ScannerStatistics.Scans, 2);
    EXPECT_EQ(ScannerStatistics.CachedVerdicts, 0);
    first.Close();
    second.Close();
    scanner.Stop();
  }
  EXPECT_EQ(ScannerUnload(0), STATUS_SUCCESS);
}

void LoadScanUnload() {
  fltctx::FilterManager fm(poolsim::Ambient());
  fltctx::ScopedFilterManager install(&fm);
  registry::TestDriverObject driver(L"scanner");
  Seed(driver);
  if (!NT_SUCCESS(DriverEntry(driver.object(), driver.registry_path()))) return;
  {
    fltctx::PortScanner scanner(SCANNER_PORT_NAME, Verdict);
    fltctx::io::Volume volume(fm, AtDispatch());
    if (volume.Attach(ScannerFilter(), "265000") != nullptr) {
      {
        fltctx::io::Handle w = volume.Create(L"\\bad.exe", FILE_OVERWRITE_IF);
        w.Write(kMarker);
      }
      {
        fltctx::io::Handle w = volume.Create(L"\\clean.exe", FILE_OVERWRITE_IF);
        w.Write("fine");
      }
      volume.Create(L"\\bad.exe", FILE_OPEN);
      fltctx::io::Handle a = volume.Create(L"\\clean.exe", FILE_OPEN);
      fltctx::io::Handle b = volume.Create(L"\\clean.exe", FILE_OPEN);
      a.Write("more");  // the post-write, at DISPATCH_LEVEL, expires the verdict
      volume.Create(L"\\clean.exe", FILE_OPEN);
      std::unique_ptr<fltctx::PortClient> client;
      if (fltctx::PortClient::Connect(SCANNER_PORT_NAME, nullptr, 0, &client) ==
          fltctx::kHresultOk) {
        SCANNER_COMMAND command = {SCANNER_COMMAND_RESCAN_ALL};
        SCANNER_RESCAN_RESULT result = {};
        uint32_t returned = 0;
        client->SendMessage(&command, sizeof(command), &result, sizeof(result), &returned);
      }
    }
    scanner.Stop();
  }
  ScannerUnload(0);
}

TEST(ScannerSweep, EveryAllocationFailurePathIsClean) {
  EXPECT_ERROR_PATHS_CLEAN(LoadScanUnload());
  // The sweep reached the driver's own allocations (settings, the port, the
  // contexts, the notification, the enumeration array), not just the
  // library's.
  const poolsim::SweepResult sweep = poolsim::SweepFaults([] { LoadScanUnload(); });
  EXPECT_TRUE(sweep.clean());
  EXPECT_GE(sweep.injection_points, 20u) << "the sweep did not reach the driver's allocations";
  std::printf("scanner sweep: %llu injection points, %llu runs\n",
              static_cast<unsigned long long>(sweep.injection_points),
              static_cast<unsigned long long>(sweep.runs));
}

TEST(ScannerSweep, EveryAllocatingCallSiteFailedIsClean) {
  EXPECT_ERROR_PATHS_CLEAN_BY_STACK(LoadScanUnload());
}

}  // namespace
