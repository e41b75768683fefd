//! G.729 hot loops, one copy per instruction set.
//!
//! The G.729 arithmetic is the ITU basic operations, and the scalar code in `crate::g729`
//! (the `*_body` functions) is its specification. The loops there are written so that a
//! compiler can vectorise them without changing a bit: saturating chains are summed in wrapping
//! 32-bit lanes only when a bound on the sum of magnitudes proves no step can saturate, and
//! are replayed step by step otherwise. This module compiles those same bodies a second time
//! with AVX2 enabled (wider integer multiply-adds and absolute values), and picks the copy once
//! per process: AVX2 when the CPU has it and [`Kernel::best`] is not forced to scalar
//! (`STROWGER_FORCE_SCALAR`, or the `force-scalar` feature, which compiles only the scalar
//! copy). Integer code gives the same bits whatever instructions carry it; the proptests
//! below check each copy against the scalar one anyway.

use std::sync::OnceLock;

use super::Kernel;
use crate::g729::bodies::{self, LspQuantizer, PostFilter, L_FRAME, L_SUBFR, M, MP1, NP};

/// `syn_filt(a, x, y, mem, update) -> overflow`.
pub(crate) type SynFilt = fn(&[i16; MP1], &[i16], &mut [i16], &mut [i16; M], bool) -> bool;
/// `acelp_code_a(x, h, t0, pitch_sharp, code, y) -> (index, sign)`.
pub(crate) type AcelpCodeA = fn(
    &[i16; L_SUBFR],
    &mut [i16; L_SUBFR],
    i16,
    i16,
    &mut [i16; L_SUBFR],
    &mut [i16; L_SUBFR],
) -> (i16, i16);

/// One kernel's copies of the G.729 hot loops (signatures of the `*_body` functions).
pub(crate) struct Fns {
    /// Which kernel compiled these copies (read by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub kernel: Kernel,
    pub syn_filt: SynFilt,
    pub residu: fn(&[i16; MP1], &[i16], &mut [i16]),
    pub pred_lt_3: fn(&mut [i16], usize, i16, i16, usize),
    pub acelp_code_a: AcelpCodeA,
    pub autocorr: fn(&[i16], &mut [i16; NP + 1], &mut [i16; NP + 1]) -> i16,
    pub pitch_ol_fast: fn(&[i16]) -> i16,
    pub lsp_quantize: fn(&mut LspQuantizer, &[i16; M], &mut [i16; M]) -> [i16; 2],
    pub post_filter: PostFilterFn,
    pub pitch_fr3_fast: PitchFr3Fast,
}

/// `pitch_fr3_fast(exc, start, xn, h, t0_min, t0_max, first_subframe) -> (t0, frac)`.
pub(crate) type PitchFr3Fast =
    fn(&mut [i16], usize, &[i16; L_SUBFR], &[i16; L_SUBFR], i16, i16, bool) -> (i16, i16);

/// `PostFilter::filter(self, syn, az_4, t, vad)`.
pub(crate) type PostFilterFn =
    fn(&mut PostFilter, &mut [i16; M + L_FRAME], &[i16; 2 * MP1], &[i16; 2], bool);

/// The scalar reference copies.
pub(crate) static SCALAR: Fns = Fns {
    kernel: Kernel::Scalar,
    syn_filt: bodies::syn_filt_body,
    residu: bodies::residu_body,
    pred_lt_3: bodies::pred_lt_3_body,
    acelp_code_a: acelp_code_a_scalar,
    autocorr: bodies::autocorr_body,
    pitch_ol_fast: bodies::pitch_ol_fast_body,
    lsp_quantize: LspQuantizer::quantize_body,
    post_filter: PostFilter::filter_body,
    pitch_fr3_fast: bodies::pitch_fr3_fast_body,
};

