//! The bundled sample catalogue (catalog/ of the repository, embedded at build time): the demo's
//! last state and the test suite's real records. A leaf: it knows nothing else.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/sample_catalog.rs"));
}

/// The embedded sample catalogue: (relative path, content).
pub fn files() -> &'static [(&'static str, &'static str)] {
    embedded::SAMPLE_FILES
}
