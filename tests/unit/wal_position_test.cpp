// WAL positions as PostgreSQL writes a pg_lsn, which the WAL-Position header carries.
#include <gtest/gtest.h>

#include "persistence/standbys.hpp"

using namespace incommon::db;

TEST(WalPosition, ParsesAndFormatsAsPgLsnDoes) {
  EXPECT_EQ(parse_wal_position("0/0"), 0u);
  EXPECT_EQ(parse_wal_position("0/16B3748"), 0x16B3748u);
  EXPECT_EQ(parse_wal_position("16/B374D848"), (0x16ull << 32) | 0xB374D848u);
  EXPECT_EQ(parse_wal_position("FFFFFFFF/FFFFFFFF"), ~0ull);
  EXPECT_EQ(parse_wal_position("16/b374d848"), parse_wal_position("16/B374D848"));
  EXPECT_EQ(format_wal_position((0x16ull << 32) | 0xB374D848u), "16/B374D848");
  EXPECT_EQ(format_wal_position(0), "0/0");
  // Ordered as the WAL is: a later position is a larger number.
  EXPECT_LT(*parse_wal_position("0/FFFFFFFF"), *parse_wal_position("1/0"));
}

TEST(WalPosition, AnythingElseIsNotOne) {
  for (const char* bad : {"", "/", "16/", "/B374D848", "16B374D848", "16/B374D848/1", "G/0", "0/-1", " 0/1", "0/1 ",
                          "123456789/0", "0/123456789", "yesterday"})
    EXPECT_FALSE(parse_wal_position(bad)) << bad;
}

TEST(WalPosition, AStandbyIsNamedByItsHostAndPortNeverItsPassword) {
  EXPECT_EQ(host_and_port("postgresql://app:secret@db2.internal:5432/incommon?sslmode=require"), "db2.internal:5432");
  EXPECT_EQ(host_and_port("postgres://db2:5433/x"), "db2:5433");
  EXPECT_EQ(host_and_port("host=db2 port=5432 password=secret dbname=incommon"), "db2:5432");
  EXPECT_EQ(host_and_port("dbname=incommon password=secret"), "standby");
}
