use std::fmt;

use schema::{
    NewGenerationAttempt, NewJob, NewLearningPlan, NewModule, NewPlanGeneration, NewResource,
    NewTask, NewTaskProgress, NewTaskResource, NewUser,
};

/// The tables of the schema, parents before children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Users,
    LearningPlans,
    Modules,
    Tasks,
    Resources,
    TaskResources,
    TaskProgress,
    PlanGenerations,
    GenerationAttempts,
    JobQueue,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Users,
        Table::LearningPlans,
        Table::Modules,
        Table::Tasks,
        Table::Resources,
        Table::TaskResources,
        Table::TaskProgress,
        Table::PlanGenerations,
        Table::GenerationAttempts,
        Table::JobQueue,
    ];

    /// The table's name in the database.
    pub const fn name(self) -> &'static str {
        match self {
            Table::Users => "users",
            Table::LearningPlans => "learning_plans",
            Table::Modules => "modules",
            Table::Tasks => "tasks",
            Table::Resources => "resources",
            Table::TaskResources => "task_resources",
            Table::TaskProgress => "task_progress",
            Table::PlanGenerations => "plan_generations",
            Table::GenerationAttempts => "generation_attempts",
            Table::JobQueue => "job_queue",
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A slice of the seed: rows for any of the tables. Within one batch, and across the batches
/// of one run in order, every row's parents come before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub users: Vec<NewUser>,
    pub learning_plans: Vec<NewLearningPlan>,
    pub modules: Vec<NewModule>,
    pub tasks: Vec<NewTask>,
    pub resources: Vec<NewResource>,
    pub task_resources: Vec<NewTaskResource>,
    pub task_progress: Vec<NewTaskProgress>,
    pub plan_generations: Vec<NewPlanGeneration>,
    pub generation_attempts: Vec<NewGenerationAttempt>,
    pub job_queue: Vec<NewJob>,
}

impl Batch {
    pub fn row_counts(&self) -> RowCounts {
        let mut counts = RowCounts::default();
        counts.add(Table::Users, self.users.len() as u64);
        counts.add(Table::LearningPlans, self.learning_plans.len() as u64);
        counts.add(Table::Modules, self.modules.len() as u64);
        counts.add(Table::Tasks, self.tasks.len() as u64);
        counts.add(Table::Resources, self.resources.len() as u64);
        counts.add(Table::TaskResources, self.task_resources.len() as u64);
        counts.add(Table::TaskProgress, self.task_progress.len() as u64);
        counts.add(Table::PlanGenerations, self.plan_generations.len() as u64);
        counts.add(
            Table::GenerationAttempts,
            self.generation_attempts.len() as u64,
        );
        counts.add(Table::JobQueue, self.job_queue.len() as u64);
        counts
    }

    pub fn is_empty(&self) -> bool {
        self.row_counts().total() == 0
    }

    /// Moves every row of `other` to the end of this batch.
    pub fn append(&mut self, mut other: Batch) {
        self.users.append(&mut other.users);
        self.learning_plans.append(&mut other.learning_plans);
        self.modules.append(&mut other.modules);
        self.tasks.append(&mut other.tasks);
        self.resources.append(&mut other.resources);
        self.task_resources.append(&mut other.task_resources);
        self.task_progress.append(&mut other.task_progress);
        self.plan_generations.append(&mut other.plan_generations);
        self.generation_attempts
            .append(&mut other.generation_attempts);
        self.job_queue.append(&mut other.job_queue);
    }
}

/// Rows per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCounts([u64; 10]);

impl RowCounts {
    pub fn get(&self, table: Table) -> u64 {
        self.0[table as usize]
    }

    pub fn add(&mut self, table: Table, rows: u64) {
        self.0[table as usize] += rows;
    }

    pub fn add_all(&mut self, other: &RowCounts) {
        for table in Table::ALL {
            self.add(table, other.get(table));
        }
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// `(table, rows)` in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (Table, u64)> + '_ {
        Table::ALL.into_iter().map(|table| (table, self.get(table)))
    }
}
