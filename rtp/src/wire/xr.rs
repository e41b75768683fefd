//! RTCP extended report blocks (RFC 3611 §4).

use alloc::vec::Vec;

use super::{get_u16, get_u32, get_u64, put_u16, put_u32, put_u64};
use crate::error::{Error, ParseError};

/// Block type: loss RLE (RFC 3611 §4.1).
pub const BT_LOSS_RLE: u8 = 1;
/// Block type: duplicate RLE (§4.2).
pub const BT_DUPLICATE_RLE: u8 = 2;
/// Block type: receiver reference time (§4.4).
pub const BT_RECEIVER_REFERENCE_TIME: u8 = 4;
/// Block type: DLRR (§4.5).
pub const BT_DLRR: u8 = 5;
/// Block type: statistics summary (§4.6).
pub const BT_STATISTICS_SUMMARY: u8 = 6;
/// Block type: VoIP metrics (§4.7).
pub const BT_VOIP_METRICS: u8 = 7;

/// A run-length report of lost or duplicated packets (RFC 3611 §4.1, §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RleReport {
    /// Thinning T (four bits): only sequence numbers that are multiples of 2^T are reported.
    pub thinning: u8,
    /// SSRC of the source reported on.
    pub ssrc: u32,
    /// First sequence number covered.
    pub begin_seq: u16,
    /// One past the last sequence number covered.
    pub end_seq: u16,
    /// Run-length and bit-vector chunks as on the wire (a trailing 0 chunk is the null pad).
    pub chunks: Vec<u16>,
}

/// One DLRR sub-block (RFC 3611 §4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DlrrItem {
    /// The receiver that sent the RRTR block.
    pub ssrc: u32,
    /// Middle 32 bits of that RRTR's NTP timestamp.
    pub last_rr: u32,
    /// Delay since it in 1/65536 s.
    pub delay_since_last_rr: u32,
}

/// Statistics summary (RFC 3611 §4.6). Fields whose flag is off are sent as zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatisticsSummary {
    /// Type-specific byte: L (0x80), D (0x40), J (0x20) flags and the two ToH bits (0x18).
    pub flags: u8,
    /// SSRC of the source reported on.
    pub ssrc: u32,
    /// First sequence number covered.
    pub begin_seq: u16,
    /// One past the last sequence number covered.
    pub end_seq: u16,
    /// Lost packets.
    pub lost_packets: u32,
    /// Duplicate packets.
    pub dup_packets: u32,
    /// Minimum jitter (timestamp units).
    pub min_jitter: u32,
    /// Maximum jitter.
    pub max_jitter: u32,
    /// Mean jitter.
    pub mean_jitter: u32,
    /// Standard deviation of the jitter.
    pub dev_jitter: u32,
    /// Minimum TTL or hop limit.
    pub min_ttl: u8,
    /// Maximum TTL or hop limit.
    pub max_ttl: u8,
    /// Mean TTL or hop limit.
    pub mean_ttl: u8,
    /// Standard deviation of TTL or hop limit.
    pub dev_ttl: u8,
}

/// VoIP metrics (RFC 3611 §4.7). Unavailable values use the RFC's markers (127 for levels,
/// 0 for durations and delays, 127 for R factors and MOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VoipMetrics {
    /// SSRC of the source reported on.
    pub ssrc: u32,
    /// Fraction of packets lost, in 1/256.
    pub loss_rate: u8,
    /// Fraction of packets discarded (late / jitter buffer overflow), in 1/256.
    pub discard_rate: u8,
    /// Fraction of packets lost or discarded within bursts, in 1/256.
    pub burst_density: u8,
    /// Same within gaps, in 1/256.
    pub gap_density: u8,
    /// Mean burst duration, ms.
    pub burst_duration: u16,
    /// Mean gap duration, ms.
    pub gap_duration: u16,
    /// Most recent round-trip delay, ms.
    pub round_trip_delay: u16,
    /// End-system delay, ms.
    pub end_system_delay: u16,
    /// Signal level, dBm0 (127 = unavailable).
    pub signal_level: i8,
    /// Noise level, dBm0 (127 = unavailable).
    pub noise_level: i8,
    /// Residual echo return loss, dB (127 = unavailable).
    pub rerl: u8,
    /// Gap threshold Gmin (16 recommended).
    pub gmin: u8,
    /// R factor (127 = unavailable).
    pub r_factor: u8,
    /// External R factor.
    pub ext_r_factor: u8,
    /// MOS-LQ × 10.
    pub mos_lq: u8,
    /// MOS-CQ × 10.
    pub mos_cq: u8,
    /// Receiver configuration byte: PLC (2 bits), JBA (2 bits), JB rate (4 bits).
    pub rx_config: u8,
    /// Jitter buffer nominal delay, ms.
    pub jb_nominal: u16,
    /// Jitter buffer maximum delay, ms.
    pub jb_maximum: u16,
    /// Jitter buffer absolute maximum delay, ms.
    pub jb_abs_max: u16,
}

