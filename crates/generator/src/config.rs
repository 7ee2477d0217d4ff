use chrono::{DateTime, Utc};
use thiserror::Error;

/// Everything the generated data depends on. Two equal configurations produce identical rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedConfig {
    pub users: u32,
    pub plans: u32,
    pub resources: u32,
    /// The root of every random stream.
    pub seed: u64,
    /// The reference instant: "now" for every relative time in the data (jobs scheduled in the
    /// last 48 hours, users created 15 to 400 days ago, ...).
    pub now: DateTime<Utc>,
}

impl SeedConfig {
    pub const DEFAULT_USERS: u32 = 50;
    pub const DEFAULT_PLANS: u32 = 150;
    pub const DEFAULT_RESOURCES: u32 = 500;
    pub const DEFAULT_SEED: u64 = 12345;

    /// The default counts and seed at the given reference instant.
    pub fn with_defaults(now: DateTime<Utc>) -> Self {
        Self {
            users: Self::DEFAULT_USERS,
            plans: Self::DEFAULT_PLANS,
            resources: Self::DEFAULT_RESOURCES,
            seed: Self::DEFAULT_SEED,
            now,
        }
    }

    /// Rejects configurations that cannot describe a consistent database.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.plans > 0 && self.users == 0 {
            return Err(ConfigError::PlansWithoutUsers { plans: self.plans });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error("{plans} plans need at least one user to own them (got --users 0)")]
    PlansWithoutUsers { plans: u32 },
}
