#include "Import/KerasImport.h"
#include "Import/KerasCompile.h"
#include "Import/KerasLayers.h"

#include "xnn/Xnn.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;
using nlohmann::json;

namespace xcc {
namespace {

/// "Class 'name': reason" for every layer (nested ones as "outer/inner") xcc cannot import.
void collectUnsupported(const KerasModel &model, const std::string &prefix, std::vector<std::string> &out) {
  for (const KerasLayer &layer : model.layers) {
    std::string where = layer.className + " '" + prefix + layer.name + "'";
    if (layer.nested) {
      if (layer.calls.size() > 1)
        out.push_back(where + ": nested model called " + std::to_string(layer.calls.size()) + " times");
      collectUnsupported(*layer.nested, prefix + layer.name + "/", out);
    } else if (layer.className != "InputLayer") {
      if (std::string why = unsupportedReason(layer); !why.empty())
        out.push_back(where + ": " + why);
    }
  }
}

/// InputLayer's shape without the batch dimension (Keras 2 batch_input_shape, Keras 3 batch_shape).
FailureOr<SmallVector<int64_t>> inputShape(const KerasLayer &layer, Location loc) {
  json shape = layer.config.value("batch_shape", layer.config.value("batch_input_shape", json(nullptr)));
  SmallVector<int64_t> dims;
  if (shape.is_array() && !shape.empty())
    for (size_t i = 1; i < shape.size(); ++i)
      dims.push_back(shape[i].is_number_integer() ? shape[i].get<int64_t>() : -1);
  if (dims.empty() || llvm::is_contained(dims, -1))
    return emitError(loc) << "input '" << layer.name << "' needs a fully known shape, got " << shape.dump();
  return dims;
}

/// The saved input shape, or `override` when given: same rank and channels, every size positive.
FailureOr<SmallVector<int64_t>> resolveInputShape(const KerasLayer &layer, Location loc,
                                                  const std::optional<SmallVector<int64_t>> &override) {
  auto saved = inputShape(layer, loc);
  if (failed(saved) || !override)
    return saved;
  auto text = [](ArrayRef<int64_t> dims) {
    return llvm::join(llvm::map_range(dims, [](int64_t d) { return std::to_string(d); }), ",");
  };
  auto diag = [&]() {
    return emitError(loc) << "--input-shape " << text(*override) << ": the saved input is " << text(*saved)
                          << "; ";
  };
  if (override->size() != saved->size())
    return diag() << "the new shape needs the same rank";
  if (override->back() != saved->back())
    return diag() << "the channel count cannot change (the first layer's weights depend on it)";
  if (llvm::any_of(*override, [](int64_t d) { return d < 1; }))
    return diag() << "every size must be positive";
  return *override;
}

/// Flatten/Reshape of an image-shaped (N, H, W, C) tensor: what comes after it (a Dense kernel) has weights sized by
/// H and W, so a model holding one cannot take another input size.
bool bakesSpatialSize(const KerasLayer &layer, ValueRange args) {
  if (layer.className != "Flatten" && layer.className != "Reshape")
    return false;
  return !args.empty() && cast<RankedTensorType>(args.front().getType()).getRank() == 4;
}

class GraphEmitter {
public:
  /// `resized`: the input shape is not the saved one (--input-shape), so layers that bake the spatial size in
  /// are refused.
  GraphEmitter(OpBuilder &b, const KerasSource &source, bool resized = false)
      : b(b), source(source), resized(resized) {}

