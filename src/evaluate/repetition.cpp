// The repetition evaluator.
#include "evaluate/repetition.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

// FNV-1a hashes of the whitespace-separated words of the text, in order (one pass).
std::vector<std::uint64_t> word_hashes(std::string_view text) {
  constexpr std::uint64_t kOffset = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::vector<std::uint64_t> out;
  out.reserve(text.size() / 4 + 1);
  std::uint64_t h = kOffset;
  bool in_word = false;
  for (char c : text) {
    if (is_ascii_space(c)) {
      if (in_word) out.push_back(h);
      in_word = false;
      h = kOffset;
    } else {
      in_word = true;
      h = (h ^ static_cast<unsigned char>(c)) * kPrime;
    }
  }
  if (in_word) out.push_back(h);
  return out;
}

// Number of distinct n-grams over the word hashes, counted in an open-addressing set of
// 64-bit n-gram hashes (a collision, about T^2 / 2^64 likely, could only undercount).
std::size_t distinct_ngrams(const std::vector<std::uint64_t>& words, std::size_t n) {
  const std::size_t total = words.size() - n + 1;
  std::size_t capacity = 16;
  while (capacity < 2 * total) capacity *= 2;
  std::vector<std::uint64_t> table(capacity, 0);  // 0 marks an empty slot
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < total; ++i) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t k = 0; k < n; ++k) {
      h ^= words[i + k] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      h *= 0x100000001b3ULL;
    }
    if (h == 0) h = 1;
    std::size_t slot = (h ^ (h >> 29)) & (capacity - 1);
    while (table[slot] != 0 && table[slot] != h) slot = (slot + 1) & (capacity - 1);
    if (table[slot] == 0) {
      table[slot] = h;
      ++distinct;
    }
  }
  return distinct;
}

// At most 3 decimals, trailing zeros dropped: 0.125, 0.5, 0.333, 0.
std::string ratio_text(double r) {
  std::string s = fmt::format("{:.3f}", r);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

class Repetition final : public Evaluator {
 public:
  explicit Repetition(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    const std::optional<long long> n = config.optional_non_negative_integer("ngram");
    if (n && *n < 1) config.fail_key("ngram", "expected a positive integer");
    ngram_ = static_cast<std::size_t>(n.value_or(3));
    max_ratio_ = config.non_negative_number("max_repeat_ratio", 0.2);
    if (max_ratio_ > 1) config.fail_key("max_repeat_ratio", "expected a number from 0 to 1");
    suffix_ = " over " + std::to_string(ngram_) + "-grams, ";
    max_text_ = ratio_text(max_ratio_);
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    const std::vector<std::uint64_t> words = word_hashes(*answer);
    if (words.size() < ngram_) {
      return scored(1.0, "fewer than " + std::to_string(ngram_) + " words");
    }
    const std::size_t total = words.size() - ngram_ + 1;
    const double ratio =
        1.0 - static_cast<double>(distinct_ngrams(words, ngram_)) / static_cast<double>(total);
    const std::string head = "repeat ratio " + ratio_text(ratio) + suffix_;
    if (ratio <= max_ratio_) return scored(1.0, head + "within " + max_text_);
    return scored((1.0 - ratio) / (1.0 - max_ratio_), head + "over " + max_text_);
  }

 private:
  std::size_t ngram_ = 3;
  double max_ratio_ = 0.2;
  std::string suffix_;
  std::string max_text_;
};

}  // namespace

std::unique_ptr<Evaluator> make_repetition(const ConfigReader& config) {
  return std::make_unique<Repetition>(config);
}

}  // namespace evp::evaluate
