// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: tests/misuse/exported_names.h
// -----------------------------------------------------------------------------
//
// The WDK-named functions the library exports, read from the public wdk/
// headers of every layer (declared data of the misuse matrix): each function
// declaration or inline definition at file scope whose name is the WDK's
// spelling (PascalCase). Test-side helpers (KsSim*, Fltctx*) are not WDK
// names and are left out, as are the library's own C controls (Poolsim*).

#ifndef TESTS_MISUSE_EXPORTED_NAMES_H_
#define TESTS_MISUSE_EXPORTED_NAMES_H_

#include <map>
#include <set>
#include <string>

namespace misuse {

// Returns the function names declared in `header_text` (a C/C++ header).
// Declarations marked WDKHOST_NOT_PROVIDED (declared so that drivers
// compile, absent at link) are not among them; their names go to `absent`
// if given.
std::set<std::string> DeclaredFunctions(const std::string& header_text,
                                        std::set<std::string>* absent = nullptr);

// Returns every exported WDK name -> the header (workspace-relative) that
// declares it first, from the headers in the test's runfiles.
// The names declared but deliberately absent go to `absent` if given.
std::map<std::string, std::string> ExportedWdkNames(std::set<std::string>* absent = nullptr);

}  // namespace misuse

#endif  // TESTS_MISUSE_EXPORTED_NAMES_H_
