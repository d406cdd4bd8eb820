/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: wdkhost/wdk/guid.h
 * -----------------------------------------------------------------------------
 *
 * GUIDs as <guiddef.h> gives them (host surface): GUID (poolsim/wdk/ntdef.h),
 * LPCGUID, REFGUID, IsEqualGUID, and DEFINE_GUID, which declares the GUID
 * (extern const GUID) unless INITGUID is defined, and then defines it. As in
 * the WDK, the definition may appear in several translation units (it is a
 * weak, "select any" symbol), and <initguid.h> switches DEFINE_GUID to
 * defining for everything that follows, even after this header was included
 * once: the DEFINE_GUID part below is outside the include guard on purpose.
 * C and C++. */

#ifndef WDKHOST_WDK_GUID_H_
#define WDKHOST_WDK_GUID_H_

#include <string.h>

#include "poolsim/wdk/ntdef.h"
#include "wdkhost/wdk/macros.h"

typedef const GUID* LPCGUID;
typedef GUID CLSID, *LPCLSID;
typedef GUID IID, *LPIID;
typedef GUID UUID;

#ifdef __cplusplus
typedef const GUID& REFGUID;
typedef const IID& REFIID;
typedef const CLSID& REFCLSID;
/* C++: IsEqualGUID(a, b) compares two GUIDs given by reference. A template,
 * so that a surface that declares its own non-template IsEqualGUID (the
 * kernel-streaming proxy header does) coexists with it: overload resolution
 * then picks that one, with the same result. */
template <typename WdkhostUnused = void>
inline int IsEqualGUID(REFGUID a, REFGUID b) {
  return memcmp(&a, &b, sizeof(GUID)) == 0;
}
inline int InlineIsEqualGUID(REFGUID a, REFGUID b) { return IsEqualGUID(a, b); }
inline bool operator==(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return !(a == b); }
#else
typedef const GUID* REFGUID;
typedef const IID* REFIID;
typedef const CLSID* REFCLSID;
/* C: IsEqualGUID(&a, &b) compares two GUIDs given by address. */
#define IsEqualGUID(rguid1, rguid2) (!memcmp((rguid1), (rguid2), sizeof(GUID)))
#define InlineIsEqualGUID(rguid1, rguid2) IsEqualGUID((rguid1), (rguid2))
#endif
#define IsEqualIID(a, b) IsEqualGUID((a), (b))
#define IsEqualCLSID(a, b) IsEqualGUID((a), (b))

#define WDKHOST_GUID_DECLARE(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  EXTERN_C const GUID name
/* A definition: external linkage in C without `extern` (which would warn on
 * an initialized declaration), extern "C" in C++. */
#ifdef __cplusplus
#define WDKHOST_GUID_DEFINITION_LINKAGE extern "C"
#else
#define WDKHOST_GUID_DEFINITION_LINKAGE
#endif
#define WDKHOST_GUID_DEFINE(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  WDKHOST_GUID_DEFINITION_LINKAGE const GUID DECLSPEC_SELECTANY name =        \
      {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}

#endif /* WDKHOST_WDK_GUID_H_ */

/* Re-evaluated on every inclusion (see the file comment). */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#define DEFINE_GUID WDKHOST_GUID_DEFINE
#else
#define DEFINE_GUID WDKHOST_GUID_DECLARE
#endif
