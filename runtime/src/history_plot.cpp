//===- history_plot.cpp - learning curves as a self-contained SVG ----------===//
//
// The two plots the transfer-learning guide's readers draw with matplotlib after fit (loss and accuracy, training
// and validation, per epoch), written as plain SVG text so the runtime needs no plotting library. Panels are
// stacked; coordinates are absolute so a test can check them without a transform.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/history.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace xcc::rt {
namespace plot {
namespace {

// Page layout, in SVG user units (pixels).
constexpr double kWidth = 640;
constexpr double kTitleHeight = 40;
constexpr double kPanelHeight = 280;
constexpr double kPlotLeft = 70, kPlotRight = 620; // the plot frame, within the page
constexpr double kPlotTop = 30, kPlotBottom = 230; // within a panel: room for its heading above, ticks below
constexpr double kInset = 25; // first and last epoch sit inside the frame, so their markers are not cut
constexpr int kMaxYIntervals = 5;
constexpr int kMaxXIntervals = 10;

constexpr const char *kTrainColor = "#1f77b4"; // matplotlib's first two colours, what the guide's plots show
constexpr const char *kValColor = "#ff7f0e";
constexpr const char *kValPrefix = "val_";

/// A step of mantissa 1, 2 or 5 times 10^exponent. Multiples are computed as integer * 10^e or integer / 10^-e,
/// both correctly rounded, so ticks print as 0.6 and not 0.6000000000000001.
struct Step {
  int mantissa;
  int exponent;
  double times(double count) const {
    double whole = count * mantissa;
    return exponent >= 0 ? whole * std::pow(10.0, exponent) : whole / std::pow(10.0, -exponent);
  }
};

Step chooseStep(double span, int maxIntervals) {
  if (!(span > 0) || !std::isfinite(span))
    return {1, 0};
  double raw = span / std::max(1, maxIntervals);
  int exponent = int(std::floor(std::log10(raw)));
  for (int mantissa : {1, 2, 5}) {
    Step step{mantissa, exponent};
    if (raw <= step.times(1) * (1 + 1e-9)) // tolerance: span/intervals landing on a step exactly
      return step;
  }
  return {1, exponent + 1};
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::string label(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value == 0 ? 0.0 : value); // no "-0.0"
  return text;
}

std::string xmlEscaped(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string text(double x, double y, const std::string &anchor, const std::string &content,
                 const std::string &extra = "") {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         xmlEscaped(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string &style) {
  return "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) + "\" y2=\"" + number(y2) +
         "\" " + style + "/>\n";
}

struct Series {
  std::string key;
  const char *color;
  bool dashed; // validation curves are dashed so the plot still reads in grey
};

struct Panel {
  std::string metric; // "loss", "binary_accuracy", ...
  std::vector<Series> series;
};

/// The curve's stroke, shared by the curve and its legend sample.
std::string strokeOf(const Series &series) {
  return std::string("stroke=\"") + series.color + "\" stroke-width=\"2\"" +
         (series.dashed ? " stroke-dasharray=\"6 4\"" : "");
}

bool isAccuracy(const std::string &metric) { return metric.find("acc") != std::string::npos; }

std::string trainNameOf(const std::string &key) {
  return key.rfind(kValPrefix, 0) == 0 ? key.substr(std::string(kValPrefix).size()) : key;
}

/// "loss" first, then each accuracy metric in first-seen order; a panel shows whichever of the metric and its
/// val_ twin were logged.
std::vector<Panel> panelsOf(const History &history) {
  std::vector<std::string> metrics;
  for (const std::string &key : history.keys) {
    std::string metric = trainNameOf(key);
    if ((metric == "loss" || isAccuracy(metric)) && std::find(metrics.begin(), metrics.end(), metric) == metrics.end())
      metrics.push_back(metric);
  }
  std::stable_partition(metrics.begin(), metrics.end(), [](const std::string &m) { return m == "loss"; });
  std::vector<Panel> panels;
  for (const std::string &metric : metrics) {
    Panel panel{metric, {}};
    if (history.values.count(metric))
      panel.series.push_back({metric, kTrainColor, false});
    if (history.values.count(kValPrefix + metric))
      panel.series.push_back({kValPrefix + metric, kValColor, true});
    panels.push_back(std::move(panel));
  }
  return panels;
}

/// Maps epochs (1-based) and values of one panel to page coordinates.
struct Frame {
  double top; // of the panel on the page
  double firstEpoch, lastEpoch;
  Axis y;

  double xOf(double epoch) const {
    if (lastEpoch == firstEpoch)
      return (kPlotLeft + kPlotRight) / 2;
    double fraction = (epoch - firstEpoch) / (lastEpoch - firstEpoch);
    return kPlotLeft + kInset + fraction * (kPlotRight - kPlotLeft - 2 * kInset);
  }
  double yOf(double value) const {
    return top + kPlotBottom - (value - y.lo) / (y.hi - y.lo) * (kPlotBottom - kPlotTop);
  }
};

Axis valueAxisOf(const History &history, const Panel &panel) {
  std::optional<double> lo, hi;
  for (const Series &s : panel.series)
    for (double v : history.values.at(s.key))
      if (std::isfinite(v)) {
        lo = std::min(lo.value_or(v), v);
        hi = std::max(hi.value_or(v), v);
      }
  return lo ? niceAxis(*lo, *hi, kMaxYIntervals) : niceAxis(0, 1, kMaxYIntervals);
}

std::string axesSvg(const Frame &frame, const std::string &metric) {
  double top = frame.top + kPlotTop, bottom = frame.top + kPlotBottom;
  std::string svg = "<rect x=\"" + number(kPlotLeft) + "\" y=\"" + number(top) + "\" width=\"" +
                    number(kPlotRight - kPlotLeft) + "\" height=\"" + number(bottom - top) +
                    "\" fill=\"none\" stroke=\"#333\"/>\n";
  for (double tick : frame.y.ticks) {
    double y = frame.yOf(tick);
    svg += line(kPlotLeft, y, kPlotRight, y, "stroke=\"#ddd\"");
    svg += text(kPlotLeft - 6, y + 4, "end", label(tick, frame.y.decimals));
  }
  // Whole epochs only: a 1-2-5 step of at least one epoch.
  Step step = chooseStep(frame.lastEpoch - frame.firstEpoch, kMaxXIntervals);
  if (step.times(1) < 1)
    step = {1, 0};
  for (double i = std::ceil(frame.firstEpoch / step.times(1)); step.times(i) <= frame.lastEpoch; ++i) {
    double x = frame.xOf(step.times(i));
    svg += line(x, bottom, x, bottom + 5, "stroke=\"#333\"");
    svg += text(x, bottom + 18, "middle", label(step.times(i), 0));
  }
  svg += text((kPlotLeft + kPlotRight) / 2, bottom + 38, "middle", "epoch");
  svg += text(kPlotLeft, frame.top + kPlotTop - 10, "start", metric, " font-weight=\"bold\"");
  return svg;
}

/// One polyline per run of finite values (a NaN leaves a gap) and a marker on every point.
std::string seriesSvg(const Frame &frame, const History &history, const Series &series) {
  const std::vector<double> &values = history.values.at(series.key);
  std::string style = "fill=\"none\" " + strokeOf(series);
  std::string polylines, markers, run;
  auto closeRun = [&] {
    if (!run.empty())
      polylines += "<polyline " + style + " points=\"" + run + "\"/>\n";
    run.clear();
  };
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      closeRun();
      continue;
    }
    std::string x = number(frame.xOf(history.epochs[i] + 1)), y = number(frame.yOf(values[i]));
    run += (run.empty() ? "" : " ") + x + "," + y;
    markers += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"3\" fill=\"" + series.color + "\"/>\n";
  }
  closeRun();
  return polylines + markers;
}

/// The legend goes in the right-hand corner the curves leave free: bottom when the last third of the epochs
/// lies mostly in the upper half (accuracy rising), top otherwise (loss falling).
bool legendAtBottom(const Frame &frame, const History &history, const std::vector<Series> &series) {
  size_t from = history.epochs.size() - (history.epochs.size() + 2) / 3;
  double middle = (frame.y.lo + frame.y.hi) / 2;
  int upper = 0, lower = 0;
  for (const Series &s : series)
    for (size_t i = from; i < history.epochs.size(); ++i) {
      double v = history.values.at(s.key)[i];
      if (std::isfinite(v))
        (v > middle ? upper : lower) += 1;
    }
  return upper > lower;
}

std::string legendSvg(const Frame &frame, const History &history, const std::vector<Series> &series) {
  double rowHeight = 18, boxHeight = rowHeight * double(series.size()) + 8;
  size_t longest = 0;
  for (const Series &s : series)
    longest = std::max(longest, s.key.size());
  // Wide enough for the longest key ("val_sparse_categorical_accuracy"): 12 px sans-serif averages under 7 px a
  // character, so the box holds the text in any common font.
  double boxWidth = 46 + 7.0 * double(longest);
  double left = kPlotRight - 8 - boxWidth, boxTop = legendAtBottom(frame, history, series)
                                                       ? frame.top + kPlotBottom - 8 - boxHeight
                                                       : frame.top + kPlotTop + 8;
  std::string svg = "<rect x=\"" + number(left) + "\" y=\"" + number(boxTop) + "\" width=\"" + number(boxWidth) +
                    "\" height=\"" + number(boxHeight) + "\" fill=\"white\" fill-opacity=\"0.8\" stroke=\"#ccc\"/>\n";
  double y = boxTop + 4 + rowHeight / 2;
  for (const Series &s : series) {
    svg += line(left + 8, y, left + 32, y, strokeOf(s));
    svg += text(left + 38, y + 4, "start", s.key);
    y += rowHeight;
  }
  return svg;
}

std::string marksSvg(const Frame &frame, const std::vector<PhaseMark> &marks) {
  std::string svg;
  for (const PhaseMark &m : marks) {
    double x = frame.xOf(m.epoch - 0.5);
    svg += line(x, frame.top + kPlotTop, x, frame.top + kPlotBottom, "stroke=\"#2ca02c\" stroke-width=\"1.5\"");
    // In the heading row above the frame, where neither the curves nor the legend are.
    svg += text(x, frame.top + kPlotTop - 10, "middle", m.label, " fill=\"#2ca02c\"");
  }
  return svg;
}

std::string panelSvg(const History &history, const Panel &panel, double top, const std::vector<PhaseMark> &marks) {
  Frame frame{top, double(history.epochs.front() + 1), double(history.epochs.back() + 1), valueAxisOf(history, panel)};
  std::string svg = axesSvg(frame, panel.metric) + marksSvg(frame, marks);
  for (const Series &s : panel.series)
    svg += seriesSvg(frame, history, s);
  return svg + legendSvg(frame, history, panel.series);
}

} // namespace

double niceStep(double span, int maxIntervals) { return chooseStep(span, maxIntervals).times(1); }

Axis niceAxis(double lo, double hi, int maxIntervals) {
  if (!(hi > lo)) {
    double pad = lo == 0 ? 0.5 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  Step step = chooseStep(hi - lo, maxIntervals);
  // The tolerance keeps 1.2/0.2 = 5.999... from adding an empty interval.
  double first = std::floor(lo / step.times(1) + 1e-9), last = std::ceil(hi / step.times(1) - 1e-9);
  Axis axis{step.times(first), step.times(last), step.times(1), std::max(0, -step.exponent), {}};
  for (double i = first; i <= last; ++i)
    axis.ticks.push_back(step.times(i));
  return axis;
}

std::string learningCurvesSvg(const History &history, const std::string &title, const std::vector<PhaseMark> &marks) {
  std::vector<Panel> panels = history.epochs.empty() ? std::vector<Panel>{} : panelsOf(history);
  double height = kTitleHeight + kPanelHeight * double(std::max<size_t>(panels.size(), 1));
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(kWidth) + "\" height=\"" +
                    number(height) + "\" viewBox=\"0 0 " + number(kWidth) + " " + number(height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += text(kWidth / 2, 26, "middle", title, " font-size=\"16\" font-weight=\"bold\"");
  if (panels.empty())
    svg += text(kWidth / 2, kTitleHeight + kPanelHeight / 2, "middle", "no loss or accuracy logged yet");
  for (size_t i = 0; i < panels.size(); ++i)
    svg += panelSvg(history, panels[i], kTitleHeight + kPanelHeight * double(i), marks);
  return svg + "</svg>\n";
}

} // namespace plot

void writeLearningCurves(const History &history, const std::string &svgPath, const std::string &title,
                         const std::vector<PhaseMark> &marks) {
  writeFileAtomically(svgPath, plot::learningCurvesSvg(history, title, marks));
}

History concatenatePhases(const std::vector<PhaseHistory> &phases, std::vector<PhaseMark> &marks) {
  History all;
  int next = 0; // the combined curve's next epoch
  for (const PhaseHistory &p : phases) {
    if (p.history.epochs.empty())
      continue;
    if (next > 0)
      marks.push_back({double(next + 1), p.phase + " starts"});
    for (size_t i = 0; i < p.history.epochs.size(); ++i) {
      std::vector<std::pair<std::string, double>> logs;
      for (const std::string &key : p.history.keys)
        logs.emplace_back(key, p.history.values.at(key)[i]);
      all.append(next + p.history.epochs[i] - p.history.epochs.front(), logs);
    }
    next += p.history.epochs.back() - p.history.epochs.front() + 1;
  }
  return all;
}

} // namespace xcc::rt
