#ifndef XNN_OPS_TD
#define XNN_OPS_TD

include "XnnDialect.td"
include "XnnAttrs.td"
include "XnnInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Xnn_Tensor : RankedTensorOf<[F32]>;

class Xnn_Op<string mnemonic, list<Trait> traits = []> : Op<Xnn_Dialect, mnemonic, traits>;

// Every layer: a Keras name, Keras's `trainable` flag, and a result type inferred from operands and attributes
// (so a wrong declared shape is reported against the inferred one).
defvar LayerArgs = (ins StrAttr:$layer, DefaultValuedAttr<BoolAttr, "true">:$trainable);

class Xnn_LayerOp<string mnemonic, string kerasClass, list<Trait> traits = []>
    : Xnn_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor,
                                    Xnn_LayerOpInterface],
                                   traits)> {
  code kerasClassDecl = !if(!empty(kerasClass), "",
      "::llvm::StringRef getKerasClass() { return \"" # kerasClass # "\"; }");
  let extraClassDeclaration = kerasClassDecl;
}

// One input, one output: `xnn.flatten "flatten" %x : tensor<?x5x5x8xf32> -> tensor<?x200xf32>`.
class Xnn_UnaryLayerOp<string mnemonic, string kerasClass, list<Trait> traits = []>
    : Xnn_LayerOp<mnemonic, kerasClass, traits> {
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer $input attr-dict `:` type($input) `->` type($output)";
}

// Ops with weights list them as operands: `xnn.dense "dense" %x, %k, %b : (...) -> ...`.
class Xnn_WeightedLayerOp<string mnemonic, string kerasClass, list<Trait> traits = []>
    : Xnn_LayerOp<mnemonic, kerasClass, traits> {
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer operands attr-dict `:` functional-type(operands, results)";
}

defvar StridesAttr = DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">;
defvar PaddingArg = DefaultValuedAttr<Xnn_PaddingAttr, "::xnn::Padding::valid">;
defvar ActivationArg = DefaultValuedAttr<Xnn_ActivationAttr, "::xnn::Activation::linear">;
defvar TrainingFlag = OptionalAttr<BoolAttr>;

//===----------------------------------------------------------------------===//
// Structure: models, sub-models, inputs, outputs, parameters, phases
//===----------------------------------------------------------------------===//

def Xnn_ModelOp : Xnn_Op<"model", [Symbol, IsolatedFromAbove, SingleBlock, NoTerminator,
                                    RegionKindInterface]> {
  let summary = "a Keras functional model with its training phases";
  let description = [{
    The top-level model. Its body holds the `xnn.input` layers, the layer graph, one `xnn.output` and the
    `xnn.phase` declarations (one per Keras `compile()`):

    ```mlir
    xnn.model @tiny {
      %x = xnn.input "input_layer" : tensor<?x8x8x3xf32>
      ...
      xnn.output %logits : tensor<?x1xf32>
      xnn.phase "head" {loss = #xnn.loss<binary_crossentropy, from_logits = true>, optimizer = #xnn.adam<>}
    }
    ```

    `dtype_policy` is Keras's `mixed_precision` policy of the model's layers, for every phase: `"float32"` (the
    default) or `"mixed_bfloat16"` (`xnn.model @tiny attributes {dtype_policy = "mixed_bfloat16"} {...}`):
    variables, optimizer state, the loss and the logits stay float32; convolutions compute in bfloat16 with
    float32 accumulation where the CPU has bfloat16 dot products. `xcc compile --dtype-policy` overrides it.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, OptionalAttr<StrAttr>:$dtype_policy);
  let regions = (region SizedRegion<1>:$body);
  let builders = [OpBuilder<(ins "::llvm::StringRef":$symName), [{
    build($_builder, $_state, symName, ::mlir::StringAttr());
  }]>];
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static ::mlir::RegionKind getRegionKind(unsigned) { return ::mlir::RegionKind::SSACFG; }
    /// The single `xnn.output` of the model.
    OutputOp getOutputOp();
    /// The phase with this name, or null.
    PhaseOp lookupPhase(::llvm::StringRef name);
  }];
}

