CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member');
