//! A plan's modules and tasks, the resources each task points to, and the owner's progress.

use chrono::{DateTime, Duration, Utc};
use schema::{NewModule, NewTask, NewTaskProgress, NewTaskResource, ProgressStatus};
use uuid::Uuid;

use crate::SeedConfig;
use crate::batch::Batch;
use crate::resources::resource_id;
use crate::rng::Draw;
use crate::words::{
    MODULE_DESCRIPTIONS, MODULE_TITLES, TASK_DESCRIPTIONS, TASK_RESOURCE_NOTES, TASK_TITLES, fill,
};

const PROGRESS_WEIGHTS: &[(ProgressStatus, u64)] = &[
    (ProgressStatus::NotStarted, 40),
    (ProgressStatus::Completed, 35),
    (ProgressStatus::InProgress, 25),
];

/// How many modules a plan has, how many tasks each, and when they were written.
#[derive(Debug, Clone)]
pub(crate) struct ContentShape {
    pub written_at: DateTime<Utc>,
    tasks_per_module: Vec<i32>,
}

impl ContentShape {
    /// A plan without a job (made from a template, by hand, or before the queue existed):
    /// 3-6 modules of 4-8 tasks.
    pub fn draw_without_job(draw: &mut Draw, written_at: DateTime<Utc>) -> Self {
        let modules = draw.between(3, 6) as usize;
        let tasks_per_module = (0..modules).map(|_| draw.between_i32(4, 8)).collect();
        Self {
            written_at,
            tasks_per_module,
        }
    }

    /// What a completed job wrote: 4-6 modules holding 18-30 tasks in all, 2-8 in each (four
    /// modules of eight hold the 30 at most).
    pub fn draw_for_completed_job(draw: &mut Draw, written_at: DateTime<Utc>) -> Self {
        const FEWEST: i32 = 2;
        const MOST: i32 = 8;
        let modules = draw.between(4, 6) as usize;
        let total = draw.between_i32(18, 30);
        let mut tasks_per_module = vec![FEWEST; modules];
        let mut placed = FEWEST * modules as i32;
        while placed < total {
            let module = draw.below(modules as u64) as usize;
            if tasks_per_module[module] < MOST {
                tasks_per_module[module] += 1;
                placed += 1;
            }
        }
        Self {
            written_at,
            tasks_per_module,
        }
    }

    pub fn modules(&self) -> i32 {
        self.tasks_per_module.len() as i32
    }

    pub fn tasks(&self) -> i32 {
        self.tasks_per_module.iter().sum()
    }
}

/// `count` distinct indices below `len`, in increasing order.
fn distinct_sorted(draw: &mut Draw, len: usize, count: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    draw.shuffle(&mut indices);
    indices.truncate(count);
    indices.sort_unstable();
    indices
}

/// Writes the plan's modules, tasks, task links and the owner's progress into `batch`.
/// `links` is the plan's task-link stream, kept apart so the resource count touches nothing else.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write(
    draw: &mut Draw,
    links: &mut Draw,
    config: &SeedConfig,
    plan_id: Uuid,
    owner_id: Uuid,
    topic: &str,
    shape: &ContentShape,
    batch: &mut Batch,
) {
    let written_at = shape.written_at;
    let module_titles = distinct_sorted(draw, MODULE_TITLES.len(), shape.tasks_per_module.len());
    for (position, (title_index, task_count)) in module_titles
        .iter()
        .zip(&shape.tasks_per_module)
        .enumerate()
    {
        let module_id = draw.uuid();
        batch.modules.push(NewModule {
            id: module_id,
            plan_id,
            order: position as i32 + 1,
            title: fill(MODULE_TITLES[*title_index], topic),
            description: Some(fill(draw.pick(MODULE_DESCRIPTIONS), topic)),
            estimated_minutes: draw.between_i32(60, 480),
            created_at: written_at,
            updated_at: written_at,
        });

        let task_titles = distinct_sorted(draw, TASK_TITLES.len(), *task_count as usize);
        for (task_position, title_index) in task_titles.iter().enumerate() {
            let task_id = draw.uuid();
            batch.tasks.push(NewTask {
                id: task_id,
                module_id,
                order: task_position as i32 + 1,
                title: fill(TASK_TITLES[*title_index], topic),
                description: Some(fill(draw.pick(TASK_DESCRIPTIONS), topic)),
                estimated_minutes: draw.between_i32(15, 120),
                created_at: written_at,
                updated_at: written_at,
            });
            link_resources(links, config, task_id, written_at, batch);
            batch
                .task_progress
                .push(progress(draw, task_id, owner_id, written_at, config.now));
        }
    }
}

/// 0-3 distinct resources for one task, ordered 1..k.
fn link_resources(
    links: &mut Draw,
    config: &SeedConfig,
    task_id: Uuid,
    written_at: DateTime<Utc>,
    batch: &mut Batch,
) {
    let wanted = links.below(4).min(u64::from(config.resources)) as usize;
    let mut chosen: Vec<u32> = Vec::with_capacity(wanted);
    while chosen.len() < wanted {
        let candidate = links.below(u64::from(config.resources)) as u32;
        if !chosen.contains(&candidate) {
            chosen.push(candidate);
        }
    }
    for (position, resource) in chosen.into_iter().enumerate() {
        let notes = links
            .percent(25)
            .then(|| (links.pick(TASK_RESOURCE_NOTES)).to_owned());
        batch.task_resources.push(NewTaskResource {
            id: links.uuid(),
            task_id,
            resource_id: resource_id(config, resource),
            order: position as i32 + 1,
            notes,
            created_at: written_at,
        });
    }
}

/// The owner's progress on one task: started some time after the task was written; a
/// completed task has its completion time, and only a completed one.
fn progress(
    draw: &mut Draw,
    task_id: Uuid,
    user_id: Uuid,
    written_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> NewTaskProgress {
    let status = draw.weighted_pick(PROGRESS_WEIGHTS);
    let id = draw.uuid();
    let between = |draw: &mut Draw, from: DateTime<Utc>| {
        from + Duration::seconds(draw.between(0, (now - from).num_seconds().max(0)))
    };
    let created_at = between(draw, written_at);
    let (completed_at, updated_at) = match status {
        ProgressStatus::NotStarted => (None, created_at),
        ProgressStatus::InProgress => (None, between(draw, created_at)),
        ProgressStatus::Completed => {
            let done = between(draw, created_at);
            (Some(done), done)
        }
    };
    NewTaskProgress {
        id,
        task_id,
        user_id,
        status,
        completed_at,
        created_at,
        updated_at,
    }
}
