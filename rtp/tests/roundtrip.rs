//! Property tests: `parse(emit(x)) == x` for every packet type, and parsers never panic.

use proptest::collection::vec;
use proptest::prelude::*;
use strowger_rtp::wire::ext::{write_elements, Element, ElementForm, Extension};
use strowger_rtp::wire::rtcp::{
    self, App, Bye, ExtendedReport, ReceiverReport, ReportBlock, RtcpRepr, SdesChunk, SdesItem,
    SenderReport,
};
use strowger_rtp::wire::xr::{DlrrItem, RleReport, StatisticsSummary, VoipMetrics, XrBlock};
use strowger_rtp::{ComfortNoise, Csrcs, RtpPacket, RtpRepr, TelephoneEvent};

fn words(max_words: usize) -> impl Strategy<Value = Vec<u8>> {
    (0..=max_words).prop_flat_map(|n| vec(any::<u8>(), 4 * n))
}

fn report_block() -> impl Strategy<Value = ReportBlock> {
    (
        any::<u32>(),
        any::<u8>(),
        -0x80_0000i32..=0x7f_ffff,
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(
            |(
                ssrc,
                fraction_lost,
                cumulative_lost,
                extended_highest_seq,
                jitter,
                last_sr,
                delay_since_last_sr,
            )| ReportBlock {
                ssrc,
                fraction_lost,
                cumulative_lost,
                extended_highest_seq,
                jitter,
                last_sr,
                delay_since_last_sr,
            },
        )
}

/// SDES chunks as (SSRC, [(item type, value)]).
type SdesModel = Vec<(u32, Vec<(u8, Vec<u8>)>)>;

/// An owned description of one RTCP packet; `repr()` borrows from it.
#[derive(Debug, Clone)]
enum Model {
    Sr(u32, u64, u32, u32, u32, Vec<ReportBlock>, Vec<u8>),
    Rr(u32, Vec<ReportBlock>, Vec<u8>),
    Sdes(SdesModel),
    Bye(Vec<u32>, Option<Vec<u8>>),
    App(u8, u32, [u8; 4], Vec<u8>),
    Xr(u32, Vec<XrModel>),
    Unknown(u8, u8, Vec<u8>),
}

#[derive(Debug, Clone)]
enum XrModel {
    Loss(RleReport),
    Dup(RleReport),
    Rrt(u64),
    Dlrr(Vec<DlrrItem>),
    Stats(StatisticsSummary),
    Voip(VoipMetrics),
    Unknown(u8, u8, Vec<u8>),
}

impl Model {
    fn repr(&self) -> RtcpRepr<'_> {
        match self {
            Model::Sr(ssrc, ntp, rtp, pc, oc, reports, ext) => {
                RtcpRepr::SenderReport(SenderReport {
                    ssrc: *ssrc,
                    ntp_timestamp: *ntp,
                    rtp_timestamp: *rtp,
                    packet_count: *pc,
                    octet_count: *oc,
                    reports: reports.clone(),
                    extension: ext,
                })
            }
            Model::Rr(ssrc, reports, ext) => RtcpRepr::ReceiverReport(ReceiverReport {
                ssrc: *ssrc,
                reports: reports.clone(),
                extension: ext,
            }),
            Model::Sdes(chunks) => RtcpRepr::SourceDescription(
                chunks
                    .iter()
                    .map(|(ssrc, items)| SdesChunk {
                        ssrc: *ssrc,
                        items: items
                            .iter()
                            .map(|(k, v)| SdesItem { kind: *k, value: v })
                            .collect(),
                    })
                    .collect(),
            ),
            Model::Bye(s, r) => RtcpRepr::Bye(Bye {
                sources: s.clone(),
                reason: r.as_deref(),
            }),
            Model::App(st, ssrc, name, data) => RtcpRepr::App(App {
                subtype: *st,
                ssrc: *ssrc,
                name: *name,
                data,
            }),
            Model::Xr(ssrc, blocks) => RtcpRepr::ExtendedReport(ExtendedReport {
                ssrc: *ssrc,
                blocks: blocks
                    .iter()
                    .map(|b| match b {
                        XrModel::Loss(r) => XrBlock::LossRle(r.clone()),
                        XrModel::Dup(r) => XrBlock::DuplicateRle(r.clone()),
                        XrModel::Rrt(n) => XrBlock::ReceiverReferenceTime(*n),
                        XrModel::Dlrr(v) => XrBlock::Dlrr(v.clone()),
                        XrModel::Stats(s) => XrBlock::StatisticsSummary(*s),
                        XrModel::Voip(v) => XrBlock::VoipMetrics(*v),
                        XrModel::Unknown(bt, ts, d) => XrBlock::Unknown {
                            block_type: *bt,
                            type_specific: *ts,
                            data: d,
                        },
                    })
                    .collect(),
            }),
            Model::Unknown(pt, count, body) => RtcpRepr::Unknown {
                packet_type: *pt,
                count: *count,
                body,
            },
        }
    }
}

