-- Scans the table under SHARE UPDATE EXCLUSIVE; writes continue meanwhile.
ALTER TABLE comments VALIDATE CONSTRAINT comments_body_not_blank;
