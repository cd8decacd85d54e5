/* test_sandbox_artifacts — artifacts are collected by content hash without
 * following symlinks, skipping specials, within caps; the disk usage walk
 * counts what is really allocated and never follows links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/sandbox_int.h"

#define ABC_SHA "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static char root[64], dir[128], store[128];

static void put(const char *rel, const char *text, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
}

static int setup(void **state)
{
    snprintf(root, sizeof root, "/tmp/steward-art-XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/artifacts", root);
    snprintf(store, sizeof store, "%s/store", root);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(store, 0755), 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static const char *reason(json_t *m, const char *path)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(m, "skipped"), i, s)
        if (!strcmp(json_string_value(json_object_get(s, "path")), path))
            return json_string_value(json_object_get(s, "reason"));
    return NULL;
}

static void files_are_hashed_into_the_store_links_skipped(void **state)
{
    char sub[160], link[160], stored[256];
    put("a.txt", "abc", 3);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    put("sub/same.txt", "abc", 3);
    snprintf(link, sizeof link, "%s/passwd", dir);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    snprintf(link, sizeof link, "%s/etc", dir);
    assert_int_equal(symlink("/etc", link), 0);
    snprintf(link, sizeof link, "%s/fifo", dir);
    assert_int_equal(mkfifo(link, 0644), 0);
    json_t *m;
    struct err err = ERR_INIT;
    assert_int_equal(sandbox_collect_artifacts(dir, store, NULL, &m, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(m, "count")), 2);
    json_t *f0 = json_array_get(json_object_get(m, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f0, "sha256")),
                        ABC_SHA);
    assert_string_equal(reason(m, "passwd"), "symlink");
    assert_string_equal(reason(m, "etc"), "symlink");
    assert_string_equal(reason(m, "fifo"), "not a regular file");
    snprintf(stored, sizeof stored, "%s/%s", store, ABC_SHA);
    struct stat st;
    assert_int_equal(stat(stored, &st), 0);
    assert_int_equal(st.st_size, 3);
    json_decref(m);
}

static void caps_skip_big_and_extra_files(void **state)
{
    put("big.bin", "0123456789", 10);
    put("x1", "1", 1);
    put("x2", "2", 1);
    put("x3", "3", 1);
    struct sandbox_artifact_caps caps = {.max_file_bytes = 5, .max_files = 2};
    json_t *m;
    struct err err = ERR_INIT;
    assert_int_equal(sandbox_collect_artifacts(dir, store, &caps, &m, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(m, "count")), 2);
    assert_string_equal(reason(m, "big.bin"), "larger than the per-file cap");
    assert_int_equal(json_array_size(json_object_get(m, "skipped")), 2);
    json_decref(m);
}

static void a_symlinked_artifacts_dir_is_refused(void **state)
{
    char link[160];
    snprintf(link, sizeof link, "%s/linked", root);
    assert_int_equal(symlink("/etc", link), 0);
    json_t *m;
    struct err err = ERR_INIT;
    assert_true(sandbox_collect_artifacts(link, store, NULL, &m, &err) < 0);
    assert_null(m);
}

static void disk_usage_counts_blocks_not_links(void **state)
{
    static char mib[1 << 20];
    memset(mib, 'x', sizeof mib);
    put("one-mib", mib, sizeof mib);
    char link[160];
    snprintf(link, sizeof link, "%s/usr", dir);
    assert_int_equal(symlink("/usr", link), 0);
    int64_t used = sbx_disk_usage(dir);
    assert_true(used >= 1 << 20);
    assert_true(used < 2 << 20);
}

static void run_files_open_without_following_or_blocking(void **state)
{
    char path[160], link[160], fifo[160];
    struct err err = ERR_INIT;
    put("metrics.jsonl", "{}\n", 3);
    snprintf(path, sizeof path, "%s/metrics.jsonl", dir);
    int fd = sandbox_open_run_file(path, &err);
    assert_true(fd >= 0);
    close(fd);
    snprintf(link, sizeof link, "%s/link", dir);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    assert_int_equal(sandbox_open_run_file(link, &err), ERR_DENIED);
    err_clear(&err);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(sandbox_open_run_file(fifo, &err), ERR_DENIED);
    err_clear(&err);
    assert_int_equal(sandbox_open_run_file(dir, &err), ERR_DENIED);
    err_clear(&err);
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(sandbox_open_run_file(path, &err), ERR_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            files_are_hashed_into_the_store_links_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(caps_skip_big_and_extra_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_symlinked_artifacts_dir_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(disk_usage_counts_blocks_not_links,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            run_files_open_without_following_or_blocking, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
