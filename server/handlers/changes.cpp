// GET /api/v1/programmes/{id}/changes: what changed in a programme's record between two
// instants, or since a board meeting: for the highlight report and "since the last board".
#include "domain/programmes/changes.hpp"
#include "domain/meetings/meeting.hpp"
#include "domain/programmes/programme.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/handlers/audit_json.hpp"
#include "server/handlers/common.hpp"
#include "server/http/csv.hpp"

namespace incommon::http {

namespace {

// The programme's milestones viewed as incommon held them at the read's instant, as of `as_of`.
std::vector<MilestoneWithView> milestones_then(db::Store& store, const std::string& programme_id, const Date& as_of) {
  std::vector<MilestoneWithView> out;
  auto p = store.programmes().find(programme_id);
  if (!p) return out;
  const auto all = store.milestones().of_programme(programme_id);
  const auto by_id = index_by_id(all);
  for (const auto& m : all) out.push_back(view_of(m, by_id, p->target_date, as_of));
  return out;
}

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
  auto from = q.instant("from");
  auto to = q.instant("to");
  const auto meeting_id = q.uuid("since_meeting");
  auto page = q.page(4);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  if (from.has_value() == meeting_id.has_value())
    return fail(Error::malformed_parameter("from", "give from (an instant) or since_meeting (a meeting id), not both"));
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  if (meeting_id) {  // since the board: what was recorded after it ended
    auto ended = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
      auto m = store.meetings().find(*meeting_id);
      if (!m) return fail(Error::malformed_parameter("since_meeting", "no meeting has id " + *meeting_id));
      from = m->ends_at;
      return HttpResponse{};
    });
    if (!ended) return ended;
  }
  const Instant until = to.value_or(Instant::now());
  if (!(*from < until)) return fail(Error::malformed_parameter("to", "must be after from"));
  const std::string from_text = from->to_string(), to_text = until.to_string();
  const Date from_date = *Date::parse(from_text.substr(0, 10)), to_date = *Date::parse(to_text.substr(0, 10));

  std::vector<MilestoneWithView> then, now;
  ctx.as_recorded = from_text;
  if (auto read = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
        then = milestones_then(store, *id, from_date);
        return HttpResponse{};
      });
      !read)
    return read;
  ctx.as_recorded = to_text;
  std::vector<ChangeEntry> entries;
  if (auto read = ctx.read([&](db::Store& store) -> Result<HttpResponse> {
        if (!store.programmes().find(*id)) return fail(not_found("programme", *id));
        now = milestones_then(store, *id, to_date);
        entries = programme_changes(then, now, to_text, store.changes().events(*id, from_text, to_text),
                                    store.changes().dated(*id, from_date, to_date));
        return HttpResponse{};
      });
      !read)
    return read;
  ctx.as_recorded.reset();

  const std::string* accept = ctx.request.header("accept");
  if (accept && accept->find("text/csv") != std::string::npos) return changes_csv(entries);
  Page<ChangeEntry> out;
  for (const auto& e : entries) {
    if (page.after && key_of(e) <= *page.after) continue;
    if (static_cast<int>(out.items.size()) == page.limit) {
      out.next = key_of(out.items.back());
      break;
    }
    out.items.push_back(e);
  }
  json body = page_json(out, entry_json);
  body["from"] = from_text;
  body["to"] = to_text;
  body["programme_id"] = *id;
  return json_response(200, body);
}

}  // namespace

void add_change_routes(Router& router) {
  router.add({"GET", "/api/v1/programmes/{id}/changes", Access::read(), changes});
}

}  // namespace incommon::http
