#ifndef XCC_TRANSFORMS_PASSES_TD
#define XCC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApplyPhase : Pass<"xcc-apply-phase", "::mlir::ModuleOp"> {
  let summary = "Resolve Keras's trainable and training flags for one phase";
  let description = [{
    Marks every parameter that does not train in `phase` as `frozen` (Keras's recursive `trainable`), fixes the
    mode of every BatchNormalization (training only if the call is in training mode and the layer trains) and
    Dropout (active only in a training call), and keeps only the chosen phase's `xnn.phase`. After this pass
    the model describes one artifact.
  }];
  let options = [
    Option<"phase", "phase", "std::string", /*default=*/"\"head\"",
           "Phase to compile: one the model declares, or 'inference'">,
  ];
}

def InlineSubmodels : Pass<"xcc-inline-submodels", "::mlir::ModuleOp"> {
  let summary = "Flatten nested models into their parent once their flags are resolved";
  let description = [{
    Legal after `--xcc-apply-phase`: nesting only matters for Keras's recursive flags. Layer names of an inlined
    model are prefixed with its name (`xception/block1_conv1`), as Keras 3 names nested variables, so they stay
    unique.
  }];
}

def MaterializeFrozenParams : Pass<"xcc-materialize-frozen-params", "::mlir::ModuleOp"> {
  let summary = "Replace every frozen parameter by an xnn.constant holding its value";
  let description = [{
    A frozen parameter takes its value from its initializer, or, when it names a weights file entry, from the
    weights given with `weights` (or seeded random values with `random-weights`, in the style `random-style`). Trainable
    parameters stay runtime inputs.
  }];
  let options = [
    Option<"weightsFile", "weights", "std::string", /*default=*/"\"\"", "Keras weights file">,
    Option<"randomWeights", "random-weights", "int64_t", /*default=*/"-1",
           "Seed for random weights in place of a weights file (testing; -1 = off)">,
    Option<"randomStyle", "random-style", "std::string", /*default=*/"\"spread\"",
           "What random-weights draws: spread (testing: values that make every op visible), keras (each "
           "weight's Keras default initializer, as weights=None) or he (a scale-keeping random base)">,
  ];
}

def FoldFrozenBatchNorm : Pass<"xcc-fold-frozen-batch-norm", "::mlir::ModuleOp"> {
  let summary = "Fold an inference-mode BatchNormalization into the frozen convolution before it";
  let description = [{
    BN in inference mode is y = x·s + t per channel, s = γ/√(var+ε), t = β − mean·s. After a convolution with a
    constant kernel this is the same convolution with kernel W·s and bias b·s + t. Legal only when the kernel,
    bias and all BN statistics are constants (frozen), the convolution has no activation and the BN is its only
    user; a trainable kernel is never touched, since folding would hide it from the gradient.
  }];
}

def FoldRescaling : Pass<"xcc-fold-rescaling", "::mlir::ModuleOp"> {
  let summary = "Fold Rescaling(scale, offset) into the frozen 'valid' convolutions that consume it";
  let description = [{
    conv(x·a + c, W) + b = conv(x, a·W) + (b + c·Σ W): exact when no padding is applied, since padded zeros would
    otherwise receive the offset. Xception's block1_conv1 has 'valid' padding, so the guide's input Rescaling
    disappears.
  }];
}

def FoldConstants : Pass<"xcc-fold-constants", "::mlir::ModuleOp"> {
  let summary = "Evaluate at compile time every elementwise layer whose operands are all constants";
  let description = [{
    Whatever depends only on frozen weights is computed once, here, instead of in every step: Rescaling,
    Activation (except softmax), Add and inference-mode BatchNorm of constants become constants. Layers that
    read the model input are untouched. Runs after the BatchNorm and Rescaling folds, which handle the common
    case of a frozen layer feeding a convolution.
  }];
}

def GroupKernels : Pass<"xcc-group-kernels", "::mlir::ModuleOp"> {
  let summary = "Decide which layers become their own generated kernel and which are fused into their consumers";
  let description = [{
    Marks every layer with `xcc.kernel = "<name>"` when it gets a loop nest of its own (convolutions, pools,
    dense, residual adds, the model output) or `xcc.fused_into = [...]` with the kernels that compute it on the
    fly (activations, rescaling, unfolded BatchNorm, dropout, padding and reshapes). A separable convolution's
    depthwise stage is always computed per pixel tile of its pointwise GEMM, inside its own kernel. Residual
    adds are stored: fused, each middle-flow add would re-read the chain of earlier blocks (BENCHMARKS.md).
    The schedules in schedules/ follow these marks.
  }];
}

def AutoDiff : Pass<"xcc-autodiff", "::mlir::ModuleOp"> {
  let summary = "Append one phase's train step: the loss, the backward pass it needs, the parameter updates";
  let description = [{
    Reverse-mode differentiation in the dialect, with the rules of compiler/Transforms/GradientRules.cpp.
    Only values that depend on a trainable parameter get gradients, and an operand gets one only if it
    depends on a trainable parameter: so no backward is emitted below the last point that needs it (in the
    guide's head phase: the loss and Dense's kernel and bias, nothing through Dropout, pooling or the frozen
    base). Each trainable parameter ends in an `xnn.apply_gradient` (the phase's optimizer). Legal after
    --xcc-apply-phase and --xcc-inline-submodels, for a phase that trains something.
  }];
}

#endif // XCC_TRANSFORMS_PASSES_TD
