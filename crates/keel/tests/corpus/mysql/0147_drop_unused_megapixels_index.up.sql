-- The "large photos" filter was removed; the stored column stays, its index goes.
DROP INDEX idx_photos_megapixels ON photos;
