#pragma once
// Configuration from the environment (see README: INCOMMON_*).
#include <cstddef>
#include <string>
#include <vector>

#include "domain/core/error.hpp"

namespace incommon {

struct Config {
  std::string database_url;
  std::string listen_host = "0.0.0.0";
  int listen_port = 8080;
  int threads = 8;          // request threads: each reads its share of the connections and answers their requests
  std::size_t db_pool = 0;  // 0: one per thread plus one for readiness
  std::string log_level = "info";
  std::string log_format;  // json | text; default: text on a terminal, json otherwise
  std::size_t max_body_bytes = 1048576;
  int public_rate_limit = 60;
  std::string trusted_proxies;
  std::vector<std::string> cors_origins;  // INCOMMON_CORS_ORIGINS: browser origins allowed to call the API
  std::string address_key;                // the key of client hashes; empty: the one kept in the database
  std::string listen_database_url;        // the listener's connection; empty: INCOMMON_DATABASE_URL
  int expiry_seconds = 600;               // how often expired records are deleted
};

Result<Config> config_from_environment();

}  // namespace incommon
