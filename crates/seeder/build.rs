// `embed_migrations!` reads the migrations folder at compile time; without this hint Cargo would
// not rebuild the seeder when a migration is added or edited, and the binary would silently ship
// the old schema.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
