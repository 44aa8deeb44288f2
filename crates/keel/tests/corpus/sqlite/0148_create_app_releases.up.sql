CREATE TABLE app_releases (
    platform       TEXT    NOT NULL CHECK (platform IN ('ios', 'android')),
    version        TEXT    NOT NULL,
    build          INTEGER NOT NULL,
    min_supported  INTEGER NOT NULL DEFAULT 0 CHECK (min_supported IN (0, 1)),
    released_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    notes          TEXT,
    PRIMARY KEY (platform, version)
);

CREATE UNIQUE INDEX app_releases_build_key ON app_releases (platform, build DESC);

INSERT INTO app_releases (platform, version, build, min_supported, released_at, notes) VALUES
    ('ios',     '4.0.0', 400,  1, '2024-02-20 09:00:00', 'Multi-photo posts; new editor'),
    ('android', '4.0.0', 4000, 1, '2024-02-21 09:00:00', 'Multi-photo posts; new editor'),
    ('ios',     '4.1.0', 410,  0, '2024-03-12 09:00:00', 'Collections; "Saved" tab');
