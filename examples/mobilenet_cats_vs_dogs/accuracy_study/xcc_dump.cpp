// Step 2 (xcc side): links the workflow test's compiled head artifact (build/test/workflow/libmobilenet_cvd_head.a)
// and xcc's runtime.
//   xcc_dump list DATA OUTDIR          split.tsv (as the CLI's fit --validation-split 0.2 --seed 1337), init.f32
//                                      (xcc's initial dense kernel+bias), order_e{0,1}.txt (xcc's epoch orders)
//   xcc_dump pixels OUTDIR             pixels_xcc.f32: xcc's decode + Keras resize (0..255 floats) for split.tsv
//   xcc_dump decoded OUTDIR            decoded_xcc.u8/.tsv: xcc's decoded uint8 RGB images (libjpeg-turbo, IFAST)
//   xcc_dump features OUTDIR PIX FEAT  GAP of the oracle's cut MobileNet (conv_dw_13_relu) on PIX, FEAT [n,1024]
//   xcc_dump headlogits OUTDIR PIX OUT [HEAD]  the workflow head artifact's predict() on PIX (cross-check)
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/fit.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/model.h"
#include "xcc/runtime/resize.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern "C" const xcc_artifact *xcc_artifact_mobilenet_1_00_224_transfer_head_forward(void);
// The oracle test's artifact: MobileNet v1 cut at conv_dw_13_relu, inputs already in [-1, 1], output 7x7x1024.
extern "C" const xcc_artifact *xcc_artifact_mobilenet_1_00_224_inference_forward(void);
using namespace xcc::rt;

struct Split { std::vector<std::string> paths; std::vector<int> labels, isVal; };
static Split readSplit(const std::string &dir) {
  Split s;
  std::ifstream in(dir + "/split.tsv");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string subset, path; int label;
    ls >> subset >> label >> path;
    s.paths.push_back(path); s.labels.push_back(label); s.isVal.push_back(subset == "val");
  }
  return s;
}
static std::vector<float> readF32(const std::string &p) {
  std::ifstream in(p, std::ios::binary | std::ios::ate);
  size_t n = size_t(in.tellg()) / 4; in.seekg(0);
  std::vector<float> v(n); in.read((char *)v.data(), n * 4); return v;
}

int main(int argc, char **argv) {
  std::string cmd = argv[1];
  Model model(xcc_artifact_mobilenet_1_00_224_transfer_head_forward());
  const Manifest &m = model.manifest();
  if (cmd == "list") {
    std::string data = argv[2], out = argv[3];
    DatasetOptions o; o.labelMode = LabelMode::Int; o.seed = 1337; o.validationSplit = 0.2; o.subset = Subset::Both;
    DatasetListing l = listImageDataset(data, o);
    std::ofstream f(out + "/split.tsv");
    for (size_t i = 0; i < l.files.paths.size(); ++i) f << "train " << l.files.labels[i] << " " << l.files.paths[i] << "\n";
    for (size_t i = 0; i < l.validation->paths.size(); ++i) f << "val " << l.validation->labels[i] << " " << l.validation->paths[i] << "\n";
    std::cerr << "classes " << l.classNames[0] << "," << l.classNames[1] << " train " << l.files.paths.size()
              << " val " << l.validation->paths.size() << "\n";
    std::cerr << "features layer " << m.features.layer << " per sample " << model.featuresPerSample() << "\n";
    std::ofstream init(out + "/init_xcc.f32", std::ios::binary);
    for (size_t i = 0; i < m.parameters.size(); ++i) {
      std::cerr << "param " << i << " " << m.parameters[i].layer << "/" << m.parameters[i].weight << " init "
                << m.parameters[i].init << " n " << model.parameter(i).size() << "\n";
      init.write((const char *)model.parameter(i).data(), model.parameter(i).size() * 4);
    }
    for (int e = 0; e < 4; ++e) {
      std::ofstream of(out + "/order_e" + std::to_string(e) + ".txt");
      for (size_t s : epochOrder(l.files.paths.size(), true, 1337, e)) of << s << "\n";
    }
    return 0;
  }
  std::string out = argv[2];
  Split s = readSplit(out);
  const size_t n = s.paths.size(), px = 224 * 224 * 3;
  if (cmd == "decoded") { // xcc's decoded uint8 RGB images back to back; decoded.tsv: height width byte offset
    std::ofstream f(out + "/decoded_xcc.u8", std::ios::binary), t(out + "/decoded_xcc.tsv");
    size_t off = 0;
    for (size_t i = 0; i < n; ++i) {
      ImageU8 d = decodeImageFile(s.paths[i]);
      f.write((const char *)d.data.data(), d.data.size());
      t << d.height << " " << d.width << " " << off << "\n";
      off += d.data.size();
    }
    return 0;
  }
  if (cmd == "pixels") {
    std::ofstream f(out + "/pixels_xcc.f32", std::ios::binary);
    for (size_t i = 0; i < n; ++i) {
      ImageU8 d = decodeImageFile(s.paths[i]);
      ImageF32 r = kerasResize(d, 224, 224, false);
      f.write((const char *)r.data.data(), px * 4);
    }
    return 0;
  }
  if (cmd == "features" || cmd == "headlogits") {
    // features: GAP (float64 sum / 49) of the cut model's 7x7x1024 output on PIX scaled as Keras's Rescaling
    // (x * float(1/127.5) + float(-1)); headlogits: the workflow head artifact's predict() on PIX (0..255, its
    // own Rescaling) with the head given by argv[5] ("-" = xcc's initial one): one logit per image.
    Model cut(xcc_artifact_mobilenet_1_00_224_inference_forward());
    bool head = cmd == "headlogits";
    if (head && argc > 5 && std::string(argv[5]) != "-") {
      std::vector<float> init = readF32(argv[5]);
      model.setParameter(0, std::vector<float>(init.begin(), init.begin() + 1024));
      model.setParameter(1, std::vector<float>(init.begin() + 1024, init.begin() + 1025));
    }
    std::ifstream pin(argv[3], std::ios::binary);
    std::ofstream f(argv[4], std::ios::binary);
    const size_t B = 32;
    std::vector<float> buf;
    const float scale = float(1.0 / 127.5), offset = -1.0f;
    for (size_t i = 0; i < n; i += B) {
      size_t b = std::min(B, n - i);
      buf.resize(b * px);
      pin.read((char *)buf.data(), b * px * 4);
      if (head) {
        std::vector<float> lg = model.predict(buf.data(), int64_t(b));
        f.write((const char *)lg.data(), lg.size() * 4);
        continue;
      }
      for (float &v : buf) v = v * scale + offset;
      std::vector<float> maps = cut.predict(buf.data(), int64_t(b));
      std::vector<float> feat(b * 1024);
      for (size_t k = 0; k < b; ++k)
        for (size_t c = 0; c < 1024; ++c) {
          double sum = 0;
          for (size_t p = 0; p < 49; ++p) sum += maps[(k * 49 + p) * 1024 + c];
          feat[k * 1024 + c] = float(sum / 49);
        }
      f.write((const char *)feat.data(), feat.size() * 4);
      std::fprintf(stderr, "\r%zu/%zu", i + b, n);
    }
    std::fprintf(stderr, "\n");
    return 0;
  }
  return 2;
}
