// Calendar feeds (RFC 5545) that people subscribe to: board meetings, a programme's milestone
// dates, a consultation's public events. A calendar app cannot send a header, so the private
// feeds also take a feed token in their URL (?token=), a token that reads feeds and nothing else.
#include "domain/consultation/consultation.hpp"
#include "domain/meetings/meeting.hpp"
#include "domain/programmes/milestone.hpp"
#include "domain/programmes/programme.hpp"
#include "persistence/database.hpp"
#include "server/app.hpp"
#include "server/calendar/ical.hpp"
#include "server/handlers/common.hpp"

namespace incommon::http {

namespace {

constexpr const char* kCalendar = "text/calendar; charset=utf-8";
constexpr int kFeedPage = 1000;  // rows read a statement at a time; a feed has every page

calendar::Event event_of(const RecordMeta& meta, const std::string& kind) {
  calendar::Event e;
  e.uid = kind + "-" + meta.id + "@incommon";
  e.sequence = static_cast<int>(meta.version - 1);
  e.changed = Instant::parse(meta.updated_at).value_or(Instant{});
  return e;
}

std::string words(std::string_view enum_name) {
  std::string out(enum_name);
  for (auto& c : out)
    if (c == '_') c = ' ';
  return out;
}

HttpResponse feed_response(const calendar::Feed& feed) {
  return text_response(200, kCalendar, calendar::to_ics(feed));
}

// GET /api/v1/meetings.ics?organisation_id=: every meeting (of that body), cancelled ones as
// cancelled events.
Answer meetings_feed(RequestContext& ctx) {
  QueryReader q(ctx.request, {"organisation_id", "token"}, false);
  MeetingFilter filter;
  filter.organisation_id = q.uuid("organisation_id");
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto& meetings = store.meetings();
    calendar::Feed feed;
    feed.name = "Meetings";
    feed.description = "Meetings of the bodies incommon follows, including governing bodies meeting in common.";
    if (filter.organisation_id) {
      feed.name = "Meetings: " + meetings.organisation_name(*filter.organisation_id);
      feed.description = "Meetings that " + meetings.organisation_name(*filter.organisation_id) + " takes part in.";
    }
    std::map<std::string, std::string> names;  // each body once
    const auto visit = [&](const Meeting& m) {
      auto e = event_of(m.meta, "meeting");
      e.summary = m.title;
      e.location = m.location;
      e.starts_at = m.starts_at;
      e.ends_at = m.ends_at;
      e.cancelled = m.status == MeetingStatus::cancelled;
      std::string bodies;
      for (const auto& id : m.organisation_ids) {
        auto [at, fresh] = names.try_emplace(id);
        if (fresh) at->second = meetings.organisation_name(id);
        bodies += (bodies.empty() ? "" : ", ") + at->second;
      }
      e.description = "A " + words(to_string(m.kind)) + " of " + bodies + ". Status: " + words(to_string(m.status)) +
                      ". Quorum: " + std::to_string(m.quorum) + " voting member" + (m.quorum == 1 ? "" : "s") +
                      " present for each body.";
      e.categories = {words(to_string(m.kind))};
      feed.events.push_back(std::move(e));
    };
    for_each_page([&](const PageRequest& p) { return meetings.list(filter, p); }, visit, kFeedPage);
    return feed_response(feed);
  });
}

