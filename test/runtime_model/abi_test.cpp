// xcc's C ABI (xcc/runtime/abi.h) must stay layout-compatible with Halide's buffer types, which generated code
// reads; the runtime passes its own structs where Halide expects halide_buffer_t.
#include "xcc/runtime/abi.h"

#include "HalideRuntime.h"

#include <gtest/gtest.h>

#include <cstddef>

namespace {

#define EXPECT_SAME_FIELD(ours, theirs, field)                                                                       \
  EXPECT_EQ(offsetof(ours, field), offsetof(theirs, field)) << #field;                                              \
  EXPECT_EQ(sizeof(ours::field), sizeof(theirs::field)) << #field

TEST(Abi, TypeMatchesHalide) {
  EXPECT_EQ(sizeof(xcc_type_t), sizeof(halide_type_t));
  EXPECT_EQ(alignof(xcc_type_t), alignof(halide_type_t));
  EXPECT_SAME_FIELD(xcc_type_t, halide_type_t, code);
  EXPECT_SAME_FIELD(xcc_type_t, halide_type_t, bits);
  EXPECT_SAME_FIELD(xcc_type_t, halide_type_t, lanes);
  EXPECT_EQ(XCC_TYPE_INT, halide_type_int);
  EXPECT_EQ(XCC_TYPE_UINT, halide_type_uint);
  EXPECT_EQ(XCC_TYPE_FLOAT, halide_type_float);
  EXPECT_EQ(XCC_TYPE_HANDLE, halide_type_handle);
  EXPECT_EQ(XCC_TYPE_BFLOAT, halide_type_bfloat);
}

TEST(Abi, DimensionMatchesHalide) {
  EXPECT_EQ(sizeof(xcc_dimension_t), sizeof(halide_dimension_t));
  EXPECT_EQ(alignof(xcc_dimension_t), alignof(halide_dimension_t));
  EXPECT_SAME_FIELD(xcc_dimension_t, halide_dimension_t, min);
  EXPECT_SAME_FIELD(xcc_dimension_t, halide_dimension_t, extent);
  EXPECT_SAME_FIELD(xcc_dimension_t, halide_dimension_t, stride);
  EXPECT_SAME_FIELD(xcc_dimension_t, halide_dimension_t, flags);
}

TEST(Abi, BufferMatchesHalide) {
  EXPECT_EQ(sizeof(xcc_buffer_t), sizeof(halide_buffer_t));
  EXPECT_EQ(alignof(xcc_buffer_t), alignof(halide_buffer_t));
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, device);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, device_interface);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, host);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, flags);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, type);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, dimensions);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, dim);
  EXPECT_SAME_FIELD(xcc_buffer_t, halide_buffer_t, padding);
}

} // namespace
