/* Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
 *
 * File: tests/names/names_filter.h
 * A minifilter written in C that queries file names from its callbacks
 * (tests/names/names_filter.c); what it saw is in the globals below. */
#ifndef TESTS_NAMES_NAMES_FILTER_H_
#define TESTS_NAMES_NAMES_FILTER_H_
#include <fltKernel.h>
POOLSIM_BEGIN_EXTERN_C
#define NF_CHARS 256
extern WCHAR g_pre_create_normalized[NF_CHARS];
extern NTSTATUS g_pre_create_status;
extern NTSTATUS g_pre_create_short_status;
extern BOOLEAN g_open_target_directory;   /* pre-create asks as a target-directory open */
extern WCHAR g_post_create_opened[NF_CHARS];
extern WCHAR g_final_component[NF_CHARS];
extern WCHAR g_extension[NF_CHARS];
extern WCHAR g_stream[NF_CHARS];
extern WCHAR g_parent_dir[NF_CHARS];
extern WCHAR g_destination[NF_CHARS];
extern WCHAR g_post_set_normalized[NF_CHARS];
extern NTSTATUS g_post_close_status;
extern BOOLEAN g_keep_reference;          /* post-create keeps its reference */
extern PFLT_FILE_NAME_INFORMATION g_kept; /* ... here */
extern PFLT_FILTER g_filter;
NTSTATUS NamesFilterEntry(void);
POOLSIM_END_EXTERN_C
#endif
