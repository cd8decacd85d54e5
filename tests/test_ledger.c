/*
 * test_ledger — the hash chain detects every kind of tampering and names
 * the first bad entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ledger/ledger.h"
#include "store/store.h"

static char path[64];

static sqlite3 *ledger_with(int entries)
{
    sqlite3 *db;
    struct err err = ERR_INIT;
    snprintf(path, sizeof path, "/tmp/steward-ledger-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(store_open(path, 1, &db, &err), 0);
    for (int i = 0; i < entries; i++) {
        json_t *p = json_pack("{s:i}", "n", i);
        assert_int_equal(store_begin(db, &err), 0);
        assert_int_equal(ledger_append(db, "user:test", "test.act",
                                       "thing", p, &err), 0);
        assert_int_equal(store_commit(db, &err), 0);
        json_decref(p);
    }
    return db;
}

static void done(sqlite3 *db)
{
    char extra[80];
    store_close(db);
    unlink(path);
    snprintf(extra, sizeof extra, "%s-wal", path);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s-shm", path);
    unlink(extra);
}

static int64_t first_bad(sqlite3 *db)
{
    struct ledger_check c;
    struct err err = ERR_INIT;
    assert_int_equal(ledger_verify(db, &c, &err), 0);
    return c.first_bad;
}

static void tamper(sqlite3 *db, const char *sql)
{
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void an_untouched_chain_verifies(void **state)
{
    sqlite3 *db = ledger_with(5);
    struct ledger_check c;
    struct err err = ERR_INIT;
    assert_int_equal(ledger_verify(db, &c, &err), 0);
    assert_int_equal(c.first_bad, 0);
    assert_int_equal(c.entries, 5);
    done(db);
}

static void an_edited_payload_is_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "UPDATE ledger SET payload = '{\"n\":99}' WHERE seq = 3");
    assert_int_equal(first_bad(db), 3);
    done(db);
}

static void an_edited_principal_is_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "UPDATE ledger SET principal = 'user:mallory' WHERE seq = 2");
    assert_int_equal(first_bad(db), 2);
    done(db);
}

static void a_deleted_entry_is_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "DELETE FROM ledger WHERE seq = 4");
    assert_int_equal(first_bad(db), 4);
    done(db);
}

static void a_deleted_tail_is_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "DELETE FROM ledger WHERE seq = 5");
    assert_int_equal(first_bad(db), 5);
    done(db);
}

static void an_inserted_entry_is_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "UPDATE ledger SET seq = seq + 100 WHERE seq >= 3");
    tamper(db, "UPDATE ledger SET seq = seq - 99 WHERE seq >= 100");
    tamper(db, "INSERT INTO ledger SELECT 3, time_ms, principal, action, "
               "object, payload, prev_hash, hash FROM ledger WHERE seq = 2");
    assert_int_equal(first_bad(db), 3);
    done(db);
}

static void reordered_entries_are_found(void **state)
{
    sqlite3 *db = ledger_with(5);
    tamper(db, "UPDATE ledger SET seq = -2 WHERE seq = 2");
    tamper(db, "UPDATE ledger SET seq = 2 WHERE seq = 3");
    tamper(db, "UPDATE ledger SET seq = 3 WHERE seq = -2");
    assert_int_equal(first_bad(db), 2);
    done(db);
}

static void append_outside_a_transaction_is_refused(void **state)
{
    sqlite3 *db = ledger_with(0);
    struct err err = ERR_INIT;
    assert_int_equal(ledger_append(db, "u", "a", "o", NULL, &err),
                     ERR_INTERNAL);
    done(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_untouched_chain_verifies),
        cmocka_unit_test(an_edited_payload_is_found),
        cmocka_unit_test(an_edited_principal_is_found),
        cmocka_unit_test(a_deleted_entry_is_found),
        cmocka_unit_test(a_deleted_tail_is_found),
        cmocka_unit_test(an_inserted_entry_is_found),
        cmocka_unit_test(reordered_entries_are_found),
        cmocka_unit_test(append_outside_a_transaction_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
