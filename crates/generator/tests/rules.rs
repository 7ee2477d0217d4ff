//! SPEC §4, rule by rule, on generated rows: no database involved.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use generator::{
    Batch, ConfigError, FAILURE_MESSAGES, Generator, JOB_MAX_ATTEMPTS, SeedConfig, Table,
    classification_of,
};
use schema::{JobStatus, NewJob, NewLearningPlan, ProgressStatus};
use uuid::Uuid;

fn reference_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn config(users: u32, plans: u32, resources: u32, seed: u64) -> SeedConfig {
    SeedConfig {
        users,
        plans,
        resources,
        seed,
        now: reference_now(),
    }
}

fn dataset(config: SeedConfig) -> Batch {
    Generator::new(config).unwrap().dataset()
}

fn status_count(jobs: &[NewJob], status: JobStatus) -> usize {
    jobs.iter().filter(|job| job.status == status).count()
}

#[test]
fn default_seed_has_the_acceptance_job_mix() {
    let data = dataset(SeedConfig::with_defaults(reference_now()));
    assert_eq!(data.users.len(), 50);
    assert_eq!(data.learning_plans.len(), 150);
    assert_eq!(data.resources.len(), 500);
    let jobs = &data.job_queue;
    assert_eq!(jobs.len(), 72);
    assert_eq!(status_count(jobs, JobStatus::Pending), 11);
    assert_eq!(status_count(jobs, JobStatus::Processing), 7);
    assert_eq!(status_count(jobs, JobStatus::Completed), 43);
    assert_eq!(status_count(jobs, JobStatus::Failed), 11);
    let orphans: Vec<&NewJob> = jobs.iter().filter(|job| job.plan_id.is_none()).collect();
    assert_eq!(orphans.len(), 12);
    assert!(
        orphans
            .iter()
            .all(|job| matches!(job.status, JobStatus::Pending | JobStatus::Failed))
    );
    let linked: HashSet<Uuid> = jobs.iter().filter_map(|job| job.plan_id).collect();
    assert_eq!(linked.len(), 60, "one job per linked plan");
}

