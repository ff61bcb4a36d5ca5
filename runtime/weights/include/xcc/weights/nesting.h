//===- nesting.h - a depth limit for untrusted nested text ------*- C++ -*-===//
//
// JSON (Keras configs, tfjs model.json, safetensors headers, checkpoint headers) and MLIR text come from files a
// user may not control. Parsers and the code that walks what they built recurse once per level, so a document of
// 100,000 nested brackets overflows the stack. Real files nest little (a Keras functional config about 10 levels,
// an xnn model under 10), so anything deeper than kMaxNesting is refused before it is parsed.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_WEIGHTS_NESTING_H
#define XCC_WEIGHTS_NESTING_H

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace xcc::weights {

constexpr int kMaxNesting = 256;

/// The reason `text` nests too deep ("nested deeper than 256 levels at byte 1234"), or nothing. Brackets inside
/// double-quoted strings (with backslash escapes) do not count; `openers` and `closers` pair up by position.
/// For MLIR, the '>' of "->" closes nothing.
inline std::optional<std::string> tooDeeplyNested(std::string_view text, std::string_view openers = "[{",
                                                  std::string_view closers = "]}") {
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (openers.find(c) != std::string_view::npos) {
      if (++depth > kMaxNesting)
        return "nested deeper than " + std::to_string(kMaxNesting) + " levels at byte " + std::to_string(i);
    } else if (closers.find(c) != std::string_view::npos && depth > 0 && !(c == '>' && i > 0 && text[i - 1] == '-')) {
      --depth;
    }
  }
  return std::nullopt;
}

} // namespace xcc::weights

#endif // XCC_WEIGHTS_NESTING_H