fn rle() -> impl Strategy<Value = RleReport> {
    (
        0u8..16,
        any::<u32>(),
        any::<u16>(),
        any::<u16>(),
        (0usize..8).prop_flat_map(|n| vec(any::<u16>(), 2 * n)),
    )
        .prop_map(|(thinning, ssrc, begin_seq, end_seq, chunks)| RleReport {
            thinning,
            ssrc,
            begin_seq,
            end_seq,
            chunks,
        })
}

fn xr_block() -> impl Strategy<Value = XrModel> {
    prop_oneof![
        rle().prop_map(XrModel::Loss),
        rle().prop_map(XrModel::Dup),
        any::<u64>().prop_map(XrModel::Rrt),
        vec((any::<u32>(), any::<u32>(), any::<u32>()), 0..4).prop_map(|v| XrModel::Dlrr(
            v.into_iter()
                .map(|(ssrc, last_rr, delay_since_last_rr)| DlrrItem {
                    ssrc,
                    last_rr,
                    delay_since_last_rr
                })
                .collect()
        )),
        (
            any::<u8>(),
            any::<u32>(),
            any::<[u32; 6]>(),
            any::<[u16; 2]>(),
            any::<[u8; 4]>()
        )
            .prop_map(|(flags, ssrc, j, s, t)| XrModel::Stats(StatisticsSummary {
                flags,
                ssrc,
                begin_seq: s[0],
                end_seq: s[1],
                lost_packets: j[0],
                dup_packets: j[1],
                min_jitter: j[2],
                max_jitter: j[3],
                mean_jitter: j[4],
                dev_jitter: j[5],
                min_ttl: t[0],
                max_ttl: t[1],
                mean_ttl: t[2],
                dev_ttl: t[3],
            })),
        (any::<u32>(), any::<[u8; 13]>(), any::<[u16; 7]>()).prop_map(
            |(ssrc, b, w)| XrModel::Voip(VoipMetrics {
                ssrc,
                loss_rate: b[0],
                discard_rate: b[1],
                burst_density: b[2],
                gap_density: b[3],
                burst_duration: w[0],
                gap_duration: w[1],
                round_trip_delay: w[2],
                end_system_delay: w[3],
                signal_level: b[4] as i8,
                noise_level: b[5] as i8,
                rerl: b[6],
                gmin: b[7],
                r_factor: b[8],
                ext_r_factor: b[9],
                mos_lq: b[10],
                mos_cq: b[11],
                rx_config: b[12],
                jb_nominal: w[4],
                jb_maximum: w[5],
                jb_abs_max: w[6],
            })
        ),
        (prop_oneof![Just(3u8), 8u8..=255], any::<u8>(), words(6))
            .prop_map(|(bt, ts, d)| XrModel::Unknown(bt, ts, d)),
    ]
}

