//! Toponym resolution and recognition against the LGL / TR-News XML format
//! (Gritta et al.'s packaging): `<article><text>` with `<toponym>`s that
//! carry character offsets, a phrase and a `<gaztag geonameid>` with
//! `<lat>`/`<lon>`.
//!
//! Metrics (as in Gritta et al. 2018): accuracy within 161 km, mean and
//! median error in km, and the area under the curve of the log error,
//! `ln(1 + km) / ln(20039)` averaged over toponyms (lower is better). A
//! toponym the system leaves unresolved counts at the largest error, half
//! the Earth's circumference. Only gold toponyms with coordinates are
//! scored for resolution; recognition counts every gold toponym.

use std::fmt;
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use sift_core::{Doc, Span};
use sift_geo::{PlaceResolver, haversine_km};

use crate::{Error, Result, Score};

/// The largest possible error: half the Earth's circumference, in km.
const MAX_ERROR_KM: f64 = 20_039.0;

/// Which spans are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoSpans {
    /// The gold toponyms: resolution alone.
    Gold,
    /// sift's own recognition: recognition, then resolution of the toponyms
    /// whose span matches a gold one exactly.
    Ours,
}

/// One gold toponym.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldToponym {
    /// Byte span in the article text.
    pub span: Span,
    /// GeoNames id, when the annotators found one.
    pub geonameid: Option<u32>,
    /// Latitude and longitude, when given.
    pub point: Option<(f64, f64)>,
}

/// One article with its gold toponyms.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoArticle {
    /// The article id.
    pub docid: String,
    /// The article text.
    pub text: String,
    /// Its toponyms in text order.
    pub toponyms: Vec<GoldToponym>,
}

/// The scores of one run.
#[derive(Clone, Debug, Default)]
pub struct GeoEval {
    /// Gold or our spans.
    pub spans: Option<GeoSpans>,
    /// Articles read.
    pub n_articles: usize,
    /// Gold toponyms scored for resolution (those with coordinates; in
    /// `ours` mode, those also recognized with the exact span).
    pub n_scored: usize,
    /// Of those, how many sift resolved at all.
    pub n_resolved: usize,
    /// Errors in km, one per scored toponym.
    pub errors_km: Vec<f64>,
    /// Scored toponyms whose GeoNames id matched.
    pub n_exact_id: usize,
    /// Scored toponyms with a gold GeoNames id.
    pub n_with_id: usize,
    /// Recognition (only in `ours` mode): exact span match.
    pub recognition: Option<Score>,
    /// Recognition by overlap: a system span that overlaps a gold one.
    pub recognition_overlap: Option<Score>,
    /// Time spent in resolution (gold mode) or in the places stage (ours).
    pub place_time: Duration,
    /// Toponyms that time covers.
    pub n_timed_toponyms: usize,
}

impl GeoEval {
    /// Fraction of scored toponyms within 161 km (100 miles).
    pub fn accuracy_at_161(&self) -> f64 {
        ratio(
            self.errors_km.iter().filter(|&&e| e <= 161.0).count(),
            self.errors_km.len(),
        )
    }

    /// Mean error in km.
    pub fn mean_error_km(&self) -> f64 {
        if self.errors_km.is_empty() {
            return 0.0;
        }
        self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64
    }

    /// Median error in km.
    pub fn median_error_km(&self) -> f64 {
        let mut sorted = self.errors_km.clone();
        sorted.sort_by(f64::total_cmp);
        match sorted.len() {
            0 => 0.0,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        }
    }

    /// Area under the curve of the normalized log error (0 best, 1 worst).
    pub fn auc_log_error(&self) -> f64 {
        if self.errors_km.is_empty() {
            return 0.0;
        }
        let scale = (1.0 + MAX_ERROR_KM).ln();
        let mut normalized: Vec<f64> = self
            .errors_km
            .iter()
            .map(|e| ((1.0 + e).ln() / scale).min(1.0))
            .collect();
        normalized.sort_by(f64::total_cmp);
        // Trapezoids over an evenly spaced x axis from 0 to 1.
        if normalized.len() == 1 {
            return normalized[0];
        }
        let step = 1.0 / (normalized.len() - 1) as f64;
        normalized
            .windows(2)
            .map(|w| (w[0] + w[1]) / 2.0 * step)
            .sum()
    }

