/* Test-only shim: parse one SIP message with a C stack and touch the five core headers
 * (Via, From, To, CSeq, Call-ID), returning a checksum so the work cannot be optimised away.
 * Returns -1 when the stack rejects the message. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_OSIP
#include <osipparser2/osip_parser.h>

int strowger_osip_init(void) { return parser_init(); }

long strowger_osip_parse(const char *buf, size_t len) {
    osip_message_t *sip = NULL;
    if (osip_message_init(&sip) != 0) return -1;
    if (osip_message_parse(sip, buf, len) != 0) { osip_message_free(sip); return -1; }
    long r = 0;
    osip_via_t *via = NULL;
    if (osip_message_get_via(sip, 0, &via) >= 0 && via && via->host) r += (long)strlen(via->host);
    osip_generic_param_t *tag = NULL;
    osip_from_t *from = osip_message_get_from(sip);
    if (from && osip_from_get_tag(from, &tag) == 0 && tag && tag->gvalue) r += (long)strlen(tag->gvalue);
    osip_to_t *to = osip_message_get_to(sip);
    if (to && to->url && to->url->username) r += (long)strlen(to->url->username);
    osip_cseq_t *cseq = osip_message_get_cseq(sip);
    if (cseq && cseq->number) r += atol(cseq->number);
    osip_call_id_t *cid = osip_message_get_call_id(sip);
    if (cid && cid->number) r += (long)strlen(cid->number);
    osip_message_free(sip);
    return r;
}
#endif

#ifdef HAVE_SOFIA
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>

long strowger_sofia_parse(const char *buf, size_t len) {
    msg_t *msg = msg_make(sip_default_mclass(), 0, buf, (ssize_t)len);
    if (!msg) return -1;
    sip_t *sip = sip_object(msg);
    long r = -1;
    if (sip && sip->sip_via && sip->sip_from && sip->sip_to && sip->sip_cseq && sip->sip_call_id) {
        r = 0;
        if (sip->sip_via->v_host) r += (long)strlen(sip->sip_via->v_host);
        if (sip->sip_from->a_tag) r += (long)strlen(sip->sip_from->a_tag);
        if (sip->sip_to->a_url->url_user) r += (long)strlen(sip->sip_to->a_url->url_user);
        r += (long)sip->sip_cseq->cs_seq;
        if (sip->sip_call_id->i_id) r += (long)strlen(sip->sip_call_id->i_id);
    }
    msg_destroy(msg);
    return r;
}
#endif
