//===- progress_test.cpp - Keras's Progbar lines, byte for byte -----------===//
//
// Expected strings follow keras/src/utils/progbar.py (verbose=1); the Python expression each number comes from
// is in the comment. A fake clock makes the times exact.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/progress.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>

using namespace xcc::rt;

namespace {

/// A clock the test sets by hand.
struct FakeClock {
  double now = 0;
  SecondsClock source() {
    return [this] { return now; };
  }
};

std::string cells(int count) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += "━";
  return text;
}

/// Keras's coloured bar: `done` green cells, then the grey rest (emitted even when empty).
std::string colouredBar(int done) {
  std::string bar = done > 0 ? "\x1b[32m" + cells(done) + "\x1b[0m" : "";
  return bar + "\x1b[37m" + cells(20 - done) + "\x1b[0m";
}

} // namespace

// The example line: 146 steps, the first one 0.5 s (warm-up), then 0.26 s each. Keras leaves step 1 out
// of the per-step time: (38.2 - 0.5) / 145 = 0.26 -> "260ms/step"; elapsed f"{38.2:.0f}" = "38".
TEST(Progress, NonTerminalPrintsOnlyTheFinalLine) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(146, out, /*interactive=*/false, clock.source());
  clock.now = 0.5;
  bar.update(1, {{"binary_accuracy", 0.5}, {"loss", 0.7}});
  for (int step = 2; step <= 146; ++step) {
    clock.now = 0.5 + 0.26 * (step - 1);
    bar.update(step, {{"binary_accuracy", 0.9}, {"loss", 0.2}});
  }
  EXPECT_EQ(out.str(), "");
  bar.finish({{"binary_accuracy", 0.957099974155426},
              {"loss", 0.10209999978542328},
              {"val_binary_accuracy", 0.9708999991416931},
              {"val_loss", 0.0714000016450882}});
  EXPECT_EQ(out.str(), "146/146 " + cells(20) +
                           " 38s 260ms/step - binary_accuracy: 0.9571 - loss: 0.1021 - val_binary_accuracy: 0.9709 - "
                           "val_loss: 0.0714\n");
}

// Three steps ending at 2, 4.5 and 7 s: (7 - 2) / 2 = 2.5 s per step, and f"{2.5:.0f}" is "2" (round half to
// even, as Python and printf do).
TEST(Progress, SecondsPerStepRoundsHalfToEven) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(3, out, false, clock.source());
  clock.now = 2;
  bar.update(1, {{"loss", 0.9}});
  clock.now = 4.5;
  bar.update(2, {{"loss", 0.7}});
  clock.now = 7;
  bar.finish({{"loss", 0.5}});
  EXPECT_EQ(out.str(), "3/3 " + cells(20) + " 7s 2s/step - loss: 0.5000\n");
}

// 1000 steps of 50 us after a 0.1 s first step; a loss of 1e-4 is under Keras's 1e-3 threshold -> "%.4e".
TEST(Progress, MicrosecondsPerStepAndSmallValues) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(1000, out, false, clock.source());
  clock.now = 0.1;
  bar.update(1, {});
  clock.now = 0.1 + 999 * 50e-6;
  bar.finish({{"loss", 1e-4}});
  EXPECT_EQ(out.str(), "1000/1000 " + cells(20) + " 0s 50us/step - loss: 1.0000e-04\n");
}

// Unknown target: "%7d/Unknown", no bar, the elapsed time instead of an ETA (f"{0.5:.0f}" = "0"). finish takes the
// last step as the target, as ProgbarLogger does, so the final line has the full bar: (2.5 - 0.5) / 4 = 0.5 s per
// step, elapsed f"{2.5:.0f}" = "2". Step 1's line is 15 + 3 + 11 + 15 = 44 characters.
TEST(Progress, UnknownTarget) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(-1, out, /*interactive=*/true, clock.source());
  clock.now = 0.5;
  bar.update(1, {{"loss", 0.5}});
  std::string first = "\r      1/Unknown \x1b[1m0s\x1b[0m 500ms/step - loss: 0.5000";
  EXPECT_EQ(out.str(), first);
  clock.now = 2.5;
  bar.finish({{"loss", 0.25}});
  // finish draws step 1 again as 1/1: the elapsed time over one step.
  EXPECT_EQ(out.str(), first + std::string(44, '\b') + "\r\x1b[1m1/1\x1b[0m " + colouredBar(20) +
                           " \x1b[1m2s\x1b[0m 2s/step - loss: 0.2500\n");
}

