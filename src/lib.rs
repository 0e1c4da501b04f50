//! `handbook`: compiles a structured staff handbook into a static site.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`config`] reads `book.toml`;
//! 2. [`load`] reads the source folder into memory;
//! 3. [`parse`] turns each file into a raw entity (references are names with spans);
//! 4. [`resolve`] links names to typed ids and checks everything → [`model::Handbook`];
//! 5. [`render`] turns the resolved handbook into an output tree in memory;
//! 6. [`output`] writes that tree to disk atomically.
//!
//! [`pipeline`] runs the stages for `build`, `check` and `serve`; [`diag`] carries every
//! problem found along the way.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod expr;
pub mod fold;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
