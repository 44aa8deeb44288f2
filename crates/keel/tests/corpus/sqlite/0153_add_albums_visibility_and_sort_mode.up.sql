ALTER TABLE albums ADD COLUMN visibility TEXT NOT NULL DEFAULT 'organisation'
    CHECK (visibility IN ('private', 'organisation', 'public'));
ALTER TABLE albums ADD COLUMN sort_mode TEXT NOT NULL DEFAULT 'manual'
    CHECK (sort_mode IN ('manual', 'taken_at', 'added_at'));

-- Albums whose photos are all public were effectively public already.
UPDATE albums
   SET visibility = 'public'
 WHERE EXISTS (SELECT 1 FROM album_items AS ai WHERE ai.album_id = albums.id)
   AND NOT EXISTS (SELECT 1
                     FROM album_items AS ai
                     JOIN photos AS ph ON ph.id = ai.photo_id
                    WHERE ai.album_id = albums.id
                      AND ph.visibility <> 'public');