/// Checks every job rule of SPEC §4 on one dataset.
fn assert_job_rules(data: &Batch, now: DateTime<Utc>) {
    let plans: HashMap<Uuid, &NewLearningPlan> = data
        .learning_plans
        .iter()
        .map(|plan| (plan.id, plan))
        .collect();
    let users: HashSet<Uuid> = data.users.iter().map(|user| user.id).collect();
    let mut modules_per_plan: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for module in &data.modules {
        modules_per_plan
            .entry(module.plan_id)
            .or_default()
            .push(module.id);
    }
    let mut tasks_per_module: HashMap<Uuid, usize> = HashMap::new();
    for task in &data.tasks {
        *tasks_per_module.entry(task.module_id).or_default() += 1;
    }
    let mut request_suffixes = HashSet::new();

    for job in &data.job_queue {
        assert!(users.contains(&job.user_id));
        assert_eq!(job.job_type, schema::JobType::PlanGeneration);
        assert_eq!(job.max_attempts, JOB_MAX_ATTEMPTS);

        // Timestamps in order, updated_at the last of them.
        let started = job.started_at.unwrap_or(job.scheduled_for);
        let completed = job.completed_at.unwrap_or(started);
        assert!(job.created_at <= job.scheduled_for, "{job:?}");
        assert!(
            job.scheduled_for <= started && started <= completed && completed <= now,
            "{job:?}"
        );
        let last = [
            Some(job.created_at),
            Some(job.scheduled_for),
            job.started_at,
            job.completed_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap();
        assert_eq!(job.updated_at, last);

        match job.status {
            JobStatus::Pending => {
                assert_eq!(job.attempts, 0);
                assert!((0..=9).contains(&job.priority));
                assert!(job.scheduled_for >= now - Duration::hours(48) && job.scheduled_for <= now);
                assert!(job.started_at.is_none() && job.completed_at.is_none());
                assert!(job.locked_at.is_none() && job.locked_by.is_none());
                assert!(job.result.is_none() && job.error.is_none());
            }
            JobStatus::Processing => {
                assert!((1..=2).contains(&job.attempts));
                assert_eq!(job.priority, 0);
                let started_at = job.started_at.unwrap();
                assert!(started_at >= now - Duration::hours(1));
                assert!(
                    started_at - job.scheduled_for <= Duration::minutes(2),
                    "scheduled shortly before start"
                );
                assert_eq!(job.locked_at, Some(started_at));
                let worker = job.locked_by.as_deref().unwrap();
                assert!(
                    ["worker-1", "worker-2", "worker-3", "worker-4", "worker-5"].contains(&worker)
                );
                assert!(job.completed_at.is_none() && job.result.is_none() && job.error.is_none());
                assert!(job.plan_id.is_some(), "processing jobs always have a plan");
            }
            JobStatus::Completed => {
                assert!((1..=2).contains(&job.attempts));
                assert_eq!(job.priority, 0);
                assert!(job.scheduled_for <= now - Duration::days(1));
                assert!(job.scheduled_for >= now - Duration::days(14));
                assert!(job.locked_at.is_none() && job.locked_by.is_none() && job.error.is_none());
                let result = job.result.as_ref().unwrap();
                let plan_id = job.plan_id.expect("completed jobs always have a plan");
                assert_eq!(result["planId"], plan_id.to_string());
                let modules = result["modulesCount"].as_i64().unwrap();
                let tasks = result["tasksCount"].as_i64().unwrap();
                let duration = result["durationMs"].as_i64().unwrap();
                assert!((4..=6).contains(&modules) && (18..=30).contains(&tasks));
                assert!((12_000..=20_000).contains(&duration));
                assert_eq!(
                    job.completed_at.unwrap() - job.started_at.unwrap(),
                    Duration::milliseconds(duration)
                );
                // The job explains the plan's content.
                let plan_modules = &modules_per_plan[&plan_id];
                assert_eq!(plan_modules.len() as i64, modules);
                let plan_tasks: usize = plan_modules.iter().map(|m| tasks_per_module[m]).sum();
                assert_eq!(plan_tasks as i64, tasks);
            }
            JobStatus::Failed => {
                assert_eq!(job.attempts, JOB_MAX_ATTEMPTS);
                assert_eq!(job.priority, 0);
                assert!(job.scheduled_for <= now - Duration::days(1));
                assert!(job.scheduled_for >= now - Duration::days(14));
                assert!(job.started_at.is_some() && job.completed_at.is_some());
                assert!(job.locked_at.is_none() && job.locked_by.is_none() && job.result.is_none());
                assert!(FAILURE_MESSAGES.contains(&job.error.as_deref().unwrap()));
            }
        }

        // The payload mirrors the plan; a linked plan is an AI plan owned by the job's user.
        let payload = &job.payload;
        let request_id = payload["requestId"].as_str().unwrap();
        let (millis, suffix) = request_id
            .strip_prefix("req_")
            .unwrap()
            .split_once('_')
            .unwrap();
        assert_eq!(
            millis.parse::<i64>().unwrap(),
            job.created_at.timestamp_millis()
        );
        assert!(
            request_suffixes.insert(suffix.to_owned()),
            "request ids are unique"
        );
        assert!((3..=12).contains(&payload["weeklyHours"].as_i64().unwrap()));
        if let Some(plan_id) = job.plan_id {
            let plan = plans[&plan_id];
            assert_eq!(plan.origin, "ai");
            assert_eq!(plan.user_id, job.user_id);
            assert_eq!(payload["topic"], plan.topic.as_str());
            assert_eq!(payload["skillLevel"], plan.skill_level.as_str());
            assert_eq!(payload["weeklyHours"], plan.weekly_hours);
            assert_eq!(payload["learningStyle"], plan.learning_style.as_str());
            assert_eq!(
                plan.created_at, job.created_at,
                "the plan and its job come from one request"
            );
            if job.status != JobStatus::Completed {
                assert!(
                    !modules_per_plan.contains_key(&plan_id),
                    "no modules before the job completes"
                );
            }
        }
    }
}

#[test]
fn job_rules_hold_for_many_seeds_and_sizes() {
    for (users, plans, resources, seed) in [
        (50, 150, 500, 12345),
        (7, 33, 11, 1),
        (1, 1, 1, 2),
        (3, 400, 0, 99),
        (200, 2000, 300, 7),
    ] {
        let config = config(users, plans, resources, seed);
        let data = dataset(config);
        assert_job_rules(&data, config.now);
        let quota = Generator::new(config).unwrap().job_quota();
        assert_eq!(data.job_queue.len() as u32, quota.total());
        for (status, rows) in quota.by_status.iter() {
            assert_eq!(
                status_count(&data.job_queue, status) as u32,
                rows,
                "{status} for {plans} plans"
            );
        }
    }
}

#[test]
fn plans_without_a_job_have_three_to_six_modules_of_four_to_eight_tasks() {
    let data = dataset(config(20, 300, 50, 5));
    let with_job: HashSet<Uuid> = data
        .job_queue
        .iter()
        .filter_map(|job| job.plan_id)
        .collect();
    let mut modules_per_plan: HashMap<Uuid, usize> = HashMap::new();
    for module in &data.modules {
        *modules_per_plan.entry(module.plan_id).or_default() += 1;
    }
    let mut tasks_per_module: HashMap<Uuid, usize> = HashMap::new();
    for task in &data.tasks {
        *tasks_per_module.entry(task.module_id).or_default() += 1;
    }
    for plan in data
        .learning_plans
        .iter()
        .filter(|plan| !with_job.contains(&plan.id))
    {
        assert!((3..=6).contains(&modules_per_plan[&plan.id]));
    }
    for module in data
        .modules
        .iter()
        .filter(|module| !with_job.contains(&module.plan_id))
    {
        assert!((4..=8).contains(&tasks_per_module[&module.id]));
    }
}

#[test]
fn modules_and_tasks_are_ordered_titled_and_sized() {
    let data = dataset(config(20, 200, 50, 11));
    let topics: HashMap<Uuid, &str> = data
        .learning_plans
        .iter()
        .map(|p| (p.id, p.topic.as_str()))
        .collect();
    let mut module_orders: HashMap<Uuid, Vec<i32>> = HashMap::new();
    let mut module_topic: HashMap<Uuid, &str> = HashMap::new();
    for module in &data.modules {
        module_orders
            .entry(module.plan_id)
            .or_default()
            .push(module.order);
        let topic = topics[&module.plan_id];
        module_topic.insert(module.id, topic);
        assert!(
            module.title.contains(topic) && !module.title.contains('{'),
            "{}",
            module.title
        );
        assert!((60..=480).contains(&module.estimated_minutes));
        assert!(
            module.created_at
                >= data
                    .learning_plans
                    .iter()
                    .find(|p| p.id == module.plan_id)
                    .unwrap()
                    .created_at
        );
    }
    let mut task_orders: HashMap<Uuid, Vec<i32>> = HashMap::new();
    for task in &data.tasks {
        task_orders
            .entry(task.module_id)
            .or_default()
            .push(task.order);
        assert!(task.title.contains(module_topic[&task.module_id]) && !task.title.contains('{'));
        assert!((15..=120).contains(&task.estimated_minutes));
    }
    for orders in module_orders.values().chain(task_orders.values()) {
        let mut sorted = orders.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=orders.len() as i32).collect::<Vec<_>>());
    }
}

