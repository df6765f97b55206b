#include "persistence/vote_repository.hpp"
#include "persistence/rows.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Vote> kVotes("votes", {
                                      field("body_id", &Vote::body_id),
                                      field("motion", &Vote::motion),
                                      field("kind", &Vote::kind),
                                      field("subject_organisation_ids", &Vote::subject_organisation_ids),
                                      field("prompted_by_id", &Vote::prompted_by_id),
                                      field("opened_on", &Vote::opened_on),
                                      field("closed_on", &Vote::closed_on),
                                      field("status", &Vote::status),
                                      field("threshold", &Vote::threshold),
                                      field("votes_for", &Vote::tallies, &Tallies::votes_for),
                                      field("votes_against", &Vote::tallies, &Tallies::votes_against),
                                      field("votes_abstained", &Vote::tallies, &Tallies::votes_abstained),
                                      field("eligible", &Vote::eligible),
                                      field("declared_outcome", &Vote::declared_outcome),
                                      field("outcome", &Vote::outcome),
                                      field("withdrawn_reason", &Vote::withdrawn_reason),
                                  });

const Table<Position> kPositions("vote_positions", {
                                                       field("vote_id", &Position::vote_id),
                                                       field("organisation_id", &Position::organisation_id),
                                                       field("position", &Position::position),
                                                       field("stated_on", &Position::stated_on),
                                                       field("note", &Position::note),
                                                   });

}  // namespace

Result<Vote> SqlVoteRepository::insert(const Vote& v) {
  return kVotes.add(s_, v);
}

std::optional<Vote> SqlVoteRepository::find(const std::string& id) {
  return kVotes.find(s_, id, false);
}
std::optional<Vote> SqlVoteRepository::find_for_update(const std::string& id) {
  return kVotes.find(s_, id, true);
}

Page<Vote> SqlVoteRepository::list(const VoteFilter& f, const PageRequest& page) {
  Query q = kVotes.select();
  q.sql(" WHERE true");
  if (f.body_id) q.sql(" AND votes.body_id = CAST(").sql(q.bind(*f.body_id)).sql(" AS uuid)");
  if (f.subject_organisation_id)
    q.sql(" AND votes.subject_organisation_ids @> ARRAY[CAST(")
        .sql(q.bind(*f.subject_organisation_id))
        .sql(" AS uuid)]");
  q.and_any_of("votes.kind", f.kind);
  if (!f.ids.empty()) q.and_in("votes.id", f.ids, "uuid");
  if (f.programme_id) {
    const std::string bodies = programme_bodies(q, *f.programme_id);
    q.sql(" AND (votes.body_id = ANY(").sql(bodies).sql(") OR votes.subject_organisation_ids && ").sql(bodies).sql(")");
  }
  if (f.as_of) {
    // A vote closed after the date was open then, its outcome pending (vote_as_of).
    const std::string as_of = "CAST(" + q.bind(f.as_of) + " AS date)";
    q.sql(" AND votes.opened_on <= ").sql(as_of);
    const std::string later = "votes.closed_on > " + as_of;
    q.and_any_of("(CASE WHEN " + later + " THEN 'open' ELSE votes.status END)", f.status);
    q.and_any_of("(CASE WHEN " + later + " THEN 'pending' ELSE votes.outcome END)", f.outcome);
  } else {
    q.and_any_of("votes.status", f.status);
    q.and_any_of("votes.outcome", f.outcome);
  }
  if (page.after) append_after(q, "votes.opened_on, votes.id", *page.after, "date,uuid");
  q.sql(" ORDER BY votes.opened_on, votes.id");
  return kVotes.page(s_, std::move(q), page, [](const Vote& v) {
    return std::vector<std::string>{v.opened_on.to_string(), v.meta.id};
  });
}

Result<Vote> SqlVoteRepository::save(const Vote& v) {
  return kVotes.save(s_, v, "vote");
}

Result<Vote> SqlVoteRepository::save_as(const Vote& v, std::string_view action) {
  return with_audit_action(s_, action, [&] { return save(v); });
}

std::vector<std::string> SqlVoteRepository::missing_organisations(const std::vector<std::string>& ids) {
  return missing_ids(s_, "organisations", ids);
}

std::optional<Position> SqlVoteRepository::position_of(const std::string& vote_id, const std::string& organisation_id) {
  Query q = kPositions.select();
  q.sql(" WHERE vote_positions.vote_id = CAST(")
      .sql(q.bind(vote_id))
      .sql(" AS uuid) AND vote_positions.organisation_id = CAST(");
  q.sql(q.bind(organisation_id)).sql(" AS uuid) FOR UPDATE");
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  return kPositions.from_row(*row);
}

std::optional<Position> SqlVoteRepository::find_position(const std::string& id) {
  return kPositions.find(s_, id, false);
}

Result<Position> SqlVoteRepository::insert_position(const Position& p) {
  return kPositions.add(s_, p);
}

Result<Position> SqlVoteRepository::save_position(const Position& p) {
  return kPositions.save(s_, p, "position");
}

std::vector<Position> SqlVoteRepository::positions_of(const std::string& vote_id,
                                                      const std::optional<Date>& stated_by) {
  Query q = kPositions.select();
  q.sql(" WHERE vote_positions.vote_id = CAST(").sql(q.bind(vote_id)).sql(" AS uuid)");
  if (stated_by) q.sql(" AND vote_positions.stated_on <= CAST(").sql(q.bind(stated_by)).sql(" AS date)");
  q.sql(" ORDER BY vote_positions.stated_on, vote_positions.id");
  return kPositions.fetch(s_, q);
}

Page<Position> SqlVoteRepository::position_page(const std::string& vote_id, const Date& stated_by,
                                                const PageRequest& page) {
  Query q = kPositions.select();
  q.sql(" WHERE vote_positions.vote_id = CAST(").sql(q.bind(vote_id)).sql(" AS uuid)");
  q.sql(" AND vote_positions.stated_on <= CAST(").sql(q.bind(std::optional<Date>(stated_by))).sql(" AS date)");
  if (page.after) append_after(q, "vote_positions.stated_on, vote_positions.id", *page.after, "date,uuid");
  q.sql(" ORDER BY vote_positions.stated_on, vote_positions.id");
  return kPositions.page(s_, std::move(q), page, [](const Position& p) {
    return std::vector<std::string>{p.stated_on.to_string(), p.meta.id};
  });
}

const Table<Vote>& votes_table() {
  return kVotes;
}

}  // namespace incommon::db
