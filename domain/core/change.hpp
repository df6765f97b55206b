#pragma once
// The one way a stored record changes: lock it, check the client's version (If-Match;
// nullopt means "*", any version),
// let the caller compute the new state, apply the record's rules, save.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/core/error.hpp"

namespace incommon {

template <class T>
using Change = std::function<Result<T>(const T& current)>;

// The client's version check (If-Match) on a record read under lock: stale (412) when it has
// moved on; nullopt expects any version.
template <class T>
Status check_version(const T& current, std::optional<std::int64_t> expected_version) {
  if (expected_version && current.meta.version != *expected_version) return fail(Error::stale(current.meta.version));
  return {};
}

// The same for a record the caller has already locked and read (`current`, none: not found).
// Repo needs save(T) -> Result<T>; `rules(current, next)` returns Status and may consult it.
template <class T, class Repo, class Rules>
Result<T> change_loaded(Repo& repo, std::string_view what, const std::string& id, std::optional<T> current,
                        std::optional<std::int64_t> expected_version, const Change<T>& change, Rules&& rules) {
  if (!current) return fail(Error::not_found("No " + std::string(what) + " has id " + id + "."));
  if (auto ok = check_version(*current, expected_version); !ok) return fail(ok.error());
  auto next = change(*current);
  if (!next) return next;
  next->meta = current->meta;
  if (auto ok = rules(*current, *next); !ok) return fail(ok.error());
  return repo.save(*next);
}

// Repo needs find_for_update(id) -> optional<T> and save(T) -> Result<T>.
template <class T, class Repo, class Rules>
Result<T> change_record(Repo& repo, std::string_view what, const std::string& id,
                        std::optional<std::int64_t> expected_version, const Change<T>& change, Rules&& rules) {
  return change_loaded<T>(repo, what, id, repo.find_for_update(id), expected_version, change,
                          std::forward<Rules>(rules));
}

}  // namespace incommon
