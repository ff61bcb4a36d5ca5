# lit configuration for xcc's compiler tests (test/Dialect, test/Tools, ...).
import os
import lit.formats
from lit.llvm import llvm_config

config.name = "xcc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
# GoogleTest folders and the codegen test models are not lit tests.
config.excludes = ["Inputs", "runtime", "reference", "codegen", "bench", "weights", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.xcc_obj_root, "test")

# The source tree's examples, for tests that pin the checked-in models.
config.substitutions.append(("%examples", os.path.join(config.xcc_src_root, "examples")))
# The real pretrained models next to the repository (../shared/models). No existence check on purpose: tests that
# use them must fail, not be skipped, when the folder is missing.
config.substitutions.append(("%shared_models",
                             os.path.normpath(os.path.join(config.xcc_src_root, "..", "shared", "models"))))

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(["xcc", "xcc-opt"], [config.xcc_tools_dir])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.xcc_tools_dir, append_path=True)
