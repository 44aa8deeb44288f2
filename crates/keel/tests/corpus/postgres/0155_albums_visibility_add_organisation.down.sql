-- 'organisation' can't exist before this migration; the closest older level
-- that doesn't widen access is 'private'.
UPDATE albums SET visibility = 'private' WHERE visibility = 'organisation';

ALTER TABLE albums DROP CONSTRAINT albums_visibility_check;
ALTER TABLE albums
    ADD CONSTRAINT albums_visibility_check
        CHECK (visibility IN ('private', 'unlisted', 'public'));
