/* test_sandbox — the sandbox runs a command isolated, captures its output
 * within a cap, reports how it ended, and leaves nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandbox_int.h"

struct fixture {
    char root[64];
    char work[128], io[128], out[128], errp[128];
    char **env;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct err err = ERR_INIT;
    snprintf(f->root, sizeof f->root, "/tmp/steward-sbx-XXXXXX");
    assert_non_null(mkdtemp(f->root));
    snprintf(f->work, sizeof f->work, "%s/work", f->root);
    snprintf(f->io, sizeof f->io, "%s/io", f->root);
    snprintf(f->out, sizeof f->out, "%s/stdout.log", f->root);
    snprintf(f->errp, sizeof f->errp, "%s/stderr.log", f->root);
    assert_int_equal(mkdir(f->work, 0755), 0);
    assert_int_equal(mkdir(f->io, 0755), 0);
    assert_int_equal(sandbox_env_build(NULL, NULL, &f->env, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->root);
    assert_int_equal(system(cmd), 0);
    sandbox_env_free(f->env);
    free(f);
    return 0;
}

static struct sandbox_spec spec_for(struct fixture *f, const char *const *argv)
{
    struct sandbox_spec s;
    memset(&s, 0, sizeof s);
    s.argv = argv;
    s.env = (const char *const *)f->env;
    s.workdir = f->work;
    s.iodir = f->io;
    s.stdout_path = f->out;
    s.stderr_path = f->errp;
    return s;
}

/* Runs to the end (at most 20 s) and returns how it ended. */
static struct sandbox_exit run(const struct sandbox_spec *s)
{
    struct err err = ERR_INIT;
    struct sandbox *sb;
    struct sandbox_exit ex;
    int rc = sandbox_start(s, &sb, &err);
    if (rc != 0)
        fail_msg("start: %s", err.msg);
    for (int i = 0; i < 200; i++) {
        rc = sandbox_wait(sb, 100, &ex, &err);
        if (rc != 0)
            break;
    }
    assert_int_equal(rc, 1);
    sandbox_free(sb);
    return ex;
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void output_is_captured_and_exit_code_reported(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3",
                          NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct sandbox_exit ex = run(&s);
    assert_int_equal(ex.exited, 1);
    assert_int_equal(ex.exit_code, 3);
    assert_int_equal(ex.signal, 0);
    assert_string_equal(slurp(f->out), "out\n");
    assert_string_equal(slurp(f->errp), "err\n");
    /* the run's own peak, not init's (a copy of this test process) */
    assert_true(ex.max_rss_kb > 0 && ex.max_rss_kb < 32768);
}

static void death_by_signal_is_reported(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/sh", "-c", "kill -SEGV $$", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct sandbox_exit ex = run(&s);
    assert_int_equal(ex.exited, 0);
    assert_int_equal(ex.signal, SIGSEGV);
}

static void log_is_capped_and_drops_counted(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/sh", "-c", "head -c 300000 /dev/zero", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    s.limits.log_bytes = 1000;
    struct sandbox_exit ex = run(&s);
    struct stat st;
    assert_int_equal(stat(f->out, &st), 0);
    assert_int_equal(st.st_size, 1000);
    assert_int_equal(ex.log_dropped, 300000 - 1000);
    assert_int_equal(ex.exit_code, 0);
}

static void terminate_kills_a_process_ignoring_sigterm(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/sh", "-c",
                          "trap '' TERM; echo ready; while :; do sleep 1; done",
                          NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct err err = ERR_INIT;
    struct sandbox *sb;
    struct sandbox_exit ex;
    assert_int_equal(sandbox_start(&s, &sb, &err), 0);
    assert_int_equal(sandbox_wait(sb, 300, &ex, &err), 0);
    int64_t t0 = clock_mono_ns();
    sandbox_terminate(sb, 200);
    int rc = 0;
    for (int i = 0; i < 50 && rc == 0; i++)
        rc = sandbox_wait(sb, 100, &ex, &err);
    int64_t ms = (clock_mono_ns() - t0) / 1000000;
    assert_int_equal(rc, 1);
    assert_int_equal(ex.signal, SIGKILL);
    assert_true(ms >= 190 && ms < 2000);
    sandbox_free(sb);
}

static void terminate_lets_a_cooperative_run_exit_on_sigterm(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/sleep", "30", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct err err = ERR_INIT;
    struct sandbox *sb;
    struct sandbox_exit ex;
    assert_int_equal(sandbox_start(&s, &sb, &err), 0);
    sandbox_terminate(sb, 5000);
    int rc = 0;
    for (int i = 0; i < 30 && rc == 0; i++)
        rc = sandbox_wait(sb, 100, &ex, &err);
    assert_int_equal(rc, 1);
    assert_int_equal(ex.signal, SIGTERM);
    sandbox_free(sb);
}

static void unknown_command_fails_at_start(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"no-such-command-xyz", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct err err = ERR_INIT;
    struct sandbox *sb = NULL;
    assert_int_equal(sandbox_start(&s, &sb, &err), ERR_USER);
    assert_null(sb);
    assert_non_null(strstr(err.msg, "no-such-command-xyz"));
}

static void environment_is_allow_listed(void **state)
{
    (void)state;
    struct err err = ERR_INIT;
    const char *host[] = {"PATH=/bin", "AWS_SECRET_ACCESS_KEY=x",
                          "SSH_AUTH_SOCK=/tmp/a", "STEWARD_TOKEN=t",
                          "LC_ALL=C", "STEWARD_PARAM_LR=0.1", NULL};
    const char *set[] = {"STEWARD_RUN_ID=7", NULL};
    char **env;
    assert_int_equal(sandbox_env_build(host, set, &env, &err), 0);
    int seen = 0;
    for (size_t i = 0; env[i]; i++) {
        assert_null(strstr(env[i], "AWS_"));
        assert_null(strstr(env[i], "SSH_AUTH"));
        assert_null(strstr(env[i], "TOKEN"));
        seen += !strcmp(env[i], "PATH=/bin") + !strcmp(env[i], "LC_ALL=C") +
                !strcmp(env[i], "STEWARD_RUN_ID=7") +
                !strcmp(env[i], "HOME=" SANDBOX_HOME) +
                !strcmp(env[i], "STEWARD_PARAM_LR=0.1");
    }
    assert_int_equal(seen, 5);
    sandbox_env_free(env);
}

static void gpus_fail_closed_on_a_host_without_them(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    struct err err = ERR_INIT;
    struct sandbox *sb = NULL;
    s.limits.gpus = 1;
    assert_int_equal(sandbox_start(&s, &sb, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "none assigned"));
    err_clear(&err);
    s.gpu_ids = "0";
    if (access("/dev/nvidiactl", F_OK) == 0)
        skip();
    assert_int_equal(sandbox_start(&s, &sb, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "nvidiactl"));
    assert_null(sb);
}

static void gpu_visibility_variables_renumber_from_zero(void **state)
{
    (void)state;
    char nv[64], cuda[64];
    struct err err = ERR_INIT;
    assert_int_equal(sandbox_gpu_env("2,5", nv, sizeof nv, cuda, sizeof cuda,
                                     &err), 0);
    assert_string_equal(nv, "NVIDIA_VISIBLE_DEVICES=2,5");
    assert_string_equal(cuda, "CUDA_VISIBLE_DEVICES=0,1");
    assert_int_equal(sandbox_gpu_env("1;rm", nv, sizeof nv, cuda, sizeof cuda,
                                     &err), ERR_USER);
}

static void report_covers_every_limit(void **state)
{
    struct fixture *f = *state;
    const char *argv[] = {"/bin/true", NULL};
    struct sandbox_spec s = spec_for(f, argv);
    s.limits.mem_bytes = 256 << 20;
    s.limits.cpus = 1;
    struct err err = ERR_INIT;
    struct sandbox *sb;
    struct sandbox_exit ex;
    assert_int_equal(sandbox_start(&s, &sb, &err), 0);
    json_t *r = sandbox_report(sb);
    const char *keys[] = {"memory", "cpu", "pids", "wall_time", "disk", "log",
        "network", "filesystem", "seccomp", "namespaces", "privileges",
        "cleanup", "environment", "gpus", "cgroup_mode"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_true(json_is_string(json_object_get(r, keys[i])));
    json_decref(r);
    while (sandbox_wait(sb, 1000, &ex, &err) == 0)
        ;
    sandbox_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            output_is_captured_and_exit_code_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(death_by_signal_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(log_is_capped_and_drops_counted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            terminate_kills_a_process_ignoring_sigterm, setup, teardown),
        cmocka_unit_test_setup_teardown(
            terminate_lets_a_cooperative_run_exit_on_sigterm, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_command_fails_at_start, setup,
                                        teardown),
        cmocka_unit_test(environment_is_allow_listed),
        cmocka_unit_test_setup_teardown(
            gpus_fail_closed_on_a_host_without_them, setup, teardown),
        cmocka_unit_test(gpu_visibility_variables_renumber_from_zero),
        cmocka_unit_test_setup_teardown(report_covers_every_limit, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
