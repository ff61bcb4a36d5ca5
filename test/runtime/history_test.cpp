//===- history_test.cpp - History, Keras's CSVLogger file, JSON, learning curves -===//
//
// Python reprs below were printed by CPython 3 (repr(v); float32 values as repr(float(np.float32(v))), which is
// what Keras's pythonify_logs hands to CSVLogger).
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/history.h"

#include "test_images.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <regex>

using namespace xcc::rt;
using xcc::rt::test::TempDir;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Two epochs of the guide's head training (float32 values widened to double, as Keras's logs are).
History guideHistory() {
  History h;
  h.append(0, {{"binary_accuracy", 0.957099974155426},
               {"loss", 0.10209999978542328},
               {"val_binary_accuracy", 0.9708999991416931},
               {"val_loss", 0.0714000016450882}});
  h.append(1, {{"binary_accuracy", 0.9811999797821045},
               {"loss", 0.053199999034404755},
               {"val_binary_accuracy", 0.9732999801635742},
               {"val_loss", 0.06889999657869339}});
  return h;
}

/// Each `<name ...>` has its `</name>`, in nesting order; `<.../>` closes itself. Enough to tell a truncated or
/// mis-nested document from a good one.
bool tagsBalanced(const std::string &xml) {
  std::vector<std::string> open;
  std::regex tag(R"(<(/?)([A-Za-z]+)[^>]*?(/?)>)");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::smatch &m = *it;
    if (m[1].length()) {
      if (open.empty() || open.back() != m[2].str())
        return false;
      open.pop_back();
    } else if (!m[3].length()) {
      open.push_back(m[2].str());
    }
  }
  return open.empty();
}

