//===- model.h - a compiled model, ready to run -----------------*- C++ -*-===//
//
// Model wraps one artifact (xcc_artifact, see abi.h): it reads the embedded manifest, owns the values of the
// trainable parameters (the frozen ones are baked into the code) and calls the generated forward with
// Keras-layout float32 tensors.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_MODEL_H
#define XCC_RUNTIME_MODEL_H

#include "xcc/runtime/abi.h"
#include "xcc/runtime/manifest.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace xcc::rt {

/// A data-parallel rank's part in a gradient step (data_parallel.h): where its samples start in the global batch,
/// which Dropout's draw indexes, and who hears of each parameter's gradient as soon as it is final, while the rest
/// of the backward runs (the gradient buffers stay in place until the step returns).
struct BatchSlice {
  int32_t sampleOffset = 0;
  std::function<void(size_t parameter, std::vector<float> &gradient)> onGradientReady;
};

class Model {
public:
  /// Parses the manifest and gives every parameter with an initializer its first value (Keras distributions,
  /// xcc's seeded stream; "random_weights" as `xcc compile --random-weights` made them). Parameters that come
  /// from a weights file stay unset until loadInitialWeights (model_weights.h) or setParameter. Throws
  /// RuntimeError on a malformed manifest.
  explicit Model(const xcc_artifact *artifact);

  const Manifest &manifest() const { return manifest_; }
  /// The manifest as the artifact embeds it: what identifies the artifact (data-parallel ranks compare it).
  const char *manifestJson() const { return artifact_->manifest_json; }
  /// Input image size, from the input shape [batch, height, width, channels].
  int64_t height() const { return manifest_.input.shape.at(1); }
  int64_t width() const { return manifest_.input.shape.at(2); }
  int64_t channels() const { return manifest_.input.shape.at(3); }
  int64_t outputsPerSample() const { return manifest_.output.valuesPerSample(); }

  const std::vector<float> &parameter(size_t i) const { return values_.at(i); }
  /// Replaces parameter `i`'s values (row-major, Keras layout); throws RuntimeError on a size mismatch.
  void setParameter(size_t i, std::vector<float> values);
  /// Draws every parameter that has an initializer again from a stream of its manifest seed and `seed` (as
  /// keras.utils.set_random_seed gives a new start; the artifact's own first values are what no call gives),
  /// and resets the optimizer. Parameters from a weights file are left alone. Returns how many were drawn.
  size_t redrawInitializers(uint64_t seed);

  /// Runs the forward pass on `batch` images, row-major NHWC; returns batch × outputsPerSample() values.
  /// Throws RuntimeError when a parameter has no value, the batch is out of range, or the generated code fails.
  std::vector<float> predict(const float *batchNHWC, int64_t batch) const;
  /// The same, checking that `input` holds whole images of the model's input size.
  std::vector<float> predict(const std::vector<float> &input) const;

  // --- The frozen prefix (abi.h): a head phase's base, whose output is fixed per image for the whole phase ---

  /// True when the artifact splits off a frozen prefix, so that its output can be computed once per image.
  bool hasFrozenPrefix() const;
  int64_t featuresPerSample() const { return manifest_.features.valuesPerSample(); }
  /// The prefix's output for `batch` images: batch × featuresPerSample() values.
  std::vector<float> features(const float *batchNHWC, int64_t batch) const;
  /// The rest of the forward pass on features: what predict() returns for the images they came from.
  std::vector<float> predictFromFeatures(const float *features, int64_t batch) const;

  // --- Training (artifacts of a training phase; see abi.h for the generated step) ---

  /// True when the artifact has a train step (every phase but "inference").
  bool canTrain() const;
  /// Labels per sample the train step reads: the outputs for binary cross-entropy, 1 (the class index) for
  /// sparse categorical cross-entropy.
  int64_t labelsPerSample() const;
  /// Keras's optimizer.iterations: steps taken so far (Adam's bias correction counts them).
  int64_t iterations() const { return iterations_; }
  void setIterations(int64_t iterations);
  size_t numSlots() const { return manifest_.train.slots.size(); }
  /// Optimizer state `k` (e.g. Adam's m, v) of parameter `i`; zeros before the first step.
  const std::vector<float> &slot(size_t k, size_t i) const { return slots_.at(k).at(i); }
  void setSlot(size_t k, size_t i, std::vector<float> values);
  /// Zero optimizer state and iterations, as compile() does in Keras.
  void resetOptimizer();

