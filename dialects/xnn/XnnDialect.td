#ifndef XNN_DIALECT_TD
#define XNN_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Xnn_Dialect : Dialect {
  let name = "xnn";
  let cppNamespace = "::xnn";
  let summary = "Keras-style neural network graphs for ahead-of-time training";
  let description = [{
    `xnn` describes a Keras functional model as a graph of layers. Every layer op carries its Keras layer
    name and `trainable` flag; parameters are explicit `xnn.param` values, so that a pass can replace a
    frozen one by a constant and autodiff can name the ones that need gradients. Tensors are channels-last
    (NHWC) with a dynamic batch dimension, exactly as Keras lays them out.
  }];
  let useDefaultAttributePrinterParser = 1;
  let usePropertiesForAttributes = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

#endif // XNN_DIALECT_TD
