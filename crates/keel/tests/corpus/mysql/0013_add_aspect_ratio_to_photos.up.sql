-- Computed on read; never stored.
ALTER TABLE photos
  ADD COLUMN aspect_ratio DECIMAL(10,4) GENERATED ALWAYS AS (ROUND(width / NULLIF(height, 0), 4)) VIRTUAL AFTER height;
