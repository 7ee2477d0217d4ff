//! Every Rust enum variant travels through the real database and back, and the Rust order is
//! the order Postgres declares (Postgres sorts enum values by declaration, so `ORDER BY status`
//! and Rust's `Ord` must agree).

mod common;

use diesel::prelude::*;
use diesel::sql_types::Text;
use schema::schema::sql_types;
use schema::{JobStatus, JobType, LearningStyle, ProgressStatus, ResourceType, SkillLevel};

use common::TestDb;

#[derive(QueryableByName)]
struct Label {
    #[diesel(sql_type = Text)]
    label: String,
}

/// The labels Postgres declares for `pg_type`, in declaration order.
fn declared_labels(conn: &mut PgConnection, pg_type: &str) -> Vec<String> {
    diesel::sql_query(format!(
        "SELECT unnest(enum_range(NULL::{pg_type}))::text AS label"
    ))
    .load::<Label>(conn)
    .unwrap()
    .into_iter()
    .map(|row| row.label)
    .collect()
}

/// Binds each variant as its Postgres enum, reads it back through `FromSql`, and checks that
/// Rust lists exactly the labels Postgres declares, in the same order.
macro_rules! assert_round_trips {
    ($conn:expr, $($rust:ident),+ $(,)?) => {$(
        for variant in $rust::ALL {
            let back: $rust = diesel::select(variant.into_sql::<sql_types::$rust>())
                .get_result($conn)
                .unwrap_or_else(|error| panic!("{} {variant:?}: {error}", $rust::PG_TYPE));
            assert_eq!(back, *variant);
        }
        let rust_labels: Vec<&str> = $rust::ALL.iter().map(|variant| variant.as_str()).collect();
        assert_eq!(declared_labels($conn, $rust::PG_TYPE), rust_labels, "{}", $rust::PG_TYPE);
    )+};
}

#[test]
fn every_enum_variant_round_trips_in_declaration_order() {
    let db = TestDb::migrated();
    let mut conn = db.conn();
    assert_round_trips!(
        &mut conn,
        SkillLevel,
        LearningStyle,
        ResourceType,
        ProgressStatus,
        JobStatus,
        JobType,
    );
}