  /// The model's layers at the insertion point, its inputs bound to `inputs`; returns its outputs. Calls are
  /// emitted as soon as their inputs exist: a shared layer's later call may read layers listed after it.
  FailureOr<SmallVector<Value>> emitBody(const KerasModel &model, ValueRange inputs) {
    BodyValues values;
    LayerParams params;
    std::vector<std::pair<const KerasLayer *, const LayerCall *>> pending;
    for (const KerasLayer &layer : model.layers) {
      if (layer.className == "InputLayer") {
        auto pos = llvm::find_if(model.inputs, [&](const TensorRef &r) { return r.layer == layer.name; });
        if (pos == model.inputs.end())
          return emitError(loc(layer)) << "input layer '" << layer.name << "' is not among the model's inputs";
        values[{layer.name, 0}] = {inputs[pos - model.inputs.begin()]};
      }
      for (const LayerCall &call : layer.calls)
        pending.push_back({&layer, &call});
    }
    while (!pending.empty()) {
      std::vector<std::pair<const KerasLayer *, const LayerCall *>> waiting;
      for (auto [layer, call] : pending) {
        auto args = lookup(values, call->inputs);
        if (!args) {
          waiting.push_back({layer, call});
          continue;
        }
        auto outs = emitCall(*layer, *call, *args, params);
        if (failed(outs))
          return failure();
        values[{layer->name, call->node}] = *outs;
      }
      if (waiting.size() == pending.size())
        return neverComputed(*waiting.front().first, *waiting.front().second, values);
      pending = std::move(waiting);
    }
    for (const TensorRef &r : model.outputs)
      if (!lookup(values, {r}))
        return emitError(b.getUnknownLoc()) << "model '" << model.name << "' outputs tensor " << r.tensor << " of call "
                                            << r.node << " of '" << r.layer << "', which it never computes";
    return *lookup(values, model.outputs);
  }

  FailureOr<SmallVector<Value>> emitSubmodel(const KerasModel &model, bool trainable, std::optional<bool> training,
                                             ValueRange inputs) {
    Location l = NameLoc::get(b.getStringAttr(model.name));
    // emitBody binds the model's inputs by position (found by test/fuzz's keras_config target: a call whose
    // argument was not a tensor once bound nothing, and the first layer read a null value).
    if (inputs.size() != model.inputs.size())
      return emitError(l) << "nested model '" << model.name << "' takes " << model.inputs.size()
                          << " input tensor(s) but is called with " << inputs.size();
    SmallVector<Type> placeholder(model.outputs.size(), RankedTensorType::get({}, b.getF32Type()));
    auto sub = b.create<xnn::SubmodelOp>(l, placeholder, model.name, trainable,
                                         training ? b.getBoolAttr(*training) : BoolAttr(), inputs);
    Block &body = sub.getBody().emplaceBlock();
    for (Value in : inputs)
      body.addArgument(in.getType(), l);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&body);
    auto outs = emitBody(model, body.getArguments());
    if (failed(outs))
      return failure();
    b.create<xnn::YieldOp>(l, *outs);
    for (auto [result, out] : llvm::zip(sub.getResults(), *outs))
      result.setType(out.getType());
    return SmallVector<Value>(sub.getResults());
  }

  /// The top-level model: xnn.input ops for its inputs (the single one may take `override`'s shape), then its body
  /// and xnn.output.
  LogicalResult emitModel(const KerasModel &model, const std::optional<SmallVector<int64_t>> &override) {
    if (override && model.inputs.size() != 1)
      return emitError(b.getUnknownLoc()) << "--input-shape needs a model with one input, '" << model.name
                                          << "' has " << model.inputs.size();
    SmallVector<Value> inputs;
    for (const TensorRef &r : model.inputs) {
      auto shape = resolveInputShape(*model.find(r.layer), loc(*model.find(r.layer)), override);
      if (failed(shape))
        return failure();
      inputs.push_back(ModelBuilder(b, loc(*model.find(r.layer))).input(r.layer, *shape));
    }
    auto outs = emitBody(model, inputs);
    if (failed(outs))
      return failure();
    b.create<xnn::OutputOp>(b.getUnknownLoc(), *outs);
    return success();
  }

private:
  /// The outputs of every call emitted so far, by (layer, node).
  using BodyValues = std::map<std::pair<std::string, int>, SmallVector<Value>>;

  static std::optional<SmallVector<Value>> lookup(const BodyValues &values, const std::vector<TensorRef> &refs) {
    SmallVector<Value> out;
    for (const TensorRef &r : refs) {
      auto it = values.find({r.layer, r.node});
      if (it == values.end() || r.tensor >= static_cast<int>(it->second.size()))
        return std::nullopt;
      out.push_back(it->second[r.tensor]);
    }
    return out;
  }

  /// The first input of `call` that no emitted call provides (a cycle, or a node or tensor index out of range).
  LogicalResult neverComputed(const KerasLayer &layer, const LayerCall &call, const BodyValues &values) {
    for (const TensorRef &r : call.inputs)
      if (!lookup(values, {r}))
        return emitError(loc(layer)) << "reads tensor " << r.tensor << " of call " << r.node << " of '" << r.layer
                                     << "', which the model never computes";
    return failure();
  }

