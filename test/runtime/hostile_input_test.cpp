// Hostile and broken image inputs (issue 21): each is refused with a DecodeError naming the file and the reason,
// before costing memory or time, and never reaches the training data as a silently padded image.
#include "test_images.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <vector>

using namespace xcc::rt;
using namespace xcc::rt::test;

namespace {

std::string errorOf(const std::vector<uint8_t> &bytes, const std::string &name = "x.png") {
  try {
    decodeImage(bytes.data(), bytes.size(), name);
  } catch (const DecodeError &e) {
    return e.what();
  }
  return "<no DecodeError thrown>";
}

bool has(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

/// The offset of PNG chunk `type`'s length field.
size_t chunkAt(const std::vector<uint8_t> &png, const std::string &type) {
  for (size_t at = 8; at + 8 <= png.size();) {
    uint32_t length = uint32_t(png[at]) << 24 | uint32_t(png[at + 1]) << 16 | uint32_t(png[at + 2]) << 8 | png[at + 3];
    if (std::string(png.begin() + long(at) + 4, png.begin() + long(at) + 8) == type)
      return at;
    at += 12 + length;
  }
  return std::string::npos;
}

void putBigEndian(std::vector<uint8_t> &bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes[at + size_t(i)] = uint8_t(v >> (24 - 8 * i));
}

/// The classic 1x1 GIF89a: global colour table, graphic control extension, one image.
const std::vector<uint8_t> kGif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0,
                                   0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44,
                                   0x01, 0, 0x3b};

TEST(HostileImage, PngWithABadCrcOrADamagedStreamIsRefused) {
  std::vector<uint8_t> png = encodePng(16, 16, 3, {10, 20, 30});
  ASSERT_EQ(errorOf(png), "<no DecodeError thrown>");
  const size_t idat = chunkAt(png, "IDAT");
  ASSERT_NE(idat, std::string::npos);
  std::vector<uint8_t> flipped = png;
  flipped[idat + 8 + 2] ^= 0x55; // inside the data, CRC left as it was
  EXPECT_TRUE(has(errorOf(flipped), "the CRC of chunk 'IDAT' does not match")) << errorOf(flipped);

  // The same damage with a CRC that matches it: the zlib stream itself is checked.
  const uint32_t length = uint32_t(flipped[idat + 2]) << 8 | flipped[idat + 3];
  putBigEndian(flipped, idat + 8 + length, uint32_t(crc32(0, flipped.data() + idat + 4, 4 + length)));
  EXPECT_TRUE(has(errorOf(flipped), "corrupt PNG: the compressed image data is damaged") ||
              has(errorOf(flipped), "truncated PNG: the compressed image data ends early"))
      << errorOf(flipped);
}

TEST(HostileImage, TruncatedBmpAndGifAreRefused) {
  std::vector<uint8_t> bmp = encodeBmp(16, 16, 3, {1, 2, 3});
  ASSERT_EQ(errorOf(bmp, "x.bmp"), "<no DecodeError thrown>");
  bmp.resize(bmp.size() - 100);
  EXPECT_TRUE(has(errorOf(bmp, "x.bmp"), "truncated BMP: the header's 16x16 pixels need")) << errorOf(bmp, "x.bmp");

  ASSERT_EQ(errorOf(kGif, "x.gif"), "<no DecodeError thrown>");
  std::vector<uint8_t> gif(kGif.begin(), kGif.end() - 4); // inside the image data
  EXPECT_TRUE(has(errorOf(gif, "x.gif"), "truncated GIF")) << errorOf(gif, "x.gif");
}

// A 54-byte BMP whose header says width 0 used to reach resize as an empty image and end fit with
// std::terminate; a header that claims 20000x20000 used to cost seconds and gigabytes.
TEST(HostileImage, HeadersDeclaringNoPixelsOrTooManyAreRefusedBeforeDecoding) {
  std::vector<uint8_t> bmp = encodeBmp(4, 4, 3, {1, 2, 3});
  bmp[18] = bmp[19] = bmp[20] = bmp[21] = 0; // width 0
  EXPECT_TRUE(has(errorOf(bmp, "z.bmp"), "declares no pixels")) << errorOf(bmp, "z.bmp");

  std::vector<uint8_t> png = encodePng(4, 4, 3, {1, 2, 3});
  const size_t ihdr = chunkAt(png, "IHDR");
  putBigEndian(png, ihdr + 8, 10000);
  putBigEndian(png, ihdr + 12, 10000);
  putBigEndian(png, ihdr + 8 + 13, uint32_t(crc32(0, png.data() + ihdr + 4, 4 + 13)));
  EXPECT_TRUE(has(errorOf(png), "declares 10000x10000 = 100000000 pixels, more than the limit of 89478485"))
      << errorOf(png);

  std::vector<uint8_t> jpeg = encodeJpeg(8, 8, 3, {1, 2, 3});
  for (size_t i = 0; i + 8 < jpeg.size(); ++i)
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) { // SOF0: height and width after length and precision
      jpeg[i + 5] = 0x4e, jpeg[i + 6] = 0x20, jpeg[i + 7] = 0x4e, jpeg[i + 8] = 0x20;
      break;
    }
  EXPECT_TRUE(has(errorOf(jpeg, "big.jpg"), "more than the limit")) << errorOf(jpeg, "big.jpg");

