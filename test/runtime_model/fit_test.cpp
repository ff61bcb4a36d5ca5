// fit on the tiny model: it learns a small separable image set to accuracy 1.0, a resumed fit ends exactly where
// an uninterrupted one does, and the callbacks follow Keras's rules.
#include "xcc/runtime/callbacks.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/fit.h"

#include "test_images.h"
#include "thread_communicator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace xcc::rt {
namespace {

/// Reddish images are class 0, bluish ones class 1, with per-pixel noise: separable by colour, not identical.
LabeledFiles separableImages(test::TempDir &dir, int perClass) {
  LabeledFiles files;
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> noise(-40, 40);
  for (int cls = 0; cls < 2; ++cls)
    for (int i = 0; i < perClass; ++i) {
      std::vector<uint8_t> pixels(16 * 16 * 3);
      for (size_t p = 0; p < pixels.size(); ++p) {
        int base = (p % 3 == 0) == (cls == 0) ? 200 : 50;
        pixels[p] = uint8_t(std::clamp(base + noise(rng), 0, 255));
      }
      std::string rel = (cls ? "blue/" : "red/") + std::to_string(i) + ".png";
      dir.write(rel, test::encodePngPixels(16, 16, 3, pixels));
      files.paths.push_back((dir.path() / rel).string());
      files.labels.push_back(cls);
    }
  return files;
}

FitOptions quietOptions(int epochs, std::ostream &out) {
  FitOptions o;
  o.epochs = epochs;
  o.batchSize = 8;
  o.seed = 42;
  o.out = &out;
  return o;
}

/// Augmentation drawn anew every epoch: the resume tests then also check that a resumed run draws the same.
FitOptions augmentedOptions(int epochs, std::ostream &out) {
  FitOptions o = quietOptions(epochs, out);
  o.loader.augment = parseAugmentSpec("flip=horizontal,rotation=0.1");
  o.loader.policy = AugmentPolicy::EveryEpoch;
  return o;
}

TEST(Fit, TinyModelLearnsSeparableImages) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 16);
  Model model(XCC_ARTIFACT_SYMBOL());
  std::ostringstream out;
  FitOptions o = quietOptions(30, out);
  // The tiny head sees softmax outputs in [0, 1] through a Dense(1): a large step size makes it learn in few
  // epochs.
  o.learningRate = 0.1f;
  History h = fit(model, data, &data, o);
  const std::vector<double> &loss = h.values.at("loss");
  ASSERT_EQ(loss.size(), 30u);
  EXPECT_LT(loss.back(), 0.5 * loss.front()) << out.str();
  EXPECT_EQ(h.values.at("val_binary_accuracy").back(), 1.0) << out.str();
  // Keras's lines: a header per epoch and the final bar with the validation metrics.
  EXPECT_NE(out.str().find("Epoch 30/30\n4/4 "), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(" - val_binary_accuracy: 1.0000 - val_loss: "), std::string::npos) << out.str();

  EvaluateOptions eval;
  Logs logs = evaluate(model, data, eval);
  EXPECT_EQ(*findLog(logs, "binary_accuracy"), 1.0);
  EXPECT_NEAR(*findLog(logs, "loss"), h.values.at("val_loss").back(), 1e-6);
}

