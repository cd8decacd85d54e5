/* forms — the web page's forms as CLI commands (see forms.c). */
#ifndef STEWARD_SERVER_FORMS_H
#define STEWARD_SERVER_FORMS_H

#include <stddef.h>
#include <jansson.h>

#define FORMS_BODY_MAX 65536
#define FORMS_REASON_MAX 500

struct form_call {
    json_t *argv;       /* the command, or NULL (no such form) */
    char csrf[80];      /* the form's CSRF token as sent */
    char back[128];     /* where the browser goes once it is done */
};

#define FORMS_UNKNOWN (-2)

/* Parses an application/x-www-form-urlencoded body posted to url into
 * call (release call->argv). FORMS_UNKNOWN: no such form; -1: a bad
 * field; why says which. */
int forms_parse(const char *url, const char *body, size_t len,
                struct form_call *call, char *why, size_t n);

#endif
