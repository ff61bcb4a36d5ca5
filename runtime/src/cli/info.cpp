// `info`: what a model CLI holds, so that a user need not remember which artifact a binary was built from.
#include "commands.h"

#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/fit.h"


namespace xcc::rt::cli {
namespace {

std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      s += ',';
    s += digits[i];
  }
  return s;
}

std::string shapeOf(const std::vector<int64_t> &shape) {
  std::string s;
  for (size_t i = 1; i < shape.size(); ++i)
    s += (i > 1 ? "x" : "") + std::to_string(shape[i]);
  return s;
}

} // namespace

int infoCommand(Model &model, Args args, std::ostream &out, std::ostream &) {
  std::optional<std::string> checkpoint = args.option("checkpoint");
  std::vector<std::string> extra = args.positionals();
  if (!extra.empty())
    throw UsageError("unexpected argument '" + extra[0] + "'");
  const Manifest &m = model.manifest();
  std::vector<std::string> classNames;
  if (checkpoint) {
    Checkpoint c = readCheckpoint(*checkpoint);
    startFromCheckpoint(model, c, *checkpoint); // refuses a checkpoint of another model
    classNames = checkpointClassNames(c);
  }
  const int64_t outputs = model.outputsPerSample();
  int64_t trainable = 0, all = 0;
  for (const ParameterSpec &p : m.parameters)
    trainable += p.numElements();
  for (const VariableSpec &v : m.variables)
    all += v.numElements();
  out << "model:         " << m.model << "\n"
      << "phase:         " << m.phase;
  if (m.hasTrain)
    out << " (trains with " << m.train.optimizer << ", learning rate " << m.train.learningRate << ", "
        << m.train.loss << ")";
  else
    out << " (predict and evaluate only)";
  out << "\ninput:         " << shapeOf(m.input.shape) << " (height x width x channels), layer '" << m.input.layer
      << "'\noutputs:       " << outputs << (outputs == 1 ? " logit (binary: sigmoid)" : " logits (softmax)")
      << "\nclasses:       ";
  if (!classNames.empty())
    out << someOf(classNames, 20) << " (from the checkpoint)";
  else
    out << (outputs == 1 ? 2 : outputs) << (checkpoint ? " (the checkpoint names none)" : " (names: info --checkpoint CKPT)");
  out << "\ndtype policy:  " << describeCompute(m) << "\n"
      << "target:        " << m.target << "\n"
      << "parameters:    " << grouped(trainable) << " trainable";
  if (all > 0)
    out << ", " << grouped(all - trainable) << " non-trainable (baked into the code), " << grouped(all) << " total";
  out << "\n";
  return 0;
}

} // namespace xcc::rt::cli
