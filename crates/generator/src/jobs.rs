//! The job queue's story: when each job was enqueued, scheduled, picked up and finished, how
//! many attempts it took, and what each attempt left behind.

use chrono::{DateTime, Duration, Utc};
use schema::{JobStatus, JobType, LearningStyle, NewGenerationAttempt, NewJob, SkillLevel};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::SeedConfig;
use crate::plans::{LEARNING_STYLE_WEIGHTS, SKILL_LEVEL_WEIGHTS};
use crate::rng::{Draw, Stream};
use crate::words::TOPICS;

/// Every job gives up after this many attempts; failed jobs used them all.
pub const JOB_MAX_ATTEMPTS: i32 = 3;

/// The errors a failed job ends with, as the user's note lists them.
pub const FAILURE_MESSAGES: [&str; 5] = [
    "AI provider timeout",
    "Invalid response format",
    "Rate limit exceeded",
    "Validation error: topic too vague",
    "Network error: connection refused",
];

/// How the app classifies a failed generation attempt with this message.
pub fn classification_of(message: &str) -> Option<&'static str> {
    Some(match message {
        "AI provider timeout" => "timeout",
        "Invalid response format" => "provider_error",
        "Rate limit exceeded" => "rate_limit",
        "Validation error: topic too vague" => "validation",
        "Network error: connection refused" => "provider_error",
        _ => return None,
    })
}

const WORKERS: u64 = 5;

/// What the user asked for: the job's payload and, for a plan-linked job, the plan's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request {
    pub topic: &'static str,
    pub skill_level: SkillLevel,
    pub weekly_hours: i32,
    pub learning_style: LearningStyle,
}

impl Request {
    pub fn draw(draw: &mut Draw) -> Self {
        Self {
            topic: draw.pick(TOPICS),
            skill_level: draw.weighted_pick(SKILL_LEVEL_WEIGHTS),
            weekly_hours: draw.between_i32(3, 12),
            learning_style: draw.weighted_pick(LEARNING_STYLE_WEIGHTS),
        }
    }
}

/// One attempt a worker finished without success.
#[derive(Debug, Clone)]
pub(crate) struct FailedAttempt {
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i32,
    pub message: &'static str,
}

/// A job's timestamps and attempts, consistent by construction:
/// created_at <= scheduled_for <= started_at <= completed_at <= now.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    /// When the job was (last) made runnable; a retry reschedules it after a backoff.
    pub scheduled_for: DateTime<Utc>,
    /// Start of the last attempt.
    pub started_at: Option<DateTime<Utc>>,
    /// End of the last attempt, successful or not.
    pub completed_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    /// Finished attempts that failed, oldest first. For a failed job the last one is final.
    pub failures: Vec<FailedAttempt>,
    /// Duration of the successful last attempt of a completed job.
    pub success_ms: Option<i32>,
}

impl Timeline {
    pub fn draw(draw: &mut Draw, status: JobStatus, now: DateTime<Utc>) -> Self {
        let seconds = Duration::seconds;
        let (attempts, scheduled_for) = match status {
            JobStatus::Pending => (0, now - seconds(draw.between(60, 48 * 3600))),
            // Processing: picked up in the last hour; the queue wait is added back below.
            JobStatus::Processing => (
                draw.between_i32(1, 2),
                now - seconds(draw.between(30, 3600)),
            ),
            JobStatus::Completed => (
                draw.between_i32(1, 2),
                now - seconds(draw.between(86_400, 14 * 86_400)),
            ),
            JobStatus::Failed => (
                JOB_MAX_ATTEMPTS,
                now - seconds(draw.between(86_400, 14 * 86_400)),
            ),
        };
        let mut timeline = Timeline {
            status,
            created_at: scheduled_for,
            scheduled_for,
            started_at: None,
            completed_at: None,
            attempts,
            failures: Vec::new(),
            success_ms: None,
        };
        if attempts == 0 {
            return timeline;
        }

        // The last attempt starts a short queue wait after the job became runnable.
        let wait = seconds(draw.between(1, 120));
        match status {
            JobStatus::Processing => {
                // The anchor drawn above is the start; keep it inside the last hour.
                timeline.started_at = Some(scheduled_for);
                timeline.scheduled_for = scheduled_for - wait;
            }
            _ => timeline.started_at = Some(scheduled_for + wait),
        }
        let started_at = timeline.started_at.unwrap_or(scheduled_for);

        match status {
            JobStatus::Completed => {
                let duration_ms = draw.between_i32(12_000, 20_000);
                timeline.success_ms = Some(duration_ms);
                timeline.completed_at =
                    Some(started_at + Duration::milliseconds(duration_ms.into()));
            }
            JobStatus::Failed => {
                let duration_ms = draw.between_i32(1_500, 30_000);
                let ended_at = started_at + Duration::milliseconds(duration_ms.into());
                timeline.completed_at = Some(ended_at);
                timeline.failures.push(FailedAttempt {
                    ended_at,
                    duration_ms,
                    message: draw.pick(&FAILURE_MESSAGES),
                });
            }
            _ => {}
        }

        // Earlier attempts failed; walk back from the last scheduling: each failure ended a
        // backoff before the job was rescheduled, and started after its own queue wait.
        let mut reschedule = timeline.scheduled_for;
        for retry in (1..attempts).rev() {
            let backoff = seconds(draw.between(5, 30) << retry);
            let duration_ms = draw.between_i32(1_500, 30_000);
            let ended_at = reschedule - backoff;
            let started = ended_at - Duration::milliseconds(duration_ms.into());
            timeline.failures.insert(
                0,
                FailedAttempt {
                    ended_at,
                    duration_ms,
                    message: draw.pick(&FAILURE_MESSAGES),
                },
            );
            reschedule = started - seconds(draw.between(1, 120));
        }
        timeline.created_at = reschedule;
        timeline
    }

