//! The date layer: date expressions found in the text, each normalized to an
//! inclusive interval of calendar days, and the publication date when it was
//! read from the text rather than given.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Span;

/// How finely a date mention pins down the time it names. The interval
/// (`first_day..=last_day`) is the exact extent; the precision says what kind
/// of unit the writer meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// One calendar day (`Tuesday`, `22 September 2016`, `yesterday`).
    Day,
    /// A week or a few days (`last week`, `earlier this week`, `the weekend`).
    Week,
    /// A month or part of one (`in March`, `earlier this month`).
    Month,
    /// A year or part of one (`in 2015`, `last year`).
    Year,
}

impl DatePrecision {
    /// The name used in the dossier.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// The pattern that recognized a date mention and fixed its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DateRule {
    /// `2016-09-22`, `2016/09/22`.
    Iso,
    /// `22/09/2016`, `22.09.2016`: day first, by validity or the document's
    /// other dates or closeness to the publication date.
    NumericDayFirst,
    /// `09/22/2016`: month first, decided the same way.
    NumericMonthFirst,
    /// `22 September 2016`, `22nd of Sept., 2016`.
    DayMonthYear,
    /// `September 22, 2016`, `Sept. 22 2016`.
    MonthDayYear,
    /// `22 September`: the year comes from the publication date.
    DayMonth,
    /// `Sept. 22`: the year comes from the publication date.
    MonthDay,
    /// `September 2016`.
    MonthYear,
    /// `in March`, `last March`: the year comes from the publication date.
    Month,
    /// `in 2015`, `since 2011`.
    Year,
    /// `on Tuesday`, `Tuesday night`, `next Tuesday`: the most recent such day
    /// on or before the publication date, or the next one in a future clause.
    Weekday,
    /// `yesterday`, `today`, `tomorrow`, `last night`, `this morning`.
    RelativeDay,
    /// `last week`, `this month`, `earlier this year`, `the past week`, `the weekend`.
    RelativePeriod,
    /// `two days ago`, `a year ago`.
    Ago,
    /// A date in the dateline (`ALEPPO, Sept 22 (Reuters) -`).
    Dateline,
}

impl DateRule {
    /// The name used in the dossier.
    pub fn as_str(self) -> &'static str {
        match self {
            DateRule::Iso => "iso",
            DateRule::NumericDayFirst => "numeric_day_first",
            DateRule::NumericMonthFirst => "numeric_month_first",
            DateRule::DayMonthYear => "day_month_year",
            DateRule::MonthDayYear => "month_day_year",
            DateRule::DayMonth => "day_month",
            DateRule::MonthDay => "month_day",
            DateRule::MonthYear => "month_year",
            DateRule::Month => "month",
            DateRule::Year => "year",
            DateRule::Weekday => "weekday",
            DateRule::RelativeDay => "relative_day",
            DateRule::RelativePeriod => "relative_period",
            DateRule::Ago => "ago",
            DateRule::Dateline => "dateline",
        }
    }
}

/// One date expression, resolved to the days it names.
///
/// **Invariant:** `first_day <= last_day`; the span covers whole tokens
/// `first_token..first_token + n_tokens` inside sentence `sentence`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The expression as written, without a leading preposition (`Tuesday`
    /// in `on Tuesday`).
    pub span: Span,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens (at least one).
    pub n_tokens: u32,
    /// Index of its sentence.
    pub sentence: u32,
    /// The first day of the interval it names.
    pub first_day: NaiveDate,
    /// The last day of the interval it names (inclusive).
    pub last_day: NaiveDate,
    /// What unit the writer meant.
    pub precision: DatePrecision,
    /// The pattern that produced it.
    pub rule: DateRule,
    /// True when the value was counted from the publication date (relative
    /// expressions, and days or months written without a year).
    pub anchored: bool,
}

impl DateMention {
    /// The token indices of this mention.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

/// Where in the text a publication date was found when none was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationEvidence {
    /// A full date in the dateline (`BEIRUT, Sept. 22, 2016 (Reuters) -`).
    Dateline,
    /// A line near the top that says so (`Published 22 September 2016`).
    PublishedLine,
    /// A short line near the top that is mostly a full date.
    LeadingDateLine,
}

impl PublicationEvidence {
    /// The name used in the dossier.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationEvidence::Dateline => "dateline",
            PublicationEvidence::PublishedLine => "published_line",
            PublicationEvidence::LeadingDateLine => "leading_date_line",
        }
    }
}

/// A publication date read from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectedPublication {
    /// The date.
    pub date: NaiveDate,
    /// The date expression it was read from.
    pub span: Span,
    /// What kind of line it was in.
    pub evidence: PublicationEvidence,
}

/// The date layer of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateLayer {
    /// Resolved date mentions in text order, non-overlapping.
    pub mentions: Vec<DateMention>,
    /// The publication date found in the text, set only when the document
    /// came without one.
    pub detected_publication: Option<DetectedPublication>,
}

/// Which rule gave an event its date, from the most to the least direct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventDateRule {
    /// A date expression attached to the event's trigger in the parse, or
    /// in the trigger's clause.
    Attached,
    /// A date expression elsewhere in the event's sentence.
    Sentence,
    /// The dateline's date.
    Dateline,
    /// The publication date: the event happened on or before it.
    Publication,
}

impl EventDateRule {
    /// The name used in the dossier.
    pub fn as_str(self) -> &'static str {
        match self {
            EventDateRule::Attached => "attached",
            EventDateRule::Sentence => "sentence",
            EventDateRule::Dateline => "dateline",
            EventDateRule::Publication => "publication",
        }
    }
}

/// When an event happened, and why sift thinks so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// Index of the date mention in the date layer it came from; `None` for
    /// [`EventDateRule::Publication`].
    pub mention: Option<usize>,
    /// The first day of the interval.
    pub first_day: NaiveDate,
    /// The last day of the interval (inclusive).
    pub last_day: NaiveDate,
    /// What unit the date names.
    pub precision: DatePrecision,
    /// The rule that chose it.
    pub rule: EventDateRule,
}
