//! How many jobs there are, which status each one has, and which plan (if any) it belongs to.
//!
//! The user's note gives the job mix as percentages; SPEC §4 makes them exact: the statuses are
//! allotted by largest remainder over all jobs, never sampled, so a seed of any size has the
//! nearest possible mix and `verify` can check it to the row.

use schema::JobStatus;

use crate::rng::{Draw, Stream};

/// Share of plans that get exactly one job, in percent.
pub(crate) const LINKED_PLAN_PERCENT: u64 = 40;
/// Orphan jobs (no plan) as a share of the plan-linked jobs, in percent.
const ORPHAN_PERCENT_OF_LINKED: u64 = 20;
/// The status mix over all jobs, in percent, in `JobStatus::ALL` order.
const STATUS_PERCENT: [u64; 4] = [15, 10, 60, 15];

/// Rows per job status, in `JobStatus::ALL` order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts(pub [u32; 4]);

impl StatusCounts {
    pub fn get(&self, status: JobStatus) -> u32 {
        self.0[status as usize]
    }

    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// `(status, rows)` in the order Postgres declares the statuses.
    pub fn iter(&self) -> impl Iterator<Item = (JobStatus, u32)> + '_ {
        JobStatus::ALL
            .iter()
            .map(|status| (*status, self.get(*status)))
    }
}

/// The exact job mix for a number of plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobQuota {
    /// Jobs with a plan: one each for this many distinct plans.
    pub linked: u32,
    /// Jobs without a plan.
    pub orphans: u32,
    /// Statuses over all jobs.
    pub by_status: StatusCounts,
    /// Statuses of the orphans alone (only pending and failed are ever non-zero).
    pub orphans_by_status: StatusCounts,
}

impl JobQuota {
    pub fn for_plans(plans: u32) -> Self {
        let linked = round_percent(plans, LINKED_PLAN_PERCENT);
        let orphans = round_percent(linked, ORPHAN_PERCENT_OF_LINKED);
        let total = linked + orphans;
        let by_status = StatusCounts(largest_remainder(total, &STATUS_PERCENT));

        // Orphans never reached plan creation, so they can only be pending or failed. Split
        // them between the two in proportion to the two quotas, again by largest remainder.
        let pending = by_status.get(JobStatus::Pending);
        let failed = by_status.get(JobStatus::Failed);
        let orphan_pending = if pending + failed == 0 {
            0
        } else {
            let split = largest_remainder(orphans, &[u64::from(pending), u64::from(failed)]);
            split[0]
        };
        let orphans_by_status = StatusCounts([orphan_pending, 0, 0, orphans - orphan_pending]);

        let quota = Self {
            linked,
            orphans,
            by_status,
            orphans_by_status,
        };
        debug_assert!(quota.is_consistent(), "inconsistent job quota {quota:?}");
        quota
    }

    pub fn total(&self) -> u32 {
        self.linked + self.orphans
    }

    /// Statuses of the plan-linked jobs.
    pub fn linked_by_status(&self) -> StatusCounts {
        let mut counts = self.by_status;
        for (slot, orphans) in counts.0.iter_mut().zip(self.orphans_by_status.0) {
            *slot -= orphans;
        }
        counts
    }

    /// The orphans fit inside the pending and failed quotas, and the statuses add up.
    fn is_consistent(&self) -> bool {
        self.by_status.total() == self.total()
            && self
                .orphans_by_status
                .0
                .iter()
                .zip(self.by_status.0)
                .all(|(orphans, all)| *orphans <= all)
            && self.orphans_by_status.total() == self.orphans
    }
}

/// `value * percent / 100`, rounded half up, in integers so no float rounding can differ.
fn round_percent(value: u32, percent: u64) -> u32 {
    ((u64::from(value) * percent * 2 + 100) / 200) as u32
}

/// Splits `total` in proportion to `weights` with the largest remainder method; ties go to the
/// earlier weight, so the result is fully determined.
pub(crate) fn largest_remainder<const N: usize>(total: u32, weights: &[u64; N]) -> [u32; N] {
    let weight_sum: u64 = weights.iter().sum();
    let mut shares = [0u32; N];
    if weight_sum == 0 {
        return shares;
    }
    let mut remainders = [(0u64, 0usize); N];
    for (index, weight) in weights.iter().enumerate() {
        let exact = u64::from(total) * weight;
        shares[index] = (exact / weight_sum) as u32;
        remainders[index] = (exact % weight_sum, index);
    }
    let allotted: u32 = shares.iter().sum();
    // Stable sort by remainder descending keeps the earlier index first among equals.
    remainders.sort_by_key(|(remainder, _)| std::cmp::Reverse(*remainder));
    for (_, index) in remainders.iter().take((total - allotted) as usize) {
        shares[*index] += 1;
    }
    shares
}

/// What job, if any, a plan has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanJob {
    None,
    /// The plan's job has this status and is the `ordinal`-th job of the queue.
    Linked {
        status: JobStatus,
        ordinal: u32,
    },
}

