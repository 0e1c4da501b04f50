//! `handbook serve`: see [`crate::serve`].

use std::path::Path;

use super::{error, EXIT_SETUP};
use crate::serve::{self, Options};

pub fn run(dir: &Path, host: &str, port: u16, open: bool, poll: bool, color: bool) -> i32 {
    let options = Options {
        root: dir.to_path_buf(),
        host: host.to_string(),
        port,
        open,
        poll,
        color,
    };
    match serve::run(options) {
        Ok(()) => 0,
        Err(message) => {
            error(message);
            EXIT_SETUP
        }
    }
}
