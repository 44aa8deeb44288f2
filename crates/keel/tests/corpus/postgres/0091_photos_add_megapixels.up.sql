ALTER TABLE photos
    ADD COLUMN megapixels numeric(7,1)
        GENERATED ALWAYS AS (round((width::numeric * height::numeric) / 1000000, 1)) STORED;