def Xnn_SubmodelOp : Xnn_Op<"submodel", [IsolatedFromAbove, SingleBlock,
    Xnn_LayerOpInterface]> {
  let summary = "a nested Keras model used as a layer (e.g. the frozen Xception base)";
  let description = [{
    A functional model called as one layer, like `base_model(x, training=False)` in the transfer-learning guide.
    The block arguments are the sub-model's inputs and `xnn.yield` returns its outputs. `trainable` applies
    recursively to every layer inside, as setting `base_model.trainable` does in Keras. `training`, when
    present, is the call-time flag: `training = false` keeps BatchNormalization and Dropout in inference mode
    inside the sub-model even when it is trainable.

    ```mlir
    %f = xnn.submodel "xception" (%r) {training = false} : (tensor<?x150x150x3xf32>) -> tensor<?x5x5x2048xf32> {
    ^bb0(%in: tensor<?x150x150x3xf32>):
      ...
      xnn.yield %out : tensor<?x5x5x2048xf32>
    }
    ```
  }];
  let arguments = !con(LayerArgs, (ins TrainingFlag:$training, Variadic<Xnn_Tensor>:$inputs));
  let results = (outs Variadic<Xnn_Tensor>:$outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$layer `(` $inputs `)` attr-dict `:` functional-type($inputs, results) $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::llvm::StringRef getKerasClass() { return "Functional"; }
  }];
}

