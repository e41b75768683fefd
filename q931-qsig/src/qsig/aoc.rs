//! Advice of charge (ECMA-212 / ISO/IEC 15050, ops 59–65): typed arguments and results.

use alloc::vec::Vec;

use super::ber::{
    enumerated, explicit, raw, size, wrap, write_integer, write_tlv, Class, Seq, Tlv,
};
use super::ops::PartyNumber;
use crate::ParseError;

/// `Currency ::= IA5String (SIZE(0..10))` (empty: the PISN's default currency).
fn currency<'a>(t: &Tlv<'a>) -> Result<&'a [u8], ParseError> {
    if t.constructed {
        return Err(ParseError::invalid(t.offset, "Currency"));
    }
    size(t.value.len(), t.offset, 0, 10, "Currency SIZE(0..10)")?;
    Ok(t.value)
}

fn implicit_int(t: Tlv<'_>, tag: u32, what: &'static str) -> Result<i32, ParseError> {
    if !t.is(Class::Context, false, tag) {
        return Err(ParseError::invalid(t.offset, what));
    }
    t.integer()
}

/// `Amount ::= SEQUENCE { currencyAmount [1] INTEGER (0..16777215), multiplier [2] ENUMERATED }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// `currencyAmount`.
    pub currency_amount: i32,
    /// `multiplier` (0 one thousandth, 1 one hundredth, 2 one tenth, 3 one, 4 ten,
    /// 5 hundred, 6 thousand).
    pub multiplier: i32,
}

impl Amount {
    fn parse_body(t: &Tlv<'_>) -> Result<Self, ParseError> {
        let (currency_amount, multiplier) = int_pair(
            t,
            ["Amount", "currencyAmount", "multiplier", "Amount element"],
        )?;
        Ok(Self {
            currency_amount,
            multiplier,
        })
    }

    fn emit(&self, out: &mut Vec<u8>, id: u8) {
        emit_int_pair(out, id, self.currency_amount, self.multiplier);
    }
}

/// `SEQUENCE { [1] IMPLICIT INTEGER, [2] IMPLICIT ENUMERATED }`, the shape of `Amount` and
/// `Time`: `names` are the SEQUENCE, its two components and what an extra element is called.
fn int_pair(t: &Tlv<'_>, names: [&'static str; 4]) -> Result<(i32, i32), ParseError> {
    let [what, first, second, extra] = names;
    let mut s = Seq::of(t, what)?;
    let a = implicit_int(s.next(first)?, 1, first)?;
    let b = implicit_int(s.next(second)?, 2, second)?;
    s.finish(extra)?;
    Ok((a, b))
}

fn emit_int_pair(out: &mut Vec<u8>, id: u8, a: i32, b: i32) {
    wrap(out, id, |c| {
        write_integer(c, 0x81, a);
        write_integer(c, 0x82, b);
    });
}

/// `Time ::= SEQUENCE { lengthOfTimeUnit [1] INTEGER, scale [2] ENUMERATED }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// `lengthOfTimeUnit` (0–16777215).
    pub length_of_time_unit: i32,
    /// `scale` (0 1/100 s, 1 1/10 s, 2 1 s, 3 10 s, 4 1 min, 5 1 h, 6 24 h).
    pub scale: i32,
}

impl Time {
    fn parse_body(t: &Tlv<'_>) -> Result<Self, ParseError> {
        let (length_of_time_unit, scale) =
            int_pair(t, ["Time", "lengthOfTimeUnit", "scale", "Time element"])?;
        Ok(Self {
            length_of_time_unit,
            scale,
        })
    }

    fn emit(&self, out: &mut Vec<u8>, id: u8) {
        emit_int_pair(out, id, self.length_of_time_unit, self.scale);
    }
}

/// `RecordedCurrency ::= SEQUENCE { rCurrency [1] Currency, rAmount [2] Amount }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedCurrency<'a> {
    /// `rCurrency` (IA5, 0–10 characters).
    pub currency: &'a [u8],
    /// `rAmount`.
    pub amount: Amount,
}

