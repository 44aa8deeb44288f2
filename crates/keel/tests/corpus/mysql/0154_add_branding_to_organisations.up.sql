ALTER TABLE organisations
  ADD COLUMN branding JSON NOT NULL DEFAULT (JSON_OBJECT('primary_color', '#1f6feb', 'logo_key', NULL)) AFTER settings;