/// One XR report block.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum XrBlock<'a> {
    /// Loss RLE.
    LossRle(RleReport),
    /// Duplicate RLE.
    DuplicateRle(RleReport),
    /// Receiver reference time: a 64-bit NTP timestamp.
    ReceiverReferenceTime(u64),
    /// DLRR sub-blocks.
    Dlrr(Vec<DlrrItem>),
    /// Statistics summary.
    StatisticsSummary(StatisticsSummary),
    /// VoIP metrics.
    VoipMetrics(VoipMetrics),
    /// Any other block type, kept for relaying.
    Unknown {
        /// Block type.
        block_type: u8,
        /// Type-specific byte.
        type_specific: u8,
        /// Block contents after the four-byte block header.
        data: &'a [u8],
    },
}

impl<'a> XrBlock<'a> {
    /// Parses one block from the start of `b`; returns it and its length.
    pub fn parse(b: &'a [u8]) -> Result<(Self, usize), ParseError> {
        if b.len() < 4 {
            return Err(ParseError::truncated(b.len(), 4 - b.len()));
        }
        let (bt, ts) = (b[0], b[1]);
        let len = 4 + 4 * usize::from(get_u16(b, 2));
        if b.len() < len {
            return Err(ParseError::truncated(b.len(), len - b.len()));
        }
        let d = &b[4..len];
        let fixed = |n: usize| {
            if d.len() == n {
                Ok(())
            } else {
                Err(ParseError::invalid(2, "XR block length"))
            }
        };
        let blk = match bt {
            BT_LOSS_RLE | BT_DUPLICATE_RLE => {
                if d.len() < 8 {
                    return Err(ParseError::invalid(2, "XR block length"));
                }
                let r = RleReport {
                    thinning: ts & 0x0f,
                    ssrc: get_u32(d, 0),
                    begin_seq: get_u16(d, 4),
                    end_seq: get_u16(d, 6),
                    chunks: d[8..]
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect(),
                };
                if bt == BT_LOSS_RLE {
                    XrBlock::LossRle(r)
                } else {
                    XrBlock::DuplicateRle(r)
                }
            }
            BT_RECEIVER_REFERENCE_TIME => {
                fixed(8)?;
                XrBlock::ReceiverReferenceTime(get_u64(d, 0))
            }
            BT_DLRR => XrBlock::Dlrr(
                d.chunks(12)
                    .map(|c| {
                        if c.len() == 12 {
                            Ok(DlrrItem {
                                ssrc: get_u32(c, 0),
                                last_rr: get_u32(c, 4),
                                delay_since_last_rr: get_u32(c, 8),
                            })
                        } else {
                            Err(ParseError::invalid(2, "DLRR block length"))
                        }
                    })
                    .collect::<Result<_, _>>()?,
            ),
            BT_STATISTICS_SUMMARY => {
                fixed(36)?;
                XrBlock::StatisticsSummary(StatisticsSummary {
                    flags: ts,
                    ssrc: get_u32(d, 0),
                    begin_seq: get_u16(d, 4),
                    end_seq: get_u16(d, 6),
                    lost_packets: get_u32(d, 8),
                    dup_packets: get_u32(d, 12),
                    min_jitter: get_u32(d, 16),
                    max_jitter: get_u32(d, 20),
                    mean_jitter: get_u32(d, 24),
                    dev_jitter: get_u32(d, 28),
                    min_ttl: d[32],
                    max_ttl: d[33],
                    mean_ttl: d[34],
                    dev_ttl: d[35],
                })
            }
            BT_VOIP_METRICS => {
                fixed(32)?;
                XrBlock::VoipMetrics(VoipMetrics {
                    ssrc: get_u32(d, 0),
                    loss_rate: d[4],
                    discard_rate: d[5],
                    burst_density: d[6],
                    gap_density: d[7],
                    burst_duration: get_u16(d, 8),
                    gap_duration: get_u16(d, 10),
                    round_trip_delay: get_u16(d, 12),
                    end_system_delay: get_u16(d, 14),
                    signal_level: d[16] as i8,
                    noise_level: d[17] as i8,
                    rerl: d[18],
                    gmin: d[19],
                    r_factor: d[20],
                    ext_r_factor: d[21],
                    mos_lq: d[22],
                    mos_cq: d[23],
                    rx_config: d[24],
                    jb_nominal: get_u16(d, 26),
                    jb_maximum: get_u16(d, 28),
                    jb_abs_max: get_u16(d, 30),
                })
            }
            _ => XrBlock::Unknown {
                block_type: bt,
                type_specific: ts,
                data: d,
            },
        };
        Ok((blk, len))
    }

