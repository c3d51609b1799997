//! The taxonomy of event codes: every CAMEO code with its label, Goldstein
//! score and QuadClass, its PLOVER type, mode and context, and a lenient
//! resolver for the codes that event dictionaries actually contain.
//!
//! Key items:
//! - [`Taxonomy::embedded`]: the one shared table, built once per process from
//!   data embedded in the binary (`data/cameo.tsv`, CAMEO 1.1b3 with GDELT's
//!   Goldstein scores, and `data/CAMEO2PLOVER-2021.txt`).
//! - [`CameoCode`]: one code, e.g. 195 "Employ aerial weapons, not specified
//!   below", Goldstein -10, QuadClass 4, root 19.
//! - [`PloverMapping`]: the PLOVER event type, mode and contexts of a code.
//!   Public statements (01) and appeals (02) have none: PLOVER does not code
//!   them.
//! - [`Taxonomy::resolve`]: accepts dictionary quirks (`174L`, `080!`, codes
//!   the codebook lacks such as `1213`), falls back to the nearest known code
//!   and records that in [`Resolved::fallback_from`]; `---`, PETRARCH's
//!   "match but code nothing", resolves to [`Resolution::NoCode`]; anything
//!   that is not CAMEO is an [`UnknownCode`] naming the code.
//!
//! ```
//! use sift_cameo::{Resolution, Taxonomy};
//!
//! let taxonomy = Taxonomy::embedded();
//! let aerial = taxonomy.cameo("195").unwrap();
//! assert_eq!((aerial.goldstein, aerial.quad_class), (-10.0, 4));
//! assert_eq!(taxonomy.plover("195").unwrap().event_type, "ASSAULT");
//!
//! let Ok(Resolution::Code(asylum)) = taxonomy.resolve("174L") else { panic!() };
//! assert_eq!(asylum.cameo.code, "174");
//! assert_eq!(asylum.fallback_from.unwrap().written, "174L");
//! assert_eq!(taxonomy.resolve("---"), Ok(Resolution::NoCode));
//! assert!(taxonomy.resolve("903").unwrap_err().to_string().contains("`903`"));
//! ```
//!
//! This crate does no IO: its data is compiled in. It knows nothing of
//! documents, actors or dictionary files.
#![deny(missing_docs)]

mod cameo;
mod plover;
mod resolve;
mod taxonomy;

pub use cameo::{CameoCode, quad_class_name};
pub use plover::PloverMapping;
pub use resolve::{
    Fallback, FallbackKind, NO_CODE, Resolution, Resolved, UnknownCode, UnknownReason,
};
pub use taxonomy::Taxonomy;
