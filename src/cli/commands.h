// The CLI's subcommands: each registers its options on the app and returns its exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace evp::cli {

using Command = std::function<int()>;

Command add_run_command(CLI::App& app);
Command add_experiments_command(CLI::App& app);
Command add_show_command(CLI::App& app);
Command add_export_command(CLI::App& app);
Command add_compare_command(CLI::App& app);
Command add_leaderboard_command(CLI::App& app);
Command add_ui_command(CLI::App& app);

}  // namespace evp::cli
