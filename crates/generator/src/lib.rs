//! The seed data of the learning-plan database, as a pure function of a [`SeedConfig`].
//!
//! Nothing here reads a clock, a database or a global RNG: the same configuration yields the
//! same rows, ids included, on every machine. Rows come out in [`Batch`]es small enough to
//! stream (see [`Generator::batches`]), so memory stays flat however many rows are asked for.

mod batch;
mod config;
mod content;
mod jobs;
mod layout;
mod plans;
mod resources;
mod rng;
mod users;
mod words;

pub use batch::{Batch, RowCounts, Table};
pub use config::{ConfigError, SeedConfig};
pub use jobs::{FAILURE_MESSAGES, JOB_MAX_ATTEMPTS, classification_of};
pub use layout::{JobQuota, StatusCounts};

mod generator;
pub use generator::{Batches, Generator};