def Xnn_InputOp : Xnn_Op<"input", [Pure, HasParent<"ModelOp">]> {
  let summary = "a Keras Input layer";
  let description = [{
    `keras.Input(shape)`: the batch dimension is dynamic, the others are static.
    `%x = xnn.input "input_layer" : tensor<?x150x150x3xf32>`
  }];
  let arguments = (ins StrAttr:$layer);
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Xnn_OutputOp : Xnn_Op<"output", [HasParent<"ModelOp">]> {
  let summary = "the outputs of a model";
  let description = [{ `xnn.output %logits : tensor<?x1xf32>`; exactly one per model. }];
  let arguments = (ins Variadic<Xnn_Tensor>:$outputs);
  let assemblyFormat = "$outputs attr-dict `:` type($outputs)";
}

def Xnn_YieldOp : Xnn_Op<"yield", [Pure, Terminator, HasParent<"SubmodelOp">]> {
  let summary = "the outputs of a sub-model";
  let description = [{ `xnn.yield %x : tensor<?x5x5x2048xf32>` ends an `xnn.submodel` body. }];
  let arguments = (ins Variadic<Xnn_Tensor>:$outputs);
  let assemblyFormat = "$outputs attr-dict `:` type($outputs)";
}

def Xnn_ParamOp : Xnn_Op<"param", [Pure]> {
  let summary = "a layer parameter (a Keras weight) and where its initial value comes from";
  let description = [{
    One Keras weight of a layer. Without `init`, the value is read from the weights file given at compile
    time under the same layer and weight names; `init` names another Keras weight or an initializer.
    `non_trainable` marks weights Keras never trains (BatchNormalization's moving mean and variance), whatever
    the layer's `trainable` flag says. `frozen` is set by `--xcc-apply-phase` on every parameter that does not
    train in the chosen phase; such a parameter is then a compile-time constant.

    ```mlir
    %k = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x32xf32>
    %m = xnn.param "block1_conv1_bn", "moving_mean" non_trainable : tensor<32xf32>
    %d = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform>) : tensor<2048x1xf32>
    ```
  }];
  let arguments = (ins StrAttr:$layer, StrAttr:$weight,
                       OptionalAttr<AnyAttrOf<[Xnn_InitializerAttr, Xnn_KerasWeightAttr]>>:$init,
                       UnitAttr:$non_trainable, UnitAttr:$frozen);
  let results = (outs Xnn_Tensor:$value);
  let assemblyFormat = [{
    $layer `,` $weight (`non_trainable` $non_trainable^)? (`frozen` $frozen^)? (`init` `(` $init^ `)`)? attr-dict
    `:` type($value)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of scalars in this parameter.
    int64_t getNumElements();
  }];
}

def Xnn_ConstantOp : Xnn_Op<"constant", [Pure, ConstantLike, AllTypesMatch<["value", "output"]>]> {
  let summary = "a frozen parameter's value, known at compile time";
  let description = [{
    What a frozen `xnn.param` becomes once its value is read: the compiler may fold it (BatchNorm, Rescaling)
    and the code generator embeds it in the object file. `layer` and `weight` keep its provenance;
    `folded_from` lists the layers whose computation was folded into it.

    ```mlir
    %k = xnn.constant "block1_conv1", "kernel" {folded_from = ["block1_conv1_bn"]} dense<1.0> : tensor<3x3x3x32xf32>
    ```
  }];
  let arguments = (ins StrAttr:$layer, StrAttr:$weight, ElementsAttr:$value,
                       OptionalAttr<StrArrayAttr>:$folded_from);
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer `,` $weight attr-dict $value";
  let hasFolder = 1;
}

def Xnn_PhaseOp : Xnn_Op<"phase", [HasParent<"ModelOp">]> {
  let summary = "one training phase: what Keras's `trainable` edits and `compile()` set";
  let description = [{
    A phase is one `compile()` of the Keras workflow: `set_trainable` overrides the declared `trainable` flag of
    named layers or sub-models (recursively, like Keras), and the loss, optimizer and metrics are those passed
    to `compile()`. Each phase compiles to its own artifact. The phase name `inference` is reserved: it always
    means "nothing trainable, no loss".

    ```mlir
    xnn.phase "head" {set_trainable = {xception = false}, optimizer = #xnn.adam<learning_rate = 1.000000e-03>,
                      loss = #xnn.loss<binary_crossentropy, from_logits = true>,
                      metrics = [#xnn.metric<binary_accuracy>]}
    ```
  }];
  let arguments = (ins StrAttr:$phase,
                       DefaultValuedAttr<DictionaryAttr, "{}">:$set_trainable,
                       AnyAttrOf<[Xnn_AdamAttr, Xnn_SgdAttr]>:$optimizer,
                       Xnn_LossAttr:$loss,
                       DefaultValuedAttr<TypedArrayAttrBase<Xnn_MetricAttr, "metrics">, "{}">:$metrics);
  let assemblyFormat = "$phase attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

def Xnn_RescalingOp : Xnn_UnaryLayerOp<"rescaling", "Rescaling"> {
  let summary = "Keras Rescaling: y = x * scale + offset";
  let description = [{
    `%r = xnn.rescaling "rescaling" %x {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64}`
    maps [0, 255] to [-1, 1] as in the guide.
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, F64Attr:$scale,
                                       DefaultValuedAttr<F64Attr, "0.0">:$offset));
}

def Xnn_Conv2DOp : Xnn_WeightedLayerOp<"conv2d", "Conv2D"> {
  let summary = "Keras Conv2D on NHWC input with an [kh, kw, cin, cout] kernel";
  let description = [{
    `same` padding is TensorFlow's: total padding `max((ceil(in/s)-1)*s + (k-1)*d + 1 - in, 0)`, the smaller
    half before, so it is asymmetric when the total is odd.
    `%y = xnn.conv2d "block1_conv1" %x, %k {strides = array<i64: 2, 2>} : (tensor<?x150x150x3xf32>, tensor<3x3x3x32xf32>) -> tensor<?x74x74x32xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Xnn_Tensor:$kernel, Optional<Xnn_Tensor>:$bias,
                                       StridesAttr:$strides, StridesAttr:$dilation_rate, PaddingArg:$padding,
                                       ActivationArg:$activation));
}

def Xnn_DepthwiseConv2DOp : Xnn_WeightedLayerOp<"depthwise_conv2d", "DepthwiseConv2D"> {
  let summary = "Keras DepthwiseConv2D with an [kh, kw, cin, depth_multiplier] kernel";
  let description = [{
    Output channel `c * depth_multiplier + m` is input channel `c` convolved with `kernel[:, :, c, m]`.
    `%y = xnn.depthwise_conv2d "conv_dw_1" %x, %k {padding = #xnn.padding<same>} : (tensor<?x112x112x32xf32>, tensor<3x3x32x1xf32>) -> tensor<?x112x112x32xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Xnn_Tensor:$depthwise_kernel,
                                       Optional<Xnn_Tensor>:$bias,
                                       StridesAttr:$strides, StridesAttr:$dilation_rate, PaddingArg:$padding,
                                       ActivationArg:$activation));
}

def Xnn_SeparableConv2DOp : Xnn_WeightedLayerOp<"separable_conv2d", "SeparableConv2D"> {
  let summary = "Keras SeparableConv2D: depthwise [kh, kw, cin, m] then pointwise [1, 1, cin*m, cout]";
  let description = [{
    Kept as one op (not decomposed) so that the weights match Keras's two arrays of one layer and so that
    lowering can fuse the depthwise stage into the pointwise GEMM. Strides and padding apply to the
    depthwise stage; the bias, if any, is added after the pointwise stage.
    `%y = xnn.separable_conv2d "block2_sepconv1" %x, %dw, %pw {padding = #xnn.padding<same>} : (tensor<?x72x72x64xf32>, tensor<3x3x64x1xf32>, tensor<1x1x64x128xf32>) -> tensor<?x72x72x128xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Xnn_Tensor:$depthwise_kernel,
                                       Xnn_Tensor:$pointwise_kernel, Optional<Xnn_Tensor>:$bias,
                                       StridesAttr:$strides, StridesAttr:$dilation_rate, PaddingArg:$padding,
                                       ActivationArg:$activation));
}

def Xnn_BatchNormOp : Xnn_LayerOp<"batch_norm", "BatchNormalization", [AttrSizedOperandSegments]> {
  let summary = "Keras BatchNormalization over the last (channel) axis";
  let description = [{
    Inference mode computes `gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta`; training
    mode uses the batch statistics and updates the moving ones with `momentum`. As in Keras 3, the batch
    statistics are used only when the call is in training mode *and* the layer is trainable; `training`, when
    present, fixes the call-time flag for this layer. `gamma`/`beta` are absent when Keras built the layer
    with `scale=False`/`center=False`.
    `%y = xnn.batch_norm "bn" %x gamma %g beta %b mean %m variance %v {epsilon = 1.0e-03 : f64} : (...) -> tensor<?x74x74x32xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Optional<Xnn_Tensor>:$gamma,
                                       Optional<Xnn_Tensor>:$beta, Xnn_Tensor:$moving_mean,
                                       Xnn_Tensor:$moving_variance,
                                       DefaultValuedAttr<F64Attr, "1e-3">:$epsilon,
                                       DefaultValuedAttr<F64Attr, "0.99">:$momentum,
                                       TrainingFlag:$training));
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = [{
    $layer $input (`gamma` $gamma^)? (`beta` $beta^)? `mean` $moving_mean `variance` $moving_variance
    attr-dict `:` functional-type(operands, results)
  }];
}

def Xnn_ActivationOp : Xnn_UnaryLayerOp<"activation", ""> {
  let summary = "Keras Activation (or ReLU) layer";
  let description = [{
    `%y = xnn.activation "block1_conv1_act" %x {activation = #xnn.activation<relu>} : tensor<?x74x74x32xf32> -> tensor<?x74x74x32xf32>`.
    `class_name` records the Keras class when it is not `Activation` (MobileNet's `ReLU(6.)` layers).
    Softmax applies over the last axis.
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Xnn_ActivationAttr:$activation,
                                       OptionalAttr<StrAttr>:$class_name));
  let extraClassDeclaration = [{
    ::llvm::StringRef getKerasClass() { return getClassName().value_or("Activation"); }
  }];
}

class Xnn_Pool2DOp<string mnemonic, string kerasClass> : Xnn_UnaryLayerOp<mnemonic, kerasClass> {
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input,
                                       DefaultValuedAttr<DenseI64ArrayAttr, "{2, 2}">:$pool_size,
                                       OptionalAttr<DenseI64ArrayAttr>:$strides, PaddingArg:$padding));
  let extraClassDeclaration = kerasClassDecl # [{
    /// Keras: strides default to the pool size.
    ::llvm::SmallVector<int64_t, 2> getEffectiveStrides() {
      auto s = getStrides();
      return s ? ::llvm::SmallVector<int64_t, 2>(s->begin(), s->end())
               : ::llvm::SmallVector<int64_t, 2>(getPoolSize().begin(), getPoolSize().end());
    }
  }];
}

def Xnn_MaxPool2DOp : Xnn_Pool2DOp<"max_pool2d", "MaxPooling2D"> {
  let summary = "Keras MaxPooling2D; `same` padding pads with -inf (asymmetric as TensorFlow)";
  let description = [{
    `%y = xnn.max_pool2d "block2_pool" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x72x72x128xf32> -> tensor<?x36x36x128xf32>`
  }];
}

def Xnn_AvgPool2DOp : Xnn_Pool2DOp<"avg_pool2d", "AveragePooling2D"> {
  let summary = "Keras AveragePooling2D; `same` padding divides by the in-image count only";
  let description = [{
    Unlike PyTorch's default, padded positions do not count in the divisor.
    `%y = xnn.avg_pool2d "pool" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = #xnn.padding<same>} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>`
  }];
}

class Xnn_GlobalPoolOp<string mnemonic, string kerasClass> : Xnn_UnaryLayerOp<mnemonic, kerasClass> {
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, DefaultValuedAttr<BoolAttr, "false">:$keepdims));
}

