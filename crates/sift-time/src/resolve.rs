//! Giving a recognized expression its days: calendar arithmetic over chrono,
//! counted from the publication date when the expression needs an anchor.
//! Every step is checked, so a nonsense date is no date, never a panic.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use sift_core::{DatePrecision, DateRule};

use crate::find::{Expr, Part};
use crate::lexicon::{Shift, Unit};

/// Whether the clause around an expression speaks of the past or the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    Unknown,
}

/// Which number comes first in `05/06/2016`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumericOrder {
    DayFirst,
    MonthFirst,
}

/// A resolved value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub precision: DatePrecision,
    pub rule: DateRule,
    pub anchored: bool,
}

/// The years a written date may have: wide enough for history, narrow
/// enough that numbers which only look like dates are not taken.
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;

/// True when the expression needs the publication date to have a value.
pub(crate) fn needs_anchor(expr: Expr) -> bool {
    !matches!(
        expr,
        Expr::Numeric { .. }
            | Expr::DayAndMonth { year: Some(_), .. }
            | Expr::MonthYear { .. }
            | Expr::Year { .. }
    )
}

/// True when the clause's tense changes the value (`on Tuesday` looks back,
/// `will meet on Tuesday` looks ahead).
pub(crate) fn depends_on_tense(expr: Expr) -> bool {
    matches!(
        expr,
        Expr::Weekday {
            shift: None | Some(Shift::This),
            ..
        } | Expr::DayAndMonth { year: None, .. }
            | Expr::Month { shift: None, .. }
            | Expr::Weekend { shift: None }
    )
}

/// The order a numeric date's digits prove by themselves (`22/09/2016` is
/// day first), if they do.
pub(crate) fn numeric_order_evidence(expr: Expr) -> Option<NumericOrder> {
    let Expr::Numeric { parts, digits, .. } = expr else {
        return None;
    };
    if digits[0] > 2 || digits[1] > 2 {
        return None;
    }
    match (parts[0], parts[1]) {
        (13..=31, 1..=12) => Some(NumericOrder::DayFirst),
        (1..=12, 13..=31) => Some(NumericOrder::MonthFirst),
        _ => None,
    }
}