/// `interimCharge` / `finalCharge` of `AocInterimArg` / `AocFinalArg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge<'a> {
    /// `chargeNotAvailable [0] IMPLICIT NULL`.
    NotAvailable,
    /// `freeOfCharge [1] IMPLICIT NULL`.
    FreeOfCharge,
    /// `specificCurrency SEQUENCE { recordedCurrency [1], billingId [2] OPTIONAL }`.
    SpecificCurrency {
        /// `recordedCurrency`.
        recorded: RecordedCurrency<'a>,
        /// `interimBillingId` / `finalBillingId`.
        billing_id: Option<i32>,
    },
}

impl<'a> Charge<'a> {
    fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        match (t.class, t.constructed, t.tag) {
            (Class::Context, false, 0) if t.value.is_empty() => return Ok(Self::NotAvailable),
            (Class::Context, false, 1) if t.value.is_empty() => return Ok(Self::FreeOfCharge),
            _ => {}
        }
        let mut s = Seq::new(t, "charge")?;
        let rc = s.next("recordedCurrency")?;
        if !rc.is(Class::Context, true, 1) {
            return Err(ParseError::invalid(rc.offset, "recordedCurrency"));
        }
        let mut r = Seq::of(&rc, "RecordedCurrency")?;
        let c = r.next("rCurrency")?;
        if !c.is(Class::Context, false, 1) {
            return Err(ParseError::invalid(c.offset, "rCurrency"));
        }
        let currency = currency(&c)?;
        let a = r.next("rAmount")?;
        if !a.is(Class::Context, true, 2) {
            return Err(ParseError::invalid(a.offset, "rAmount"));
        }
        let amount = Amount::parse_body(&a)?;
        r.finish("RecordedCurrency element")?;
        let billing_id = s.ctx(false, 2)?.map(|t| t.integer()).transpose()?;
        s.finish("specificCurrency element")?;
        Ok(Self::SpecificCurrency {
            recorded: RecordedCurrency { currency, amount },
            billing_id,
        })
    }

    fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::NotAvailable => write_tlv(out, 0x80, &[]),
            Self::FreeOfCharge => write_tlv(out, 0x81, &[]),
            Self::SpecificCurrency {
                recorded,
                billing_id,
            } => wrap(out, 0x30, |c| {
                wrap(c, 0xA1, |r| {
                    write_tlv(r, 0x81, recorded.currency);
                    recorded.amount.emit(r, 0xA2);
                });
                if let Some(b) = billing_id {
                    write_integer(c, 0x82, *b);
                }
            }),
        }
    }
}

/// `ChargingAssociation ::= CHOICE { chargeNumber [0] PartyNumber, chargeIdentifier INTEGER }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargingAssociation<'a> {
    /// `chargeNumber [0] EXPLICIT PartyNumber`.
    ChargeNumber(PartyNumber<'a>),
    /// `chargeIdentifier INTEGER (-32768..32767)`.
    ChargeIdentifier(i32),
}

impl<'a> ChargingAssociation<'a> {
    fn starts(t: &Tlv<'_>) -> bool {
        t.is(Class::Context, true, 0) || t.is(Class::Universal, false, 2)
    }

    fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        if t.is(Class::Universal, false, 2) {
            return t.integer().map(Self::ChargeIdentifier);
        }
        Ok(Self::ChargeNumber(PartyNumber::parse(&explicit(
            t,
            "chargeNumber",
        )?)?))
    }

    fn emit(&self, out: &mut Vec<u8>) {
        match self {
            Self::ChargeNumber(n) => wrap(out, 0xA0, |c| n.emit(c)),
            Self::ChargeIdentifier(i) => write_integer(out, 0x02, *i),
        }
    }
}

fn association_opt<'a>(s: &mut Seq<'a>) -> Result<Option<ChargingAssociation<'a>>, ParseError> {
    match s.opt(ChargingAssociation::starts)? {
        Some(t) => ChargingAssociation::parse(&t).map(Some),
        None => Ok(None),
    }
}

