/*
 * Thin C shim over bcg729 (Debian libbcg729-dev) for strowger-peer-bench.
 *
 * It hides bcg729's opaque channel structs behind void pointers and fixes the calling
 * convention the Rust side relies on: one 10 ms frame (80 samples) per call, RFC 3551 payloads
 * (10 bytes speech, 2 bytes SID, 0 bytes untransmitted).
 */
#include <stddef.h>
#include <stdint.h>

#include <bcg729/decoder.h>
#include <bcg729/encoder.h>

void *shim_bcg729_encoder_new(int vad)
{
	return initBcg729EncoderChannel(vad ? 1 : 0);
}

void shim_bcg729_encoder_free(void *ctx)
{
	closeBcg729EncoderChannel((bcg729EncoderChannelContextStruct *)ctx);
}

/* Encodes 80 samples into out[0..10]; returns the payload length (10, 2 or 0). */
size_t shim_bcg729_encode(void *ctx, const int16_t *pcm, uint8_t *out)
{
	uint8_t len = 0;
	bcg729Encoder((bcg729EncoderChannelContextStruct *)ctx, pcm, out, &len);
	return len;
}

void *shim_bcg729_decoder_new(void)
{
	return initBcg729DecoderChannel();
}

void shim_bcg729_decoder_free(void *ctx)
{
	closeBcg729DecoderChannel((bcg729DecoderChannelContextStruct *)ctx);
}

/*
 * Decodes one frame into out[0..80]. len 10: speech; len 2: SID; len 0: nothing was sent
 * (continue comfort noise after a SID, conceal after speech); erased != 0: the frame was lost.
 */
void shim_bcg729_decode(void *ctx, const uint8_t *payload, size_t len, int erased, int16_t *out)
{
	bcg729DecoderChannelContextStruct *c = (bcg729DecoderChannelContextStruct *)ctx;
	if (erased || len == 0) {
		bcg729Decoder(c, NULL, 0, 1, len == 0 && !erased, 0, out);
	} else {
		bcg729Decoder(c, payload, (uint8_t)len, 0, len == 2, 0, out);
	}
}
