// `evp ui`: serves the web app, the REST API (docs/api.md) and live events over HTTP until
// Ctrl-C or SIGTERM (then exits 0). Binds 127.0.0.1 unless --host says otherwise, and refuses a
// non-loopback address without --token; without --token a random write token is made and
// printed, so only whoever started the server can vote and annotate.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/store_path.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/listen_address.h"
#include "server/write_token.h"

namespace evp::cli {

Command add_ui_command(CLI::App& app) {
  struct Args {
    std::string host = "127.0.0.1";
    int port = 8000;
    std::string store;
    std::string token;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "ui", "Serve the web app: leaderboard, experiments, rollouts, compare and arena voting");
  cmd->add_option("--port", args->port, "Port to listen on (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", args->host,
                  "Address to listen on; other than the loopback it needs --token")
      ->capture_default_str();
  cmd->add_option("--store", args->store, "Store database (default $EVP_STORE or .evp/evp.db)");
  cmd->add_option("--token", args->token,
                  "Write token for votes and annotations (default: a random one, printed)");
  return [args, cmd] {
    namespace asio = boost::asio;
    const bool token_given = cmd->count("--token") > 0;
    if (token_given && args->token.empty()) {
      std::cerr << "evp ui: --token must not be empty\n";
      return kExitBadInput;
    }
    asio::ip::address address;
    try {
      address = server::resolve_listen_address(args->host);
    } catch (const std::exception& e) {
      std::cerr << "evp ui: " << e.what() << "\n";
      return kExitBadInput;
    }
    if (!address.is_loopback() && !token_given) {
      std::cerr << "evp ui: refusing to listen on " << args->host
                << " without --token: anyone who can reach that address could vote and "
                   "annotate. Pass --token TOKEN (a long random secret), or use the default "
                   "--host 127.0.0.1.\n";
      return kExitBadInput;
    }
    const std::string token = token_given ? args->token : server::generate_write_token();
    const auto store_path = resolve_store_path(args->store);
    std::unique_ptr<server::Api> api;
    try {
      api = std::make_unique<server::Api>(store_path);
    } catch (const std::exception& e) {
      std::cerr << "evp ui: cannot open the store " << store_path.string() << ": " << e.what()
                << "\n";
      return kExitBadInput;
    }

    asio::io_context io;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    server::ServerOptions options;
    options.host = args->host;
    options.port = static_cast<unsigned short>(args->port);
    options.token = token;
    options.log = &std::cerr;
    server::HttpServer http(io, *api, options);
    try {
      http.listen();
    } catch (const std::exception& e) {
      std::cerr << "evp ui: " << e.what() << "\n";
      return kExitBadInput;
    }
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      std::cerr << "evp ui: stopping\n";
      http.stop();
      // A second Ctrl-C ends the process at once, should a store call hang.
      boost::system::error_code ignored;
      signals.clear(ignored);
    });
    std::cerr << "evp ui: serving " << http.url() << " (store " << store_path.string() << ")\n";
    if (token_given) {
      std::cerr << "evp ui: writes need the token given with --token\n";
    } else {
      std::cerr << "evp ui: write token: " << token
                << " (paste it into the page to vote and annotate)\n";
    }
    if (!address.is_loopback()) {
      std::cerr << "evp ui: listening beyond this machine: anyone who can reach " << http.url()
                << " can read the store\n";
    }
    io.run();
    return kExitPassed;
  };
}

}  // namespace evp::cli
