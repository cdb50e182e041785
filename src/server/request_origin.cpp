// Origin and Host header checks (see request_origin.h).
#include "server/request_origin.h"

#include <boost/asio/ip/address.hpp>
#include <string>

namespace evp::server {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The host part of a Host header: "[::1]:8000" -> "::1", "localhost:8000" -> "localhost".
std::string_view host_name(std::string_view host_header) {
  if (host_header.starts_with('[')) {
    const size_t close = host_header.find(']');
    if (close == std::string_view::npos) return {};
    const std::string_view rest = host_header.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return {};
    return host_header.substr(1, close - 1);
  }
  const size_t colon = host_header.find(':');
  return host_header.substr(0, colon);
}

}  // namespace

bool is_same_origin(std::string_view origin, std::string_view host_header) {
  static constexpr std::string_view kScheme = "http://";
  if (host_header.empty() || origin.size() != kScheme.size() + host_header.size()) return false;
  return iequals(origin.substr(0, kScheme.size()), kScheme) &&
         iequals(origin.substr(kScheme.size()), host_header);
}

bool is_loopback_host_header(std::string_view host_header) {
  const std::string_view host = host_name(host_header);
  if (host.empty()) return false;
  std::string name;
  for (char c : host) name.push_back(lower(c));
  if (name.ends_with('.')) name.pop_back();  // "localhost." is the same name
  if (name == "localhost" || name.ends_with(".localhost")) return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(name, ec);
  return !ec && address.is_loopback();
}

}  // namespace evp::server
