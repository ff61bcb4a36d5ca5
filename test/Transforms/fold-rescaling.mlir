// RUN: xcc-opt %s --split-input-file --xcc-fold-rescaling | FileCheck %s

// Rescaling computes x·a + c, so conv(x·a + c, W) + b = conv(x, a·W) + (b + c·ΣW), the sum running over kh, kw
// and cin for each output channel. Every case uses a = 0.5, c = -1.

// A frozen 'valid' conv absorbs the Rescaling, which disappears. W[.., 0] = {1, 3}, W[.., 1] = {2, 4}, so
// ΣW = [4, 6]; b = [10, 20] becomes b + c·ΣW = [6, 14] and the kernel a·W = [0.5, 1, 1.5, 2].
// CHECK-LABEL: xnn.model @absorb_into_valid_conv
//  CHECK-NEXT:   %[[IN:.*]] = xnn.input "in"
//  CHECK-NEXT:   %[[K:.*]] = xnn.constant "conv", "kernel" {folded_from = ["rescaling"]} dense<{{\[\[\[\[}}5.000000e-01, 1.000000e+00]], {{\[\[}}1.500000e+00, 2.000000e+00]]]]> : tensor<1x2x1x2xf32>
//  CHECK-NEXT:   %[[B:.*]] = xnn.constant "conv", "bias" {folded_from = ["rescaling"]} dense<[6.000000e+00, 1.400000e+01]> : tensor<2xf32>
//  CHECK-NEXT:   xnn.conv2d "conv" %[[IN]], %[[K]], %[[B]] :
//   CHECK-NOT:   xnn.rescaling
xnn.model @absorb_into_valid_conv {
  %x = xnn.input "in" : tensor<?x1x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x1x2x1xf32> -> tensor<?x1x2x1xf32>
  %k = xnn.constant "conv", "kernel" dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %b = xnn.constant "conv", "bias" dense<[10.0, 20.0]> : tensor<2xf32>
  %c = xnn.conv2d "conv" %r, %k, %b : (tensor<?x1x2x1xf32>, tensor<1x2x1x2xf32>, tensor<2xf32>) -> tensor<?x1x1x2xf32>
  xnn.output %c : tensor<?x1x1x2xf32>
}

// -----

// A conv without bias gains one to carry the offset: W = 2 over a 2x2 window, ΣW = 8, so bias = -1·8 = -8,
// kernel 0.5·2 = 1.
// CHECK-LABEL: xnn.model @absorb_adds_bias
//       CHECK:   %[[K:.*]] = xnn.constant "conv", "kernel" {folded_from = ["rescaling"]} dense<1.000000e+00> : tensor<2x2x1x1xf32>
//       CHECK:   %[[B:.*]] = xnn.constant "conv", "bias" {folded_from = ["rescaling"]} dense<-8.000000e+00> : tensor<1xf32>
//       CHECK:   xnn.conv2d "conv" %{{.*}}, %[[K]], %[[B]] :
//   CHECK-NOT:   xnn.rescaling
xnn.model @absorb_adds_bias {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %k = xnn.constant "conv", "kernel" dense<2.0> : tensor<2x2x1x1xf32>
  %c = xnn.conv2d "conv" %r, %k : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<?x1x1x1xf32>
  xnn.output %c : tensor<?x1x1x1xf32>
}

// -----

