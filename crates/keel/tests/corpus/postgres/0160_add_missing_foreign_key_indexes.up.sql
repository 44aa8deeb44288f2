/* Found with a catalog query for FK columns without a leading index; each of
   these made ON DELETE CASCADE / SET NULL on the parent scan the child table.
   Nullable "who did it" columns get partial indexes; most rows are NULL. */
CREATE INDEX memberships_invited_by_idx ON memberships (invited_by) WHERE invited_by IS NOT NULL;
CREATE INDEX user_roles_role_id_idx ON user_roles (role_id);
CREATE INDEX user_roles_granted_by_idx ON user_roles (granted_by) WHERE granted_by IS NOT NULL;
CREATE INDEX albums_owner_id_idx ON albums (owner_id);
CREATE INDEX albums_cover_photo_id_idx ON albums (cover_photo_id) WHERE cover_photo_id IS NOT NULL;
CREATE INDEX comments_author_id_idx ON comments (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX notifications_actor_id_idx ON notifications (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_logs_actor_id_idx ON audit_logs (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX subscriptions_plan_code_idx ON subscriptions (plan_code);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);
CREATE INDEX invoices_subscription_id_idx ON invoices (subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX webhook_endpoints_account_id_idx ON webhook_endpoints (account_id);
CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);
CREATE INDEX feature_flag_overrides_account_id_idx ON feature_flag_overrides (account_id);
CREATE INDEX share_links_album_id_idx ON share_links (album_id);
