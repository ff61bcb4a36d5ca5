#include "KernelGraph/EntryPoint.h"

#include <set>
#include <sstream>
#include <stdexcept>

namespace xcc {
namespace {

/// `int <function>(struct halide_buffer_t *input, ..p<i>.., struct halide_buffer_t *output)`.
std::string bufferSignature(const std::string &function, size_t params) {
  std::string s = "int " + function + "(struct halide_buffer_t *input";
  for (size_t i = 0; i < params; ++i)
    s += ", struct halide_buffer_t *p" + std::to_string(i);
  return s + ", struct halide_buffer_t *output)";
}

std::string desc(const std::vector<int64_t> &shape, bool bf16 = false) {
  if (shape.size() > 4)
    throw std::runtime_error("train steps support tensors of rank <= 4");
  std::ostringstream s;
  s << "{" << shape.size() << ", {";
  for (size_t i = 0; i < 4; ++i)
    s << (i ? ", " : "") << (i < shape.size() ? shape[i] : 0);
  s << "}" << (bf16 ? ", XCC_ELEMENT_BFLOAT16" : "") << "}";
  return s.str();
}

using Call = TrainPlanInfo::Call;

bool writes(const Call &call, xcc_train_arg_kind kind) {
  for (const TrainPlanInfo::ArgRef &arg : call.args)
    if (arg.kind == kind)
      return true;
  return false;
}

/// Where the optimizer update begins (train_plan.h): the first call that writes a parameter; every call after it
/// must be an update too. calls.size() for a forward plan.
size_t gradientCalls(const std::vector<Call> &calls) {
  size_t first = 0;
  while (first < calls.size() && !writes(calls[first], XCC_ARG_NEW_PARAM))
    ++first;
  for (size_t c = first; c < calls.size(); ++c)
    if (!writes(calls[c], XCC_ARG_NEW_PARAM))
      throw std::runtime_error("train plan: call '" + calls[c].function + "' follows the update but updates nothing");
  return first;
}

/// Per parameter, the value its update reads as the gradient; -1 when its update reads none.
std::vector<int> gradientValues(const TrainPlanInfo &t, const std::vector<Call> &calls, size_t firstUpdate) {
  std::vector<int> out(size_t(t.params), -1);
  for (size_t c = firstUpdate; c < calls.size(); ++c) {
    int param = -1, gradient = -1;
    for (const TrainPlanInfo::ArgRef &arg : calls[c].args) {
      if (arg.kind == XCC_ARG_NEW_PARAM)
        param = arg.index;
      if (arg.kind == XCC_ARG_VALUE)
        gradient = arg.index;
    }
    if (param >= 0 && param < t.params)
      out[size_t(param)] = gradient;
  }
  return out;
}

/// One xcc_train_plan over `calls` (its intermediates' table `values` may be shared by several plans), named
/// kPlan<name>.
std::string planTables(const TrainPlanInfo &t, const std::vector<Call> &calls, const std::string &name,
                       const std::string &values = "kValues") {
  std::ostringstream s;
  const size_t firstUpdate = gradientCalls(calls);
  std::string gradients = "nullptr";
  if (firstUpdate < calls.size()) {
    gradients = "kGradients" + name;
    s << "const int32_t " << gradients << "[] = {";
    for (int v : gradientValues(t, calls, firstUpdate))
      s << v << ", ";
    s << "};\n";
  }
  for (size_t c = 0; c < calls.size(); ++c) {
    s << "const xcc_train_arg kArgs" << name << c << "[] = {";
    for (const TrainPlanInfo::ArgRef &arg : calls[c].args)
      s << "\n    {" << xcc_train_arg_kind_name(arg.kind) << ", " << arg.index << ", "
        << desc(arg.shape, arg.kind == XCC_ARG_VALUE && t.bf16Values.count(arg.index) > 0) << "},";
    s << "\n};\n";
  }
  s << "const xcc_train_call kCalls" << name << "[] = {\n";
  for (size_t c = 0; c < calls.size(); ++c)
    s << "    {&" << calls[c].function << "_argv, " << calls[c].args.size() << ", kArgs" << name << c << ", "
      << int(calls[c].flat) << ", \"" << calls[c].function << "\"},\n";
  s << "};\n"
    << "const xcc_train_plan kPlan" << name << " = {" << t.params << ", " << t.slots << ", " << t.values.size()
    << ", " << values << ", " << calls.size() << ", kCalls" << name << ", " << firstUpdate << ", " << gradients
    << "};\n";
  return s.str();
}

/// The step from images when the frozen prefix is split off: the features pipeline first, into its value, which
/// the other calls then read where the step from features reads its input.
std::vector<Call> fromImages(const TrainPlanInfo &t) {
  const TrainPlanInfo::ArgRef features{XCC_ARG_VALUE, t.prefix->value, t.values[size_t(t.prefix->value)]};
  std::vector<Call> calls{{t.prefix->features, {{XCC_ARG_INPUT, 0, t.prefix->input}, features}}};
  for (Call call : t.calls) {
    for (auto &arg : call.args)
      if (arg.kind == XCC_ARG_INPUT)
        arg = features;
    calls.push_back(call);
  }
  return calls;
}

/// `extern "C"` declarations of the pipelines `calls` name, each once (the update kernel is called per parameter).
std::string pipelineDeclarations(const std::vector<std::string> &functions) {
  std::string s;
  std::set<std::string> declared;
  for (const std::string &f : functions)
    if (declared.insert(f).second)
      s += "extern \"C\" int " + f + "_argv(void **);\n";
  return s;
}

/// The intermediates' table `name` (a dummy entry when there are none: C++ has no empty arrays).
std::string valuesTable(const std::string &name, const TrainPlanInfo &t) {
  std::string s = "const xcc_tensor_desc " + name + "[] = {\n";
  for (size_t i = 0; i < t.values.size(); ++i)
    s += "    " + desc(t.values[i], t.bf16Values.count(int(i)) > 0) + ",\n";
  if (t.values.empty())
    s += "    {0, {0, 0, 0, 0}},\n";
  return s + "};\n";
}

/// The driven function `f` in the form Halide gives a pipeline: its buffers as arguments (input, parameters,
/// output), as programs that call the generated code directly expect (<function>.h declares it).
std::string bufferForm(const TrainPlanInfo &f) {
  std::string args = "input";
  for (int i = 0; i < f.params; ++i)
    args += ", p" + std::to_string(i);
  return "struct halide_buffer_t;\nextern \"C\" " + bufferSignature(f.function, size_t(f.params)) +
         " {\n  void *argv[] = {" + args + ", output};\n  return " + f.function + "_argv(argv);\n}\n";
}

/// A function made of pipelines in a row (ForwardArtifact.h says which), driven by xcc_run_forward; its tables
/// are named <name>.
std::string drivenFunctionSource(const TrainPlanInfo &f, const std::string &name) {
  std::vector<std::string> functions;
  for (const auto &call : f.calls)
    functions.push_back(call.function);
  return pipelineDeclarations(functions) + "\nnamespace {\n" + valuesTable("k" + name + "Values", f) +
         planTables(f, f.calls, name, "k" + name + "Values") + "} // namespace\n\n" + "extern \"C\" int " +
         f.function + "_argv(void **argv) { return xcc_run_forward(&kPlan" + name + ", argv); }\n" +
         bufferForm(f) + "\n";
}

/// The xcc_train_plan tables and the drivers of a train step: <function>_argv from images and, with a split
/// prefix, <function>_from_features_argv.
std::string trainPlanSource(const TrainPlanInfo &t) {
  std::ostringstream s;
  std::vector<std::string> functions;
  if (t.prefix)
    functions = {t.prefix->features, t.prefix->headForward};
  for (const auto &call : t.calls)
    functions.push_back(call.function);
  s << pipelineDeclarations(functions) << "\nnamespace {\n" << valuesTable("kValues", t);
  s << planTables(t, t.prefix ? fromImages(t) : t.calls, "");
  if (t.prefix)
    s << planTables(t, t.calls, "FromFeatures");
  s << "} // namespace\n\n";
  auto driver = [&](const std::string &name, const char *run, const char *plan) {
    s << "extern \"C\" int " << t.function << name << "_argv(void **argv) { return " << run << "(&" << plan
      << ", argv); }\n";
  };
  driver("", "xcc_run_train_step", "kPlan");
  // Not "_update": that is the update pipeline's own name (Codegen/TrainArtifact.cpp).
  driver("_gradient_step", "xcc_run_gradient_step", "kPlan");
  driver("_update_step", "xcc_run_update_step", "kPlan");
  if (t.prefix) {
    driver("_from_features", "xcc_run_train_step", "kPlanFromFeatures");
    driver("_gradient_step_from_features", "xcc_run_gradient_step", "kPlanFromFeatures");
  }
  return s.str() + "\n";
}

/// The driven functions, in order (each calls only pipelines and functions before it), and the forward
/// function's declaration when it is a pipeline.
std::string drivenSource(const std::string &function, const std::vector<TrainPlanInfo> &driven) {
  std::string s;
  bool forwardDriven = false;
  for (size_t k = 0; k < driven.size(); ++k) {
    forwardDriven = forwardDriven || driven[k].function == function;
    s += drivenFunctionSource(driven[k], driven[k].function == function ? "Forward" : "Driven" + std::to_string(k));
  }
  return forwardDriven ? s : s + "extern \"C\" int " + function + "_argv(void **);\n\n";
}

} // namespace

std::string drivenDeclarations(const std::string &function, size_t params) {
  return "#ifdef __cplusplus\nextern \"C\" {\n#endif\nstruct halide_buffer_t;\nint " + function +
         "_argv(void **args);\n" + bufferSignature(function, params) + ";\n#ifdef __cplusplus\n}\n#endif\n";
}

std::string entryPointFile(const std::string &function) { return function + "_entry.cpp"; }

std::string entryPointSource(const std::string &function, const TrainPlanInfo *train,
                             const std::vector<TrainPlanInfo> &driven, const std::string &manifestJson) {
  // A raw string keeps the manifest readable in the generated file; JSON never contains this delimiter, but a
  // layer name could, and a wrong literal would be a confusing C++ error much later, so check.
  const std::string delimiter = "xcc_manifest";
  if (manifestJson.find(")" + delimiter + "\"") != std::string::npos)
    throw std::runtime_error("the manifest contains ')" + delimiter + "\"' and cannot be embedded");
  auto pointer = [](bool present, const std::string &function) { return present ? "&" + function + "_argv" : "nullptr"; };
  std::string trainArgv = pointer(train, train ? train->function : "");
  bool prefix = train && train->prefix;
  std::string prefixArgv = pointer(prefix, prefix ? train->prefix->features : "") + ", " +
                           pointer(prefix, prefix ? train->prefix->headForward : "") + ", " +
                           pointer(prefix, prefix ? train->function + "_from_features" : "");
  std::string halvesArgv = pointer(train, train ? train->function + "_gradient_step" : "") + ", " +
                           pointer(prefix, prefix ? train->function + "_gradient_step_from_features" : "") + ", " +
                           pointer(train, train ? train->function + "_update_step" : "");
  return "// Generated by xcc compile: the entry point of " + function + " (see xcc/runtime/abi.h). Do not edit.\n"
         "#include \"xcc/runtime/abi.h\"\n" +
         (train || !driven.empty() ? "#include \"xcc/runtime/train_plan.h\"\n" : "") +
         "\n" + drivenSource(function, driven) +
         (train ? trainPlanSource(*train) : "") +
         "namespace {\n"
         "const char kManifest[] = R\"" + delimiter + "(" + manifestJson + ")" + delimiter + "\";\n"
         "const xcc_artifact kArtifact = {kManifest, &" + function + "_argv, " + trainArgv + ",\n"
         "                                " + prefixArgv + ",\n"
         "                                " + halvesArgv + "};\n"
         "} // namespace\n"
         "\n"
         "extern \"C\" const xcc_artifact *xcc_artifact_" + function + "(void) { return &kArtifact; }\n";
}

} // namespace xcc
