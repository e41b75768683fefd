/*
 * A libpri QSIG D-channel driven at layer 3 over one end of a Unix datagram socketpair.
 *
 * Framing is the one of shim/libpri_q921.c: one datagram is one LAPD frame without FCS; the
 * I/O callbacks add and strip the two FCS placeholder octets libpri 1.6 deals in.
 *
 * Calls are named by small integers (1, 2, ...) handed out the first time a q931_call pointer
 * is seen; a number is never reused within one D-channel. Every libpri event is flattened into
 * a struct lp3_event (numbers, names, redirecting data, cause and the supplementary-service
 * subcommands) and queued for the test to read with shim_lp3_next().
 *
 * The shim answers three things itself, as an application on libpri must: a DISCONNECT
 * (PRI_EVENT_HANGUP_REQ) with pri_hangup() and the cause received, a PRI_EVENT_HANGUP
 * with pri_hangup() to free libpri's call record, and a CONNECT (PRI_EVENT_ANSWER) with
 * pri_connect_ack(). The CONNECT ACKNOWLEDGE is sent by hand (pri_connect_ack_enable) so that
 * libpri reports the ones it receives (PRI_EVENT_CONNECT_ACK): a test then knows when libpri's
 * answered call is active on both ends.
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

#define LP3_MAX_CALLS 64
#define LP3_MAX_EVENTS 128
#define LP3_MAX_SUB 8
#define LP3_STR 64

/* One supplementary-service subcommand (PRI_SUBCMD_*) of an event. */
struct lp3_sub {
	int cmd;
	/* REDIRECTING / REROUTING: reason, original reason, count (PRI_REDIR_*). */
	int reason;
	int orig_reason;
	int count;
	/* REROUTING: invoke id to answer, subscription option. */
	int invoke_id;
	int subscription_option;
	/* Presentation of `number` (PRI_PRES_*). */
	int number_pres;
	/* CONNECTED_LINE: the party; REDIRECTING / REROUTING: redirecting.to. */
	char number[LP3_STR];
	char name[LP3_STR];
	/* REDIRECTING / REROUTING: redirecting.from. */
	char from_number[LP3_STR];
	char from_name[LP3_STR];
	/* REDIRECTING / REROUTING: redirecting.orig_called. */
	char orig_called_number[LP3_STR];
	/* REROUTING: the (updated) caller. */
	char caller_number[LP3_STR];
	char caller_name[LP3_STR];
};

/* One libpri event, flattened. */
struct lp3_event {
	int e;
	int call;
	int channel;
	int cause;
	int cref;
	/* RING */
	int calling_pres;
	int redirecting_reason;
	int orig_redirecting_reason;
	int ctype;
	char called_num[LP3_STR];
	char calling_num[LP3_STR];
	char calling_name[LP3_STR];
	char redirecting_num[LP3_STR];
	char redirecting_name[LP3_STR];
	char orig_called_num[LP3_STR];
	char orig_called_name[LP3_STR];
	int nsub;
	struct lp3_sub sub[LP3_MAX_SUB];
};

struct lp3 {
	struct pri *pri;
	int fd;
	q931_call *calls[LP3_MAX_CALLS];
	int ncalls;
	struct lp3_event queue[LP3_MAX_EVENTS];
	int head;
	int len;
	unsigned dropped;
	unsigned frames_in;
	unsigned frames_out;
};

static int lp3_verbose;

static void lp3_message(struct pri *pri, char *s)
{
	(void)pri;
	if (lp3_verbose)
		fprintf(stderr, "libpri: %s", s);
}

