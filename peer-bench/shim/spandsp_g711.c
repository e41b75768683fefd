/*
 * Slice wrappers over spandsp's G.711 routines, for interop tests and benchmarks.
 *
 * spandsp's linear_to_ulaw / ulaw_to_linear / linear_to_alaw / alaw_to_linear are
 * `static inline` in <spandsp/g711.h>, so they exist only where a C file includes the
 * header: this file compiles them the way a spandsp user's code would (inlined into a
 * loop). alaw_to_ulaw / ulaw_to_alaw are exported by libspandsp (-lspandsp).
 *
 * <spandsp.h> is not used: it pulls in <tiffio.h>, which libspandsp-dev does not depend on.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>

void shim_ulaw_encode(const int16_t *pcm, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = linear_to_ulaw(pcm[i]);
}

void shim_alaw_encode(const int16_t *pcm, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = linear_to_alaw(pcm[i]);
}

void shim_ulaw_decode(const uint8_t *code, int16_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = ulaw_to_linear(code[i]);
}

void shim_alaw_decode(const uint8_t *code, int16_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = alaw_to_linear(code[i]);
}

void shim_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = ulaw_to_alaw(in[i]);
}

void shim_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = alaw_to_ulaw(in[i]);
}
