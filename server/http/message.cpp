#include "server/http/message.hpp"

namespace incommon::http {

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpResponse json_response(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = dump(body);
  return r;
}

HttpResponse record_response(int status, const json& body, std::int64_t version) {
  auto r = json_response(status, body);
  // Built step by step: GCC 12 at -O3 misreads `"\"" + std::to_string(v) + "\""` as an overflow.
  std::string etag = std::to_string(version);
  etag.insert(etag.begin(), '"');
  etag.push_back('"');
  r.header("ETag", std::move(etag));
  return r;
}

}  // namespace incommon::http