    /// Bytes [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        4 + match self {
            XrBlock::LossRle(r) | XrBlock::DuplicateRle(r) => {
                8 + (2 * r.chunks.len()).div_ceil(4) * 4
            }
            XrBlock::ReceiverReferenceTime(_) => 8,
            XrBlock::Dlrr(v) => 12 * v.len(),
            XrBlock::StatisticsSummary(_) => 36,
            XrBlock::VoipMetrics(_) => 32,
            XrBlock::Unknown { data, .. } => data.len(),
        }
    }

    /// Writes the block; an RLE report with an odd number of chunks gets a null chunk appended.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize, Error> {
        let len = self.buffer_len();
        if out.len() < len {
            return Err(crate::BufferTooSmall { required: len }.into());
        }
        if !len.is_multiple_of(4) || (len - 4) / 4 > 0xffff {
            return Err(Error::Unrepresentable(
                "XR block is not a whole number of 32-bit words",
            ));
        }
        let (bt, ts) = match self {
            XrBlock::LossRle(r) => (BT_LOSS_RLE, r.thinning & 0xf),
            XrBlock::DuplicateRle(r) => (BT_DUPLICATE_RLE, r.thinning & 0xf),
            XrBlock::ReceiverReferenceTime(_) => (BT_RECEIVER_REFERENCE_TIME, 0),
            XrBlock::Dlrr(_) => (BT_DLRR, 0),
            XrBlock::StatisticsSummary(s) => (BT_STATISTICS_SUMMARY, s.flags),
            XrBlock::VoipMetrics(_) => (BT_VOIP_METRICS, 0),
            XrBlock::Unknown {
                block_type,
                type_specific,
                ..
            } => (*block_type, *type_specific),
        };
        out[0] = bt;
        out[1] = ts;
        put_u16(out, 2, ((len - 4) / 4) as u16);
        let d = &mut out[4..len];
        match self {
            XrBlock::LossRle(r) | XrBlock::DuplicateRle(r) => {
                put_u32(d, 0, r.ssrc);
                put_u16(d, 4, r.begin_seq);
                put_u16(d, 6, r.end_seq);
                d[8..].fill(0);
                for (i, &c) in r.chunks.iter().enumerate() {
                    put_u16(d, 8 + 2 * i, c);
                }
            }
            XrBlock::ReceiverReferenceTime(ntp) => put_u64(d, 0, *ntp),
            XrBlock::Dlrr(v) => {
                for (i, it) in v.iter().enumerate() {
                    put_u32(d, 12 * i, it.ssrc);
                    put_u32(d, 12 * i + 4, it.last_rr);
                    put_u32(d, 12 * i + 8, it.delay_since_last_rr);
                }
            }
            XrBlock::StatisticsSummary(s) => {
                put_u32(d, 0, s.ssrc);
                put_u16(d, 4, s.begin_seq);
                put_u16(d, 6, s.end_seq);
                put_u32(d, 8, s.lost_packets);
                put_u32(d, 12, s.dup_packets);
                put_u32(d, 16, s.min_jitter);
                put_u32(d, 20, s.max_jitter);
                put_u32(d, 24, s.mean_jitter);
                put_u32(d, 28, s.dev_jitter);
                d[32..36].copy_from_slice(&[s.min_ttl, s.max_ttl, s.mean_ttl, s.dev_ttl]);
            }
            XrBlock::VoipMetrics(v) => {
                put_u32(d, 0, v.ssrc);
                d[4..8].copy_from_slice(&[
                    v.loss_rate,
                    v.discard_rate,
                    v.burst_density,
                    v.gap_density,
                ]);
                put_u16(d, 8, v.burst_duration);
                put_u16(d, 10, v.gap_duration);
                put_u16(d, 12, v.round_trip_delay);
                put_u16(d, 14, v.end_system_delay);
                d[16..26].copy_from_slice(&[
                    v.signal_level as u8,
                    v.noise_level as u8,
                    v.rerl,
                    v.gmin,
                    v.r_factor,
                    v.ext_r_factor,
                    v.mos_lq,
                    v.mos_cq,
                    v.rx_config,
                    0,
                ]);
                put_u16(d, 26, v.jb_nominal);
                put_u16(d, 28, v.jb_maximum);
                put_u16(d, 30, v.jb_abs_max);
            }
            XrBlock::Unknown { data, .. } => d.copy_from_slice(data),
        }
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::rtcp::{ExtendedReport, RtcpRepr};
    use alloc::vec;

    #[test]
    fn voip_metrics_layout() {
        let v = VoipMetrics {
            ssrc: 0x01020304,
            loss_rate: 5,
            discard_rate: 6,
            signal_level: -20,
            noise_level: 127,
            gmin: 16,
            r_factor: 90,
            mos_lq: 42,
            jb_nominal: 40,
            jb_abs_max: 200,
            ..Default::default()
        };
        let xr = RtcpRepr::ExtendedReport(ExtendedReport {
            ssrc: 7,
            blocks: vec![
                XrBlock::VoipMetrics(v),
                XrBlock::ReceiverReferenceTime(0x1122334455667788),
            ],
        });
        let mut out = [0u8; 128];
        let n = xr.emit(&mut out).unwrap();
        assert_eq!(n, 4 + 4 + 36 + 12);
        assert_eq!(&out[..4], &[0x80, 207, 0, 13]);
        assert_eq!(&out[8..12], &[7, 0, 0, 8]); // BT 7, length 8 words
        assert_eq!(out[8 + 4 + 16], (-20i8) as u8); // signal level
        assert_eq!(RtcpRepr::parse_bytes(&out[..n]).unwrap(), xr);
    }

    #[test]
    fn rle_pads_odd_chunk_count() {
        let r = RleReport {
            thinning: 2,
            ssrc: 1,
            begin_seq: 10,
            end_seq: 20,
            chunks: vec![0x4005],
        };
        let b = XrBlock::LossRle(r.clone());
        let mut out = [0u8; 32];
        let n = b.emit(&mut out).unwrap();
        assert_eq!(n, 16);
        let (back, m) = XrBlock::parse(&out[..n]).unwrap();
        assert_eq!(m, 16);
        assert_eq!(
            back,
            XrBlock::LossRle(RleReport {
                chunks: vec![0x4005, 0],
                ..r
            })
        );
        assert_eq!(
            XrBlock::parse(&[7, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0])
                .unwrap_err()
                .offset,
            2
        );
    }
}
