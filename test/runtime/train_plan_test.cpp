// The train plan driver (runtime/src/train_step.cpp) with values of either element type: a bfloat16 value gets
// memory of two bytes per element and a buffer typed bfloat16, and a pipeline compiled for the other type is
// refused before it is called.
#include "xcc/runtime/abi.h"
#include "xcc/runtime/train_plan.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

uint16_t truncated(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return uint16_t(bits >> 16);
}

bool isBf16(const xcc_buffer_t *b) { return b->type.code == XCC_TYPE_BFLOAT && b->type.bits == 16; }

/// Pipeline 1: the value = the input, truncated where the value is bf16.
int writeValue(void **argv) {
  auto *in = static_cast<xcc_buffer_t *>(argv[0]), *value = static_cast<xcc_buffer_t *>(argv[1]);
  int n = in->dim[0].extent * in->dim[1].extent;
  for (int i = 0; i < n; ++i) {
    float x = reinterpret_cast<float *>(in->host)[i];
    if (isBf16(value))
      reinterpret_cast<uint16_t *>(value->host)[i] = truncated(x);
    else
      reinterpret_cast<float *>(value->host)[i] = x;
  }
  return 0;
}

/// Pipeline 2: the output = the value widened to float32.
int readBf16(void **argv) {
  auto *value = static_cast<xcc_buffer_t *>(argv[0]), *out = static_cast<xcc_buffer_t *>(argv[1]);
  if (!isBf16(value))
    return -1;
  int n = out->dim[0].extent * out->dim[1].extent;
  for (int i = 0; i < n; ++i) {
    uint32_t bits = uint32_t(reinterpret_cast<uint16_t *>(value->host)[i]) << 16;
    std::memcpy(reinterpret_cast<float *>(out->host) + i, &bits, sizeof bits);
  }
  return 0;
}

constexpr xcc_tensor_desc kFloat = {2, {-1, 3, 0, 0}, XCC_ELEMENT_FLOAT32};
constexpr xcc_tensor_desc kBf16 = {2, {-1, 3, 0, 0}, XCC_ELEMENT_BFLOAT16};

struct Buffer {
  std::vector<float> data;
  xcc_dimension_t dim[2];
  xcc_buffer_t buffer = {};
  explicit Buffer(int batch) : data(size_t(batch) * 3) {
    dim[0] = {0, 3, 1, 0};
    dim[1] = {0, batch, 3, 0};
    buffer.type = {XCC_TYPE_FLOAT, 32, 1};
    buffer.dimensions = 2;
    buffer.dim = dim;
    buffer.host = reinterpret_cast<uint8_t *>(data.data());
  }
};

/// A forward plan of the two pipelines around one value of table type `value`, read as `readAs`.
int runPlan(const xcc_tensor_desc &value, const xcc_tensor_desc &readAs, Buffer &in, Buffer &out) {
  const xcc_train_arg write[] = {{XCC_ARG_INPUT, 0, kFloat}, {XCC_ARG_VALUE, 0, value}};
  const xcc_train_arg read[] = {{XCC_ARG_VALUE, 0, readAs}, {XCC_ARG_OUTPUT, 0, kFloat}};
  const xcc_train_call calls[] = {{&writeValue, 2, write, 0, "write"}, {&readBf16, 2, read, 0, "read"}};
  const xcc_train_plan plan = {0, 0, 1, &value, 2, calls, 2, nullptr};
  void *argv[] = {&in.buffer, &out.buffer};
  return xcc_run_forward(&plan, argv);
}

TEST(TrainPlan, Bfloat16ValuePassesBetweenPipelines) {
  Buffer in(5), out(5);
  for (size_t i = 0; i < in.data.size(); ++i)
    in.data[i] = 1.0f + 0.001f * float(i) - 3.3f * float(i % 2);
  ASSERT_EQ(runPlan(kBf16, kBf16, in, out), 0);
  for (size_t i = 0; i < in.data.size(); ++i) {
    uint32_t bits = uint32_t(truncated(in.data[i])) << 16;
    float want;
    std::memcpy(&want, &bits, sizeof bits);
    EXPECT_EQ(out.data[i], want) << i;
  }
}

TEST(TrainPlan, PipelineOfTheOtherElementTypeIsRefused) {
  Buffer in(2), out(2);
  testing::internal::CaptureStderr();
  EXPECT_EQ(runPlan(kBf16, kFloat, in, out), XCC_PLAN_BAD_BUFFER);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("not a float32 buffer"), std::string::npos);
  testing::internal::CaptureStderr();
  EXPECT_EQ(runPlan(kFloat, kBf16, in, out), XCC_PLAN_BAD_BUFFER);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("not a bfloat16 buffer"), std::string::npos);
}

} // namespace