// GET /api/v1/programmes/{id}/milestones.ics: each milestone on its forecast date as an all-day
// event, its status, RAG (as of today) and owner in the text.
Answer milestones_feed(RequestContext& ctx) {
  QueryReader q(ctx.request, {"token"}, false);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("programme");
  if (!id) return fail(id.error());
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto p = store.programmes().find(*id);
    if (!p) return fail(not_found("programme", *id));
    const Date today = Date::today_utc();
    calendar::Feed feed;
    feed.name = "Milestones: " + p->name;
    feed.description = "The forecast dates of the milestones of " + p->name + ", with their RAG status as of the day.";
    const auto all = store.milestones().of_programme(*id);
    const auto by_id = index_by_id(all);
    for (const auto& m : all) {
      const auto v = view_of(m, by_id, p->target_date, today).view;
      const std::string rag = v.rag.rag ? std::string(to_string(*v.rag.rag)) : "none";
      auto e = event_of(m.meta, "milestone");
      e.summary = m.key + ": " + m.title + (v.rag.rag ? " (" + rag + ")" : "");
      e.first_day = m.forecast_date;
      e.cancelled = m.status == MilestoneStatus::cancelled;
      std::string text = "Status: " + words(to_string(v.status)) + " (" + std::to_string(m.percent_complete) +
                         "%).\nRAG: " + (v.rag.rag ? rag : "none (" + words(to_string(v.status)) + ")");
      for (const auto& r : v.rag.reasons) text += "\n- " + r.text;
      text += "\nOwner: " + m.owner.value_or("not named");
      text += "\nWorkstream: " + words(to_string(m.workstream));
      text += "\nBaseline: " + m.baseline_date.to_string() + "; forecast: " + m.forecast_date.to_string();
      if (v.slippage_days != 0) text += " (" + std::to_string(v.slippage_days) + " days slipped)";
      if (m.actual_date) text += "; done: " + m.actual_date->to_string();
      text += ".";
      e.description = std::move(text);
      e.categories = {words(to_string(m.workstream))};
      if (v.rag.rag) e.categories.push_back(rag);
      feed.events.push_back(std::move(e));
    }
    return feed_response(feed);
  });
}

// GET /api/v1/consultations/{id}/events.ics (public): the consultation's public events, their
// places and times.
Answer consultation_events_feed(RequestContext& ctx) {
  QueryReader q(ctx.request, {"token"}, false);
  if (auto ok = q.finish(); !ok) return fail(ok.error());
  auto id = ctx.require_id("consultation");
  if (!id) return fail(id.error());
  return ctx.read_consistent([&](db::Store& store) -> Result<HttpResponse> {
    auto& consultations = store.consultations();
    auto c = consultations.find(*id);
    if (!c) return fail(not_found("consultation", *id));
    calendar::Feed feed;
    feed.name = "Events: " + c->title;
    feed.description = "Public events of the consultation " + c->title + " (open " + c->opens_on.to_string() + " to " +
                       c->closes_on.to_string() + ").";
    const auto visit = [&](const ConsultationEvent& ev) {
      auto e = event_of(ev.meta, "event");
      e.summary = ev.title;
      std::string place = ev.venue.value_or("");
      if (ev.address) place += (place.empty() ? "" : ", ") + *ev.address;
      if (!place.empty()) e.location = place;
      e.starts_at = ev.starts_at;
      e.ends_at = ev.ends_at;
      e.cancelled = ev.status == EventStatus::cancelled;
      std::string text = ev.area ? "For " + *ev.area + ". " : "";
      text += ev.booking_required ? "Booking required: " + std::to_string(places_left(ev)) + " of " +
                                        std::to_string(ev.capacity) + " places left."
                                  : "No booking needed.";
      e.description = std::move(text);
      feed.events.push_back(std::move(e));
    };
    for_each_page([&](const PageRequest& p) { return consultations.events_of(*id, p); }, visit, kFeedPage);
    return feed_response(feed);
  });
}

}  // namespace

void add_calendar_routes(Router& router) {
  router.add({"GET", "/api/v1/meetings.ics", Access::read(), meetings_feed, false, true});
  router.add({"GET", "/api/v1/programmes/{id}/milestones.ics", Access::read(), milestones_feed, false, true});
  router.add({"GET", "/api/v1/consultations/{id}/events.ics", Access::open(WriteArea::events), consultation_events_feed,
              false, true});
}

}  // namespace incommon::http
