// Operations: liveness, readiness, metrics and the contract itself. No token needed.
#include <string_view>
#include <utility>
#include <vector>

#include "persistence/database.hpp"
#include "persistence/migrator.hpp"
#include "persistence/standbys.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/http/markup.hpp"
#include "server/http/problem_types.hpp"

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

json problem_type_json(const ProblemTypeInfo& t) {
  return {{"type", type_uri(t.type)},
          {"title", t.title},
          {"status", status_of(kind_of(t.type))},
          {"explanation", t.explanation}};
}

std::string problem_page(std::span<const ProblemTypeInfo> types, std::string_view heading) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    escape_markup(heading) + " - incommon</title>\n</head>\n<body>\n<h1>" + escape_markup(heading) +
                    "</h1>\n<dl>\n";
  for (const auto& t : types)
    out += "<dt id=\"" + std::string(t.name) + "\"><code>" + type_uri(t.type) + "</code> (" +
           std::to_string(status_of(kind_of(t.type))) + ") " + escape_markup(t.title) + "</dt>\n<dd>" +
           escape_markup(t.explanation) + "</dd>\n";
  return out + "</dl>\n</body>\n</html>\n";
}

}  // namespace

void add_operations_routes(Router& router, App& app) {
  router.add({"GET", "/healthz", Access::open(), no_query([](RequestContext&) {
                return json_response(200, {{"status", "ok"}});
              })});
  router.add({"GET", "/readyz", Access::open(), no_query([&app](RequestContext&) -> Answer {
                if (app.draining) return fail(Error::unavailable("The server is shutting down."));
                if (!app.database().reachable()) {
                  // Standbys answer reads while the primary is away: a balancer keeps sending them.
                  if (app.standbys() && app.standbys()->any_answering())
                    return json_response(200, {{"status", "reads only"}});
                  return fail(Error::unavailable("The database is unavailable."));
                }
                if (!db::is_migrated(app.database()))
                  return fail(Error::unavailable("The database is not migrated yet."));
                return json_response(200, {{"status", "ready"}});
              })});
  router.add({"GET", "/metrics", Access::open(), no_query([&app](RequestContext&) {
                auto& db = app.database();
                if (auto* standbys = app.standbys()) {
                  std::vector<Metrics::Standby> figures;
                  for (const auto& state : standbys->states())
                    figures.push_back({state.name, state.answering, state.replayed});
                  app.metrics().standbys(figures, standbys->asked_then_standby(), standbys->asked_then_primary());
                }
                return text_response(200, "text/plain; version=0.0.4; charset=utf-8",
                                     app.metrics().render(db.pool_size(), db.in_use(), db.error_count()));
              })});
  // The registry of problem types: every problem's `type` resolves here.
  // A browser following a problem's type gets a page; a client asking for JSON gets JSON.
  router.add({"GET", "/problems", Access::open(), no_query([](RequestContext& ctx) {
                if (accepts(ctx, "text/html"))
                  return text_response(200, "text/html; charset=utf-8", problem_page(problem_types(), "Problem types"));
                json items = json::array();
                for (const auto& t : problem_types()) items.push_back(problem_type_json(t));
                return json_response(200, {{"items", std::move(items)}});
              })});
  router.add({"GET", "/problems/{name}", Access::open(), no_query([](RequestContext& ctx) -> Answer {
                const std::string& name = ctx.params.at("name");
                const ProblemTypeInfo* t = find_problem_type(name);
                if (!t) return fail(Error::not_found("No problem type is called " + name + "."));
                if (accepts(ctx, "text/html"))
                  return text_response(200, "text/html; charset=utf-8", problem_page({t, 1}, t->title));
                return json_response(200, problem_type_json(*t));
              })});
  router.add({"GET", "/openapi.yaml", Access::open(), no_query([](RequestContext&) {
                const auto& files = contract_data::embedded_files();
                return text_response(200, "application/yaml; charset=utf-8", std::string(files.front().second));
              })});
  // The interactive reference: a page that renders /openapi.yaml with Redoc.
  router.add({"GET", "/docs", Access::open(), no_query([](RequestContext&) {
                return text_response(200, "text/html; charset=utf-8",
                                     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                     "<title>incommon API reference</title>\n</head>\n<body>\n"
                                     "<redoc spec-url=\"/openapi.yaml\"></redoc>\n"
                                     "<script src=\"/docs/redoc.standalone.js\"></script>\n</body>\n</html>\n");
              })});
  router.add({"GET", "/docs/redoc.standalone.js", Access::open(), no_query([](RequestContext&) {
                auto r = text_response(200, "application/javascript; charset=utf-8",
                                       std::string(docs_data::embedded_files().front().second));
                r.header("Cache-Control", "public, max-age=86400");
                return r;
              })});
}

}  // namespace incommon::http
