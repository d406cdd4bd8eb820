#include <fstream>
#include <iterator>
#include <vector>
#include <cstdio>
#include "tests/misuse/wdk_calls.h"
int main(int argc, char** argv) {
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), {});
  auto r = misuse::RunWdkCalls(b.data(), b.size());
  std::printf("calls %zu bugchecks %zu broken '%s'\n", r.calls, r.bug_checks, r.broken.c_str());
}
