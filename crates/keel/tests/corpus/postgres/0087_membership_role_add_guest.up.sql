-- Guests: external collaborators with access to shared albums only.
ALTER TYPE membership_role ADD VALUE 'guest' AFTER 'member';
