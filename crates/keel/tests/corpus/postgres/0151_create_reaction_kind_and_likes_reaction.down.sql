ALTER TABLE likes DROP COLUMN reaction;
DROP TYPE reaction_kind;
