// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/internal/object_bag.h
// -----------------------------------------------------------------------------
//
// An AVStream object bag (ksalloc core, private): the items KsEdit copied
// and KsAddItemToObjectBag added, each freed when the bag's object closes.
//
// Not thread-safe: used under the pin's own serialization (the filter
// control mutex AVStream holds around Create, Close and KsEdit).

#ifndef KSALLOC_INTERNAL_OBJECT_BAG_H_
#define KSALLOC_INTERNAL_OBJECT_BAG_H_

#include <vector>

#include "ksalloc/wdk/kspin.h"

namespace ksalloc {
namespace ksalloc_internal {

class ObjectBag {
 public:
  ObjectBag() = default;
  ~ObjectBag();  // does not free: Clear() does, in the driver's context
  ObjectBag(const ObjectBag&) = delete;
  ObjectBag& operator=(const ObjectBag&) = delete;

  // _KsEdit's work: see ksalloc/wdk/kspin.h.
  NTSTATUS Edit(PVOID* pointer_to_item, ULONG new_size, ULONG old_size, ULONG tag);
  NTSTATUS Add(PVOID item, PFNKSFREE free);
  ULONG Remove(PVOID item, bool free);
  // Frees every item (the object closes).
  void Clear();

 private:
  struct Item {
    PVOID address;
    ULONG size;  // 0 for added items (size unknown)
    PFNKSFREE free;
  };
  Item* Find(PVOID address);
  std::vector<Item> items_;
};

}  // namespace ksalloc_internal
}  // namespace ksalloc

#endif  // KSALLOC_INTERNAL_OBJECT_BAG_H_
