// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: registry/driver_object.cc
// -----------------------------------------------------------------------------
//
// The test side's DRIVER_OBJECT and RegistryPath (registry layer).

#include "registry/driver_object.h"

#include "registry/registry.h"

namespace registry {
namespace {

UNICODE_STRING Counted(std::wstring& s) {
  UNICODE_STRING u;
  u.Buffer = s.data();
  u.Length = static_cast<USHORT>(s.size() * sizeof(WCHAR));
  u.MaximumLength = static_cast<USHORT>((s.size() + 1) * sizeof(WCHAR));
  return u;
}

}  // namespace

TestDriverObject::TestDriverObject(const std::wstring& service)
    : service_(service),
      driver_name_(L"\\Driver\\" + service),
      path_(ServiceKeyPath(service)),
      parameters_(path_ + L"\\Parameters") {
  object_.Type = IO_TYPE_DRIVER;
  object_.Size = static_cast<CSHORT>(sizeof(DRIVER_OBJECT));
  object_.DriverExtension = &extension_;
  object_.DriverName = Counted(driver_name_);
  extension_.DriverObject = &object_;
  extension_.ServiceKeyName = Counted(service_);
  registry_path_ = Counted(path_);
  SeedKey(path_);
}

}  // namespace registry
