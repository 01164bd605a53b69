//! Date operators (spec/conditions.md §3.3): both sides are parsed to an instant (nanoseconds since the
//! Unix epoch) and compared; offsets are applied, so `02:00+02:00` equals `00:00Z`.
//!
//! Accepted text: `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.s+]][TZD]` with `TZD` = `Z` or `±hh:mm`,
//! and epoch seconds (digits with optional sign and fraction; digits alone are always epoch seconds, so a
//! bare year `2020` is read as seconds). No date crate: days-from-civil arithmetic is enough.

/// Which accepted form a date text had; the forms marked as conventions in the spec make the trace say
/// that a simulator convention decided the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// `2020-04` → first day of the month, 00:00 UTC (a convention).
    YearMonth,
    /// `2020-06-30` → 00:00 UTC of that day (a convention).
    DateOnly,
    /// A time with `Z` or an offset.
    DateTime,
    /// A time without `Z` or offset, read as UTC (a convention).
    DateTimeNoZone,
    /// Seconds since 1970-01-01T00:00:00Z, optionally fractional.
    EpochSeconds,
}

impl DateForm {
    /// Whether reading this form rests on a simulator convention rather than the AWS documentation.
    pub fn is_convention(self) -> bool {
        matches!(self, DateForm::YearMonth | DateForm::DateOnly | DateForm::DateTimeNoZone)
    }
}

/// A parsed date: the instant in nanoseconds since the Unix epoch (fraction digits past the ninth are
/// dropped), and the form it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateValue {
    pub nanos: i128,
    pub form: DateForm,
}

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Parses a condition date value (policy or request side); `None` when it is none of the accepted forms.
pub fn parse_date(text: &str) -> Option<DateValue> {
    if text.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'+' || b == b'-' || b == b'.')
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'+' || b == b'-' || b == b'.')
        && !looks_like_calendar(text)
    {
        return parse_epoch(text).map(|nanos| DateValue { nanos, form: DateForm::EpochSeconds });
    }
    parse_calendar(text)
}

/// `2020-04` contains only digits and `-` too; a calendar date has a `-` after four digits.
fn looks_like_calendar(text: &str) -> bool {
    text.as_bytes().get(4) == Some(&b'-')
}

/// Epoch seconds: the numeric grammar of §3.2 (`^[+-]?(\d+(\.\d*)?|\.\d+)$`).
fn parse_epoch(text: &str) -> Option<i128> {
    let d = super::numeric::parse_decimal(text)?;
    // More than 20 integer digits is far beyond any representable calendar; refuse rather than overflow.
    if d.int.len() > 20 {
        return None;
    }
    // At most 20 digits, all checked: the sum cannot overflow (10^20 is far below i128::MAX).
    let seconds = d.int.bytes().fold(0i128, |n, b| n * 10 + i128::from(b - b'0'));
    let nanos = seconds.checked_mul(NANOS_PER_SECOND)?.checked_add(fraction_nanos(d.frac)?)?;
    Some(if d.negative { -nanos } else { nanos })
}

/// Up to nine fraction digits as nanoseconds; further digits are below the precision we keep.
fn fraction_nanos(frac: &str) -> Option<i128> {
    let mut nanos: i128 = 0;
    let mut scale = NANOS_PER_SECOND;
    for b in frac.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        scale /= 10;
        nanos += i128::from(b - b'0') * scale;
    }
    Some(nanos)
}