/// `rateType` of an `AOCSCurrencyInfo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateType<'a> {
    /// `durationCurrency [1]`.
    Duration {
        /// `dCurrency [1]`.
        currency: &'a [u8],
        /// `dAmount [2]`.
        amount: Amount,
        /// `dChargingType [3]` (0 continuous, 1 step function).
        charging_type: i32,
        /// `dTime [4]`.
        time: Time,
        /// `dGranularity [5]`.
        granularity: Option<Time>,
    },
    /// `flatRateCurrency [2]`.
    FlatRate {
        /// `fRCurrency [1]`.
        currency: &'a [u8],
        /// `fRAmount [2]`.
        amount: Amount,
    },
    /// `volumeRateCurrency [3]`.
    VolumeRate {
        /// `vRCurrency [1]`.
        currency: &'a [u8],
        /// `vRAmount [2]`.
        amount: Amount,
        /// `vRVolumeUnit [3]` (0 octet, 1 segment, 2 message).
        volume_unit: i32,
    },
    /// `specialChargingCode INTEGER (1..10)`.
    SpecialChargingCode(i32),
    /// `freeOfCharge [4] IMPLICIT NULL`.
    FreeOfCharge,
    /// `currencyInfoNotAvailable [5] IMPLICIT NULL`.
    CurrencyInfoNotAvailable,
    /// `freeOfChargefromBeginning [6] IMPLICIT NULL`.
    FreeOfChargeFromBeginning,
}

/// `AOCSCurrencyInfo ::= SEQUENCE { chargedItem ENUMERATED, rateType }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AocsCurrencyInfo<'a> {
    /// `chargedItem` (0 basic communication, 1 call attempt, 2 call setup,
    /// 3 user-to-user info, 4 operation of a supplementary service).
    pub charged_item: i32,
    /// `rateType`.
    pub rate_type: RateType<'a>,
}

/// Most entries in an `AOCSCurrencyInfoList` (`SEQUENCE SIZE(1..10)`).
pub const MAX_CURRENCY_INFO: usize = 10;

fn tagged_currency<'a>(s: &mut Seq<'a>) -> Result<(&'a [u8], Amount), ParseError> {
    let c = s.next("currency")?;
    if !c.is(Class::Context, false, 1) {
        return Err(ParseError::invalid(c.offset, "currency [1]"));
    }
    let a = s.next("amount")?;
    if !a.is(Class::Context, true, 2) {
        return Err(ParseError::invalid(a.offset, "amount [2]"));
    }
    Ok((currency(&c)?, Amount::parse_body(&a)?))
}

impl<'a> AocsCurrencyInfo<'a> {
    fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "AOCSCurrencyInfo")?;
        let charged_item = enumerated(&s.next("chargedItem")?, "chargedItem")?;
        let r = s.next("rateType")?;
        s.finish("AOCSCurrencyInfo element")?;
        let rate_type = match (r.class, r.constructed, r.tag) {
            (Class::Universal, false, 2) => RateType::SpecialChargingCode(r.integer()?),
            (Class::Context, true, 1) => {
                let mut d = Seq::of(&r, "DurationCurrency")?;
                let (currency, amount) = tagged_currency(&mut d)?;
                let charging_type = implicit_int(d.next("dChargingType")?, 3, "dChargingType")?;
                let tm = d.next("dTime")?;
                if !tm.is(Class::Context, true, 4) {
                    return Err(ParseError::invalid(tm.offset, "dTime"));
                }
                let time = Time::parse_body(&tm)?;
                let granularity = d.ctx(true, 5)?.map(|g| Time::parse_body(&g)).transpose()?;
                d.finish("DurationCurrency element")?;
                RateType::Duration {
                    currency,
                    amount,
                    charging_type,
                    time,
                    granularity,
                }
            }
            (Class::Context, true, 2) => {
                let mut f = Seq::of(&r, "FlatRateCurrency")?;
                let (currency, amount) = tagged_currency(&mut f)?;
                f.finish("FlatRateCurrency element")?;
                RateType::FlatRate { currency, amount }
            }
            (Class::Context, true, 3) => {
                let mut v = Seq::of(&r, "VolumeRateCurrency")?;
                let (currency, amount) = tagged_currency(&mut v)?;
                let volume_unit = implicit_int(v.next("vRVolumeUnit")?, 3, "vRVolumeUnit")?;
                v.finish("VolumeRateCurrency element")?;
                RateType::VolumeRate {
                    currency,
                    amount,
                    volume_unit,
                }
            }
            (Class::Context, false, 4) if r.value.is_empty() => RateType::FreeOfCharge,
            (Class::Context, false, 5) if r.value.is_empty() => RateType::CurrencyInfoNotAvailable,
            (Class::Context, false, 6) if r.value.is_empty() => RateType::FreeOfChargeFromBeginning,
            _ => return Err(ParseError::invalid(r.offset, "rateType")),
        };
        Ok(Self {
            charged_item,
            rate_type,
        })
    }

    fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.charged_item);
            match self.rate_type {
                RateType::Duration {
                    currency,
                    amount,
                    charging_type,
                    time,
                    granularity,
                } => wrap(c, 0xA1, |d| {
                    write_tlv(d, 0x81, currency);
                    amount.emit(d, 0xA2);
                    write_integer(d, 0x83, charging_type);
                    time.emit(d, 0xA4);
                    if let Some(g) = granularity {
                        g.emit(d, 0xA5);
                    }
                }),
                RateType::FlatRate { currency, amount } => wrap(c, 0xA2, |f| {
                    write_tlv(f, 0x81, currency);
                    amount.emit(f, 0xA2);
                }),
                RateType::VolumeRate {
                    currency,
                    amount,
                    volume_unit,
                } => wrap(c, 0xA3, |v| {
                    write_tlv(v, 0x81, currency);
                    amount.emit(v, 0xA2);
                    write_integer(v, 0x83, volume_unit);
                }),
                RateType::SpecialChargingCode(x) => write_integer(c, 0x02, x),
                RateType::FreeOfCharge => write_tlv(c, 0x84, &[]),
                RateType::CurrencyInfoNotAvailable => write_tlv(c, 0x85, &[]),
                RateType::FreeOfChargeFromBeginning => write_tlv(c, 0x86, &[]),
            }
        });
    }
}