def Xnn_GlobalAvgPool2DOp : Xnn_GlobalPoolOp<"global_avg_pool2d", "GlobalAveragePooling2D"> {
  let summary = "Keras GlobalAveragePooling2D: mean over H and W";
  let description = [{
    `%y = xnn.global_avg_pool2d "global_average_pooling2d" %x : tensor<?x5x5x2048xf32> -> tensor<?x2048xf32>`
  }];
}

def Xnn_GlobalMaxPool2DOp : Xnn_GlobalPoolOp<"global_max_pool2d", "GlobalMaxPooling2D"> {
  let summary = "Keras GlobalMaxPooling2D: max over H and W";
  let description = [{
    `%y = xnn.global_max_pool2d "gmp" %x : tensor<?x5x5x8xf32> -> tensor<?x8xf32>`
  }];
}

def Xnn_AddOp : Xnn_LayerOp<"add", "Add"> {
  let summary = "Keras Add: elementwise sum of two or more tensors of one shape";
  let description = [{
    `%y = xnn.add "add" %a, %b : (tensor<?x36x36x128xf32>, tensor<?x36x36x128xf32>) -> tensor<?x36x36x128xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Variadic<Xnn_Tensor>:$inputs));
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer $inputs attr-dict `:` functional-type($inputs, results)";
}

def Xnn_ConcatenateOp : Xnn_LayerOp<"concatenate", "Concatenate"> {
  let summary = "Keras Concatenate along `axis` (default -1, the channels)";
  let description = [{
    `%y = xnn.concatenate "mixed0" %a, %b : (tensor<?x8x8x4xf32>, tensor<?x8x8x2xf32>) -> tensor<?x8x8x6xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Variadic<Xnn_Tensor>:$inputs,
                                       DefaultValuedAttr<I64Attr, "-1">:$axis));
  let results = (outs Xnn_Tensor:$output);
  let assemblyFormat = "$layer $inputs attr-dict `:` functional-type($inputs, results)";
}

