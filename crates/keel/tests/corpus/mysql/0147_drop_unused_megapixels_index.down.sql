CREATE INDEX idx_photos_megapixels ON photos (megapixels);