/// `AocRateArg` (op 63).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AocRateArg<'a> {
    /// `aocRate`: `None` for `chargeNotAvailable NULL`, else the currency list (1–10 entries).
    pub currency_info: Option<Vec<AocsCurrencyInfo<'a>>>,
    /// `rateArgExtension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> AocRateArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "AocRateArg")?;
        let r = s.next("aocRate")?;
        let currency_info = if r.is(Class::Universal, false, 5) && r.value.is_empty() {
            None
        } else {
            if !r.is(Class::Universal, true, 16) {
                return Err(ParseError::invalid(r.offset, "aocRate"));
            }
            let mut v = Vec::new();
            for e in r.children() {
                let e = e?;
                size(
                    v.len() + 1,
                    e.offset,
                    1,
                    MAX_CURRENCY_INFO,
                    "AOCSCurrencyInfoList SIZE(1..10)",
                )?;
                v.push(AocsCurrencyInfo::parse(&e)?);
            }
            size(
                v.len(),
                r.offset,
                1,
                MAX_CURRENCY_INFO,
                "AOCSCurrencyInfoList SIZE(1..10)",
            )?;
            Some(v)
        };
        let extension = s.ext(1, 2)?;
        s.finish("AocRateArg element")?;
        Ok(Self {
            currency_info,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            match &self.currency_info {
                None => write_tlv(c, 0x05, &[]),
                Some(list) => wrap(c, 0x30, |l| list.iter().for_each(|i| i.emit(l))),
            }
            raw(c, self.extension);
        });
    }
}

/// `AocInterimArg` (op 62) and, with a charging association, `AocFinalArg` (op 61).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AocChargeArg<'a> {
    /// `interimCharge` / `finalCharge`.
    pub charge: Charge<'a>,
    /// `chargingAssociation` (final only).
    pub charging_association: Option<ChargingAssociation<'a>>,
    /// `…ArgExtension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

/// `AocInterimArg` (op 62): `charging_association` is always `None`.
pub type AocInterimArg<'a> = AocChargeArg<'a>;
/// `AocFinalArg` (op 61).
pub type AocFinalArg<'a> = AocChargeArg<'a>;

impl<'a> AocChargeArg<'a> {
    /// Decodes the argument of `op` 61 (final) or 62 (interim).
    pub fn parse(op: i32, t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "AocFinalArg/AocInterimArg")?;
        let charge = Charge::parse(&s.next("charge")?)?;
        let charging_association = if op == super::ops::op::AOC_FINAL {
            association_opt(&mut s)?
        } else {
            None
        };
        let extension = s.ext(1, 2)?;
        s.finish("AOC charge element")?;
        Ok(Self {
            charge,
            charging_association,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.charge.emit(c);
            if let Some(a) = self.charging_association {
                a.emit(c);
            }
            raw(c, self.extension);
        });
    }
}

