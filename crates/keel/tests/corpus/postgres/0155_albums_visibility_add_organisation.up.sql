-- New visibility level: visible to members of the owner's organisations.
ALTER TABLE albums DROP CONSTRAINT albums_visibility_check;
ALTER TABLE albums
    ADD CONSTRAINT albums_visibility_check
        CHECK (visibility IN ('private', 'unlisted', 'organisation', 'public'));
