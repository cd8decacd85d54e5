/*
 * bench-snapshot — how long a proposal's snapshot takes: the first time
 * (every file read, hashed on every core and stored once) and again on an
 * unchanged tree (the metadata cache answers; nothing is read).
 * Usage: bench-snapshot TREE HOME   (HOME: a scratch .steward directory)
 */
#include "snapshot/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int scan(const char *tree, const char *home, const char *what)
{
    struct err err = ERR_INIT;
    struct cas *c = NULL;
    struct snapshot_manifest *m = NULL;
    char cache[4200];
    snprintf(cache, sizeof cache, "%s/cas/scan-bench", home);
    double t0 = now_s();
    int rc = cas_open(home, &c, &err);
    struct snapshot_opts o = {tree, NULL, 0, (int64_t)1 << 40,
                              SNAPSHOT_FILES_MAX, cache, c, 0};
    rc = rc ? rc : snapshot_scan(&o, &m, &err);
    json_t *j = rc ? NULL : snapshot_manifest_json(m);
    double t = now_s() - t0;
    if (rc)
        fprintf(stderr, "bench-snapshot: %s\n", err.msg);
    else
        printf("snapshot %-10s %8.3f s  %zu files  %.1f MiB\n", what, t,
               snapshot_file_count(m),
               (double)snapshot_byte_count(m) / 1048576.0);
    json_decref(j);
    snapshot_manifest_free(m);
    cas_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench-snapshot TREE HOME\n");
        return 2;
    }
    return scan(argv[1], argv[2], "first") || scan(argv[1], argv[2],
                                                   "unchanged") ? 1 : 0;
}