    /// The last moment the row changed.
    pub fn updated_at(&self) -> DateTime<Utc> {
        [
            Some(self.created_at),
            Some(self.scheduled_for),
            self.started_at,
            self.completed_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.created_at)
    }
}

/// What the worker produced for a completed plan-linked job.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
    pub plan_id: Uuid,
    pub modules: i32,
    pub tasks: i32,
}

/// Who a job belongs to and where it stands in the queue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobIdentity {
    pub id: Uuid,
    /// The job's place in the queue: the `requestId` suffix.
    pub ordinal: u32,
    pub plan_id: Option<Uuid>,
    pub user_id: Uuid,
}

pub(crate) fn job_row(
    draw: &mut Draw,
    identity: JobIdentity,
    request: &Request,
    timeline: &Timeline,
    outcome: Option<Outcome>,
) -> NewJob {
    let JobIdentity {
        id,
        ordinal,
        plan_id,
        user_id,
    } = identity;
    let status = timeline.status;
    let priority = if status == JobStatus::Pending {
        draw.between_i32(0, 9)
    } else {
        0
    };
    let locked_by =
        (status == JobStatus::Processing).then(|| format!("worker-{}", draw.below(WORKERS) + 1));
    let result = match (status, outcome, timeline.success_ms) {
        (JobStatus::Completed, Some(outcome), Some(duration_ms)) => Some(json!({
            "planId": outcome.plan_id.to_string(),
            "modulesCount": outcome.modules,
            "tasksCount": outcome.tasks,
            "durationMs": duration_ms,
        })),
        _ => None,
    };
    let error = (status == JobStatus::Failed)
        .then(|| {
            timeline
                .failures
                .last()
                .map(|failure| failure.message.to_owned())
        })
        .flatten();

    NewJob {
        id,
        plan_id,
        user_id,
        job_type: JobType::PlanGeneration,
        status,
        priority,
        attempts: timeline.attempts,
        max_attempts: JOB_MAX_ATTEMPTS,
        payload: payload(request, timeline.created_at, ordinal),
        result,
        error,
        locked_at: locked_by.as_ref().and(timeline.started_at),
        locked_by,
        scheduled_for: timeline.scheduled_for,
        started_at: timeline.started_at,
        completed_at: timeline.completed_at,
        created_at: timeline.created_at,
        updated_at: timeline.updated_at(),
    }
}

fn payload(request: &Request, created_at: DateTime<Utc>, ordinal: u32) -> Value {
    json!({
        "topic": request.topic,
        "skillLevel": request.skill_level.as_str(),
        "weeklyHours": request.weekly_hours,
        "learningStyle": request.learning_style.as_str(),
        "requestId": format!("req_{}_{}", created_at.timestamp_millis(), ordinal),
    })
}

/// One `generation_attempts` row per attempt a worker finished for a plan-linked job.
pub(crate) fn attempt_rows(
    draw: &mut Draw,
    job: &NewJob,
    plan_id: Uuid,
    timeline: &Timeline,
    outcome: Option<Outcome>,
) -> Vec<NewGenerationAttempt> {
    let mut prompt_hash = String::with_capacity(64);
    draw.token(b"0123456789abcdef", 64, &mut prompt_hash);
    let normalized_effort = job.payload["weeklyHours"]
        .as_i64()
        .is_some_and(|hours| hours > 10);
    let mut row = |attempt: usize,
                   status: &str,
                   classification: Option<&str>,
                   duration_ms: i32,
                   created_at,
                   counts: (i32, i32),
                   error: Option<&str>| {
        let mut metadata = json!({ "jobId": job.id.to_string(), "attempt": attempt });
        if let Some(error) = error {
            metadata["error"] = json!(error);
        }
        NewGenerationAttempt {
            id: draw.uuid(),
            plan_id,
            status: status.to_owned(),
            classification: classification.map(str::to_owned),
            duration_ms,
            modules_count: counts.0,
            tasks_count: counts.1,
            truncated_topic: false,
            truncated_notes: false,
            normalized_effort,
            prompt_hash: Some(prompt_hash.clone()),
            metadata: Some(metadata),
            created_at,
        }
    };

    let mut rows: Vec<NewGenerationAttempt> = timeline
        .failures
        .iter()
        .enumerate()
        .map(|(index, failure)| {
            row(
                index + 1,
                "failure",
                classification_of(failure.message),
                failure.duration_ms,
                failure.ended_at,
                (0, 0),
                Some(failure.message),
            )
        })
        .collect();
    if let (Some(outcome), Some(duration_ms), Some(completed_at)) =
        (outcome, timeline.success_ms, timeline.completed_at)
    {
        rows.push(row(
            rows.len() + 1,
            "success",
            None,
            duration_ms,
            completed_at,
            (outcome.modules, outcome.tasks),
            None,
        ));
    }
    rows
}

/// A job that has no plan: its plan was never created (still pending, or failed before).
pub(crate) fn orphan_job(
    config: &SeedConfig,
    index: u32,
    ordinal: u32,
    status: JobStatus,
) -> NewJob {
    let mut draw = Draw::new(config.seed, Stream::OrphanJob, u64::from(index));
    let id = draw.uuid();
    let (user_id, _) =
        crate::users::user_identity(config, draw.below(u64::from(config.users)) as u32);
    let request = Request::draw(&mut draw);
    let timeline = Timeline::draw(&mut draw, status, config.now);
    let identity = JobIdentity {
        id,
        ordinal,
        plan_id: None,
        user_id,
    };
    job_row(&mut draw, identity, &request, &timeline, None)
}
