#include "persistence/token_repository.hpp"
#include "persistence/sql.hpp"
#include "persistence/table.hpp"

namespace incommon::db {

namespace {

const Table<Token> kTokens("tokens", {
                                         field("name", &Token::name),
                                         field("role", &Token::role),
                                         field("kind", &Token::kind),
                                         stored("revoked_at", &Token::revoked_at),
                                     });

}  // namespace

Result<Token> SqlTokenRepository::insert(const Token& t, const std::string& secret_hash) {
  Query q("INSERT INTO tokens (");
  q.sql(kTokens.fields())
      .sql(", secret_hash) VALUES (")
      .sql(kTokens.bind_fields(q, t))
      .sql(", ")
      .sql(q.bind(secret_hash));
  q.sql(") RETURNING ").sql(kTokens.columns());
  return kTokens.from_row(*q.fetch_one(s_));
}

std::optional<Token> SqlTokenRepository::find(const std::string& id) {
  return kTokens.find(s_, id, false);
}

std::optional<Principal> SqlTokenRepository::authenticate(const std::string& secret_hash) {
  Query q("SELECT id::text, name, role, kind FROM tokens WHERE revoked_at IS NULL AND secret_hash = ");
  q.sql(q.bind(secret_hash));
  auto row = q.fetch_one(s_);
  if (!row) return std::nullopt;
  Principal p;
  p.token_id = row->text(0);
  p.name = row->text(1);
  p.role = parse_enum<Role>(row->text(2)).value_or(Role::viewer);
  p.kind = parse_enum<TokenKind>(row->text(3)).value_or(TokenKind::api);
  return p;
}

Page<Token> SqlTokenRepository::list(const PageRequest& page) {
  Query q = kTokens.select();
  q.sql(" WHERE true");
  if (page.after) append_after(q, "tokens.created_at, tokens.id", *page.after, "timestamptz,uuid");
  q.sql(" ORDER BY tokens.created_at, tokens.id");
  return kTokens.page(s_, std::move(q), page, [](const Token& t) {
    return std::vector<std::string>{t.meta.created_at, t.meta.id};
  });
}

Result<Token> SqlTokenRepository::revoke(const std::string& id) {
  // Revoking twice keeps the first instant: the answer is the same, nothing is written again.
  Query q("UPDATE tokens SET revoked_at = now() WHERE revoked_at IS NULL AND id = CAST(");
  q.sql(q.bind(id)).sql(" AS uuid) RETURNING ").sql(kTokens.columns());
  if (auto row = q.fetch_one(s_)) return kTokens.from_row(*row);
  if (auto existing = find(id)) return *existing;
  return fail(Error::not_found("No token has id " + id + "."));
}

}  // namespace incommon::db
