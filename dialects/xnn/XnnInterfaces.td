#ifndef XNN_INTERFACES_TD
#define XNN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Xnn_LayerOpInterface : OpInterface<"LayerOpInterface"> {
  let cppNamespace = "::xnn";
  let description = [{
    A Keras layer: it has a layer name, a `trainable` flag as Keras's `layer.trainable`, and a Keras class
    name for `xcc summary`. Its parameters are the operands produced by `xnn.param`.
  }];
  let methods = [
    InterfaceMethod<"Keras layer name", "::llvm::StringRef", "getLayer">,
    InterfaceMethod<"Keras `layer.trainable` as declared (phases may override it)", "bool", "getTrainable">,
    InterfaceMethod<"Keras class name shown by model.summary()", "::llvm::StringRef", "getKerasClass">,
  ];
}

#endif // XNN_INTERFACES_TD