  setMaxImagePixels(16);
  EXPECT_TRUE(has(errorOf(encodePng(8, 8, 3, {1, 2, 3})), "more than the limit of 16"));
  setMaxImagePixels(kDefaultMaxImagePixels);
}

// A FIFO named like an image would block any reader forever: it is neither opened by the listing nor read.
TEST(HostileImage, SpecialFilesAreNeitherListedNorRead) {
  TempDir dir;
  dir.write("data/cats/a.png", encodePng(4, 4, 3, {1, 2, 3}));
  dir.write("data/dogs/b.png", encodePng(4, 4, 3, {3, 2, 1}));
  const std::string fifo = (dir.path() / "data/dogs/pipe.jpg").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    decodeImageFile(fifo);
    ADD_FAILURE() << "a FIFO was read";
  } catch (const DecodeError &e) {
    EXPECT_TRUE(has(e.what(), "not a regular file")) << e.what();
  }
  DatasetOptions options;
  options.shuffle = false;
  DatasetListing listing = listImageDataset((dir.path() / "data").string(), options);
  EXPECT_EQ(listing.files.paths.size(), 2u);
  bool said = false;
  for (const std::string &m : listing.messages)
    said |= has(m, "Left out 1 file that is not regular") && has(m, "pipe.jpg");
  EXPECT_TRUE(said);
}

/// Lists `dir` as an unprivileged user (root reads any folder whatever its mode): the DatasetError's text, or
/// "<listed>". Runs in a forked child that drops to nobody (65534) when this process is root.
std::string listingErrorAsUser(const std::string &dir) {
  int fds[2];
  if (::pipe(fds) != 0)
    return "<pipe failed>";
  pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    std::string result = "<listed>";
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
      result = "<cannot drop root>";
    else
      try {
        listImageDataset(dir, DatasetOptions{});
      } catch (const DatasetError &e) {
        result = e.what();
      }
    ssize_t written = ::write(fds[1], result.data(), result.size());
    ::_exit(written == ssize_t(result.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, size_t(n));
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  return out;
}

// os.walk skips a folder it cannot read; a data set that silently loses a class folder is a wrong answer.
TEST(HostileImage, AnUnreadableFolderIsAnError) {
  TempDir dir;
  dir.write("data/cats/a.png", encodePng(4, 4, 3, {1, 2, 3}));
  dir.write("data/dogs/b.png", encodePng(4, 4, 3, {3, 2, 1}));
  for (const char *open : {"", "/data", "/data/cats", "/data/cats/a.png"})
    ::chmod((dir.path().string() + open).c_str(), 0755);
  const std::string dogs = (dir.path() / "data/dogs").string();
  ASSERT_EQ(::chmod(dogs.c_str(), 0), 0);
  std::string error = listingErrorAsUser((dir.path() / "data").string());
  ::chmod(dogs.c_str(), 0700);
  EXPECT_TRUE(has(error, "cannot read the folder '" + dogs + "'")) << error;
}

} // namespace
