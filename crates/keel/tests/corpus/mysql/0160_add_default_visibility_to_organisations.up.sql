-- Read from settings JSON; VIRTUAL so nothing is rewritten.
ALTER TABLE organisations
  ADD COLUMN default_visibility VARCHAR(16) GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(settings, '$.default_visibility'))) VIRTUAL AFTER branding;
