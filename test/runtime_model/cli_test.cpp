// The `<name>-cli` executable xcc_add_model builds, run as a user runs it: predict on real photos and evaluate
// on a class-per-folder dataset, including a corrupt file and a missing folder.
#include "xcc/runtime/image.h"
#include "xcc/runtime/metrics.h"
#include "xcc/runtime/model.h"
#include "xcc/runtime/resize.h"

#include "cli_harness.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <unistd.h>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

using Result = test::CliResult;
using test::runModelCli;
using test::sharedPhotos;

/// What the CLI should compute for one file: decode, Keras bilinear resize to 8x8, the model with its initial
/// (manifest) parameters.
float expectedLogit(const fs::path &file) {
  static Model model(XCC_ARTIFACT_SYMBOL());
  ImageF32 image = kerasResize(decodeImageFile(file.string()), 8, 8);
  return model.predict(image.data)[0];
}

/// A temporary dataset folder of three shared photos per class, removed afterwards.
struct TempDataset {
  ::xcc::test::TempDir dir{"xcc-cli-data"};
  const fs::path &root = dir.path();
  TempDataset() {
    for (const char *cls : {"cats", "dogs"}) {
      fs::create_directories(root / cls);
      for (const fs::path &p : sharedPhotos(cls, 3))
        fs::copy_file(p, root / cls / p.filename());
    }
  }
};

TEST(ModelCli, PredictPrintsLogitAndSigmoidPerImage) {
  std::vector<fs::path> files = sharedPhotos("cats", 2);
  files.push_back(sharedPhotos("dogs", 1)[0]);
  std::string args = "predict --batch-size 2";
  for (const fs::path &p : files)
    args += " '" + p.string() + "'";
  Result r = runModelCli(args);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const fs::path &p : files) {
    std::smatch m;
    std::regex line(std::regex_replace(p.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                    R"(: logits \[([-0-9.e+]+)\] sigmoid \[([0-9.e+-]+)\])");
    ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
    float logit = std::stof(m[1]);
    EXPECT_NEAR(logit, expectedLogit(p), 1e-5 * std::max(1.0f, std::fabs(logit))) << p;
    EXPECT_NEAR(std::stod(m[2]), sigmoid(logit), 1e-5);
  }
}

TEST(ModelCli, PredictReportsUnreadableFiles) {
  Result r = runModelCli("predict '" + sharedPhotos("cats", 1)[0].string() + "' /nonexistent/x.jpg");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("logits ["), std::string::npos) << r.out; // the good image is still predicted
  EXPECT_NE(r.err.find("Skipped 1 file that could not be read or decoded:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/x.jpg"), std::string::npos) << r.err;
}

TEST(ModelCli, EvaluatePrintsKerasLinesAndSkipsCorruptImages) {
  TempDataset data;
  // Expected numbers, computed in-process: cats = 0, dogs = 1 (sorted class folders), logit > 0 is a dog.
  double loss = 0;
  int correct = 0;
  for (int label : {0, 1})
    for (const fs::path &p : sharedPhotos(label ? "dogs" : "cats", 3)) {
      float logit = expectedLogit(p);
      loss += binaryCrossentropyFromLogits(logit, label);
      correct += int(logit > 0) == label;
    }
  char metrics[128];
  std::snprintf(metrics, sizeof metrics, "- binary_accuracy: %.4f - loss: %.4f", correct / 6.0, loss / 6);

  Result r = runModelCli("evaluate --data '" + data.root.string() + "' --batch-size 4");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Found 6 files belonging to 2 classes.\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Note: binary_accuracy counts logit > 0"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n2/2 (\u2501){20} [0-9]+s [0-9]+ms/step ")));
  EXPECT_NE(r.out.find(metrics), std::string::npos) << r.out << "\nexpected: " << metrics;

  // A corrupt .jpg is listed (Keras lists by extension), skipped, reported, and left out of the metrics.
  std::ofstream(data.root / "cats" / "broken.jpg") << "not a jpeg";
  r = runModelCli("evaluate --data '" + data.root.string() + "' --batch-size 4");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Found 7 files belonging to 2 classes.\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Skipped 1 file that could not be read or decoded:\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken.jpg"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(metrics), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Evaluated 6 of 7 files (1 skipped)."), std::string::npos) << r.out;

  // --threshold moves the decision (Keras parity: 0.5 on the logit) and drops the note.
  r = runModelCli("evaluate --data '" + data.root.string() + "' --threshold 1e9");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("binary_accuracy: 0.5000"), std::string::npos) << r.out; // all predicted cat: 3 of 6
  EXPECT_EQ(r.out.find("Note:"), std::string::npos) << r.out;
}

TEST(ModelCli, ClearErrors) {
  Result r = runModelCli("evaluate --data /nonexistent/dataset");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("/nonexistent/dataset"), std::string::npos) << r.err;

  r = runModelCli("evaluate");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("evaluate needs --data DIR"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage:"), std::string::npos) << r.err;

  r = runModelCli("train");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown command 'train'"), std::string::npos) << r.err;

  r = runModelCli("predict --batch-size 0 x.jpg");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--batch-size must be a positive integer, got '0'"), std::string::npos) << r.err;

  // A resumed fit's start is its checkpoint: a new draw of the initializers would be silently overwritten.
  r = runModelCli("fit --data /nonexistent --resume --init-seed 3");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--init-seed draws a new start; --resume and --init-from take theirs from a checkpoint"),
            std::string::npos) << r.err;
  r = runModelCli("fit --data /nonexistent --init-seed -1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--init-seed"), std::string::npos) << r.err;
}

} // namespace
} // namespace xcc::rt