// A data-parallel fit of 3 ranks (threads, test::ThreadCommunicator) computes what one process computes: 20 images,
// global batch 6 (slices 2 + 2 + 2; the last batch of 2 leaves rank 2 without a sample), augmentation drawn anew
// every epoch and the model's Dropout, validation sharded the same way. The ranks end bit-identical to each other
// and within 1e-6 of the single process (float sums in another order), with the same logs (1e-6); only rank 0
// writes the checkpoint.
TEST(Fit, ThreeRanksComputeWhatOneProcessComputes) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 10);
  std::ostringstream out;
  FitOptions o = augmentedOptions(2, out);
  o.batchSize = 6;
  Model single(XCC_ARTIFACT_SYMBOL());
  History one = fit(single, data, &data, o);

  test::Room room(3);
  std::vector<std::unique_ptr<Model>> ranks;
  std::vector<History> histories(3);
  std::vector<std::ostringstream> outs(3);
  for (int r = 0; r < 3; ++r)
    ranks.push_back(std::make_unique<Model>(XCC_ARTIFACT_SYMBOL()));
  auto rank = [&](int r) {
    Collectives job([&] { return std::make_unique<test::ThreadCommunicator>(room, r); });
    FitOptions mine = o;
    mine.out = &outs[size_t(r)];
    mine.collectives = &job;
    mine.checkpointPath = (dir.path() / "ckpt.xcc").string();
    histories[size_t(r)] = fit(*ranks[size_t(r)], data, &data, mine);
  };
  std::vector<std::thread> threads;
  for (int r = 0; r < 3; ++r)
    threads.emplace_back(rank, r);
  for (std::thread &t : threads)
    t.join();

  EXPECT_NE(outs[0].str().find("Data-parallel fit on threads: --batch-size 6 is the global batch"), std::string::npos)
      << outs[0].str();
  EXPECT_TRUE(outs[1].str().empty()) << outs[1].str();
  Checkpoint c = readCheckpoint((dir.path() / "ckpt.xcc").string());
  EXPECT_EQ(c.iterations, single.iterations());
  for (size_t i = 0; i < single.manifest().parameters.size(); ++i) {
    EXPECT_EQ(ranks[1]->parameter(i), ranks[0]->parameter(i)) << i;
    EXPECT_EQ(ranks[2]->parameter(i), ranks[0]->parameter(i)) << i;
    EXPECT_EQ(c.parameters[i].values, ranks[0]->parameter(i)) << i;
    for (size_t j = 0; j < single.parameter(i).size(); ++j)
      EXPECT_NEAR(ranks[0]->parameter(i)[j], single.parameter(i)[j], 1e-6) << i << " " << j;
  }
  for (const std::string &key : one.keys)
    for (size_t e = 0; e < one.values.at(key).size(); ++e) {
      EXPECT_NEAR(histories[0].values.at(key)[e], one.values.at(key)[e], 1e-6) << key << " " << e;
      EXPECT_EQ(histories[2].values.at(key)[e], histories[0].values.at(key)[e]) << key << " " << e;
    }
}

// The epoch order, augmentation draws and dropout masks depend only on (seed, epoch, iteration), and the
// checkpoint holds the optimizer state: so 1 epoch + resume for 2 more is bit-identical to 3 epochs.
TEST(Fit, ResumedFitEqualsUninterruptedFit) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 6);
  std::ostringstream out;
  FitOptions o = augmentedOptions(3, out);
  Model straight(XCC_ARTIFACT_SYMBOL());
  History all = fit(straight, data, &data, o);

  o.checkpointPath = (dir.path() / "ckpt.xcc").string();
  o.epochs = 1;
  Model first(XCC_ARTIFACT_SYMBOL());
  fit(first, data, &data, o);
  EXPECT_EQ(readCheckpoint(o.checkpointPath).epochsDone, 1);
  o.epochs = 3;
  o.resume = true;
  Model resumed(XCC_ARTIFACT_SYMBOL());
  History rest = fit(resumed, data, &data, o);
  EXPECT_NE(out.str().find("1 epochs done"), std::string::npos);
  EXPECT_EQ(rest.epochs, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(rest.values.at("loss"), all.values.at("loss"));
  for (size_t i = 0; i < straight.manifest().parameters.size(); ++i)
    EXPECT_EQ(resumed.parameter(i), straight.parameter(i)) << i;
  EXPECT_EQ(resumed.iterations(), straight.iterations());
}

/// Asks fit to stop, as the CLI's SIGINT handler does, once `atStep` of epoch `atEpoch` has run.
struct StopAt : Callback {
  std::atomic<int> &request;
  int atEpoch;
  int64_t atStep;
  StopAt(std::atomic<int> &request, int atEpoch, int64_t atStep) : request(request), atEpoch(atEpoch), atStep(atStep) {}
  std::string name() const override { return "stop_at"; }
  void onBatchEnd(FitContext &ctx, int64_t step, const Logs &) override {
    if (ctx.epoch == atEpoch && step == atStep)
      request.store(SIGINT);
  }
};

