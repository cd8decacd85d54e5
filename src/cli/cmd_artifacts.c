/* cmd_artifacts — `steward artifacts ID` lists what a run wrote;
 * `steward artifacts get ID PATH [-o FILE]` fetches one file, checking
 * that what it copies still has the hash the manifest recorded. */
#include "api/artifacts.h"
#include "core/sha256.h"
#include "cli/util.h"
#include "api/principal.h"
#include "client/client.h"
#include "core/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: steward artifacts ID [--json]\n"
    "       steward artifacts get ID PATH [-o FILE]\n\n"
    "Lists the files the latest run of experiment ID left in\n"
    "$STEWARD_ARTIFACTS: path, size and sha256 (content removed by\n"
    "retention shows as 'removed'). get writes one of them to FILE (default:\n"
    "stdout), checking its sha256 on the way; PATH is the path as listed,\n"
    "never a path outside the run's artifacts.\n";

static void print_list(const json_t *list)
{
    size_t i;
    json_t *f;
    char size[32];
    const json_t *files = json_object_get(list, "files");
    json_array_foreach(files, i, f) {
        format_size(json_integer_value(json_object_get(f, "size")), size,
                    sizeof size);
        printf("%-40s %8s  %.64s%s\n",
               json_string_value(json_object_get(f, "path")), size,
               json_string_value(json_object_get(f, "sha256")),
               json_is_true(json_object_get(f, "present")) ? ""
                                                            : "  (removed)");
    }
    if (!json_array_size(files))
        printf("experiment %lld's run wrote no artifacts\n",
               (long long)json_integer_value(json_object_get(list,
                                                             "experiment")));
    json_array_foreach(json_object_get(list, "skipped"), i, f)
        printf("skipped  %s: %s\n",
               json_string_value(json_object_get(f, "path")),
               json_string_value(json_object_get(f, "reason")));
}

static int list_artifacts(struct steward *s, int64_t id, int json)
{
    struct err err = ERR_INIT;
    json_t *list = NULL;
    if (steward_artifacts(s, id, &list, &err))
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(list);
    else
        print_list(list);
    json_decref(list);
    return 0;
}

/* Copies in to out, hashing; fails when the hash is not sha. */
static int copy_checked(int in, int out, const char *sha, struct err *err)
{
    crypto_hash_sha256_state st;
    unsigned char block[65536];
    char hex[SHA256_HEX];
    ssize_t n;
    crypto_hash_sha256_init(&st);
    while ((n = read(in, block, sizeof block)) > 0) {
        crypto_hash_sha256_update(&st, block, (unsigned long long)n);
        if (write(out, block, (size_t)n) != n)
            return err_errno(err, "writing the artifact");
    }
    if (n < 0)
        return err_errno(err, "reading the artifact");
    sha256_final_hex(&st, hex);
    if (strcmp(hex, sha))
        return err_set(err, ERR_INTERNAL, "the stored artifact's sha256 is "
                       "%s, not %s as recorded: the store was altered", hex,
                       sha);
    return 0;
}

static int fetch(struct steward *s, int64_t id, const char *name,
                 const char *file, struct err *err)
{
    char sha[65];
    int64_t size;
    int in = -1, out = STDOUT_FILENO;
    int rc = steward_artifact_open(s, id, name, &in, sha, &size, err);
    if (!rc && file) {
        out = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out < 0)
            rc = err_errno(err, "opening %s", file);
    }
    rc = rc ? rc : copy_checked(in, out, sha, err);
    if (out != STDOUT_FILENO && out >= 0 && close(out) && !rc)
        rc = err_errno(err, "writing %s", file);
    if (rc && file && out >= 0)
        (void)unlink(file);
    if (in >= 0)
        close(in);
    return rc;
}

static int get_artifact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), 0;
        if (c != 'o')
            return cli_usage("artifacts", "unknown option");
        file = optarg;
    }
    if (file && principal_imposed()) {   /* the server's request child */
        fprintf(stderr, "steward: artifacts get -o: through a server the "
                "client writes the file; the server never writes where a "
                "client names\n");
        return 1;
    }
    if (argc - optind != 2)
        return cli_usage("artifacts", "get takes an experiment id and a path");
    struct err err = ERR_INIT;
    struct steward *s;
    int64_t id;
    if (cli_parse_id(argv[optind], &id, &err))
        return cli_fail(&err, 0);
    int rc = cli_open(&s, 0);
    if (rc)
        return rc;
    rc = fetch(s, id, argv[optind + 1], file, &err);
    steward_close(s);
    return rc ? cli_fail(&err, 0) : 0;
}

int cmd_artifacts(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "get"))
        return get_artifact(argc - 1, argv + 1);
    int json = 0;
    int i = cli_simple_opts(argc, argv, &json, usage);
    if (i < 0)
        return i == -1 ? 0 : 1;
    if (argc - i != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct err err = ERR_INIT;
    struct steward *s;
    int64_t id;
    if (cli_parse_id(argv[i], &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = list_artifacts(s, id, json);
    steward_close(s);
    return rc;
}

/* -o FILE, -oFILE, --output FILE, --output=FILE: 1 and *file set, with
 * *skip the argv slots it takes. */
static int output_option(char **argv, int i, const char **file, int *skip)
{
    const char *a = argv[i];
    *skip = 1;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
        *file = argv[i + 1];
        *skip = 2;
        return *file != NULL;
    }
    if (!strncmp(a, "--output=", 9) || (!strncmp(a, "-o", 2) && a[2]))
        return *file = a + (a[1] == '-' ? 9 : 2), 1;
    return 0;
}

int artifacts_get_through(const char *socket, int argc, char **argv)
{
    const char *file = NULL;
    char *args[argc + 1];
    int n = 0, skip;
    if (argc < 2 || strcmp(argv[0], "artifacts") || strcmp(argv[1], "get"))
        return -1;
    for (int i = 0; i < argc; i += skip)
        if (!output_option(argv, i, &file, &skip))
            for (int k = 0; k < skip; k++)
                args[n++] = argv[i + k];
    args[n] = NULL;
    if (!file)
        return -1;
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "steward: opening %s: %s\n", file, strerror(errno));
        return 1;
    }
    int rc = client_exec_to_fd(socket, n, args, fd);
    if (close(fd) && !rc) {
        fprintf(stderr, "steward: writing %s: %s\n", file, strerror(errno));
        rc = 1;
    }
    if (rc)
        (void)unlink(file);
    return rc;
}
