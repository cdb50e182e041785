// The report files a run or `evp show` can write: --json, --junit, --jsonl.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/json.h"
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

// Throws std::runtime_error naming a file that cannot be written.
void write_report_files(const ReportFiles& files, const runner::Report& report,
                        store::Store& store);

}  // namespace evp::cli
