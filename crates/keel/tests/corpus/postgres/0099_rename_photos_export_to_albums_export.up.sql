/* Whole-library export is replaced by per-album export. The permission is
   renamed in place, so every existing grant (superuser; account_admin; any
   custom role) carries over with the same permission id. */
UPDATE permissions
SET code = 'albums.export',
    description = 'Download a ZIP of one album'
WHERE code = 'photos.export';
