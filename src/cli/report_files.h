// The report files a run or `evp show` can write: --json, --junit, --jsonl.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/json.h"
#include "runner/comparison.h"
#include "runner/report.h"
#include "store/store.h"

namespace evp::cli {

struct ReportFiles {
  std::string json;
  std::string junit;
  std::string jsonl;
};

void add_report_file_options(CLI::App& cmd, ReportFiles& files);
// Writes `json` (indented) to `path`, or to standard output when path is "-". Throws
// std::runtime_error naming a file that cannot be written.
void write_json_file(const std::string& path, const Json& json);

// report_json, plus "comparisons" (against a baseline) when there are any.
Json report_json_with(const runner::Report& report,
                      const std::vector<runner::Comparison>& comparisons);

// Throws std::runtime_error naming a file that cannot be written. `comparisons` (against a
// baseline) go into the JSON report as "comparisons" when there are any.
void write_report_files(const ReportFiles& files, const runner::Report& report, store::Store& store,
                        const std::vector<runner::Comparison>& comparisons = {});

}  // namespace evp::cli