fn rtcp_model() -> impl Strategy<Value = Model> {
    prop_oneof![
        (
            any::<u32>(),
            any::<u64>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            vec(report_block(), 0..=31),
            words(3)
        )
            .prop_map(|(a, b, c, d, e, r, x)| Model::Sr(a, b, c, d, e, r, x)),
        (any::<u32>(), vec(report_block(), 0..=31), words(3))
            .prop_map(|(a, r, x)| Model::Rr(a, r, x)),
        vec(
            (
                any::<u32>(),
                vec((1u8..=255, vec(any::<u8>(), 0..=255)), 0..4)
            ),
            0..=5
        )
        .prop_map(Model::Sdes),
        (
            vec(any::<u32>(), 0..=31),
            proptest::option::of(vec(any::<u8>(), 0..=255))
        )
            .prop_map(|(s, r)| Model::Bye(s, r)),
        (0u8..32, any::<u32>(), any::<[u8; 4]>(), words(8))
            .prop_map(|(a, b, c, d)| Model::App(a, b, c, d)),
        (any::<u32>(), vec(xr_block(), 0..5)).prop_map(|(s, b)| Model::Xr(s, b)),
        (
            prop_oneof![0u8..200, 205u8..207, 208u8..=255],
            0u8..32,
            words(8)
        )
            .prop_map(|(pt, c, b)| Model::Unknown(pt, c, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn rtp_round_trip(
        marker: bool, pt in 0u8..128, seq: u16, ts: u32, ssrc: u32,
        csrcs in vec(any::<u32>(), 0..=15),
        ext in proptest::option::of((any::<u16>(), words(10))),
        payload in vec(any::<u8>(), 0..300),
        padding: u8,
    ) {
        let r = RtpRepr {
            marker, payload_type: pt, sequence_number: seq, timestamp: ts, ssrc,
            csrcs: Csrcs::from_slice(&csrcs).unwrap(),
            extension: ext.as_ref().map(|(profile, data)| Extension { profile: *profile, data }),
            payload: &payload,
            padding,
        };
        let mut buf = vec![0u8; r.buffer_len()];
        prop_assert_eq!(r.emit(&mut buf), Ok(buf.len()));
        let view = RtpPacket::new_checked(&buf[..]).unwrap();
        prop_assert_eq!(view.payload(), &payload[..]);
        prop_assert_eq!(RtpRepr::parse(&view).unwrap(), r);
        // And emit(parse(bytes)) == bytes.
        let mut again = vec![0u8; buf.len()];
        RtpRepr::parse(&view).unwrap().emit(&mut again).unwrap();
        prop_assert_eq!(again, buf.clone());
        prop_assert!(r.emit(&mut vec![0u8; buf.len() - 1]).is_err());
    }

    #[test]
    fn rfc8285_elements_round_trip(
        two_byte: bool, appbits in 0u8..16,
        els in vec((1u8..=14, vec(any::<u8>(), 1..=16)), 0..8),
        big in vec((1u8..=255, vec(any::<u8>(), 0..=40)), 0..6),
    ) {
        let (form, owned) = if two_byte { (ElementForm::TwoByte { appbits }, big) } else { (ElementForm::OneByte, els) };
        let elements: Vec<Element<'_>> = owned.iter().map(|(id, d)| Element { id: *id, data: d }).collect();
        let mut buf = vec![0u8; 1024];
        let n = write_elements(form, &elements, &mut buf).unwrap();
        prop_assert_eq!(n % 4, 0);
        let ext = Extension { profile: form.profile(), data: &buf[..n] };
        let back: Vec<_> = ext.elements().unwrap().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(back, elements);
    }

    #[test]
    fn rtcp_compound_round_trip(models in vec(rtcp_model(), 1..5)) {
        let reprs: Vec<RtcpRepr<'_>> = models.iter().map(Model::repr).collect();
        let mut buf = vec![0u8; rtcp::compound_len(&reprs)];
        let n = rtcp::emit_compound(&reprs, &mut buf).unwrap();
        prop_assert_eq!(n, buf.len());
        let back = rtcp::parse_compound(&buf).unwrap();
        prop_assert_eq!(back, reprs);
    }

    #[test]
    fn telephone_event_and_cn_round_trip(event: u8, end: bool, volume in 0u8..64, duration: u16, level in 0u8..128, coefs in vec(any::<u8>(), 0..12)) {
        let e = TelephoneEvent { event, end, volume, duration };
        prop_assert_eq!(TelephoneEvent::parse(&e.to_bytes()).unwrap(), e);
        let cn = ComfortNoise { level, coefficients: &coefs };
        let mut b = vec![0u8; cn.buffer_len()];
        cn.emit(&mut b).unwrap();
        prop_assert_eq!(ComfortNoise::parse(&b).unwrap(), cn);
    }

    #[test]
    fn parsers_never_panic(data in vec(any::<u8>(), 0..200)) {
        if let Ok(r) = RtpRepr::parse_bytes(&data) {
            let mut out = vec![0u8; r.buffer_len()];
            r.emit(&mut out).unwrap();
        }
        if let Ok(p) = rtcp::parse_compound(&data) {
            let mut out = vec![0u8; rtcp::compound_len(&p)];
            let _ = rtcp::emit_compound(&p, &mut out);
        }
        let _ = rtcp::Compound::validate(&data);
        let _ = strowger_rtp::packetize::depacketize(strowger_rtp::packetize::FrameLayout::G7231, &data);
    }
}