/// The job assignment of a whole seed: which plans have a job, with which status, and the
/// statuses of the orphans. Built once (one byte-sized slot per plan), then read by index.
#[derive(Debug, Clone)]
pub(crate) struct JobLayout {
    pub quota: JobQuota,
    plan_slots: Vec<Option<(JobStatus, u32)>>,
    pub orphan_statuses: Vec<JobStatus>,
}

impl JobLayout {
    pub fn new(seed: u64, plans: u32) -> Self {
        let quota = JobQuota::for_plans(plans);
        let mut draw = Draw::new(seed, Stream::JobLayout, 0);

        // Which plans get a job: the first `linked` of a random permutation, then put back in
        // plan order so job ordinals follow the plans.
        let mut order: Vec<u32> = (0..plans).collect();
        draw.shuffle(&mut order);
        let mut linked_plans = order[..quota.linked as usize].to_vec();
        drop(order);
        linked_plans.sort_unstable();

        let mut linked_statuses = expand(&quota.linked_by_status());
        draw.shuffle(&mut linked_statuses);
        let mut orphan_statuses = expand(&quota.orphans_by_status);
        draw.shuffle(&mut orphan_statuses);

        let mut plan_slots = vec![None; plans as usize];
        for (ordinal, (plan, status)) in linked_plans.iter().zip(linked_statuses).enumerate() {
            plan_slots[*plan as usize] = Some((status, ordinal as u32));
        }
        Self {
            quota,
            plan_slots,
            orphan_statuses,
        }
    }

    pub fn plan_job(&self, plan: u32) -> PlanJob {
        match self.plan_slots[plan as usize] {
            Some((status, ordinal)) => PlanJob::Linked { status, ordinal },
            None => PlanJob::None,
        }
    }
}

fn expand(counts: &StatusCounts) -> Vec<JobStatus> {
    counts
        .iter()
        .flat_map(|(status, rows)| std::iter::repeat_n(status, rows as usize))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plan_count_gives_the_acceptance_mix() {
        let quota = JobQuota::for_plans(150);
        assert_eq!((quota.linked, quota.orphans), (60, 12));
        assert_eq!(quota.by_status, StatusCounts([11, 7, 43, 11]));
        assert_eq!(quota.orphans_by_status, StatusCounts([6, 0, 0, 6]));
    }

    #[test]
    fn quotas_are_consistent_for_every_plan_count_up_to_twenty_thousand() {
        for plans in 0..20_000 {
            let quota = JobQuota::for_plans(plans);
            assert!(quota.is_consistent(), "plans={plans}: {quota:?}");
            // Each status is the exact share rounded one way or the other.
            for (status, rows) in quota.by_status.iter() {
                let exact =
                    f64::from(quota.total()) * STATUS_PERCENT[status as usize] as f64 / 100.0;
                assert!(
                    (f64::from(rows) - exact).abs() < 1.0,
                    "plans={plans} {status}: {rows} vs {exact}"
                );
            }
            assert_eq!(quota.orphans_by_status.get(JobStatus::Processing), 0);
            assert_eq!(quota.orphans_by_status.get(JobStatus::Completed), 0);
        }
    }

    #[test]
    fn tiny_plan_counts() {
        assert_eq!(JobQuota::for_plans(0).total(), 0);
        assert_eq!(
            JobQuota::for_plans(1).total(),
            0,
            "round(0.4) = 0 plan-linked jobs"
        );
        let two = JobQuota::for_plans(2);
        assert_eq!((two.linked, two.orphans), (1, 0));
        assert_eq!(two.by_status, StatusCounts([0, 0, 1, 0]));
    }

    #[test]
    fn largest_remainder_breaks_ties_towards_earlier_weights() {
        assert_eq!(largest_remainder(1, &[1, 1]), [1, 0]);
        assert_eq!(largest_remainder(72, &STATUS_PERCENT), [11, 7, 43, 11]);
        assert_eq!(largest_remainder(0, &[0, 0]), [0, 0]);
    }

    #[test]
    fn layout_links_exactly_the_quota_to_distinct_plans() {
        let layout = JobLayout::new(7, 1000);
        let linked: Vec<_> = (0..1000)
            .filter_map(|plan| match layout.plan_job(plan) {
                PlanJob::Linked { status, ordinal } => Some((status, ordinal)),
                PlanJob::None => None,
            })
            .collect();
        assert_eq!(linked.len() as u32, layout.quota.linked);
        let ordinals: Vec<u32> = linked.iter().map(|(_, ordinal)| *ordinal).collect();
        assert_eq!(ordinals, (0..layout.quota.linked).collect::<Vec<_>>());
        for status in JobStatus::ALL {
            let in_plans = linked.iter().filter(|(s, _)| s == status).count() as u32;
            assert_eq!(in_plans, layout.quota.linked_by_status().get(*status));
        }
    }
}
