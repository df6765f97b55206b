// Caveats attached to votes, tracked to delivery: per vote and across all votes, overdue as of
// a date. Governance may change everything; the transformation team only status, milestone
// links and evidence.
#include "domain/votes/caveat.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"
#include "server/handlers/vote_json.hpp"

namespace incommon::http {

namespace {

const std::set<std::string> kOwned{"id", "version", "created_at", "updated_at", "vote_id", "overdue"};
// What a role that may change only caveat status and links may send.
const std::set<std::string> kStatusAndLinks{"status", "milestone_ids", "evidence"};

Result<Caveat> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Caveat c;
  c.text = r.text("text");
  c.added_on = r.required_date("added_on").value_or(Date());
  c.status = r.optional_enum<CaveatStatus>("status").value_or(CaveatStatus::proposed);
  c.owner_organisation_id = r.optional_uuid("owner_organisation_id");
  c.due_on = r.optional_date("due_on");
  c.milestone_ids = r.optional_uuid_list("milestone_ids").value_or(std::vector<std::string>{});
  c.evidence = r.optional_text("evidence");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return c;
}

json today_json(const Caveat& c) {
  return caveat_json(c, Date::today_utc());
}

Answer create(RequestContext& ctx) {
  auto vote_id = ctx.require_id("vote");
  if (!vote_id) return fail(vote_id.error());
  return create_record(
      ctx, "caveats",
      [&](const json& body, bool merged) {
        auto c = from_json(body, merged);
        if (c) c->vote_id = *vote_id;
        return c;
      },
      [](db::Store& s, const Caveat& c) { return add_caveat(s.caveats(), s.votes(), c); }, today_json);
}

// GET /caveats and GET /votes/{id}/caveats.
Answer list(RequestContext& ctx, bool of_vote) {
  QueryReader q(ctx.request,
                {"as_recorded", "as_of", "status", "owner_organisation_id", "overdue", "programme_id", "sort"}, true);
  CaveatFilter f;
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; }).value_or(Date::today_utc());
  f.status = q.one_of<CaveatStatus>("status");
  f.owner_organisation_id = q.uuid("owner_organisation_id");
  f.overdue = q.boolean("overdue");
  f.programme_id = q.uuid("programme_id");
  f.sort = q.order<CaveatOrder>("sort", CaveatOrder::added_on);
  auto page = q.page(2, 3);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (auto ok = cursor_in_order(page, f.sort == CaveatOrder::due_on ? 3 : 2); !ok) return fail(ok.error());
  if (of_vote) {
    auto vote_id = ctx.require_id("vote");
    if (!vote_id) return fail(vote_id.error());
    f.vote_id = *vote_id;
  }
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (of_vote && !store.votes().find(*f.vote_id)) return fail(not_found("vote", *f.vote_id));
    return json_response(
        200, page_json(store.caveats().list(f, page), [&](const Caveat& c) { return caveat_json(c, f.as_of); }));
  });
}

Answer get(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("caveat");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto c = store.caveats().find(*id);
    if (!c) return fail(not_found("caveat", *id));
    return ok_record(caveat_json(*c, *as_of), c->meta);
  });
}

Answer patch(RequestContext& ctx) {
  // A role that may change only status and links is told which other fields it sent.
  if (ctx.principal && !may_write(ctx.principal->role, WriteArea::caveats)) {
    auto body = json::parse(ctx.request.body, nullptr, false);
    if (body.is_object()) {
      std::vector<FieldError> refused;
      for (const auto& [key, value] : body.items())
        if (!kStatusAndLinks.count(key) && !kOwned.count(key))
          refused.push_back({key, "your role may change only a caveat's status, milestone_ids and evidence"});
      if (!refused.empty()) return fail(Error::forbidden(refused.front().message, refused));
    }
  }
  return patch_record<Caveat>(
      ctx, "caveat",
      [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Caveat>& c) {
        std::optional<Caveat> before;
        auto changed = change_caveat(s.caveats(), id, v, [&](const Caveat& current) {
          before = current;
          return c(current);
        });
        if (changed && before && before->status != changed->status)
          announce(
              s, "caveat.status_changed", "caveat", id, [&] { return today_json(*changed); },
              json{{"status", {{"from", to_string(before->status)}, {"to", to_string(changed->status)}}}});
        return changed;
      },
      from_json, today_json, kOwned);
}

}  // namespace

void add_caveat_routes(Router& router) {
  router.add({"POST", "/api/v1/votes/{id}/caveats", Access::write(WriteArea::caveats), create, true});
  router.add(
      {"GET", "/api/v1/votes/{id}/caveats", Access::read(), [](RequestContext& ctx) { return list(ctx, true); }});
  router.add({"GET", "/api/v1/caveats", Access::read(), [](RequestContext& ctx) { return list(ctx, false); }});
  router.add({"GET", "/api/v1/caveats/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/caveats/{id}", Access::write(WriteArea::caveat_status_and_links), patch});
  router.add({"GET", "/api/v1/caveats/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "caveats"); }});
}

}  // namespace incommon::http