// A stop in the middle of an epoch checkpoints that step with the epoch's running sums, so the resumed run
// continues the epoch and ends bit-identical to the uninterrupted one: parameters, iterations and every logged
// number.
TEST(Fit, StopRequestedMidEpochResumesToTheUninterruptedResult) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 10); // 20 images, batch 8: 3 steps per epoch
  std::ostringstream out;
  FitOptions o = augmentedOptions(3, out);
  Model straight(XCC_ARTIFACT_SYMBOL());
  History all = fit(straight, data, &data, o);

  std::atomic<int> request{0};
  o.checkpointPath = (dir.path() / "ckpt.xcc").string();
  o.stopRequest = &request;
  o.classNames = {"red", "blue"};
  Model stopped(XCC_ARTIFACT_SYMBOL());
  History part = fit(stopped, data, &data, o, {std::make_shared<StopAt>(request, 1, 2)});
  EXPECT_EQ(part.epochs, std::vector<int>{0}); // only whole epochs are history
  EXPECT_NE(out.str().find("Stopped by SIGINT after step 2/3 of epoch 2/3"), std::string::npos) << out.str();
  Checkpoint c = readCheckpoint(o.checkpointPath);
  EXPECT_EQ(c.epochsDone, 1);
  EXPECT_EQ(c.iterations, 3 + 2);
  EXPECT_EQ(checkpointClassNames(c), (std::vector<std::string>{"red", "blue"}));

  request = 0;
  o.resume = true;
  Model resumed(XCC_ARTIFACT_SYMBOL());
  History rest = fit(resumed, data, &data, o);
  EXPECT_NE(out.str().find("1 epochs done and 2 steps of epoch 2"), std::string::npos) << out.str();
  EXPECT_EQ(rest.epochs, (std::vector<int>{0, 1, 2}));
  for (const std::string &key : all.keys)
    EXPECT_EQ(rest.values.at(key), all.values.at(key)) << key;
  for (size_t i = 0; i < straight.manifest().parameters.size(); ++i)
    EXPECT_EQ(resumed.parameter(i), straight.parameter(i)) << i;
  EXPECT_EQ(resumed.iterations(), straight.iterations());
}

// Gradient accumulation across a stop: 3 batches per epoch with K = 2, so updates straddle the epochs. A run stopped
// after step 2 of epoch 2 (5 batches) and one that ended after epoch 1 (3 batches) both stop mid-accumulation; their
// checkpoints keep the summed gradients, and each resumed run ends bit-identical to the uninterrupted one.
TEST(Fit, AccumulatedGradientsSurviveAStopAndResume) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 10); // 20 images, batch 8: 3 steps per epoch
  std::ostringstream out;
  FitOptions o = quietOptions(3, out);
  o.accumulateSteps = 2;
  Model straight(XCC_ARTIFACT_SYMBOL());
  History all = fit(straight, data, &data, o);
  EXPECT_EQ(straight.iterations(), 9);

  o.checkpointPath = (dir.path() / "ckpt.xcc").string();
  std::atomic<int> request{0};
  for (int stopEpoch : {1, 0}) { // a stop request inside epoch 2; the end of a 1-epoch run
    std::filesystem::remove(o.checkpointPath);
    FitOptions first = o;
    first.resume = false;
    first.stopRequest = &request;
    first.epochs = stopEpoch ? 3 : 1;
    request = 0;
    Model stopped(XCC_ARTIFACT_SYMBOL());
    std::vector<std::shared_ptr<Callback>> stop;
    if (stopEpoch)
      stop.push_back(std::make_shared<StopAt>(request, stopEpoch, 2));
    fit(stopped, data, &data, first, stop);
    Checkpoint c = readCheckpoint(o.checkpointPath);
    EXPECT_EQ(c.iterations, stopEpoch ? 5 : 3);
    EXPECT_EQ(c.accumulated.size(), straight.manifest().parameters.size()) << "one batch waits for its pair";
    request = 0;
    FitOptions rest = o;
    rest.resume = true;
    Model resumed(XCC_ARTIFACT_SYMBOL());
    History h = fit(resumed, data, &data, rest);
    for (const std::string &key : all.keys)
      EXPECT_EQ(h.values.at(key), all.values.at(key)) << key << " after a stop in epoch " << stopEpoch + 1;
    for (size_t i = 0; i < straight.manifest().parameters.size(); ++i)
      EXPECT_EQ(resumed.parameter(i), straight.parameter(i)) << i;
    EXPECT_EQ(resumed.accumulatedGradients(), straight.accumulatedGradients());
  }
}

// A resume under options that change the result (here the batch size, then the training files) is refused,
// naming what changed, before anything is touched.
TEST(Fit, ResumeWithOtherOptionsOrFilesIsRefused) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 6);
  std::ostringstream out;
  FitOptions o = quietOptions(1, out);
  o.checkpointPath = (dir.path() / "ckpt.xcc").string();
  o.resumeKey = {{"--batch-size", "8"}};
  Model model(XCC_ARTIFACT_SYMBOL());
  fit(model, data, nullptr, o);
  o.epochs = 2;
  o.resume = true;
  o.resumeKey = {{"--batch-size", "4"}};
  std::string error;
  try {
    fit(model, data, nullptr, o);
  } catch (const RuntimeError &e) {
    error = e.what();
  }
  EXPECT_NE(error.find("with other --batch-size: '8' when the run started, '4' now"), std::string::npos) << error;
  o.resumeKey = {{"--batch-size", "8"}};
  data.paths.pop_back();
  data.labels.pop_back();
  error.clear();
  try {
    fit(model, data, nullptr, o);
  } catch (const RuntimeError &e) {
    error = e.what();
  }
  EXPECT_NE(error.find("with other training files: '12 files"), std::string::npos) << error;
  EXPECT_EQ(readCheckpoint(o.checkpointPath).epochsDone, 1);
}

