/*
 * A libpri D-channel driven over one end of a Unix datagram socketpair, for Q.921 interop tests.
 *
 * Framing (libpri 1.6): the write callback is handed the frame plus two FCS placeholder octets
 * and must report len + 2 written; the read callback must return the frame plus two octets,
 * which libpri drops. Over the socket one datagram is one frame without FCS.
 *
 * The test drives everything from one thread: shim_lpq_run() waits for the socket or libpri's
 * next timer, whichever comes first, runs libpri once and returns the event it produced.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <libpri.h>

#define LPQ_MAX_EVENT 64

struct lpq {
	struct pri *pri;
	int fd;
	int verbose;
	int answer_calls;
	unsigned counts[LPQ_MAX_EVENT];
	unsigned frames_in;
	unsigned frames_out;
};

static int lpq_verbose;

static void lpq_message(struct pri *pri, char *s)
{
	(void)pri;
	if (lpq_verbose)
		fprintf(stderr, "libpri: %s", s);
}

static int lpq_read(struct pri *pri, void *buf, int buflen)
{
	struct lpq *q = pri_get_userdata(pri);
	ssize_t n;

	if (buflen < 2)
		return -1;
	n = recv(q->fd, buf, (size_t)buflen - 2, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	/* The FCS libpri expects and ignores. */
	memset((char *)buf + n, 0, 2);
	q->frames_in++;
	return (int)n + 2;
}

static int lpq_write(struct pri *pri, void *buf, int buflen)
{
	struct lpq *q = pri_get_userdata(pri);
	ssize_t n;

	if (buflen < 2)
		return -1;
	n = send(q->fd, buf, (size_t)buflen - 2, 0);
	if (n != buflen - 2)
		return -1;
	q->frames_out++;
	return buflen;
}

/* Creates a QSIG D-channel on `fd` (taken over: closed by shim_lpq_free). Timer values in
 * milliseconds; 0 keeps libpri's default. */
struct lpq *shim_lpq_new(int fd, int network, int t200_ms, int t203_ms, int verbose)
{
	struct lpq *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	lpq_verbose = verbose;
	pri_set_message(lpq_message);
	pri_set_error(lpq_message);
	q->fd = fd;
	q->verbose = verbose;
	q->answer_calls = 1;
	q->pri = pri_new_cb(fd, network ? PRI_NETWORK : PRI_CPE, PRI_SWITCH_QSIG, lpq_read,
			    lpq_write, q);
	if (!q->pri) {
		free(q);
		return NULL;
	}
	pri_facility_enable(q->pri);
	if (verbose)
		pri_set_debug(q->pri, PRI_DEBUG_Q921_RAW | PRI_DEBUG_Q921_STATE);
	if (t200_ms > 0)
		pri_set_timer(q->pri, PRI_TIMER_T200, t200_ms);
	if (t203_ms > 0)
		pri_set_timer(q->pri, PRI_TIMER_T203, t203_ms);
	return q;
}

/* Creates a BRI D-channel, EuroISDN, point-to-multipoint when `ptmp` (TEI management on
 * SAPI 63: the network side assigns TEIs, the user side asks for one), else point-to-point. */
struct lpq *shim_lpq_new_bri(int fd, int network, int ptmp, int verbose)
{
	struct lpq *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	lpq_verbose = verbose;
	pri_set_message(lpq_message);
	pri_set_error(lpq_message);
	q->fd = fd;
	q->verbose = verbose;
	q->answer_calls = 1;
	q->pri = pri_new_bri_cb(fd, !ptmp, network ? PRI_NETWORK : PRI_CPE,
				PRI_SWITCH_EUROISDN_E1, lpq_read, lpq_write, q);
	if (!q->pri) {
		free(q);
		return NULL;
	}
	if (verbose)
		pri_set_debug(q->pri, PRI_DEBUG_Q921_RAW | PRI_DEBUG_Q921_STATE);
	return q;
}

/* The value libpri has for timer `t200` (0) or `t203` (1), in ms. */
int shim_lpq_timer(struct lpq *q, int which)
{
	return pri_get_timer(q->pri, which ? PRI_TIMER_T203 : PRI_TIMER_T200);
}

static int lpq_handle(struct lpq *q, pri_event *e)
{
	if (!e)
		return 0;
	if (e->e >= 0 && e->e < LPQ_MAX_EVENT)
		q->counts[e->e]++;
	if (e->e == PRI_EVENT_RING && q->answer_calls)
		pri_proceeding(q->pri, e->ring.call, e->ring.channel, 0);
	return e->e;
}

/* Waits at most `max_wait_ms` for a frame or libpri's next timer, runs libpri once.
 * Returns the PRI_EVENT_* produced, 0 for none, -1 on a socket error. */
int shim_lpq_run(struct lpq *q, int max_wait_ms)
{
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	struct timeval *next = pri_schedule_next(q->pri);
	int wait = max_wait_ms;
	int r;

	if (next) {
		struct timeval now;
		long ms;

		gettimeofday(&now, NULL);
		ms = (next->tv_sec - now.tv_sec) * 1000 + (next->tv_usec - now.tv_usec) / 1000;
		if (ms < 0)
			ms = 0;
		if (ms < wait)
			wait = (int)ms;
	}
	r = poll(&p, 1, wait);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r > 0 && (p.revents & POLLIN))
		return lpq_handle(q, pri_check_event(q->pri));
	if (r > 0)
		return -1;
	return lpq_handle(q, pri_schedule_run(q->pri));
}

/* Places a call (a QSIG SETUP in an I frame) on B-channel `channel` to `called`. */
int shim_lpq_call(struct lpq *q, int channel, const char *called)
{
	q931_call *c = pri_new_call(q->pri);
	struct pri_sr *sr;
	int r;

	if (!c)
		return -1;
	sr = pri_sr_new();
	if (!sr)
		return -1;
	pri_sr_set_channel(sr, channel, 1, 0);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ULAW);
	pri_sr_set_called(sr, (char *)called, PRI_UNKNOWN, 1);
	r = pri_setup(q->pri, c, sr);
	pri_sr_free(sr);
	return r;
}

/* How many events of type `e` libpri produced. */
unsigned shim_lpq_count(struct lpq *q, int e)
{
	return (e >= 0 && e < LPQ_MAX_EVENT) ? q->counts[e] : 0;
}

/* Frames libpri read (0) or wrote (1). */
unsigned shim_lpq_frames(struct lpq *q, int written)
{
	return written ? q->frames_out : q->frames_in;
}

void shim_lpq_free(struct lpq *q)
{
	if (!q)
		return;
	close(q->fd);
	/* libpri 1.6 exports no function that frees a D-channel: its struct pri stays allocated
	 * until the process exits, and must not be run again after this. */
	free(q);
}
