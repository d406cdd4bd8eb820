/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * -----------------------------------------------------------------------------
 * File: fltctx/io/testdata/issued_deref.h
 * -----------------------------------------------------------------------------
 *
 * Test data of fltctx/io: the test filters' stand-in for ObDereferenceObject
 * on a FILE_OBJECT FltCreateFileEx(2) returned (the object manager's
 * functions are another part of the surface); it drops the reference the
 * create took. Returns FALSE if the file object held none. */

#ifndef FLTCTX_IO_TESTDATA_ISSUED_DEREF_H_
#define FLTCTX_IO_TESTDATA_ISSUED_DEREF_H_

#include <fltKernel.h>

#ifdef __cplusplus
extern "C" {
#endif

BOOLEAN IssuedDereferenceFileObject(PFILE_OBJECT FileObject);

#ifdef __cplusplus
}
#endif

#endif /* FLTCTX_IO_TESTDATA_ISSUED_DEREF_H_ */
