// GET /api/v1/programmes/{id}/changes: what changed in a programme's record between two
// instants, or since a board meeting: for the highlight report and "since the last board".
#include "server/handlers/changes.hpp"

#include "domain/meetings/meeting.hpp"
#include "domain/programmes/programme.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"
#include "server/http/csv.hpp"

namespace incommon::http {

namespace {

json reasons_json(const std::vector<RagReason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back({{"code", r.code}, {"text", r.text}});
  return out;
}

json entry_json(const ChangeEntry& e) {
  json changes = json::array();
  for (const auto& c : e.changes) {
    json one = {{"field", c.field}, {"from", opt(c.from)}, {"to", opt(c.to)}};
    if (c.field == "forecast_date" || c.field == "baseline_date") one["moved_days"] = opt(c.moved_days);
    if (c.field == "rag") {
      one["from_reasons"] = reasons_json(c.from_reasons);
      one["to_reasons"] = reasons_json(c.to_reasons);
    }
    changes.push_back(std::move(one));
  }
  return {{"at", e.at},
          {"kind", e.kind},
          {"event", e.event},
          {"record_id", e.record_id},
          {"title", e.title},
          {"changes", std::move(changes)},
          {"comment", opt(e.comment)},
          {"by", e.recorded ? actor_json(e.token_id, e.by, e.person) : json(nullptr)}};
}

std::vector<std::string> key_of(const ChangeEntry& e) {
  return {e.at, e.kind, e.record_id, e.event};
}

HttpResponse changes_csv(const std::vector<ChangeEntry>& entries) {
  std::string out = "at,kind,event,record_id,title,changes,comment,by\r\n";
  for (const auto& e : entries) {
    std::string changes;
    for (const auto& c : e.changes) {
      if (!changes.empty()) changes += "; ";
      changes += c.field + ": " + c.from.value_or("-") + " -> " + c.to.value_or("-");
      if (c.moved_days)
        changes += " (" + std::string(*c.moved_days > 0 ? "+" : "") + std::to_string(*c.moved_days) + " days)";
    }
    const std::vector<std::string> cells = {
        e.at, e.kind, e.event, e.record_id, e.title, changes, e.comment.value_or(""), e.recorded ? e.by : ""};
    out += csv_row(cells);
  }
  return csv_response(std::move(out), "changes.csv");
}

Answer changes(RequestContext& ctx) {
  QueryReader q(ctx.request, {"from", "to", "since_meeting"}, true);
  auto window = read_change_window(q);
  auto page = q.page(4);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  auto w = change_window(ctx, window);
  if (!w) return fail(w.error());
  auto entries = changes_between(ctx, *id, *w);
  if (!entries) return fail(entries.error());

  if (accepts(ctx, "text/csv")) return changes_csv(*entries);
  Page<ChangeEntry> out;
  for (const auto& e : *entries) {
    if (page.after && key_of(e) <= *page.after) continue;
    if (static_cast<int>(out.items.size()) == page.limit) {
      out.next = key_of(out.items.back());
      break;
    }
    out.items.push_back(e);
  }
  json body = page_json(out, entry_json);
  body["from"] = w->from.to_string();
  body["to"] = w->to.to_string();
  body["programme_id"] = *id;
  return json_response(200, body);
}

}  // namespace

ChangeWindowParams read_change_window(QueryReader& q) {
  return {q.instant("from"), q.instant("to"), q.uuid("since_meeting")};
}

Result<ChangeWindow> change_window(RequestContext& ctx, const ChangeWindowParams& p) {
  if (p.from.has_value() == p.since_meeting.has_value())
    return fail(Error::malformed_parameter("from", "give from (an instant) or since_meeting (a meeting id), not both"));
  std::optional<Instant> from = p.from;
  if (p.since_meeting) {  // since the board: what was recorded after it ended
    auto ended = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
      auto m = store.meetings().find(*p.since_meeting);
      if (!m) return fail(Error::malformed_parameter("since_meeting", "no meeting has id " + *p.since_meeting));
      from = m->ends_at;
      return HttpResponse{};
    });
    if (!ended) return fail(ended.error());
  }
  const Instant until = p.to.value_or(Instant::now());
  if (!(*from < until)) return fail(Error::malformed_parameter("to", "must be after from"));
  return ChangeWindow{*from, until};
}

std::vector<MilestoneWithView> milestones_as_of(db::Store& store, const Programme& p, const Date& as_of) {
  std::vector<MilestoneWithView> out;
  const auto all = store.milestones().of_programme(p.meta.id);
  const auto by_id = index_by_id(all);
  for (const auto& m : all) out.push_back(view_of(m, by_id, p.target_date, as_of));
  return out;
}

Result<std::vector<ChangeEntry>> changes_between(RequestContext& ctx, const std::string& programme_id,
                                                 const ChangeWindow& w) {
  const std::string from_text = w.from.to_string(), to_text = w.to.to_string();
  const Date from_date = w.from.utc_date(), to_date = w.to.utc_date();
  // What was held at `from`, then at `to`, each in a read of its own instant.
  const auto saved = ctx.as_recorded;
  std::vector<MilestoneWithView> then;
  ctx.as_recorded = from_text;
  auto read = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
    if (auto p = store.programmes().find(programme_id)) then = milestones_as_of(store, *p, from_date);
    return HttpResponse{};
  });
  std::vector<ChangeEntry> entries;
  if (read) {
    ctx.as_recorded = to_text;
    read = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
      auto p = store.programmes().find(programme_id);
      if (!p) return fail(not_found("programme", programme_id));
      entries = programme_changes(then, milestones_as_of(store, *p, to_date), to_text,
                                  store.changes().events(programme_id, from_text, to_text),
                                  store.changes().dated(programme_id, from_date, to_date));
      return HttpResponse{};
    });
  }
  ctx.as_recorded = saved;
  if (!read) return fail(read.error());
  return entries;
}

void add_change_routes(Router& router) {
  router.add({"GET", "/api/v1/programmes/{id}/changes", Access::read(), changes});
}

}  // namespace incommon::http
