-- There is no "unvalidate": put the NOT VALID constraint back.
ALTER TABLE comments DROP CONSTRAINT comments_body_not_blank;
ALTER TABLE comments
    ADD CONSTRAINT comments_body_not_blank CHECK (btrim(body) <> '') NOT VALID;
