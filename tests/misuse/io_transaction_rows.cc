// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/io_transaction_rows.cc
// -----------------------------------------------------------------------------
//
// Misuse rows of the transaction parameters of simulated I/O
// (IoGetTransactionParameterBlock).

#include <cstdint>

#include "fltctx/wdk/simulation.h"
#include "tests/misuse/matrix.h"

namespace misuse {
namespace {

constexpr uint64_t kAccessViolation = 0xC0000005;

MISUSE_CASE(IoGetTransactionParameterBlock, Null) {
  PTXN_PARAMETER_BLOCK block = reinterpret_cast<PTXN_PARAMETER_BLOCK>(1);
  EXPECT_ONLY_BUGCHECK(block = IoGetTransactionParameterBlock(nullptr), 0x1E,
                       {kAccessViolation, 0, 0, 0});
  EXPECT_EQ(block, nullptr);
}

MISUSE_CASE(IoGetTransactionParameterBlock, ForeignFileObject) {
  FILE_OBJECT forged = {};
  TXN_PARAMETER_BLOCK bogus = {};
  forged.FileObjectExtension = &bogus;  // would be returned if read blindly
  PTXN_PARAMETER_BLOCK block = reinterpret_cast<PTXN_PARAMETER_BLOCK>(1);
  EXPECT_ONLY_BUGCHECK(block = IoGetTransactionParameterBlock(&forged), 0x1E,
                       {kAccessViolation, 0, 0, reinterpret_cast<uintptr_t>(&forged)});
  EXPECT_EQ(block, nullptr);
}

}  // namespace
}  // namespace misuse