#[test]
fn users_are_unique_by_construction_and_plans_come_after_their_owner() {
    let now = reference_now();
    let data = dataset(config(3000, 3000, 10, 3));
    let emails: HashSet<&str> = data.users.iter().map(|u| u.email.as_str()).collect();
    let clerk_ids: HashSet<&str> = data
        .users
        .iter()
        .map(|u| u.clerk_user_id.as_str())
        .collect();
    assert_eq!(emails.len(), 3000);
    assert_eq!(clerk_ids.len(), 3000);
    let signed_up: HashMap<Uuid, DateTime<Utc>> =
        data.users.iter().map(|u| (u.id, u.created_at)).collect();
    for user in &data.users {
        assert!(
            user.created_at >= now - Duration::days(400)
                && user.created_at <= now - Duration::days(15)
        );
        assert!(user.updated_at >= user.created_at && user.updated_at <= now);
        assert!(user.clerk_user_id.starts_with("user_") && user.clerk_user_id.len() == 32);
        assert!(user.email.contains('@') && user.name.is_some());
    }
    for plan in &data.learning_plans {
        assert!(
            plan.created_at > signed_up[&plan.user_id],
            "plan created after its owner"
        );
        assert!((3..=12).contains(&plan.weekly_hours));
        let (start, deadline) = (plan.start_date.unwrap(), plan.deadline_date.unwrap());
        assert!(start >= plan.created_at.date_naive() && deadline > start);
        assert!(["private", "public"].contains(&plan.visibility.as_str()));
        assert!(["ai", "template", "manual"].contains(&plan.origin.as_str()));
    }
}

