//===- dataset_test.cpp - image_dataset_from_directory listing ------------===//

#include "error_of.h"
#include "test_images.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace xcc::rt;
using xcc::rt::test::makeTenFiles;
using xcc::rt::test::TempDir;

namespace {

// File names relative to the dataset root, so expectations stay readable.
std::vector<std::string> relative(const TempDir &dir,
                                  const std::vector<std::string> &paths) {
  std::vector<std::string> out;
  const std::string prefix = dir.str() + "/";
  for (const std::string &p : paths) {
    EXPECT_EQ(p.compare(0, prefix.size(), prefix), 0) << p;
    out.push_back(p.substr(prefix.size()));
  }
  return out;
}

DatasetOptions unshuffled() {
  DatasetOptions o;
  o.shuffle = false;
  return o;
}

template <typename Fn> std::string errorOf(Fn &&fn) { return test::errorOf<DatasetError>(fn); }

} // namespace

// Classes are sorted by code point (Python's sorted): upper case before lower
// case, "class10" before "class2"; dot-folders and plain files are not
// classes.
TEST(Dataset, ClassOrderIsSortedAndSkipsHidden) {
  TempDir dir;
  for (const char *cls : {"b_dogs", "a_cats", "Zebra", "class2", "class10",
                          ".hidden"})
    dir.write(std::string(cls) + "/x.jpg");
  dir.write("top_level.jpg");
  DatasetListing l = listImageDataset(dir.str(), unshuffled());
  EXPECT_EQ(l.classNames, (std::vector<std::string>{"Zebra", "a_cats",
                                                    "b_dogs", "class10",
                                                    "class2"}));
  EXPECT_EQ(l.files.labels, (std::vector<int32_t>{0, 1, 2, 3, 4}));
}

// Keras matches fname.lower().endswith((".bmp", ".gif", ".jpeg", ".jpg",
// ".png")): case-insensitive, dot-files included, ".tiff"/".bak"/no
// extension excluded.
TEST(Dataset, ExtensionFilterIsCaseInsensitive) {
  TempDir dir;
  for (const char *f : {"a.JPG", "b.jpeg", "c.Png", "d.bmp", "e.GIF",
                        ".f.jpg", "g.txt", "h.jpg.bak", "i.tiff", "jpg",
                        "k.webp"})
    dir.write(std::string("cls/") + f);
  DatasetListing l = listImageDataset(dir.str(), unshuffled());
  EXPECT_EQ(relative(dir, l.files.paths),
            (std::vector<std::string>{"cls/.f.jpg", "cls/a.JPG", "cls/b.jpeg",
                                      "cls/c.Png", "cls/d.bmp",
                                      "cls/e.GIF"}));
}

// Keras sorts os.walk results by root path string, not depth-first: root ""
// then "a", "a-b", "a/b" because '-' (0x2d) < '/' (0x2f).
TEST(Dataset, RecursiveWalkOrderMatchesKeras) {
  TempDir dir;
  for (const char *f : {"c/z.jpg", "c/a-b/x.jpg", "c/a/y.jpg", "c/a/b/w.jpg"})
    dir.write(f);
  DatasetListing l = listImageDataset(dir.str(), unshuffled());
  EXPECT_EQ(relative(dir, l.files.paths),
            (std::vector<std::string>{"c/z.jpg", "c/a/y.jpg", "c/a-b/x.jpg",
                                      "c/a/b/w.jpg"}));
}

// The message text is Keras's, byte for byte, and goes to the callback too.
TEST(Dataset, FoundMessageGoesToCallback) {
  TempDir dir;
  makeTenFiles(dir);
  std::vector<std::string> seen;
  DatasetOptions o = unshuffled();
  o.log = [&](const std::string &line) { seen.push_back(line); };
  DatasetListing l = listImageDataset(dir.str(), o);
  const std::vector<std::string> expected{
      "Found 10 files belonging to 2 classes."};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(l.messages, expected);
}

