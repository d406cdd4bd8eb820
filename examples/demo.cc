#include <mimalloc.h>
#include <cstdio>
#include "absl/synchronization/mutex.h"
int main() { absl::Mutex mu; absl::MutexLock l(&mu); void* p = mi_malloc(10); mi_free(p); std::puts("ok"); }
