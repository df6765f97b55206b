// Milestones of a programme: the plan and its changes, the running update log, rebaselining,
// and every read as of a date (status, slippage, RAG with reasons, overdue).
#include "domain/programmes/milestone.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"
#include "server/handlers/events.hpp"
#include "server/handlers/programme_json.hpp"
#include "server/handlers/vote_json.hpp"

namespace incommon::http {

namespace {

// Kept by the server, or derived on every read: never accepted from a client.
const std::set<std::string> kOwned{
    "id",    "version", "created_at",    "updated_at",  "programme_id", "baseline_reason",
    "as_of", "rag",     "slippage_days", "rag_reasons", "overdue"};

std::optional<int> percent(FieldReader& r) {
  auto n = r.optional_integer("percent_complete");
  if (!n) return std::nullopt;
  if (*n < 0 || *n > 100) {
    r.rule("percent_complete", "percent_complete must be from 0 to 100");
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

Result<Milestone> from_json(const json& body, bool merged) {
  FieldReader r(body, kOwned, merged);
  Milestone m;
  m.key = r.text("key");
  m.title = r.text("title");
  m.description = r.optional_text("description");
  m.workstream = r.required_enum<Workstream>("workstream", Workstream::other);
  m.owner = r.optional_text("owner");
  m.baseline_date = r.required_date("baseline_date").value_or(Date());
  auto forecast = r.optional_date("forecast_date");
  m.forecast_date = forecast.value_or(m.baseline_date);
  m.actual_date = r.optional_date("actual_date");
  m.status = r.optional_enum<MilestoneStatus>("status").value_or(MilestoneStatus::not_started);
  m.percent_complete = percent(r).value_or(0);
  m.depends_on = r.optional_uuid_list("depends_on").value_or(std::vector<std::string>{});
  if (auto ok = r.finish(); !ok) return fail(ok.error());
  return m;
}

// milestone.created, or milestone.updated with what changed and milestone.rag_changed when its
// RAG (as of today) moved.
void announce_milestone(db::Store& store, const MilestoneWithView& v, bool created) {
  const std::string& id = v.milestone.meta.id;
  if (created) {
    announce(store, "milestone.created", "milestone", id, [&] { return milestone_json(v); });
    return;
  }
  const bool rag_moved = v.before && v.before->view.rag.rag != v.view.rag.rag;
  const bool updated = wanted(store, "milestone.updated");
  const bool rag = rag_moved && wanted(store, "milestone.rag_changed");
  if (!updated && !rag) return;
  const json after = milestone_json(v);
  const json changes = v.before ? changes_between(milestone_json(*v.before), after) : json::object();
  if (updated) announce_json(store, "milestone.updated", "milestone", id, after, changes);
  if (rag) {
    json moved = json::object();
    for (const char* field : {"rag", "rag_reasons"})
      if (changes.contains(field)) moved[field] = changes[field];
    announce_json(store, "milestone.rag_changed", "milestone", id, after, moved);
  }
}

// A milestone written, with its view (domain/programmes/milestone.hpp's view_of), as a
// response with its ETag.
Answer respond(const Result<MilestoneWithView>& written, int status = 200) {
  return map(written, [&](const MilestoneWithView& v) {
    auto r = record_response(status, milestone_json(v), v.milestone.meta.version);
    if (status == 201) r.header("Location", std::string(kApi) + "/milestones/" + v.milestone.meta.id);
    return r;
  });
}

Answer create(RequestContext& ctx) {
  auto programme_id = ctx.require_id("programme");
  if (!programme_id) return fail(programme_id.error());
  auto body = parse_json_object(ctx.request);
  if (!body) return fail(body.error());
  auto m = from_json(*body, false);
  if (!m) return fail(m.error());
  m->programme_id = *programme_id;
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto added = add_milestone(store.milestones(), store.programmes(), *m, Date::today_utc());
    if (added) announce_milestone(store, *added, true);
    return respond(added, 201);
  });
}

Answer list(RequestContext& ctx) {
  QueryReader q(
      ctx.request,
      {"as_recorded", "as_of", "status", "rag", "workstream", "owner", "due_before", "overdue", "ids", "sort"}, true);
  MilestoneFilter f;
  const auto recorded_on = read_as_recorded(ctx, q);
  f.as_of = q.date("as_of").or_else([&] { return recorded_on; }).value_or(Date::today_utc());
  f.status = q.one_of<MilestoneStatus>("status");
  f.rag = q.one_of<Rag>("rag");
  f.workstream = q.one_of<Workstream>("workstream");
  f.owner = q.text("owner");
  f.due_before = q.date("due_before");
  f.overdue = q.boolean("overdue");
  f.ids = q.uuid_list("ids").value_or(std::vector<std::string>{});
  f.sort = q.order<MilestoneOrder>("sort", MilestoneOrder::key);
  auto page = q.page(1, 2);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (auto ok = cursor_in_order(page, f.sort == MilestoneOrder::key ? 1 : 2); !ok) return fail(ok.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto programme = store.programmes().find(*id);
    if (!programme) return fail(not_found("programme", *id));
    return map(list_milestones(store.milestones(), *programme, f, page),
               [](const Page<MilestoneWithView>& p) { return json_response(200, page_json(p, milestone_json)); });
  });
}

Answer get(RequestContext& ctx) {
  auto as_of = as_of_param(ctx, {}, true);
  if (!as_of) return fail(as_of.error());
  auto id = ctx.require_id("milestone");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    // The item view lists the caveats this milestone delivers, as they stood on the date.
    auto found = store.milestones().find_in_context(*id, *as_of);
    if (!found) return fail(not_found("milestone", *id));
    json caveats = json::array();
    for (const auto& c : found->caveats) caveats.push_back(caveat_json(c, *as_of));
    json out = milestone_json(view_of(*found, *as_of));
    out["caveats"] = std::move(caveats);
    return ok_record(out, found->milestone.meta);
  });
}

