-- New rows are checked at once; existing rows are validated separately (next
-- migration) so this step only needs a brief lock.
ALTER TABLE comments
    ADD CONSTRAINT comments_body_not_blank CHECK (btrim(body) <> '') NOT VALID;