def Xnn_ZeroPadding2DOp : Xnn_UnaryLayerOp<"zero_padding2d", "ZeroPadding2D"> {
  let summary = "Keras ZeroPadding2D with padding [top, bottom, left, right]";
  let description = [{
    `%y = xnn.zero_padding2d "conv1_pad" %x {padding = array<i64: 0, 1, 0, 1>} : tensor<?x224x224x3xf32> -> tensor<?x225x225x3xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input,
                                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1, 1, 1}">:$padding));
}

def Xnn_FlattenOp : Xnn_UnaryLayerOp<"flatten", "Flatten"> {
  let summary = "Keras Flatten: all non-batch dimensions into one (row-major, channels last)";
  let description = [{ `%y = xnn.flatten "flatten" %x : tensor<?x5x5x8xf32> -> tensor<?x200xf32>` }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input));
}

def Xnn_ReshapeOp : Xnn_UnaryLayerOp<"reshape", "Reshape"> {
  let summary = "Keras Reshape to `target_shape` (batch excluded; one -1 is inferred)";
  let description = [{
    `%y = xnn.reshape "reshape" %x {target_shape = array<i64: 1, 1, -1>} : tensor<?x200xf32> -> tensor<?x1x1x200xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, DenseI64ArrayAttr:$target_shape));
}

