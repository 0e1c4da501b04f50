//! `handbook serve`: build into memory, serve over HTTP, rebuild and reload on change.

use std::path::Path;

use super::{error, EXIT_SETUP};

pub fn run(_dir: &Path, _host: &str, _port: u16, _open: bool, _poll: bool, _color: bool) -> i32 {
    error("serve is being written");
    EXIT_SETUP
}
