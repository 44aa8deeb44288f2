//! The second incident, as a fixture: photos with captions, then a batch that introduces posts
//! and drops `photos.caption` before copying it.

use super::{Engine, Project};

/// Photos (two captions and a NULL) migrated with a pre-migrate backup, and the bad batch
/// written but not yet applied.
pub fn photos_then_the_bad_batch(engine: Engine) -> Project {
    let p = Project::new(engine);
    p.migration(
        "0001_create_photos_table",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200));",
        "DROP TABLE photos;",
    );
    p.keel(&["migrate"]).expect_code(0);
    p.db.execute(
        "INSERT INTO photos (id, caption) VALUES (1, 'sunset'), (2, 'harbour'), (3, NULL)",
    );
    p.migration(
        "0002_introduce_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, photo_id INTEGER, caption VARCHAR(200));\n\
         ALTER TABLE photos DROP COLUMN caption;",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\nDROP TABLE posts;",
    );
    p
}
