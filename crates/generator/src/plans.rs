//! A learning plan and everything that hangs off it: its job, modules, tasks, resource links,
//! the owner's progress, generation records and attempts.

use chrono::Duration;
use schema::{JobStatus, LearningStyle, NewLearningPlan, NewPlanGeneration, SkillLevel};
use serde_json::json;
use uuid::Uuid;

use crate::SeedConfig;
use crate::batch::Batch;
use crate::content::{self, ContentShape};
use crate::jobs::{self, JobIdentity, Outcome, Request, Timeline};
use crate::layout::{LINKED_PLAN_PERCENT, PlanJob};
use crate::rng::{Draw, Stream};
use crate::users::user_identity;
use crate::words::MODELS;

pub(crate) const SKILL_LEVEL_WEIGHTS: &[(SkillLevel, u64)] = &[
    (SkillLevel::Beginner, 50),
    (SkillLevel::Intermediate, 35),
    (SkillLevel::Advanced, 15),
];

pub(crate) const LEARNING_STYLE_WEIGHTS: &[(LearningStyle, u64)] = &[
    (LearningStyle::Reading, 35),
    (LearningStyle::Video, 25),
    (LearningStyle::Practice, 15),
    (LearningStyle::Mixed, 25),
];

/// Plans by origin over the whole table: ai 85%, template 10%, manual 5%.
const ORIGIN_PERCENT: [(&str, u64); 3] = [("ai", 85), ("template", 10), ("manual", 5)];
/// Every plan with a job is an AI plan, and 40% of plans have a job. The other 60% are drawn
/// from what is left (ai 45, template 10, manual 5) so the whole table still comes out 85/10/5.
const ORIGIN_WEIGHTS_WITHOUT_JOB: [(&str, u64); 3] = [
    ("ai", ORIGIN_PERCENT[0].1 - LINKED_PLAN_PERCENT),
    ("template", ORIGIN_PERCENT[1].1),
    ("manual", ORIGIN_PERCENT[2].1),
];

/// Share of plans with content that kept a `plan_generations` record, in percent.
const PLAN_GENERATION_PERCENT: u64 = 30;

pub(crate) fn plan_with_content(
    config: &SeedConfig,
    index: u32,
    plan_job: PlanJob,
    batch: &mut Batch,
) {
    let mut draw = Draw::new(config.seed, Stream::Plan, u64::from(index));
    let id = draw.uuid();
    let (owner_id, owner_since) = user_identity(config, draw.below(u64::from(config.users)) as u32);
    let request = Request::draw(&mut draw);
    let visibility = draw.weighted_pick(&[("private", 80), ("public", 20)]);

    // When the plan was created and when (if ever) its modules were written.
    let (created_at, job, content_shape) = match plan_job {
        PlanJob::None => {
            let earliest = owner_since + Duration::hours(1);
            let latest = config.now - Duration::hours(1);
            let created_at =
                earliest + Duration::seconds(draw.between(0, (latest - earliest).num_seconds()));
            let written_at = created_at + Duration::seconds(draw.between(5, 90));
            (
                created_at,
                None,
                Some(ContentShape::draw_without_job(&mut draw, written_at)),
            )
        }
        PlanJob::Linked { status, ordinal } => {
            // The app creates the plan and enqueues its generation job in one request.
            let timeline = Timeline::draw(&mut draw, status, config.now);
            let shape = match (status, timeline.completed_at) {
                (JobStatus::Completed, Some(completed_at)) => Some(
                    ContentShape::draw_for_completed_job(&mut draw, completed_at),
                ),
                _ => None,
            };
            (timeline.created_at, Some((timeline, ordinal)), shape)
        }
    };
    let origin = match job {
        Some(_) => "ai",
        None => draw.weighted_pick(&ORIGIN_WEIGHTS_WITHOUT_JOB),
    };
    let start_date = created_at.date_naive() + Duration::days(draw.between(0, 14));
    let deadline_date = start_date + Duration::days(draw.between(28, 180));
    let updated_at = content_shape
        .as_ref()
        .map_or(created_at, |shape| shape.written_at);

    batch.learning_plans.push(NewLearningPlan {
        id,
        user_id: owner_id,
        topic: request.topic.to_owned(),
        skill_level: request.skill_level,
        weekly_hours: request.weekly_hours,
        learning_style: request.learning_style,
        start_date: Some(start_date),
        deadline_date: Some(deadline_date),
        visibility: visibility.to_owned(),
        origin: origin.to_owned(),
        created_at,
        updated_at,
    });

    let outcome = content_shape.as_ref().map(|shape| Outcome {
        plan_id: id,
        modules: shape.modules(),
        tasks: shape.tasks(),
    });
    if let Some((timeline, ordinal)) = &job {
        let identity = JobIdentity {
            id: draw.uuid(),
            ordinal: *ordinal,
            plan_id: Some(id),
            user_id: owner_id,
        };
        let row = jobs::job_row(&mut draw, identity, &request, timeline, outcome);
        batch
            .generation_attempts
            .extend(jobs::attempt_rows(&mut draw, &row, id, timeline, outcome));
        batch.job_queue.push(row);
    }

    let Some(shape) = content_shape else { return };
    if draw.percent(PLAN_GENERATION_PERCENT) {
        batch
            .plan_generations
            .push(plan_generation(&mut draw, id, &request, &shape));
    }
    let mut links = Draw::new(config.seed, Stream::TaskLinks, u64::from(index));
    content::write(
        &mut draw,
        &mut links,
        config,
        id,
        owner_id,
        request.topic,
        &shape,
        batch,
    );
}

fn plan_generation(
    draw: &mut Draw,
    plan_id: Uuid,
    request: &Request,
    shape: &ContentShape,
) -> NewPlanGeneration {
    let temperature = draw.between(2, 9) as f64 / 10.0;
    NewPlanGeneration {
        id: draw.uuid(),
        plan_id,
        model: (draw.pick(MODELS)).to_owned(),
        prompt: json!({
            "topic": request.topic,
            "skillLevel": request.skill_level.as_str(),
            "weeklyHours": request.weekly_hours,
            "learningStyle": request.learning_style.as_str(),
        }),
        parameters: Some(json!({ "temperature": temperature, "maxOutputTokens": 4096 })),
        output_summary: Some(
            json!({ "modulesCount": shape.modules(), "tasksCount": shape.tasks() }),
        ),
        created_at: shape.written_at,
    }
}