// On a terminal each update redraws the line: \b over the previous line's width, \r, Keras's bold count, green
// and grey cells, the bold ETA. Step 1 at 1.0 s: 1 s/step, ETA 9 * 1 = "9s", int(20 * 1/10) = 2 green cells.
// Step 3 at 1.5 s: (1.5 - 1) / 2 = 250ms/step, ETA int(7 * 0.25) = "1s", 6 cells. Step 4 at 1.52 s is within
// Keras's 0.05 s interval and not drawn. The final line shows the elapsed "3s" and (3 - 1) / 9 = 222ms/step.
TEST(Progress, TerminalRedrawsInPlace) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(10, out, /*interactive=*/true, clock.source());
  clock.now = 1.0;
  bar.update(1, {{"loss", 0.9}});
  std::string first = "\r\x1b[1m 1/10\x1b[0m " + colouredBar(2) + " \x1b[1m9s\x1b[0m 1s/step - loss: 0.9000";
  EXPECT_EQ(out.str(), first);

  clock.now = 1.5;
  bar.update(3, {{"loss", 0.8}});
  // The first line is 52 characters on screen: " 1/10 " + 20 cells + " 9s 1s/step - loss: 0.9000".
  std::string second =
      std::string(52, '\b') + "\r\x1b[1m 3/10\x1b[0m " + colouredBar(6) + " \x1b[1m1s\x1b[0m 250ms/step - loss: 0.8000";
  EXPECT_EQ(out.str(), first + second);

  clock.now = 1.52;
  bar.update(4, {{"loss", 0.75}});
  EXPECT_EQ(out.str(), first + second);

  clock.now = 3.0;
  bar.finish({{"loss", 0.7}, {"val_loss", 0.75}});
  std::string last = std::string(55, '\b') + "\r\x1b[1m10/10\x1b[0m " + colouredBar(20) +
                     " \x1b[1m3s\x1b[0m 222ms/step - loss: 0.7000 - val_loss: 0.7500\n";
  EXPECT_EQ(out.str(), first + second + last);
}

// A shorter line is padded with blanks over the rest of the longer one. Step 1 at 0.25 s: " 1/10 ", 20 cells,
// " 2s 250ms/step" = 40 characters; step 2 at 1.25 s: " 8s 1s/step", 3 shorter.
TEST(Progress, TerminalBlanksTheRestOfALongerLine) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(10, out, true, clock.source());
  clock.now = 0.25;
  bar.update(1, {});
  size_t firstLength = out.str().size();
  clock.now = 1.25;
  bar.update(2, {});
  std::string second = out.str().substr(firstLength);
  EXPECT_EQ(second, std::string(40, '\b') + "\r\x1b[1m 2/10\x1b[0m " + colouredBar(4) + " \x1b[1m8s\x1b[0m 1s/step   ");
}

// A metric that is not repeated keeps its place and last value, as Keras's _values_order does.
TEST(Progress, MetricsKeepFirstSeenOrder) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBar bar(2, out, false, clock.source());
  clock.now = 1;
  bar.update(1, {{"loss", 0.5}, {"accuracy", 0.25}});
  clock.now = 2;
  bar.finish({{"accuracy", 0.75}});
  EXPECT_EQ(out.str(), "2/2 " + cells(20) + " 2s 1s/step - loss: 0.5000 - accuracy: 0.7500\n");
}

// _format_time: s at >= 1 and at exactly 0 (before any step), ms from 1e-3, us below.
TEST(Progress, StepTimeUnits) {
  EXPECT_EQ(formatStepTime(0), "0s/step");
  EXPECT_EQ(formatStepTime(1.4), "1s/step");
  EXPECT_EQ(formatStepTime(0.9996), "1000ms/step"); // f"{999.6:.0f}": Keras picks the unit before rounding
  EXPECT_EQ(formatStepTime(0.26), "260ms/step");
  EXPECT_EQ(formatStepTime(1e-3), "1ms/step");
  EXPECT_EQ(formatStepTime(0.0009), "900us/step");
  EXPECT_EQ(formatStepTime(3e-7), "0us/step");
}

// "%ds", "%d:%02d", "%d:%02d:%02d" of a float: truncated; only strictly over 60 / 3600 switch format.
TEST(Progress, EtaFormats) {
  EXPECT_EQ(formatEta(0.4), "0s");
  EXPECT_EQ(formatEta(38.9), "38s");
  EXPECT_EQ(formatEta(60), "60s");
  EXPECT_EQ(formatEta(62.5), "1:02");
  EXPECT_EQ(formatEta(3600), "60:00");
  EXPECT_EQ(formatEta(3723.4), "1:02:03");
  EXPECT_EQ(formatEta(90061), "25:01:01");
}

// f"{v:.4f}" when abs(v) > 1e-3, else f"{v:.4e}"; Python prints any NaN as "nan".
TEST(Progress, MetricValueFormats) {
  EXPECT_EQ(formatMetricValue(0.957099974155426), "0.9571");
  EXPECT_EQ(formatMetricValue(-0.5), "-0.5000");
  EXPECT_EQ(formatMetricValue(1234.56789), "1234.5679");
  EXPECT_EQ(formatMetricValue(0.001), "1.0000e-03");
  EXPECT_EQ(formatMetricValue(0), "0.0000e+00");
  EXPECT_EQ(formatMetricValue(-2.5e-5), "-2.5000e-05");
  EXPECT_EQ(formatMetricValue(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(formatMetricValue(-std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(formatMetricValue(std::numeric_limits<double>::infinity()), "inf");
}

// ProgbarLogger prints "Epoch i/n" only when fit runs more than one epoch.
TEST(Progress, EpochHeader) {
  EXPECT_EQ(epochHeader(0, 2), "Epoch 1/2");
  std::ostringstream one, two;
  printEpochHeader(one, 0, 1);
  printEpochHeader(two, 1, 2);
  EXPECT_EQ(one.str(), "");
  EXPECT_EQ(two.str(), "Epoch 2/2\n");
}

TEST(Progress, StringStreamIsNotATerminal) {
  std::ostringstream out;
  EXPECT_FALSE(ProgressBar::isTerminal(out));
}
