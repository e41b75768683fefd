/*
 * Wrappers over spandsp's DTMF generator and receiver and its modem connect-tones receiver,
 * for interop tests and benchmarks of strowger-dtmf. Opaque pointers cross the FFI boundary;
 * the private headers are included only for sizeof (the per-channel state size).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/complex.h>
#include <spandsp/dds.h>
#include <spandsp/tone_detect.h>
#include <spandsp/tone_generate.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/queue.h>
#include <spandsp/dtmf.h>
#include <spandsp/power_meter.h>
#include <spandsp/async.h>
#include <spandsp/fsk.h>
#include <spandsp/modem_connect_tones.h>
#include <spandsp/private/logging.h>
#include <spandsp/private/queue.h>
#include <spandsp/private/tone_generate.h>
#include <spandsp/private/dtmf.h>

void *shim_dtmf_rx_new(void)
{
    return dtmf_rx_init(NULL, NULL, NULL);
}

void shim_dtmf_rx_free(void *s)
{
    dtmf_rx_free((dtmf_rx_state_t *) s);
}

void shim_dtmf_rx(void *s, const int16_t *amp, int n)
{
    dtmf_rx((dtmf_rx_state_t *) s, amp, n);
}

/* Copies up to max - 1 received digits into buf (NUL terminated); returns the count. */
size_t shim_dtmf_rx_get(void *s, char *buf, int max)
{
    return dtmf_rx_get((dtmf_rx_state_t *) s, buf, max);
}

size_t shim_dtmf_rx_state_size(void)
{
    return sizeof(dtmf_rx_state_t);
}

void *shim_dtmf_tx_new(void)
{
    return dtmf_tx_init(NULL);
}

void shim_dtmf_tx_free(void *s)
{
    dtmf_tx_free((dtmf_tx_state_t *) s);
}

/* Plays one digit with the given level (low tone, dBm0), twist (dB), on and off times (ms);
 * writes at most max samples and returns how many. */
int shim_dtmf_tx_digit(void *s, char digit, int level, int twist, int on_ms, int off_ms,
                       int16_t *out, int max)
{
    dtmf_tx_state_t *t = (dtmf_tx_state_t *) s;
    int n = 0;
    dtmf_tx_set_level(t, level, twist);
    dtmf_tx_set_timing(t, on_ms, off_ms);
    /* dtmf_tx_put returns how many digits did NOT fit in its queue. */
    if (dtmf_tx_put(t, &digit, 1) != 0)
        return -1;
    while (n < max) {
        int k = dtmf_tx(t, out + n, max - n);
        if (k <= 0)
            break;
        n += k;
    }
    return n;
}

void *shim_mct_rx_new(int tone_type)
{
    return modem_connect_tones_rx_init(NULL, tone_type, NULL, NULL);
}

void shim_mct_rx_free(void *s)
{
    modem_connect_tones_rx_free((modem_connect_tones_rx_state_t *) s);
}

void shim_mct_rx(void *s, const int16_t *amp, int n)
{
    modem_connect_tones_rx((modem_connect_tones_rx_state_t *) s, amp, n);
}

int shim_mct_rx_get(void *s)
{
    return modem_connect_tones_rx_get((modem_connect_tones_rx_state_t *) s);
}