/// The scalar copy of the codebook search.
fn acelp_code_a_scalar(
    x: &[i16; L_SUBFR],
    h: &mut [i16; L_SUBFR],
    t0: i16,
    sharp: i16,
    code: &mut [i16; L_SUBFR],
    y: &mut [i16; L_SUBFR],
) -> (i16, i16) {
    bodies::acelp_code_a_body(bodies::ScalarSearch, x, h, t0, sharp, code, y)
}

#[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
mod avx2 {
    use super::{bodies, Fns, LspQuantizer, PostFilter, L_FRAME, L_SUBFR, M, MP1, NP};
    use crate::kernels::x86::g729::Avx2Search;
    use crate::Kernel;

    /// A safe function running `$body` compiled with AVX2 enabled.
    macro_rules! avx2_copy {
        ($name:ident => $body:path, ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
            fn $name($($arg: $ty),*) $(-> $ret)? {
                #[target_feature(enable = "avx2")]
                fn inner($($arg: $ty),*) $(-> $ret)? {
                    $body($($arg),*)
                }
                // SAFETY: this function is reachable only through `FNS`, which `available`
                // hands out only after `is_x86_feature_detected!("avx2")` returned true, so
                // the CPU running it has AVX2, the one requirement of `inner`.
                unsafe { inner($($arg),*) }
            }
        };
    }

    avx2_copy!(syn_filt => bodies::syn_filt_body,
        (a: &[i16; MP1], x: &[i16], y: &mut [i16], mem: &mut [i16; M], update: bool) -> bool);
    avx2_copy!(residu => bodies::residu_body, (a: &[i16; MP1], x: &[i16], y: &mut [i16]));
    avx2_copy!(pred_lt_3 => bodies::pred_lt_3_body,
        (exc: &mut [i16], start: usize, t0: i16, frac: i16, l: usize));
    /// The codebook search with the AVX2 search steps (inlined into the AVX2 `inner` below).
    #[inline(always)]
    fn acelp_code_a_avx2(
        x: &[i16; L_SUBFR],
        h: &mut [i16; L_SUBFR],
        t0: i16,
        sharp: i16,
        code: &mut [i16; L_SUBFR],
        y: &mut [i16; L_SUBFR],
    ) -> (i16, i16) {
        // SAFETY: only called from `acelp_code_a`'s `inner` (below), which runs only on a CPU
        // with AVX2 (see `avx2_copy!`).
        let ops = unsafe { Avx2Search::new() };
        bodies::acelp_code_a_body(ops, x, h, t0, sharp, code, y)
    }
    avx2_copy!(acelp_code_a => acelp_code_a_avx2,
        (x: &[i16; L_SUBFR], h: &mut [i16; L_SUBFR], t0: i16, sharp: i16,
         code: &mut [i16; L_SUBFR], y: &mut [i16; L_SUBFR]) -> (i16, i16));
    avx2_copy!(autocorr => bodies::autocorr_body,
        (x: &[i16], r_h: &mut [i16; NP + 1], r_l: &mut [i16; NP + 1]) -> i16);
    avx2_copy!(pitch_ol_fast => bodies::pitch_ol_fast_body, (signal: &[i16]) -> i16);
    avx2_copy!(lsp_quantize => LspQuantizer::quantize_body,
        (q: &mut LspQuantizer, lsp: &[i16; M], lsp_q: &mut [i16; M]) -> [i16; 2]);

    avx2_copy!(post_filter => PostFilter::filter_body,
        (pf: &mut PostFilter, syn: &mut [i16; M + L_FRAME], az_4: &[i16; 2 * MP1],
         t: &[i16; 2], vad: bool));

    avx2_copy!(pitch_fr3_fast => bodies::pitch_fr3_fast_body,
        (exc: &mut [i16], start: usize, xn: &[i16; L_SUBFR], h: &[i16; L_SUBFR], t0_min: i16,
         t0_max: i16, first: bool) -> (i16, i16));

