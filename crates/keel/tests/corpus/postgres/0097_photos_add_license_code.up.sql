ALTER TABLE photos
    ADD COLUMN license_code varchar(32) NOT NULL DEFAULT 'all-rights-reserved'
        REFERENCES photo_licenses (code) ON UPDATE CASCADE ON DELETE RESTRICT;
