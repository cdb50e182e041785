// evp: Eval Protocol in C++. Entry point: parses the command line and dispatches to one
// subcommand; every error ends with a clear message and a documented exit code.
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{"evp: run private evaluation suites against OpenAI-compatible models", "evp"};
  app.set_version_flag("--version", std::string("evp ") + EVP_VERSION);
  app.require_subcommand(1);
  std::map<CLI::App*, evp::cli::Command> commands;
  auto add = [&](evp::cli::Command (*adder)(CLI::App&)) {
    const size_t before = app.get_subcommands({}).size();
    evp::cli::Command command = adder(app);
    commands[app.get_subcommands({}).at(before)] = std::move(command);
  };
  add(evp::cli::add_run_command);
  add(evp::cli::add_experiments_command);
  add(evp::cli::add_show_command);
  add(evp::cli::add_export_command);
  add(evp::cli::add_compare_command);
  add(evp::cli::add_leaderboard_command);
  add(evp::cli::add_ui_command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : evp::cli::kExitBadInput;
  }
  for (auto& [sub, command] : commands) {
    if (sub->parsed()) {
      try {
        return command();
      } catch (const std::exception& e) {
        std::cerr << "evp: " << e.what() << "\n";
        return evp::cli::kExitIncomplete;
      }
    }
  }
  return evp::cli::kExitBadInput;
}
