//! The date table: each row is a sentence, its publication date, one date
//! expression in it and the days that expression must name. The anchors are
//! spread over the week and the year so that "the most recent Tuesday" and
//! "last March" are tested across boundaries.

mod common;

use sift_core::{DatePrecision as P, DateRule as R, Headline};

use common::{analyze, date};

struct Row {
    text: &'static str,
    published: &'static str,
    mention: &'static str,
    first: &'static str,
    last: &'static str,
    precision: P,
    rule: R,
}

const fn row(
    text: &'static str,
    published: &'static str,
    mention: &'static str,
    first: &'static str,
    last: &'static str,
    precision: P,
    rule: R,
) -> Row {
    Row {
        text,
        published,
        mention,
        first,
        last,
        precision,
        rule,
    }
}

/// 2016-09-22 is a Thursday.
const THU: &str = "2016-09-22";

#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Numeric dates: validity, then closeness to the publication date.
    row("The talks ended on 22/09/2016.", THU, "22/09/2016", "2016-09-22", "2016-09-22", P::Day, R::NumericDayFirst),
    row("The talks ended on 09/22/2016.", THU, "09/22/2016", "2016-09-22", "2016-09-22", P::Day, R::NumericMonthFirst),
    row("The talks ended on 05/09/2016.", "2016-09-06", "05/09/2016", "2016-09-05", "2016-09-05", P::Day, R::NumericDayFirst),
    row("The talks ended on 09/05/2016.", "2016-09-06", "09/05/2016", "2016-09-05", "2016-09-05", P::Day, R::NumericMonthFirst),
    row("The ceasefire, agreed on 12/11/2016, held.", "2016-11-20", "12/11/2016", "2016-11-12", "2016-11-12", P::Day, R::NumericDayFirst),
    row("The talks ended on 9/22/16.", THU, "9/22/16", "2016-09-22", "2016-09-22", P::Day, R::NumericMonthFirst),
    row("The talks ended on 22.09.2016.", THU, "22.09.2016", "2016-09-22", "2016-09-22", P::Day, R::NumericDayFirst),
    row("The talks ended on 2016-09-22.", THU, "2016-09-22", "2016-09-22", "2016-09-22", P::Day, R::Iso),
    row("The talks ended on 2016/09/22.", THU, "2016/09/22", "2016-09-22", "2016-09-22", P::Day, R::Iso),
    // Month names, with and without a year.
    row("The vote was held on 22 September 2016.", THU, "22 September 2016", "2016-09-22", "2016-09-22", P::Day, R::DayMonthYear),
    row("The vote was held on September 22, 2016.", THU, "September 22, 2016", "2016-09-22", "2016-09-22", P::Day, R::MonthDayYear),
    row("The vote was held on the 22nd of September, 2016.", THU, "22nd of September, 2016", "2016-09-22", "2016-09-22", P::Day, R::DayMonthYear),
    row("The vote was held on Sept. 22, 2016.", "2016-10-01", "Sept. 22, 2016", "2016-09-22", "2016-09-22", P::Day, R::MonthDayYear),
    row("Rebels shelled the town on Sept. 22.", "2016-09-25", "Sept. 22", "2016-09-22", "2016-09-22", P::Day, R::MonthDay),
    row("The vote was held on Sept 22.", "2016-09-25", "Sept 22", "2016-09-22", "2016-09-22", P::Day, R::MonthDay),
    row("Fighting broke out on June 5.", THU, "June 5", "2016-06-05", "2016-06-05", P::Day, R::MonthDay),
    row("Fighting broke out on 5 June.", THU, "5 June", "2016-06-05", "2016-06-05", P::Day, R::DayMonth),
    row("Aid arrived on 2 Feb.", THU, "2 Feb.", "2016-02-02", "2016-02-02", P::Day, R::DayMonth),
    row("The deal was signed on Dec. 28.", "2017-01-03", "Dec. 28", "2016-12-28", "2016-12-28", P::Day, R::MonthDay),
    row("Talks will resume on Jan. 3.", "2016-12-28", "Jan. 3", "2017-01-03", "2017-01-03", P::Day, R::MonthDay),
    row("The offensive started on Feb. 29.", "2017-03-10", "Feb. 29", "2016-02-29", "2016-02-29", P::Day, R::MonthDay),
    row("On Tuesday, Sept. 20, rebels attacked the base.", THU, "Tuesday, Sept. 20", "2016-09-20", "2016-09-20", P::Day, R::MonthDay),
    row("The report came out on Thursday, 22 September 2016.", THU, "Thursday, 22 September 2016", "2016-09-22", "2016-09-22", P::Day, R::DayMonthYear),
    row("It happened in September 2015.", THU, "September 2015", "2015-09-01", "2015-09-30", P::Month, R::MonthYear),
    row("The ceasefire collapsed in March.", THU, "March", "2016-03-01", "2016-03-31", P::Month, R::Month),
    row("The town fell in December.", THU, "December", "2015-12-01", "2015-12-31", P::Month, R::Month),
    row("Elections are due in March.", THU, "March", "2017-03-01", "2017-03-31", P::Month, R::Month),
    row("The vote took place last March.", THU, "last March", "2016-03-01", "2016-03-31", P::Month, R::Month),
    row("Rebels shelled the town in mid-March.", THU, "mid-March", "2016-03-01", "2016-03-31", P::Month, R::Month),
    // Years.
    row("The war began in 2015.", THU, "2015", "2015-01-01", "2015-12-31", P::Year, R::Year),
    row("Fighting has raged since 2011.", THU, "2011", "2011-01-01", "2011-12-31", P::Year, R::Year),
    row("The accord was signed in 1995.", THU, "1995", "1995-01-01", "1995-12-31", P::Year, R::Year),
    row("The 2015 election was disputed.", THU, "2015", "2015-01-01", "2015-12-31", P::Year, R::Year),
    row("Growth slowed in mid-2015.", THU, "mid-2015", "2015-01-01", "2015-12-31", P::Year, R::Year),
    // Weekdays: the most recent on or before the publication date...
    row("Rebels attacked the convoy on Tuesday.", THU, "Tuesday", "2016-09-20", "2016-09-20", P::Day, R::Weekday),
    row("Rebels attacked the convoy on Thursday.", THU, "Thursday", "2016-09-22", "2016-09-22", P::Day, R::Weekday),
    row("Rebels attacked the convoy on Friday.", THU, "Friday", "2016-09-16", "2016-09-16", P::Day, R::Weekday),
    row("Shelling resumed on Tuesday night.", THU, "Tuesday night", "2016-09-20", "2016-09-20", P::Day, R::Weekday),
    row("The strike came late on Wednesday.", THU, "Wednesday", "2016-09-21", "2016-09-21", P::Day, R::Weekday),
    row("Wednesday's strike killed 12 people.", THU, "Wednesday", "2016-09-21", "2016-09-21", P::Day, R::Weekday),
    row("The committee met last Tuesday.", THU, "last Tuesday", "2016-09-20", "2016-09-20", P::Day, R::Weekday),
    row("The town was captured on Sunday, officials said on Monday.", "2016-09-20", "Sunday", "2016-09-18", "2016-09-18", P::Day, R::Weekday),
    row("The town was captured on Sunday, officials said on Monday.", "2016-09-20", "Monday", "2016-09-19", "2016-09-19", P::Day, R::Weekday),
    // ...and the next one in a future clause.
    row("The envoy will arrive on Tuesday.", THU, "Tuesday", "2016-09-27", "2016-09-27", P::Day, R::Weekday),
    row("The committee will meet next Tuesday.", THU, "next Tuesday", "2016-09-27", "2016-09-27", P::Day, R::Weekday),
    row("Officials said the talks would resume on Monday.", THU, "Monday", "2016-09-26", "2016-09-26", P::Day, R::Weekday),
    row("The government plans to hold a vote on Monday.", THU, "Monday", "2016-09-26", "2016-09-26", P::Day, R::Weekday),
    row("A meeting is scheduled for Friday.", THU, "Friday", "2016-09-23", "2016-09-23", P::Day, R::Weekday),
    row("The truce will take effect on Saturday.", THU, "Saturday", "2016-09-24", "2016-09-24", P::Day, R::Weekday),
    row("Delegates agreed on Thursday to a 72-hour truce.", "2016-09-23", "Thursday", "2016-09-22", "2016-09-22", P::Day, R::Weekday),
    row("The last ceasefire, agreed in March, collapsed.", THU, "March", "2016-03-01", "2016-03-31", P::Month, R::Month),
    row("Delegates agreed to meet again on Monday.", THU, "Monday", "2016-09-26", "2016-09-26", P::Day, R::Weekday),
    row("The minister will visit Osterby on Tuesday, his office said.", THU, "Tuesday", "2016-09-27", "2016-09-27", P::Day, R::Weekday),
    row("Rebels who attacked on Tuesday will face trial.", THU, "Tuesday", "2016-09-20", "2016-09-20", P::Day, R::Weekday),
    // Days relative to the publication date.
    row("Gunmen attacked the base yesterday.", THU, "yesterday", "2016-09-21", "2016-09-21", P::Day, R::RelativeDay),
    row("The minister resigned today.", THU, "today", "2016-09-22", "2016-09-22", P::Day, R::RelativeDay),
    row("The court will rule tomorrow.", THU, "tomorrow", "2016-09-23", "2016-09-23", P::Day, R::RelativeDay),
    row("Explosions were heard last night.", THU, "last night", "2016-09-21", "2016-09-21", P::Day, R::RelativeDay),
    row("Police cleared the square this morning.", THU, "this morning", "2016-09-22", "2016-09-22", P::Day, R::RelativeDay),
    row("Earlier today, police fired tear gas.", THU, "Earlier today", "2016-09-22", "2016-09-22", P::Day, R::RelativeDay),
    row("Gunmen attacked the base yesterday morning.", "2016-03-01", "yesterday morning", "2016-02-29", "2016-02-29", P::Day, R::RelativeDay),
    // Periods relative to the publication date.
    row("Troops withdrew last week.", THU, "last week", "2016-09-12", "2016-09-18", P::Week, R::RelativePeriod),
    row("Troops withdrew earlier this week.", THU, "earlier this week", "2016-09-19", "2016-09-22", P::Week, R::RelativePeriod),
    row("Rebels retreated this week.", THU, "this week", "2016-09-19", "2016-09-25", P::Week, R::RelativePeriod),
    row("Talks will continue next week.", THU, "next week", "2016-09-26", "2016-10-02", P::Week, R::RelativePeriod),
    row("Prices rose earlier this month.", THU, "earlier this month", "2016-09-01", "2016-09-22", P::Month, R::RelativePeriod),
    row("Prices rose last month.", THU, "last month", "2016-08-01", "2016-08-31", P::Month, R::RelativePeriod),
    row("Prices rose last month.", "2016-01-15", "last month", "2015-12-01", "2015-12-31", P::Month, R::RelativePeriod),
    row("Talks will continue next month.", THU, "next month", "2016-10-01", "2016-10-31", P::Month, R::RelativePeriod),
    row("Prices rose last year.", THU, "last year", "2015-01-01", "2015-12-31", P::Year, R::RelativePeriod),
    row("The plant opened earlier this year.", THU, "earlier this year", "2016-01-01", "2016-09-22", P::Year, R::RelativePeriod),
    row("Dozens died over the past week.", THU, "the past week", "2016-09-15", "2016-09-22", P::Week, R::RelativePeriod),
    row("Dozens died in the last three days.", THU, "the last three days", "2016-09-19", "2016-09-22", P::Week, R::RelativePeriod),
    row("Protests spread over the weekend.", "2016-09-26", "the weekend", "2016-09-24", "2016-09-25", P::Week, R::RelativePeriod),
    row("Voters go to the polls next weekend.", THU, "next weekend", "2016-09-24", "2016-09-25", P::Week, R::RelativePeriod),
    row("Troops withdrew last week.", "2017-01-02", "last week", "2016-12-26", "2017-01-01", P::Week, R::RelativePeriod),
    row("Talks will resume next year.", "2016-12-31", "next year", "2017-01-01", "2017-12-31", P::Year, R::RelativePeriod),
    row("Protests spread over the weekend.", "2016-09-24", "the weekend", "2016-09-24", "2016-09-25", P::Week, R::RelativePeriod),
    row("The committee met last Thursday.", THU, "last Thursday", "2016-09-15", "2016-09-15", P::Day, R::Weekday),
    // Counted back from the publication date.
    row("The town fell two days ago.", THU, "two days ago", "2016-09-20", "2016-09-20", P::Day, R::Ago),
    row("The town fell three weeks ago.", THU, "three weeks ago", "2016-08-29", "2016-09-04", P::Week, R::Ago),
    row("The town fell six months ago.", THU, "six months ago", "2016-03-01", "2016-03-31", P::Month, R::Ago),
    row("The town fell a year ago.", THU, "a year ago", "2015-01-01", "2015-12-31", P::Year, R::Ago),
    row("He was freed 10 days ago.", THU, "10 days ago", "2016-09-12", "2016-09-12", P::Day, R::Ago),
    // Datelines.
    row("ALEPPO, Sept 22 (Reuters) - Rebels shelled the town.", "2016-09-23", "Sept 22", "2016-09-22", "2016-09-22", P::Day, R::Dateline),
    row("BEIRUT, Lebanon, Sept. 21, 2016 (Reuters) - Talks resumed.", THU, "Sept. 21, 2016", "2016-09-21", "2016-09-21", P::Day, R::Dateline),
];

