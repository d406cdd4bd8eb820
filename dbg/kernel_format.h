// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: dbg/kernel_format.h
// -----------------------------------------------------------------------------
//
// The Windows kernel's printf format language (DbgPrint, DbgPrintEx,
// vDbgPrintEx) as a pure function: Microsoft's size prefixes (h, hh, l, ll,
// w, I, I32, I64, z, t, j), LLP64 widths (%lx and %ld are 32 bits), the
// counted-string codes %Z (PANSI_STRING) and %wZ (PUNICODE_STRING), wide
// strings and characters (%ws, %ls, %S, %wc, %lc, %C), %p as the WDK prints
// it (16 upper-case hex digits), flags, width, precision and '*'.
//
//   std::string line = FormatWithKernelRules("%wZ: %I64x", &name, size);
//
// Part of the dbg core (C++); the WDK surface is dbg/wdk/dbg.h.
// Thread-safe (no state).

#ifndef DBG_KERNEL_FORMAT_H_
#define DBG_KERNEL_FORMAT_H_

#include <cstdarg>
#include <string>

namespace dbg {

// FormatKernelString()
//
// Returns `format` with `args` substituted by the kernel's rules. A NULL
// format gives "(null)"; a NULL string, counted string or counted-string
// buffer prints "(null)". Wide characters are written as UTF-8 (the kernel
// writes its ANSI code page; a character it cannot map becomes '?': here only
// values that are not Unicode scalar values do). Floating-point codes (which
// DbgPrint does not support) consume their double and print the specifier as
// written; %n consumes its pointer and writes nothing; an unknown or
// incomplete specifier is printed as written and consumes nothing.
// `args` itself is not advanced (the function works on a copy).
std::string FormatKernelString(const char* format, va_list args);

// Convenience for C++ callers and tests: the variadic form.
std::string FormatWithKernelRules(const char* format, ...);

// KernelFormatUsesUnicode()
//
// Returns true if and only if `format` contains one of the Unicode codes
// Microsoft allows only at PASSIVE_LEVEL: %C, %S, %lc, %ls, %wc, %ws, %wZ
// (with any flags, width and precision; %hC and %hS are narrow).
bool KernelFormatUsesUnicode(const char* format);

}  // namespace dbg

#endif  // DBG_KERNEL_FORMAT_H_