// seed 1337 permutes 10 items as [6,3,0,4,5,2,1,9,8,7] (numpy golden, see
// numpy_random_test.cpp); labels move with their files.
TEST(Dataset, ShuffleWithSeedMatchesNumpy) {
  TempDir dir;
  makeTenFiles(dir);
  DatasetOptions o;
  o.seed = 1337;
  DatasetListing l = listImageDataset(dir.str(), o);
  // Unshuffled: c0..c4 (indices 0-4) then d0..d4 (5-9).
  EXPECT_EQ(relative(dir, l.files.paths),
            (std::vector<std::string>{"dogs/d1.jpg", "cats/c3.jpg",
                                      "cats/c0.jpg", "cats/c4.jpg",
                                      "dogs/d0.jpg", "cats/c2.jpg",
                                      "cats/c1.jpg", "dogs/d4.jpg",
                                      "dogs/d3.jpg", "dogs/d2.jpg"}));
  EXPECT_EQ(l.files.labels,
            (std::vector<int32_t>{1, 0, 0, 0, 1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(l.seed, 1337u);
}

// num_val = int(0.25 * 10) = 2: training is the first 8 shuffled files,
// validation the last 2, and Keras's "Using ..." lines follow "Found ...".
TEST(Dataset, SplitBothPartitionsInOrder) {
  TempDir dir;
  makeTenFiles(dir);
  DatasetOptions o;
  o.seed = 1337;
  o.validationSplit = 0.25;
  o.subset = Subset::Both;
  DatasetListing l = listImageDataset(dir.str(), o);
  ASSERT_TRUE(l.validation.has_value());
  EXPECT_EQ(relative(dir, l.files.paths).size(), 8u);
  EXPECT_EQ(relative(dir, l.files.paths).front(), "dogs/d1.jpg");
  EXPECT_EQ(relative(dir, l.validation->paths),
            (std::vector<std::string>{"dogs/d3.jpg", "dogs/d2.jpg"}));
  EXPECT_EQ(l.validation->labels, (std::vector<int32_t>{1, 1}));
  EXPECT_EQ(l.messages, (std::vector<std::string>{
                            "Found 10 files belonging to 2 classes.",
                            "Using 8 files for training.",
                            "Using 2 files for validation."}));
}

// int(0.29 * 10) = int(2.9) = 2: Keras truncates, it does not round.
TEST(Dataset, SplitSizeTruncates) {
  TempDir dir;
  makeTenFiles(dir);
  DatasetOptions o = unshuffled();
  o.validationSplit = 0.29;
  o.subset = Subset::Training;
  DatasetListing l = listImageDataset(dir.str(), o);
  EXPECT_EQ(l.files.paths.size(), 8u);
  EXPECT_FALSE(l.validation.has_value());
  EXPECT_EQ(l.messages.back(), "Using 8 files for training.");
  o.subset = Subset::Validation;
  l = listImageDataset(dir.str(), o);
  // Unshuffled, the last two files are dogs/d3 and dogs/d4.
  EXPECT_EQ(relative(dir, l.files.paths),
            (std::vector<std::string>{"dogs/d3.jpg", "dogs/d4.jpg"}));
  EXPECT_EQ(l.messages.back(), "Using 2 files for validation.");
}

// labels=None (here via label_mode None) indexes the whole tree, top-level
// files included, and prints the short "Found N files." form.
TEST(Dataset, UnlabelledListsWholeTree) {
  TempDir dir;
  makeTenFiles(dir);
  dir.write("loose.png");
  DatasetOptions o = unshuffled();
  o.labelMode = LabelMode::None;
  DatasetListing l = listImageDataset(dir.str(), o);
  EXPECT_EQ(l.files.paths.size(), 11u);
  EXPECT_TRUE(l.files.labels.empty());
  EXPECT_TRUE(l.classNames.empty());
  EXPECT_EQ(relative(dir, l.files.paths).front(), "loose.png");
  EXPECT_EQ(l.messages.front(), "Found 11 files.");
}

// Explicit class_names keep the caller's order and may be a subset.
TEST(Dataset, ExplicitClassNamesKeepOrder) {
  TempDir dir;
  makeTenFiles(dir);
  dir.write("birds/b.jpg");
  DatasetOptions o = unshuffled();
  o.classNames = {"dogs", "cats"};
  DatasetListing l = listImageDataset(dir.str(), o);
  EXPECT_EQ(l.classNames, (std::vector<std::string>{"dogs", "cats"}));
  EXPECT_EQ(l.files.paths.size(), 10u);
  EXPECT_EQ(l.files.labels.front(), 0);
  EXPECT_EQ(relative(dir, l.files.paths).front(), "dogs/d0.jpg");
  o.classNames = {"cows"};
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), o); })
                .find("'cows' is not a sub-folder"),
            std::string::npos);
}

