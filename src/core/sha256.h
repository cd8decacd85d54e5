/* sha256 — SHA-256 as the 64 lowercase hex digits by which steward names
 * content, policies, proposals and tokens (libsodium underneath). */
#ifndef STEWARD_CORE_SHA256_H
#define STEWARD_CORE_SHA256_H

#include <sodium.h>
#include <stddef.h>

#define SHA256_HEX 65     /* 64 digits and the terminator */

/* The hash of the n bytes at data. */
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX]);
/* The hash of a C string, without its terminator. */
void sha256_text_hex(const char *text, char out[SHA256_HEX]);
/* Ends a streamed hash (crypto_hash_sha256_init/_update). */
void sha256_final_hex(crypto_hash_sha256_state *st, char out[SHA256_HEX]);

#endif
