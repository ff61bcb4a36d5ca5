#include "reference_interpreter.h"

#include "KernelGraph/GraphIO.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace xcc::test {
namespace {

using T = double;

} // namespace

ref::Activation referenceActivation(kg::Act a) {
  switch (a) {
  case kg::Act::Linear: return ref::Activation::linear;
  case kg::Act::Relu: return ref::Activation::relu;
  case kg::Act::Relu6: return ref::Activation::relu6;
  case kg::Act::Sigmoid: return ref::Activation::sigmoid;
  case kg::Act::Softmax: return ref::Activation::softmax;
  }
  return ref::Activation::linear;
}

ref::Conv2DAttrs referenceConvAttrs(const kg::Node &n) {
  ref::Conv2DAttrs a;
  a.strides = n.strides;
  a.dilation_rate = n.dilation;
  a.padding = n.samePadding ? ref::Padding::same : ref::Padding::valid;
  a.activation = referenceActivation(n.activation);
  return a;
}

ref::Pool2DAttrs referencePoolAttrs(const kg::Node &n) {
  ref::Pool2DAttrs a;
  a.pool_size = n.poolSize;
  a.strides = n.strides;
  a.padding = n.samePadding ? ref::Padding::same : ref::Padding::valid;
  return a;
}

namespace {

ref::Activation act(kg::Act a) { return referenceActivation(a); }
ref::Conv2DAttrs convAttrs(const kg::Node &n) { return referenceConvAttrs(n); }
ref::Pool2DAttrs poolAttrs(const kg::Node &n) { return referencePoolAttrs(n); }

class Interpreter {
public:
  Interpreter(const kg::Graph &g, DropoutMaskFn masks = {}) : g(g), values(g.nodes.size()), masks(std::move(masks)) {}

  std::vector<ref::TensorD> &&takeValues() { return std::move(values); }

  ref::TensorD run(const ref::TensorD &input, const std::vector<ref::TensorD> &params) {
    size_t nextParam = 0;
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      const kg::Node &n = g.nodes[i];
      if (n.kind == kg::OpKind::Input)
        values[i] = input;
      else if (n.kind == kg::OpKind::Param)
        values[i] = params.at(nextParam++);
      else if (n.kind == kg::OpKind::Constant)
        values[i] = ref::TensorD(n.shape, std::vector<double>(n.data.begin(), n.data.end()));
      else
        values[i] = layer(n);
    }
    return values[g.outputs.at(0)];
  }

private:
  const ref::TensorD &operand(const kg::Node &n, size_t k) const { return values[n.operands.at(k)]; }
  const ref::TensorD *optional(const kg::Node &n, bool present, size_t k) const {
    return present ? &operand(n, k) : nullptr;
  }

  ref::TensorD layer(const kg::Node &n) const {
    const ref::TensorD &x = operand(n, 0);
    switch (n.kind) {
    case kg::OpKind::Rescaling: return ref::rescaling(x, n.scale, n.offset);
    case kg::OpKind::Conv2D: return ref::conv2d(x, operand(n, 1), optional(n, n.hasBias, 2), convAttrs(n));
    case kg::OpKind::DepthwiseConv2D:
      return ref::depthwise_conv2d(x, operand(n, 1), optional(n, n.hasBias, 2), convAttrs(n));
    case kg::OpKind::SeparableConv2D:
      return ref::separable_conv2d(x, operand(n, 1), operand(n, 2), optional(n, n.hasBias, 3), convAttrs(n));
    case kg::OpKind::BatchNorm: {
      size_t k = 1;
      const ref::TensorD *gamma = optional(n, n.hasGamma, k);
      k += n.hasGamma;
      const ref::TensorD *beta = optional(n, n.hasBeta, k);
      k += n.hasBeta;
      return ref::batch_norm_inference(x, gamma, beta, operand(n, k), operand(n, k + 1), n.epsilon);
    }
    case kg::OpKind::Activation: return ref::activation(x, act(n.activation));
    case kg::OpKind::MaxPool2D: return ref::max_pool2d(x, poolAttrs(n));
    case kg::OpKind::AvgPool2D: return ref::avg_pool2d(x, poolAttrs(n));
    case kg::OpKind::GlobalAvgPool2D: return ref::global_avg_pool2d(x, n.keepdims);
    case kg::OpKind::GlobalMaxPool2D: return ref::global_max_pool2d(x, n.keepdims);
    case kg::OpKind::Add:
    case kg::OpKind::Concatenate: {
      std::vector<ref::TensorD> ins;
      for (size_t k = 0; k < n.operands.size(); ++k)
        ins.push_back(operand(n, k));
      return n.kind == kg::OpKind::Add ? ref::add(ins) : ref::concatenate(ins, n.axis);
    }
    case kg::OpKind::ZeroPadding2D: return ref::zero_padding2d(x, n.padding);
    case kg::OpKind::Flatten: return ref::flatten(x);
    case kg::OpKind::Reshape: return ref::reshape(x, std::vector<int64_t>(n.shape.begin() + 1, n.shape.end()));
    case kg::OpKind::Dropout:
      return masks && n.training ? ref::dropout(x, masks(n, x.shape), n.rate) : x;
    case kg::OpKind::Dense: return ref::dense(x, operand(n, 1), optional(n, n.hasBias, 2), act(n.activation));
    default: throw std::runtime_error("reference interpreter: unexpected node '" + n.layer + "'");
    }
  }

  const kg::Graph &g;
  std::vector<ref::TensorD> values;
  DropoutMaskFn masks;
};

} // namespace

std::string readFile(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw std::runtime_error("cannot read '" + path + "'");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

kg::Graph loadReferenceGraph(const std::string &dir) {
  return kg::fromJson(readFile(dir + "/reference_graph.json"), readFile(dir + "/reference_graph.bin"), dir);
}

ref::TensorD runReference(const kg::Graph &graph, const ref::TensorD &input, const std::vector<ref::TensorD> &params) {
  return Interpreter(graph).run(input, params);
}

std::vector<ref::TensorD> runReferenceNodes(const kg::Graph &graph, const ref::TensorD &input,
                                            const std::vector<ref::TensorD> &params, const DropoutMaskFn &masks) {
  Interpreter interpreter(graph, masks);
  interpreter.run(input, params);
  return interpreter.takeValues();
}

} // namespace xcc::test
