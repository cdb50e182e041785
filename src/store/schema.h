// The store's versioned schema: opening a database file as an evp store (WAL, checks that it
// is one, migrates it up with one function per version step) and the current version.
#pragma once

#include <filesystem>

#include "store/sqlite.h"

namespace evp::store {

// Version 1: experiments, rollouts. Version 2: the response cache. Version 6: battles.
// Version 7: stored reports, annotations.
inline constexpr int kSchemaVersion = 7;
// PRAGMA application_id of an evp store ("evp1" in ASCII), so `file` and evp itself can tell.
inline constexpr int kApplicationId = 0x65767031;

// Opens `db` as an evp store: creates missing parent directories, turns on WAL with
// synchronous=NORMAL (a committed transaction survives the process being killed), sets a
// busy timeout, and migrates the schema to kSchemaVersion. Throws std::runtime_error
// "cannot open store PATH: ..." for a file that is not a database, a database that is not
// an evp store, a schema newer than this binary knows, or an unwritable path.
Connection open_store(const std::filesystem::path& db);

// The schema version recorded in the database; 0 for a database without evp tables.
int schema_version(Connection& connection);

// Runs the migrations from the current version up to `target` (<= kSchemaVersion) in one
// transaction. open_store calls it with kSchemaVersion; tests use it to build old stores.
void migrate(Connection& connection, int target);

}  // namespace evp::store
