/* sha256 — see sha256.h. */
#include "core/sha256.h"

#include <string.h>

void sha256_hex(const void *data, size_t n, char out[SHA256_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data, n);
    sodium_bin2hex(out, SHA256_HEX, d, sizeof d);
}

void sha256_text_hex(const char *text, char out[SHA256_HEX])
{
    sha256_hex(text, strlen(text), out);
}

void sha256_final_hex(crypto_hash_sha256_state *st, char out[SHA256_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(st, d);
    sodium_bin2hex(out, SHA256_HEX, d, sizeof d);
}
