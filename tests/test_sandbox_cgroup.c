/* test_sandbox_cgroup — cgroup mode detection on fake trees (pure v2,
 * hybrid v1+v2, v1 only, nothing), forcing a mode, and the enforcement
 * report each mode produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/sandbox_int.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char path[512], dir[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "%s", path);
    for (char *s = dir + strlen(root) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(dir, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    snprintf(root, sizeof root, "/tmp/steward-cg-XXXXXX");
    assert_non_null(mkdtemp(root));
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static int detect(const char *force, struct sbx_cg_probe *p)
{
    char proc[128];
    snprintf(proc, sizeof proc, "%s/proc-self-cgroup", root);
    return sbx_cg_detect(root, proc, force, p);
}

static void hybrid_tree(void)
{
    put("proc-self-cgroup", "8:pids:/\n6:freezer:/\n4:memory:/job/7\n"
        "1:cpu,cpuacct:/\n0::/\n");
    put("unified/cgroup.controllers", "hugetlb\n");
    put("unified/cgroup.subtree_control", "");
    put("memory/job/7/cgroup.procs", "");
    put("pids/cgroup.procs", "");
    put("cpu/cgroup.procs", "");
    put("freezer/cgroup.procs", "");
}

static void pure_v2_picks_v2_in_our_own_cgroup(void **state)
{
    struct sbx_cg_probe p;
    put("proc-self-cgroup", "0::/user.slice/app\n");
    put("cgroup.controllers", "cpuset cpu io memory pids\n");
    put("user.slice/app/cgroup.controllers", "cpu memory pids\n");
    put("user.slice/app/cgroup.subtree_control", "cpu memory pids\n");
    assert_int_equal(detect(NULL, &p), SBX_CG_V2);
    char want[256];
    snprintf(want, sizeof want, "%s/user.slice/app", root);
    assert_string_equal(p.v2_base, want);
}

static void v2_without_delegated_controllers_is_not_usable(void **state)
{
    struct sbx_cg_probe p;
    put("proc-self-cgroup", "0::/\n");
    put("cgroup.controllers", "cpu io memory pids\n");
    put("cgroup.subtree_control", "cpu io\n");
    /* enabling fails on a real tree; here the file simply keeps junk */
    assert_int_equal(detect(NULL, &p), SBX_CG_NONE);
    assert_non_null(strstr(p.why, "cannot delegate"));
}

static void hybrid_host_falls_back_to_v1(void **state)
{
    struct sbx_cg_probe p;
    hybrid_tree();
    assert_int_equal(detect(NULL, &p), SBX_CG_V1);
    char want[256];
    snprintf(want, sizeof want, "%s/memory/job/7", root);
    assert_string_equal(p.v1_base[SBX_V1_MEMORY], want);
    snprintf(want, sizeof want, "%s/cpu", root);
    assert_string_equal(p.v1_base[SBX_V1_CPU], want);
    assert_non_null(strstr(p.why, "cannot delegate memory"));
}

static void v1_without_cpu_leaves_rlimits(void **state)
{
    struct sbx_cg_probe p;
    put("proc-self-cgroup", "4:memory:/\n8:pids:/\n");
    put("memory/cgroup.procs", "");
    put("pids/cgroup.procs", "");
    assert_int_equal(detect(NULL, &p), SBX_CG_NONE);
    assert_non_null(strstr(p.why, "cpu"));
}

/* Cut to fit, our cgroup's path would name an ancestor (or a stranger)
 * and runs would be created there. */
static void a_cgroup2_path_too_long_to_hold_is_refused(void **state)
{
    struct sbx_cg_probe p;
    char line[4100] = "0::/";
    memset(line + 4, 'a', 4090);
    memcpy(line + 4094, "\n", 2);
    put("proc-self-cgroup", line);
    put("cgroup.controllers", "cpu memory pids\n");
    assert_int_equal(detect("v2", &p), -1);
    assert_string_equal(p.v2_base, "");
    assert_non_null(strstr(p.why, "is too long"));
}

static void forcing_a_mode_the_host_lacks_is_an_error(void **state)
{
    struct sbx_cg_probe p;
    hybrid_tree();
    assert_int_equal(detect("v2", &p), -1);
    assert_non_null(strstr(p.why, "cgroup2"));
    assert_int_equal(detect("v1", &p), SBX_CG_V1);
    assert_int_equal(detect("none", &p), SBX_CG_NONE);
    assert_int_equal(detect("v3", &p), -1);
    assert_non_null(strstr(p.why, "STEWARD_CGROUP_MODE"));
}

static const char *rep(json_t *r, const char *key)
{
    const char *v = json_string_value(json_object_get(r, key));
    assert_non_null(v);
    return v;
}

