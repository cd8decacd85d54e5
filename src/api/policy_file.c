/* policy_file — the project's policy file; see policy_file.h. */
#include "api/policy_file.h"
#include "api/api.h"

#include "core/path.h"

int policy_file_path(const char *home, char *out, size_t n,
                     struct err *err)
{
    return path_format(out, n, err, "%s/policy", home);
}

int policy_file_load(const char *home, struct policy **out, struct err *err)
{
    char path[API_PATH_MAX + 16];
    int rc = policy_file_path(home, path, sizeof path, err);
    return rc ? rc : policy_load(path, out, NULL, err);
}
