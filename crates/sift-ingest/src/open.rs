//! Opening inputs: paths, directories, standard input, any reader; and the
//! choice of format.

use std::fs;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::options::has_inner_extension;
use crate::{
    Document, Error, Format, Origin, ReadOptions, Rejection, Result, csv_reader, feed, html, jsonl,
    sniff, text, warc,
};

/// A stream of documents and rejections, in input order.
///
/// Multi-record files are read as the iterator advances, never whole; a
/// directory's files are opened one after another, as they are reached.
pub type Records = Box<dyn Iterator<Item = std::result::Result<Document, Rejection>> + Send>;

/// The name standard input goes by in origins and messages.
const STDIN_NAME: &str = "<stdin>";

/// Reads a file, or every supported file under a directory, or standard
/// input when `path` is `-`.
///
/// A directory is walked recursively. Its files with a supported extension
/// (`.txt`, `.text`, `.jsonl`, `.ndjson`, `.csv`, `.html`, `.htm`, `.rss`,
/// `.atom`, `.warc`, `.warc.gz`, and `.xml` when the file starts like a
/// feed) are read in sorted path order; other files, hidden entries (names
/// starting with `.`) and symbolic links to directories are skipped. A forced
/// [`ReadOptions::format`] applies to each file read.
///
/// # Errors
/// When the path does not exist, a file cannot be opened, a directory
/// cannot be listed, or a directory holds no supported file. Problems with
/// the content are never errors: they are [`Rejection`]s in the stream.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<Records> {
    if path.as_os_str() == "-" {
        return read_stdin(options);
    }
    let metadata = fs::metadata(path).map_err(|source| open_error(path, source))?;
    if !metadata.is_dir() {
        return open_file(path, options);
    }
    let mut files = Vec::new();
    list_supported_files(path, &mut files)?;
    if files.is_empty() {
        return Err(Error::NoSupportedFiles {
            path: path.to_path_buf(),
        });
    }
    files.sort();
    let options = options.clone();
    Ok(Box::new(files.into_iter().flat_map(move |file| {
        // A file that vanished or became unreadable since the listing is one
        // rejection; the rest of the directory is still read.
        open_file(&file, &options).unwrap_or_else(|error| {
            let reason = match error {
                Error::NotFound { .. } => {
                    "file disappeared while the directory was being read".to_string()
                }
                Error::Read { source, .. } => format!("cannot read: {source}"),
                other => other.to_string(),
            };
            Box::new(std::iter::once(Err(Origin::file(file).reject(reason))))
        })
    })))
}

/// Reads standard input, which goes by `<stdin>` in origins. The format is
/// the forced one, or else sniffed from the first bytes.
///
/// # Errors
/// When the first bytes cannot be read.
pub fn read_stdin(options: &ReadOptions) -> Result<Records> {
    let reader = BufReader::with_capacity(1 << 16, io::stdin());
    read_reader(reader, Path::new(STDIN_NAME), options)
}

/// Reads any input; `name` is used for origins and for detecting the format
/// from its extension.
///
/// The first 8 KB are read at once, to reject binary data and sniff the
/// format; everything else is read as the iterator advances.
///
/// # Errors
/// When the first bytes cannot be read.
pub fn read_reader<R: BufRead + Send + 'static>(
    mut reader: R,
    name: &Path,
    options: &ReadOptions,
) -> Result<Records> {
    let mut prefix = sniff::read_prefix(&mut reader).map_err(|source| Error::Read {
        path: name.to_path_buf(),
        source,
    })?;
    let origin = Origin::file(name.to_path_buf());
    let named = options.format.or_else(|| Format::from_extension(name));
    let format = match named {
        // Before the binary check, which would call a `.warc.gz` "gzip" and
        // WARC's binary payloads "NUL bytes".
        Some(Format::Warc) => Format::Warc,
        None if sniff::looks_like_warc(&prefix) => Format::Warc,
        _ => {
            if let Some(reason) = sniff::arc_reason(&prefix).or_else(|| arc_name_reason(name)) {
                return Ok(Box::new(std::iter::once(Err(origin.reject(reason)))));
            }
            if let Some(reason) = sniff::binary_reason(&prefix) {
                return Ok(Box::new(std::iter::once(Err(origin.reject(reason)))));
            }
            sniff::strip_bom(&mut prefix);
            match named {
                Some(format) => format,
                None if is_xml(name) => {
                    if !sniff::looks_like_feed(&prefix) {
                        return Ok(Box::new(std::iter::once(Err(origin.reject(
                            "not an RSS or Atom feed; an .xml file is read only when it is a feed",
                        )))));
                    }
                    Format::Feed
                }
                None => sniff::sniff_format(&prefix),
            }
        }
    };
    let reader = Cursor::new(prefix).chain(reader);
    let options = options.clone();
    Ok(match format {
        Format::Txt => Box::new(std::iter::once_with(move || {
            text::read_one(reader, origin, &options)
        })),
        Format::Html => Box::new(std::iter::once_with(move || {
            html::read_one(reader, origin, &options)
        })),
        Format::Jsonl => jsonl::read(reader, origin, options),
        Format::Csv => csv_reader::read(reader, origin, options),
        // Parsing waits for the first `next`, like the whole-file readers.
        Format::Feed => {
            Box::new(std::iter::once_with(move || feed::read(reader, origin, options)).flatten())
        }
        Format::Warc => warc::read(reader, origin, options),
    })
}

/// `.arc` and `.arc.gz` files are named for what they are, even when their
/// content does not say so in the first bytes.
fn arc_name_reason(name: &Path) -> Option<&'static str> {
    let extension = name.extension()?.to_str()?;
    let is_arc = extension.eq_ignore_ascii_case("arc")
        || (extension.eq_ignore_ascii_case("gz") && has_inner_extension(name, "arc"));
    is_arc.then_some(sniff::ARC_REASON)
}

fn is_xml(name: &Path) -> bool {
    name.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"))
}

fn open_file(path: &Path, options: &ReadOptions) -> Result<Records> {
    let file = fs::File::open(path).map_err(|source| open_error(path, source))?;
    read_reader(BufReader::with_capacity(1 << 16, file), path, options)
}

fn open_error(path: &Path, source: io::Error) -> Error {
    if source.kind() == io::ErrorKind::NotFound {
        Error::NotFound {
            path: path.to_path_buf(),
        }
    } else {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }
}

fn list_supported_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let read_dir_error = |source| Error::ReadDir {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(read_dir_error)? {
        let entry = entry.map_err(read_dir_error)?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(read_dir_error)?;
        // Symbolic links are followed to files but not to directories, so a
        // link cycle cannot make the walk endless.
        let is_file = file_type.is_file() || (file_type.is_symlink() && path.is_file());
        if file_type.is_dir() {
            list_supported_files(&path, files)?;
        } else if is_file && (Format::from_extension(&path).is_some() || is_feed_file(&path)) {
            files.push(path);
        }
    }
    Ok(())
}

/// Whether an `.xml` file starts like a feed. One that cannot be read is
/// listed, so that reading it reports why.
fn is_feed_file(path: &Path) -> bool {
    if !is_xml(path) {
        return false;
    }
    match fs::File::open(path).and_then(|mut file| sniff::read_prefix(&mut file)) {
        Ok(prefix) => sniff::looks_like_feed(&prefix),
        Err(_) => true,
    }
}
