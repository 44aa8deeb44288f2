ALTER TABLE api_keys ADD COLUMN scope_list TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(scope_list) AND json_type(scope_list) = 'array');

-- 'read,write' becomes ["read","write"]; an empty string stays [].
UPDATE api_keys
   SET scope_list = '["' || replace(replace(scopes, ' ', ''), ',', '","') || '"]'
 WHERE scopes <> '';
