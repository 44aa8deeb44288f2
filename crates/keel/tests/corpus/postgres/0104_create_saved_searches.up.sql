-- Column names mirror the search API parameters, reserved words included.
CREATE TABLE saved_searches (
    id          bigserial    PRIMARY KEY,
    user_id     bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text         NOT NULL,
    "query"     text         NOT NULL,
    "order"     text         NOT NULL DEFAULT 'relevance'
                             CHECK ("order" IN ('relevance', 'newest', 'oldest')),
    "limit"     smallint     NOT NULL DEFAULT 20 CHECK ("limit" BETWEEN 1 AND 100),
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, name)
);
