-- Customers can pause instead of cancelling. Nothing else may use 'paused'
-- in this transaction; the live-subscription index is updated next.
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'past_due';
