// /api/v1/votes: votes with thresholds, declared outcomes and turnout; closing and withdrawing;
// other bodies' positions; the item view carries its caveats and positions as of a date.
#include "domain/votes/caveat.hpp"
#include "domain/votes/vote.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"
#include "server/handlers/vote_json.hpp"

namespace incommon::http {

namespace {

// Set by closing and withdrawing, or derived: never accepted in a create or a patch.
const std::set<std::string> kOwned{"id",        "version",   "created_at",      "updated_at",      "status",
                                   "closed_on", "votes_for", "votes_against",   "votes_abstained", "declared_outcome",
                                   "outcome",   "turnout",   "withdrawn_reason"};

Result<Vote> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Vote v;
  v.body_id = r.required_uuid("body_id").value_or("");
  v.motion = r.text("motion");
  v.kind = r.required_enum<VoteKind>("kind", VoteKind::other);
  v.subject_organisation_ids = r.optional_uuid_list("subject_organisation_ids").value_or(std::vector<std::string>{});
  v.prompted_by_id = r.optional_uuid("prompted_by_id");
  v.opened_on = r.required_date("opened_on").value_or(Date());
  v.threshold = r.optional_enum<Threshold>("threshold").value_or(Threshold::simple_majority);
  v.eligible = r.optional_integer("eligible");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return v;
}

Answer list(RequestContext& ctx) {
  QueryReader q(ctx.request,
                {"as_recorded", "body_id", "subject_organisation_id", "kind", "status", "outcome", "ids",
                 "programme_id", "as_of"},
                true);
  VoteFilter f;
  f.body_id = q.uuid("body_id");
  f.subject_organisation_id = q.uuid("subject_organisation_id");
  f.kind = q.one_of<VoteKind>("kind");
  f.status = q.one_of<VoteStatus>("status");
  f.outcome = q.one_of<VoteOutcome>("outcome");
  f.ids = q.uuid_list("ids").value_or(std::vector<std::string>{});
  f.programme_id = q.uuid("programme_id");
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; });
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!f.as_of) return json_response(200, page_json(store.votes().list(f, page), vote_json));
    return json_response(
        200, page_json(store.votes().list(f, page), [&](const Vote& v) { return vote_json(vote_as_of(v, *f.as_of)); }));
  });
}

// The vote as it stood on the date, with its caveats and positions of then.
Answer get(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("vote");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto v = store.votes().find(*id);
    if (!v) return fail(not_found("vote", *id));
    json out = vote_json(vote_as_of(*v, *as_of));
    CaveatFilter f;
    f.as_of = *as_of;
    f.vote_id = *id;
    json caveats = json::array();
    for (const auto& c : store.caveats().list(f, {200, std::nullopt}).items) caveats.push_back(caveat_json(c, *as_of));
    json positions = json::array();
    for (const auto& p : store.votes().positions_of(*id, *as_of)) positions.push_back(position_json(p));
    out["as_of"] = as_of->to_string();
    out["caveats"] = std::move(caveats);
    out["positions"] = std::move(positions);
    return ok_record(out, v->meta);
  });
}

Answer vote_answer(const Result<Vote>& v) {
  return map(v, [](const Vote& saved) { return ok_record(vote_json(saved), saved.meta); });
}

Answer close(RequestContext& ctx) {
  Closing c;
  return record_action(
      ctx, "vote",
      [&](FieldReader& r) {
        c.closed_on = r.required_date("closed_on").value_or(Date());
        c.tallies = {r.optional_integer("votes_for"), r.optional_integer("votes_against"),
                     r.optional_integer("votes_abstained")};
        c.declared_outcome = r.optional_enum<VoteOutcome>("declared_outcome");
        return r.finish();
      },
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected) {
        auto closed = close_vote(store.votes(), id, expected, c);
        if (closed) announce(store, "vote.closed", "vote", id, [&] { return vote_json(*closed); });
        return vote_answer(closed);
      });
}

Answer withdraw(RequestContext& ctx) {
  std::optional<Date> on;
  std::string reason;
  return record_action(
      ctx, "vote",
      [&](FieldReader& r) {
        on = r.optional_date("withdrawn_on");
        reason = r.optional_text("reason").value_or("");
        return r.finish();
      },
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected) {
        return vote_answer(withdraw_vote(store.votes(), id, expected, on.value_or(Date::today_utc()), reason));
      });
}

Answer state(RequestContext& ctx) {
  auto vote_id = ctx.require_id("vote");
  if (!vote_id) return fail(vote_id.error());
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  FieldReader r(*body);
  Position p;
  p.vote_id = *vote_id;
  p.organisation_id = r.required_uuid("organisation_id").value_or("");
  p.position = r.required_enum<Stance>("position", Stance::neutral);
  p.stated_on = r.required_date("stated_on").value_or(Date());
  p.note = r.optional_text("note");
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    bool replaced = false;
    return map(state_position(store.votes(), p, replaced), [&](const Position& saved) {
      return replaced ? ok_record(position_json(saved), saved.meta)
                      : created_record(position_json(saved), saved.meta, "positions");
    });
  });
}

Answer positions(RequestContext& ctx) {
  QueryReader q(ctx.request, {"as_of"}, true);
  const Date as_of = q.date("as_of").value_or(Date::today_utc());
  auto page = q.page();
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("vote");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (!store.votes().find(*id)) return fail(not_found("vote", *id));
    return json_response(200, page_json(store.votes().position_page(*id, as_of, page), position_json));
  });
}

}  // namespace

void add_vote_routes(Router& router) {
  const auto writers = Access::write(WriteArea::votes);
  router.add({"POST", "/api/v1/votes", writers,
              [](RequestContext& ctx) {
                return create_record(
                    ctx, "votes", from_json, [](db::Store& s, const Vote& v) { return open_vote(s.votes(), v); },
                    vote_json);
              },
              true});
  router.add({"GET", "/api/v1/votes", Access::read(), list});
  router.add({"GET", "/api/v1/votes/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/votes/{id}", writers, [](RequestContext& ctx) {
                return patch_record<Vote>(
                    ctx, "vote",
                    [](db::Store& s, const std::string& id, std::optional<std::int64_t> v, const Change<Vote>& c) {
                      return change_vote(s.votes(), id, v, c);
                    },
                    from_json, vote_json, kOwned);
              }});
  router.add(
      {"GET", "/api/v1/votes/{id}/history", Access::read(), [](RequestContext& ctx) { return history(ctx, "votes"); }});
  router.add({"POST", "/api/v1/votes/{id}/close", writers, close});
  router.add({"POST", "/api/v1/votes/{id}/withdraw", writers, withdraw});
  router.add({"POST", "/api/v1/votes/{id}/positions", writers, state, true});
  router.add({"GET", "/api/v1/votes/{id}/positions", Access::read(), positions});
  router.add({"GET", "/api/v1/positions/{id}", Access::read(), [](RequestContext& ctx) {
                return get_record(
                    ctx, "position", [](db::Store& s, const std::string& id) { return s.votes().find_position(id); },
                    position_json);
              }});
  router.add({"GET", "/api/v1/positions/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "vote_positions"); }});
}

}  // namespace incommon::http
