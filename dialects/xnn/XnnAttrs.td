#ifndef XNN_ATTRS_TD
#define XNN_ATTRS_TD

include "XnnDialect.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums: the Keras spellings, so that an imported config maps one to one.
//===----------------------------------------------------------------------===//

def Xnn_Padding : I32EnumAttr<"Padding", "Keras padding mode", [
    I32EnumAttrCase<"valid", 0>, I32EnumAttrCase<"same", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::xnn";
}
def Xnn_PaddingAttr : EnumAttr<Xnn_Dialect, Xnn_Padding, "padding"> {
  let assemblyFormat = "`<` $value `>`";
}

def Xnn_Activation : I32EnumAttr<"Activation", "Keras activation function", [
    I32EnumAttrCase<"linear", 0>, I32EnumAttrCase<"relu", 1>, I32EnumAttrCase<"relu6", 2>,
    I32EnumAttrCase<"sigmoid", 3>, I32EnumAttrCase<"softmax", 4>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::xnn";
}
def Xnn_ActivationAttr : EnumAttr<Xnn_Dialect, Xnn_Activation, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

def Xnn_InitializerKind : I32EnumAttr<"InitializerKind", "Keras initializer", [
    I32EnumAttrCase<"zeros", 0>, I32EnumAttrCase<"ones", 1>,
    I32EnumAttrCase<"glorot_uniform", 2>, I32EnumAttrCase<"glorot_normal", 3>,
    I32EnumAttrCase<"he_uniform", 4>, I32EnumAttrCase<"he_normal", 5>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::xnn";
}

def Xnn_LossKind : I32EnumAttr<"LossKind", "Keras loss", [
    I32EnumAttrCase<"binary_crossentropy", 0>,
    I32EnumAttrCase<"sparse_categorical_crossentropy", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::xnn";
}

def Xnn_MetricKind : I32EnumAttr<"MetricKind", "Keras metric", [
    I32EnumAttrCase<"binary_accuracy", 0>, I32EnumAttrCase<"accuracy", 1>,
    I32EnumAttrCase<"sparse_categorical_accuracy", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::xnn";
}

//===----------------------------------------------------------------------===//
// Attribute definitions
//===----------------------------------------------------------------------===//

class Xnn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Xnn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

// A double that prints with as few digits as round-trip exactly (1e-3 stays 1.000000e-03, never 0.0010000000000000000208).
class Xnn_F64Param<string default, string desc>
    : DefaultValuedParameter<"::llvm::APFloat", "::llvm::APFloat(double(" # default # "))", desc> {
  let parser = [{ ::xnn::parseF64Param($_parser) }];
  let printer = [{ ::xnn::printF64Param($_printer, $_self) }];
}

def Xnn_InitializerAttr : Xnn_Attr<"Initializer", "initializer"> {
  let summary = "a Keras initializer that gives a parameter its first value";
  let description = [{
    Used when the parameter does not come from a weights file, e.g. the new head of a transfer-learning model:
    `#xnn.initializer<glorot_uniform>` or `#xnn.initializer<glorot_uniform, seed = 42>`.
  }];
  let parameters = (ins EnumParameter<Xnn_InitializerKind>:$kind,
                        OptionalParameter<"std::optional<int64_t>">:$seed);
  let assemblyFormat = "`<` $kind (`,` `seed` `=` $seed^)? `>`";
}

def Xnn_KerasWeightAttr : Xnn_Attr<"KerasWeight", "keras_weight"> {
  let summary = "a parameter whose value is read from a Keras weights file";
  let description = [{
    Names the weight as Keras stores it: the layer name and the weight name within the layer, e.g.
    `#xnn.keras_weight<"block1_conv1", "kernel">` for the dataset `block1_conv1/block1_conv1/kernel:0` of a
    legacy `.h5` file. The file itself is given at compile time (`xcc compile --weights FILE`).
  }];
  let parameters = (ins StringRefParameter<"Keras layer name">:$layer,
                        StringRefParameter<"weight name within the layer">:$weight);
  let assemblyFormat = "`<` $layer `,` $weight `>`";
}

def Xnn_AdamAttr : Xnn_Attr<"Adam", "adam"> {
  let summary = "Keras Adam optimizer (Keras's epsilon placement, defaults as keras.optimizers.Adam)";
  let parameters = (ins Xnn_F64Param<"1e-3", "learning rate">:$learning_rate,
                        Xnn_F64Param<"0.9", "beta_1">:$beta_1,
                        Xnn_F64Param<"0.999", "beta_2">:$beta_2,
                        Xnn_F64Param<"1e-7", "epsilon">:$epsilon);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Xnn_SgdAttr : Xnn_Attr<"Sgd", "sgd"> {
  let summary = "Keras SGD optimizer with optional (Nesterov) momentum";
  let parameters = (ins Xnn_F64Param<"1e-2", "learning rate">:$learning_rate,
                        Xnn_F64Param<"0.0", "momentum">:$momentum,
                        DefaultValuedParameter<"bool", "false">:$nesterov);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Xnn_LossAttr : Xnn_Attr<"Loss", "loss"> {
  let summary = "a Keras loss: `#xnn.loss<binary_crossentropy, from_logits = true>`";
  let parameters = (ins EnumParameter<Xnn_LossKind>:$kind,
                        DefaultValuedParameter<"bool", "false">:$from_logits);
  let assemblyFormat = "`<` $kind (`,` `from_logits` `=` $from_logits^)? `>`";
}

def Xnn_MetricAttr : Xnn_Attr<"Metric", "metric"> {
  let summary = "a Keras metric: `#xnn.metric<binary_accuracy, threshold = 5.000000e-01>`";
  let description = [{
    `threshold` only applies to `binary_accuracy`. Keras compares against 0.5 even when the model outputs
    logits; xcc keeps that default for parity and warns about it.
  }];
  let parameters = (ins EnumParameter<Xnn_MetricKind>:$kind,
                        Xnn_F64Param<"0.5", "decision threshold">:$threshold);
  let assemblyFormat = "`<` $kind (`,` `threshold` `=` $threshold^)? `>`";
}

#endif // XNN_ATTRS_TD
