// The exact_match evaluator.
#include "evaluate/exact_match.h"

#include <optional>

#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

bool is_ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

struct Normalization {
  bool ignore_case = false;
  bool strip = true;
  bool collapse_whitespace = false;
  bool remove_punctuation = false;
};

// Reads a text as its normalized form, one byte at a time, without building it, so a
// comparison stops at the first difference and allocates nothing.
class NormalizedReader {
 public:
  NormalizedReader(std::string_view text, const Normalization& n) : text_(text), n_(n) {
    end_ = text.size();
    if (n.strip) {
      while (pos_ < end_ && !survives_strip(text[pos_])) ++pos_;
      while (end_ > pos_ && !survives_strip(text[end_ - 1])) --end_;
    }
  }

  // The next byte of the normalized text, or -1 at its end.
  int next() {
    while (pos_ < end_ && removed(text_[pos_])) ++pos_;
    if (pos_ == end_) return -1;
    const char c = text_[pos_++];
    if (n_.collapse_whitespace && is_ascii_space(c)) {
      while (pos_ < end_ && (is_ascii_space(text_[pos_]) || removed(text_[pos_]))) ++pos_;
      return ' ';
    }
    return static_cast<unsigned char>(n_.ignore_case ? ascii_lower(c) : c);
  }

 private:
  bool removed(char c) const { return n_.remove_punctuation && is_ascii_punctuation(c); }
  // Whitespace and removed punctuation at the ends go when stripping.
  bool survives_strip(char c) const { return !is_ascii_space(c) && !removed(c); }

  std::string_view text_;
  const Normalization& n_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

bool normalized_equal(std::string_view a, std::string_view b, const Normalization& n) {
  NormalizedReader ra(a, n);
  NormalizedReader rb(b, n);
  while (true) {
    const int ca = ra.next();
    if (ca != rb.next()) return false;
    if (ca < 0) return true;
  }
}

class ExactMatch final : public Evaluator {
 public:
  explicit ExactMatch(const ConfigReader& config) : Evaluator(config.name(), config.weight()) {
    value_ = config.optional_text("value");
    norm_.ignore_case = config.boolean("ignore_case", false);
    norm_.strip = config.boolean("strip", true);
    norm_.collapse_whitespace = config.boolean("collapse_whitespace", false);
    norm_.remove_punctuation = config.boolean("remove_punctuation", false);
  }

  model::MetricResult evaluate(const model::EvaluationRow& row) const override {
    const std::optional<std::string> answer = answer_text(row);
    if (!answer) return unscorable(kNoAssistantMessage);
    std::string ground_truth;
    if (!value_) {
      const GroundTruth gt = find_ground_truth(row);
      if (!gt.value) return unscorable(gt.error);
      ground_truth = scalar_text(*gt.value);
    }
    const std::string& expected = value_ ? *value_ : ground_truth;
    if (normalized_equal(*answer, expected, norm_)) {
      return scored(1.0, "matches " + single_quoted(expected));
    }
    return scored(0.0, "expected " + single_quoted(expected) + ", got " + single_quoted(*answer));
  }

 private:
  std::optional<std::string> value_;
  Normalization norm_;
};

}  // namespace

std::unique_ptr<Evaluator> make_exact_match(const ConfigReader& config) {
  return std::make_unique<ExactMatch>(config);
}

}  // namespace evp::evaluate