// Two frozen 'valid' convs read the Rescaling: both absorb it (each with its own ΣW = 8 and 2) and it is gone.
// CHECK-LABEL: xnn.model @absorb_into_every_user
//   CHECK-DAG:   xnn.constant "conv_a", "bias" {folded_from = ["rescaling"]} dense<-8.000000e+00>
//   CHECK-DAG:   xnn.constant "conv_b", "bias" {folded_from = ["rescaling"]} dense<-2.000000e+00>
//   CHECK-NOT:   xnn.rescaling
xnn.model @absorb_into_every_user {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %ka = xnn.constant "conv_a", "kernel" dense<2.0> : tensor<2x2x1x1xf32>
  %a = xnn.conv2d "conv_a" %r, %ka : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<?x1x1x1xf32>
  %kb = xnn.constant "conv_b", "kernel" dense<2.0> : tensor<1x1x1x1xf32>
  %b = xnn.conv2d "conv_b" %r, %kb {strides = array<i64: 2, 2>} : (tensor<?x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<?x1x1x1xf32>
  %s = xnn.add "add" %a, %b : (tensor<?x1x1x1xf32>, tensor<?x1x1x1xf32>) -> tensor<?x1x1x1xf32>
  xnn.output %s : tensor<?x1x1x1xf32>
}

// -----

// With 'same' padding the conv pads x·a + c with zeros, where the folded conv would pad x with zeros and add
// c·ΣW over the whole window: the border outputs would differ, so the Rescaling stays and the kernel is untouched.
// CHECK-LABEL: xnn.model @keep_for_same_padding
//       CHECK:   xnn.rescaling "rescaling"
//       CHECK:   xnn.constant "conv", "kernel" dense<2.000000e+00> : tensor<2x2x1x1xf32>
//       CHECK:   xnn.conv2d "conv" %{{[^,]*}}, %{{[^,]*}} {padding = #xnn.padding<same>}
xnn.model @keep_for_same_padding {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %k = xnn.constant "conv", "kernel" dense<2.0> : tensor<2x2x1x1xf32>
  %c = xnn.conv2d "conv" %r, %k {padding = #xnn.padding<same>} : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<?x2x2x1xf32>
  xnn.output %c : tensor<?x2x2x1xf32>
}

// -----

// All or nothing: the activation also reads the Rescaling and needs x·a + c itself, so the Rescaling must stay,
// and then folding it into the valid conv as well would apply it twice. Neither user changes.
// CHECK-LABEL: xnn.model @keep_when_one_user_cannot_absorb
//       CHECK:   %[[R:.*]] = xnn.rescaling "rescaling"
//       CHECK:   xnn.constant "conv", "kernel" dense<2.000000e+00> : tensor<2x2x1x1xf32>
//       CHECK:   xnn.conv2d "conv" %[[R]], %{{[^,]*}} :
//       CHECK:   xnn.activation "relu" %[[R]]
xnn.model @keep_when_one_user_cannot_absorb {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %k = xnn.constant "conv", "kernel" dense<2.0> : tensor<2x2x1x1xf32>
  %c = xnn.conv2d "conv" %r, %k : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<?x1x1x1xf32>
  %a = xnn.activation "relu" %r {activation = #xnn.activation<relu>} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %g = xnn.global_avg_pool2d "gap" %a : tensor<?x2x2x1xf32> -> tensor<?x1xf32>
  %f = xnn.flatten "flatten" %c : tensor<?x1x1x1xf32> -> tensor<?x1xf32>
  %s = xnn.add "add" %f, %g : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  xnn.output %s : tensor<?x1xf32>
}

// -----

// A trainable kernel is a runtime input: a·W would be trained in place of W (and its gradient scaled by a), so
// the Rescaling stays in the graph, as it does in fine-tuning.
// CHECK-LABEL: xnn.model @keep_for_trainable_kernel
//       CHECK:   %[[R:.*]] = xnn.rescaling "rescaling"
//       CHECK:   %[[K:.*]] = xnn.param "conv", "kernel" : tensor<2x2x1x1xf32>
//       CHECK:   xnn.conv2d "conv" %[[R]], %[[K]] :
xnn.model @keep_for_trainable_kernel {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %k = xnn.param "conv", "kernel" : tensor<2x2x1x1xf32>
  %c = xnn.conv2d "conv" %r, %k : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<?x1x1x1xf32>
  xnn.output %c : tensor<?x1x1x1xf32>
}

// -----

// A frozen kernel with a trainable bias: the offset term c·ΣW would have to be added to a runtime input, so
// nothing is folded.
// CHECK-LABEL: xnn.model @keep_for_trainable_bias
//       CHECK:   xnn.rescaling "rescaling"
//       CHECK:   xnn.constant "conv", "kernel" dense<2.000000e+00> : tensor<2x2x1x1xf32>
//       CHECK:   xnn.param "conv", "bias" : tensor<1xf32>
xnn.model @keep_for_trainable_bias {
  %x = xnn.input "in" : tensor<?x2x2x1xf32>
  %r = xnn.rescaling "rescaling" %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x2x2x1xf32> -> tensor<?x2x2x1xf32>
  %k = xnn.constant "conv", "kernel" dense<2.0> : tensor<2x2x1x1xf32>
  %b = xnn.param "conv", "bias" : tensor<1xf32>
  %c = xnn.conv2d "conv" %r, %k, %b : (tensor<?x2x2x1xf32>, tensor<2x2x1x1xf32>, tensor<1xf32>) -> tensor<?x1x1x1xf32>
  xnn.output %c : tensor<?x1x1x1xf32>
}
