// Operations: liveness, readiness, metrics and the contract itself. No token needed.
#include <string_view>
#include <utility>
#include <vector>

#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"

namespace incommon::docs_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}

namespace incommon::contract_data {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}

namespace incommon::http {

namespace {

// Operations take no query parameters: anything given is a 400, as everywhere.
HandlerFn no_query(HandlerFn handler) {
  return [handler = std::move(handler)](RequestContext& ctx) -> Answer {
    if (auto ok = QueryReader(ctx.request, {}, false).finish(); !ok) return fail(ok.error());
    return handler(ctx);
  };
}

HttpResponse text(int status, std::string content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

void add_operations_routes(Router& router, App& app) {
  router.add({"GET", "/healthz", Access::open(), no_query([](RequestContext&) {
                return json_response(200, {{"status", "ok"}});
              })});
  router.add({"GET", "/readyz", Access::open(), no_query([&app](RequestContext&) -> Answer {
                if (app.draining) return fail(Error::unavailable("The server is shutting down."));
                if (!app.database().reachable()) return fail(Error::unavailable("The database is unavailable."));
                if (!db::is_migrated(app.database()))
                  return fail(Error::unavailable("The database is not migrated yet."));
                return json_response(200, {{"status", "ready"}});
              })});
  router.add({"GET", "/metrics", Access::open(), no_query([&app](RequestContext&) {
                auto& db = app.database();
                return text(200, "text/plain; version=0.0.4; charset=utf-8",
                            app.metrics().render(db.pool_size(), db.in_use(), db.error_count()));
              })});
  router.add({"GET", "/openapi.yaml", Access::open(), no_query([](RequestContext&) {
                const auto& files = contract_data::embedded_files();
                return text(200, "application/yaml; charset=utf-8", std::string(files.front().second));
              })});
  // The interactive reference: a page that renders /openapi.yaml with Redoc.
  router.add({"GET", "/docs", Access::open(), no_query([](RequestContext&) {
                return text(200, "text/html; charset=utf-8",
                            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                            "<title>incommon API reference</title>\n</head>\n<body>\n"
                            "<redoc spec-url=\"/openapi.yaml\"></redoc>\n"
                            "<script src=\"/docs/redoc.standalone.js\"></script>\n</body>\n</html>\n");
              })});
  router.add({"GET", "/docs/redoc.standalone.js", Access::open(), no_query([](RequestContext&) {
                auto r = text(200, "application/javascript; charset=utf-8",
                              std::string(docs_data::embedded_files().front().second));
                r.header("Cache-Control", "public, max-age=86400");
                return r;
              })});
}

}  // namespace incommon::http
