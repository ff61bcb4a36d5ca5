//===- dataset_split_test.cpp - the guide's 40/10/10 split ----------------===//

#include "error_of.h"
#include "test_images.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace xcc::rt;
using xcc::rt::test::makeTenFiles;
using xcc::rt::test::TempDir;

namespace {

std::vector<std::string> relative(const TempDir &dir, const FileSet &files) {
  std::vector<std::string> out;
  for (const std::string &p : files.paths)
    out.push_back(p.substr(dir.str().size() + 1));
  return out;
}

DatasetOptions seeded(uint32_t seed = 1337) {
  DatasetOptions o;
  o.seed = seed;
  return o;
}

template <typename Fn> std::string errorOf(Fn &&fn) { return test::errorOf<DatasetError>(fn); }

#define EXPECT_HAS(haystack, needle)                                           \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

} // namespace

// Seed 1337 shuffles the ten files to d1 c3 c0 c4 d0 c2 c1 d4 d3 d2 (numpy
// golden, dataset_test.cpp). 0.4,0.1,0.1 of 10 cuts at 4, 5 and 6: the first
// four train, the fifth validates, the sixth tests, the last four are unused.
TEST(DatasetSplit, GuideFractionsAssignExactFiles) {
  TempDir dir;
  makeTenFiles(dir);
  std::vector<std::string> log;
  DatasetOptions o = seeded();
  o.labelMode = LabelMode::Binary;
  o.log = [&](const std::string &line) { log.push_back(line); };
  SplitListing s = listImageDatasetSplit(dir.str(), {0.4, 0.1, 0.1}, o);
  EXPECT_EQ(relative(dir, s.train),
            (std::vector<std::string>{"dogs/d1.jpg", "cats/c3.jpg",
                                      "cats/c0.jpg", "cats/c4.jpg"}));
  EXPECT_EQ(s.train.labels, (std::vector<int32_t>{1, 0, 0, 0}));
  EXPECT_EQ(relative(dir, s.validation),
            std::vector<std::string>{"dogs/d0.jpg"});
  EXPECT_EQ(s.validation.labels, std::vector<int32_t>{1});
  EXPECT_EQ(relative(dir, s.test), std::vector<std::string>{"cats/c2.jpg"});
  EXPECT_EQ(s.classNames, (std::vector<std::string>{"cats", "dogs"}));
  EXPECT_EQ(s.labelMode, LabelMode::Binary);
  EXPECT_EQ(log, (std::vector<std::string>{
                     "Found 10 files belonging to 2 classes.",
                     "Using 4 files for training, 1 for validation, 1 for "
                     "test (split 0.4,0.1,0.1, seed 1337). 4 files are in no "
                     "subset."}));
  EXPECT_EQ(s.messages, log);
}

// The guide's TFDS numbers: 23,262 images -> 9305 / 2326 / 2326. Ties round
// to even, as Python's round in TFDS: 0.25 * 10 = 2.5 -> 2, 0.35 * 10 = 3.5 ->
// 4, 0.65 * 10 = 6.5 -> 6; 0.3 * 5 is the decimal tie 1.5 -> 2.
TEST(DatasetSplit, BoundariesRoundLikeTfdsPercentSlices) {
  using B = std::array<size_t, 3>;
  EXPECT_EQ(splitBoundaries({0.4, 0.1, 0.1}, 23262), (B{9305, 11631, 13957}));
  EXPECT_EQ(splitBoundaries({0.25, 0.25, 0.5}, 10), (B{2, 5, 10}));
  EXPECT_EQ(splitBoundaries({0.35, 0.3, 0.35}, 10), (B{4, 6, 10}));
  EXPECT_EQ(splitBoundaries({0.3, 0.3, 0.4}, 5), (B{2, 3, 5}));
  // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in binary: still the whole folder.
  EXPECT_EQ(splitBoundaries({0.7, 0.2, 0.1}, 7), (B{5, 6, 7}));
}

