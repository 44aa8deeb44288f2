ALTER TABLE organisations ADD COLUMN default_visibility TEXT NOT NULL DEFAULT 'organisation'
    CHECK (default_visibility IN ('private', 'organisation', 'public'));
