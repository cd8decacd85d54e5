/* b64 — see b64.h; libsodium does the coding. */
#include "core/b64.h"

#include <sodium.h>
#include <stdlib.h>

json_t *b64_json(const void *data, size_t n)
{
    size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *text = malloc(len);
    if (!text)
        return NULL;
    sodium_bin2base64(text, len, data, n, sodium_base64_VARIANT_ORIGINAL);
    json_t *s = json_string(text);
    free(text);
    return s;
}

unsigned char *b64_decode(const char *text, size_t len, size_t *n)
{
    size_t max = len / 4 * 3 + 3;
    unsigned char *bin = malloc(max);
    if (bin && sodium_base642bin(bin, max, text, len, NULL, n, NULL,
                                 sodium_base64_VARIANT_ORIGINAL) == 0)
        return bin;
    free(bin);
    return NULL;
}