    /// Fraction of toponyms with a gold id whose id sift matched.
    pub fn exact_id_accuracy(&self) -> f64 {
        ratio(self.n_exact_id, self.n_with_id)
    }

    /// Toponyms resolved per second of resolution time.
    pub fn toponyms_per_second(&self) -> f64 {
        let seconds = self.place_time.as_secs_f64();
        if seconds == 0.0 {
            0.0
        } else {
            self.n_timed_toponyms as f64 / seconds
        }
    }
}

impl fmt::Display for GeoEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.spans {
            Some(GeoSpans::Ours) => "ours",
            _ => "gold",
        };
        writeln!(f, "spans            {mode}")?;
        writeln!(f, "articles         {}", self.n_articles)?;
        if let (Some(exact), Some(overlap)) = (self.recognition, self.recognition_overlap) {
            writeln!(
                f,
                "recognition      P {:.3}  R {:.3}  F1 {:.3}  (exact span; gold {}, ours {})",
                exact.precision(),
                exact.recall(),
                exact.f1(),
                exact.n_gold,
                exact.n_system
            )?;
            writeln!(
                f,
                "recognition      P {:.3}  R {:.3}  F1 {:.3}  (overlapping span)",
                overlap.precision(),
                overlap.recall(),
                overlap.f1()
            )?;
        }
        writeln!(
            f,
            "scored toponyms  {} ({} resolved)",
            self.n_scored, self.n_resolved
        )?;
        writeln!(f, "mean error       {:.1} km", self.mean_error_km())?;
        writeln!(f, "median error     {:.1} km", self.median_error_km())?;
        writeln!(f, "AUC log error    {:.3}", self.auc_log_error())?;
        writeln!(
            f,
            "exact geonameid  {:.3} ({} of {})",
            self.exact_id_accuracy(),
            self.n_exact_id,
            self.n_with_id
        )?;
        writeln!(
            f,
            "speed            {:.0} toponyms/s ({} toponyms in {:.3} s, one thread{})",
            self.toponyms_per_second(),
            self.n_timed_toponyms,
            self.place_time.as_secs_f64(),
            if self.spans == Some(GeoSpans::Ours) {
                ", recognition and resolution"
            } else {
                ", resolution"
            }
        )?;
        write!(f, "Acc@161km        {:.3}", self.accuracy_at_161())
    }
}

/// A toponym being read: start, end, GeoNames id, latitude, longitude.
type PartialToponym = (
    Option<usize>,
    Option<usize>,
    Option<u32>,
    Option<f64>,
    Option<f64>,
);