/// Deletes the training images once the first epoch is done: a later epoch that still needed them would skip them.
struct DeleteFilesAfterFirstEpoch : Callback {
  std::vector<std::string> paths;
  std::string name() const override { return "DeleteFiles"; }
  void onEpochEnd(FitContext &, int epoch, Logs &) override {
    if (epoch == 0)
      for (const std::string &p : paths)
        std::filesystem::remove(p);
  }
};

// The head phase's frozen prefix is computed once per image and kept where that is exact (no augmentation or
// augmentation drawn once): the same history and weights as without the cache, and epochs after the first
// read no image (they are deleted after epoch 1 here).
TEST(Fit, CachedFrozenFeaturesGiveTheSameResultWithoutReadingImagesAgain) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 6);
  LabeledFiles validation = {{data.paths[0], data.paths[11]}, {0, 1}};
  std::ostringstream out;
  FitOptions o = quietOptions(3, out);
  o.loader.augment = parseAugmentSpec("flip=horizontal,rotation=0.1");
  o.loader.policy = AugmentPolicy::Once;
  o.featureCacheBytes = 0;
  Model uncached(XCC_ARTIFACT_SYMBOL());
  History want = fit(uncached, data, &validation, o);
  EXPECT_NE(out.str().find("Not caching the frozen base's output: switched off"),
            std::string::npos) << out.str();

  auto deleter = std::make_shared<DeleteFilesAfterFirstEpoch>();
  deleter->paths = data.paths;
  o.featureCacheBytes = size_t(1) << 20;
  out.str("");
  Model cached(XCC_ARTIFACT_SYMBOL());
  History got = fit(cached, data, &validation, o, {deleter});
  EXPECT_NE(out.str().find("Caching the frozen base's output ('gmp', 8 values per image) for 12 images"),
            std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("Skipped"), std::string::npos) << out.str();
  EXPECT_EQ(got.values, want.values);
  for (size_t i = 0; i < cached.manifest().parameters.size(); ++i)
    EXPECT_EQ(cached.parameter(i), uncached.parameter(i)) << i;

  // Drawn anew every epoch, the prefix's output changes: not cached.
  o.loader.policy = AugmentPolicy::EveryEpoch;
  out.str("");
  Model anew(XCC_ARTIFACT_SYMBOL());
  LabeledFiles fresh = separableImages(dir, 6);
  fit(anew, fresh, nullptr, o);
  EXPECT_NE(out.str().find("Not caching the frozen base's output: the augmentation is drawn anew every epoch"),
            std::string::npos) << out.str();
}

// Keras's initial_epoch: epochs before it are not run, and the history counts from it.
TEST(Fit, InitialEpochSkipsTheEpochsBefore) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 2);
  std::ostringstream out;
  FitOptions o = quietOptions(3, out);
  o.initialEpoch = 2;
  Model model(XCC_ARTIFACT_SYMBOL());
  History h = fit(model, data, nullptr, o);
  EXPECT_EQ(h.epochs, std::vector<int>{2});
  EXPECT_NE(out.str().find("Epoch 3/3"), std::string::npos);
  EXPECT_EQ(out.str().find("Epoch 1/3"), std::string::npos);
  o.initialEpoch = 3;
  EXPECT_THROW(fit(model, data, nullptr, o), RuntimeError);
}

