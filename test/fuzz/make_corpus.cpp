// Writes the fuzz targets' seed corpora: OUT/<target>/ holds small valid inputs of that target's format (images
// encoded here, a checkpoint written by the runtime, the weights tests' fixtures), from which libFuzzer mutates.
//   make_corpus OUT WEIGHTS_FIXTURES
#include "test_images.h"
#include "xcc/runtime/checkpoint.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace xcc::rt;

namespace {

void write(const fs::path &path, const std::vector<uint8_t> &bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

void copySeed(const fs::path &from, const fs::path &to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

void images(const fs::path &dir) {
  write(dir / "rgb.png", test::encodePng(6, 5, 3, {200, 10, 60}));
  write(dir / "grey_alpha.png", test::encodePng(4, 7, 2, {90, 255}));
  write(dir / "rgb.jpg", test::encodeJpeg(9, 8, 3, {20, 140, 230}));
  write(dir / "grey.jpg", test::encodeJpeg(8, 8, 1, {128}));
  write(dir / "rgb.bmp", test::encodeBmp(3, 5, 3, {1, 2, 3}));
  write(dir / "one.gif", {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0, 0x21, 0xf9, 4,
                          1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b});
}

void checkpoint(const fs::path &dir) {
  Checkpoint c;
  c.model = "fuzz";
  c.phase = "head";
  c.frozenHash = "0123456789abcdef";
  c.parameters = {{"dense", "kernel", {2, 1}, {0.5f, -0.25f}}, {"dense", "bias", {1}, {0.125f}}};
  c.slotNames = {"m", "v"};
  c.slots = {{{0.1f, 0.2f}, {0.3f}}, {{0.01f, 0.02f}, {0.03f}}};
  c.iterations = 7;
  c.epochsDone = 1;
  c.fitState = R"({"history":{"epoch":[0],"loss":[0.5],"binary_accuracy":[0.75]},"learning_rate":0.001,)"
               R"("class_names":["cats","dogs"],"resume_key":[["--batch-size","2"]],"earlier_phases":[],)"
               R"("epoch_in_progress":{"epoch":1,"steps":2,"loss":1.5,"samples":4,"hits":[3]},)"
               R"("callbacks":{"early_stopping":{"wait":1,"best":0.5}}})";
  fs::create_directories(dir);
  writeCheckpoint((dir / "checkpoint.xcc").string(), c);
  // The same stopped mid-accumulation (fit --accumulate-steps): the summed gradients follow the slots.
  c.accumulated = {{0.7f, -0.7f}, {0.9f}};
  writeCheckpoint((dir / "accumulating.xcc").string(), c);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: make_corpus OUT WEIGHTS_FIXTURES\n";
    return 2;
  }
  const fs::path out = argv[1], fixtures = argv[2];
  try {
    images(out / "image");
    checkpoint(out / "checkpoint");
    copySeed(fixtures / "weights.safetensors", out / "safetensors" / "w.safetensors");
    copySeed(fixtures / "tfjs" / "model.json", out / "tfjs" / "model.json");
    for (const char *h5 : {"legacy_weights.h5", "keras3.weights.h5", "legacy_full_model_compiled.h5"})
      copySeed(fixtures / h5, out / "h5" / h5);
    for (const char *keras : {"model.keras", "no_weights.keras"})
      copySeed(fixtures / keras, out / "keras" / keras);
  } catch (const std::exception &e) {
    std::cerr << "make_corpus: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
