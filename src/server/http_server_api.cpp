// HttpServer serving the real REST API (api.h): the adapter from Api to RestBackend lives
// here alone, so the transport's other files (and tests with a scripted backend) never
// reference Api.
#include "server/api.h"
#include "server/http_server.h"

namespace evp::server {
namespace {

class ApiBackend final : public RestBackend {
 public:
  explicit ApiBackend(Api& api) : api_(api) {}
  ApiResponse handle(const ApiRequest& request) override { return api_.handle(request); }
  bool is_write(const ApiRequest& request) const override { return Api::is_write(request); }
  std::vector<ApiEvent> poll_events() override { return api_.poll_events(); }

 private:
  Api& api_;
};

}  // namespace

HttpServer::HttpServer(boost::asio::io_context& io, Api& api, ServerOptions options)
    : HttpServer(io, std::make_unique<ApiBackend>(api), std::move(options)) {}

}  // namespace evp::server
