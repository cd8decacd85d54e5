/* policy_stored — `policy explain ID` and `policy diff NEW [--last N]`,
 * which read stored proposals through the library. */
#include "cli/util.h"

#include <stdio.h>
#include <stdlib.h>

int policy_explain_id(const char *id_text, int json)
{
    struct steward *s;
    struct err err = ERR_INIT;
    int64_t id;
    char *text = NULL;
    json_t *exp = NULL;
    if (cli_parse_id(id_text, &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = json ? steward_show(s, id, &exp, &err)
              : steward_explain(s, id, &text, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(json_object_get(exp, "decision"));
    else
        printf("experiment %s:\n%s", id_text, text);
    json_decref(exp);
    free(text);
    return 0;
}

static void print_change(const json_t *c)
{
    printf("  #%lld: %s -> %s", (long long)json_integer_value(
               json_object_get(c, "id")),
           json_string_value(json_object_get(c, "before")),
           json_string_value(json_object_get(c, "after")));
    json_t *r = json_array_get(json_object_get(c, "after_reasons"), 0);
    if (json_is_object(r))
        r = json_object_get(r, "reason");
    if (json_is_string(r))
        printf("  (%s)", json_string_value(r));
    putchar('\n');
}

int policy_diff_stored(const char *new_path, int last, int json)
{
    struct steward *s;
    struct err err = ERR_INIT;
    json_t *changes = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_policy_diff(s, new_path, last, &changes, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(changes);
    else
        printf("%zu of the last %d proposals would be decided differently\n",
               json_array_size(changes), last);
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) if (!json) print_change(c);
    json_decref(changes);
    return 0;
}

/* "experiment 7: approved → pending_review: the new policy sends it to
 * review: its auto-approval is void". */
static void print_redecided(const json_t *list)
{
    size_t i;
    json_t *c;
    if (json_array_size(list))
        printf("the new policy decided %zu waiting or approved experiment(s) "
               "again:\n", json_array_size(list));
    json_array_foreach(list, i, c)
        printf("  experiment %lld: %s → %s: %s\n",
               (long long)json_integer_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "from")),
               json_string_value(json_object_get(c, "state")),
               json_string_value(json_object_get(c, "why")));
}

int policy_apply_file(const char *file, int json)
{
    struct steward *s;
    struct err err = ERR_INIT;
    char hash[80];
    json_t *redecided = NULL;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_policy_apply(s, file, hash, sizeof hash, &redecided, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        json_t *out = json_pack("{s:s,s:o}", "applied", hash, "redecided",
                                redecided);
        (void)cli_print_json(out);
        json_decref(out);
        return 0;
    }
    printf("policy %s applied (recorded in the ledger)\n", hash);
    print_redecided(redecided);
    json_decref(redecided);
    return 0;
}
