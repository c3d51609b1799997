//! Escalation alerts on a dyad's daily Goldstein series.

use chrono::NaiveDate;
use serde::Serialize;

/// One day of one ordered actor pair: the sum of its events' Goldstein
/// scores. Days without events are simply absent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DailyGoldstein {
    /// The day.
    pub day: NaiveDate,
    /// Sum of the Goldstein scores of that day's events.
    pub goldstein_sum: f64,
}

/// How alerts are raised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlertConfig {
    /// Standard deviations below the trailing mean that make an alert.
    pub k: f64,
    /// Days in the trailing window (the day itself is not in it).
    pub window_days: u32,
    /// Days of history a series needs before any day can alert: a pair seen
    /// for the first time has no baseline to fall from.
    pub min_history_days: u32,
    /// The smallest standard deviation used, in Goldstein points, so that a
    /// flat history (all zeros) does not turn every hostile event into an
    /// alert of infinite sigma.
    pub min_sigma: f64,
}

impl Default for AlertConfig {
    fn default() -> AlertConfig {
        AlertConfig {
            k: 2.0,
            window_days: 30,
            min_history_days: 7,
            min_sigma: 1.0,
        }
    }
}

/// A day that fell more than `k` sigma below its trailing mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EscalationAlert {
    /// The day.
    pub day: NaiveDate,
    /// Its Goldstein sum.
    pub goldstein_sum: f64,
    /// Mean daily sum over the trailing window (quiet days count as 0).
    pub trailing_mean: f64,
    /// Standard deviation over the window, before the `min_sigma` floor.
    pub trailing_sigma: f64,
    /// How many (floored) standard deviations below the mean the day is.
    pub sigmas_below: f64,
}

/// The alerts of one series, in day order.
///
/// `series` must be one ordered pair's days, sorted by day with no repeats.
/// Days without events inside the window count as zero: a quiet dyad is a
/// dyad at peace, and a sudden hostile day against it is exactly what an
/// analyst wants flagged.
pub fn escalation_alerts(series: &[DailyGoldstein], config: AlertConfig) -> Vec<EscalationAlert> {
    let Some(first) = series.first() else {
        return Vec::new();
    };
    let window = i64::from(config.window_days.max(1));
    let mut alerts = Vec::new();
    // The window's members are a contiguous run of `series` ending just
    // before the current day; `start` is its first index.
    let mut start = 0usize;
    let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
    for (index, today) in series.iter().enumerate() {
        while start < index && (today.day - series[start].day).num_days() > window {
            sum -= series[start].goldstein_sum;
            sum_sq -= series[start].goldstein_sum.powi(2);
            start += 1;
        }
        let history = (today.day - first.day).num_days();
        if history >= i64::from(config.min_history_days) {
            let days = history.min(window) as f64;
            let mean = sum / days;
            let variance = (sum_sq / days - mean * mean).max(0.0);
            let sigma = variance.sqrt();
            let sigmas_below = (mean - today.goldstein_sum) / sigma.max(config.min_sigma);
            if sigmas_below > config.k {
                alerts.push(EscalationAlert {
                    day: today.day,
                    goldstein_sum: today.goldstein_sum,
                    trailing_mean: mean,
                    trailing_sigma: sigma,
                    sigmas_below,
                });
            }
        }
        sum += today.goldstein_sum;
        sum_sq += today.goldstein_sum.powi(2);
    }
    alerts
}

/// Alerts for many series at once, aligned with the input: `rows` are
/// (source, target, day) rows sorted by pair and then by day, as the store's
/// dyad query returns them; the answer holds, for each row, its alert if it
/// raised one.
pub fn alerts_by_pair<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str, DailyGoldstein)>,
    config: AlertConfig,
) -> Vec<Option<EscalationAlert>> {
    let mut marks = Vec::new();
    let mut pair: Option<(&str, &str)> = None;
    let mut series: Vec<DailyGoldstein> = Vec::new();
    let flush = |series: &mut Vec<DailyGoldstein>, marks: &mut Vec<Option<EscalationAlert>>| {
        let alerts = escalation_alerts(series, config);
        let mut alerts = alerts.into_iter().peekable();
        for day in series.drain(..) {
            marks.push(alerts.next_if(|alert| alert.day == day.day));
        }
    };
    for (source, target, day) in rows {
        if pair != Some((source, target)) {
            flush(&mut series, &mut marks);
            pair = Some((source, target));
        }
        series.push(day);
    }
    flush(&mut series, &mut marks);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n as u64)
    }

    fn series(values: &[(i64, f64)]) -> Vec<DailyGoldstein> {
        values
            .iter()
            .map(|&(d, goldstein_sum)| DailyGoldstein {
                day: day(d),
                goldstein_sum,
            })
            .collect()
    }

    #[test]
    fn a_strike_after_weeks_of_cooperation_alerts() {
        let mut days: Vec<(i64, f64)> = (0..30).map(|d| (d, 3.0 + (d % 3) as f64)).collect();
        days.push((30, -10.0));
        let alerts = escalation_alerts(&series(&days), AlertConfig::default());
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].day, day(30));
        assert!((alerts[0].trailing_mean - 4.0).abs() < 0.01);
        assert!(alerts[0].sigmas_below > 2.0);
    }

    #[test]
    fn alerts_stay_with_their_own_pair() {
        let mut rows: Vec<(&str, &str, DailyGoldstein)> = Vec::new();
        for d in 0..30 {
            rows.push(("RUS", "UKR", series(&[(d, 2.0)])[0]));
        }
        rows.push(("RUS", "UKR", series(&[(30, -10.0)])[0]));
        // The next pair starts fresh: its first hostile days have no baseline.
        rows.push(("USA", "IRN", series(&[(31, -10.0)])[0]));
        let marks = alerts_by_pair(rows, AlertConfig::default());
        assert_eq!(marks.len(), 32);
        assert_eq!(marks.iter().filter(|m| m.is_some()).count(), 1);
        assert_eq!(marks[30].unwrap().day, day(30));
    }

    #[test]
    fn steady_hostility_is_not_an_escalation() {
        let days: Vec<(i64, f64)> = (0..60).map(|d| (d, -10.0)).collect();
        assert!(escalation_alerts(&series(&days), AlertConfig::default()).is_empty());
    }

    #[test]
    fn a_new_pair_has_no_baseline() {
        let days = [(0, -10.0), (1, -10.0), (2, -20.0)];
        assert!(escalation_alerts(&series(&days), AlertConfig::default()).is_empty());
    }

    #[test]
    fn quiet_days_count_as_zero_and_old_days_leave_the_window() {
        // A hostile day 40 days ago is outside the 30-day window; the days
        // since were quiet, so the mean is 0 and a -5 day is 5 sigma below.
        let days = [(0, 1.0), (1, -30.0), (41, -5.0)];
        let alerts = escalation_alerts(&series(&days), AlertConfig::default());
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].trailing_mean, 0.0);
        assert!((alerts[0].sigmas_below - 5.0).abs() < 1e-9);
    }
}
