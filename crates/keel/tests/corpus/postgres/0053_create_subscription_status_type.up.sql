CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled');
