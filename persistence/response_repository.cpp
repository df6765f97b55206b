#include "persistence/response_repository.hpp"
#include "persistence/sql.hpp"

namespace incommon::db {

namespace {

constexpr std::string_view kColumns =
    "consultation_responses.id::text, consultation_responses.version, consultation_responses.created_at, "
    "consultation_responses.updated_at, consultation_responses.consultation_id::text, "
    "consultation_responses.position, consultation_responses.respondent_type, consultation_responses.channel, "
    "consultation_responses.comments_on_proposal, consultation_responses.comments_on_current_operation, "
    "consultation_responses.comments_on_future_commissioning, consultation_responses.consent_to_publish::text, "
    "consultation_responses.received_on::text, consultation_responses.entered_by_staff::text, "
    "consultation_responses.moderation, consultation_responses.moderation_note, consultation_responses.moderation_round";
constexpr std::string_view kFields =
    "consultation_id, position, respondent_type, channel, comments_on_proposal, comments_on_current_operation, "
    "comments_on_future_commissioning, consent_to_publish, received_on, entered_by_staff, moderation, moderation_note, "
    "moderation_round";

ConsultationResponse from_row(const Row& r) {
  ConsultationResponse x;
  x.meta = record_meta(r);
  x.consultation_id = r.text(4);
  x.position = parse_enum<ResponsePosition>(r.text(5)).value_or(ResponsePosition::no_view);
  x.respondent_type = parse_enum<RespondentType>(r.text(6)).value_or(RespondentType::other);
  x.channel = parse_enum<ResponseChannel>(r.text(7)).value_or(ResponseChannel::online);
  x.comments_on_proposal = r.at(8);
  x.comments_on_current_operation = r.at(9);
  x.comments_on_future_commissioning = r.at(10);
  x.consent_to_publish = r.boolean(11);
  x.received_on = r.date(12).value_or(Date());
  x.entered_by_staff = r.boolean(13);
  x.moderation = parse_enum<Moderation>(r.text(14)).value_or(Moderation::pending);
  x.moderation_note = r.at(15);
  x.moderation_round = static_cast<int>(r.int64(16).value_or(0));
  return x;
}

std::string bind_fields(Query& q, const ConsultationResponse& x) {
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  return q.bind_list(x.consultation_id, to_string(x.position), to_string(x.respondent_type), to_string(x.channel),
                     x.comments_on_proposal, x.comments_on_current_operation, x.comments_on_future_commissioning,
                     flag(x.consent_to_publish), std::optional<Date>(x.received_on), flag(x.entered_by_staff),
                     to_string(x.moderation), x.moderation_note, static_cast<std::int64_t>(x.moderation_round));
}

}  // namespace

Result<ConsultationResponse> SqlResponseRepository::insert(const ConsultationResponse& x) {
  Query q("INSERT INTO consultation_responses (");
  q.sql(kFields).sql(") VALUES (").sql(bind_fields(q, x)).sql(") RETURNING ").sql(kColumns);
  return from_row(*q.fetch_one(s_));
}

std::optional<ConsultationResponse> SqlResponseRepository::find(const std::string& id) {
  return find_by_id(s_, "consultation_responses", kColumns, id, false, from_row);
}
std::optional<ConsultationResponse> SqlResponseRepository::find_for_update(const std::string& id) {
  return find_by_id(s_, "consultation_responses", kColumns, id, true, from_row);
}

Page<ConsultationResponse> SqlResponseRepository::list(const std::string& consultation_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM consultation_responses WHERE consultation_responses.consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid)");
  if (page.after)
    append_after(q, "consultation_responses.created_at, consultation_responses.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY consultation_responses.created_at, consultation_responses.id LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<ConsultationResponse> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const ConsultationResponse& x) { return std::vector<std::string>{x.meta.created_at, x.meta.id}; });
}

Page<ConsultationResponse> SqlResponseRepository::comments(const std::string& consultation_id, const PageRequest& page) {
  Query q("SELECT ");
  q.sql(kColumns).sql(" FROM consultation_responses WHERE consultation_responses.consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid) AND consultation_responses.consent_to_publish ");
  q.sql("AND consultation_responses.moderation = 'published' AND btrim(concat(consultation_responses.comments_on_proposal, ");
  q.sql("consultation_responses.comments_on_current_operation, consultation_responses.comments_on_future_commissioning), ");
  q.sql("E' \\t\\r\\n') <> ''");
  if (page.after) {
    q.sql(" AND (consultation_responses.created_at, consultation_responses.id) < (CAST(").sql(q.bind(page.after->at(0)));
    q.sql(" AS timestamptz), CAST(").sql(q.bind(page.after->at(1))).sql(" AS uuid))");
  }
  q.sql(" ORDER BY consultation_responses.created_at DESC, consultation_responses.id DESC LIMIT ");
  q.sql(q.bind(static_cast<std::int64_t>(page.limit + 1)));
  std::vector<ConsultationResponse> items;
  for (const auto& r : q.fetch(s_)) items.push_back(from_row(r));
  return make_page(std::move(items), page.limit,
                   [](const ConsultationResponse& x) { return std::vector<std::string>{x.meta.created_at, x.meta.id}; });
}

Result<ConsultationResponse> SqlResponseRepository::save_as(const ConsultationResponse& x, std::string_view action) {
  return with_audit_action(s_, action, [&]() -> Result<ConsultationResponse> {
    Query q("UPDATE consultation_responses SET (");
    q.sql(kFields).sql(") = (").sql(bind_fields(q, x)).sql(") WHERE id = CAST(").sql(q.bind(x.meta.id));
    q.sql(" AS uuid) RETURNING ").sql(kColumns);
    return from_row(*q.fetch_one(s_));
  });
}

int SqlResponseRepository::add_report(const ConsultationResponse& x, const Reporter& reporter, const std::string& reason) {
  Query q("INSERT INTO response_reports (response_id, moderation_round, client_hash, by_staff, reason) VALUES (");
  q.sql(q.bind_list(x.meta.id, static_cast<std::int64_t>(x.moderation_round), reporter.client_key,
                    std::string(reporter.staff ? "true" : "false"), reason.empty() ? Value() : Value(reason)));
  q.sql(") ON CONFLICT ON CONSTRAINT response_reports_once_per_client DO NOTHING");
  q.execute(s_);
  // Each row is a different client's (the constraint saw to it while the hash was kept).
  Query n("SELECT count(*) FROM response_reports WHERE response_id = CAST(");
  n.sql(n.bind(x.meta.id)).sql(" AS uuid) AND moderation_round = CAST(");
  n.sql(n.bind(static_cast<std::int64_t>(x.moderation_round))).sql(" AS int) AND NOT by_staff");
  return static_cast<int>(n.fetch_one(s_)->int64(0).value_or(0));
}

std::vector<std::pair<std::vector<std::string>, std::int64_t>> SqlResponseRepository::counts(const std::string& consultation_id,
                                                                                           const Date& as_of) {
  Query q("SELECT position, respondent_type, channel, count(*) FROM consultation_responses WHERE consultation_id = CAST(");
  q.sql(q.bind(consultation_id)).sql(" AS uuid) AND received_on <= CAST(").sql(q.bind(std::optional<Date>(as_of)));
  q.sql(" AS date) GROUP BY position, respondent_type, channel");
  std::vector<std::pair<std::vector<std::string>, std::int64_t>> out;
  for (const auto& r : q.fetch(s_)) out.push_back({{r.text(0), r.text(1), r.text(2)}, r.int64(3).value_or(0)});
  return out;
}

std::optional<RateWindow> SqlRateLimitStore::hit(const std::string& client_key, int limit) {
  Query q("INSERT INTO public_write_counts (client_hash, window_start, hits) VALUES (");
  q.sql(q.bind(client_key)).sql(", date_trunc('minute', now()), 1) ON CONFLICT (client_hash, window_start) DO UPDATE ");
  q.sql("SET hits = public_write_counts.hits + 1, updated_at = now() RETURNING hits, ");
  q.sql("CAST(ceil(extract(epoch FROM window_start + interval '1 minute' - now())) AS int)");
  auto row = q.fetch_one(s_);
  // Windows long past are deleted by expire_records (persistence/housekeeping.hpp).
  const int hits = static_cast<int>(row->int64(0).value_or(0));
  if (hits <= limit) return std::nullopt;
  return RateWindow{hits, std::max(1, static_cast<int>(row->int64(1).value_or(60)))};
}

}  // namespace incommon::db