static int lp3_read(struct pri *pri, void *buf, int buflen)
{
	struct lp3 *q = pri_get_userdata(pri);
	ssize_t n;

	if (buflen < 2)
		return -1;
	n = recv(q->fd, buf, (size_t)buflen - 2, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	memset((char *)buf + n, 0, 2);
	q->frames_in++;
	return (int)n + 2;
}

static int lp3_write(struct pri *pri, void *buf, int buflen)
{
	struct lp3 *q = pri_get_userdata(pri);
	ssize_t n;

	if (buflen < 2)
		return -1;
	n = send(q->fd, buf, (size_t)buflen - 2, 0);
	if (n != buflen - 2)
		return -1;
	q->frames_out++;
	return buflen;
}

static void lp3_copy(char *dst, const char *src)
{
	if (!src) {
		dst[0] = '\0';
		return;
	}
	strncpy(dst, src, LP3_STR - 1);
	dst[LP3_STR - 1] = '\0';
}

/* The number of a call, handing out the next one for a pointer not seen yet; 0 for NULL. */
static int lp3_id(struct lp3 *q, q931_call *c)
{
	int i;

	if (!c)
		return 0;
	for (i = 0; i < q->ncalls; i++)
		if (q->calls[i] == c)
			return i + 1;
	if (q->ncalls == LP3_MAX_CALLS)
		return -1;
	q->calls[q->ncalls++] = c;
	return q->ncalls;
}

static q931_call *lp3_call(struct lp3 *q, int id)
{
	if (id < 1 || id > q->ncalls)
		return NULL;
	return q->calls[id - 1];
}

/* Forgets a call whose record libpri freed; its number is not handed out again. */
static void lp3_forget(struct lp3 *q, int id)
{
	if (id >= 1 && id <= q->ncalls)
		q->calls[id - 1] = NULL;
}

/* Creates a QSIG PRI D-channel on `fd` (taken over: closed by shim_lp3_free), network side
 * when `network`, with supplementary services (facility, rerouting, transfer) enabled. */
struct lp3 *shim_lp3_new(int fd, int network, int verbose)
{
	struct lp3 *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	lp3_verbose = verbose;
	pri_set_message(lp3_message);
	pri_set_error(lp3_message);
	q->fd = fd;
	q->pri = pri_new_cb(fd, network ? PRI_NETWORK : PRI_CPE, PRI_SWITCH_QSIG, lp3_read,
			    lp3_write, q);
	if (!q->pri) {
		free(q);
		return NULL;
	}
	pri_facility_enable(q->pri);
	pri_reroute_enable(q->pri, 1);
	pri_transfer_enable(q->pri, 1);
	pri_connect_ack_enable(q->pri, 1);
	if (verbose)
		pri_set_debug(q->pri, PRI_DEBUG_Q931_DUMP | PRI_DEBUG_Q931_STATE |
					      PRI_DEBUG_APDU | PRI_DEBUG_Q931_ANOMALY);
	return q;
}

static void lp3_party(char *number, char *name, int *pres, const struct pri_party_id *id)
{
	if (number && id->number.valid)
		lp3_copy(number, id->number.str);
	if (name && id->name.valid)
		lp3_copy(name, id->name.str);
	if (pres && id->number.valid)
		*pres = id->number.presentation;
}

static void lp3_redirecting(struct lp3_sub *s, const struct pri_party_redirecting *r)
{
	lp3_party(s->number, s->name, &s->number_pres, &r->to);
	lp3_party(s->from_number, s->from_name, NULL, &r->from);
	lp3_party(s->orig_called_number, NULL, NULL, &r->orig_called);
	s->reason = r->reason;
	s->orig_reason = r->orig_reason;
	s->count = r->count;
}

static void lp3_subcmds(struct lp3_event *ev, const struct pri_subcommands *subcmds)
{
	int i;

	if (!subcmds)
		return;
	for (i = 0; i < subcmds->counter_subcmd && ev->nsub < LP3_MAX_SUB; i++) {
		const struct pri_subcommand *in = &subcmds->subcmd[i];
		struct lp3_sub *s = &ev->sub[ev->nsub++];

		s->cmd = in->cmd;
		switch (in->cmd) {
		case PRI_SUBCMD_CONNECTED_LINE:
			lp3_party(s->number, s->name, &s->number_pres, &in->u.connected_line.id);
			break;
		case PRI_SUBCMD_REDIRECTING:
			lp3_redirecting(s, &in->u.redirecting);
			break;
		case PRI_SUBCMD_REROUTING:
			lp3_redirecting(s, &in->u.rerouting.deflection);
			lp3_party(s->caller_number, s->caller_name, NULL, &in->u.rerouting.caller);
			s->invoke_id = in->u.rerouting.invoke_id;
			s->subscription_option = in->u.rerouting.subscription_option;
			break;
		default:
			break;
		}
	}
}

static void lp3_push(struct lp3 *q, pri_event *e)
{
	struct lp3_event *ev;
	q931_call *call = NULL;
	const struct pri_subcommands *subcmds = NULL;

	if (q->len == LP3_MAX_EVENTS) {
		q->dropped++;
		return;
	}
	ev = &q->queue[(q->head + q->len) % LP3_MAX_EVENTS];
	memset(ev, 0, sizeof(*ev));
	ev->e = e->e;
	ev->cause = -1;
	switch (e->e) {
	case PRI_EVENT_RING:
		call = e->ring.call;
		subcmds = e->ring.subcmds;
		ev->channel = e->ring.channel;
		ev->cref = e->ring.cref;
		ev->calling_pres = e->ring.callingpres;
		ev->redirecting_reason = e->ring.redirectingreason;
		ev->orig_redirecting_reason = e->ring.origredirectingreason;
		ev->ctype = e->ring.ctype;
		lp3_copy(ev->called_num, e->ring.callednum);
		lp3_copy(ev->calling_num, e->ring.callingnum);
		lp3_copy(ev->calling_name, e->ring.callingname);
		lp3_copy(ev->redirecting_num, e->ring.redirectingnum);
		lp3_copy(ev->redirecting_name, e->ring.redirectingname);
		lp3_copy(ev->orig_called_num, e->ring.origcallednum);
		lp3_copy(ev->orig_called_name, e->ring.origcalledname);
		break;
	case PRI_EVENT_HANGUP:
	case PRI_EVENT_HANGUP_REQ:
	case PRI_EVENT_HANGUP_ACK:
		call = e->hangup.call;
		subcmds = e->hangup.subcmds;
		ev->channel = e->hangup.channel;
		ev->cause = e->hangup.cause;
		ev->cref = e->hangup.cref;
		break;
	case PRI_EVENT_RINGING:
		call = e->ringing.call;
		subcmds = e->ringing.subcmds;
		ev->channel = e->ringing.channel;
		ev->cref = e->ringing.cref;
		break;
	case PRI_EVENT_ANSWER:
		call = e->answer.call;
		subcmds = e->answer.subcmds;
		ev->channel = e->answer.channel;
		ev->cref = e->answer.cref;
		break;
	case PRI_EVENT_PROCEEDING:
	case PRI_EVENT_PROGRESS:
		call = e->proceeding.call;
		subcmds = e->proceeding.subcmds;
		ev->channel = e->proceeding.channel;
		ev->cref = e->proceeding.cref;
		/* Only a PROGRESS message carries a cause libpri fills in. */
		if (e->e == PRI_EVENT_PROGRESS)
			ev->cause = e->proceeding.cause;
		break;
	case PRI_EVENT_FACILITY:
		call = e->facility.call;
		subcmds = e->facility.subcmds;
		ev->channel = e->facility.channel;
		ev->cref = e->facility.cref;
		break;
	case PRI_EVENT_SETUP_ACK:
		call = e->setup_ack.call;
		subcmds = e->setup_ack.subcmds;
		ev->channel = e->setup_ack.channel;
		break;
	case PRI_EVENT_NOTIFY:
		call = e->notify.call;
		subcmds = e->notify.subcmds;
		ev->channel = e->notify.channel;
		break;
	case PRI_EVENT_CONNECT_ACK:
		call = e->connect_ack.call;
		subcmds = e->connect_ack.subcmds;
		ev->channel = e->connect_ack.channel;
		break;
	default:
		break;
	}
	ev->call = lp3_id(q, call);
	lp3_subcmds(ev, subcmds);
	q->len++;

	if (e->e == PRI_EVENT_ANSWER && call)
		pri_connect_ack(q->pri, call, 0);
	else if (e->e == PRI_EVENT_HANGUP_REQ && call)
		pri_hangup(q->pri, call, e->hangup.cause);
	else if (e->e == PRI_EVENT_HANGUP && call) {
		pri_hangup(q->pri, call, e->hangup.cause);
		lp3_forget(q, ev->call);
	}
}

/* Waits at most `max_wait_ms` for a frame or libpri's next timer and runs libpri once.
 * Returns the PRI_EVENT_* produced (also queued), 0 for none, -1 on a socket error. */
int shim_lp3_run(struct lp3 *q, int max_wait_ms)
{
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	struct timeval *next = pri_schedule_next(q->pri);
	int wait = max_wait_ms;
	pri_event *e;
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
	if (r > 0 && !(p.revents & POLLIN))
		return -1;
	e = r > 0 ? pri_check_event(q->pri) : pri_schedule_run(q->pri);
	if (!e)
		return 0;
	lp3_push(q, e);
	return e->e;
}

/* Takes the oldest queued event into `out`; 1 if there was one, else 0. */
int shim_lp3_next(struct lp3 *q, struct lp3_event *out)
{
	if (!q->len)
		return 0;
	*out = q->queue[q->head];
	q->head = (q->head + 1) % LP3_MAX_EVENTS;
	q->len--;
	return 1;
}

/* Events lost to a full queue. */
unsigned shim_lp3_dropped(struct lp3 *q)
{
	return q->dropped;
}

static void lp3_set_party(struct pri_party_id *id, const char *number, const char *name, int pres)
{
	if (number && number[0]) {
		id->number.valid = 1;
		id->number.presentation = pres;
		id->number.plan = PRI_UNKNOWN;
		strncpy(id->number.str, number, sizeof(id->number.str) - 1);
	}
	if (name && name[0]) {
		id->name.valid = 1;
		id->name.presentation = pres & PRI_PRES_RESTRICTION;
		id->name.char_set = 1;
		strncpy(id->name.str, name, sizeof(id->name.str) - 1);
	}
}

/* What shim_lp3_setup sends: numbers and names may be NULL or empty for "absent". */
struct lp3_setup {
	int channel;
	const char *called;
	const char *calling;
	const char *calling_name;
	int calling_pres;
	/* Redirecting information (DLI2 in the SETUP) when redir_count > 0. */
	int redir_count;
	int redir_reason;
	int redir_orig_reason;
	const char *redir_from;
	const char *redir_from_name;
	const char *redir_orig_called;
	const char *redir_orig_called_name;
};

/* Places a call; returns its number, or -1. */
int shim_lp3_setup(struct lp3 *q, const struct lp3_setup *s)
{
	q931_call *c = pri_new_call(q->pri);
	struct pri_sr *sr;
	struct pri_party_id caller;
	struct pri_party_redirecting redir;
	int r;
	int id;

	if (!c)
		return -1;
	id = lp3_id(q, c);
	sr = pri_sr_new();
	if (!sr)
		return -1;
	pri_sr_set_channel(sr, s->channel, 1, 0);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ULAW);
	pri_sr_set_called(sr, (char *)s->called, PRI_UNKNOWN, 1);
	memset(&caller, 0, sizeof(caller));
	lp3_set_party(&caller, s->calling, s->calling_name, s->calling_pres);
	pri_sr_set_caller_party(sr, &caller);
	if (s->redir_count > 0) {
		memset(&redir, 0, sizeof(redir));
		lp3_set_party(&redir.from, s->redir_from, s->redir_from_name,
			      PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
		lp3_set_party(&redir.orig_called, s->redir_orig_called, s->redir_orig_called_name,
			      PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
		lp3_set_party(&redir.to, s->called, NULL, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
		redir.count = s->redir_count;
		redir.reason = s->redir_reason;
		redir.orig_reason = s->redir_orig_reason;
		pri_sr_set_redirecting_parties(sr, &redir);
	}
	r = pri_setup(q->pri, c, sr);
	pri_sr_free(sr);
	return r ? -1 : id;
}

/* Sends CALL PROCEEDING for an incoming call on B-channel `channel`. */
int shim_lp3_proceeding(struct lp3 *q, int id, int channel)
{
	q931_call *c = lp3_call(q, id);

	return c ? pri_proceeding(q->pri, c, channel, 0) : -1;
}

/* Sets the name and number this end presents on a call (calledName with ALERTING,
 * connectedName with CONNECT; on an answered call a new party is a transfer: libpri sends
 * callTransferComplete). */
int shim_lp3_connected(struct lp3 *q, int id, const char *number, const char *name)
{
	q931_call *c = lp3_call(q, id);
	struct pri_party_connected_line line;

	if (!c)
		return -1;
	memset(&line, 0, sizeof(line));
	lp3_set_party(&line.id, number, name, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	return pri_connected_line_update(q->pri, c, &line);
}

/* Sends ALERTING (with calledName when `name` is given). */
int shim_lp3_alerting(struct lp3 *q, int id, int channel, const char *number, const char *name)
{
	q931_call *c = lp3_call(q, id);

	if (!c)
		return -1;
	if ((number && number[0]) || (name && name[0]))
		shim_lp3_connected(q, id, number, name);
	return pri_acknowledge(q->pri, c, channel, 0);
}

/* Sends CONNECT (with connectedName when `name` is given). */
int shim_lp3_answer(struct lp3 *q, int id, int channel, const char *number, const char *name)
{
	q931_call *c = lp3_call(q, id);

	if (!c)
		return -1;
	if ((number && number[0]) || (name && name[0]))
		shim_lp3_connected(q, id, number, name);
	return pri_answer(q->pri, c, channel, 0);
}

/* Clears a call with `cause` (DISCONNECT, or RELEASE COMPLETE before any answer). */
int shim_lp3_hangup(struct lp3 *q, int id, int cause)
{
	q931_call *c = lp3_call(q, id);

	return c ? pri_hangup(q->pri, c, cause) : -1;
}

/* The incoming call is being diverted to `to` (reason PRI_REDIR_*): divertingLegInformation1
 * and divertingLegInformation3 in FACILITY messages. */
int shim_lp3_redirecting(struct lp3 *q, int id, const char *to, const char *to_name, int reason,
			 int pres)
{
	q931_call *c = lp3_call(q, id);
	struct pri_party_redirecting r;

	if (!c)
		return -1;
	memset(&r, 0, sizeof(r));
	lp3_set_party(&r.to, to, to_name, pres);
	r.reason = reason;
	return pri_redirecting_update(q->pri, c, &r);
}

/* Asks the originating end to reroute the call to `to` (callRerouteing). */
int shim_lp3_reroute(struct lp3 *q, int id, const char *to, const char *from,
		     const char *orig_called, int reason, int count, int subscription_option)
{
	q931_call *c = lp3_call(q, id);
	struct pri_party_redirecting r;

	if (!c)
		return -1;
	memset(&r, 0, sizeof(r));
	lp3_set_party(&r.to, to, NULL, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	lp3_set_party(&r.from, from, NULL, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	lp3_set_party(&r.orig_called, orig_called, NULL, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	r.reason = reason;
	r.orig_reason = reason;
	r.count = count;
	return pri_reroute_call(q->pri, c, NULL, &r, subscription_option);
}

/* Answers a received callRerouteing (PRI_REROUTING_RSP_*). */
int shim_lp3_rerouting_rsp(struct lp3 *q, int id, int invoke_id, int code)
{
	q931_call *c = lp3_call(q, id);

	return c ? pri_rerouting_rsp(q->pri, c, invoke_id, code) : -1;
}

/* Sends mwiActivate (or mwiDeactivate) for the served user `served` in a call-independent
 * SETUP; returns the call number, or -1. */
int shim_lp3_mwi(struct lp3 *q, int activate, const char *caller, const char *caller_name,
		 const char *served)
{
	q931_call *c = pri_new_call(q->pri);
	int id;
	int r;

	if (!c)
		return -1;
	id = lp3_id(q, c);
	if (activate)
		r = pri_mwi_activate(q->pri, c, (char *)caller, PRI_UNKNOWN, (char *)caller_name,
				     PRES_ALLOWED_USER_NUMBER_NOT_SCREENED, (char *)served,
				     PRI_UNKNOWN);
	else
		r = pri_mwi_deactivate(q->pri, c, (char *)caller, PRI_UNKNOWN,
				       (char *)caller_name,
				       PRES_ALLOWED_USER_NUMBER_NOT_SCREENED, (char *)served,
				       PRI_UNKNOWN);
	return r ? -1 : id;
}

/* Transfers two calls together (pri_channel_bridge: for QSIG, callTransferComplete on both,
 * the first as the primary end). */
int shim_lp3_transfer(struct lp3 *q, int id1, int id2)
{
	q931_call *a = lp3_call(q, id1);
	q931_call *b = lp3_call(q, id2);

	if (!a || !b)
		return -1;
	return pri_channel_bridge(a, b);
}

/* Frames libpri read (0) or wrote (1). */
unsigned shim_lp3_frames(struct lp3 *q, int written)
{
	return written ? q->frames_out : q->frames_in;
}

void shim_lp3_free(struct lp3 *q)
{
	if (!q)
		return;
	close(q->fd);
	/* libpri 1.6 exports no function that frees a D-channel: its struct pri stays allocated
	 * until the process exits, and must not be run again after this. */
	free(q);
}