/// A little cursor over ASCII bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let chunk = self.bytes.get(self.pos..self.pos + n)?;
        let mut v = 0u32;
        for &b in chunk {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Some(v)
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

fn parse_calendar(text: &str) -> Option<DateValue> {
    let mut c = Cursor { bytes: text.as_bytes(), pos: 0 };
    let year = i64::from(c.digits(4)?);
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    if c.at_end() {
        return Some(DateValue { nanos: day_nanos(year, month, 1), form: DateForm::YearMonth });
    }
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = day_nanos(year, month, day);
    if c.at_end() {
        return Some(DateValue { nanos: midnight, form: DateForm::DateOnly });
    }
    if !c.eat(b'T') {
        return None;
    }
    let hour = c.digits(2)?;
    if hour > 23 || !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    if minute > 59 {
        return None;
    }
    let mut nanos = i128::from(hour * 3600 + minute * 60) * NANOS_PER_SECOND;
    if c.eat(b':') {
        let second = c.digits(2)?;
        if second > 59 {
            return None;
        }
        nanos += i128::from(second) * NANOS_PER_SECOND;
        if c.eat(b'.') {
            let start = c.pos;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.pos += 1;
            }
            let frac = text.get(start..c.pos)?;
            if frac.is_empty() {
                return None;
            }
            nanos += fraction_nanos(frac)?;
        }
    }
    let (offset_seconds, form) = match c.peek() {
        None => (0, DateForm::DateTimeNoZone),
        Some(b'Z') => {
            c.pos += 1;
            (0, DateForm::DateTime)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let oh = c.digits(2)?;
            if oh > 23 || !c.eat(b':') {
                return None;
            }
            let om = c.digits(2)?;
            if om > 59 {
                return None;
            }
            let secs = i128::from(oh * 3600 + om * 60);
            (if sign == b'-' { -secs } else { secs }, DateForm::DateTime)
        }
        Some(_) => return None,
    };
    if !c.at_end() {
        return None;
    }
    // Local time = UTC + offset, so UTC = local − offset.
    Some(DateValue { nanos: midnight + nanos - offset_seconds * NANOS_PER_SECOND, form })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" algorithm: shift the year
/// to start in March so the leap day ends it, then count 400-year eras).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn day_nanos(year: i64, month: u32, day: u32) -> i128 {
    i128::from(days_from_civil(year, month, day)) * 86_400 * NANOS_PER_SECOND
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> i128 {
        parse_date(text).unwrap().nanos / NANOS_PER_SECOND
    }

    #[test]
    fn civil_days_match_known_epochs() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(secs("2020-04-01T00:00:00Z"), 1_585_699_200);
        assert_eq!(secs("2020-06-30T23:59:59Z"), 1_593_561_599);
        assert_eq!(secs("0000-01-01"), -62_167_219_200);
    }

    #[test]
    fn every_documented_form_parses() {
        assert_eq!(
            parse_date("2020-04").unwrap(),
            DateValue { nanos: 1_585_699_200 * NANOS_PER_SECOND, form: DateForm::YearMonth }
        );
        assert_eq!(parse_date("2020-04-01").unwrap().form, DateForm::DateOnly);
        assert_eq!(secs("2020-06-30T23:59Z"), 1_593_561_540);
        assert_eq!(secs("1997-07-16T19:20:30+01:00"), secs("1997-07-16T18:20:30Z"));
        assert_eq!(secs("2020-04-01T02:00:00+02:00"), 1_585_699_200);
        assert_eq!(secs("2020-03-31T19:30:00-04:30"), 1_585_699_200);
        assert_eq!(parse_date("2020-04-01T00:00:00.500Z").unwrap().nanos, 1_585_699_200_500_000_000);
        assert_eq!(parse_date("2020-04-01T00:00:00.123456789123Z").unwrap().nanos, 1_585_699_200_123_456_789);
        let no_zone = parse_date("2020-04-01T00:00:00").unwrap();
        assert_eq!((no_zone.nanos / NANOS_PER_SECOND, no_zone.form), (1_585_699_200, DateForm::DateTimeNoZone));
    }

    #[test]
    fn digits_are_epoch_seconds() {
        assert_eq!(
            parse_date("1585699200").unwrap(),
            DateValue { nanos: 1_585_699_200 * NANOS_PER_SECOND, form: DateForm::EpochSeconds }
        );
        assert_eq!(parse_date("1585699200.5").unwrap().nanos, 1_585_699_200_500_000_000);
        assert_eq!(parse_date("-1.5").unwrap().nanos, -1_500_000_000);
        // The W3C year-only form is read as seconds.
        assert_eq!(parse_date("2020").unwrap().nanos, 2020 * NANOS_PER_SECOND);
    }

    #[test]
    fn refuses_malformed_dates() {
        for bad in [
            "",
            "next tuesday",
            "2020-13-01",
            "2020-02-30",
            "2019-02-29",
            "2020-04-01T24:00:00Z",
            "2020-04-01T00:60Z",
            "2020-04-01T00:00:60Z",
            "2020-04-01 00:00:00Z",
            "2020-04-01T00:00:00.Z",
            "2020-04-01T00:00:00+0100",
            "2020-04-01T00:00:00z",
            "2020-04-01T00Z",
            "2020-4-01",
            "20-04-01",
            "2020-04-01T00:00:00Z ",
            "1e9",
            "123456789012345678901234",
            "2020-04-",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        assert!(parse_date("2020-02-29").is_some());
        assert!(parse_date("2000-02-29").is_some());
        assert!(parse_date("1900-02-29").is_none());
    }
}