#[test]
fn resources_have_unique_https_urls_on_their_domain() {
    let data = dataset(config(1, 0, 5000, 8));
    let urls: HashSet<&str> = data.resources.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(urls.len(), 5000);
    for resource in &data.resources {
        let rest = resource.url.strip_prefix("https://").unwrap();
        let host = rest.split(['/', '?']).next().unwrap();
        assert_eq!(Some(host), resource.domain.as_deref());
        assert!(!rest.contains(' '));
        let tags = resource.tags.as_ref().unwrap();
        assert!((1..=3).contains(&tags.len()));
        assert_eq!(tags.iter().collect::<HashSet<_>>().len(), tags.len());
        assert!(resource.cost_cents.unwrap() >= 0 && resource.duration_minutes.unwrap() >= 0);
        assert!(["USD", "EUR", "GBP"].contains(&resource.currency.as_deref().unwrap()));
    }
}

#[test]
fn task_links_progress_generations_and_attempts_tell_one_story() {
    let now = reference_now();
    let data = dataset(config(30, 500, 60, 21));
    let plans: HashMap<Uuid, &NewLearningPlan> =
        data.learning_plans.iter().map(|p| (p.id, p)).collect();
    let module_plan: HashMap<Uuid, Uuid> = data.modules.iter().map(|m| (m.id, m.plan_id)).collect();
    let task_plan: HashMap<Uuid, Uuid> = data
        .tasks
        .iter()
        .map(|t| (t.id, module_plan[&t.module_id]))
        .collect();
    let resources: HashSet<Uuid> = data.resources.iter().map(|r| r.id).collect();

    let mut links: HashMap<Uuid, Vec<(i32, Uuid)>> = HashMap::new();
    for link in &data.task_resources {
        assert!(resources.contains(&link.resource_id));
        links
            .entry(link.task_id)
            .or_default()
            .push((link.order, link.resource_id));
    }
    for task_links in links.values() {
        assert!(task_links.len() <= 3);
        let orders: Vec<i32> = task_links.iter().map(|(order, _)| *order).collect();
        assert_eq!(orders, (1..=task_links.len() as i32).collect::<Vec<_>>());
        assert_eq!(
            task_links
                .iter()
                .map(|(_, r)| r)
                .collect::<HashSet<_>>()
                .len(),
            task_links.len()
        );
    }

    assert_eq!(
        data.task_progress.len(),
        data.tasks.len(),
        "the owner tracks every task"
    );
    for progress in &data.task_progress {
        let plan = plans[&task_plan[&progress.task_id]];
        assert_eq!(
            progress.user_id, plan.user_id,
            "progress only on the user's own plans"
        );
        assert_eq!(
            progress.completed_at.is_some(),
            progress.status == ProgressStatus::Completed
        );
        if let Some(completed_at) = progress.completed_at {
            assert!(completed_at > plan.created_at && completed_at <= now);
        }
        assert!(progress.created_at <= progress.updated_at && progress.updated_at <= now);
    }

    let with_modules: HashSet<Uuid> = module_plan.values().copied().collect();
    assert!(
        data.plan_generations
            .iter()
            .all(|g| with_modules.contains(&g.plan_id))
    );
    let share = data.plan_generations.len() as f64 / with_modules.len() as f64;
    assert!(
        (0.2..0.4).contains(&share),
        "about 30% of plans with modules: {share}"
    );

    let mut attempts_per_job: HashMap<String, Vec<&schema::NewGenerationAttempt>> = HashMap::new();
    for attempt in &data.generation_attempts {
        let job_id = attempt.metadata.as_ref().unwrap()["jobId"]
            .as_str()
            .unwrap()
            .to_owned();
        attempts_per_job.entry(job_id).or_default().push(attempt);
    }
    for job in data.job_queue.iter().filter(|job| job.plan_id.is_some()) {
        let attempts = attempts_per_job
            .remove(&job.id.to_string())
            .unwrap_or_default();
        let failures: Vec<_> = attempts.iter().filter(|a| a.status == "failure").collect();
        let successes: Vec<_> = attempts.iter().filter(|a| a.status == "success").collect();
        assert!(attempts.iter().all(|a| Some(a.plan_id) == job.plan_id));
        assert!(
            failures
                .iter()
                .all(|a| a.classification.is_some() && a.modules_count == 0)
        );
        assert!(successes.iter().all(|a| a.classification.is_none()));
        match job.status {
            JobStatus::Pending => assert!(attempts.is_empty()),
            JobStatus::Processing => assert_eq!(failures.len() as i32, job.attempts - 1),
            JobStatus::Completed => {
                assert_eq!(failures.len() as i32, job.attempts - 1);
                let result = job.result.as_ref().unwrap();
                let success = successes.first().expect("one success row");
                assert_eq!(successes.len(), 1);
                assert_eq!(
                    i64::from(success.duration_ms),
                    result["durationMs"].as_i64().unwrap()
                );
                assert_eq!(
                    i64::from(success.modules_count),
                    result["modulesCount"].as_i64().unwrap()
                );
                assert_eq!(
                    i64::from(success.tasks_count),
                    result["tasksCount"].as_i64().unwrap()
                );
                assert_eq!(Some(success.created_at), job.completed_at);
            }
            JobStatus::Failed => {
                assert_eq!(failures.len(), 3);
                assert!(successes.is_empty());
                let last = failures.iter().max_by_key(|a| a.created_at).unwrap();
                assert_eq!(
                    last.classification.as_deref(),
                    classification_of(job.error.as_deref().unwrap())
                );
                assert_eq!(Some(last.created_at), job.completed_at);
            }
        }
        for attempt in attempts {
            assert!(attempt.created_at >= job.created_at && attempt.created_at <= job.updated_at);
        }
    }
    assert!(
        attempts_per_job.is_empty(),
        "attempts only for plan-linked jobs"
    );
}