Answer patch(RequestContext& ctx) {
  auto req = read_patch(ctx, "milestone", kOwned);
  if (!req) return fail(req.error());
  return ctx.write([&](db::Store& store) -> Result<HttpResponse> {
    auto changed = change_milestone(
        store.milestones(), store.programmes(), req->id, req->expected_version,
        [&](const Milestone& current) {
          return from_json(merge_patch(milestone_stored_json(current), req->patch), true);
        },
        Date::today_utc());
    if (changed) announce_milestone(store, *changed, false);
    return respond(changed);
  });
}

Answer rebaseline(RequestContext& ctx) {
  std::optional<Date> baseline;
  std::string reason;
  return record_action(
      ctx, "milestone",
      [&](FieldReader& r) {
        baseline = r.required_date("baseline_date");
        reason = r.text("reason");
        return r.finish();
      },
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected) {
        auto moved = rebaseline_milestone(store.milestones(), id, expected, *baseline, reason, Date::today_utc());
        if (moved) announce_milestone(store, *moved, false);
        return respond(moved);
      });
}

Answer post_update(RequestContext& ctx) {
  Progress p;
  return record_action(
      ctx, "milestone",
      [&](FieldReader& r) {
        p.comment = r.text("comment");
        p.status = r.optional_enum<MilestoneStatus>("status");
        p.forecast_date = r.optional_date("forecast_date");
        p.percent_complete = percent(r);
        p.actual_date = r.optional_date("actual_date");
        return r.finish();
      },
      [&](db::Store& store, const std::string& id, std::optional<std::int64_t> expected) -> Result<HttpResponse> {
        auto recorded = record_progress(store.milestones(), id, expected, p, ctx.actor(), Date::today_utc());
        if (!recorded) return fail(recorded.error());
        announce_milestone(store, recorded->milestone, false);
        json out = milestone_update_json(recorded->update);
        out["milestone"] = milestone_json(recorded->milestone);
        // The ETag is the milestone's new version: what the next change sends as If-Match.
        auto response = record_response(201, out, recorded->milestone.milestone.meta.version);
        response.header("Location", std::string(kApi) + "/milestones/" + id + "/updates");
        return response;
      },
      // A comment alone changes no field: it may omit If-Match (it still moves the version).
      [&] { return p.status || p.forecast_date || p.percent_complete || p.actual_date; });
}

Answer list_updates(RequestContext& ctx) {
  return child_list(
      ctx, "milestone", [](db::Store& s, const std::string& id) { return s.milestones().find(id).has_value(); },
      [](db::Store& s, const std::string& id, const PageRequest& page) { return s.milestones().updates_of(id, page); },
      milestone_update_json);
}

// GET /milestones/{id}/forecast-history: each forecast it has had, when recorded, by whom and
// why (milestone trend analysis).
Answer forecast_history(RequestContext& ctx) {
  if (auto ok = QueryReader(ctx.request, {}, false).finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("milestone");
  if (!id) return fail(id.error());
  return ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    auto m = store.milestones().find(*id);
    if (!m) return fail(not_found("milestone", *id));
    json items = json::array();
    for (const auto& c : store.milestones().forecast_history(*id))
      items.push_back(
          {{"recorded_at", c.recorded_at},
           {"forecast_date", c.forecast_date.to_string()},
           {"previous_forecast_date", opt(c.previous)},
           {"moved_days",
            c.previous ? json(c.forecast_date.days_since_epoch() - c.previous->days_since_epoch()) : json(nullptr)},
           {"baseline_date", c.baseline_date.to_string()},
           {"slippage_days", c.forecast_date.days_since_epoch() - c.baseline_date.days_since_epoch()},
           {"milestone_version", c.milestone_version},
           {"by", actor_json(c.token_id, c.by, c.person)},
           {"comment", opt(c.comment)}});
    return json_response(200, {{"milestone_id", m->meta.id},
                               {"key", m->key},
                               {"title", m->title},
                               {"baseline_date", m->baseline_date.to_string()},
                               {"forecast_date", m->forecast_date.to_string()},
                               {"items", std::move(items)}});
  });
}

}  // namespace

void add_milestone_routes(Router& router) {
  const auto writers = Access::write(WriteArea::milestones);
  router.add({"POST", "/api/v1/programmes/{id}/milestones", writers, create, true});
  router.add({"GET", "/api/v1/programmes/{id}/milestones", Access::read(), list});
  router.add({"GET", "/api/v1/milestones/{id}", Access::read(), get});
  router.add({"PATCH", "/api/v1/milestones/{id}", writers, patch});
  router.add({"GET", "/api/v1/milestones/{id}/history", Access::read(),
              [](RequestContext& ctx) { return history(ctx, "milestones"); }});
  router.add({"POST", "/api/v1/milestones/{id}/rebaseline", writers, rebaseline});
  router.add(
      {"POST", "/api/v1/milestones/{id}/updates", Access::write(WriteArea::milestone_updates), post_update, true});
  router.add({"GET", "/api/v1/milestones/{id}/updates", Access::read(), list_updates});
  router.add({"GET", "/api/v1/milestones/{id}/forecast-history", Access::read(), forecast_history});
}

}  // namespace incommon::http