/// The value of `expr`, or `None` when it names no real date or needs an
/// anchor that is missing. `convention` is the order the document's other
/// numeric dates prove, used for `05/06/2016`.
pub(crate) fn resolve(
    expr: Expr,
    anchor: Option<NaiveDate>,
    tense: Tense,
    convention: Option<NumericOrder>,
) -> Option<Value> {
    let day = |date: NaiveDate, rule: DateRule, anchored: bool| Value {
        first: date,
        last: date,
        precision: DatePrecision::Day,
        rule,
        anchored,
    };
    match expr {
        Expr::Numeric {
            parts,
            digits,
            separator,
        } => numeric(parts, digits, separator, anchor, convention),
        Expr::DayAndMonth {
            day: day_of_month,
            month,
            year: Some(year),
            day_first,
        } => {
            let rule = if day_first {
                DateRule::DayMonthYear
            } else {
                DateRule::MonthDayYear
            };
            let date = ymd(year, month, day_of_month)?;
            Some(day(date, rule, false))
        }
        Expr::DayAndMonth {
            day: day_of_month,
            month,
            year: None,
            day_first,
        } => {
            let anchor = anchor?;
            let candidates = (anchor.year() - 1..=anchor.year() + 1)
                .filter_map(|year| ymd(year, month, day_of_month));
            let date = pick(candidates, anchor, tense)?;
            let rule = if day_first {
                DateRule::DayMonth
            } else {
                DateRule::MonthDay
            };
            Some(day(date, rule, true))
        }
        Expr::MonthYear { month, year } => {
            let (first, last) = month_bounds(year, month)?;
            Some(Value {
                first,
                last,
                precision: DatePrecision::Month,
                rule: DateRule::MonthYear,
                anchored: false,
            })
        }
        Expr::Month { month, shift } => {
            let anchor = anchor?;
            let year = month_year(anchor, month, shift, tense);
            let (first, last) = month_bounds(year, month)?;
            Some(Value {
                first,
                last,
                precision: DatePrecision::Month,
                rule: DateRule::Month,
                anchored: true,
            })
        }
        Expr::Year { year } => {
            let (first, last) = year_bounds(year)?;
            Some(Value {
                first,
                last,
                precision: DatePrecision::Year,
                rule: DateRule::Year,
                anchored: false,
            })
        }
        Expr::Weekday { weekday, shift } => {
            let anchor = anchor?;
            let date = weekday_date(anchor, weekday, shift, tense)?;
            Some(day(date, DateRule::Weekday, true))
        }
        Expr::RelativeDay { offset } => {
            let date = add_days(anchor?, i64::from(offset))?;
            Some(day(date, DateRule::RelativeDay, true))
        }
        Expr::Period { unit, shift, part } => period(anchor?, unit, shift, part),
        Expr::Weekend { shift } => {
            let (first, last) = weekend(anchor?, shift, tense)?;
            Some(Value {
                first,
                last,
                precision: DatePrecision::Week,
                rule: DateRule::RelativePeriod,
                anchored: true,
            })
        }
        Expr::Ago { count, unit } => ago(anchor?, count, unit),
        Expr::PastSpan { count, unit } => {
            let anchor = anchor?;
            let first = shift_by(anchor, unit, -i64::from(count))?;
            let precision = match unit {
                Unit::Day if count == 1 => DatePrecision::Day,
                Unit::Day | Unit::Week => DatePrecision::Week,
                Unit::Month => DatePrecision::Month,
                Unit::Year => DatePrecision::Year,
            };
            Some(Value {
                first,
                last: anchor,
                precision,
                rule: DateRule::RelativePeriod,
                anchored: true,
            })
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_bounds(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = ymd(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((ymd(year, 1, 1)?, ymd(year, 12, 31)?))
}

fn week_bounds(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let week = date.week(Weekday::Mon);
    (week.first_day(), week.last_day())
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let magnitude = Days::new(days.unsigned_abs());
    let shifted = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    }?;
    YEARS.contains(&shifted.year()).then_some(shifted)
}

/// `date` moved by `count` units (negative: back).
fn shift_by(date: NaiveDate, unit: Unit, count: i64) -> Option<NaiveDate> {
    match unit {
        Unit::Day => add_days(date, count),
        Unit::Week => add_days(date, count.checked_mul(7)?),
        Unit::Month | Unit::Year => {
            let months = if unit == Unit::Year {
                count.checked_mul(12)?
            } else {
                count
            };
            let magnitude = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
            let shifted = if months >= 0 {
                date.checked_add_months(magnitude)
            } else {
                date.checked_sub_months(magnitude)
            }?;
            YEARS.contains(&shifted.year()).then_some(shifted)
        }
    }
}

/// The candidate a clause of this tense means: the first on or after the
/// anchor in the future, the last on or before it in the past, and the
/// nearest otherwise (ties go to the past, where most news is).
fn pick(
    candidates: impl Iterator<Item = NaiveDate>,
    anchor: NaiveDate,
    tense: Tense,
) -> Option<NaiveDate> {
    let distance = |d: NaiveDate| (d - anchor).num_days();
    let candidates: Vec<NaiveDate> = candidates.collect();
    match tense {
        Tense::Future => candidates.into_iter().filter(|&d| d >= anchor).min(),
        Tense::Past => candidates.into_iter().filter(|&d| d <= anchor).max(),
        Tense::Unknown => candidates
            .into_iter()
            .min_by_key(|&d| (distance(d).abs(), distance(d) > 0)),
    }
}

fn numeric(
    parts: [u32; 3],
    digits: [u8; 3],
    separator: u8,
    anchor: Option<NaiveDate>,
    convention: Option<NumericOrder>,
) -> Option<Value> {
    let day = |date: NaiveDate, rule: DateRule| Value {
        first: date,
        last: date,
        precision: DatePrecision::Day,
        rule,
        anchored: false,
    };
    if digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2 {
        let date = ymd(parts[0] as i32, parts[1], parts[2])?;
        return Some(day(date, DateRule::Iso));
    }
    if digits[0] > 2 || digits[1] > 2 {
        return None;
    }
    // Two-digit years only with slashes: `1.2.16` is more often a version
    // or a section number than a date.
    let year = match digits[2] {
        4 => parts[2] as i32,
        2 if separator == b'/' => two_digit_year(parts[2], anchor),
        _ => return None,
    };
    let day_first = ymd(year, parts[1], parts[0]);
    let month_first = ymd(year, parts[0], parts[1]);
    let order = match (day_first, month_first) {
        (None, None) => return None,
        (Some(_), None) => NumericOrder::DayFirst,
        (None, Some(_)) => NumericOrder::MonthFirst,
        (Some(a), Some(b)) if a == b => NumericOrder::DayFirst,
        (Some(a), Some(b)) => match (convention, anchor) {
            (Some(order), _) => order,
            (None, Some(anchor)) => {
                if (b - anchor).num_days().abs() < (a - anchor).num_days().abs() {
                    NumericOrder::MonthFirst
                } else {
                    NumericOrder::DayFirst
                }
            }
            // Most of the world writes the day first.
            (None, None) => NumericOrder::DayFirst,
        },
    };
    Some(match order {
        NumericOrder::DayFirst => day(day_first?, DateRule::NumericDayFirst),
        NumericOrder::MonthFirst => day(month_first?, DateRule::NumericMonthFirst),
    })
}

/// `16` is 2016 unless that is more than a year after the anchor.
fn two_digit_year(yy: u32, anchor: Option<NaiveDate>) -> i32 {
    let latest = anchor.map_or(2049, |a| a.year() + 1);
    let modern = 2000 + yy as i32;
    if modern <= latest {
        modern
    } else {
        modern - 100
    }
}

fn month_year(anchor: NaiveDate, month: u32, shift: Option<Shift>, tense: Tense) -> i32 {
    let this_year = anchor.year();
    let current = anchor.month();
    match (shift, tense) {
        (Some(Shift::This), _) => this_year,
        (Some(Shift::Last | Shift::Past), _) => {
            if month < current {
                this_year
            } else {
                this_year - 1
            }
        }
        (Some(Shift::Next), _) => {
            if month > current {
                this_year
            } else {
                this_year + 1
            }
        }
        (None, Tense::Future) => {
            if month >= current {
                this_year
            } else {
                this_year + 1
            }
        }
        (None, _) => {
            if month <= current {
                this_year
            } else {
                this_year - 1
            }
        }
    }
}

fn weekday_date(
    anchor: NaiveDate,
    weekday: Weekday,
    shift: Option<Shift>,
    tense: Tense,
) -> Option<NaiveDate> {
    let back = i64::from(
        (anchor.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7,
    );
    let ahead = (7 - back) % 7;
    let offset = match (shift, tense) {
        (Some(Shift::Last | Shift::Past), _) => -(if back == 0 { 7 } else { back }),
        (Some(Shift::Next), _) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        (_, Tense::Future) => ahead,
        _ => -back,
    };
    add_days(anchor, offset)
}

fn period(anchor: NaiveDate, unit: Unit, shift: Shift, part: Part) -> Option<Value> {
    let steps = match shift {
        Shift::Last => -1,
        Shift::This => 0,
        Shift::Next => 1,
        Shift::Past => return None,
    };
    let (first, last, precision) = match unit {
        Unit::Day => return None,
        Unit::Week => {
            let (first, last) = week_bounds(add_days(anchor, 7 * steps)?);
            (first, last, DatePrecision::Week)
        }
        Unit::Month => {
            let moved = shift_by(anchor, Unit::Month, steps)?;
            let (first, last) = month_bounds(moved.year(), moved.month())?;
            (first, last, DatePrecision::Month)
        }
        Unit::Year => {
            let (first, last) = year_bounds(anchor.year() + steps as i32)?;
            (first, last, DatePrecision::Year)
        }
    };
    let (first, last) = match part {
        Part::Whole => (first, last),
        Part::Earlier => (first, anchor),
        Part::Later => (anchor, last),
    };
    Some(Value {
        first,
        last,
        precision,
        rule: DateRule::RelativePeriod,
        anchored: true,
    })
}

/// A Saturday and Sunday: the one of the anchor's week for `this`, the last
/// one over before the anchor for `last`, the first one after it for `next`,
/// and for a bare `the weekend` the latest one begun by the anchor (or the
/// next one, in a future clause).
fn weekend(
    anchor: NaiveDate,
    shift: Option<Shift>,
    tense: Tense,
) -> Option<(NaiveDate, NaiveDate)> {
    let this_saturday = add_days(week_bounds(anchor).0, 5)?;
    let saturday = match (shift, tense) {
        (Some(Shift::This), _) => this_saturday,
        (Some(Shift::Last | Shift::Past), _) => {
            let sunday = add_days(this_saturday, 1)?;
            if sunday < anchor {
                this_saturday
            } else {
                add_days(this_saturday, -7)?
            }
        }
        (Some(Shift::Next), _) | (None, Tense::Future) => {
            if this_saturday > anchor || (shift.is_none() && this_saturday >= anchor) {
                this_saturday
            } else {
                add_days(this_saturday, 7)?
            }
        }
        (None, _) => {
            if this_saturday <= anchor {
                this_saturday
            } else {
                add_days(this_saturday, -7)?
            }
        }
    };
    Some((saturday, add_days(saturday, 1)?))
}

fn ago(anchor: NaiveDate, count: u32, unit: Unit) -> Option<Value> {
    let back = shift_by(anchor, unit, -i64::from(count))?;
    let (first, last, precision) = match unit {
        Unit::Day => (back, back, DatePrecision::Day),
        Unit::Week => {
            let (first, last) = week_bounds(back);
            (first, last, DatePrecision::Week)
        }
        Unit::Month => {
            let (first, last) = month_bounds(back.year(), back.month())?;
            (first, last, DatePrecision::Month)
        }
        Unit::Year => {
            let (first, last) = year_bounds(back.year())?;
            (first, last, DatePrecision::Year)
        }
    };
    Some(Value {
        first,
        last,
        precision,
        rule: DateRule::Ago,
        anchored: true,
    })
}