#[test]
fn every_row_of_the_table_resolves_as_expected() {
    assert!(TABLE.len() >= 60, "the table keeps at least 60 rows");
    let mut failures = Vec::new();
    for row in TABLE {
        let doc = analyze(row.text, Some(row.published), Headline::None);
        let found = doc
            .dates()
            .iter()
            .find(|m| doc.slice(m.span) == row.mention);
        let expected = (date(row.first), date(row.last), row.precision, row.rule);
        match found {
            Some(m) if (m.first_day, m.last_day, m.precision, m.rule) == expected => {}
            Some(m) => failures.push(format!(
                "{:?} ({}): {:?} is {}..{} {:?} {:?}, expected {}..{} {:?} {:?}",
                row.text,
                row.published,
                row.mention,
                m.first_day,
                m.last_day,
                m.precision,
                m.rule,
                row.first,
                row.last,
                row.precision,
                row.rule
            )),
            None => {
                let seen: Vec<&str> = doc.dates().iter().map(|m| doc.slice(m.span)).collect();
                failures.push(format!(
                    "{:?} ({}): {:?} not found; found {seen:?}",
                    row.text, row.published, row.mention
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn relative_dates_are_marked_anchored_and_absolute_ones_not() {
    let doc = analyze(
        "Rebels attacked on Tuesday, a year after the 22 September 2015 accord.",
        Some(THU),
        Headline::None,
    );
    let anchored: Vec<(&str, bool)> = doc
        .dates()
        .iter()
        .map(|m| (doc.slice(m.span), m.anchored))
        .collect();
    assert_eq!(anchored, [("Tuesday", true), ("22 September 2015", false)]);
}

#[test]
fn words_that_only_look_like_dates_are_not_dates() {
    for text in [
        "More than 2000 people fled the fighting.",
        "The March on Washington drew crowds.",
        "They may march to the capital.",
        "The bill cost $2016 to print.",
        "Version 1.2.16 fixed the bug.",
        "The score was 3-1.",
        "Call 555-12-34 for details.",
    ] {
        let doc = analyze(text, Some(THU), Headline::None);
        let found: Vec<&str> = doc.dates().iter().map(|m| doc.slice(m.span)).collect();
        assert!(found.is_empty(), "{text:?}: found {found:?}");
    }
}

#[test]
fn names_are_not_dates() {
    let doc = analyze(
        "Theresa May said the talks would start in May.",
        Some(THU),
        Headline::None,
    );
    let found: Vec<(&str, String)> = doc
        .dates()
        .iter()
        .map(|m| (doc.slice(m.span), m.first_day.to_string()))
        .collect();
    assert_eq!(found, [("May", "2017-05-01".to_string())]);
    assert_eq!(doc.dates()[0].span.start(), 42, "the month, not the name");
}
