//===- test_util.h - Fixtures and corrupt-copy helpers ----------*- C++ -*-===//
#ifndef XCC_WEIGHTS_TEST_UTIL_H
#define XCC_WEIGHTS_TEST_UTIL_H

#include "xcc/weights/weights.h"

#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace xcc::weights::test {

std::string fixture(const std::string &name); // path under fixtures/

// The value the fixture generator writes: seed + i/4 (exact in every dtype).
float fixtureValue(double seed, int64_t i);
// Checks shape and every value against fixtureValue(seed, i).
::testing::AssertionResult hasFixtureValues(const NamedWeight *w,
                                            std::vector<int64_t> shape, double seed);

using ::xcc::test::TempDir;

std::vector<uint8_t> readBytes(const std::string &path);
void writeBytes(const std::string &path, const std::vector<uint8_t> &bytes);
std::string readText(const std::string &path);
void writeText(const std::string &path, const std::string &text);
// Replaces the only occurrence of `from` in the file's text; fails if absent.
void replaceInFile(const std::string &path, const std::string &from, const std::string &to);
// Offset of `needle` in `hay`, or -1.
int64_t findBytes(const std::vector<uint8_t> &hay, const std::vector<uint8_t> &needle);
std::vector<uint8_t> floatBytes(const std::vector<float> &values);
void copyDir(const std::string &from, const std::string &to);

// safetensors from a header JSON text and a data section.
void writeSafetensors(const std::string &path, const std::string &header,
                      const std::vector<uint8_t> &data);

// Loading `path` must throw ONE WeightsError whose message names the file and
// contains every fragment.
::testing::AssertionResult failsWith(const std::string &path,
                                     std::initializer_list<std::string> fragments,
                                     const LoadOptions &options = {});

} // namespace xcc::weights::test

#endif
