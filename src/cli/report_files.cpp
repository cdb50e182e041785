// Writing report files.
#include "cli/report_files.h"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "export/ep_jsonl.h"

namespace evp::cli {
namespace {

std::ofstream open_output(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  return out;
}

}  // namespace

void write_json_file(const std::string& path, const Json& json) {
  if (path == "-") {
    std::cout << json.dump(2) << "\n";
    return;
  }
  open_output(path) << json.dump(2) << "\n";
}

Json report_json_with(const runner::Report& report,
                      const std::vector<runner::Comparison>& comparisons) {
  Json json = runner::report_json(report);
  if (!comparisons.empty()) {
    Json& list = json["comparisons"] = Json::array();
    for (const auto& c : comparisons) list.push_back(runner::comparison_json(c));
  }
  return json;
}

void add_report_file_options(CLI::App& cmd, ReportFiles& files) {
  cmd.add_option("--json", files.json, "Write the report as JSON to FILE");
  cmd.add_option("--junit", files.junit, "Write a JUnit XML report (one test case per model)");
  cmd.add_option("--jsonl", files.jsonl, "Write every rollout as an Eval Protocol row (JSONL)");
}

void write_report_files(const ReportFiles& files, const runner::Report& report, store::Store& store,
                        const std::vector<runner::Comparison>& comparisons) {
  if (!files.json.empty()) write_json_file(files.json, report_json_with(report, comparisons));
  if (!files.junit.empty()) open_output(files.junit) << runner::report_junit(report);
  if (!files.jsonl.empty()) {
    auto out = open_output(files.jsonl);
    exporter::write_ep_jsonl(store, report.experiment_id, out);
  }
}

}  // namespace evp::cli
