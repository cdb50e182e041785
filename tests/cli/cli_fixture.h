// Shared helpers for CLI end-to-end tests: run build/evp with a private store and no real
// API keys, and write small suites and datasets.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "base/json.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace evp::test {

class CliTest : public ::testing::Test {
 protected:
  ProcessResult evp(std::vector<std::string> args) const {
    args.insert(args.begin(), EVP_BINARY);
    return run_process(spec(std::move(args)));
  }
  ProcessSpec spec(std::vector<std::string> argv) const {
    ProcessSpec s;
    s.argv = std::move(argv);
    s.cwd = dir.path();
    // Real models in the examples are optional: make sure no developer key turns them on.
    s.env = {{"EVP_STORE", store()}, {"FIREWORKS_API_KEY", ""}, {"OPENAI_API_KEY", ""}};
    return s;
  }
  std::string store() const { return (dir.path() / "evp.db").string(); }
  std::string quickstart(const std::string& file) const {
    return std::string(EVP_SOURCE_DIR) + "/examples/quickstart/" + file;
  }

  TempDir dir;
};

inline std::vector<Json> read_jsonl(const std::string& text) {
  std::vector<Json> rows;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) rows.push_back(Json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

// Reads a canned file and grades it the way numeric_answer should: last number in the
// answer (bold markers removed) equals the ground truth.
inline std::map<std::string, std::vector<double>> expected_scores(const std::string& canned,
                                                                  const std::string& questions) {
  std::map<std::string, double> truth;
  for (const auto& row : read_jsonl(read_file(questions))) {
    truth[row["input_metadata"]["row_id"]] = row["ground_truth"].get<double>();
  }
  std::map<std::string, std::vector<double>> scores;
  const std::regex number("-?[0-9]+");
  for (const auto& line : read_jsonl(read_file(canned))) {
    const std::string content = line["content"];
    std::string last;
    for (auto it = std::sregex_iterator(content.begin(), content.end(), number);
         it != std::sregex_iterator(); ++it) {
      last = it->str();
    }
    scores[line["row_id"]].push_back(std::stod(last) == truth[line["row_id"]] ? 1.0 : 0.0);
  }
  return scores;
}

}  // namespace evp::test
