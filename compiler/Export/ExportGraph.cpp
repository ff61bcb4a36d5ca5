#include "Export/ExportGraph.h"
#include "xnn/DtypePolicy.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include "Weights/ParamSource.h"

using namespace mlir;
using namespace xnn;

namespace xcc {
namespace {

kg::Act toAct(Activation a) {
  switch (a) {
  case Activation::linear: return kg::Act::Linear;
  case Activation::relu: return kg::Act::Relu;
  case Activation::relu6: return kg::Act::Relu6;
  case Activation::sigmoid: return kg::Act::Sigmoid;
  case Activation::softmax: return kg::Act::Softmax;
  }
  return kg::Act::Linear;
}

std::array<int64_t, 2> pair(ArrayRef<int64_t> v) { return {v[0], v[1]}; }

/// The attributes the three convolution ops share.
template <typename ConvOp> bool setConvAttributes(ConvOp o, kg::OpKind kind, kg::Node &node) {
  node.kind = kind;
  node.strides = pair(o.getStrides());
  node.dilation = pair(o.getDilationRate());
  node.samePadding = o.getPadding() == Padding::same;
  node.activation = toAct(o.getActivation());
  node.hasBias = bool(o.getBias());
  return true;
}

/// Copies the attributes of one layer op into `node`; returns false for ops that are not layers.
bool setLayerAttributes(Operation *op, kg::Node &node) {
  return llvm::TypeSwitch<Operation *, bool>(op)
      .Case([&](RescalingOp o) {
        node.kind = kg::OpKind::Rescaling;
        node.scale = o.getScale().convertToDouble();
        node.offset = o.getOffset().convertToDouble();
        return true;
      })
      .Case([&](Conv2DOp o) { return setConvAttributes(o, kg::OpKind::Conv2D, node); })
      .Case([&](DepthwiseConv2DOp o) { return setConvAttributes(o, kg::OpKind::DepthwiseConv2D, node); })
      .Case([&](SeparableConv2DOp o) { return setConvAttributes(o, kg::OpKind::SeparableConv2D, node); })
      .Case([&](BatchNormOp o) {
        node.kind = kg::OpKind::BatchNorm;
        node.epsilon = o.getEpsilon().convertToDouble();
        node.training = o.getTraining().value_or(true);
        node.hasGamma = bool(o.getGamma());
        node.hasBeta = bool(o.getBeta());
        return true;
      })
      .Case([&](ActivationOp o) {
        node.kind = kg::OpKind::Activation;
        node.activation = toAct(o.getActivation());
        return true;
      })
      .Case([&](MaxPool2DOp o) {
        node.kind = kg::OpKind::MaxPool2D;
        node.poolSize = pair(o.getPoolSize());
        node.strides = pair(o.getEffectiveStrides());
        node.samePadding = o.getPadding() == Padding::same;
        return true;
      })
      .Case([&](AvgPool2DOp o) {
        node.kind = kg::OpKind::AvgPool2D;
        node.poolSize = pair(o.getPoolSize());
        node.strides = pair(o.getEffectiveStrides());
        node.samePadding = o.getPadding() == Padding::same;
        return true;
      })
      .Case([&](GlobalAvgPool2DOp o) {
        node.kind = kg::OpKind::GlobalAvgPool2D;
        node.keepdims = o.getKeepdims();
        return true;
      })
      .Case([&](GlobalMaxPool2DOp o) {
        node.kind = kg::OpKind::GlobalMaxPool2D;
        node.keepdims = o.getKeepdims();
        return true;
      })
      .Case([&](AddOp) {
        node.kind = kg::OpKind::Add;
        return true;
      })
      .Case([&](ConcatenateOp o) {
        node.kind = kg::OpKind::Concatenate;
        node.axis = static_cast<int64_t>(o.getAxis());
        return true;
      })
      .Case([&](ZeroPadding2DOp o) {
        node.kind = kg::OpKind::ZeroPadding2D;
        llvm::copy(o.getPadding(), node.padding.begin());
        return true;
      })
      .Case([&](FlattenOp) {
        node.kind = kg::OpKind::Flatten;
        return true;
      })
      .Case([&](ReshapeOp) {
        node.kind = kg::OpKind::Reshape;
        return true;
      })
      .Case([&](DropoutOp o) {
        node.kind = kg::OpKind::Dropout;
        node.rate = o.getRate().convertToDouble();
        node.training = o.getTraining().value_or(true);
        node.seed = o.getSeed().value_or(0);
        return true;
      })
      .Case([&](DenseOp o) {
        node.kind = kg::OpKind::Dense;
        node.activation = toAct(o.getActivation());
        node.hasBias = bool(o.getBias());
        return true;
      })
      .Default([](Operation *) { return false; });
}

/// Where a trainable parameter's first value comes from, for the manifest: an initializer (with its stream resolved,
/// so the manifest states it exactly) or the weights-file entry it names. Weights files and random draws are the
/// manifest's variables' business (Weights/ModelVariables.h), not the graph's.
LogicalResult setParamSource(ParamOp p, kg::Node &node) {
  FailureOr<ParamSource> source = resolveParamSource(p, node.layer, nullptr, RandomWeights{});
  if (failed(source))
    return failure();
  if (source->kind == ParamSource::Kind::Initializer) {
    node.initializer = source->init;
    node.initSeed = source->seed;
    return success();
  }
  node.sourceLayer = node.layer;
  node.sourceWeight = node.weight;
  if (auto ref = dyn_cast_or_null<KerasWeightAttr>(p.getInitAttr())) {
    node.sourceLayer = ref.getLayer().str();
    node.sourceWeight = ref.getWeight().str();
  }
  return success();
}

/// The phase's compile() arguments that the generated train step bakes in.
void setPhase(PhaseOp phase, kg::Graph &graph) {
  kg::Optimizer &opt = graph.optimizer;
  if (auto adam = dyn_cast<AdamAttr>(phase.getOptimizer())) {
    opt.kind = kg::Optimizer::Adam;
    opt.learningRate = adam.getLearningRate().convertToDouble();
    opt.beta1 = adam.getBeta_1().convertToDouble();
    opt.beta2 = adam.getBeta_2().convertToDouble();
    opt.epsilon = adam.getEpsilon().convertToDouble();
  } else if (auto sgd = dyn_cast<SgdAttr>(phase.getOptimizer())) {
    opt.kind = kg::Optimizer::Sgd;
    opt.learningRate = sgd.getLearningRate().convertToDouble();
    opt.momentum = sgd.getMomentum().convertToDouble();
    opt.nesterov = sgd.getNesterov();
  }
  bool logits = phase.getLoss().getFromLogits();
  bool binary = phase.getLoss().getKind() == LossKind::binary_crossentropy;
  for (MetricAttr m : phase.getMetrics().getAsRange<MetricAttr>()) {
    // Keras resolves "accuracy" by the loss: binary accuracy for binary cross-entropy, else sparse categorical.
    bool isBinary = m.getKind() == MetricKind::binary_accuracy || (m.getKind() == MetricKind::accuracy && binary);
    kg::Metric metric{isBinary ? kg::MetricKind::BinaryAccuracy : kg::MetricKind::SparseCategoricalAccuracy,
                      m.getThreshold().convertToDouble()};
    if (isBinary && logits && metric.threshold == 0.5)
      phase.emitWarning("binary accuracy thresholds at 0.5 although the loss takes logits (Keras's default); "
                        "set threshold = 0.0 to count logit > 0");
    graph.metrics.push_back(metric);
  }
}

/// The train-step ops of --xcc-autodiff; returns false for other ops.
bool setTrainingAttributes(Operation *op, kg::Node &node, const llvm::DenseMap<Value, int> &ids) {
  return llvm::TypeSwitch<Operation *, bool>(op)
      .Case([&](LabelsOp) {
        node.kind = kg::OpKind::Labels;
        node.layer = "labels";
        return true;
      })
      .Case([&](LossOp o) {
        node.kind = kg::OpKind::Loss;
        node.layer = "loss";
        node.loss = o.getLoss().getKind() == LossKind::binary_crossentropy
                        ? kg::LossKind::BinaryCrossentropy
                        : kg::LossKind::SparseCategoricalCrossentropy;
        node.fromLogits = o.getLoss().getFromLogits();
        node.operands = {ids.lookup(o.getPredictions()), ids.lookup(o.getLabels())};
        return true;
      })
      .Case([&](VjpOp o) {
        node.kind = kg::OpKind::Vjp;
        node.layer = (o.getLayer() + "/d_" + o.getWrt()).str();
        node.wrtIndex = o.getWrtIndex();
        node.operands = {ids.lookup(o.getForward())};
        if (o.getUpstream())
          node.operands.push_back(ids.lookup(o.getUpstream()));
        return true;
      })
      .Case([&](ApplyGradientOp o) {
        node.kind = kg::OpKind::ApplyGradient;
        node.layer = (o.getParam().getDefiningOp<ParamOp>().getLayer() + "/update").str();
        node.operands = {ids.lookup(o.getParam()), ids.lookup(o.getGrad())};
        return true;
      })
      .Default([](Operation *) { return false; });
}

std::vector<int64_t> shapeOf(Value v) {
  auto shape = cast<RankedTensorType>(v.getType()).getShape();
  std::vector<int64_t> out(shape.begin(), shape.end());
  for (int64_t &d : out)
    if (ShapedType::isDynamic(d))
      d = -1;
  return out;
}

} // namespace

FailureOr<kg::Graph> exportGraph(ModelOp model) {
  kg::Graph graph;
  graph.name = model.getSymName().str();
  if (std::optional<StringRef> policy = model.getDtypePolicy()) // the verifier checked the name
    graph.dtypePolicy = *xnn::parseDtypePolicy(*policy);
  llvm::DenseMap<Value, int> ids;
  bool trainStep = !model.getBody().getOps<LossOp>().empty();
  for (Operation &op : model.getBody().getOps()) {
    if (auto phase = dyn_cast<PhaseOp>(op)) {
      if (trainStep)
        setPhase(phase, graph);
      continue;
    }
    if (auto output = dyn_cast<OutputOp>(op)) {
      for (Value v : output.getOutputs())
        graph.outputs.push_back(ids.lookup(v));
      continue;
    }
    kg::Node node;
    if (auto in = dyn_cast<InputOp>(op)) {
      node.kind = kg::OpKind::Input;
      node.layer = in.getLayer().str();
      graph.inputs.push_back(graph.nodes.size());
    } else if (auto c = dyn_cast<ConstantOp>(op)) {
      node.kind = kg::OpKind::Constant;
      node.layer = c.getLayer().str();
      node.weight = c.getWeight().str();
      auto dense = cast<DenseElementsAttr>(c.getValue());
      auto values = dense.getValues<float>();
      node.data.assign(values.begin(), values.end());
    } else if (auto p = dyn_cast<ParamOp>(op)) {
      if (p.getFrozen())
        return p.emitError("frozen parameter '") << p.getLayer() << "/" << p.getWeight()
                                                 << "' was not materialized; run --xcc-materialize-frozen-params";
      node.kind = kg::OpKind::Param;
      node.layer = p.getLayer().str();
      node.weight = p.getWeight().str();
      if (failed(setParamSource(p, node)))
        return failure();
      graph.params.push_back(graph.nodes.size());
    } else if (setLayerAttributes(&op, node)) {
      node.layer = cast<LayerOpInterface>(op).getLayer().str();
      node.fused = op.hasAttr("xcc.fused_into");
    } else if (setTrainingAttributes(&op, node, ids)) {
      if (node.kind == kg::OpKind::Loss)
        graph.loss = int(graph.nodes.size());
      if (node.kind == kg::OpKind::ApplyGradient)
        graph.updates.push_back(int(graph.nodes.size()));
      if (op.getNumResults() == 1)
        ids[op.getResult(0)] = graph.nodes.size();
      if (op.getNumResults() == 1)
        node.shape = shapeOf(op.getResult(0));
      else
        node.shape = shapeOf(op.getOperand(0));
      graph.nodes.push_back(std::move(node));
      continue;
    } else {
      return op.emitError("cannot lower '") << op.getName() << "' to code; "
                                            << (isa<SubmodelOp>(op) ? "run --xcc-inline-submodels first" : "");
    }
    for (Value operand : op.getOperands())
      node.operands.push_back(ids.lookup(operand));
    node.shape = shapeOf(op.getResult(0));
    ids[op.getResult(0)] = graph.nodes.size();
    graph.nodes.push_back(std::move(node));
  }
  return graph;
}

} // namespace xcc
