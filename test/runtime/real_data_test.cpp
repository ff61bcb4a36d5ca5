//===- real_data_test.cpp - Real Kaggle cats/dogs photos ------------------===//
//
// Uses ../shared/data/cats_vs_dogs next to the repository (path baked in by
// CMake as XCC_SHARED_DATA_DIR). Missing data is a test FAILURE, not a skip:
// a silently skipped test would hide a broken checkout.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/dataset.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using namespace xcc::rt;

namespace {

std::string catsDogsDir() { return XCC_SHARED_DATA_DIR "/cats_vs_dogs"; }

::testing::AssertionResult dataPresent() {
  if (std::filesystem::is_directory(catsDogsDir() + "/cats") &&
      std::filesystem::is_directory(catsDogsDir() + "/dogs"))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "shared test data missing: expected " << catsDogsDir()
         << "/{cats,dogs} (set -DXCC_SHARED_DATA_DIR=<folder with "
            "cats_vs_dogs> if it lives elsewhere)";
}

} // namespace

// The whole listing against Keras's algorithm replayed in numpy (Keras itself
// is not installed here); run from the data folder:
// /usr/bin/python3 -c "import os,numpy as np
// d='cats_vs_dogs'; E=('.bmp','.gif','.jpeg','.jpg','.png')
// C=[s for s in sorted(os.listdir(d)) if os.path.isdir(os.path.join(d,s))
//    and not s.startswith('.')]; F=[]; L=[]
// for k,c in enumerate(C):
//  for r,_,fs in sorted(os.walk(os.path.join(d,c)),key=lambda x:x[0]):
//   for f in sorted(fs):
//    if f.lower().endswith(E): F.append(os.path.join(d,c,os.path.relpath(
//      os.path.join(r,f),os.path.join(d,c)))); L.append(k)
// L=np.array(L,dtype='int32'); r=np.random.RandomState(1337); r.shuffle(F)
// r=np.random.RandomState(1337); r.shuffle(L); v=int(0.2*len(F))
// print(len(F),C,v,F[:3],L[:3].tolist(),F[-v],L[-v],F[-1],L[-1])"
// -> 1802 ['cats','dogs'] 360 [cat.4294, dog.4584, cat.4251] [0,1,0]
//    cats/cat.4203.jpg 0 dogs/dog.4364.jpg 1
TEST(RealData, CatsDogsSplitMatchesKeras) {
  ASSERT_TRUE(dataPresent());
  DatasetOptions o;
  o.seed = 1337;
  o.validationSplit = 0.2;
  o.subset = Subset::Both;
  o.labelMode = LabelMode::Binary;
  DatasetListing l = listImageDataset(catsDogsDir(), o);
  const std::string root = catsDogsDir() + "/";
  EXPECT_EQ(l.classNames, (std::vector<std::string>{"cats", "dogs"}));
  ASSERT_EQ(l.files.paths.size(), 1442u); // 1802 - int(0.2 * 1802)
  ASSERT_TRUE(l.validation.has_value());
  ASSERT_EQ(l.validation->paths.size(), 360u);
  EXPECT_EQ(l.files.paths[0], root + "cats/cat.4294.jpg");
  EXPECT_EQ(l.files.paths[1], root + "dogs/dog.4584.jpg");
  EXPECT_EQ(l.files.paths[2], root + "cats/cat.4251.jpg");
  EXPECT_EQ(l.files.labels[0] + l.files.labels[1] + l.files.labels[2], 1);
  EXPECT_EQ(l.validation->paths.front(), root + "cats/cat.4203.jpg");
  EXPECT_EQ(l.validation->paths.back(), root + "dogs/dog.4364.jpg");
  EXPECT_EQ(l.validation->labels.back(), 1);
  EXPECT_EQ(l.messages, (std::vector<std::string>{
                            "Found 1802 files belonging to 2 classes.",
                            "Using 1442 files for training.",
                            "Using 360 files for validation."}));
}

// cat.4294.jpg is 500 wide, 374 high (from its SOF0 header), 3 components.
TEST(RealData, PhotoDecodesToItsSize) {
  ASSERT_TRUE(dataPresent());
  ImageU8 img = decodeImageFile(catsDogsDir() + "/cats/cat.4294.jpg");
  EXPECT_EQ(img.height, 374);
  EXPECT_EQ(img.width, 500);
  EXPECT_EQ(img.channels, 3);
  ImageF32 small = kerasResize(img, 150, 150);
  EXPECT_EQ(small.height, 150);
  EXPECT_EQ(small.width, 150);
  for (float v : small.data)
    ASSERT_TRUE(v >= 0.0f && v <= 255.0f) << v; // convex mix of 0..255
}