/// Reads LGL / TR-News XML.
pub fn read_geo_xml(xml: &str) -> Result<Vec<GeoArticle>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut articles = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut article: Option<GeoArticle> = None;
    let mut toponym: Option<PartialToponym> = None;
    let mut text_buf = String::new();
    let bad = |reader: &quick_xml::Reader<&[u8]>, message: String| Error::Format {
        line: 1 + xml[..(reader.buffer_position() as usize).min(xml.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count(),
        message,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(&reader, format!("invalid XML: {e}")))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                text_buf.clear();
                match name.as_str() {
                    "article" => {
                        let docid = start
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == b"docid")
                            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                            .unwrap_or_default();
                        article = Some(GeoArticle {
                            docid,
                            text: String::new(),
                            toponyms: Vec::new(),
                        });
                    }
                    "toponym" => toponym = Some((None, None, None, None, None)),
                    "gaztag" => {
                        if let Some(t) = toponym.as_mut() {
                            t.2 = start
                                .attributes()
                                .flatten()
                                .find(|a| a.key.as_ref() == b"geonameid")
                                .and_then(|a| String::from_utf8_lossy(&a.value).parse().ok());
                        }
                    }
                    _ => {}
                }
                path.push(name);
            }
            Event::Text(text) => {
                let decoded = text
                    .decode()
                    .map_err(|e| bad(&reader, format!("bad text: {e}")))?;
                let unescaped = quick_xml::escape::unescape(&decoded)
                    .map_err(|e| bad(&reader, format!("bad entity: {e}")))?;
                text_buf.push_str(&unescaped);
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(&reference);
                let entity = format!("&{name};");
                let resolved = quick_xml::escape::unescape(&entity)
                    .map_err(|e| bad(&reader, format!("bad entity: {e}")))?;
                text_buf.push_str(&resolved);
            }
            Event::CData(data) => text_buf.push_str(&String::from_utf8_lossy(&data)),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                match (name.as_str(), parent) {
                    ("text", "article") => {
                        if let Some(a) = article.as_mut() {
                            a.text = std::mem::take(&mut text_buf);
                        }
                    }
                    ("start", "toponym") => {
                        if let Some(t) = toponym.as_mut() {
                            t.0 = text_buf.trim().parse().ok();
                        }
                    }
                    ("end", "toponym") => {
                        if let Some(t) = toponym.as_mut() {
                            t.1 = text_buf.trim().parse().ok();
                        }
                    }
                    ("lat", "gaztag") => {
                        if let Some(t) = toponym.as_mut() {
                            t.3 = text_buf.trim().parse().ok();
                        }
                    }
                    ("lon", "gaztag") => {
                        if let Some(t) = toponym.as_mut() {
                            t.4 = text_buf.trim().parse().ok();
                        }
                    }
                    ("toponym", _) => {
                        let (Some(a), Some((Some(start), Some(end), id, lat, lon))) =
                            (article.as_mut(), toponym.take())
                        else {
                            return Err(bad(&reader, "a toponym lacks <start> or <end>".into()));
                        };
                        let span = char_span(&a.text, start, end).ok_or_else(|| {
                            bad(
                                &reader,
                                format!("toponym {start}..{end} lies outside article {}", a.docid),
                            )
                        })?;
                        a.toponyms.push(GoldToponym {
                            span,
                            geonameid: id,
                            point: lat.zip(lon),
                        });
                    }
                    ("article", _) => {
                        if let Some(mut a) = article.take() {
                            a.toponyms.sort_by_key(|t| (t.span.start(), t.span.end()));
                            articles.push(a);
                        }
                    }
                    _ => {}
                }
                text_buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(articles)
}

