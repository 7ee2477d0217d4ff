use chrono::{DateTime, Duration, Utc};
use schema::NewUser;
use uuid::Uuid;

use crate::SeedConfig;
use crate::rng::{BASE62, Draw, Stream, encode_fixed, unique_token};
use crate::words::{EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES};

const DAY_SECONDS: i64 = 86_400;
/// Users signed up between 400 and 15 days before the reference time.
const OLDEST_SIGNUP_DAYS: i64 = 400;
const NEWEST_SIGNUP_DAYS: i64 = 15;

/// The two facts other rows need of a user: its id and when it signed up. They are the first
/// draws of the user's stream, so a plan can look its owner up without the users table.
pub(crate) fn user_identity(config: &SeedConfig, index: u32) -> (Uuid, DateTime<Utc>) {
    identity_from(
        &mut Draw::new(config.seed, Stream::User, u64::from(index)),
        config.now,
    )
}

fn identity_from(draw: &mut Draw, now: DateTime<Utc>) -> (Uuid, DateTime<Utc>) {
    let id = draw.uuid();
    let age = draw.between(
        NEWEST_SIGNUP_DAYS * DAY_SECONDS,
        OLDEST_SIGNUP_DAYS * DAY_SECONDS,
    );
    (id, now - Duration::seconds(age))
}

pub(crate) fn user(config: &SeedConfig, index: u32) -> NewUser {
    let mut draw = Draw::new(config.seed, Stream::User, u64::from(index));
    let (id, created_at) = identity_from(&mut draw, config.now);
    let first = draw.pick(FIRST_NAMES);
    let last = draw.pick(LAST_NAMES);
    let domain = draw.pick(EMAIL_DOMAINS);
    let tier = draw.weighted_pick(&[("free", 70), ("pro", 25), ("enterprise", 5)]);
    // Profile edits happen within the first two weeks; every user is at least 15 days old.
    let updated_at = created_at + Duration::seconds(draw.between(0, 14 * DAY_SECONDS));

    // Unique by construction: the email's number is the user's index (names hold no digits),
    // and the clerk id starts with a bijective token of the index.
    let email = format!(
        "{}.{}{}@{}",
        first.to_lowercase(),
        last.to_lowercase(),
        index + 1,
        domain
    );
    let mut clerk_user_id = String::from("user_");
    encode_fixed(
        unique_token(config.seed, Stream::User, u64::from(index)),
        BASE62,
        11,
        &mut clerk_user_id,
    );
    draw.token(BASE62, 16, &mut clerk_user_id);

    NewUser {
        id,
        clerk_user_id,
        email,
        name: Some(format!("{first} {last}")),
        subscription_tier: Some(tier.to_owned()),
        created_at,
        updated_at,
    }
}