TEST(Fit, ClearErrorsForUnusableData) {
  test::TempDir dir;
  LabeledFiles data = separableImages(dir, 2);
  Model model(XCC_ARTIFACT_SYMBOL());
  std::ostringstream out;
  FitOptions o = quietOptions(1, out);
  LabeledFiles badLabel = data;
  badLabel.labels[0] = 3;
  auto what = [&](const LabeledFiles &d) {
    try {
      fit(model, d, nullptr, o);
    } catch (const RuntimeError &e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(what(badLabel).find("class index 3, but the model is a binary classifier"), std::string::npos);
  EXPECT_NE(what(LabeledFiles{}).find("training data has no images"), std::string::npos);

  // Undecodable files are skipped and reported, and training goes on.
  LabeledFiles withCorrupt = data;
  dir.write("red/broken.jpg", {0xFF, 0xD8, 0xFF, 0xE0, 0x00});
  withCorrupt.paths.push_back((dir.path() / "red/broken.jpg").string());
  withCorrupt.labels.push_back(0);
  EXPECT_EQ(what(withCorrupt), "(no error)");
  EXPECT_NE(out.str().find("Skipped 1 file that could not be read or decoded:\n  " + withCorrupt.paths.back()),
            std::string::npos)
      << out.str();

  // Nothing decodable: no epoch of nan losses ending in exit code 0, but an error.
  LabeledFiles onlyCorrupt{{withCorrupt.paths.back(), withCorrupt.paths.back()}, {0, 1}};
  EXPECT_NE(what(onlyCorrupt).find("none of the 2 training images could be decoded"), std::string::npos)
      << what(onlyCorrupt);
}

/// A context around the tiny model for driving callbacks by hand.
struct CallbackHarness {
  Model model{XCC_ARTIFACT_SYMBOL()};
  std::ostringstream out;
  FitContext ctx{model, out, 0.01f};
  void epoch(Callback &cb, int e, double valLoss) {
    Logs logs = {{"loss", 1.0}, {"val_loss", valLoss}};
    ctx.epoch = e;
    cb.onEpochEnd(ctx, e, logs);
  }
};

TEST(Callbacks, EarlyStoppingCountsPatienceAndRestoresTheBestWeights) {
  CallbackHarness h;
  EarlyStopping::Options o;
  o.patience = 2;
  o.restoreBestWeights = true;
  EarlyStopping es(o);
  es.onTrainBegin(h.ctx);
  const double losses[] = {1.0, 0.9, 0.95, 0.96};
  for (int e = 0; e < 4 && !h.ctx.stopTraining; ++e) {
    h.model.setParameter(3, {float(e)}); // dense/bias marks the epoch the weights are from
    h.epoch(es, e, losses[e]);
  }
  EXPECT_TRUE(h.ctx.stopTraining);
  EXPECT_EQ(es.stoppedEpoch(), 3);
  es.onTrainEnd(h.ctx);
  EXPECT_EQ(h.model.parameter(3), std::vector<float>{1.0f});
  EXPECT_NE(h.out.str().find("Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2."),
            std::string::npos)
      << h.out.str();
}

TEST(Callbacks, ReduceLROnPlateauAndItsStateSurvivesAResume) {
  CallbackHarness h;
  ReduceLROnPlateau::Options o;
  o.patience = 1;
  o.factor = 0.5;
  ReduceLROnPlateau reduce(o);
  h.epoch(reduce, 0, 1.0);
  EXPECT_FLOAT_EQ(h.ctx.learningRate, 0.01f);
  h.epoch(reduce, 1, 1.0); // no improvement beyond min_delta: patience 1 runs out
  EXPECT_FLOAT_EQ(h.ctx.learningRate, 0.005f);
  EXPECT_NE(h.out.str().find("Epoch 2: ReduceLROnPlateau reducing learning rate to 0.005."), std::string::npos);
  ReduceLROnPlateau again(o);
  again.restoreState(reduce.saveState());
  h.epoch(again, 2, 0.99); // an improvement for the restored best (1.0)
  EXPECT_FLOAT_EQ(h.ctx.learningRate, 0.005f);
}

TEST(Callbacks, TerminateOnNaNAndModelCheckpointSaveBestOnly) {
  CallbackHarness h;
  TerminateOnNaN nan;
  nan.onBatchEnd(h.ctx, 3, {{"loss", 0.5}});
  EXPECT_FALSE(h.ctx.stopTraining);
  nan.onBatchEnd(h.ctx, 4, {{"loss", NAN}});
  EXPECT_TRUE(h.ctx.stopTraining);
  EXPECT_NE(h.out.str().find("Batch 3: Invalid loss, terminating training"), std::string::npos);

  std::vector<std::string> saved;
  ModelCheckpoint::Options o;
  o.filepath = "best_{epoch:02d}.xcc";
  o.saveBestOnly = true;
  o.save = [&](const Model &, const std::string &path) { saved.push_back(path); };
  ModelCheckpoint mc(o);
  h.epoch(mc, 0, 0.8);
  h.epoch(mc, 1, 0.9);
  h.epoch(mc, 2, 0.7);
  EXPECT_EQ(saved, (std::vector<std::string>{"best_01.xcc", "best_03.xcc"}));
  EXPECT_NE(h.out.str().find("Epoch 00002: val_loss did not improve from 0.80000"), std::string::npos);
}

} // namespace
} // namespace xcc::rt
