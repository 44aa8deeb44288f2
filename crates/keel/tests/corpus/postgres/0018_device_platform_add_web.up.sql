-- Web push (VAPID) subscriptions are stored alongside mobile tokens.
-- The new label can't be *used* in the transaction that adds it, so this
-- migration does nothing else.
ALTER TYPE device_platform ADD VALUE 'web' AFTER 'android';
