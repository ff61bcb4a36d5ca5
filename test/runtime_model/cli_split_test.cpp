// `--split TRAIN,VALIDATION,TEST` on the model CLI: fit trains on the first subset and validates on the second,
// evaluate and predict take one subset (test by default), and every command sees the same files for a seed. The
// file assignment itself is unit-tested in test/runtime/dataset_split_test.cpp; here the wiring and the messages.
#include "xcc/runtime/dataset.h"

#include "cli_harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

using Result = test::CliResult;

/// The CLI's stdout and stderr interleaved: the messages below come from both.
Result run(const std::string &args) { return test::runModelCli(args, /*mergeStderr=*/true); }

/// cats/ and dogs/ with 10 real photos each, so 0.5,0.25,0.25 cuts at 10, 15, 20.
struct Folder : test::PhotoFolder {
  Folder() : PhotoFolder("xcc-split", 10) {}
  std::string data() const { return "'" + path("data") + "'"; }
};

std::vector<std::string> predictedFiles(const std::string &out) {
  std::vector<std::string> files;
  std::regex line(R"(([^\n]*\.jpg): logits)");
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it)
    files.push_back((*it)[1]);
  return files;
}

TEST(ModelCliSplit, EverySubcommandSeesTheSameSubsets) {
  Folder f;
  DatasetOptions o;
  o.seed = 5;
  SplitListing expected = listImageDatasetSplit((f.root / "data").string(), {0.5, 0.25, 0.25}, o);

  Result r = run("predict --data " + f.data() + " --split 0.5,0.25,0.25 --seed 5");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Found 20 files belonging to 2 classes.\nUsing 10 files for training, 5 for validation, 5 for "
                       "test (split 0.5,0.25,0.25, seed 5).\nUsing the test subset (5 files).\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(predictedFiles(r.out), expected.test.paths);
  r = run("predict --data " + f.data() + " --split 0.5,0.25,0.25 --seed 5 --subset validation");
  EXPECT_EQ(predictedFiles(r.out), expected.validation.paths) << r.out;

  r = run("evaluate --data " + f.data() + " --split 0.5,0.25,0.25 --seed 5 --subset train");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Using the train subset (10 files).\n"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n1/1 .* - binary_accuracy: "))) << r.out; // 10 files, batch 32

  // fit: 10 training and 5 validation images per epoch, as the split says.
  r = run("fit --data " + f.data() + " --split 0.5,0.25,0.25 --seed 5 --epochs 1 --batch-size 4 --output '" +
          (f.root / "fit").string() + "'");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Using 10 files for training, 5 for validation, 5 for test"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3/3 "), std::string::npos) << r.out; // ceil(10 / 4) steps
  EXPECT_NE(r.out.find("val_loss"), std::string::npos) << r.out;
}

TEST(ModelCliSplit, BadSplitsAreUsageErrors) {
  Folder f;
  Result r = run("evaluate --data " + f.data() + " --split 0.6,0.3,0.2");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--split 0.6,0.3,0.2: the fractions sum to 1.1, more than 1"), std::string::npos) << r.out;
  r = run("fit --data " + f.data() + " --split 0.4,0,0.1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("must be > 0"), std::string::npos) << r.out;
  r = run("evaluate --data " + f.data() + " --subset test");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--subset picks from a split: add --split"), std::string::npos) << r.out;
  r = run("evaluate --data " + f.data() + " --split 0.4,0.1,0.1 --subset holdout");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--subset must be train, validation or test, got 'holdout'"), std::string::npos) << r.out;
  r = run("fit --data " + f.data() + " --split 0.4,0.1,0.1 --validation-split 0.2");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("give one of --validation-split, --validation-data and --split"), std::string::npos) << r.out;
  // 20 files: 0.4,0.01,0.1 cuts at 8, round(8.2) = 8: no validation file.
  r = run("fit --data " + f.data() + " --split 0.4,0.01,0.1 --output '" + (f.root / "fit").string() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("leaves no validation files"), std::string::npos) << r.out;
}

// A folder with a single class cannot train a classifier; say so rather than Keras's label_mode wording.
TEST(ModelCliSplit, OneClassFolderIsRefused) {
  Folder f;
  fs::remove_all(f.root / "data" / "dogs");
  Result r = run("fit --data " + f.data() + " --split 0.4,0.1,0.1 --output '" + (f.root / "fit").string() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("has 1 class folder (cats); a classifier needs at least 2, one sub-folder per class"),
            std::string::npos)
      << r.out;
}

} // namespace
} // namespace xcc::rt