/// Most entries in `adviceModeCombinations` (`SEQUENCE SIZE(0..7)`).
pub const MAX_ADVICE_MODES: usize = 7;

/// `ChargeRequestArg` (op 59).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRequestArg<'a> {
    /// `adviceModeCombinations` (0 rate, 1 rateInterim, 2 rateFinal, 3 interim, 4 final,
    /// 5 interimFinal, 6 rateInterimFinal), at most 7.
    pub advice_mode_combinations: Vec<i32>,
    /// `chargeReqArgExtension [1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> ChargeRequestArg<'a> {
    /// Decodes the argument.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "ChargeRequestArg")?;
        let l = s.next("adviceModeCombinations")?;
        if !l.is(Class::Universal, true, 16) {
            return Err(ParseError::invalid(l.offset, "adviceModeCombinations"));
        }
        let mut advice_mode_combinations = Vec::new();
        for e in l.children() {
            let e = e?;
            size(
                advice_mode_combinations.len() + 1,
                e.offset,
                0,
                MAX_ADVICE_MODES,
                "adviceModeCombinations SIZE(0..7)",
            )?;
            advice_mode_combinations.push(enumerated(&e, "AdviceModeCombination")?);
        }
        let extension = s.ext(1, 2)?;
        s.finish("ChargeRequestArg element")?;
        Ok(Self {
            advice_mode_combinations,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            wrap(c, 0x30, |l| {
                for m in &self.advice_mode_combinations {
                    write_integer(l, 0x0A, *m);
                }
            });
            raw(c, self.extension);
        });
    }
}

/// An ENUMERATED and an extension `[1]/[2]`: `ChargeRequestRes` (op 59, the
/// `adviceModeCombination`) and `AocCompleteRes` (op 64, the `chargingOption`: 0 free of
/// charge, 1 continue charging, 2 stop charging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AocEnumRes<'a> {
    /// The ENUMERATED value.
    pub value: i32,
    /// The extension, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> AocEnumRes<'a> {
    /// Decodes the result.
    pub fn parse(t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "AOC result")?;
        let value = enumerated(&s.next("AOC result value")?, "AOC result value")?;
        let extension = s.ext(1, 2)?;
        s.finish("AOC result element")?;
        Ok(Self { value, extension })
    }

    /// Appends the result in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            write_integer(c, 0x0A, self.value);
            raw(c, self.extension);
        });
    }
}

/// `AocCompleteArg` (op 64) and, with a diversion type, `AocDivChargeReqArg` (op 65).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AocUserArg<'a> {
    /// `chargedUser` / `divertingUser`.
    pub user: PartyNumber<'a>,
    /// `chargingAssociation`.
    pub charging_association: Option<ChargingAssociation<'a>>,
    /// `diversionType` (op 65 only: 0 CFU, 1 CFB, 2 CFNR, 3 call deflection).
    pub diversion_type: Option<i32>,
    /// The extension `[1]/[2]`, undecoded.
    pub extension: Option<Tlv<'a>>,
}

impl<'a> AocUserArg<'a> {
    /// Decodes the argument of `op` 64 or 65.
    pub fn parse(op: i32, t: &Tlv<'a>) -> Result<Self, ParseError> {
        let mut s = Seq::new(t, "AocCompleteArg/AocDivChargeReqArg")?;
        let user = PartyNumber::parse(&s.next("chargedUser/divertingUser")?)?;
        let charging_association = association_opt(&mut s)?;
        let diversion_type = if op == super::ops::op::AOC_DIV_CHARGE_REQ {
            Some(enumerated(&s.next("diversionType")?, "diversionType")?)
        } else {
            None
        };
        let extension = s.ext(1, 2)?;
        s.finish("AOC argument element")?;
        Ok(Self {
            user,
            charging_association,
            diversion_type,
            extension,
        })
    }

    /// Appends the argument in BER.
    pub fn emit(&self, out: &mut Vec<u8>) {
        wrap(out, 0x30, |c| {
            self.user.emit(c);
            if let Some(a) = self.charging_association {
                a.emit(c);
            }
            if let Some(d) = self.diversion_type {
                write_integer(c, 0x0A, d);
            }
            raw(c, self.extension);
        });
    }
}
