//! Finding date expressions: token patterns over the classes of
//! [`crate::lexicon`], longest match first, left to right, one sentence at a
//! time. Nothing here knows the publication date: an expression is only
//! recognized, and [`crate::resolve`] gives it a value later.

use chrono::Weekday;
use sift_core::{Entity, EntityLabel, TokenTag};

use crate::lexicon::{Lex, Shift, Unit};

/// Which part of a period a relative expression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// `last week`: all of it.
    Whole,
    /// `earlier this week`: from its start to the anchor.
    Earlier,
    /// `later this week`: from the anchor to its end.
    Later,
}

/// A recognized date expression, not yet resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expr {
    /// `22/09/2016`, `2016-09-22`: the digit groups as written.
    Numeric {
        parts: [u32; 3],
        digits: [u8; 3],
        separator: u8,
    },
    /// `22 September [2016]` (`day_first`) or `September 22[, 2016]`.
    DayAndMonth {
        day: u32,
        month: u32,
        year: Option<i32>,
        day_first: bool,
    },
    /// `September 2016`.
    MonthYear { month: u32, year: i32 },
    /// `in March`, `last March`, `mid-March`.
    Month { month: u32, shift: Option<Shift> },
    /// `in 2015`, `mid-2015`.
    Year { year: i32 },
    /// `Tuesday`, `next Tuesday`, `Tuesday night`.
    Weekday {
        weekday: Weekday,
        shift: Option<Shift>,
    },
    /// `yesterday`, `today`, `tomorrow`, `last night`, `this morning`.
    RelativeDay { offset: i8 },
    /// `last week`, `earlier this month`, `next year`.
    Period {
        unit: Unit,
        shift: Shift,
        part: Part,
    },
    /// `the weekend`, `last weekend`.
    Weekend { shift: Option<Shift> },
    /// `two days ago`.
    Ago { count: u32, unit: Unit },
    /// `the past week`, `the last three days`: up to the anchor.
    PastSpan { count: u32, unit: Unit },
}

/// An expression over the tokens `start..end` (document token indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
}

/// What the patterns may look at besides the token classes.
pub(crate) struct Context<'a> {
    /// One class per token of the document.
    pub lex: &'a [Lex],
    /// One tag per token, or empty when the document is not tagged.
    pub tags: &'a [TokenTag],
    /// Entity mentions in text order, or empty.
    pub entities: &'a [Entity],
}

impl Context<'_> {
    fn lex(&self, idx: usize, end: usize) -> Lex {
        if idx < end { self.lex[idx] } else { Lex::Other }
    }

    /// The entity covering token `idx`, if any.
    fn entity_at(&self, idx: usize) -> Option<&Entity> {
        let after = self
            .entities
            .partition_point(|e| e.first_token as usize <= idx);
        after
            .checked_sub(1)
            .map(|k| &self.entities[k])
            .filter(|e| e.token_range().contains(&idx))
    }

    /// Inside a name (`Theresa May`, `Black Friday`, `Euro 2016`): not a date.
    fn is_in_name(&self, idx: usize) -> bool {
        self.entity_at(idx)
            .is_some_and(|e| e.label != EntityLabel::Date)
    }

    fn is_in_date_entity(&self, idx: usize) -> bool {
        self.entity_at(idx)
            .is_some_and(|e| e.label == EntityLabel::Date)
    }

    /// `people`, `cases`: a plural noun after a number makes it a count.
    fn is_plural_noun(&self, idx: usize, end: usize) -> bool {
        idx < end
            && self
                .tags
                .get(idx)
                .is_some_and(|t| matches!(t.xpos.as_str(), "NNS" | "NNPS"))
    }

    fn is_noun_or_number(&self, idx: usize, end: usize) -> bool {
        idx < end
            && self
                .tags
                .get(idx)
                .is_some_and(|t| matches!(t.upos.as_str(), "NOUN" | "PROPN" | "NUM"))
    }
}

/// Appends the expressions in the sentence `range` to `out`, in text order
/// and without overlaps.
pub(crate) fn find_in_sentence(
    context: &Context<'_>,
    range: std::ops::Range<usize>,
    out: &mut Vec<Found>,
) {
    let mut idx = range.start;
    while idx < range.end {
        match match_at(context, idx, range.start, range.end) {
            Some(found) => {
                idx = found.end;
                out.push(found);
            }
            None => idx += 1,
        }
    }
}

fn day_number(lex: Lex) -> Option<u32> {
    match lex {
        Lex::Number {
            value,
            n_digits: 1 | 2,
            ..
        } if (1..=31).contains(&value) => Some(value),
        _ => None,
    }
}

fn year_number(lex: Lex) -> Option<i32> {
    match lex {
        Lex::Number {
            value,
            n_digits: 4,
            ordinal: false,
        } if (1800..=2100).contains(&value) => Some(value as i32),
        _ => None,
    }
}

