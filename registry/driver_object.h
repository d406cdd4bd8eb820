// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/driver_object.h
// -----------------------------------------------------------------------------
//
// The DRIVER_OBJECT and RegistryPath a test passes to a driver's DriverEntry
// (registry layer, test side, C++): named for a service, so that
// IoOpenDriverRegistryKey and the RegistryPath the driver opens reach the
// service key the test seeded (registry/registry.h):
//
//   registry::TestDriverObject driver(L"scanner");
//   registry::SetDword(driver.parameters_path(), L"Timeout", 30);
//   EXPECT_EQ(DriverEntry(driver.object(), driver.registry_path()), STATUS_SUCCESS);
//
// Thread-compatible. Keep it alive while the driver may read its fields.

#ifndef REGISTRY_DRIVER_OBJECT_H_
#define REGISTRY_DRIVER_OBJECT_H_

#include <string>

#include "wdkhost/wdk/objects.h"

namespace registry {

class TestDriverObject {
 public:
  // A driver object named "\Driver\<service>" whose DriverExtension's
  // ServiceKeyName is `service`.
  explicit TestDriverObject(const std::wstring& service);
  TestDriverObject(const TestDriverObject&) = delete;
  TestDriverObject& operator=(const TestDriverObject&) = delete;

  PDRIVER_OBJECT object() { return &object_; }
  // "\Registry\Machine\System\CurrentControlSet\Services\<service>".
  PUNICODE_STRING registry_path() { return &registry_path_; }
  // registry_path() + "\Parameters", for seeding.
  const std::wstring& parameters_path() const { return parameters_; }

 private:
  std::wstring service_;
  std::wstring driver_name_;
  std::wstring path_;
  std::wstring parameters_;
  DRIVER_EXTENSION extension_{};
  DRIVER_OBJECT object_{};
  UNICODE_STRING registry_path_{};
};

}  // namespace registry

#endif  // REGISTRY_DRIVER_OBJECT_H_