/// Sampled distributions, with a 5-sigma binomial tolerance on a large seed.
#[test]
fn categorical_distributions_follow_the_spec() {
    let data = dataset(config(4000, 6000, 4000, 77));
    fn assert_share(label: &str, hits: usize, n: usize, percent: f64) {
        let p = percent / 100.0;
        let sigma = (p * (1.0 - p) / n as f64).sqrt();
        let observed = hits as f64 / n as f64;
        assert!(
            (observed - p).abs() <= 5.0 * sigma,
            "{label}: {observed:.4} vs {p}"
        );
    }
    let users = data.users.len();
    for (tier, percent) in [("free", 70.0), ("pro", 25.0), ("enterprise", 5.0)] {
        let hits = data
            .users
            .iter()
            .filter(|u| u.subscription_tier.as_deref() == Some(tier))
            .count();
        assert_share(tier, hits, users, percent);
    }
    let plans = data.learning_plans.len();
    for (origin, percent) in [("ai", 85.0), ("template", 10.0), ("manual", 5.0)] {
        assert_share(
            origin,
            data.learning_plans
                .iter()
                .filter(|p| p.origin == origin)
                .count(),
            plans,
            percent,
        );
    }
    assert_share(
        "public",
        data.learning_plans
            .iter()
            .filter(|p| p.visibility == "public")
            .count(),
        plans,
        20.0,
    );
    for (level, percent) in [
        (schema::SkillLevel::Beginner, 50.0),
        (schema::SkillLevel::Intermediate, 35.0),
        (schema::SkillLevel::Advanced, 15.0),
    ] {
        assert_share(
            level.as_str(),
            data.learning_plans
                .iter()
                .filter(|p| p.skill_level == level)
                .count(),
            plans,
            percent,
        );
    }
    for (style, percent) in [
        (schema::LearningStyle::Reading, 35.0),
        (schema::LearningStyle::Video, 25.0),
        (schema::LearningStyle::Practice, 15.0),
        (schema::LearningStyle::Mixed, 25.0),
    ] {
        assert_share(
            style.as_str(),
            data.learning_plans
                .iter()
                .filter(|p| p.learning_style == style)
                .count(),
            plans,
            percent,
        );
    }
    for (kind, percent) in [
        (schema::ResourceType::Article, 35.0),
        (schema::ResourceType::Youtube, 25.0),
        (schema::ResourceType::Doc, 15.0),
        (schema::ResourceType::Course, 15.0),
        (schema::ResourceType::Other, 10.0),
    ] {
        assert_share(
            kind.as_str(),
            data.resources
                .iter()
                .filter(|r| r.resource_type == kind)
                .count(),
            data.resources.len(),
            percent,
        );
    }
    let progress = data.task_progress.len();
    for (status, percent) in [
        (ProgressStatus::NotStarted, 40.0),
        (ProgressStatus::Completed, 35.0),
        (ProgressStatus::InProgress, 25.0),
    ] {
        assert_share(
            status.as_str(),
            data.task_progress
                .iter()
                .filter(|p| p.status == status)
                .count(),
            progress,
            percent,
        );
    }
}

