CREATE TABLE photo_licenses (
    code                   varchar(32)  PRIMARY KEY,
    name                   text         NOT NULL,
    url                    text,
    allows_commercial_use  boolean      NOT NULL,
    requires_attribution   boolean      NOT NULL
);

INSERT INTO photo_licenses (code, name, url, allows_commercial_use, requires_attribution) VALUES
    ('all-rights-reserved', 'All rights reserved', NULL, false, false),
    ('cc-by-4.0',    'Creative Commons Attribution 4.0 International',
                     'https://creativecommons.org/licenses/by/4.0/', true, true),
    ('cc-by-sa-4.0', 'Creative Commons Attribution-ShareAlike 4.0 International',
                     'https://creativecommons.org/licenses/by-sa/4.0/', true, true),
    ('cc-by-nc-4.0', 'Creative Commons Attribution-NonCommercial 4.0 International',
                     'https://creativecommons.org/licenses/by-nc/4.0/', false, true),
    ('cc0-1.0',      'CC0 1.0 Universal (public domain dedication)',
                     'https://creativecommons.org/publicdomain/zero/1.0/', true, false);