fn count(lex: Lex) -> Option<u32> {
    match lex {
        Lex::CountWord(n) => Some(n),
        Lex::Number {
            value,
            ordinal: false,
            ..
        } if value >= 1 => Some(value),
        _ => None,
    }
}

/// The longest expression starting at token `idx`, if one does.
fn match_at(context: &Context<'_>, idx: usize, sentence_start: usize, end: usize) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    let found = |stop: usize, expr: Expr| {
        Some(Found {
            start: idx,
            end: stop,
            expr,
        })
    };
    let previous = if idx > sentence_start {
        context.lex[idx - 1]
    } else {
        Lex::Other
    };
    match at(idx) {
        Lex::NumericDate {
            parts,
            digits,
            separator,
        } => found(
            idx + 1,
            Expr::Numeric {
                parts,
                digits,
                separator,
            },
        ),
        Lex::Number { .. } => {
            if let Some(found) = day_month(context, idx, end) {
                return Some(found);
            }
            if let Some(found) = ago(context, idx, end) {
                return Some(found);
            }
            let year = year_number(at(idx))?;
            let cued = matches!(previous, Lex::Cue | Lex::Of | Lex::The);
            let named = context.is_in_name(idx);
            let plural_follows = context.is_plural_noun(idx + 1, end);
            let by_entity =
                context.is_in_date_entity(idx) && !context.is_noun_or_number(idx + 1, end);
            ((cued || by_entity) && !named && !plural_follows)
                .then(|| found(idx + 1, Expr::Year { year }))
                .flatten()
        }
        Lex::Month { .. } => month_first(context, idx, previous, end),
        Lex::MidMonth(month) => found(idx + 1, Expr::Month { month, shift: None }),
        Lex::MidYear(year) => found(idx + 1, Expr::Year { year }),
        Lex::Weekday(_) => weekday(context, idx, idx, None, end),
        Lex::RelativeDay(offset) => {
            let stop = if at(idx + 1) == Lex::PartOfDay {
                idx + 2
            } else {
                idx + 1
            };
            found(stop, Expr::RelativeDay { offset })
        }
        Lex::CountWord(_) => ago(context, idx, end),
        Lex::Earlier | Lex::Later => {
            let part = if at(idx) == Lex::Earlier {
                Part::Earlier
            } else {
                Part::Later
            };
            match (at(idx + 1), at(idx + 2)) {
                (Lex::RelativeDay(0), _) => found(idx + 2, Expr::RelativeDay { offset: 0 }),
                (Lex::Shift(Shift::This), Lex::Unit(unit)) if unit != Unit::Day => found(
                    idx + 3,
                    Expr::Period {
                        unit,
                        shift: Shift::This,
                        part,
                    },
                ),
                _ => None,
            }
        }
        Lex::Shift(shift) => shifted(context, idx, shift, end),
        Lex::The => match (at(idx + 1), at(idx + 2)) {
            (Lex::Weekend, _) => found(idx + 2, Expr::Weekend { shift: None }),
            (Lex::Shift(Shift::Past | Shift::Last), _) => {
                let inner = shifted(context, idx + 1, Shift::Past, end)?;
                matches!(inner.expr, Expr::PastSpan { .. }).then_some(Found {
                    start: idx,
                    ..inner
                })
            }
            _ => None,
        },
        _ => None,
    }
}

/// `22 September`, `22nd of September, 2016`.
fn day_month(context: &Context<'_>, idx: usize, end: usize) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    // Any one- or two-digit number: `32 January 2016` is then read whole and
    // found not to exist, rather than leaving `January 2016` behind.
    let Lex::Number {
        value: day,
        n_digits: 1 | 2,
        ..
    } = at(idx)
    else {
        return None;
    };
    let month_idx = if at(idx + 1) == Lex::Of {
        idx + 2
    } else {
        idx + 1
    };
    let Lex::Month { month, .. } = at(month_idx) else {
        return None;
    };
    if context.is_in_name(month_idx) {
        return None;
    }
    let (year, stop) = trailing_year(context, month_idx + 1, end);
    Some(Found {
        start: idx,
        end: stop,
        expr: Expr::DayAndMonth {
            day,
            month,
            year,
            day_first: true,
        },
    })
}

/// A year right after a day and month: `2016` or `, 2016`.
fn trailing_year(context: &Context<'_>, idx: usize, end: usize) -> (Option<i32>, usize) {
    if let Some(year) = year_number(context.lex(idx, end)) {
        return (Some(year), idx + 1);
    }
    if context.lex(idx, end) == Lex::Comma
        && let Some(year) = year_number(context.lex(idx + 1, end))
    {
        return (Some(year), idx + 2);
    }
    (None, idx)
}

