// The data-parallel fit's plain parts (data_parallel.h, collectives.h): how ranks slice batches, DDP-style
// buckets, and Collectives over an in-process Communicator whose "ranks" are threads (thread_communicator.h).
#include "xcc/runtime/collectives.h"
#include "xcc/runtime/data_parallel.h"
#include "xcc/runtime/error.h"

#include "thread_communicator.h"

#include <gtest/gtest.h>

#include <numeric>
#include <thread>

namespace xcc::rt {
namespace {

// Every sample of every global batch lands on exactly one rank, in order, and a rank's slices are contiguous:
// the ranks' orders, interleaved batch by batch, are the global order (33 samples, batch 8, 3 ranks: the last
// batch of 1 leaves two ranks without a sample).
TEST(DataParallel, RanksSliceEveryGlobalBatchInOrder) {
  EXPECT_EQ(rankSlice(8, 0, 3).begin, 0u);
  EXPECT_EQ(rankSlice(8, 0, 3).count, 3u);
  EXPECT_EQ(rankSlice(8, 1, 3).begin, 3u);
  EXPECT_EQ(rankSlice(8, 1, 3).count, 3u);
  EXPECT_EQ(rankSlice(8, 2, 3).begin, 6u);
  EXPECT_EQ(rankSlice(8, 2, 3).count, 2u);
  EXPECT_EQ(rankSlice(1, 2, 3).count, 0u);
  std::vector<size_t> order(33);
  std::iota(order.rbegin(), order.rend(), size_t(100));
  std::vector<std::vector<size_t>> mine;
  for (int r = 0; r < 3; ++r)
    mine.push_back(rankOrder(order, 8, r, 3));
  EXPECT_EQ(mine[0].size() + mine[1].size() + mine[2].size(), order.size());
  std::vector<size_t> rebuilt, at(3, 0);
  for (size_t start = 0; start < order.size(); start += 8)
    for (int r = 0; r < 3; ++r) {
      size_t n = rankSlice(std::min<size_t>(8, order.size() - start), r, 3).count;
      rebuilt.insert(rebuilt.end(), mine[r].begin() + long(at[r]), mine[r].begin() + long(at[r] + n));
      at[r] += n;
    }
  EXPECT_EQ(rebuilt, order);
}

// Buckets run over the parameters from the last to the first, closing at the byte cap, and start only in order:
// a finished later bucket waits for the ones before it.
TEST(DataParallel, BucketsStartInReverseParameterOrder) {
  GradientBuckets b({10, 300, 20, 200, 5}, 800); // bytes: 40, 1200, 80, 800, 20
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.parameters(0), (std::vector<size_t>{4, 3}));
  EXPECT_EQ(b.parameters(1), (std::vector<size_t>{2, 1}));
  EXPECT_EQ(b.parameters(2), (std::vector<size_t>{0}));
  EXPECT_TRUE(b.ready(0).empty());
  EXPECT_TRUE(b.ready(4).empty());
  EXPECT_EQ(b.ready(3), (std::vector<size_t>{0}));
  EXPECT_TRUE(b.ready(1).empty());
  EXPECT_EQ(b.ready(2), (std::vector<size_t>{1, 2}));
  b.startStep();
  EXPECT_TRUE(b.ready(4).empty());
}

// startSum scales, fuses, sums and writes back while the caller goes on; blocking sums and broadcasts come after
// the started ones, in order; checkRanksAgree names the rank and fact that differ, on every rank.
TEST(DataParallel, CollectivesSumInTheBackgroundAndRanksMustAgree) {
  test::Room room(2);
  std::vector<std::string> errors(2);
  std::vector<std::vector<float>> a(2), b(2);
  std::vector<double> totals(2);
  auto rank = [&](int r) {
    Collectives c([&] { return std::make_unique<test::ThreadCommunicator>(room, r); });
    a[r] = {1.0f + r, 2.0f};
    b[r] = {10.0f * (r + 1)};
    c.startSum({{a[r].data(), a[r].size()}, {b[r].data(), b[r].size()}}, 0.5f);
    c.finishSums();
    double t = r + 1;
    c.sum(&t, 1);
    totals[r] = t;
    std::string theirs = r == 0 ? "rank 0's" : "";
    c.broadcast(theirs);
    EXPECT_EQ(theirs, "rank 0's");
    try {
      checkRanksAgree(c, {{"training files", "same"}, {"starting weights", r == 0 ? "abc" : "abd"}});
    } catch (const JobError &e) {
      errors[r] = e.what();
    }
  };
  std::thread zero(rank, 0), one(rank, 1);
  zero.join();
  one.join();
  for (int r = 0; r < 2; ++r) {
    EXPECT_EQ(a[r], (std::vector<float>{1.5f, 2.0f}));
    EXPECT_EQ(b[r], (std::vector<float>{15.0f}));
    EXPECT_EQ(totals[r], 3.0);
    EXPECT_NE(errors[r].find("rank 1 of 2 has another starting weights than rank 0"), std::string::npos)
        << errors[r];
  }
}

} // namespace
} // namespace xcc::rt
