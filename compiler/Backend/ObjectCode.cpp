#include "Backend/ObjectCode.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <mutex>
#include <stdexcept>

namespace xcc::backend {
namespace {

[[noreturn]] void fail(const std::string &file, const std::string &why) {
  throw std::runtime_error("cannot compile '" + file + "' to object code: " + why);
}

/// Halide's boolean module flag `name` (CodeGen_LLVM writes them), `otherwise` where it is absent.
bool moduleFlag(const llvm::Module &m, const char *name, bool otherwise) {
  auto *value = llvm::mdconst::dyn_extract_or_null<llvm::ConstantInt>(m.getModuleFlag(name));
  return value ? !value->isZero() : otherwise;
}

/// The options Halide's own LLVM backend compiles with (Halide 14, CodeGen_Internal.cpp's get_target_options):
/// its float semantics come from module flags, so that the object code is the same but for the features.
llvm::TargetOptions halideOptions(const llvm::Module &m) {
  bool strict = moduleFlag(m, "halide_per_instruction_fast_math_flags", false);
  llvm::TargetOptions o;
  o.AllowFPOpFusion = strict ? llvm::FPOpFusion::Strict : llvm::FPOpFusion::Fast;
  o.UnsafeFPMath = !strict;
  o.NoInfsFPMath = !strict;
  o.NoNaNsFPMath = !strict;
  o.HonorSignDependentRoundingFPMathOption = !strict;
  o.NoZerosInBSS = false;
  o.GuaranteedTailCallOpt = false;
  o.FunctionSections = true;
  o.UseInitArray = true;
  o.FloatABIType = moduleFlag(m, "halide_use_soft_float_abi", false) ? llvm::FloatABI::Soft : llvm::FloatABI::Hard;
  return o;
}

/// Halide's string module flag `name` ("" where it is absent).
std::string moduleString(const llvm::Module &m, const char *name) {
  auto *value = llvm::dyn_cast_or_null<llvm::MDString>(m.getModuleFlag(name));
  return value ? value->getString().str() : "";
}

/// `features` (LLVM's "+a,+b" form) with each of `without` turned off after them.
std::string narrowed(const std::string &features, const std::vector<std::string> &without) {
  std::string s = features;
  for (const std::string &f : without)
    s += (s.empty() ? "-" : ",-") + f;
  return s;
}

} // namespace

void objectFromBitcode(const std::string &bitcode, const std::string &object, const std::vector<std::string> &without) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::LLVMContext context;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = llvm::MemoryBuffer::getFile(bitcode);
  if (!buffer)
    fail(bitcode, buffer.getError().message());
  llvm::Expected<std::unique_ptr<llvm::Module>> parsed = llvm::parseBitcodeFile(**buffer, context);
  if (!parsed)
    fail(bitcode, llvm::toString(parsed.takeError()));
  llvm::Module &m = **parsed;
  // Halide names the CPU and features in module flags, for the target machine; a function naming its own (none
  // does in Halide 14) would override them, so those are narrowed too.
  for (llvm::Function &f : m)
    if (f.hasFnAttribute("target-features"))
      f.addFnAttr("target-features", narrowed(f.getFnAttribute("target-features").getValueAsString().str(), without));
  std::string cpu = moduleString(m, "halide_mcpu"), features = narrowed(moduleString(m, "halide_mattrs"), without);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(m.getTargetTriple(), error);
  if (!target)
    fail(bitcode, error);
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      m.getTargetTriple(), cpu, features, halideOptions(m),
      moduleFlag(m, "halide_use_pic", true) ? llvm::Reloc::PIC_ : llvm::Reloc::Static,
      moduleFlag(m, "halide_use_large_code_model", false) ? llvm::CodeModel::Large : llvm::CodeModel::Small,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    fail(bitcode, "LLVM has no target machine for '" + m.getTargetTriple() + "'");
  m.setDataLayout(machine->createDataLayout());
  std::error_code ec;
  llvm::raw_fd_ostream out(object, ec, llvm::sys::fs::OF_None);
  if (ec)
    fail(object, ec.message());
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile))
    fail(bitcode, "LLVM cannot emit object code for '" + m.getTargetTriple() + "'");
  passes.run(m);
  out.flush();
  if (out.has_error())
    fail(object, out.error().message());
}

} // namespace xcc::backend