/// Expressions that open with a month name.
fn month_first(context: &Context<'_>, idx: usize, previous: Lex, end: usize) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    let Lex::Month {
        month,
        abbreviated,
        ambiguous,
    } = at(idx)
    else {
        return None;
    };
    if context.is_in_name(idx) {
        return None;
    }
    if let Some(day) = day_number(at(idx + 1)) {
        let (year, stop) = trailing_year(context, idx + 2, end);
        return Some(Found {
            start: idx,
            end: stop,
            expr: Expr::DayAndMonth {
                day,
                month,
                year,
                day_first: false,
            },
        });
    }
    if let Some(year) = year_number(at(idx + 1)) {
        return Some(Found {
            start: idx,
            end: idx + 2,
            expr: Expr::MonthYear { month, year },
        });
    }
    if at(idx + 1) == Lex::Of
        && let Some(year) = year_number(at(idx + 2))
    {
        return Some(Found {
            start: idx,
            end: idx + 3,
            expr: Expr::MonthYear { month, year },
        });
    }
    let cued = matches!(previous, Lex::Cue | Lex::Of);
    let by_entity = !ambiguous && context.is_in_date_entity(idx);
    (!abbreviated && (cued || by_entity)).then_some(Found {
        start: idx,
        end: idx + 1,
        expr: Expr::Month { month, shift: None },
    })
}

/// `Tuesday`, `Tuesday night`, `Tuesday, Sept. 22`, with the shift words
/// already read from `start` to `idx`.
fn weekday(
    context: &Context<'_>,
    start: usize,
    idx: usize,
    shift: Option<Shift>,
    end: usize,
) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    let Lex::Weekday(day) = at(idx) else {
        return None;
    };
    if context.is_in_name(idx) {
        return None;
    }
    if shift.is_none() {
        // `Tuesday, Sept. 22, 2016` is one date; the weekday adds nothing.
        let date_at = if at(idx + 1) == Lex::Comma {
            idx + 2
        } else {
            idx + 1
        };
        let full = match at(date_at) {
            Lex::Number { .. } => day_month(context, date_at, end),
            Lex::Month { .. } => month_first(context, date_at, Lex::Other, end)
                .filter(|f| matches!(f.expr, Expr::DayAndMonth { .. })),
            _ => None,
        };
        if let Some(full) = full {
            return Some(Found { start, ..full });
        }
    }
    let stop = if at(idx + 1) == Lex::PartOfDay {
        idx + 2
    } else {
        idx + 1
    };
    Some(Found {
        start,
        end: stop,
        expr: Expr::Weekday {
            weekday: day,
            shift,
        },
    })
}

/// `two days ago`, `a week ago`.
fn ago(context: &Context<'_>, idx: usize, end: usize) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    let count = count(at(idx))?;
    let (Lex::Unit(unit) | Lex::Units(unit)) = at(idx + 1) else {
        return None;
    };
    (at(idx + 2) == Lex::Ago).then_some(Found {
        start: idx,
        end: idx + 3,
        expr: Expr::Ago { count, unit },
    })
}

/// Expressions that open with `last`, `next`, `this`, `past`.
fn shifted(context: &Context<'_>, idx: usize, shift: Shift, end: usize) -> Option<Found> {
    let at = |k: usize| context.lex(k, end);
    let found = |stop: usize, expr: Expr| {
        Some(Found {
            start: idx,
            end: stop,
            expr,
        })
    };
    match (shift, at(idx + 1)) {
        // `this coming Tuesday`
        (Shift::This, Lex::Shift(Shift::Next)) => {
            weekday(context, idx, idx + 2, Some(Shift::Next), end)
        }
        (Shift::Last | Shift::Next | Shift::This, Lex::Weekday(_)) => {
            weekday(context, idx, idx + 1, Some(shift), end)
        }
        (Shift::Last | Shift::Next | Shift::This, Lex::Month { month, .. })
            if !context.is_in_name(idx + 1) =>
        {
            found(
                idx + 2,
                Expr::Month {
                    month,
                    shift: Some(shift),
                },
            )
        }
        (Shift::Last, Lex::PartOfDay) => found(idx + 2, Expr::RelativeDay { offset: -1 }),
        (Shift::This, Lex::PartOfDay) => found(idx + 2, Expr::RelativeDay { offset: 0 }),
        (Shift::Past, Lex::Unit(unit)) => found(idx + 2, Expr::PastSpan { count: 1, unit }),
        (_, Lex::Unit(unit)) if unit != Unit::Day => found(
            idx + 2,
            Expr::Period {
                unit,
                shift,
                part: Part::Whole,
            },
        ),
        (_, Lex::Weekend) => found(idx + 2, Expr::Weekend { shift: Some(shift) }),
        (Shift::Past | Shift::Last, lex) => {
            // `the past two weeks`, `the last three days`
            let count = count(lex)?;
            let (Lex::Unit(unit) | Lex::Units(unit)) = at(idx + 2) else {
                return None;
            };
            found(idx + 3, Expr::PastSpan { count, unit })
        }
        _ => None,
    }
}
