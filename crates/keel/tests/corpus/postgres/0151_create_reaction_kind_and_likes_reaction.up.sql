CREATE TYPE reaction_kind AS ENUM ('like', 'love', 'haha', 'wow', 'sad');

-- Every existing like stays a plain 'like'.
ALTER TABLE likes ADD COLUMN reaction reaction_kind NOT NULL DEFAULT 'like';