// Keras's label tensors: binary is a float 0/1, categorical a one-hot row.
TEST(Dataset, EncodeLabelModes) {
  EXPECT_EQ(encodeLabel(1, LabelMode::Binary, 2), std::vector<float>{1.0f});
  EXPECT_EQ(encodeLabel(2, LabelMode::Int, 3), std::vector<float>{2.0f});
  EXPECT_EQ(encodeLabel(1, LabelMode::Categorical, 3),
            (std::vector<float>{0.0f, 1.0f, 0.0f}));
  EXPECT_THROW(encodeLabel(3, LabelMode::Categorical, 3), DatasetError);
}

// Each unusable layout gets an error naming the path and the reason.
TEST(Dataset, ErrorsNamePathAndReason) {
  TempDir dir;
  const std::string missing = dir.str() + "/nope";
  EXPECT_NE(errorOf([&] { listImageDataset(missing); })
                .find("'" + missing + "' does not exist"),
            std::string::npos);
  dir.write("file.jpg");
  const std::string file = dir.str() + "/file.jpg";
  EXPECT_NE(errorOf([&] { listImageDataset(file); }).find("not a directory"),
            std::string::npos);
  TempDir empty;
  EXPECT_NE(errorOf([&] { listImageDataset(empty.str()); })
                .find("'" + empty.str() + "' contains no class sub-folders"),
            std::string::npos);
  TempDir noImages;
  noImages.write("cats/readme.txt");
  EXPECT_NE(errorOf([&] { listImageDataset(noImages.str()); })
                .find("no images found in '" + noImages.str() + "'"),
            std::string::npos);
}

// Keras's argument checks: subset needs a split and vice versa, a shuffled
// split needs a seed, binary needs exactly two classes.
TEST(Dataset, OptionChecksMatchKeras) {
  TempDir dir;
  makeTenFiles(dir);
  dir.write("birds/b.jpg");
  DatasetOptions o;
  o.subset = Subset::Training;
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), o); })
                .find("validation_split must be set"),
            std::string::npos);
  o.validationSplit = 0.2;
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), o); })
                .find("a seed must be given"),
            std::string::npos);
  o.validationSplit = 1.0;
  o.seed = 1;
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), o); })
                .find("between 0 and 1"),
            std::string::npos);
  DatasetOptions b;
  b.labelMode = LabelMode::Binary;
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), b); })
                .find("exactly 2 classes"),
            std::string::npos);
}

// int(0.05 * 11) == 0 validation files: Keras would silently return every
// file as "validation"; we refuse instead.
TEST(Dataset, ZeroValidationFilesIsAnError) {
  TempDir dir;
  makeTenFiles(dir);
  dir.write("cats/c5.jpg");
  DatasetOptions o = unshuffled();
  o.validationSplit = 0.05;
  o.subset = Subset::Validation;
  EXPECT_NE(errorOf([&] { listImageDataset(dir.str(), o); })
                .find("leaves no validation files"),
            std::string::npos);
}
