// Imported by `xcc import` from model.json
module {
  xnn.model @mobilenet_1.00_224_transfer {
    %0 = xnn.input "input_layer" : tensor<?x224x224x3xf32>
    %1 = xnn.rescaling "rescaling" %0 {offset = -1.000000e+00 : f64, scale = 0.0078431372549019607 : f64} : tensor<?x224x224x3xf32> -> tensor<?x224x224x3xf32>
    %2 = xnn.submodel "mobilenet_1.00_224"(%1) {training = false} : (tensor<?x224x224x3xf32>) -> tensor<?x7x7x1024xf32> {
    ^bb0(%arg0: tensor<?x224x224x3xf32>):
      %8 = xnn.param "conv1", "kernel" : tensor<3x3x3x32xf32>
      %9 = xnn.conv2d "conv1" %arg0, %8 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x224x224x3xf32>, tensor<3x3x3x32xf32>) -> tensor<?x112x112x32xf32>
      %10 = xnn.param "conv1_bn", "gamma" : tensor<32xf32>
      %11 = xnn.param "conv1_bn", "beta" : tensor<32xf32>
      %12 = xnn.param "conv1_bn", "moving_mean" non_trainable : tensor<32xf32>
      %13 = xnn.param "conv1_bn", "moving_variance" non_trainable : tensor<32xf32>
      %14 = xnn.batch_norm "conv1_bn" %9 gamma %10 beta %11 mean %12 variance %13 : (tensor<?x112x112x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x112x112x32xf32>
      %15 = xnn.activation "conv1_relu" %14 {activation = #xnn.activation<relu6>} : tensor<?x112x112x32xf32> -> tensor<?x112x112x32xf32>
      %16 = xnn.param "conv_dw_1", "depthwise_kernel" : tensor<3x3x32x1xf32>
      %17 = xnn.depthwise_conv2d "conv_dw_1" %15, %16 {padding = #xnn.padding<same>} : (tensor<?x112x112x32xf32>, tensor<3x3x32x1xf32>) -> tensor<?x112x112x32xf32>
      %18 = xnn.param "conv_dw_1_bn", "gamma" : tensor<32xf32>
      %19 = xnn.param "conv_dw_1_bn", "beta" : tensor<32xf32>
      %20 = xnn.param "conv_dw_1_bn", "moving_mean" non_trainable : tensor<32xf32>
      %21 = xnn.param "conv_dw_1_bn", "moving_variance" non_trainable : tensor<32xf32>
      %22 = xnn.batch_norm "conv_dw_1_bn" %17 gamma %18 beta %19 mean %20 variance %21 : (tensor<?x112x112x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x112x112x32xf32>
      %23 = xnn.activation "conv_dw_1_relu" %22 {activation = #xnn.activation<relu6>} : tensor<?x112x112x32xf32> -> tensor<?x112x112x32xf32>
      %24 = xnn.param "conv_pw_1", "kernel" : tensor<1x1x32x64xf32>
      %25 = xnn.conv2d "conv_pw_1" %23, %24 {padding = #xnn.padding<same>} : (tensor<?x112x112x32xf32>, tensor<1x1x32x64xf32>) -> tensor<?x112x112x64xf32>
      %26 = xnn.param "conv_pw_1_bn", "gamma" : tensor<64xf32>
      %27 = xnn.param "conv_pw_1_bn", "beta" : tensor<64xf32>
      %28 = xnn.param "conv_pw_1_bn", "moving_mean" non_trainable : tensor<64xf32>
      %29 = xnn.param "conv_pw_1_bn", "moving_variance" non_trainable : tensor<64xf32>
      %30 = xnn.batch_norm "conv_pw_1_bn" %25 gamma %26 beta %27 mean %28 variance %29 : (tensor<?x112x112x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x112x112x64xf32>
      %31 = xnn.activation "conv_pw_1_relu" %30 {activation = #xnn.activation<relu6>} : tensor<?x112x112x64xf32> -> tensor<?x112x112x64xf32>
      %32 = xnn.param "conv_dw_2", "depthwise_kernel" : tensor<3x3x64x1xf32>
      %33 = xnn.depthwise_conv2d "conv_dw_2" %31, %32 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x112x112x64xf32>, tensor<3x3x64x1xf32>) -> tensor<?x56x56x64xf32>
      %34 = xnn.param "conv_dw_2_bn", "gamma" : tensor<64xf32>
      %35 = xnn.param "conv_dw_2_bn", "beta" : tensor<64xf32>
      %36 = xnn.param "conv_dw_2_bn", "moving_mean" non_trainable : tensor<64xf32>
      %37 = xnn.param "conv_dw_2_bn", "moving_variance" non_trainable : tensor<64xf32>
      %38 = xnn.batch_norm "conv_dw_2_bn" %33 gamma %34 beta %35 mean %36 variance %37 : (tensor<?x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x56x56x64xf32>
      %39 = xnn.activation "conv_dw_2_relu" %38 {activation = #xnn.activation<relu6>} : tensor<?x56x56x64xf32> -> tensor<?x56x56x64xf32>
      %40 = xnn.param "conv_pw_2", "kernel" : tensor<1x1x64x128xf32>
      %41 = xnn.conv2d "conv_pw_2" %39, %40 {padding = #xnn.padding<same>} : (tensor<?x56x56x64xf32>, tensor<1x1x64x128xf32>) -> tensor<?x56x56x128xf32>
      %42 = xnn.param "conv_pw_2_bn", "gamma" : tensor<128xf32>
      %43 = xnn.param "conv_pw_2_bn", "beta" : tensor<128xf32>
      %44 = xnn.param "conv_pw_2_bn", "moving_mean" non_trainable : tensor<128xf32>
      %45 = xnn.param "conv_pw_2_bn", "moving_variance" non_trainable : tensor<128xf32>
      %46 = xnn.batch_norm "conv_pw_2_bn" %41 gamma %42 beta %43 mean %44 variance %45 : (tensor<?x56x56x128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x56x56x128xf32>
      %47 = xnn.activation "conv_pw_2_relu" %46 {activation = #xnn.activation<relu6>} : tensor<?x56x56x128xf32> -> tensor<?x56x56x128xf32>
      %48 = xnn.param "conv_dw_3", "depthwise_kernel" : tensor<3x3x128x1xf32>
      %49 = xnn.depthwise_conv2d "conv_dw_3" %47, %48 {padding = #xnn.padding<same>} : (tensor<?x56x56x128xf32>, tensor<3x3x128x1xf32>) -> tensor<?x56x56x128xf32>
      %50 = xnn.param "conv_dw_3_bn", "gamma" : tensor<128xf32>
      %51 = xnn.param "conv_dw_3_bn", "beta" : tensor<128xf32>
      %52 = xnn.param "conv_dw_3_bn", "moving_mean" non_trainable : tensor<128xf32>
      %53 = xnn.param "conv_dw_3_bn", "moving_variance" non_trainable : tensor<128xf32>
      %54 = xnn.batch_norm "conv_dw_3_bn" %49 gamma %50 beta %51 mean %52 variance %53 : (tensor<?x56x56x128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x56x56x128xf32>
      %55 = xnn.activation "conv_dw_3_relu" %54 {activation = #xnn.activation<relu6>} : tensor<?x56x56x128xf32> -> tensor<?x56x56x128xf32>
      %56 = xnn.param "conv_pw_3", "kernel" : tensor<1x1x128x128xf32>
      %57 = xnn.conv2d "conv_pw_3" %55, %56 {padding = #xnn.padding<same>} : (tensor<?x56x56x128xf32>, tensor<1x1x128x128xf32>) -> tensor<?x56x56x128xf32>
      %58 = xnn.param "conv_pw_3_bn", "gamma" : tensor<128xf32>
      %59 = xnn.param "conv_pw_3_bn", "beta" : tensor<128xf32>
      %60 = xnn.param "conv_pw_3_bn", "moving_mean" non_trainable : tensor<128xf32>
      %61 = xnn.param "conv_pw_3_bn", "moving_variance" non_trainable : tensor<128xf32>
      %62 = xnn.batch_norm "conv_pw_3_bn" %57 gamma %58 beta %59 mean %60 variance %61 : (tensor<?x56x56x128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x56x56x128xf32>
      %63 = xnn.activation "conv_pw_3_relu" %62 {activation = #xnn.activation<relu6>} : tensor<?x56x56x128xf32> -> tensor<?x56x56x128xf32>
      %64 = xnn.param "conv_dw_4", "depthwise_kernel" : tensor<3x3x128x1xf32>
      %65 = xnn.depthwise_conv2d "conv_dw_4" %63, %64 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x56x56x128xf32>, tensor<3x3x128x1xf32>) -> tensor<?x28x28x128xf32>
      %66 = xnn.param "conv_dw_4_bn", "gamma" : tensor<128xf32>
      %67 = xnn.param "conv_dw_4_bn", "beta" : tensor<128xf32>
      %68 = xnn.param "conv_dw_4_bn", "moving_mean" non_trainable : tensor<128xf32>
      %69 = xnn.param "conv_dw_4_bn", "moving_variance" non_trainable : tensor<128xf32>
      %70 = xnn.batch_norm "conv_dw_4_bn" %65 gamma %66 beta %67 mean %68 variance %69 : (tensor<?x28x28x128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x28x28x128xf32>
      %71 = xnn.activation "conv_dw_4_relu" %70 {activation = #xnn.activation<relu6>} : tensor<?x28x28x128xf32> -> tensor<?x28x28x128xf32>
      %72 = xnn.param "conv_pw_4", "kernel" : tensor<1x1x128x256xf32>
      %73 = xnn.conv2d "conv_pw_4" %71, %72 {padding = #xnn.padding<same>} : (tensor<?x28x28x128xf32>, tensor<1x1x128x256xf32>) -> tensor<?x28x28x256xf32>
      %74 = xnn.param "conv_pw_4_bn", "gamma" : tensor<256xf32>
      %75 = xnn.param "conv_pw_4_bn", "beta" : tensor<256xf32>
      %76 = xnn.param "conv_pw_4_bn", "moving_mean" non_trainable : tensor<256xf32>
      %77 = xnn.param "conv_pw_4_bn", "moving_variance" non_trainable : tensor<256xf32>
      %78 = xnn.batch_norm "conv_pw_4_bn" %73 gamma %74 beta %75 mean %76 variance %77 : (tensor<?x28x28x256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<?x28x28x256xf32>
      %79 = xnn.activation "conv_pw_4_relu" %78 {activation = #xnn.activation<relu6>} : tensor<?x28x28x256xf32> -> tensor<?x28x28x256xf32>
      %80 = xnn.param "conv_dw_5", "depthwise_kernel" : tensor<3x3x256x1xf32>
      %81 = xnn.depthwise_conv2d "conv_dw_5" %79, %80 {padding = #xnn.padding<same>} : (tensor<?x28x28x256xf32>, tensor<3x3x256x1xf32>) -> tensor<?x28x28x256xf32>
      %82 = xnn.param "conv_dw_5_bn", "gamma" : tensor<256xf32>
      %83 = xnn.param "conv_dw_5_bn", "beta" : tensor<256xf32>
      %84 = xnn.param "conv_dw_5_bn", "moving_mean" non_trainable : tensor<256xf32>
      %85 = xnn.param "conv_dw_5_bn", "moving_variance" non_trainable : tensor<256xf32>
      %86 = xnn.batch_norm "conv_dw_5_bn" %81 gamma %82 beta %83 mean %84 variance %85 : (tensor<?x28x28x256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<?x28x28x256xf32>
      %87 = xnn.activation "conv_dw_5_relu" %86 {activation = #xnn.activation<relu6>} : tensor<?x28x28x256xf32> -> tensor<?x28x28x256xf32>
      %88 = xnn.param "conv_pw_5", "kernel" : tensor<1x1x256x256xf32>
      %89 = xnn.conv2d "conv_pw_5" %87, %88 {padding = #xnn.padding<same>} : (tensor<?x28x28x256xf32>, tensor<1x1x256x256xf32>) -> tensor<?x28x28x256xf32>
      %90 = xnn.param "conv_pw_5_bn", "gamma" : tensor<256xf32>
      %91 = xnn.param "conv_pw_5_bn", "beta" : tensor<256xf32>
      %92 = xnn.param "conv_pw_5_bn", "moving_mean" non_trainable : tensor<256xf32>
      %93 = xnn.param "conv_pw_5_bn", "moving_variance" non_trainable : tensor<256xf32>
      %94 = xnn.batch_norm "conv_pw_5_bn" %89 gamma %90 beta %91 mean %92 variance %93 : (tensor<?x28x28x256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<?x28x28x256xf32>
      %95 = xnn.activation "conv_pw_5_relu" %94 {activation = #xnn.activation<relu6>} : tensor<?x28x28x256xf32> -> tensor<?x28x28x256xf32>
      %96 = xnn.param "conv_dw_6", "depthwise_kernel" : tensor<3x3x256x1xf32>
      %97 = xnn.depthwise_conv2d "conv_dw_6" %95, %96 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x28x28x256xf32>, tensor<3x3x256x1xf32>) -> tensor<?x14x14x256xf32>
      %98 = xnn.param "conv_dw_6_bn", "gamma" : tensor<256xf32>
      %99 = xnn.param "conv_dw_6_bn", "beta" : tensor<256xf32>
      %100 = xnn.param "conv_dw_6_bn", "moving_mean" non_trainable : tensor<256xf32>
      %101 = xnn.param "conv_dw_6_bn", "moving_variance" non_trainable : tensor<256xf32>
      %102 = xnn.batch_norm "conv_dw_6_bn" %97 gamma %98 beta %99 mean %100 variance %101 : (tensor<?x14x14x256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<?x14x14x256xf32>
      %103 = xnn.activation "conv_dw_6_relu" %102 {activation = #xnn.activation<relu6>} : tensor<?x14x14x256xf32> -> tensor<?x14x14x256xf32>
      %104 = xnn.param "conv_pw_6", "kernel" : tensor<1x1x256x512xf32>
      %105 = xnn.conv2d "conv_pw_6" %103, %104 {padding = #xnn.padding<same>} : (tensor<?x14x14x256xf32>, tensor<1x1x256x512xf32>) -> tensor<?x14x14x512xf32>
      %106 = xnn.param "conv_pw_6_bn", "gamma" : tensor<512xf32>
      %107 = xnn.param "conv_pw_6_bn", "beta" : tensor<512xf32>
      %108 = xnn.param "conv_pw_6_bn", "moving_mean" non_trainable : tensor<512xf32>
      %109 = xnn.param "conv_pw_6_bn", "moving_variance" non_trainable : tensor<512xf32>
      %110 = xnn.batch_norm "conv_pw_6_bn" %105 gamma %106 beta %107 mean %108 variance %109 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %111 = xnn.activation "conv_pw_6_relu" %110 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %112 = xnn.param "conv_dw_7", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %113 = xnn.depthwise_conv2d "conv_dw_7" %111, %112 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x14x14x512xf32>
      %114 = xnn.param "conv_dw_7_bn", "gamma" : tensor<512xf32>
      %115 = xnn.param "conv_dw_7_bn", "beta" : tensor<512xf32>
      %116 = xnn.param "conv_dw_7_bn", "moving_mean" non_trainable : tensor<512xf32>
      %117 = xnn.param "conv_dw_7_bn", "moving_variance" non_trainable : tensor<512xf32>
      %118 = xnn.batch_norm "conv_dw_7_bn" %113 gamma %114 beta %115 mean %116 variance %117 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %119 = xnn.activation "conv_dw_7_relu" %118 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %120 = xnn.param "conv_pw_7", "kernel" : tensor<1x1x512x512xf32>
      %121 = xnn.conv2d "conv_pw_7" %119, %120 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<1x1x512x512xf32>) -> tensor<?x14x14x512xf32>
      %122 = xnn.param "conv_pw_7_bn", "gamma" : tensor<512xf32>
      %123 = xnn.param "conv_pw_7_bn", "beta" : tensor<512xf32>
      %124 = xnn.param "conv_pw_7_bn", "moving_mean" non_trainable : tensor<512xf32>
      %125 = xnn.param "conv_pw_7_bn", "moving_variance" non_trainable : tensor<512xf32>
      %126 = xnn.batch_norm "conv_pw_7_bn" %121 gamma %122 beta %123 mean %124 variance %125 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %127 = xnn.activation "conv_pw_7_relu" %126 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %128 = xnn.param "conv_dw_8", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %129 = xnn.depthwise_conv2d "conv_dw_8" %127, %128 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x14x14x512xf32>
      %130 = xnn.param "conv_dw_8_bn", "gamma" : tensor<512xf32>
      %131 = xnn.param "conv_dw_8_bn", "beta" : tensor<512xf32>
      %132 = xnn.param "conv_dw_8_bn", "moving_mean" non_trainable : tensor<512xf32>
      %133 = xnn.param "conv_dw_8_bn", "moving_variance" non_trainable : tensor<512xf32>
      %134 = xnn.batch_norm "conv_dw_8_bn" %129 gamma %130 beta %131 mean %132 variance %133 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %135 = xnn.activation "conv_dw_8_relu" %134 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %136 = xnn.param "conv_pw_8", "kernel" : tensor<1x1x512x512xf32>
      %137 = xnn.conv2d "conv_pw_8" %135, %136 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<1x1x512x512xf32>) -> tensor<?x14x14x512xf32>
      %138 = xnn.param "conv_pw_8_bn", "gamma" : tensor<512xf32>
      %139 = xnn.param "conv_pw_8_bn", "beta" : tensor<512xf32>
      %140 = xnn.param "conv_pw_8_bn", "moving_mean" non_trainable : tensor<512xf32>
      %141 = xnn.param "conv_pw_8_bn", "moving_variance" non_trainable : tensor<512xf32>
      %142 = xnn.batch_norm "conv_pw_8_bn" %137 gamma %138 beta %139 mean %140 variance %141 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %143 = xnn.activation "conv_pw_8_relu" %142 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %144 = xnn.param "conv_dw_9", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %145 = xnn.depthwise_conv2d "conv_dw_9" %143, %144 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x14x14x512xf32>
      %146 = xnn.param "conv_dw_9_bn", "gamma" : tensor<512xf32>
      %147 = xnn.param "conv_dw_9_bn", "beta" : tensor<512xf32>
      %148 = xnn.param "conv_dw_9_bn", "moving_mean" non_trainable : tensor<512xf32>
      %149 = xnn.param "conv_dw_9_bn", "moving_variance" non_trainable : tensor<512xf32>
      %150 = xnn.batch_norm "conv_dw_9_bn" %145 gamma %146 beta %147 mean %148 variance %149 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %151 = xnn.activation "conv_dw_9_relu" %150 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %152 = xnn.param "conv_pw_9", "kernel" : tensor<1x1x512x512xf32>
      %153 = xnn.conv2d "conv_pw_9" %151, %152 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<1x1x512x512xf32>) -> tensor<?x14x14x512xf32>
      %154 = xnn.param "conv_pw_9_bn", "gamma" : tensor<512xf32>
      %155 = xnn.param "conv_pw_9_bn", "beta" : tensor<512xf32>
      %156 = xnn.param "conv_pw_9_bn", "moving_mean" non_trainable : tensor<512xf32>
      %157 = xnn.param "conv_pw_9_bn", "moving_variance" non_trainable : tensor<512xf32>
      %158 = xnn.batch_norm "conv_pw_9_bn" %153 gamma %154 beta %155 mean %156 variance %157 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %159 = xnn.activation "conv_pw_9_relu" %158 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %160 = xnn.param "conv_dw_10", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %161 = xnn.depthwise_conv2d "conv_dw_10" %159, %160 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x14x14x512xf32>
      %162 = xnn.param "conv_dw_10_bn", "gamma" : tensor<512xf32>
      %163 = xnn.param "conv_dw_10_bn", "beta" : tensor<512xf32>
      %164 = xnn.param "conv_dw_10_bn", "moving_mean" non_trainable : tensor<512xf32>
      %165 = xnn.param "conv_dw_10_bn", "moving_variance" non_trainable : tensor<512xf32>
      %166 = xnn.batch_norm "conv_dw_10_bn" %161 gamma %162 beta %163 mean %164 variance %165 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %167 = xnn.activation "conv_dw_10_relu" %166 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %168 = xnn.param "conv_pw_10", "kernel" : tensor<1x1x512x512xf32>
      %169 = xnn.conv2d "conv_pw_10" %167, %168 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<1x1x512x512xf32>) -> tensor<?x14x14x512xf32>
      %170 = xnn.param "conv_pw_10_bn", "gamma" : tensor<512xf32>
      %171 = xnn.param "conv_pw_10_bn", "beta" : tensor<512xf32>
      %172 = xnn.param "conv_pw_10_bn", "moving_mean" non_trainable : tensor<512xf32>
      %173 = xnn.param "conv_pw_10_bn", "moving_variance" non_trainable : tensor<512xf32>
      %174 = xnn.batch_norm "conv_pw_10_bn" %169 gamma %170 beta %171 mean %172 variance %173 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %175 = xnn.activation "conv_pw_10_relu" %174 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %176 = xnn.param "conv_dw_11", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %177 = xnn.depthwise_conv2d "conv_dw_11" %175, %176 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x14x14x512xf32>
      %178 = xnn.param "conv_dw_11_bn", "gamma" : tensor<512xf32>
      %179 = xnn.param "conv_dw_11_bn", "beta" : tensor<512xf32>
      %180 = xnn.param "conv_dw_11_bn", "moving_mean" non_trainable : tensor<512xf32>
      %181 = xnn.param "conv_dw_11_bn", "moving_variance" non_trainable : tensor<512xf32>
      %182 = xnn.batch_norm "conv_dw_11_bn" %177 gamma %178 beta %179 mean %180 variance %181 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %183 = xnn.activation "conv_dw_11_relu" %182 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %184 = xnn.param "conv_pw_11", "kernel" : tensor<1x1x512x512xf32>
      %185 = xnn.conv2d "conv_pw_11" %183, %184 {padding = #xnn.padding<same>} : (tensor<?x14x14x512xf32>, tensor<1x1x512x512xf32>) -> tensor<?x14x14x512xf32>
      %186 = xnn.param "conv_pw_11_bn", "gamma" : tensor<512xf32>
      %187 = xnn.param "conv_pw_11_bn", "beta" : tensor<512xf32>
      %188 = xnn.param "conv_pw_11_bn", "moving_mean" non_trainable : tensor<512xf32>
      %189 = xnn.param "conv_pw_11_bn", "moving_variance" non_trainable : tensor<512xf32>
      %190 = xnn.batch_norm "conv_pw_11_bn" %185 gamma %186 beta %187 mean %188 variance %189 : (tensor<?x14x14x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x14x14x512xf32>
      %191 = xnn.activation "conv_pw_11_relu" %190 {activation = #xnn.activation<relu6>} : tensor<?x14x14x512xf32> -> tensor<?x14x14x512xf32>
      %192 = xnn.param "conv_dw_12", "depthwise_kernel" : tensor<3x3x512x1xf32>
      %193 = xnn.depthwise_conv2d "conv_dw_12" %191, %192 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x14x14x512xf32>, tensor<3x3x512x1xf32>) -> tensor<?x7x7x512xf32>
      %194 = xnn.param "conv_dw_12_bn", "gamma" : tensor<512xf32>
      %195 = xnn.param "conv_dw_12_bn", "beta" : tensor<512xf32>
      %196 = xnn.param "conv_dw_12_bn", "moving_mean" non_trainable : tensor<512xf32>
      %197 = xnn.param "conv_dw_12_bn", "moving_variance" non_trainable : tensor<512xf32>
      %198 = xnn.batch_norm "conv_dw_12_bn" %193 gamma %194 beta %195 mean %196 variance %197 : (tensor<?x7x7x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x7x7x512xf32>
      %199 = xnn.activation "conv_dw_12_relu" %198 {activation = #xnn.activation<relu6>} : tensor<?x7x7x512xf32> -> tensor<?x7x7x512xf32>
      %200 = xnn.param "conv_pw_12", "kernel" : tensor<1x1x512x1024xf32>
      %201 = xnn.conv2d "conv_pw_12" %199, %200 {padding = #xnn.padding<same>} : (tensor<?x7x7x512xf32>, tensor<1x1x512x1024xf32>) -> tensor<?x7x7x1024xf32>
      %202 = xnn.param "conv_pw_12_bn", "gamma" : tensor<1024xf32>
      %203 = xnn.param "conv_pw_12_bn", "beta" : tensor<1024xf32>
      %204 = xnn.param "conv_pw_12_bn", "moving_mean" non_trainable : tensor<1024xf32>
      %205 = xnn.param "conv_pw_12_bn", "moving_variance" non_trainable : tensor<1024xf32>
      %206 = xnn.batch_norm "conv_pw_12_bn" %201 gamma %202 beta %203 mean %204 variance %205 : (tensor<?x7x7x1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x7x7x1024xf32>
      %207 = xnn.activation "conv_pw_12_relu" %206 {activation = #xnn.activation<relu6>} : tensor<?x7x7x1024xf32> -> tensor<?x7x7x1024xf32>
      %208 = xnn.param "conv_dw_13", "depthwise_kernel" : tensor<3x3x1024x1xf32>
      %209 = xnn.depthwise_conv2d "conv_dw_13" %207, %208 {padding = #xnn.padding<same>} : (tensor<?x7x7x1024xf32>, tensor<3x3x1024x1xf32>) -> tensor<?x7x7x1024xf32>
      %210 = xnn.param "conv_dw_13_bn", "gamma" : tensor<1024xf32>
      %211 = xnn.param "conv_dw_13_bn", "beta" : tensor<1024xf32>
      %212 = xnn.param "conv_dw_13_bn", "moving_mean" non_trainable : tensor<1024xf32>
      %213 = xnn.param "conv_dw_13_bn", "moving_variance" non_trainable : tensor<1024xf32>
      %214 = xnn.batch_norm "conv_dw_13_bn" %209 gamma %210 beta %211 mean %212 variance %213 : (tensor<?x7x7x1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x7x7x1024xf32>
      %215 = xnn.activation "conv_dw_13_relu" %214 {activation = #xnn.activation<relu6>} : tensor<?x7x7x1024xf32> -> tensor<?x7x7x1024xf32>
      xnn.yield %215 : tensor<?x7x7x1024xf32>
    }
    %3 = xnn.global_avg_pool2d "global_average_pooling2d" %2 : tensor<?x7x7x1024xf32> -> tensor<?x1024xf32>
    %4 = xnn.dropout "dropout" %3 {rate = 2.000000e-01 : f64} : tensor<?x1024xf32> -> tensor<?x1024xf32>
    %5 = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform>) : tensor<1024x1xf32>
    %6 = xnn.param "dense", "bias" init(#xnn.initializer<zeros>) : tensor<1xf32>
    %7 = xnn.dense "dense" %4, %5, %6 : (tensor<?x1024xf32>, tensor<1024x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    xnn.output %7 : tensor<?x1xf32>
    xnn.phase "head" {loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>], optimizer = #xnn.adam<>, set_trainable = {mobilenet_1.00_224 = false}}
    xnn.phase "fine-tune" {loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>], optimizer = #xnn.adam<learning_rate = 1.0e-05>, set_trainable = {mobilenet_1.00_224 = true}}
  }
}
