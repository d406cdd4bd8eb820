// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: poolsim/pool_tag.h
// -----------------------------------------------------------------------------
//
// PoolTag: the four-byte pool tag as a value type. A WDK tag is a ULONG whose
// bytes, in memory order, are what debuggers and !poolused show. The C literal
// 'Fred' is 0x46726564 and shows as "derF"; PoolTag::FromChars("Fred") is the
// tag that shows as "Fred" (the ULONG 0x64657246).

#ifndef POOLSIM_POOL_TAG_H_
#define POOLSIM_POOL_TAG_H_

#include <cstdint>
#include <string>

namespace poolsim {

// PoolTag
//
// Thread-compatible value type.
class PoolTag {
 public:
  constexpr PoolTag() = default;
  // Wraps a raw ULONG as the WDK APIs pass it.
  constexpr explicit PoolTag(uint32_t value) : value_(value) {}

  // Returns the tag whose display form is `chars` (1-4 characters; a shorter
  // string is padded with spaces, as the pool does).
  static constexpr PoolTag FromChars(const char* chars) {
    uint32_t v = 0;
    int i = 0;
    for (; i < 4 && chars[i] != '\0'; ++i) {
      v |= static_cast<uint32_t>(static_cast<unsigned char>(chars[i])) << (8 * i);
    }
    for (; i < 4; ++i) v |= uint32_t{' '} << (8 * i);
    return PoolTag(v);
  }

  constexpr uint32_t value() const { return value_; }

  // The PROTECTED_POOL bit (0x80000000) of old NT headers.
  static constexpr uint32_t kProtectedBit = 0x80000000u;
  constexpr bool is_protected() const { return (value_ & kProtectedBit) != 0; }
  constexpr PoolTag WithoutProtectedBit() const {
    return PoolTag(value_ & ~kProtectedBit);
  }

  // Returns true if and only if every byte is in 0x20..0x7E, the documented
  // range for tag characters (the protected bit aside).
  bool IsPrintable() const;
  // Returns true if and only if at least one byte is a letter or a digit.
  bool HasAlphanumeric() const;

  // Returns the tag as debuggers show it: the four bytes in memory order, with
  // bytes outside 0x20..0x7E written as \xNN (e.g. "Fred", "None").
  std::string ToString() const;

  // Returns true if and only if the display form matches `pattern`, which may
  // use '*' (any run) and '?' (any one character), case-sensitively, as
  // !poolused and verifier tag lists do.
  bool Matches(const std::string& pattern) const;

  // Returns true if and only if `text` matches `pattern`, with '*' (any
  // run) and '?' (any one character), case-sensitively: poolsim::GlobMatch
  // (poolsim/glob.h), kept here for existing callers.
  static bool GlobMatch(const std::string& pattern, const std::string& text);

  friend constexpr bool operator==(PoolTag a, PoolTag b) {
    return a.value_ == b.value_;
  }
  friend constexpr bool operator!=(PoolTag a, PoolTag b) {
    return a.value_ != b.value_;
  }
  friend constexpr bool operator<(PoolTag a, PoolTag b) {
    return a.value_ < b.value_;
  }
  template <typename H>
  friend H AbslHashValue(H h, PoolTag t) {
    return H::combine(std::move(h), t.value_);
  }

 private:
  uint32_t value_ = 0;
};

// The tag the pool gives allocations made without one (ExAllocatePool).
inline constexpr PoolTag kNoTag = PoolTag::FromChars("None");
// The tag reserved for untracked big allocations ("BIG ").
inline constexpr PoolTag kBigTag = PoolTag::FromChars("BIG ");

}  // namespace poolsim

#endif  // POOLSIM_POOL_TAG_H_