    pub(super) static FNS: Fns = Fns {
        kernel: Kernel::Avx2,
        syn_filt,
        residu,
        pred_lt_3,
        acelp_code_a,
        autocorr,
        pitch_ol_fast,
        lsp_quantize,
        post_filter,
        pitch_fr3_fast,
    };
}

/// The copies `kernel` has, if this build and CPU can run them. Kernels above AVX2 use the
/// AVX2 copies.
pub(crate) fn available(kernel: Kernel) -> Option<&'static Fns> {
    match kernel {
        Kernel::Scalar => Some(&SCALAR),
        #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
        Kernel::Avx2 | Kernel::Avx512 | Kernel::Avx512Vbmi
            if std::arch::is_x86_feature_detected!("avx2") =>
        {
            Some(&avx2::FNS)
        }
        _ => None,
    }
}

/// The copies in use, chosen once per process from [`Kernel::best`].
#[inline]
pub(crate) fn fns() -> &'static Fns {
    static SEL: OnceLock<&'static Fns> = OnceLock::new();
    SEL.get_or_init(|| available(Kernel::best()).unwrap_or(&SCALAR))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
    use crate::g729::bodies::NB_POS;
    use proptest::prelude::*;

    /// Every copy this CPU can run other than the scalar reference.
    fn others() -> Vec<&'static Fns> {
        Kernel::ALL
            .into_iter()
            .filter_map(available)
            .filter(|f| f.kernel != Kernel::Scalar)
            .collect()
    }

    /// Samples that are small most of the time (the usual case, plain arithmetic) and
    /// anywhere in the 16-bit range otherwise (the saturating paths).
    fn sample() -> impl Strategy<Value = i16> {
        prop_oneof![3 => -2048i16..2048, 1 => any::<i16>()]
    }

    fn samples(n: usize) -> impl Strategy<Value = Vec<i16>> {
        prop::collection::vec(sample(), n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn syn_filt_matches_scalar(a in samples(MP1), x in samples(40), mem in samples(M), update: bool) {
            let a: [i16; MP1] = a.try_into().unwrap();
            let mem: [i16; M] = mem.try_into().unwrap();
            let (mut y0, mut m0) = ([0i16; 40], mem);
            let f0 = (SCALAR.syn_filt)(&a, &x, &mut y0, &mut m0, update);
            for k in others() {
                let (mut y, mut m) = ([0i16; 40], mem);
                let f = (k.syn_filt)(&a, &x, &mut y, &mut m, update);
                prop_assert_eq!((y, m, f), (y0, m0, f0), "{}", k.kernel);
            }
        }

        #[test]
        fn residu_matches_scalar(a in samples(MP1), x in samples(40 + M)) {
            let a: [i16; MP1] = a.try_into().unwrap();
            let mut y0 = [0i16; 40];
            (SCALAR.residu)(&a, &x, &mut y0);
            for k in others() {
                let mut y = [0i16; 40];
                (k.residu)(&a, &x, &mut y);
                prop_assert_eq!(y, y0, "{}", k.kernel);
            }
        }

        #[test]
        fn pred_lt_3_matches_scalar(exc in samples(154 + 80), t0 in 20i16..=143, frac in -1i16..=1) {
            let mut e0 = exc.clone();
            (SCALAR.pred_lt_3)(&mut e0, 154, t0, frac, 40);
            for k in others() {
                let mut e = exc.clone();
                (k.pred_lt_3)(&mut e, 154, t0, frac, 40);
                prop_assert_eq!(&e, &e0, "{}", k.kernel);
            }
        }

        #[test]
        fn acelp_code_a_matches_scalar(x in samples(L_SUBFR), h in samples(L_SUBFR), t0 in 20i16..=143, sharp in 3277i16..=13017) {
            let x: [i16; L_SUBFR] = x.try_into().unwrap();
            let h: [i16; L_SUBFR] = h.try_into().unwrap();
            let (mut h0, mut c0, mut y0) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
            let r0 = (SCALAR.acelp_code_a)(&x, &mut h0, t0, sharp, &mut c0, &mut y0);
            for k in others() {
                let (mut h1, mut c, mut y) = (h, [0i16; L_SUBFR], [0i16; L_SUBFR]);
                let r = (k.acelp_code_a)(&x, &mut h1, t0, sharp, &mut c, &mut y);
                prop_assert_eq!((r, h1, c, y), (r0, h0, c0, y0), "{}", k.kernel);
            }
        }

        #[test]
        fn correlations_match_scalar(x in samples(240)) {
            let (mut rh0, mut rl0) = ([0i16; NP + 1], [0i16; NP + 1]);
            let e0 = (SCALAR.autocorr)(&x, &mut rh0, &mut rl0);
            let p0 = (SCALAR.pitch_ol_fast)(&x[..223]);
            for k in others() {
                let (mut rh, mut rl) = ([0i16; NP + 1], [0i16; NP + 1]);
                let e = (k.autocorr)(&x, &mut rh, &mut rl);
                prop_assert_eq!((e, rh, rl), (e0, rh0, rl0), "{}", k.kernel);
                prop_assert_eq!((k.pitch_ol_fast)(&x[..223]), p0, "{}", k.kernel);
            }
        }

        #[test]
        fn lsp_quantize_matches_scalar(lsp in prop::collection::vec(-32000i16..32000, M)) {
            // LSPs are cosines, in decreasing order.
            let mut lsp: [i16; M] = lsp.try_into().unwrap();
            lsp.sort_unstable_by(|a, b| b.cmp(a));
            let mut q0 = LspQuantizer::new();
            let mut out0 = [0i16; M];
            let c0 = (SCALAR.lsp_quantize)(&mut q0, &lsp, &mut out0);
            for k in others() {
                let mut q = LspQuantizer::new();
                let mut out = [0i16; M];
                let c = (k.lsp_quantize)(&mut q, &lsp, &mut out);
                prop_assert_eq!((c, out, q.freq_prev), (c0, out0, q0.freq_prev), "{}", k.kernel);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn post_filter_matches_scalar(
            syn in samples(M + L_FRAME),
            az in samples(2 * MP1),
            t0 in 20i16..=143,
            t1 in 20i16..=143,
            vad: bool,
        ) {
            let mut syn0: [i16; M + L_FRAME] = syn.clone().try_into().unwrap();
            let mut az_4: [i16; 2 * MP1] = az.try_into().unwrap();
            az_4[0] = 4096;
            az_4[MP1] = 4096;
            let mut pf0 = PostFilter::new();
            // Two frames, so that the second starts from a non-trivial state.
            for _ in 0..2 {
                (SCALAR.post_filter)(&mut pf0, &mut syn0, &az_4, &[t0, t1], vad);
            }
            for k in others() {
                let mut syn1: [i16; M + L_FRAME] = syn.clone().try_into().unwrap();
                let mut pf = PostFilter::new();
                for _ in 0..2 {
                    (k.post_filter)(&mut pf, &mut syn1, &az_4, &[t0, t1], vad);
                }
                prop_assert_eq!(syn1, syn0, "{}", k.kernel);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn pitch_fr3_fast_matches_scalar(
            exc in samples(154 + 40),
            xn in samples(L_SUBFR),
            h in samples(L_SUBFR),
            t0_min in 20i16..=136,
            first: bool,
        ) {
            let xn: [i16; L_SUBFR] = xn.try_into().unwrap();
            let h: [i16; L_SUBFR] = h.try_into().unwrap();
            let mut e0 = exc.clone();
            let r0 = (SCALAR.pitch_fr3_fast)(&mut e0, 154, &xn, &h, t0_min, t0_min + 6, first);
            for k in others() {
                let mut e = exc.clone();
                let r = (k.pitch_fr3_fast)(&mut e, 154, &xn, &h, t0_min, t0_min + 6, first);
                prop_assert_eq!((r, &e), (r0, &e0), "{}", k.kernel);
            }
        }
    }

    /// The AVX2 search steps, when this build and CPU have them.
    #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
    fn avx2_search() -> Option<crate::kernels::x86::g729::Avx2Search> {
        // SAFETY: AVX2 was detected just before.
        std::arch::is_x86_feature_detected!("avx2")
            .then(|| unsafe { crate::kernels::x86::g729::Avx2Search::new() })
    }

    #[cfg(all(target_arch = "x86_64", not(feature = "force-scalar")))]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn lag_rows_match_scalar(
            h in prop::collection::vec(any::<i16>(), L_SUBFR),
            shift in 0u32..12,
            signs in prop::collection::vec(any::<bool>(), L_SUBFR),
            pad in any::<i16>(),
        ) {
            use crate::g729::bodies::{ScalarSearch, SearchOps};
            let Some(avx2) = avx2_search() else { return Ok(()) };
            // An impulse response whose energy fits in 32 bits (the kernel's precondition),
            // from full scale down.
            let mut hp = [0i16; 2 * L_SUBFR];
            for (p, &v) in hp.iter_mut().zip(&h) {
                *p = v >> shift;
            }
            while hp.iter().map(|&v| 2 * (v as i64) * (v as i64)).sum::<i64>() > i32::MAX as i64 {
                for p in hp.iter_mut() {
                    *p >>= 1;
                }
            }
            let mut sg = [pad; 2 * L_SUBFR];
            for (g, &b) in sg.iter_mut().zip(&signs) {
                *g = if b { i16::MAX } else { i16::MIN };
            }
            let (mut a, mut b) = (core::mem::MaybeUninit::uninit(), core::mem::MaybeUninit::uninit());
            prop_assert_eq!(avx2.lag_rows(&hp, &sg, &mut a), ScalarSearch.lag_rows(&hp, &sg, &mut b));
        }

        #[test]
        fn candidates_match_scalar(
            ps1 in 0i16..=i16::MAX,
            dn3 in prop::collection::vec(prop_oneof![0i16..=i16::MAX, 0i16..64], NB_POS),
            alp in any::<i16>(),
            rr_ab in (any::<i16>(), any::<i16>()),
            d2 in 0i16..=i16::MAX,
            rr3 in prop::collection::vec(any::<i16>(), NB_POS),
            tmp_vect in prop::collection::vec(-16384i16..=20479, NB_POS),
            sq in prop_oneof![Just(-1i16), 0i16..=32766],
            best_alp in any::<i16>(),
        ) {
            use crate::g729::bodies::{acelp_better, acelp_candidates, SearchOps};
            let Some(avx2) = avx2_search() else { return Ok(()) };
            let dn3: [i16; NB_POS] = dn3.try_into().unwrap();
            let rr3: [i16; NB_POS] = rr3.try_into().unwrap();
            let tmp_vect: [i16; NB_POS] = tmp_vect.try_into().unwrap();
            // `alp1` as the search forms it.
            let alp1 = 16384 * alp as i32 + 8192 * (rr_ab.0 as i32 + rr_ab.1 as i32) + 4096 * d2 as i32;
            let (sq2, alp_16) = acelp_candidates(ps1, alp1, &dn3, &rr3, &tmp_vect);
            let any = (0..NB_POS).any(|k| acelp_better(best_alp, sq2[k], sq, alp_16[k]));
            let got = avx2.candidates(ps1, alp1, &dn3, &rr3, &tmp_vect, sq, best_alp);
            prop_assert_eq!(got, any.then_some((sq2, alp_16)));
        }
    }

    #[test]
    fn scalar_is_forced_by_kernel_choice() {
        assert!(std::ptr::eq(available(Kernel::Scalar).unwrap(), &SCALAR));
        if Kernel::best() == Kernel::Scalar {
            assert!(std::ptr::eq(fns(), &SCALAR));
        }
    }
}
