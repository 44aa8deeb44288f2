ALTER TABLE users
    ADD COLUMN locale     varchar(10)  NOT NULL DEFAULT 'en',
    ADD COLUMN time_zone  text         NOT NULL DEFAULT 'UTC';