  /// One call: a nested model, or a layer whose parameters `params` keeps for its later calls.
  FailureOr<SmallVector<Value>> emitCall(const KerasLayer &layer, const LayerCall &call, ValueRange args,
                                         LayerParams &params) {
    if (layer.nested) {
      std::optional<bool> training;
      if (call.kwargs.is_object() && call.kwargs.value("training", json()).is_boolean())
        training = call.kwargs["training"].get<bool>();
      return emitSubmodel(*layer.nested, layer.nested->trainable && layer.trainable(), training, args);
    }
    if (resized && bakesSpatialSize(layer, args))
      return emitError(loc(layer)) << layer.className << " of a " << args.front().getType()
                                   << " feature map: the weights after it depend on the input size, so "
                                      "--input-shape cannot change it; cut before it (--cut-at)";
    ModelBuilder mb(b, loc(layer));
    bool fromFile = !source.weightLayers || source.weightLayers->count(layer.name);
    auto out = emitLayerCall(mb, layer, call.node, args, fromFile, params);
    if (failed(out))
      return failure();
    return SmallVector<Value>{*out};
  }

  Location loc(const KerasLayer &layer) { return NameLoc::get(b.getStringAttr(layer.name)); }

  OpBuilder &b;
  const KerasSource &source;
  bool resized;
};

LogicalResult applyCut(KerasModel &model, const std::string &layer, Location loc) {
  const KerasLayer *cut = model.find(layer);
  if (!cut)
    return emitError(loc) << "--cut-at: model '" << model.name << "' has no top-level layer '" << layer << "'";
  // A shared layer has one output per call, and nothing says which of them the new model should end with.
  if (cut->calls.size() > 1)
    return emitError(loc) << "--cut-at: layer '" << layer << "' of model '" << model.name << "' is shared (called "
                          << cut->calls.size() << " times), so its output is ambiguous; cut at a layer called once";
  cutModel(model, {TensorRef{layer, cut->calls.empty() ? 0 : cut->calls.front().node, 0}});
  return success();
}

} // namespace

FailureOr<OwningOpRef<ModuleOp>> importKeras(MLIRContext &ctx, KerasSource &source, const ImportOptions &options) {
  ctx.loadDialect<xnn::XnnDialect>();
  Location loc = UnknownLoc::get(&ctx);
  KerasModel &model = source.graph.model;
  if (!options.cutAt.empty() && failed(applyCut(model, options.cutAt, loc)))
    return failure();
  std::vector<std::string> unsupported;
  collectUnsupported(model, "", unsupported);
  if (!unsupported.empty()) {
    auto diag = emitError(loc) << unsupported.size() << " layer(s) cannot be imported:";
    for (const std::string &u : unsupported)
      diag << "\n  " << u;
    return failure();
  }

  OpBuilder b(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  GraphEmitter emitter(b, source, options.inputShape.has_value());
  if (options.head) {
    auto outer = b.create<xnn::ModelOp>(loc, model.name + "_transfer");
    b.setInsertionPointToEnd(&outer.getBody().emplaceBlock());
    if (model.inputs.size() != 1 || model.outputs.size() != 1)
      return emitError(loc) << "--head needs a base with one input and one output";
    const KerasLayer &in = *model.find(model.inputs.front().layer);
    auto shape = resolveInputShape(in, loc, options.inputShape);
    if (failed(shape))
      return failure();
    auto emitBase = [&](Value x) -> FailureOr<Value> {
      auto outs = emitter.emitSubmodel(model, /*trainable=*/true, /*training=*/false, x);
      return failed(outs) ? FailureOr<Value>(failure()) : FailureOr<Value>(outs->front());
    };
    if (failed(emitTransferModel(b, loc, *options.head, model.name, *shape, emitBase)))
      return failure();
  } else {
    auto top = b.create<xnn::ModelOp>(loc, model.name);
    b.setInsertionPointToEnd(&top.getBody().emplaceBlock());
    if (failed(emitter.emitModel(model, options.inputShape)))
      return failure();
    if (source.graph.compileConfig)
      if (std::string why = addCompiledPhase(b, loc, *source.graph.compileConfig); !why.empty())
        emitWarning(loc) << "the saved compile() is not imported (" << why << "); add an xnn.phase by hand";
  }
  if (failed(verify(*module)))
    return failure();
  return module;
}

} // namespace xcc