std::vector<std::string> polylinePoints(const std::string &svg, const std::string &color) {
  std::vector<std::string> points;
  std::regex polyline("<polyline [^>]*stroke=\"" + color + "\"[^>]*points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline); it != std::sregex_iterator(); ++it)
    points.push_back((*it)[1].str());
  return points;
}

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

TEST(History, AppendKeepsColumnsAligned) {
  History h;
  h.append(0, {{"loss", 0.5}});
  h.append(1, {{"loss", 0.25}, {"val_loss", 0.3}});
  EXPECT_EQ(h.epochs, (std::vector<int>{0, 1}));
  EXPECT_EQ(h.keys, (std::vector<std::string>{"loss", "val_loss"}));
  ASSERT_EQ(h.values["val_loss"].size(), 2u);
  EXPECT_TRUE(std::isnan(h.values["val_loss"][0]));
  EXPECT_EQ(h.values["val_loss"][1], 0.3);
}

TEST(History, AppendRejectsOldEpochsAndTheEpochKey) {
  History h;
  h.append(3, {{"loss", 0.5}});
  EXPECT_THROW(h.append(3, {{"loss", 0.4}}), RuntimeError);
  EXPECT_THROW(h.append(4, {{"loss", 0.4}, {"epoch", 4}}), RuntimeError);
  EXPECT_EQ(h.epochs.size(), 1u); // a rejected call changes nothing
  EXPECT_EQ(h.values["loss"].size(), 1u);
}

TEST(History, PythonFloatRepr) {
  EXPECT_EQ(pythonFloatRepr(0.0), "0.0");
  EXPECT_EQ(pythonFloatRepr(-0.0), "-0.0");
  EXPECT_EQ(pythonFloatRepr(1e-05), "1e-05");
  EXPECT_EQ(pythonFloatRepr(-2.5e-5), "-2.5e-05");
  EXPECT_EQ(pythonFloatRepr(0.0001), "0.0001");
  EXPECT_EQ(pythonFloatRepr(1e-4 * 3), "0.00030000000000000003");
  EXPECT_EQ(pythonFloatRepr(1.5e-07), "1.5e-07");
  EXPECT_EQ(pythonFloatRepr(0.1), "0.1");
  EXPECT_EQ(pythonFloatRepr(123.0), "123.0");
  EXPECT_EQ(pythonFloatRepr(12345.678), "12345.678");
  EXPECT_EQ(pythonFloatRepr(1e15), "1000000000000000.0");
  EXPECT_EQ(pythonFloatRepr(1e16), "1e+16");
  EXPECT_EQ(pythonFloatRepr(1e22), "1e+22");
  EXPECT_EQ(pythonFloatRepr(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(pythonFloatRepr(5e-324), "5e-324");
  EXPECT_EQ(pythonFloatRepr(1.7976931348623157e+308), "1.7976931348623157e+308");
  EXPECT_EQ(pythonFloatRepr(0.957099974155426), "0.957099974155426");
  EXPECT_EQ(pythonFloatRepr(kNaN), "nan");
  EXPECT_EQ(pythonFloatRepr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(pythonFloatRepr(-std::numeric_limits<double>::infinity()), "-inf");
}

// CSVLogger: "epoch" + sorted keys, csv.excel's "\r\n" after every line, repr of each float.
TEST(History, CsvIsKerasCsvLoggerFile) {
  TempDir dir;
  std::string path = dir.str() + "/training.csv";
  writeHistoryCsv(guideHistory(), path);
  EXPECT_EQ(readFile(path), "epoch,binary_accuracy,loss,val_binary_accuracy,val_loss\r\n"
                            "0,0.957099974155426,0.10209999978542328,0.9708999991416931,0.0714000016450882\r\n"
                            "1,0.9811999797821045,0.053199999034404755,0.9732999801635742,0.06889999657869339\r\n");
}

TEST(History, CsvSortsKeysAndQuotesOddNames) {
  History h;
  h.append(0, {{"val_loss", 1.0}, {"loss", kNaN}, {"a,b", 2.0}});
  TempDir dir;
  writeHistoryCsv(h, dir.str() + "/log.csv");
  EXPECT_EQ(readFile(dir.str() + "/log.csv"), "epoch,\"a,b\",loss,val_loss\r\n0,2.0,nan,1.0\r\n");
}

TEST(History, JsonRoundTripIsExact) {
  History h = guideHistory();
  h.append(2, {{"loss", kNaN}, {"learning_rate", 1e-05}});
  std::string json = h.toJson();
  EXPECT_EQ(json.rfind("{\"epoch\":[0,1,2],\"binary_accuracy\":[0.957", 0), 0u) << json;
  EXPECT_NE(json.find("\"loss\":[0.10209999978542328,0.053199999034404755,null]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"learning_rate\":[null,null,1e-05]"), std::string::npos) << json;

  History back = History::fromJson(json, "ckpt.json");
  EXPECT_EQ(back.epochs, h.epochs);
  EXPECT_EQ(back.keys, h.keys);
  for (const std::string &key : h.keys)
    for (size_t i = 0; i < h.epochs.size(); ++i) {
      double want = h.values[key][i], got = back.values[key][i];
      EXPECT_TRUE(std::isnan(want) ? std::isnan(got) : got == want) << key << "[" << i << "]";
    }
}

TEST(History, JsonFileIsToJsonAndANewline) {
  TempDir dir;
  History h = guideHistory();
  writeHistoryJson(h, dir.str() + "/history.json");
  EXPECT_EQ(readFile(dir.str() + "/history.json"), h.toJson() + "\n");
}

// Every error names the source and the reason.
TEST(History, FromJsonErrorsNameTheSource) {
  auto messageOf = [](const std::string &text) {
    try {
      History::fromJson(text, "run/ckpt-3.json");
    } catch (const RuntimeError &e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(messageOf("{\"epoch\": [0,"), "history in 'run/ckpt-3.json': not valid JSON (byte 14)");
  EXPECT_EQ(messageOf("[1]"), "history in 'run/ckpt-3.json': expected an object with an 'epoch' array");
  EXPECT_EQ(messageOf("{\"epoch\": [0, 1], \"loss\": [0.5]}"),
            "history in 'run/ckpt-3.json': 'loss' has 1 values for 2 epochs");
  EXPECT_EQ(messageOf("{\"epoch\": [0], \"loss\": [\"x\"]}"),
            "history in 'run/ckpt-3.json': 'loss' holds \"x\", not a number");
  EXPECT_EQ(messageOf("{\"epoch\": [1, 0]}"), "history in 'run/ckpt-3.json': 'epoch' is not increasing at 0");
  EXPECT_EQ(messageOf("{\"epoch\": [0.5]}"), "history in 'run/ckpt-3.json': 'epoch' holds 0.5, not an epoch number");
}

// Resuming from the checkpoint of epoch 2 (epochs 0 and 1 done): later epochs and keys only they logged go.
TEST(History, TruncateKeepsEarlierEpochs) {
  History h = guideHistory();
  h.append(2, {{"loss", 0.04}, {"learning_rate", 1e-5}});
  h.truncate(2);
  EXPECT_EQ(h.epochs, (std::vector<int>{0, 1}));
  EXPECT_EQ(h.keys, guideHistory().keys);
  EXPECT_EQ(h.values.count("learning_rate"), 0u);
  EXPECT_EQ(h.values["loss"], guideHistory().values["loss"]);
  h.truncate(0);
  EXPECT_TRUE(h.epochs.empty());
  EXPECT_TRUE(h.keys.empty());
}

// 1-2-5 steps: span / maxIntervals rounded up to 1, 2 or 5 times a power of ten.
TEST(HistoryPlot, NiceStepIsOneTwoFive) {
  EXPECT_EQ(plot::niceStep(1.0, 5), 0.2);   // 0.2 exactly
  EXPECT_EQ(plot::niceStep(0.95, 5), 0.2);  // 0.19 -> 0.2
  EXPECT_EQ(plot::niceStep(0.5, 5), 0.1);   // 0.1 exactly
  EXPECT_EQ(plot::niceStep(0.3, 5), 0.1);   // 0.06 -> 0.1
  EXPECT_EQ(plot::niceStep(0.12, 5), 0.05); // 0.024 -> 0.05
  EXPECT_EQ(plot::niceStep(7, 10), 1);      // 0.7 -> 1
  EXPECT_EQ(plot::niceStep(49, 10), 5);     // 4.9 -> 5
  EXPECT_EQ(plot::niceStep(2300, 5), 500);  // 460 -> 500
  EXPECT_EQ(plot::niceStep(0.0013, 5), 0.0005);
}

TEST(HistoryPlot, NiceAxisWidensToWholeSteps) {
  plot::Axis a = plot::niceAxis(0.25, 1.2, 5);
  EXPECT_EQ(a.lo, 0.2);
  EXPECT_EQ(a.hi, 1.2);
  EXPECT_EQ(a.step, 0.2);
  EXPECT_EQ(a.decimals, 1);
  EXPECT_EQ(a.ticks, (std::vector<double>{0.2, 0.4, 0.6, 0.8, 1.0, 1.2}));

  plot::Axis b = plot::niceAxis(0.061, 0.173, 5); // span 0.112 -> step 0.05
  EXPECT_EQ(b.ticks, (std::vector<double>{0.05, 0.1, 0.15, 0.2}));
  EXPECT_EQ(b.decimals, 2);

  plot::Axis c = plot::niceAxis(1.0, 1.0, 5); // one accuracy value: widened to 0.9..1.1, step 0.04 -> 0.05
  EXPECT_EQ(c.ticks, (std::vector<double>{0.9, 0.95, 1.0, 1.05, 1.1}));

  plot::Axis d = plot::niceAxis(-3, 17, 4); // 5 -> 5
  EXPECT_EQ(d.ticks, (std::vector<double>{-5, 0, 5, 10, 15, 20}));
  EXPECT_EQ(d.decimals, 0);
}

// Loss 1.0, 0.5, 0.25 and val_loss 1.2, NaN, 0.5 over three epochs; binary_accuracy 0.5, 0.75, 1.0 without a
// val_ twin. Loss panel: y axis 0.2..1.2 (step 0.2) over the frame y 70..270 (panel top 40 + 30..230), so
// y = 270 - (v - 0.2) * 200; epochs 1..3 over x 95..595 (frame 70..620, inset 25). The accuracy panel starts at
// 40 + 280: axis 0.5..1.0 over y 350..550.
TEST(HistoryPlot, PolylinesHaveTheExpectedPoints) {
  History h;
  h.append(0, {{"loss", 1.0}, {"binary_accuracy", 0.5}, {"val_loss", 1.2}});
  h.append(1, {{"loss", 0.5}, {"binary_accuracy", 0.75}, {"val_loss", kNaN}});
  h.append(2, {{"loss", 0.25}, {"binary_accuracy", 1.0}, {"val_loss", 0.5}});
  std::string svg = plot::learningCurvesSvg(h, "Head & base <fine-tune>");

  EXPECT_TRUE(tagsBalanced(svg)) << svg;
  EXPECT_NE(svg.find("height=\"600.00\""), std::string::npos); // title 40 + two panels of 280
  EXPECT_NE(svg.find(">Head &amp; base &lt;fine-tune&gt;</text>"), std::string::npos);
  // Train curves are blue: loss, then binary_accuracy; the NaN splits val_loss (orange) into two runs.
  EXPECT_EQ(polylinePoints(svg, "#1f77b4"), (std::vector<std::string>{"95.00,110.00 345.00,210.00 595.00,260.00",
                                                                      "95.00,550.00 345.00,450.00 595.00,350.00"}));
  EXPECT_EQ(polylinePoints(svg, "#ff7f0e"), (std::vector<std::string>{"95.00,70.00", "595.00,210.00"}));
  EXPECT_EQ(count(svg, "<circle"), 3u + 3u + 2u); // a marker on every finite point
  // Epoch ticks are 1-based; legends name only the logged series.
  EXPECT_NE(svg.find(">1</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">0</text>"), std::string::npos);
  EXPECT_EQ(count(svg, ">val_loss</text>"), 1u);
  EXPECT_EQ(count(svg, "val_binary_accuracy"), 0u);
  EXPECT_EQ(count(svg, ">1.2</text>"), 1u); // the loss axis's top tick
}

// One epoch: the point sits mid-frame (x 345) and still gets its marker.
TEST(HistoryPlot, OneEpoch) {
  History h;
  h.append(0, {{"loss", 0.7}});
  std::string svg = plot::learningCurvesSvg(h, "one");
  EXPECT_TRUE(tagsBalanced(svg));
  EXPECT_EQ(polylinePoints(svg, "#1f77b4"), (std::vector<std::string>{"345.00,170.00"}));
  EXPECT_EQ(count(svg, "<circle"), 1u);
}

TEST(HistoryPlot, EmptyHistoryStillWritesAnSvg) {
  TempDir dir;
  writeLearningCurves(History{}, dir.str() + "/curves.svg", "nothing yet");
  std::string svg = readFile(dir.str() + "/curves.svg");
  EXPECT_TRUE(tagsBalanced(svg));
  EXPECT_EQ(count(svg, "<polyline"), 0u);
}

namespace {

/// A head phase and a fine-tune phase of a 10-class model: the longest metric names Keras logs.
std::vector<PhaseHistory> twoPhases() {
  std::vector<PhaseHistory> phases = {{"head", {}}, {"fine-tune", {}}};
  for (int e = 0; e < 4; ++e)
    phases[0].history.append(e, {{"loss", 1.0 - 0.1 * e}, {"sparse_categorical_accuracy", 0.5 + 0.05 * e},
                                 {"val_loss", 1.05 - 0.1 * e}, {"val_sparse_categorical_accuracy", 0.5 + 0.04 * e}});
  for (int e = 0; e < 2; ++e)
    phases[1].history.append(e, {{"loss", 0.6 - 0.05 * e}, {"sparse_categorical_accuracy", 0.7 + 0.02 * e},
                                 {"val_loss", 0.62 - 0.04 * e}, {"val_sparse_categorical_accuracy", 0.68 + 0.03 * e}});
  return phases;
}

} // namespace

// The phases follow one another on one axis (fine-tune's epochs 1-2 become 5-6), marked where fine-tune starts.
TEST(HistoryPlot, PhasesConcatenateWithAMarkWhereEachStarts) {
  std::vector<PhaseMark> marks;
  History all = concatenatePhases(twoPhases(), marks);
  EXPECT_EQ(all.epochs, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_DOUBLE_EQ(all.values.at("loss")[4], 0.6);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].epoch, 5);
  EXPECT_EQ(marks[0].label, "fine-tune starts");
}

// Rendered by a real SVG renderer (librsvg, installed by scripts/install-deps.sh), the combined plot keeps every
// legend inside the page: the strip right of the plot frame stays white, where the longest legend entry
// (val_sparse_categorical_accuracy) used to run off the page; the phase mark is drawn in its colour.
TEST(HistoryPlot, RenderedPlotKeepsLegendsOnThePage) {
  TempDir dir;
  std::vector<PhaseMark> marks;
  History all = concatenatePhases(twoPhases(), marks);
  const std::string svg = dir.str() + "/curves.svg", png = dir.str() + "/curves.png";
  writeLearningCurves(all, svg, "mobilenet, phases head + fine-tune", marks);
  const std::string command = "rsvg-convert -o '" + png + "' '" + svg + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command << " failed: is librsvg2-bin installed "
                                              << "(scripts/install-deps.sh)?";
  ImageU8 image = decodeImageFile(png);
  if (const char *keep = std::getenv("XCC_KEEP_PLOT")) // to look at it: XCC_KEEP_PLOT=/tmp/curves.png
    std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(image.width, 640);
  size_t green = 0, dark = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const int r = image.at(y, x, 0), g = image.at(y, x, 1), b = image.at(y, x, 2);
      if (x >= 624)
        ASSERT_TRUE(r > 245 && g > 245 && b > 245) << "ink at x " << x << ", y " << y << " right of the frame";
      green += g > 120 && r < 120 && b < 120 && g > r + 40;
      dark += r < 100 && g < 100 && b < 100;
    }
  EXPECT_GT(green, 200u) << "no phase mark";
  EXPECT_GT(dark, 2000u) << "no text was rendered: are fonts installed (fonts-dejavu-core)?";
}
