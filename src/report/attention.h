/*
 * attention — what the attention page's sections share (attention.c,
 * attention_more.c).
 */
#ifndef STEWARD_REPORT_ATTENTION_H
#define STEWARD_REPORT_ATTENTION_H

#include "report/internal.h"

struct rattn {
    struct steward *s;
    int64_t since_s, now;
    int64_t validity_s;   /* the policy's `approvals valid for` */
    json_t *all;          /* steward_list: every experiment */
    struct doc d;
};

void attention_anomalies(struct rattn *a);
void attention_budgets(struct rattn *a);
void attention_campaigns(struct rattn *a);
void attention_promotions(struct rattn *a);

#endif