// Same folder and seed, same subsets; another seed, another order.
TEST(DatasetSplit, DeterministicPerSeed) {
  TempDir dir;
  makeTenFiles(dir);
  SplitListing a = listImageDatasetSplit(dir.str(), {0.5, 0.3, 0.2}, seeded(7));
  SplitListing b = listImageDatasetSplit(dir.str(), {0.5, 0.3, 0.2}, seeded(7));
  SplitListing c = listImageDatasetSplit(dir.str(), {0.5, 0.3, 0.2}, seeded(8));
  EXPECT_EQ(a.train.paths, b.train.paths);
  EXPECT_EQ(a.validation.paths, b.validation.paths);
  EXPECT_EQ(a.test.paths, b.test.paths);
  EXPECT_NE(a.train.paths, c.train.paths);
}

// The subsets never share a file, and fractions summing to 1 use every file
// (37 files: the cuts do not fall on round numbers).
TEST(DatasetSplit, SubsetsAreDisjointAndCoverTheirShare) {
  TempDir dir;
  for (int i = 0; i < 37; ++i)
    dir.write((i % 3 ? "a/" : "b/") + std::to_string(i) + ".png");
  SplitListing s = listImageDatasetSplit(dir.str(), {0.5, 0.3, 0.2}, seeded());
  // Cuts at round(18.5) = 18 (ties to even), round(29.6) = 30 and 37.
  EXPECT_EQ(s.train.paths.size(), 18u);
  EXPECT_EQ(s.validation.paths.size(), 12u);
  EXPECT_EQ(s.test.paths.size(), 7u);
  std::set<std::string> seen;
  for (const FileSet *f : {&s.train, &s.validation, &s.test})
    for (const std::string &p : f->paths)
      EXPECT_TRUE(seen.insert(p).second) << p << " is in two subsets";
  EXPECT_EQ(seen.size(), 37u);
}

// Bad fractions are refused before the folder is read, naming the spec.
TEST(DatasetSplit, BadFractionsAreRefused) {
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.6,0.3,0.2"); }),
             "split 0.6,0.3,0.2: the fractions sum to 1.1, more than 1");
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.4,0,0.1"); }),
             "every fraction (train,validation,test) must be > 0");
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.4,0.1,-0.1"); }),
             "must be > 0");
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.8,0.2"); }),
             "split '0.8,0.2' has 2 value(s); want three fractions");
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.4,ten,0.1"); }),
             "'ten' is not a number");
  EXPECT_HAS(errorOf([] { parseSplitFractions("0.4,0.1,"); }),
             "'' is not a number");
  SplitFractions f = parseSplitFractions("0.4,0.1,0.1");
  EXPECT_EQ(f.train, 0.4);
  EXPECT_EQ(f.validation, 0.1);
  EXPECT_EQ(f.test, 0.1);
  TempDir dir;
  makeTenFiles(dir);
  EXPECT_HAS(errorOf([&] {
               listImageDatasetSplit(dir.str(), {0.9, 0.1, 0.1}, seeded());
             }),
             "more than 1");
}

// Too few files for a subset, or an unseeded split, is an error, not an empty
// subset: 0.4,0.1,0.1 of 4 files cuts at round(1.6) = 2, round(2) = 2.
TEST(DatasetSplit, EmptySubsetOrNoSeedIsAnError) {
  TempDir dir;
  dir.write("cats/a.jpg");
  dir.write("cats/b.jpg");
  dir.write("dogs/c.jpg");
  dir.write("dogs/d.jpg");
  EXPECT_HAS(errorOf([&] {
               listImageDatasetSplit(dir.str(), {0.4, 0.1, 0.1}, seeded());
             }),
             "split 0.4,0.1,0.1 of the 4 files in '" + dir.str() +
                 "' leaves no validation files");
  EXPECT_HAS(errorOf([&] {
               listImageDatasetSplit(dir.str(), {0.4, 0.1, 0.1}, {});
             }),
             "needs a seed");
}