def Xnn_DropoutOp : Xnn_UnaryLayerOp<"dropout", "Dropout"> {
  let summary = "Keras Dropout: in training, zero with probability `rate` and scale the rest by 1/(1-rate)";
  let description = [{
    Identity in inference mode. `seed` makes the mask reproducible.
    `%y = xnn.dropout "dropout" %x {rate = 2.000000e-01 : f64, seed = 1337 : i64} : tensor<?x2048xf32> -> tensor<?x2048xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, F64Attr:$rate, OptionalAttr<I64Attr>:$seed,
                                       TrainingFlag:$training));
}

def Xnn_DenseOp : Xnn_WeightedLayerOp<"dense", "Dense"> {
  let summary = "Keras Dense: x · kernel[in, out] + bias over the last axis";
  let description = [{
    `%y = xnn.dense "dense" %x, %k, %b : (tensor<?x2048xf32>, tensor<2048x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>`
  }];
  let arguments = !con(LayerArgs, (ins Xnn_Tensor:$input, Xnn_Tensor:$kernel, Optional<Xnn_Tensor>:$bias,
                                       ActivationArg:$activation));
}

//===----------------------------------------------------------------------===//
// Training: what --xcc-autodiff adds to a model to make one phase's train step
//===----------------------------------------------------------------------===//

def Xnn_LabelsOp : Xnn_Op<"labels", [Pure, HasParent<"ModelOp">]> {
  let summary = "the labels of a training batch (a runtime input of the train step)";
  let description = [{
    `%y = xnn.labels : tensor<?x1xf32>`: for binary cross-entropy one 0/1 value per sample, for sparse
    categorical cross-entropy one class index per sample (stored as f32).
  }];
  let results = (outs Xnn_Tensor:$labels);
  let assemblyFormat = "attr-dict `:` type($labels)";
}

def Xnn_LossOp : Xnn_Op<"loss", [Pure]> {
  let summary = "the phase's loss of a batch, averaged over the samples (Keras's sum_over_batch_size)";
  let description = [{
    `%l = xnn.loss %logits, %y {loss = #xnn.loss<binary_crossentropy, from_logits = true>} : (...) -> tensor<f32>`
  }];
  let arguments = (ins Xnn_Tensor:$predictions, Xnn_Tensor:$labels, Xnn_LossAttr:$loss);
  let results = (outs Xnn_Tensor:$value);
  let assemblyFormat = "$predictions `,` $labels attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Xnn_VjpOp : Xnn_Op<"vjp", [Pure, AttrSizedOperandSegments]> {
  let summary = "vector-Jacobian product of one layer with respect to one of its operands";
  let description = [{
    The gradient of the loss with respect to operand `wrt` (index `wrt_index`) of the forward op `op` of layer
    `layer`. `forward` is that op's result (code generation reads the op's attributes from it, and activation
    gradients are functions of it), `inputs` are its operands, `upstream` is the gradient with respect to its
    result. For `xnn.loss` there is no upstream gradient: the loss is the seed. The rule for each op kind lives in
    compiler/Transforms/GradientRules.cpp; code generation implements the math.

    ```mlir
    %dk = xnn.vjp "dense" "xnn.dense" wrt "kernel" of %y (%x, %k, %b) upstream %dy {wrt_index = 1 : i64}
        : (tensor<?x1xf32>, tensor<?x2048xf32>, tensor<2048x1xf32>, tensor<1xf32>, tensor<?x1xf32>) -> tensor<2048x1xf32>
    ```
  }];
  let arguments = (ins StrAttr:$layer, StrAttr:$op, StrAttr:$wrt, I64Attr:$wrt_index, Xnn_Tensor:$forward,
                       Variadic<Xnn_Tensor>:$inputs, Optional<Xnn_Tensor>:$upstream);
  let results = (outs Xnn_Tensor:$grad);
  let assemblyFormat = [{
    $layer $op `wrt` $wrt `of` $forward `(` $inputs `)` (`upstream` $upstream^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Xnn_ApplyGradientOp : Xnn_Op<"apply_gradient", [HasParent<"ModelOp">, AllTypesMatch<["param", "grad"]>]> {
  let summary = "update a trainable parameter with its gradient, by the phase's optimizer";
  let description = [{
    `xnn.apply_gradient %kernel, %dkernel : tensor<2048x1xf32>`. The optimizer (Adam or SGD with its
    hyper-parameters) is the phase's; its state (moments, step) is part of the generated train step.
  }];
  let arguments = (ins Xnn_Tensor:$param, Xnn_Tensor:$grad);
  let assemblyFormat = "$param `,` $grad attr-dict `:` type($param)";
  let hasVerifier = 1;
}

#endif // XNN_OPS_TD
