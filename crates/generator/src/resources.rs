use chrono::Duration;
use schema::{NewResource, ResourceType};
use uuid::Uuid;

use crate::SeedConfig;
use crate::rng::{BASE36, BASE64_URL, Draw, Stream, encode_fixed, unique_token};
use crate::words::{FIRST_NAMES, LAST_NAMES, RESOURCE_TAGS, TOPICS, YOUTUBE_CHANNELS, slug};

const TYPE_WEIGHTS: &[(ResourceType, u64)] = &[
    (ResourceType::Article, 35),
    (ResourceType::Youtube, 25),
    (ResourceType::Doc, 15),
    (ResourceType::Course, 15),
    (ResourceType::Other, 10),
];

/// The resource's id: the first draw of its stream, so tasks can link to it by index alone.
pub(crate) fn resource_id(config: &SeedConfig, index: u32) -> Uuid {
    Draw::new(config.seed, Stream::Resource, u64::from(index)).uuid()
}

pub(crate) fn resource(config: &SeedConfig, index: u32) -> NewResource {
    let mut draw = Draw::new(config.seed, Stream::Resource, u64::from(index));
    let id = draw.uuid();
    let resource_type = draw.weighted_pick(TYPE_WEIGHTS);
    let topic = draw.pick(TOPICS);
    // A per-index token makes every URL unique by construction.
    let token = unique_token(config.seed, Stream::Resource, u64::from(index));
    let created_at = config.now - Duration::seconds(draw.between(15 * 86_400, 400 * 86_400));

    let (title, domain, url, author, duration_minutes, cost_cents) = match resource_type {
        ResourceType::Youtube => {
            let mut video = String::new();
            encode_fixed(token >> 2, BASE64_URL, 11, &mut video);
            // The video is as long as its title promises, give or take the intro.
            let minutes = draw.pick(&[10, 15, 20, 30]);
            let title = format!("{topic} explained in {minutes} minutes");
            let domain = "www.youtube.com";
            let url = format!("https://{domain}/watch?v={video}");
            (
                title,
                domain,
                url,
                Some(draw.pick(YOUTUBE_CHANNELS).to_owned()),
                minutes + draw.between_i32(0, 3),
                0,
            )
        }
        ResourceType::Article => {
            let title = format!(
                "{} {topic}",
                draw.pick(&[
                    "A practical guide to",
                    "What I learned from",
                    "Demystifying",
                    "Understanding"
                ])
            );
            let domain = draw.pick(&[
                "dev.to",
                "medium.com",
                "www.freecodecamp.org",
                "css-tricks.com",
                "blog.logrocket.com",
                "www.smashingmagazine.com",
            ]);
            let url = format!("https://{domain}/{}-{}", slug(&title), base36(token));
            let author = format!("{} {}", draw.pick(FIRST_NAMES), draw.pick(LAST_NAMES));
            (title, domain, url, Some(author), draw.between_i32(5, 30), 0)
        }
        ResourceType::Doc => {
            let title = format!("{topic}: official reference");
            let domain = draw.pick(&[
                "developer.mozilla.org",
                "doc.rust-lang.org",
                "docs.python.org",
                "react.dev",
                "kubernetes.io",
                "www.postgresql.org",
            ]);
            let url = format!("https://{domain}/docs/{}-{}", slug(topic), base36(token));
            (title, domain, url, None, draw.between_i32(10, 60), 0)
        }
        ResourceType::Course => {
            let title = format!("{topic}: the complete course");
            let domain = draw.pick(&[
                "www.coursera.org",
                "www.udemy.com",
                "www.edx.org",
                "frontendmasters.com",
                "www.pluralsight.com",
            ]);
            let url = format!("https://{domain}/course/{}-{}", slug(topic), base36(token));
            // Most courses cost money, priced like real storefronts (x9.99).
            let cost = if draw.percent(60) {
                draw.between_i32(1, 19) * 1000 + 999
            } else {
                0
            };
            let author = format!("{} {}", draw.pick(FIRST_NAMES), draw.pick(LAST_NAMES));
            (
                title,
                domain,
                url,
                Some(author),
                draw.between_i32(120, 3000),
                cost,
            )
        }
        ResourceType::Other => {
            let title = format!("{topic} exercises and community notes");
            let domain = draw.pick(&["github.com", "exercism.org", "roadmap.sh", "leetcode.com"]);
            let url = format!("https://{domain}/{}-{}", slug(topic), base36(token));
            (title, domain, url, None, draw.between_i32(15, 180), 0)
        }
    };
    let currency = draw.weighted_pick(&[("USD", 70), ("EUR", 20), ("GBP", 10)]);

    let tag_count = draw.between(1, 3) as usize;
    let mut tags: Vec<String> = Vec::with_capacity(tag_count);
    while tags.len() < tag_count {
        let tag = draw.pick(RESOURCE_TAGS);
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }

    NewResource {
        id,
        resource_type,
        title,
        url,
        domain: Some(domain.to_owned()),
        author,
        duration_minutes: Some(duration_minutes),
        cost_cents: Some(cost_cents),
        currency: Some(currency.to_owned()),
        tags: Some(tags),
        created_at,
    }
}

fn base36(token: u64) -> String {
    let mut out = String::with_capacity(13);
    encode_fixed(token, BASE36, 13, &mut out);
    out
}
