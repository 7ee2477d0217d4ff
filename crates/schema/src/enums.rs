//! Rust mirrors of the Postgres enums created by the first migration.
//!
//! Diesel maps a Postgres enum by hand: the value travels as its label in both the text and
//! binary protocols, so `ToSql` writes the label and `FromSql` matches it. One macro keeps the
//! six enums, their labels and their variant order (which must equal the `CREATE TYPE` order)
//! in one place.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};

use crate::schema::sql_types;

/// A label that matches no variant of the enum it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    pub enum_name: &'static str,
    pub label: String,
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {} value", self.label, self.enum_name)
    }
}

impl std::error::Error for UnknownVariant {}

macro_rules! pg_enum {
    ($(#[$meta:meta])* $name:ident => $sql_type:ident, $pg_name:literal { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, AsExpression, FromSqlRow)]
        #[diesel(sql_type = sql_types::$sql_type)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every value, in the order Postgres declares them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The Postgres type name.
            pub const PG_TYPE: &'static str = $pg_name;

            /// The label Postgres stores and prints.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;

            fn from_str(label: &str) -> Result<Self, Self::Err> {
                match label {
                    $($label => Ok(Self::$variant),)+
                    _ => Err(UnknownVariant { enum_name: $pg_name, label: label.to_owned() }),
                }
            }
        }

        impl ToSql<sql_types::$sql_type, Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                out.write_all(self.as_str().as_bytes())?;
                Ok(IsNull::No)
            }
        }

        impl FromSql<sql_types::$sql_type, Pg> for $name {
            fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
                let label = std::str::from_utf8(bytes.as_bytes())?;
                Ok(label.parse()?)
            }
        }
    };
}

pg_enum! {
    /// How much the learner already knows.
    SkillLevel => SkillLevel, "skill_level" {
        Beginner => "beginner",
        Intermediate => "intermediate",
        Advanced => "advanced",
    }
}

pg_enum! {
    /// The kind of material the learner prefers.
    LearningStyle => LearningStyle, "learning_style" {
        Reading => "reading",
        Video => "video",
        Practice => "practice",
        Mixed => "mixed",
    }
}

pg_enum! {
    /// Where a resource lives.
    ResourceType => ResourceType, "resource_type" {
        Youtube => "youtube",
        Article => "article",
        Course => "course",
        Doc => "doc",
        Other => "other",
    }
}

pg_enum! {
    /// A learner's progress on one task.
    ProgressStatus => ProgressStatus, "progress_status" {
        NotStarted => "not_started",
        InProgress => "in_progress",
        Completed => "completed",
    }
}

pg_enum! {
    /// The life cycle of a background job: pending -> processing -> completed | failed.
    JobStatus => JobStatus, "job_status" {
        Pending => "pending",
        Processing => "processing",
        Completed => "completed",
        Failed => "failed",
    }
}

pg_enum! {
    /// What a background job does.
    JobType => JobType, "job_type" {
        PlanGeneration => "plan_generation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_back_to_their_variant() {
        for status in JobStatus::ALL {
            assert_eq!(status.as_str().parse::<JobStatus>(), Ok(*status));
        }
        assert_eq!(
            "done".parse::<JobStatus>(),
            Err(UnknownVariant {
                enum_name: "job_status",
                label: "done".into()
            })
        );
    }
}