  /// Keras 3's Optimizer(gradient_accumulation_steps=K): trainStep adds each batch's gradients to an accumulator
  /// and updates the parameters only on the steps where iterations() + 1 is a multiple of K, with the mean of
  /// the K batches' gradients; iterations() counts every batch, as Keras's does, so Adam's bias correction and the
  /// dropout draws see it. A large effective batch on one machine. 1 (the default): every step updates.
  void setAccumulationSteps(int64_t k);
  int64_t accumulationSteps() const { return accumulationSteps_; }
  /// The gradients summed since the last update, per parameter (empty: none): optimizer state, which checkpoints
  /// keep so that a resumed fit continues mid-accumulation.
  const std::vector<std::vector<float>> &accumulatedGradients() const { return accumulated_; }
  void setAccumulatedGradients(std::vector<std::vector<float>> sums);

  struct StepResult {
    float loss = 0;                ///< the batch's mean loss (Keras's sum_over_batch_size)
    std::vector<float> metricHits; ///< per metric of the manifest: correct predictions in the batch
  };
  /// One optimizer step on `batch` images (NHWC), labels [batch, labelsPerSample()] and per-sample weights
  /// (null: all 1). Checks the labels first (binary: in [0, 1]; categorical: a class index), because the
  /// generated code cannot report a label it cannot use. Parameters and slots change only when the step
  /// succeeds; on any error they keep their previous values.
  StepResult trainStep(const float *images, const float *labels, const float *sampleWeights, int64_t batch,
                       float learningRate, int32_t dropoutSeed);
  /// The same step on the frozen prefix's output for the images (hasFrozenPrefix()): the identical result.
  StepResult trainStepOnFeatures(const float *features, const float *labels, const float *sampleWeights,
                                 int64_t batch, float learningRate, int32_t dropoutSeed);

  // --- The step in two halves (abi.h): gradients that can be summed before the update ---

  struct GradientResult {
    float loss = 0;                             ///< as StepResult
    std::vector<float> metricHits;              ///< as StepResult
    std::vector<std::vector<float>> gradients;  ///< per parameter, its shape row-major
  };
  /// The loss, metrics and gradients trainStep would compute for this batch, without changing anything: the
  /// dropout masks are those of the current iteration, as in trainStep.
  GradientResult gradientStep(const float *images, const float *labels, const float *sampleWeights, int64_t batch,
                              int32_t dropoutSeed, const BatchSlice &slice = {}) const;
  /// The same from the frozen prefix's output (hasFrozenPrefix()).
  GradientResult gradientStepOnFeatures(const float *features, const float *labels, const float *sampleWeights,
                                        int64_t batch, int32_t dropoutSeed, const BatchSlice &slice = {}) const;
  /// One optimizer update with the given gradients (one per parameter, its size): trainStep is exactly
  /// gradientStep followed by this. Parameters, slots and iterations change only when it succeeds.
  void applyGradients(const std::vector<std::vector<float>> &gradients, float learningRate);
  /// What trainStep does after its gradient half: the update, or under accumulation (setAccumulationSteps) the
  /// update or only the count and the sum. Returns g's loss and metrics.
  StepResult applyStep(const GradientResult &g, float learningRate);

private:
  GradientResult runGradientStep(int (*function)(void **), const std::vector<int64_t> &inShape, const float *input,
                                 const float *labels, const float *sampleWeights, int64_t batch,
                                 int32_t dropoutSeed, const BatchSlice &slice) const;
  /// What every step checks before the generated code runs.
  const float *checkStepInputs(const float *input, const float *labels, const float *sampleWeights, int64_t batch,
                               std::vector<float> &ones) const;
  void prepareNext();
  std::vector<float> runForward(int (*function)(void **), const char *what, const std::vector<int64_t> &inShape,
                                const float *input, int64_t batch, bool withParams,
                                const TensorSpec &output) const;
  StepResult runTrainStep(int (*function)(void **), const std::vector<int64_t> &inShape, const float *input,
                          const float *labels, const float *sampleWeights, int64_t batch, float learningRate,
                          int32_t dropoutSeed);
  /// Gives every parameter with an initializer its value from its manifest seed (or reseed(seed, reseedWith)) and
  /// resets the optimizer; returns how many.
  size_t drawInitializers(std::optional<uint64_t> reseedWith);
  void requireValues() const;
  void requirePrefix() const;
  void checkBatch(int64_t batch) const;
  void checkLabels(const float *labels, int64_t batch) const;

  const xcc_artifact *artifact_;
  Manifest manifest_;
  std::vector<std::vector<float>> values_; ///< empty: not set yet (comes from a weights file)
  std::vector<std::vector<std::vector<float>>> slots_; ///< [slot][parameter]
  // The step writes new values beside the old ones (they must not alias): swapped in after success.
  std::vector<std::vector<float>> nextValues_;
  std::vector<std::vector<std::vector<float>>> nextSlots_;
  int64_t iterations_ = 0;
  int64_t accumulationSteps_ = 1;
  std::vector<std::vector<float>> accumulated_;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_MODEL_H
