//! The seeder: migrates the learning-plan database and loads the generator's rows into it.
//!
//! The binary (`src/main.rs`) is a thin shell over these modules so that integration tests can
//! exercise the encoder, the loader and the catalog handling directly.

pub mod cli;
pub mod config;
pub mod constraints;
pub mod copy;
pub mod db;
pub mod exit;
pub mod export;
pub mod load;
pub mod migrate;
pub mod progress;
pub mod rows;
pub mod seed;
pub mod summary;
pub mod verify;
