// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: ksalloc/internal/object_bag.cc
// -----------------------------------------------------------------------------
//
// An AVStream object bag (ksalloc core, private).

#include "ksalloc/internal/object_bag.h"

#include <algorithm>
#include <cstring>

namespace ksalloc {
namespace ksalloc_internal {
namespace {

void FreeItem(PVOID address, PFNKSFREE free) {
  if (free != nullptr) {
    free(address);
  } else {
    ExFreePool(address);
  }
}

}  // namespace

ObjectBag::~ObjectBag() = default;

ObjectBag::Item* ObjectBag::Find(PVOID address) {
  for (Item& item : items_) {
    if (item.address == address) return &item;
  }
  return nullptr;
}

NTSTATUS ObjectBag::Edit(PVOID* pointer_to_item, ULONG new_size, ULONG old_size, ULONG tag) {
  PVOID old = *pointer_to_item;
  Item* existing = old != nullptr ? Find(old) : nullptr;
  if (existing != nullptr && existing->size >= new_size) return STATUS_SUCCESS;
  PVOID copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, new_size == 0 ? 1 : new_size, tag);
  if (copy == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  if (old != nullptr) {
    ULONG bytes = std::min(old_size, new_size);
    if (existing != nullptr && existing->size != 0) bytes = std::min(bytes, existing->size);
    std::memcpy(copy, old, bytes);
  }
  if (existing != nullptr) {
    PVOID previous = existing->address;
    PFNKSFREE free = existing->free;
    items_.erase(items_.begin() + (existing - items_.data()));
    FreeItem(previous, free);
  }
  items_.push_back({copy, new_size, nullptr});
  *pointer_to_item = copy;
  return STATUS_SUCCESS;
}

NTSTATUS ObjectBag::Add(PVOID item, PFNKSFREE free) {
  if (item == nullptr) return STATUS_INVALID_PARAMETER;
  if (Find(item) != nullptr) return STATUS_SUCCESS;
  items_.push_back({item, 0, free});
  return STATUS_SUCCESS;
}

ULONG ObjectBag::Remove(PVOID item, bool free) {
  Item* found = Find(item);
  if (found == nullptr) return 0;
  PFNKSFREE routine = found->free;
  items_.erase(items_.begin() + (found - items_.data()));
  if (free) FreeItem(item, routine);
  return 1;
}

void ObjectBag::Clear() {
  std::vector<Item> items;
  items.swap(items_);
  for (auto it = items.rbegin(); it != items.rend(); ++it) FreeItem(it->address, it->free);
}

}  // namespace ksalloc_internal
}  // namespace ksalloc