/// Scores sift on LGL-format articles. `make_doc` turns an article's text
/// into an analyzed document: tokens and sentences suffice for
/// [`GeoSpans::Gold`]; [`GeoSpans::Ours`] needs the full pipeline up to
/// entities (the places stage is run here, timed).
pub fn eval_geo(
    articles: &[GeoArticle],
    spans: GeoSpans,
    resolver: &PlaceResolver,
    make_doc: &dyn Fn(&str) -> Doc,
) -> GeoEval {
    let mut eval = GeoEval {
        spans: Some(spans),
        n_articles: articles.len(),
        ..GeoEval::default()
    };
    let mut recognition = Score::default();
    let mut overlap = Score::default();
    for article in articles {
        let doc = make_doc(&article.text);
        match spans {
            GeoSpans::Gold => {
                let gold_spans: Vec<Span> = article.toponyms.iter().map(|t| t.span).collect();
                let started = Instant::now();
                let resolved = resolver
                    .resolve_spans(&doc, &gold_spans)
                    .unwrap_or_default();
                eval.place_time += started.elapsed();
                eval.n_timed_toponyms += gold_spans.len();
                for (gold, predicted) in article
                    .toponyms
                    .iter()
                    .zip(resolved.iter().chain(std::iter::repeat(&None)))
                {
                    score_one(&mut eval, gold, predicted.as_ref().map(|p| (&p.place, ())));
                }
            }
            GeoSpans::Ours => {
                let started = Instant::now();
                let analysis = resolver.analyze(&doc);
                eval.place_time += started.elapsed();
                eval.n_timed_toponyms += analysis.places.len() + analysis.unresolved.len();
                let mut ours: Vec<(usize, usize)> = analysis
                    .places
                    .iter()
                    .map(|p| p.span)
                    .chain(analysis.unresolved.iter().copied())
                    .map(|s| (s.start(), s.end()))
                    .collect();
                ours.sort_unstable();
                let gold: Vec<(usize, usize)> = article
                    .toponyms
                    .iter()
                    .map(|t| (t.span.start(), t.span.end()))
                    .collect();
                recognition.add(Score::of_sorted_spans(&gold, &ours));
                let n_overlapping_ours = ours
                    .iter()
                    .filter(|o| gold.iter().any(|g| g.0 < o.1 && o.0 < g.1))
                    .count();
                let n_overlapped_gold = gold
                    .iter()
                    .filter(|g| ours.iter().any(|o| g.0 < o.1 && o.0 < g.1))
                    .count();
                overlap.add(Score {
                    n_gold: gold.len(),
                    n_system: ours.len(),
                    n_correct: 0,
                });
                overlap.n_correct += n_overlapping_ours.min(n_overlapped_gold);
                for gold in &article.toponyms {
                    if analysis.unresolved.contains(&gold.span) {
                        score_one(&mut eval, gold, None);
                    } else if let Some(place) = analysis.places.iter().find(|p| p.span == gold.span)
                    {
                        score_one(&mut eval, gold, Some((&place.place, ())));
                    }
                }
            }
        }
    }
    if spans == GeoSpans::Ours {
        eval.recognition = Some(recognition);
        eval.recognition_overlap = Some(overlap);
    }
    eval
}

fn score_one(
    eval: &mut GeoEval,
    gold: &GoldToponym,
    predicted: Option<(&sift_core::PlaceCandidate, ())>,
) {
    let Some((lat, lon)) = gold.point else {
        return;
    };
    eval.n_scored += 1;
    if gold.geonameid.is_some() {
        eval.n_with_id += 1;
    }
    let error = match predicted {
        Some((place, ())) => {
            eval.n_resolved += 1;
            if gold.geonameid.is_some() && place.geonameid == gold.geonameid {
                eval.n_exact_id += 1;
            }
            haversine_km(lat, lon, place.lat, place.lon)
        }
        None => MAX_ERROR_KM,
    };
    eval.errors_km.push(error);
}

/// The byte span of characters `start..end` of `text`.
fn char_span(text: &str, start: usize, end: usize) -> Option<Span> {
    if end < start {
        return None;
    }
    let mut byte_of_char = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let start_byte = byte_of_char.nth(start)?;
    let end_byte = if end == start {
        start_byte
    } else {
        byte_of_char.nth(end - start - 1)?
    };
    Some(Span::new(start_byte, end_byte))
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lgl_xml_is_read_with_character_offsets() {
        let xml = r#"<?xml version="1.0"?><articles><article docid="7"><text><![CDATA[Café in Paris.]]></text>
<toponyms count="1"><toponym><start>8</start><end>13</end><phrase>Paris</phrase>
<gaztag geonameid="2988507"><lat>48.85</lat><lon>2.35</lon></gaztag></toponym></toponyms></article></articles>"#;
        let articles = read_geo_xml(xml).unwrap();
        let article = &articles[0];
        assert_eq!(article.docid, "7");
        let toponym = &article.toponyms[0];
        assert_eq!(&article.text[toponym.span.range()], "Paris");
        assert_eq!(toponym.geonameid, Some(2988507));
        assert_eq!(toponym.point, Some((48.85, 2.35)));
    }

    #[test]
    fn errors_summarize_as_the_standard_metrics() {
        let eval = GeoEval {
            errors_km: vec![0.0, 100.0, 200.0, MAX_ERROR_KM],
            ..GeoEval::default()
        };
        assert_eq!(eval.accuracy_at_161(), 0.5);
        assert_eq!(eval.median_error_km(), 150.0);
        assert!(eval.auc_log_error() > 0.0 && eval.auc_log_error() < 1.0);
    }
}
