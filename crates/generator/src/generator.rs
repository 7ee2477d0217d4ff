use crate::batch::{Batch, RowCounts};
use crate::config::{ConfigError, SeedConfig};
use crate::layout::{JobLayout, JobQuota};
use crate::{jobs, plans, resources, users};

/// Plans per batch unless the caller asks otherwise: about 2,000 rows of all tables together.
pub const DEFAULT_PLANS_PER_BATCH: u32 = 100;

/// The seed of one configuration. Cheap to build (one byte-sized slot per plan for the job
/// layout); rows are made on demand by [`Generator::batches`].
#[derive(Debug, Clone)]
pub struct Generator {
    config: SeedConfig,
    layout: JobLayout,
}

impl Generator {
    pub fn new(config: SeedConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let layout = JobLayout::new(config.seed, config.plans);
        Ok(Self { config, layout })
    }

    pub fn config(&self) -> &SeedConfig {
        &self.config
    }

    /// The exact job mix this seed produces.
    pub fn job_quota(&self) -> JobQuota {
        self.layout.quota
    }

    /// Every row, in batches: users, then resources, then plans with everything that hangs off
    /// them (jobs, modules, tasks, links, progress, generations, attempts), then orphan jobs.
    /// Each batch holds at most `plans_per_batch` users, resources, plans or orphan jobs, so
    /// memory is bounded by the batch, not by the seed.
    pub fn batches(&self, plans_per_batch: u32) -> Batches<'_> {
        Batches {
            generator: self,
            step: plans_per_batch.max(1),
            phase: Phase::Users,
            next: 0,
        }
    }

    /// All rows in one batch: for tests and small seeds.
    pub fn dataset(&self) -> Batch {
        let mut all = Batch::default();
        for batch in self.batches(DEFAULT_PLANS_PER_BATCH * 10) {
            all.append(batch);
        }
        all
    }

    /// Rows per table, found by generating (and dropping) every batch.
    pub fn row_counts(&self) -> RowCounts {
        let mut counts = RowCounts::default();
        for batch in self.batches(DEFAULT_PLANS_PER_BATCH * 10) {
            counts.add_all(&batch.row_counts());
        }
        counts
    }

    fn fill(&self, phase: Phase, range: std::ops::Range<u32>, batch: &mut Batch) {
        match phase {
            Phase::Users => {
                batch
                    .users
                    .extend(range.map(|index| users::user(&self.config, index)));
            }
            Phase::Resources => {
                batch
                    .resources
                    .extend(range.map(|index| resources::resource(&self.config, index)));
            }
            Phase::Plans => {
                for index in range {
                    plans::plan_with_content(
                        &self.config,
                        index,
                        self.layout.plan_job(index),
                        batch,
                    );
                }
            }
            Phase::Orphans => {
                let first_ordinal = self.layout.quota.linked;
                batch.job_queue.extend(range.map(|index| {
                    jobs::orphan_job(
                        &self.config,
                        index,
                        first_ordinal + index,
                        self.layout.orphan_statuses[index as usize],
                    )
                }));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Users,
    Resources,
    Plans,
    Orphans,
}

/// The iterator returned by [`Generator::batches`].
#[derive(Debug)]
pub struct Batches<'a> {
    generator: &'a Generator,
    step: u32,
    phase: Phase,
    next: u32,
}

impl Iterator for Batches<'_> {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        loop {
            let config = &self.generator.config;
            let (len, following) = match self.phase {
                Phase::Users => (config.users, Some(Phase::Resources)),
                Phase::Resources => (config.resources, Some(Phase::Plans)),
                Phase::Plans => (config.plans, Some(Phase::Orphans)),
                Phase::Orphans => (self.generator.layout.quota.orphans, None),
            };
            if self.next >= len {
                self.phase = following?;
                self.next = 0;
                continue;
            }
            let end = self.next.saturating_add(self.step).min(len);
            let mut batch = Batch::default();
            self.generator.fill(self.phase, self.next..end, &mut batch);
            self.next = end;
            return Some(batch);
        }
    }
}
