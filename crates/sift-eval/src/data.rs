use std::path::PathBuf;

/// The shared data directory, when it exists: `$SIFT_SHARED_DATA` if set,
/// else `<root>/shared/data` beside the repository at `<root>/main`.
///
/// This is the one rule for tests that need it: when the directory is
/// missing, the function panics if the environment variable `CI` is `true`,
/// because CI must not pass by skipping; anywhere else it prints
/// `skipping: ../shared/data not found` and returns `None`, and the test
/// should return early.
pub fn shared_data_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("SIFT_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} not found: CI runs with the shared data beside the repository; check out shared/ next to main/",
            dir.display()
        );
    }
    eprintln!("skipping: ../shared/data not found");
    None
}