static void report_names_each_mechanism(void **state)
{
    struct sandbox_spec s;
    memset(&s, 0, sizeof s);
    s.limits.mem_bytes = 1 << 30;
    s.limits.cpus = 2;
    s.limits.pids = 50;
    json_t *r = sbx_report_build(&s, SBX_CG_V2, 0);
    assert_non_null(strstr(rep(r, "memory"), "cgroup2 memory.max"));
    assert_non_null(strstr(rep(r, "cpu"), "cgroup2 cpu.max"));
    assert_non_null(strstr(rep(r, "pids"), "cgroup2 pids.max=50"));
    assert_non_null(strstr(rep(r, "network"), "loopback only"));
    assert_non_null(strstr(rep(r, "cleanup"), "cgroup.kill"));
    json_decref(r);
    r = sbx_report_build(&s, SBX_CG_V1, 0);
    assert_non_null(strstr(rep(r, "memory"), "cgroup1 memory.limit_in_bytes"));
    assert_non_null(strstr(rep(r, "pids"), "rlimit NPROC=50"));
    assert_non_null(strstr(rep(r, "cpu"), "cpu.cfs_quota_us"));
    json_decref(r);
    s.network = 1;
    r = sbx_report_build(&s, SBX_CG_NONE, 0);
    assert_non_null(strstr(rep(r, "memory"), "rlimit AS"));
    assert_string_equal(rep(r, "cpu"), "NOT ENFORCED");
    assert_non_null(strstr(rep(r, "pids"), "rlimit NPROC=50"));
    assert_non_null(strstr(rep(r, "network"), "slirp4netns egress"));
    json_decref(r);
}

static void capabilities_follow_the_forced_mode(void **state)
{
    setenv("STEWARD_CGROUP_MODE", "none", 1);
    json_t *r = sandbox_capabilities();
    assert_string_equal(rep(r, "cgroup_mode"), "none");
    assert_string_equal(rep(r, "cpu"), "NOT ENFORCED");
    json_decref(r);
    setenv("STEWARD_CGROUP_MODE", "bogus", 1);
    r = sandbox_capabilities();
    assert_non_null(strstr(rep(r, "cgroup_mode"), "error"));
    json_decref(r);
    unsetenv("STEWARD_CGROUP_MODE");
}

/* The v2 kill path on the host's real cgroup2 mount (which has no
 * controllers here, but cgroup.kill and cgroup.procs work without them). */
static void v2_attach_kill_and_remove_on_a_real_cgroup2(void **state)
{
    const char *base = "/sys/fs/cgroup/unified";
    if (access(base, W_OK) != 0)
        skip();
    struct sbx_cgroup *cg = calloc(1, sizeof *cg);
    cg->mode = SBX_CG_V2;
    cg->v2_fd = -1;
    snprintf(cg->v2, sizeof cg->v2, "%s/steward-test-%d", base, (int)getpid());
    assert_int_equal(mkdir(cg->v2, 0755), 0);
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t child = fork();
    if (child == 0) {
        char c;
        alarm(10);   /* never outlive a failed test */
        if (read(go[0], &c, 1) == 1 && fork() == 0) {
            alarm(10);   /* a grandchild, forked inside: must die too */
            pause();
        }
        pause();
        _exit(0);
    }
    struct err err = ERR_INIT;
    assert_int_equal(sbx_cg_attach(cg, child, &err), 0);
    assert_int_equal(write(go[1], "g", 1), 1);
    usleep(50000);
    char procs[600], text[256];
    snprintf(procs, sizeof procs, "%s/cgroup.procs", cg->v2);
    FILE *f = fopen(procs, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_true(strchr(text, '\n') != strrchr(text, '\n'));  /* two pids */
    sbx_cg_kill(cg);
    int st;
    assert_int_equal(waitpid(child, &st, 0), child);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    char dir[600];
    snprintf(dir, sizeof dir, "%s", cg->v2);
    sbx_cg_destroy(cg);
    assert_int_equal(access(dir, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(pure_v2_picks_v2_in_our_own_cgroup,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            v2_without_delegated_controllers_is_not_usable, setup, teardown),
        cmocka_unit_test_setup_teardown(hybrid_host_falls_back_to_v1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(v1_without_cpu_leaves_rlimits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            a_cgroup2_path_too_long_to_hold_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            forcing_a_mode_the_host_lacks_is_an_error, setup, teardown),
        cmocka_unit_test(report_names_each_mechanism),
        cmocka_unit_test(capabilities_follow_the_forced_mode),
        cmocka_unit_test(v2_attach_kill_and_remove_on_a_real_cgroup2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
