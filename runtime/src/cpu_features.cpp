#include "xcc/runtime/cpu_features.h"

#include "xcc/amx/tiles.h"

#include <cstdlib>
#include <map>
#include <sstream>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace xcc::rt {
namespace {

/// Halide 14's x86 target features and the extensions each needs (Halide's CodeGen_X86 and Target.cpp: the
/// avx512 levels are cumulative), and xcc's own amx_bf16 (GEMMs on AMX tiles, xcc/amx/tiles.h).
const std::map<std::string, std::vector<std::string>> &halideNeeds() {
  static const std::map<std::string, std::vector<std::string>> needs = {
      {"sse41", {"sse4.1"}},
      {"avx", {"avx"}},
      {"f16c", {"f16c"}},
      {"fma", {"fma"}},
      {"avx2", {"avx2"}},
      {"avx512", {"avx512f", "avx512cd"}},
      {"avx512_knl", {"avx512f", "avx512cd", "avx512pf", "avx512er"}},
      {"avx512_skylake", {"avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq"}},
      {"avx512_cannonlake", {"avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq", "avx512ifma",
                             "avx512vbmi"}},
      {"avx512_sapphirerapids", {"avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq", "avx512ifma",
                                 "avx512vbmi", "avx512_bf16", "avx512_vnni", "avxvnni"}},
      {"avx512_vnni", {"avx512_vnni"}},
      {"avx512_bf16", {"avx512_bf16"}},
      {"avxvnni", {"avxvnni"}},
      {"amx_bf16", {"amx_tile", "amx_bf16"}},
  };
  return needs;
}

} // namespace

namespace {

CpuFeatures detectedCpuFeatures() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return f;
  auto add = [&](bool has, const char *name) {
    if (has)
      f.insert(name);
  };
  add(c & (1u << 19), "sse4.1");
  add(c & (1u << 12), "fma");
  add(c & (1u << 29), "f16c");
  // AVX state (and AVX-512's) must be enabled by the OS too: XCR0's bits, readable once OSXSAVE is set.
  unsigned long long xcr0 = 0;
  if (c & (1u << 27)) {
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
  }
  const bool osAvx = (xcr0 & 0x6) == 0x6, osAvx512 = osAvx && (xcr0 & 0xe0) == 0xe0;
  add(osAvx && (c & (1u << 28)), "avx");
  if (!osAvx) {
    f.erase("fma");
    f.erase("f16c");
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    add(osAvx && (b & (1u << 5)), "avx2");
    const std::pair<unsigned, const char *> avx512b[] = {{16, "avx512f"},  {17, "avx512dq"}, {21, "avx512ifma"},
                                                         {26, "avx512pf"}, {27, "avx512er"}, {28, "avx512cd"},
                                                         {30, "avx512bw"}, {31, "avx512vl"}};
    for (auto [bit, name] : avx512b)
      add(osAvx512 && (b & (1u << bit)), name);
    add(osAvx512 && (c & (1u << 1)), "avx512vbmi");
    add(osAvx512 && (c & (1u << 11)), "avx512_vnni");
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d)) {
      add(osAvx && (a & (1u << 4)), "avxvnni");
      add(osAvx512 && (a & (1u << 5)), "avx512_bf16");
    }
  }
#endif
  // AMX counts only once Linux has granted the tile state too (xcc/amx asks for it).
  if (amx::hardwareTiles())
    f.insert({"amx_tile", "amx_bf16"});
  return f;
}

} // namespace

CpuFeatures hostCpuFeatures() {
  CpuFeatures f = detectedCpuFeatures();
  // The tile emulation makes AMX artifacts runnable anywhere, slowly: for tests, never chosen by default.
  if (const char *emulate = std::getenv("XCC_AMX_EMULATION"); emulate && std::string(emulate) == "1")
    f.insert({"amx_tile", "amx_bf16"});
  if (const char *without = std::getenv("XCC_CPU_WITHOUT")) {
    std::istringstream names(without);
    for (std::string name; std::getline(names, name, ',');)
      f.erase(name);
  }
  return f;
}

std::string missingCpuFeatures(const std::string &target, const CpuFeatures &cpu) {
  std::set<std::string> missing;
  std::istringstream parts(target);
  for (std::string feature; std::getline(parts, feature, '-');) {
    auto needs = halideNeeds().find(feature);
    if (needs == halideNeeds().end())
      continue;
    for (const std::string &n : needs->second)
      if (!cpu.count(n))
        missing.insert(n);
  }
  std::string list;
  for (const std::string &m : missing)
    list += (list.empty() ? "" : ", ") + m;
  return list;
}

} // namespace xcc::rt