#[test]
fn same_configuration_same_rows_and_a_new_seed_changes_them() {
    let first = dataset(config(10, 40, 20, 5));
    assert_eq!(first, dataset(config(10, 40, 20, 5)));
    let other = dataset(config(10, 40, 20, 6));
    assert_ne!(first.users[0].id, other.users[0].id);
    assert_ne!(first.learning_plans, other.learning_plans);
}

#[test]
fn batch_size_does_not_change_the_rows() {
    let generator = Generator::new(config(13, 57, 9, 4)).unwrap();
    let mut tiny = Batch::default();
    for batch in generator.batches(1) {
        tiny.append(batch);
    }
    assert_eq!(tiny, generator.dataset());
}

#[test]
fn batches_stream_parents_before_children() {
    let generator = Generator::new(config(5, 30, 8, 9)).unwrap();
    let mut seen: HashSet<Uuid> = HashSet::new();
    for batch in generator.batches(4) {
        seen.extend(batch.users.iter().map(|r| r.id));
        seen.extend(batch.resources.iter().map(|r| r.id));
        for plan in &batch.learning_plans {
            assert!(seen.contains(&plan.user_id));
            seen.insert(plan.id);
        }
        for module in &batch.modules {
            assert!(seen.contains(&module.plan_id));
            seen.insert(module.id);
        }
        for task in &batch.tasks {
            assert!(seen.contains(&task.module_id));
            seen.insert(task.id);
        }
        assert!(
            batch
                .task_resources
                .iter()
                .all(|l| seen.contains(&l.task_id) && seen.contains(&l.resource_id))
        );
        assert!(
            batch
                .task_progress
                .iter()
                .all(|p| seen.contains(&p.task_id) && seen.contains(&p.user_id))
        );
        assert!(
            batch
                .job_queue
                .iter()
                .all(|j| seen.contains(&j.user_id) && j.plan_id.is_none_or(|p| seen.contains(&p)))
        );
        assert!(
            batch
                .generation_attempts
                .iter()
                .all(|a| seen.contains(&a.plan_id))
        );
        assert!(
            batch
                .plan_generations
                .iter()
                .all(|g| seen.contains(&g.plan_id))
        );
    }
}

#[test]
fn changing_one_count_does_not_reshuffle_unrelated_tables() {
    let base = dataset(config(10, 40, 20, 5));
    let more_resources = dataset(config(10, 40, 35, 5));
    assert_eq!(base.users, more_resources.users);
    assert_eq!(base.learning_plans, more_resources.learning_plans);
    assert_eq!(base.job_queue, more_resources.job_queue);
    assert_eq!(base.modules, more_resources.modules);
    assert_eq!(base.tasks, more_resources.tasks);
    assert_eq!(base.task_progress, more_resources.task_progress);
    assert_eq!(base.resources[..], more_resources.resources[..20]);

    let more_users = dataset(config(25, 40, 20, 5));
    assert_eq!(base.resources, more_users.resources);
    assert_eq!(base.users[..], more_users.users[..10]);
}

#[test]
fn edge_counts() {
    let empty = dataset(config(0, 0, 0, 1));
    assert!(empty.is_empty());

    let no_plans = dataset(config(3, 0, 5, 1));
    assert_eq!(no_plans.row_counts().get(Table::Users), 3);
    assert!(no_plans.job_queue.is_empty() && no_plans.modules.is_empty());

    let one_plan = dataset(config(1, 1, 0, 1));
    assert_eq!(one_plan.learning_plans.len(), 1);
    assert!(one_plan.job_queue.is_empty(), "round(0.4 x 1) = 0 jobs");
    assert!((3..=6).contains(&one_plan.modules.len()));
    assert!(one_plan.task_resources.is_empty(), "no resources to link");

    let one_user = dataset(config(1, 50, 3, 1));
    assert!(
        one_user
            .learning_plans
            .iter()
            .all(|p| p.user_id == one_user.users[0].id)
    );
    assert!(
        one_user
            .job_queue
            .iter()
            .all(|j| j.user_id == one_user.users[0].id)
    );

    assert_eq!(
        Generator::new(config(0, 5, 0, 1)).unwrap_err(),
        ConfigError::PlansWithoutUsers { plans: 5 }
    );
}

#[test]
fn row_counts_match_the_dataset() {
    let generator = Generator::new(config(9, 70, 12, 3)).unwrap();
    assert_eq!(generator.row_counts(), generator.dataset().row_counts());
}
